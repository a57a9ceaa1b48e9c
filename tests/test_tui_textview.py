"""The detail pane's text view: wraps to the width, draws only what is on screen, scrolls, and
copies what the mouse selects."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.text import Text
from textual.app import App
from textual.geometry import Offset
from textual.selection import Selection
from tui_support import sync

from compare.tui.widgets.textview import TextView, split_lines

WORDS = "smuggling networks disrupt routes " * 6  # 204 characters


class Holder(App):
    CSS = "TextView { width: 40; height: 10; }"

    def compose(self):
        yield TextView(id="view")


def lines(n: int) -> list[Text]:
    return [Text(f"{i:03d} {WORDS}".strip()) for i in range(n)]


@sync
async def test_long_lines_wrap_to_the_width_and_only_the_visible_rows_are_drawn():
    app = Holder()
    async with app.run_test(size=(60, 20)) as pilot:
        view = app.query_one(TextView)
        view.update(lines(50))
        await pilot.pause()
        width = view.scrollable_content_region.width
        assert all(end - start <= width for _, start, end in view.rows)
        per_line = len(view.rows) // 50
        assert per_line > 1 and len(view.rows) == 50 * per_line
        assert view.virtual_size.height == len(view.rows)
        # every word survives the wrap, in order
        joined = " ".join(view._row_text(n).plain for n in range(per_line))
        assert joined.split() == lines(1)[0].plain.split()
        assert len(view._cache) <= view.size.height  # drawn rows only, not 50 lines' worth


@sync
async def test_keys_scroll_and_row_of_points_at_a_line():
    app = Holder()
    async with app.run_test(size=(60, 20)) as pilot:
        view = app.query_one(TextView)
        view.update(lines(50))
        view.focus()
        await pilot.pause()
        await pilot.press("end")
        await pilot.pause()
        assert view.scroll_offset.y == view.max_scroll_y > 0
        await pilot.press("home")
        await pilot.pause()
        assert view.scroll_offset.y == 0
        assert view.row_of(10) == view.tops[10] == 10 * (len(view.rows) // 50)


@sync
async def test_a_resize_rewraps():
    app = Holder()
    async with app.run_test(size=(60, 20)) as pilot:
        view = app.query_one(TextView)
        view.update(lines(5))
        await pilot.pause()
        before = len(view.rows)
        view.styles.width = 80
        await pilot.pause()
        assert len(view.rows) < before


@sync
async def test_markup_in_the_text_is_shown_literally_and_selection_copies_it():
    app = Holder()
    async with app.run_test(size=(60, 20)) as pilot:
        view = app.query_one(TextView)
        view.update([Text("[bold]not bold[/bold] [@click=app.quit]x")])
        await pilot.pause()
        strip = view.render_line(0)
        drawn = "".join(seg.text for seg in strip)
        assert drawn.startswith("[bold]not bold[/bold]")
        assert not any(seg.style and seg.style.bold for seg in strip)
        text, end = view.get_selection(Selection.from_offsets(Offset(0, 0), Offset(6, 0)))
        assert text == "[bold]" and end == "\n"


def test_split_lines_keeps_styles_and_blank_lines():
    one = Text("a\n\nb", style="red")
    out = split_lines([one, Text("c")])
    assert [t.plain for t in out] == ["a", "", "b", "c"]
    assert all(t.style == "red" for t in out[:3])


@sync
async def test_the_query_box_scrolls_to_its_cursor_without_a_layout():
    from compare.tui.widgets.querybox import QueryBox

    class Box(App):
        def compose(self):
            yield QueryBox(id="q")

    app = Box()
    async with app.run_test(size=(40, 5)) as pilot:
        box = app.query_one(QueryBox)
        box.focus()
        await pilot.pause()
        layouts = []
        refresh = box.refresh

        def spy(*regions, **kwargs):
            layouts.append(kwargs.get("layout", False))
            return refresh(*regions, **kwargs)

        box.refresh = spy
        await pilot.press(*("smuggling networks and " * 4))
        await pilot.pause()
        assert box.value.startswith("smuggling networks") and box.scroll_offset.x > 0
        assert box.virtual_size.width == len(box.value) + 1
        await pilot.press("home")
        await pilot.pause()
        assert box.scroll_offset.x == 0
        assert layouts and not any(layouts)  # repainted on every key, never re-laid out


@sync
async def test_lists_and_text_views_grow_and_shrink_without_laying_out_the_screen():
    from compare.tui.widgets.resultlist import ResultList

    class Both(App):
        CSS = "ResultList, TextView { height: 8; }"

        def compose(self):
            yield ResultList(id="list")
            yield TextView(id="view")

    app = Both()
    async with app.run_test(size=(60, 20)) as pilot:
        results, view = app.query_one(ResultList), app.query_one(TextView)
        rows = [(Text(f"row {i}"),) for i in range(30)]
        results.set_rows(rows)
        view.update(lines(30))
        await pilot.pause()
        assert results.show_vertical_scrollbar and view.show_vertical_scrollbar
        layouts = []
        real = app.screen._refresh_layout
        app.screen._refresh_layout = lambda *a, **k: layouts.append(1) or real(*a, **k)
        for n in (25, 12, 40):  # always more rows than fit: the scrollbar stays
            results.set_rows(rows[:n] + rows[: max(0, n - 30)])
            view.update(lines(n))
            await pilot.pause()
            assert results.max_scroll_y == n - results.scrollable_content_region.height
            assert view.max_scroll_y == len(view.rows) - view.scrollable_content_region.height
            assert results.vertical_scrollbar.window_virtual_size == n
        assert layouts == []
        await pilot.press("tab")  # the list has focus: its end is the 40th row
        results.focus()
        await pilot.press("end")
        await pilot.pause()
        assert results.cursor == 39 and results.scroll_offset.y == results.max_scroll_y
        results.set_rows(rows[:3])  # all rows fit: the scrollbar goes, with a layout
        view.update(lines(1))
        await pilot.pause()
        assert not results.show_vertical_scrollbar and not view.show_vertical_scrollbar
        assert results.scroll_offset.y == 0 and layouts


@settings(max_examples=3000, deadline=None)
@given(
    text=st.text(alphabet="ab cd  efghij·—éü日本\u200d\u0301\t\xa0-.", max_size=140),
    width=st.integers(min_value=1, max_value=50),
)
def test_wrapping_breaks_lines_where_rich_does(text, width):
    from rich._wrap import divide_line

    from compare.tui.widgets.textview import divide

    assert divide(text, width) == divide_line(text, width, fold=True)


def test_list_rows_are_exactly_the_width_and_leave_the_callers_cells_alone():
    from compare.tui.widgets.resultlist import ResultList

    results = ResultList()
    cells = (Text("12345678"), Text("a long piece of text"), Text("agreement-id"))
    results.set_rows([cells, cells])
    for widths, width in (([5, 20], 27), ([4, 10, 4, 4, 7], 34), ([5, 20], 12), ([], 9)):
        results.widths = widths
        for i in (0, 1):
            assert results.line_text(i, width).cell_len == width
    assert [c.plain for c in cells] == ["12345678", "a long piece of text", "agreement-id"]
