"""Starting the app from `accord`: loading, failing cleanly, options; exports of every screen."""

from __future__ import annotations

import pytest
from tui_support import FIXTURE, make_app, settle, sync

from compare.cli import build_parser
from compare.cli.common import Fail
from compare.tui.app import build_app


def test_invalid_files_do_not_stop_the_app_but_strict_does(tmp_path):
    app = build_app(build_parser().parse_args(["--corpus", str(FIXTURE), "--no-cache"]))
    assert sorted(app.corpus.agreements) == [
        "coastal-declaration-2025",
        "harbour-plan-2024",
        "hostile-2023",
    ]
    assert {p.file.rsplit("/", 1)[-1] for p in app.corpus.problems} == {"broken.yaml"}
    with pytest.raises(Fail) as err:
        build_app(build_parser().parse_args(["--corpus", str(FIXTURE), "--strict"]))
    assert err.value.status == 2 and "broken.yaml" in str(err.value)
    with pytest.raises(Fail) as err:
        build_app(build_parser().parse_args(["--corpus", str(tmp_path / "missing")]))
    assert err.value.status == 2 and "not found" in str(err.value)


def test_export_dir_option_and_environment(tmp_path, monkeypatch):
    args = build_parser().parse_args(["--corpus", str(FIXTURE), "--export-dir", str(tmp_path)])
    assert build_app(args).export_dir == tmp_path
    monkeypatch.setenv("ACCORD_EXPORT_DIR", str(tmp_path / "env"))
    args = build_parser().parse_args(["--corpus", str(FIXTURE)])
    assert build_app(args).export_dir == tmp_path / "env"


@sync
async def test_every_screen_exports_what_it_shows(tmp_path):
    app = make_app(export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", *"seize")
        await settle(app, pilot)
        await pilot.press("ctrl+s", "escape", "3")
        await settle(app, pilot)
        await pilot.press("ctrl+s", "4")
        await settle(app, pilot)
        await pilot.press("e", "ctrl+s")
        await settle(app, pilot)
    files = {p.name: p.read_text() for p in tmp_path.iterdir()}
    assert sorted(files) == [
        "compare-harbour-plan-2024-coastal-declaration-2025.md",
        "matrix-theme.md",
        "search-seize.md",
    ]
    search = files["search-seize.md"]
    assert search.startswith("# Search: seize\n")
    assert "| harbour-plan-2024 | seize-boats | The parties will seize boats" in search
    compare = files["compare-harbour-plan-2024-coastal-declaration-2025.md"]
    assert "| **Sea patrols** | | |" in compare
    assert "joint-patrols" in compare and "90%" in compare and "daily-patrols" in compare
    matrix = files["matrix-theme.md"]
    assert "| Money trail |  | 2 | 1 | 3 |" in matrix
    assert "1. hostile-2023" in matrix


@sync
async def test_exported_markdown_escapes_user_text(tmp_path):
    app = make_app(export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", *"stop")
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    (text,) = [p.read_text() for p in tmp_path.iterdir()]
    assert "\\[@click=app.quit\\]here\\[/\\]" in text


@sync
async def test_search_in_one_agreement_from_the_library():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "s")
        await settle(app, pilot)
        assert app.current_mode == "search"
        assert app.screen.query_one("#q").value == "agreement:harbour-plan-2024 "
        assert {h.agreement.id for h in app.screen.hits} == {"harbour-plan-2024"}
        assert len(app.screen.hits) == 5


@sync
async def test_tiny_terminals_do_not_break_any_screen():
    for size in [(40, 12), (20, 6)]:
        app = make_app()
        async with app.run_test(size=size) as pilot:
            for key in [
                "1",
                "down",
                "2",
                *"smug",
                "escape",
                "down",
                "3",
                "n",
                "d",
                "4",
                "right",
                "f1",
            ]:
                await pilot.press(key)
                await settle(app, pilot)
            await pilot.press("escape")
            assert app.is_running


@sync
async def test_colour_themes_apply_to_every_screen_and_unchanged_colours_are_not_reparsed():
    from textual.css.stylesheet import Stylesheet

    parses = []
    real = Stylesheet.reparse
    Stylesheet.reparse = lambda self: parses.append(1) or real(self)
    try:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            parses.clear()
            await app.goto("search")  # a mode's first screen: same colours, nothing parsed again
            await pilot.pause()
            assert parses == []
            dark = app.screen.styles.background
            app.theme = "textual-light"
            await pilot.pause()
            await pilot.pause()
            light = app.screen.styles.background
            assert parses and light != dark
            await app.goto("matrix")  # made after the change: in the new colours
            await pilot.pause()
            assert app.screen.styles.background == light
            await app.goto("library")
            await pilot.pause()
            assert app.screen.styles.background == light
    finally:
        Stylesheet.reparse = real


def test_running_the_app_freezes_what_lasts_and_tests_do_not(monkeypatch):
    import gc

    from textual.app import App

    calls = []
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(App, "run", lambda self, *a, **k: calls.append("run") or 0)
    app = make_app()
    assert app.run(headless=True) == 0
    assert calls == ["freeze", "run"]  # frozen before Textual starts
