"""What every screen shares: the bar on top, the footer, and a Markdown view for export."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Input

from compare.tui.widgets.nav import Nav


class AccordScreen(Screen):
    MODE = ""
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]

    def compose(self) -> ComposeResult:
        yield Nav(self.MODE)
        yield from self.body()
        yield Footer()

    def body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        if not self.app.cursor_blink:
            for box in self.query(Input):
                box.cursor_blink = False

    @property
    def corpus(self):
        return self.app.corpus

    def markdown(self) -> tuple[str, str] | None:
        """(file stem, Markdown) of what the screen shows, for export; None if nothing."""
        return None
