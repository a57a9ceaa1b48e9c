"""One small writer for terminal text: rich styling on a terminal, plain aligned text otherwise.

Rich is imported only when drawing for a terminal; piped output and NO_COLOR pay nothing for it.
Every piece of user text passes through `safe` and reaches rich as a Text, never as markup.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TextIO

from compare.safe import block, inline, width

Part = str | tuple[str, str]  # plain text, or (text, style)


def wants_color(stream: TextIO) -> bool:
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


class Writer:
    def __init__(self, stream: TextIO | None = None, *, color: bool | None = None):
        self.stream = stream or sys.stdout
        self.color = wants_color(self.stream) if color is None else color
        self._console = None

    @property
    def console(self):
        if self._console is None:
            from rich.console import Console

            self._console = Console(
                file=self.stream, highlight=False, markup=False, emoji=False, force_terminal=True
            )
        return self._console

    def _text(self, parts: Sequence[Part], *, multiline: bool = False):
        from rich.text import Text

        text = Text()
        for p in parts:
            s, style = (p, "") if isinstance(p, str) else p
            text.append(block(s) if multiline else inline(s), style=style or None)
        return text

    def line(self, *parts: Part, multiline: bool = False) -> None:
        if self.color:
            self.console.print(self._text(parts, multiline=multiline))
        else:
            clean = block if multiline else inline
            self.stream.write(
                "".join(clean(p if isinstance(p, str) else p[0]) for p in parts) + "\n"
            )

    def blank(self) -> None:
        self.stream.write("\n")

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[Part]],
        *,
        right: Sequence[int] = (),
        wrap: int | None = None,
    ) -> None:
        """Columns aligned in terminal cells (wide scripts count double)."""
        if self.color:
            from rich import box
            from rich.table import Table

            table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, show_edge=False)
            for i, h in enumerate(headers):
                table.add_column(
                    h,
                    justify="right" if i in right else "left",
                    overflow="fold",
                    no_wrap=wrap is not None and i != wrap,
                    ratio=1 if i == wrap else None,
                )
            for row in rows:
                table.add_row(*(self._text([cell]) for cell in row))
            self.console.print(table)
            return
        cells = [[inline(c if isinstance(c, str) else c[0]) for c in row] for row in rows]
        widths = [width(h) for h in headers]
        for row in cells:
            for i, c in enumerate(row):
                widths[i] = max(widths[i], width(c))

        def fmt(row: Sequence[str]) -> str:
            out = []
            for i, c in enumerate(row):
                pad = " " * (widths[i] - width(c))
                last = i == len(row) - 1
                out.append(pad + c if i in right else (c if last else c + pad))
            return "  ".join(out).rstrip()

        self.stream.write(fmt(headers) + "\n")
        for row in cells:
            self.stream.write(fmt(row) + "\n")
