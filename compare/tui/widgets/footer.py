"""The footer: Textual's, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.widgets import Footer


class KeysFooter(Footer):
    """Textual's Footer rebuilds (unmounts and mounts) all its keys every time the screen says
    its bindings may have changed: twice for every focus change, so twice as the app starts
    (about 20 and 60 ms there). Here it rebuilds only when the keys it would show differ."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple | None = None
        # Textual's Footer shows no keys until the screen first says its bindings changed, then
        # rebuilds: one more mount, stylesheet update and frame before the app is ready. Here the
        # keys are there from the start, and rebuilt only if they differ once focus settles.
        self._bindings_ready = True

    def compose(self):
        self._shown = self._keys()
        yield from super().compose()

    def _keys(self) -> tuple:
        shown = [
            (b.key, b.action, b.description, enabled, tooltip, b.group)
            for (_, b, enabled, tooltip) in self.screen.active_bindings.values()
            if b.show
        ]
        return (self.show_command_palette, self.compact, *shown)

    def bindings_changed(self, screen) -> None:
        if self.is_attached and screen is self.screen and screen.app.app_focus:
            keys = self._keys()
            if keys == self._shown:
                return
            self._shown = keys
        super().bindings_changed(screen)
