"""The bar at the top: the four screens (click or press 1-4) and what is loaded."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

SCREENS = (
    ("library", "Library"),
    ("search", "Search"),
    ("compare", "Compare"),
    ("matrix", "Matrix"),
)


class Nav(Widget):
    DEFAULT_CSS = """
    Nav { height: 1; dock: top; background: $panel; color: $text-muted; }
    """

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current

    def render(self) -> Content:
        # Only our own words and numbers go into this markup: no user data.
        parts = [" [b]Accord[/b]"]
        for n, (mode, label) in enumerate(SCREENS, 1):
            if mode == self.current:
                parts.append(f"[reverse $accent] {n} {label} [/]")
            else:
                parts.append(f"[@click=app.switch_to('{mode}')] [b]{n}[/b] {label} [/]")
        bad = len({p.file for p in self.app.corpus.problems})
        if bad:
            parts.append(
                f" [@click=app.problems][$warning]⚠ {bad} bad file{'s' if bad > 1 else ''}[/][/]"
            )
        return Content.from_markup("".join(parts))
