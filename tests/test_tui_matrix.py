"""The Matrix screen: coverage counts shaded, rows by theme/country/agency, a cell's commitments."""

from __future__ import annotations

from textual.widgets import DataTable, OptionList
from tui_support import fixture_corpus, make_app, settle, sync

from compare.matrix import matrix


def counts(table: DataTable) -> dict[str, list[str]]:
    return {row.value: [c.plain.strip() for c in table.get_row(row)[1:]] for row in table.rows}


@sync
async def test_counts_match_the_engine_and_empty_rows_can_hide():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await settle(app, pilot)
        table = app.screen.query_one("#matrix", DataTable)
        corpus = fixture_corpus()
        order = ["hostile-2023", "harbour-plan-2024", "coastal-declaration-2025"]
        expected = matrix(corpus, order, by="theme")
        assert [r.value for r in table.rows] == list(expected.rows)
        await pilot.press("e")
        got = counts(table)
        assert got == {
            "fx-networks": ["1", "1", "1", "3"],
            "fx-money": ["·", "2", "1", "3"],
            "fx-patrols": ["2", "1", "1", "4"],
            "fx-data": ["2", "1", "1", "4"],
            "fx-shelter": ["·", "1", "1", "2"],
        }
        # shading: more commitments, a stronger background
        row = table.get_row("fx-patrols")
        assert row[1].style != row[2].style and "on #" in str(row[1].style)
        assert str(table.get_row("fx-money")[1].style) == "dim"


@sync
async def test_a_cell_lists_its_commitments_and_opens_one():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await settle(app, pilot)
        await pilot.press("e", "down", "right")  # Money trail x harbour-plan-2024
        box = app.screen.query_one("#m-cell", OptionList)
        listed = [str(box.get_option_at_index(i).prompt) for i in range(box.option_count)]
        assert "Money trail in harbour-plan-2024" in listed[0]
        assert [p.split("  ")[0] for p in listed[1:]] == ["seize-boats", "freeze-accounts"]
        await pilot.press("enter")
        assert app.focused is box
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.current_mode == "library"
        assert app.screen.shown_id == "harbour-plan-2024"


@sync
async def test_rows_by_country_and_agency():
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("4")
        await settle(app, pilot)
        await pilot.press("b")
        await settle(app, pilot)
        table = app.screen.query_one("#matrix", DataTable)
        assert table.get_row_at(0)[0].plain == "United Kingdom (GB)"
        labels = [table.get_row(r)[0].plain for r in table.rows]
        assert "Tunisia (TN)" in labels
        await pilot.press("b")
        await settle(app, pilot)
        got = counts(table)
        assert got["fx-harbour-police"] == ["·", "1", "2", "3"]
        assert table.get_row("fx-coastguard")[0].plain == "Coast Guard Service (fx-coastguard)"


@sync
async def test_shades_follow_the_colour_theme():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await settle(app, pilot)
        table = app.screen.query_one("#matrix", DataTable)
        before = str(table.get_row("fx-patrols")[2].style)  # one commitment: a light shade
        app.theme = "textual-light"
        await settle(app, pilot)
        after = str(table.get_row("fx-patrols")[2].style)
        assert before != after and "on #" in after
