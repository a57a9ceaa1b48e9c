"""The query box: an Input whose growing text does not re-lay out the screen."""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class QueryBox(Input):
    """Input sets its virtual size to the text's width on every change, and a widget's virtual
    size asks Textual to lay out the whole screen again: about a third of the time between a
    keystroke and its results on screen. The box's own size never depends on its text, so a
    repaint is enough; scrolling to the cursor reads the virtual size when it needs it."""

    virtual_size = Reactive(Size(0, 0), layout=False, repaint=True)
