"""A long read-only text, wrapped to the width and drawn line by line.

A Static in a scroll container renders the whole text into strips on every update (about 100 ms
for the UN Protocol's 370 lines, twice: once to measure, once to draw). Here wrapping only finds
where each line breaks, and only the rows on screen are styled and drawn. Mouse selection and
copying work as in a Static.
"""

from __future__ import annotations

import re
from itertools import pairwise

from rich._wrap import divide_line
from rich.cells import cell_len, get_character_cell_size
from rich.text import Text
from textual.geometry import Size
from textual.selection import Selection
from textual.strip import Strip

from compare.tui.widgets.quietscroll import QuietScroll


class TextView(QuietScroll, can_focus=True):
    # A stable gutter: a scrollbar that comes would otherwise narrow the text and wrap it again.
    DEFAULT_CSS = "TextView { overflow-x: hidden; scrollbar-gutter: stable; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[Text] = []  # one per source line, no newlines inside
        self.rows: list[tuple[int, int, int]] = []  # (line, start, end) of each wrapped row
        self.tops: list[int] = []  # first row of each line
        self._width = -1  # the width rows were wrapped to
        self._cache: dict[int, Strip] = {}

    @property
    def text(self) -> Text:
        """Everything shown, as one Text (unwrapped)."""
        return Text("\n").join(self.lines)

    def update(self, lines: list[Text]) -> None:
        """Show these lines, scrolled to the top."""
        self.lines = split_lines(lines)
        self._width = -1
        if self.size.width:  # else the first draw wraps, at the width it is given
            self._wrap()
        self.scroll_to(y=0, animate=False)
        self.refresh()

    def row_of(self, line: int) -> int:
        """The first row a source line is drawn on."""
        self._wrap()
        return self.tops[line] if 0 <= line < len(self.tops) else 0

    def _wrap(self) -> None:
        width = self.scrollable_content_region.width or self.app.size.width
        if width == self._width:
            return
        self._width = width
        self._cache.clear()
        rows: list[tuple[int, int, int]] = []
        tops: list[int] = []
        for i, line in enumerate(self.lines):
            tops.append(len(rows))
            plain = line.plain
            one_cell = _one_cell_each(plain)
            if (len(plain) if one_cell else cell_len(plain)) <= width:
                rows.append((i, 0, len(plain)))
                continue
            starts = [0, *divide(plain, max(1, width), one_cell), len(plain)]
            rows.extend((i, a, b) for a, b in pairwise(starts) if b > a)
        self.rows, self.tops = rows, tops
        self.virtual_size = Size(width, len(rows))

    def _row_text(self, n: int) -> Text:
        i, start, end = self.rows[n]
        piece = self.lines[i][start:end]
        piece.rstrip_end(self._width)
        return piece

    def on_resize(self) -> None:
        self._wrap()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    def selection_updated(self, selection: Selection | None) -> None:
        self._cache.clear()
        self.refresh()

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        text = "\n".join(self._row_text(n).plain for n in range(len(self.rows)))
        return selection.extract(text), "\n"

    def render_line(self, y: int) -> Strip:
        self._wrap()
        scroll_x, scroll_y = self.scroll_offset
        n = scroll_y + y
        base = self.rich_style
        width = self.size.width
        if n >= len(self.rows):
            return Strip.blank(width, base)
        strip = self._cache.get(n)
        if strip is None:
            piece = self._row_text(n)
            piece.stylize_before(base)
            selection = self.text_selection
            span = selection.get_span(n) if selection is not None else None
            if span is not None:
                start, end = span
                style = self.screen.get_component_rich_style("screen--selection")
                piece.stylize(style, start, len(piece) if end == -1 else end)
            strip = Strip(piece.render(self.app.console), piece.cell_len)
            self._cache[n] = strip
        return strip.crop_extend(scroll_x, scroll_x + width, base).apply_offsets(scroll_x, n)


_WORD = re.compile(r"\s*\S+\s*")


def divide(text: str, width: int, one_cell: bool | None = None) -> list[int]:
    """Where rich's divide_line(text, width, fold=True) breaks a line, found faster when every
    character takes one cell (most text): the first screen wraps a whole agreement."""
    if not (_one_cell_each(text) if one_cell is None else one_cell):
        return divide_line(text, width, fold=True)
    breaks: list[int] = []
    offset = 0
    for match in _WORD.finditer(text):
        start, end = match.span()
        word = end - start
        length = len(match.group().rstrip())
        if width - offset >= length:
            offset += word
        elif length > width:  # longer than a line: folded into pieces of the width
            pieces = range(start, end, width)
            breaks.extend(p for p in pieces if p)
            offset = end - pieces[-1]
        elif offset and start:
            breaks.append(start)
            offset = word
    return breaks


def _one_cell_each(text: str) -> bool:
    if not text.isprintable():  # controls, and spaces other than " "
        return False
    return text.isascii() or all(get_character_cell_size(c) == 1 for c in set(text))


def split_lines(lines: list[Text]) -> list[Text]:
    """One Text per line: a Text with newlines inside becomes several."""
    if not any("\n" in line.plain for line in lines):
        return lines
    out: list[Text] = []
    for line in lines:
        out.extend(line.split("\n", allow_blank=True) if "\n" in line.plain else (line,))
    return out
