"""A drop-down whose list of options is built when it opens, not each time the options change."""

from __future__ import annotations

from textual.widgets import Select


class FacetSelect(Select):
    """Search gives its facet drop-downs new options (with new counts) after every search.
    Select rebuilds its hidden option list each time, and that asks Textual to lay out the whole
    screen: the largest cost left between a keystroke and its results on screen. Here set_options
    only records the options; the list is built the next time the drop-down opens."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._list_stale = False

    def set_options(self, options) -> None:
        self._setup_variables_for_options(options)
        if self.expanded:
            self._setup_options_renderables()
        else:
            self._list_stale = True
        self._init_selected_option()

    def _watch_expanded(self, expanded: bool) -> None:
        if expanded and self._list_stale:
            self._list_stale = False
            self._setup_options_renderables()
        super()._watch_expanded(expanded)
