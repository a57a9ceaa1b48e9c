"""The Search screen: live results from a thread worker, facets, highlights, open and compare."""

from __future__ import annotations

from textual.widgets import Input, Select
from tui_support import fixture_corpus, make_app, settle, styled, sync

from compare.search import find
from compare.tui.screens.search import LIMIT
from compare.tui.widgets.line import Line
from compare.tui.widgets.resultlist import ResultList
from compare.tui.widgets.textview import TextView


def cells(hits: ResultList, i: int):
    return hits.make_row(hits.rows[i])


def options(select: Select) -> dict:
    """A facet drop-down's options, value -> the text it shows, without the "Any ..." prompt."""
    return {v: p.plain for p, v in select._options if v != Select.NULL}


async def open_search(app, pilot, query: str = ""):
    await pilot.press("2")
    if query:
        await pilot.press(*query)
    await settle(app, pilot)
    return app.screen


@sync
async def test_results_follow_every_keystroke_and_match_the_engine():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_search(app, pilot, "seize")
        table = screen.query_one("#hits", ResultList)
        expected = find(fixture_corpus(), "seize", limit=LIMIT).hits
        assert table.row_count == len(expected) == 2
        got = [(h.agreement.id, h.commitment.id) for h in screen.hits]
        assert got == [(h.agreement.id, h.commitment.id) for h in expected]
        assert screen.query_one("#s-status", Line).text.plain.startswith("2 matches")
        await pilot.press("backspace", "backspace", "backspace", "backspace", "backspace")
        await pilot.press(*"freeze")
        await settle(app, pilot)
        assert [h.commitment.id for h in screen.hits] == ["freeze-accounts"]
        # the match is highlighted in the row and in the detail
        text = cells(table, 0)[1]
        assert styled(text, text.plain.index("freeze"), "underline")
        detail = screen.query_one("#s-detail", TextView).text
        at = detail.plain.index("freeze the bank")
        assert styled(detail, at, "underline") and not styled(detail, at + 7, "underline")
        assert "Harbour Action Plan (invented), Test Office" in detail.plain
        assert "https://example.org/harbour-plan" in detail.plain


@sync
async def test_only_the_last_query_is_shown_when_typing_fast():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        screen = app.screen
        box = screen.query_one("#q", Input)
        for q in ["s", "sm", "smu", "smug", "smugg", "smuggle", "smugglers"]:
            box.value = q  # no pause between: earlier workers are cancelled or ignored
        await settle(app, pilot)
        expected = find(fixture_corpus(), "smugglers", limit=LIMIT).hits
        assert [h.commitment.id for h in screen.hits] == [h.commitment.id for h in expected]
        assert screen.query_one("#hits", ResultList).row_count == len(expected)


@sync
async def test_facet_pickers_filter_and_show_counts():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_search(app, pilot)
        theme = screen.query_one("#f-theme", Select)
        assert options(theme)["fx-data"] == "Data exchange  4"
        theme.value = "fx-data"
        await settle(app, pilot)
        assert sorted(h.commitment.id for h in screen.hits) == [
            "click",
            "link",
            "share-data",
            "share-passenger-data",
        ]
        country = screen.query_one("#f-country", Select)
        counts = options(country)
        assert counts["GB"] == "United Kingdom (GB)  4"
        assert counts["IT"] == "Italy (IT)  1"
        country.value = "IT"
        await settle(app, pilot)
        assert [h.commitment.id for h in screen.hits] == ["share-data"]
        await pilot.press("escape", "x")  # leave the query box, clear the facets
        await settle(app, pilot)
        assert theme.value == Select.NULL and country.value == Select.NULL
        assert screen.browsing and len(screen.hits) == len(list(fixture_corpus().commitments()))


@sync
async def test_palette_theme_jump_sets_the_facet():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.search_facet("agency", "fx-coastguard")
        await settle(app, pilot)
        screen = app.screen
        assert screen.query_one("#f-agency", Select).value == "fx-coastguard"
        assert sorted(h.commitment.id for h in screen.hits) == ["daily-patrols", "joint-patrols"]


@sync
async def test_a_bad_query_says_why_and_keeps_the_last_results():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_search(app, pilot, "patrols")
        before = list(screen.hits)
        await pilot.press(*' "unclosed')
        await settle(app, pilot)
        status = screen.query_one("#s-status", Line).text.plain
        assert status.startswith("Query error: unclosed quote")
        assert screen.hits == before


@sync
async def test_hostile_text_is_literal_in_results_and_detail():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_search(app, pilot, "stop")
        table = screen.query_one("#hits", ResultList)
        assert cells(table, 0)[1].plain == "Press [@click=app.quit]here[/] to stop smuggling."
        # drawn on screen as it is, too
        assert "[@click=app.quit]here[/]" in table.line_text(0, 120).plain
        detail = screen.query_one("#s-detail", TextView).text.plain
        assert "[@click=app.quit]here[/]" in detail and "Source [@click=app.quit]quit[/]" in detail
        await pilot.press("escape", "enter")
        assert app.is_running


@sync
async def test_open_and_compare_from_a_hit():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_search(app, pilot, "travellers")
        await pilot.press("escape", "o")
        await pilot.pause()
        assert app.current_mode == "library"
        detail = app.screen.query_one("#lib-detail", TextView).text
        line = next(t for t in detail.split("\n") if "warn-travellers" in t.plain)
        assert styled(line, line.plain.index("warn-travellers"), "reverse")

        await pilot.press("2", "escape", "c")
        await settle(app, pilot)
        assert app.current_mode == "compare"
        assert app.screen.picked_ids() == ("coastal-declaration-2025", None)
        assert app.focused is app.screen.query_one("#pick-b")


@sync
async def test_a_search_typed_while_the_index_builds_shows_it_is_loading():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.index_ready.clear()  # as if the background build had not finished
        await pilot.press("2", *"seize")
        for _ in range(50):
            await pilot.pause(0.01)
            if app.screen.query_one("#hits", ResultList).loading:
                break
        screen = app.screen
        assert screen.query_one("#hits", ResultList).loading
        assert "index" in screen.query_one("#s-status", Line).text.plain
        app.index_ready.set()
        await settle(app, pilot)
        assert not screen.query_one("#hits", ResultList).loading
        assert [h.commitment.id for h in screen.hits][:1] and screen.query_one(
            "#s-status", Line
        ).text.plain.startswith("2 matches")


@sync
async def test_facet_drop_downs_build_their_lists_only_when_opened():
    from compare.tui.widgets.facetselect import FacetSelect

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_search(app, pilot)
        country = screen.query_one("#f-country", FacetSelect)
        built = []
        real = country._setup_options_renderables
        country._setup_options_renderables = lambda: built.append(1) or real()
        for query in ("seize", "data", "smuggl"):
            screen.query_one("#q", Input).value = query
            await settle(app, pilot)
        assert built == []  # new counts after each search, no list built
        counts = list(options(country).values())
        country.focus()
        await pilot.press("enter")  # open it: the list is built, with the latest counts
        await pilot.pause()
        assert built == [1] and country.expanded
        overlay = country.query_one("SelectOverlay")
        shown = [overlay.get_option_at_index(i).prompt for i in range(overlay.option_count)]
        assert [getattr(p, "plain", p) for p in shown[1:]] == counts
        await pilot.press("down", "down", "enter")  # the first country
        await settle(app, pilot)
        first = next(iter(options(country)))
        assert country.value == first and not country.expanded
        expected = find(fixture_corpus(), "smuggl", limit=LIMIT, country=first).hits
        assert [h.commitment.id for h in screen.hits] == [h.commitment.id for h in expected]
        await pilot.press("enter")  # new counts with the country chosen: built again on opening
        await pilot.pause()
        assert built == [1, 1]
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("enter")  # nothing new since: not built again
        await pilot.pause()
        assert built == [1, 1] and country.expanded


@sync
async def test_with_nothing_asked_the_list_browses_the_corpus_in_order():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_search(app, pilot)
        corpus = fixture_corpus()
        order = [(a.id, c.id) for a, c in corpus.commitments()][:LIMIT]
        assert screen.browsing and [(h.agreement.id, h.commitment.id) for h in screen.hits] == order
        hits = screen.query_one("#hits", ResultList)
        assert cells(hits, 0)[0].plain == ""  # no score: nothing was ranked
        assert screen.query_one("#s-status", Line).text.plain.startswith("Words match fuzzily")
        detail = screen.query_one("#s-detail", TextView).text.plain
        assert order[0][1] in detail and "score" not in detail
        await pilot.press(*"seize")
        await settle(app, pilot)
        assert not screen.browsing and cells(hits, 0)[0].plain.strip().isdigit()
        await pilot.press(*["backspace"] * 5)
        await settle(app, pilot)
        assert screen.browsing and len(screen.hits) == len(order)
