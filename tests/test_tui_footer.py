"""The footer rebuilds its keys only when they change; screens start in their width's layout."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding
from textual.widgets import Button, Input
from textual.widgets._footer import FooterKey
from tui_support import make_app, sync

from compare.tui.widgets.footer import KeysFooter


class Keyed(Button):
    BINDINGS = [Binding("k", "press", "Knock")]


class Holder(App):
    def compose(self):
        yield Input(id="one")
        yield Input(id="two")
        yield Keyed("keyed", id="keyed")
        yield KeysFooter()


def shown(app) -> list[str]:
    return [k.description for k in app.screen.query(FooterKey)]


@sync
async def test_the_footer_rebuilds_only_when_its_keys_change():
    app = Holder()
    async with app.run_test(size=(80, 10)) as pilot:
        footer = app.query_one(KeysFooter)
        app.query_one("#one").focus()
        await pilot.pause()
        rebuilt = []
        real = footer.recompose
        footer.recompose = lambda: rebuilt.append(1) or real()
        app.query_one("#two").focus()  # same keys: nothing rebuilt
        await pilot.pause()
        assert rebuilt == [] and "Knock" not in shown(app)
        app.query_one("#keyed").focus()  # a new key: rebuilt, and shown
        await pilot.pause()
        await pilot.pause()
        assert rebuilt == [1] and "Knock" in shown(app)
        app.query_one("#one").focus()
        await pilot.pause()
        await pilot.pause()
        assert rebuilt == [1, 1] and "Knock" not in shown(app)


def test_screens_start_in_their_width_layout_and_wrap_their_details_once(monkeypatch):
    from compare.tui.screens.library import LibraryScreen
    from compare.tui.widgets.textview import TextView

    wraps: list[int] = []
    real = TextView._wrap

    def wrap(self):
        before = self._width
        real(self)
        if self.id == "lib-detail" and self._width != before:
            wraps.append(self._width)

    monkeypatch.setattr(TextView, "_wrap", wrap)

    @sync
    async def run(size, name, other):
        wraps.clear()
        app = make_app()
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            assert app.screen.has_class(name) and not app.screen.has_class(other)
            assert LibraryScreen().has_class(name)  # before it is mounted, as a mode makes it
            # Textual's breakpoint class came after a first layout without it: the detail was
            # wrapped at one width, then at another once the scrollbar came.
            assert len(wraps) == 1, wraps

    run((80, 24), "-narrow", "-wide")
    run((160, 48), "-wide", "-narrow")


@sync
async def test_the_first_frame_has_the_footer_keys_and_nothing_is_rebuilt_as_the_app_starts():
    from compare.tui.widgets.footer import KeysFooter

    rebuilt = []
    real = KeysFooter.recompose

    async def spy(self):
        rebuilt.append(type(self.screen).__name__)
        return await real(self)

    KeysFooter.recompose = spy
    try:
        for mode in ("library", "search", "matrix"):
            app = make_app()
            async with app.run_test(size=(100, 30)) as pilot:
                await app.goto(mode)
                await pilot.pause()
                await pilot.pause()
                assert shown(app) and "Help" in shown(app), mode
        # Search starts in its query box, which takes the letter keys: its footer drops them once
        assert rebuilt == ["SearchScreen"]
    finally:
        KeysFooter.recompose = real


@sync
async def test_a_new_terminal_size_still_lays_the_screen_out_again():
    from compare.tui.widgets.textview import TextView

    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        detail = app.screen.query_one("#lib-detail", TextView)
        assert app.screen.has_class("-wide") and detail.region.x > 0  # beside the list
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert app.screen.has_class("-narrow") and detail.region.x == 0  # below it
        assert detail.region.right <= 80 and detail._width < 80
        await pilot.resize_terminal(160, 48)
        await pilot.pause()
        await pilot.pause()
        assert app.screen.has_class("-wide") and detail.region.x > 0
