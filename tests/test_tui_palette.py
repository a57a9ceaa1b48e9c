"""The command palette: agreements, commitments, themes, countries and agencies, shown literally."""

from __future__ import annotations

from textual.command import CommandList
from textual.widgets import Select
from tui_support import make_app, settle, sync


async def palette(app, pilot, query: str) -> list[str]:
    await pilot.press("ctrl+p")
    await pilot.press(*query)
    await pilot.pause(0.6)
    await settle(app, pilot)
    found = app.screen.query_one(CommandList)
    return [str(found.get_option_at_index(i).prompt) for i in range(found.option_count)]


@sync
async def test_jump_to_an_agreement():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        listed = await palette(app, pilot, "coastal decl")
        assert listed[0].startswith("agreement  coastal-declaration-2025  Coastal Declaration")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.current_mode == "library"
        assert app.screen.shown_id == "coastal-declaration-2025"


@sync
async def test_commitment_hits_are_literal_and_open_the_commitment():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        listed = await palette(app, pilot, "app.quit")
        hit = "commitment hostile-2023/click  Press [@click=app.quit]here[/] to stop smuggling."
        assert hit in listed
        await pilot.press(*["down"] * listed.index(hit), "enter")
        await settle(app, pilot)
        assert app.is_running
        assert app.screen.target == ("hostile-2023", "click")


@sync
async def test_themes_countries_and_agencies_open_a_filtered_search():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for query, facet, value in [
            ("money trail", "theme", "fx-money"),
            ("tunisia", "country", "TN"),
            ("coast guard serv", "agency", "fx-coastguard"),
        ]:
            listed = await palette(app, pilot, query)
            kind = listed[0].split()[0]
            assert kind == facet, listed[:3]
            await pilot.press("enter")
            await settle(app, pilot)
            assert app.current_mode == "search"
            assert app.screen.query_one(f"#f-{facet}", Select).value == value
            assert app.screen.hits and all(
                value in (*h.commitment.themes, *h.commitment.where, *h.commitment.agencies)
                for h in app.screen.hits
            )
