"""A ScrollView whose content can grow and shrink without a layout of the whole screen."""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.scroll_view import ScrollView


class QuietScroll(ScrollView):
    """A widget's virtual size asks Textual to lay out the whole screen when it changes: 10 ms
    or more at 120x40, on every keystroke in Search (new results) and on every detail shown.
    A ScrollView's own size never depends on its content, so only its scrollbars need to know:
    they are updated here, and a scrollbar that appears or goes still asks for the layout."""

    virtual_size = Reactive(Size(0, 0), layout=False, repaint=True)

    def watch_virtual_size(self, size: Size) -> None:
        if self.is_mounted:
            self._scroll_update(size)  # what a layout would do for a ScrollView's content
