"""A list of result rows in fixed columns, drawn line by line: only the rows on screen are drawn,
and nothing is measured, so replacing the rows on every keystroke stays cheap (a DataTable of a
few hundred rows costs tens of milliseconds to refill)."""

from __future__ import annotations

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from compare.tui.widgets.quietscroll import QuietScroll


class ResultList(QuietScroll, can_focus=True):
    COMPONENT_CLASSES = {"results--cursor"}
    DEFAULT_CSS = """
    ResultList { background: $surface; overflow-x: hidden; scrollbar-gutter: stable; }
    ResultList > .results--cursor { background: $boost; }
    ResultList:focus > .results--cursor { background: $accent 40%; text-style: bold; }
    """
    BINDINGS = [
        Binding("up,k", "move(-1)", "Up", show=False),
        Binding("down,j", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
        Binding("enter", "select", "Select", show=False),
    ]

    cursor = reactive(0, always_update=True)

    class Highlighted(Message):
        def __init__(self, source: ResultList, index: int) -> None:
            super().__init__()
            self.source, self.index = source, index

        @property
        def control(self) -> ResultList:
            return self.source

    class Selected(Highlighted):
        pass

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list = []  # items; make_row turns one into cells when it comes into view
        self.make_row = lambda item: tuple(cell.copy() for cell in item)
        self.widths: list[int] = []  # the last column takes what is left
        self._cache: dict[int, Strip] = {}
        self._styles = None  # (base, cursor): looking styles up per line is costly

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def set_widths(self, widths: list[int]) -> None:
        self.widths = widths
        self._cache.clear()
        self.refresh()

    def set_rows(self, rows: list, make_row=None) -> None:
        """Show `rows`; make_row(row) -> tuple of new Text cells (the list changes them), called
        only for rows drawn. Without make_row, each row is a tuple of Text cells, copied."""
        self.rows = rows
        # Cells are cut and padded in place: make_row gives fresh ones, or they are copied here.
        self.make_row = make_row or (lambda item: tuple(cell.copy() for cell in item))
        self._cache.clear()
        size = Size(self.scrollable_content_region.width, len(rows))
        if size != self.virtual_size:  # an unchanged size must not redraw the scrollbar
            self.virtual_size = size
        if self.scroll_offset.y:
            self.scroll_to(y=0, animate=False)
        self.set_reactive(ResultList.cursor, 0)  # quietly: new rows are not a move
        self.refresh()

    def line_text(self, index: int, width: int) -> Text:
        """One row as a single line of `width` cells: each column cut to its width. The cells
        make_row returns are the list's to change (they are made afresh for each draw)."""
        row = self.make_row(self.rows[index])
        line = Text(end="")
        used = 0
        widths = self.widths
        last = len(row) - 1
        for i, cell in enumerate(row):
            w = max(0, width - used) if i == last or i >= len(widths) else widths[i]
            if w > 0:
                size = cell.cell_len
                if size > w:
                    cell.truncate(w, overflow="ellipsis")
                    size = cell.cell_len
                if size < w:
                    cell.pad_right(w - size)  # in the cell's own style, as before
                line.append_text(cell)
            used += w
            if i != last:
                line.append(" ")
                used += 1
        size = line.cell_len  # a column wider than the line itself, say
        if size > width:
            line.truncate(width)
        elif size < width:
            line.append(" " * (width - size))
        return line

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None
        self._cache.clear()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        n = scroll_y + y
        width = self.scrollable_content_region.width
        if self._styles is None:
            self._styles = (self.rich_style, self.get_component_rich_style("results--cursor"))
        base, cursor = self._styles
        if n >= len(self.rows) or width <= 0:
            return Strip.blank(self.size.width, base)
        strip = self._cache.get(n)
        if strip is None or strip.cell_length != width:
            text = self.line_text(n, width)
            strip = Strip(list(Segment.apply_style(text.render(self.app.console), base)), width)
            self._cache[n] = strip
        if n == self.cursor:  # over the row's own colours, not under them
            strip = Strip(Segment.apply_style(list(strip), post_style=cursor), strip.cell_length)
        # No apply_offsets: rows are picked with the cursor, not selected as text, and the offsets
        # cost a tenth of drawing a row.
        return strip.crop_extend(0, self.size.width, base)

    def on_resize(self, event: events.Resize) -> None:
        self._cache.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.rows))

    # -- the cursor ---------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh()
        if 0 <= new < len(self.rows):
            self.scroll_to_region(Region(0, new, 1, 1), animate=False, force=True)
            self.post_message(self.Highlighted(self, new))

    def go(self, index: int) -> None:
        """Put the cursor on a row without announcing it (the caller shows what it needs)."""
        if 0 <= index < len(self.rows):
            self.set_reactive(ResultList.cursor, index)
            self.scroll_to_region(Region(0, index, 1, 1), animate=False, force=True)
            self.refresh()

    def action_move(self, delta: int) -> None:
        if self.rows:
            self.cursor = max(0, min(len(self.rows) - 1, self.cursor + delta))

    def action_page(self, direction: int) -> None:
        self.action_move(direction * max(1, self.size.height - 1))

    def action_jump(self, where: int) -> None:
        if self.rows:
            self.cursor = len(self.rows) - 1 if where < 0 else 0

    def action_select(self) -> None:
        if self.rows:
            self.post_message(self.Selected(self, self.cursor))

    def on_click(self, event: events.Click) -> None:
        n = event.y + self.scroll_offset.y
        if 0 <= n < len(self.rows):
            if n == self.cursor and event.chain > 1:
                self.post_message(self.Selected(self, n))
            self.cursor = n
