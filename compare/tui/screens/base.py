"""What every screen shares: the bar on top, the footer, and a Markdown view for export."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Input

from compare.tui.widgets.footer import KeysFooter
from compare.tui.widgets.nav import Nav


class AccordScreen(Screen):
    MODE = ""
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]

    def __init__(self) -> None:
        # The width's breakpoint class from the start: Textual adds it on the first resize, after
        # a first frame laid out (and its text wrapped) for no breakpoint, then all done again.
        width = self.app.size.width  # the running app's (no instance state needed)
        fits = [name for at, name in sorted(self.HORIZONTAL_BREAKPOINTS) if width >= at]
        super().__init__(classes=fits[-1] if fits else None)

    def _screen_resized(self, size) -> None:
        # Textual sends a screen a Resize just after laying it out to show it, at that same size,
        # and lays the whole screen out again: a tenth of the app's start. Only a new size (or a
        # screen not laid out yet) needs the layout.
        if size == self._compositor.size:
            return
        super()._screen_resized(size)

    def compose(self) -> ComposeResult:
        yield Nav(self.MODE)
        yield from self.body()
        yield KeysFooter()

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
