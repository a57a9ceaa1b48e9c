"""The app shell and the Library screen, driven with Textual's Pilot."""

from __future__ import annotations

from textual.widgets import Input, Static
from tui_support import FIXTURE, HOSTILE, fixture_corpus, make_app, shown, styled, sync

from compare.tui.widgets.line import Line
from compare.tui.widgets.resultlist import ResultList
from compare.tui.widgets.textview import TextView


@sync
async def test_library_lists_every_valid_agreement_and_names_the_bad_file():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert [a.id for a in app.screen.shown] == [
            "hostile-2023",
            "harbour-plan-2024",
            "coastal-declaration-2025",
        ]
        assert "1 bad file" in str(app.screen.query_one("Nav").render())
        notes = [str(n.message) for n in app._notifications]
        assert any("broken.yaml" in m for m in notes)
        await pilot.press("exclamation_mark")  # not bound: the app keeps running
        app.action_problems()
        await pilot.pause()
        text = shown(app.screen.query_one(Static))
        assert "broken.yaml" in text and "not-a-kind" in text
        await pilot.press("escape")
        assert type(app.screen).__name__ == "LibraryScreen"


@sync
async def test_filter_narrows_the_list_and_details_follow_the_cursor():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"coast")
        table = app.screen.query_one(ResultList)
        assert [a.id for a in app.screen.shown] == ["coastal-declaration-2025"]
        detail = app.screen.query_one("#lib-detail", TextView).text.plain
        assert detail.startswith("Coastal Declaration")
        assert "Parties (not a complete list)" in detail
        await pilot.press("enter")
        assert app.focused is table
        await pilot.press("slash", "ctrl+u", *"zzzz")
        assert table.row_count == 0 and app.screen.shown == []
        assert "0 of 3" in app.screen.query_one("#lib-count", Line).text.plain
        assert app.screen.query_one("#lib-detail", TextView).text.plain == ""


@sync
async def test_markup_and_escapes_in_user_text_show_literally():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.select("hostile-2023", "click")
        await pilot.pause()
        detail = screen.query_one("#lib-detail", TextView).text
        for needle in HOSTILE:
            assert needle in detail.plain, needle
        assert "\x1b" not in detail.plain and "\u202e" not in detail.plain
        # "[bold]not bold[/bold]": the words stay unstyled, the brackets stay visible
        at = detail.plain.index("not bold")
        assert not any("bold" in str(s.style) and s.start <= at < s.end for s in detail.spans), (
            "user text was styled"
        )
        # the title in the list is literal too, as drawn
        listing = screen.query_one(ResultList)
        assert "Markup [bold]test[/bold] agreement" in listing.line_text(0, 160).plain
        # and the app is still running after rendering [@click=app.quit]
        await pilot.press("down", "up")
        assert app.is_running


@sync
async def test_select_a_commitment_highlights_it_and_clears_the_filter():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"harbour")
        app.screen.select("coastal-declaration-2025", "warn-travellers")
        await pilot.pause()
        assert app.screen.query_one(Input).value == ""
        detail = app.screen.query_one("#lib-detail", TextView).text
        line = next(t for t in detail.split("\n") if "warn-travellers" in t.plain)
        assert styled(line, line.plain.index("warn-travellers"), "reverse")


@sync
async def test_help_lists_keys_of_every_screen():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        text = "\n".join(str(w.render()) for w in app.screen.query(Static))
        assert "Save .md" in text and "Ctrl+s" in text and "Filter" in text
        await pilot.press("escape")
        assert type(app.screen).__name__ == "LibraryScreen"


@sync
async def test_export_markdown_never_overwrites(tmp_path):
    app = make_app(export_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        (tmp_path / "hostile-2023.md").write_text("mine")
        await pilot.press("ctrl+s", "ctrl+s")
        await pilot.pause()
    from compare.render.agreement import markdown

    corpus = fixture_corpus()
    expected = markdown(corpus.agreements["hostile-2023"], corpus)
    assert (tmp_path / "hostile-2023.md").read_text() == "mine"
    assert (tmp_path / "hostile-2023-2.md").read_text() == expected
    assert (tmp_path / "hostile-2023-3.md").read_text() == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "hostile-2023-2.md",
        "hostile-2023-3.md",
        "hostile-2023.md",
    ]
    notes = [str(n.message) for n in app._notifications]
    assert any(str(tmp_path / "hostile-2023-3.md") in m for m in notes)


@sync
async def test_export_svg_and_refuse_to_write_into_the_corpus(tmp_path):
    app = make_app(export_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+g")
        await pilot.pause()
    (svg,) = tmp_path.iterdir()
    assert svg.name == "accord-library.svg" and svg.read_text().lstrip().startswith("<svg")

    before = sorted(p.name for p in (FIXTURE / "agreements").iterdir())
    app = make_app(export_dir=FIXTURE / "agreements")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+s", "ctrl+g")
        await pilot.pause()
    assert sorted(p.name for p in (FIXTURE / "agreements").iterdir()) == before
    notes = [str(n.message) for n in app._notifications]
    assert sum("inside the corpus" in m for m in notes) == 2
