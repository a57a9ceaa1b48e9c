"""Two columns of text, row by row, wrapped to the width: the Line API, so only what is on
screen is drawn however long the agreements are."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from rich.segment import Segment
from rich.text import Text
from textual import events, work
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

MID = 6  # the middle column: similarity
BIG = 400  # rows past which wrapping runs in a thread


def lay_out(rows, empty: Text, width: int, console):
    """Wrap every row to the columns: (first line of each row, [(row, left, right)] lines)."""
    col = max(8, (width - MID) // 2)
    tops: list[int] = []
    lines: list[tuple[int, Text | None, Text | None]] = []
    for i, row in enumerate(rows):
        tops.append(len(lines))
        if row.kind == "heading":
            if i:
                lines.append((i, None, None))  # a blank line between groups
            lines.append((i, row.left, None))
            continue
        left = list(row.left.wrap(console, col)) if row.left is not None else []
        right = list(row.right.wrap(console, col)) if row.right is not None else []
        for n in range(max(len(left), len(right), 1)):
            lines.append(
                (i, left[n] if n < len(left) else None, right[n] if n < len(right) else None)
            )
    if not rows:
        lines.extend((-1, line, None) for line in empty.wrap(console, width))
    return tops, lines


@dataclass
class Row:
    kind: str  # "heading" | "pair" | "a" | "b"
    left: Text | None = None
    right: Text | None = None
    mid: str = ""
    differs: bool = False
    key: object = None  # what the row stands for (a Pair, a Commitment, a taxonomy id)


class SideBySide(ScrollView, can_focus=True):
    COMPONENT_CLASSES = {"sbs--cursor", "sbs--heading", "sbs--gap", "sbs--mid"}
    DEFAULT_CSS = """
    SideBySide { background: $surface; scrollbar-gutter: stable; overflow-x: hidden; }
    SideBySide > .sbs--cursor { background: $boost; }
    SideBySide:focus > .sbs--cursor { background: $accent 25%; }
    SideBySide > .sbs--heading { color: $text-accent; text-style: bold; }
    SideBySide > .sbs--gap { background: $panel; }
    SideBySide > .sbs--mid { color: $text-muted; }
    """
    BINDINGS = [
        Binding("up,k", "move(-1)", "Up", show=False),
        Binding("down,j", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "edge(0)", "First", show=False),
        Binding("end", "edge(1)", "Last", show=False),
    ]

    cursor = reactive(0, always_update=True)

    class Moved(Message):
        def __init__(self, row: Row | None) -> None:
            super().__init__()
            self.row = row

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[Row] = []
        self.empty_text = Text()
        self._width = 0
        self._tops: list[int] = []  # first line of each row
        self._lines: list[tuple[int, Text | None, Text | None]] = []  # (row, left, right)
        self._pending_cursor: int | None = None

    # -- content ------------------------------------------------------------------------------

    def set_rows(self, rows: list[Row], empty: Text | None = None, cursor: int | None = None):
        self.rows = rows
        self.empty_text = empty or Text()
        first = next((i for i, r in enumerate(rows) if r.kind != "heading"), 0)
        self._pending_cursor = first if cursor is None else cursor
        self._width = 0
        self._layout()

    def _layout(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._width:
            return
        self._width = width
        if len(self.rows) > BIG:  # wrapping thousands of texts takes seconds: not on the loop
            # Nothing is drawn from the old lines meanwhile: a note instead.
            note = Text(f"Laying out {len(self.rows):,} rows…", style="dim")
            self._tops, self._lines = [], [(-1, note, None)]
            self.virtual_size = Size(width, 1)
            self.refresh()
            self._layout_in_thread(self.rows, width)
        else:
            self._apply(
                self.rows, width, *lay_out(self.rows, self.empty_text, width, self.app.console)
            )

    @work(thread=True, exclusive=True, group="layout")
    def _layout_in_thread(self, rows: list[Row], width: int) -> None:
        found = lay_out(rows, self.empty_text, width, self.app.console)
        self.app.call_from_thread(self._apply, rows, width, *found)

    def _apply(self, rows, width, tops, lines) -> None:
        if rows is not self.rows or width != self._width:
            return  # laid out for rows or a width since replaced
        self._tops, self._lines = tops, lines
        self.virtual_size = Size(width, len(lines))
        if self._pending_cursor is not None:
            self.cursor = self._pending_cursor
            self._pending_cursor = None
            self.scroll_to(y=0, animate=False)
        self.refresh()
        self.call_after_refresh(self.show_cursor)

    def on_resize(self, event: events.Resize) -> None:
        self._layout()

    # -- drawing ------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.size.width
        base = self.rich_style
        n = scroll_y + y
        if n >= len(self._lines):
            return Strip.blank(width, base)
        i, left, right = self._lines[n]
        strip = self._strip(i, left, right, n)
        strip = strip.crop_extend(scroll_x, scroll_x + width, base)
        return strip.apply_offsets(scroll_x, n)

    def _strip(self, i: int, left: Text | None, right: Text | None, n: int) -> Strip:
        width = self._width
        col = max(8, (width - MID) // 2)
        console = self.app.console
        base = self.rich_style
        if i < 0 or self.rows[i].kind == "heading":
            text = (left or Text()).copy()
            if i >= 0:
                text.stylize(self.get_component_rich_style("sbs--heading"))
            text.align("left", width)
            return Strip(list(Segment.apply_style(text.render(console), base)))
        row = self.rows[i]
        gap = self.get_component_rich_style("sbs--gap")
        first = n == self._tops[i]
        mid = Text(f" {row.mid:>4} " if first else " " * MID, style="")
        mid.stylize(self.get_component_rich_style("sbs--mid"))
        mid.align("left", MID)
        cells = []
        for side, text in (("a", left), ("b", right)):
            cell = (text or Text()).copy()
            cell.align("left", col)
            missing = (side == "a" and row.left is None) or (side == "b" and row.right is None)
            if missing:
                cell.stylize(gap)
            cells.append(cell)
        line = Text.assemble(cells[0], mid, cells[1])
        line.align("left", width)
        segments = list(Segment.apply_style(line.render(console), base))
        if i == self.cursor:
            segments = list(Segment.apply_style(segments, post_style=self._cursor_style()))
        return Strip(segments)

    def _cursor_style(self):
        style = self.get_component_rich_style("sbs--cursor")
        return style.background_style if style.bgcolor else style

    # -- the cursor ---------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh()
        self.post_message(self.Moved(self.rows[new] if 0 <= new < len(self.rows) else None))

    def show_cursor(self) -> None:
        if not self.rows or not self._tops or self.cursor >= len(self._tops):
            return
        top = self._tops[self.cursor]
        end = self._tops[self.cursor + 1] if self.cursor + 1 < len(self._tops) else len(self._lines)
        # the theme heading above the first row of a group stays in view too
        if self.cursor > 0 and self.rows[self.cursor - 1].kind == "heading":
            top = self._tops[self.cursor - 1]
        self.scroll_to_region(Region(0, top, 1, end - top), animate=False, force=True)

    def go(self, index: int) -> None:
        if 0 <= index < len(self.rows):
            self.cursor = index
            self.show_cursor()

    def _step(self, start: int, delta: int, test) -> int | None:
        i = start + delta
        while 0 <= i < len(self.rows):
            if self.rows[i].kind != "heading" and test(self.rows[i]):
                return i
            i += delta
        return None

    def action_move(self, delta: int) -> None:
        found = self._step(self.cursor, delta, lambda r: True)
        if found is not None:
            self.go(found)

    def action_page(self, direction: int) -> None:
        target = (
            self._tops[self.cursor] + direction * max(1, self.size.height - 1) if self._tops else 0
        )
        index = max(0, min(len(self.rows) - 1, bisect_right(self._tops, target) - 1))
        found = index if self.rows and self.rows[index].kind != "heading" else None
        found = found if found is not None else self._step(index, direction, lambda r: True)
        if found is not None:
            self.go(found)

    def action_edge(self, end: int) -> None:
        found = self._step(len(self.rows) if end else -1, -1 if end else 1, lambda r: True)
        if found is not None:
            self.go(found)

    def next_difference(self, delta: int) -> bool:
        found = self._step(self.cursor, delta, lambda r: r.differs)
        if found is None:
            return False
        self.go(found)
        return True

    def on_click(self, event: events.Click) -> None:
        n = event.y + self.scroll_offset.y
        if 0 <= n < len(self._lines) and self._lines[n][0] >= 0:
            i = self._lines[n][0]
            if self.rows[i].kind != "heading":
                self.cursor = i
