"""User text for widgets: always rich Text built from safe strings, never markup.

In Textual 8 a plain str given to a DataTable cell, a Tree label, a palette hit or notify() is parsed
as markup, so `[@click=app.quit]` in a commitment would become an action. Everything shown here goes
through compare.safe (controls become visible escapes) and into a Text object.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.text import Text

from compare.safe import block, inline

Part = str | tuple[str, str]


def plain(value: object, style: str = "") -> Text:
    """One line of user data, shown literally."""
    return Text(inline(value), style=style)


def para(value: object, style: str = "") -> Text:
    """Multi-line user data, shown literally (newlines kept)."""
    return Text(block(value), style=style)


def join(parts: Iterable[Part]) -> Text:
    text = Text()
    for p in parts:
        s, style = (p, "") if isinstance(p, str) else p
        text.append(inline(s), style=style or None)
    return text


def highlighted(value: str, spans: Sequence[tuple[int, int]], style: str, base: str = "") -> Text:
    """`value` with the character ranges `spans` styled. Offsets are into the raw string; each piece
    is escaped on its own so the highlight still lands on the right characters."""
    text = Text(style=base)
    pos = 0
    for start, end in sorted(spans):
        start, end = max(start, pos), min(end, len(value))
        if start >= end:
            continue
        text.append(inline(value[pos:start]))
        text.append(inline(value[start:end]), style=style)
        pos = end
    text.append(inline(value[pos:]))
    return text


class TextWriter:
    """Collects what compare.render writes (line/blank) into one Text, so the app shows exactly
    what `accord show` prints."""

    color = True

    def __init__(self) -> None:
        self.lines: list[Text] = []

    def line(self, *parts: Part, multiline: bool = False) -> None:
        text = Text()
        for p in parts:
            s, style = (p, "") if isinstance(p, str) else p
            text.append(block(s) if multiline else inline(s), style=style or None)
        self.lines.append(text)

    def blank(self) -> None:
        self.lines.append(Text())

    def text(self) -> Text:
        return Text("\n").join(self.lines)
