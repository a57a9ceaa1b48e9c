"""The Compare screen: side by side by theme, word changes, differences only, next/previous, swap."""

from __future__ import annotations

from textual.widgets import Select, Static
from tui_support import make_app, settle, shown, styled, sync

from compare.tui.widgets.sidebyside import SideBySide


def layout(view: SideBySide) -> list[tuple[str, str, str]]:
    out = []
    for row in view.rows:
        if row.kind == "heading":
            out.append(("heading", row.left.plain, ""))
        else:
            cid = lambda t: t.plain.split("  ")[0] if t is not None else ""  # noqa: E731
            out.append((row.kind, cid(row.left), cid(row.right)))
    return out


@sync
async def test_side_by_side_aligned_by_theme_with_word_changes():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await settle(app, pilot)
        screen = app.screen
        assert screen.picked_ids() == ("harbour-plan-2024", "coastal-declaration-2025")
        view = screen.query_one(SideBySide)
        assert layout(view) == [
            ("heading", "▌ Smuggling networks", ""),
            ("pair", "seize-boats", "seize-boats"),
            ("heading", "▌ Money trail", ""),
            ("a", "freeze-accounts", ""),
            ("heading", "▌ Sea patrols", ""),
            ("pair", "joint-patrols", "daily-patrols"),
            ("heading", "▌ Data exchange", ""),
            ("pair", "share-passenger-data", "share-data"),
            ("heading", "▌ Shelter and care", ""),
            ("a", "shelter-places", ""),
            ("b", "", "warn-travellers"),
        ]
        patrols = view.rows[5]
        assert patrols.mid == "90%"
        left, right = patrols.left, patrols.right
        assert styled(left, left.plain.index("week"), "strike")
        assert styled(right, right.plain.index("day"), "underline")
        assert not styled(left, left.plain.index("joint"), "strike")
        assert "strength: commitment" in view.rows[7].left.plain
        assert "strength: not stated" in view.rows[7].right.plain
        summary = shown(screen.query_one("#c-summary", Static))
        assert "both GB FR" in summary and "only B IT" in summary
        assert "not stated BE NL" in summary
        n = screen.result.summary
        assert f"{n['matched']} ({n['changed']} changed) · only A 2 · only B 1" in summary


@sync
async def test_next_previous_swap_and_theme_filter():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await settle(app, pilot)
        screen = app.screen
        view = screen.query_one(SideBySide)
        assert view.cursor == 1
        await pilot.press("n", "n")
        assert view.cursor == 5
        await pilot.press("p")
        assert view.cursor == 3
        await pilot.press("end")
        assert view.cursor == 10
        await pilot.press("n")  # nothing further: says so, stays put
        assert view.cursor == 10
        assert any("No more differences" in str(n.message) for n in app._notifications)

        await pilot.press("s")
        await settle(app, pilot)
        assert screen.picked_ids() == ("coastal-declaration-2025", "harbour-plan-2024")
        assert ("a", "warn-travellers", "") in layout(view)

        screen.query_one("#c-theme", Select).value = "fx-data"
        await settle(app, pilot)
        assert layout(view) == [
            ("heading", "▌ Data exchange", ""),
            ("pair", "share-data", "share-passenger-data"),
        ]


@sync
async def test_differences_only_hides_unchanged_pairs():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.compare("harbour-plan-2024", "harbour-plan-2024")
        await settle(app, pilot)
        view = app.screen.query_one(SideBySide)
        assert [r.mid for r in view.rows if r.kind == "pair"] == ["="] * 5
        await pilot.press("d")
        assert view.rows == []
        assert "differences only" in shown(app.screen.query_one("#c-mode", Static))
        await pilot.press("d")
        assert len([r for r in view.rows if r.kind == "pair"]) == 5


@sync
async def test_hostile_text_in_the_columns_is_literal():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.compare("hostile-2023", "harbour-plan-2024")
        await settle(app, pilot)
        view = app.screen.query_one(SideBySide)
        texts = " ".join(r.left.plain for r in view.rows if r.left is not None)
        for needle in ("[bold]not bold[/bold]", "[@click=app.quit]here[/]", "\\x1b[31m"):
            assert needle in texts
        # draw every line: rendering must not parse anything
        for y in range(view.virtual_size.height):
            view.render_line(y)
        await pilot.press("tab", "tab", "tab", "tab", "down", "down", "n")
        assert app.is_running


@sync
async def test_open_the_commitment_under_the_cursor():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.compare("harbour-plan-2024", "coastal-declaration-2025", "joint-patrols")
        await settle(app, pilot)
        view = app.screen.query_one(SideBySide)
        assert view.rows[view.cursor].key.a.id == "joint-patrols"
        view.focus()
        await pilot.press("o")
        await pilot.pause()
        assert app.current_mode == "library"
        assert app.screen.shown_id == "harbour-plan-2024"


def big_corpus(root, n: int):
    """Two agreements of n commitments each, every other one reworded in the second."""
    import shutil

    from tui_support import FIXTURE

    shutil.copytree(FIXTURE / "themes", root / "themes")
    shutil.copytree(FIXTURE / "registries", root / "registries")
    (root / "agreements").mkdir()
    for aid, change in (("big-a", ""), ("big-b", " again")):
        lines = [
            f"id: {aid}",
            f"title: Big {aid}",
            "kind: action-plan",
            "legal_nature: political",
            "parties: [GB, FR]",
            "sources: [{id: s, title: A source}]",
            "commitments:",
        ]
        for i in range(n):
            text = (
                f"The parties will patrol harbour number {i} every week{change if i % 2 else ''}."
            )
            lines += [
                f"  - id: c{i}",
                f"    text: {text}",
                "    themes: [fx-patrols]",
                "    source: s",
            ]
        (root / "agreements" / f"{aid}.yaml").write_text("\n".join(lines) + "\n")
    from compare.load import load_corpus

    return load_corpus(root, use_cache=False)


@sync
async def test_large_agreements_are_laid_out_off_the_event_loop(tmp_path):
    from compare.tui.widgets import sidebyside

    n = sidebyside.BIG + 50
    app = make_app(big_corpus(tmp_path, n))
    async with app.run_test(size=(100, 30)) as pilot:
        await app.compare("big-a", "big-b")
        await settle(app, pilot)
        view = app.screen.query_one(SideBySide)
        assert len(view.rows) == n + 1  # one heading, n rows
        assert view.virtual_size.height >= n + 1
        assert view._lines[0][1].plain == "▌ Sea patrols"
        await pilot.press("d")  # differences only: refiltered in a thread, laid out again
        await settle(app, pilot)
        assert len(view.rows) == 1 + sum(1 for r in view.rows[1:] if r.differs)
        await pilot.press("n")
        assert view.rows[view.cursor].differs
