"""Compare: two agreements side by side, aligned by theme, word-level changes marked."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Select, Static

from compare.model import date_order
from compare.tui.screens.base import AccordScreen
from compare.tui.text import join, plain
from compare.tui.widgets.sidebyside import Row, SideBySide

BIG = 400  # rows past which filtering and laying out run off the event loop
DELETE = "bold red strike"
INSERT = "bold green underline"


def word_sides(pair) -> tuple[Text, Text]:
    """A's text with its deleted words marked, B's with its inserted words marked."""
    a, b = Text(), Text()
    for op, words in pair.words:
        if op in ("equal", "delete"):
            a.append_text(plain(words, DELETE if op == "delete" else ""))
        if op in ("equal", "insert"):
            b.append_text(plain(words, INSERT if op == "insert" else ""))
    return a, b


def _set_note(label: str, items) -> str:
    return f"{label} {', '.join(items)}" if items else ""


def pair_notes(pair) -> tuple[list[str], list[str]]:
    """What else differs in a matched pair, said under each side."""
    left, right = [], []
    stated = pair.a.actors_stated or pair.b.actors_stated
    for name in ("themes", "actors", "where", "agencies"):
        d = getattr(pair, name, None)
        if d is None or (name == "actors" and not stated):
            continue  # actors that default to the parties say nothing of their own
        if d.only_a:
            left.append(_set_note(f"{name} only here:", d.only_a))
        if d.only_b:
            right.append(_set_note(f"{name} only here:", d.only_b))
    if pair.strength_a != pair.strength_b:
        left.append(f"strength: {pair.strength_a or 'not stated'}")
        right.append(f"strength: {pair.strength_b or 'not stated'}")
    if pair.funding_changed:
        left.append(f"funding: {pair.a.funding or 'none'}")
        right.append(f"funding: {pair.b.funding or 'none'}")
    return left, right


def cell(text: Text, c, notes: list[str]) -> Text:
    out = join([(c.id, "cyan"), "  "])
    out.append_text(text)
    for note in notes:
        out.append("\n")
        out.append_text(plain(note, "dim italic"))
    return out


class CompareScreen(AccordScreen):
    MODE = "compare"
    BINDINGS = [
        Binding("d", "differences_only", "Differences only"),
        Binding("n,right_square_bracket", "next_difference(1)", "Next diff"),
        Binding("p,left_square_bracket", "next_difference(-1)", "Prev diff", show=False),
        Binding("s", "swap", "Swap"),
        Binding("t", "pick_theme", "Theme filter", show=False),
        Binding("o", "open", "Open", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.result = None
        self.cells: dict = {}  # the drawn cells of the result's rows, made once per result
        self.only_differences = False
        self.theme: str | None = None
        self.focus_id: str | None = None
        self.chosen = False

    def body(self) -> ComposeResult:
        options = [(plain(a.id), a.id) for a in self.sorted_agreements()]
        with Horizontal(id="pick"):
            yield Select(options, prompt="A: pick an agreement", id="pick-a", compact=True)
            yield Static(Text(" ⇄ "), id="pick-swap")
            yield Select(options, prompt="B: pick an agreement", id="pick-b", compact=True)
        yield Static(id="c-summary")
        with Horizontal(id="c-controls"):
            yield Select([], prompt="All themes", id="c-theme", compact=True)
            yield Static(id="c-mode")
        yield SideBySide(id="sbs")

    def sorted_agreements(self):
        """By date, as outlines: only the two compared are decoded from the cache."""
        outlines = (a for a, _ in self.corpus.outlines())
        return sorted(outlines, key=date_order)

    def on_mount(self) -> None:
        super().on_mount()
        self.show_mode()
        self.call_after_refresh(self.default_pair)

    def default_pair(self) -> None:
        if self.chosen:
            return  # someone asked for a pair already (search, palette)
        agreements = self.sorted_agreements()
        if len(agreements) >= 2:
            self.set_pair(agreements[-2].id, agreements[-1].id)
        else:
            self.query_one(SideBySide).set_rows([], Text("Two agreements are needed to compare."))

    # -- choosing what to compare -------------------------------------------------------------

    def set_pair(self, a: str | None, b: str | None, focus: str | None = None) -> None:
        self.chosen = True
        self.focus_id = focus
        for side, value in (("a", a), ("b", b)):
            select = self.query_one(f"#pick-{side}", Select)
            with select.prevent(Select.Changed):
                if value in self.corpus.agreements:
                    select.value = value
                else:
                    select.clear()
        self.run_diff()
        if a and not b:
            self.query_one("#pick-b", Select).focus()

    @on(Select.Changed, "#pick-a, #pick-b")
    def picked(self) -> None:
        self.focus_id = None
        self.run_diff()

    def picked_ids(self) -> tuple[str | None, str | None]:
        out = []
        for side in ("a", "b"):
            value = self.query_one(f"#pick-{side}", Select).value
            out.append(None if value == Select.NULL else value)
        return out[0], out[1]

    def run_diff(self) -> None:
        a, b = self.picked_ids()
        view = self.query_one(SideBySide)
        if not (a and b):
            self.result = None
            self.query_one("#c-summary", Static).update("")
            view.set_rows([], Text("Pick two agreements above (Tab moves between the pickers)."))
            return
        view.set_rows([], Text(f"Comparing {a} with {b}…", style="dim"))
        self.compute(a, b)

    @work(thread=True, exclusive=True, group="diff")
    def compute(self, a: str, b: str) -> None:
        from compare.diff import diff

        corpus = self.corpus
        result = diff(corpus.agreements[a], corpus.agreements[b], taxonomy=corpus.taxonomy)
        cells = {id(obj): self.make_row(kind, obj) for kind, obj in self.items(result)}
        self.app.call_from_thread(self.show_result, result, cells)

    def show_result(self, result, cells: dict | None = None) -> None:
        if (result.a.id, result.b.id) != self.picked_ids():
            return  # the pickers moved on while this ran
        self.result = result
        self.cells = cells or {}
        self.query_one("#c-summary", Static).update(self.summary(result))
        themes = self.themes_in(result)
        select = self.query_one("#c-theme", Select)
        with select.prevent(Select.Changed):
            label = self.corpus.taxonomy.label
            select.set_options([(plain(label(t)), t) for t in themes])
            if self.theme in themes:
                select.value = self.theme
            else:
                self.theme = None
        self.fill()

    # -- the view -----------------------------------------------------------------------------

    def themes_in(self, result) -> list[str]:
        order = {t: i for i, t in enumerate(self.corpus.taxonomy.order())}
        found = {self.home(item) for item in self.items(result)}
        return sorted((t for t in found if t), key=lambda t: (order.get(t, len(order)), t))

    @staticmethod
    def home(item) -> str:
        """The theme a row sits under: its first theme (A's for a matched pair)."""
        kind, obj = item
        c = obj.a if kind == "pair" else obj
        return c.theme or (obj.b.theme if kind == "pair" else None) or ""

    @staticmethod
    def items(result):
        yield from (("pair", p) for p in result.matched)
        yield from (("a", c) for c in result.only_a)
        yield from (("b", c) for c in result.only_b)

    @staticmethod
    def make_row(kind: str, obj) -> Row:
        if kind == "pair":
            ta, tb = word_sides(obj)
            na, nb = pair_notes(obj)
            mid = "=" if obj.same else f"{obj.similarity:.0%}"
            return Row("pair", cell(ta, obj.a, na), cell(tb, obj.b, nb), mid, not obj.same, obj)
        if kind == "a":
            return Row("a", cell(plain(obj.text), obj, []), None, "", True, obj)
        return Row("b", None, cell(plain(obj.text), obj, []), "", True, obj)

    def build_rows(self, result, cells: dict, only_differences: bool, theme: str | None):
        """Rows under theme headings, in taxonomy order; within a theme, A's order then B's."""
        order = {t: i for i, t in enumerate(self.corpus.taxonomy.order())}
        position = {c.id: i for i, c in enumerate(result.a.commitments)}
        position_b = {c.id: i for i, c in enumerate(result.b.commitments)}
        groups: dict[str, list] = {}
        for item in self.items(result):
            kind, obj = item
            if only_differences and kind == "pair" and obj.same:
                continue
            home = self.home(item)
            if theme and home != theme:
                continue
            groups.setdefault(home, []).append(item)

        def where(item):
            kind, obj = item
            if kind == "b":
                return (1, position_b[obj.id])
            return (0, position[(obj.a if kind == "pair" else obj).id])

        rows: list[Row] = []
        label = self.corpus.taxonomy.label
        for home in sorted(groups, key=lambda t: (order.get(t, len(order)), t)):
            title = f"▌ {label(home) if home else 'No theme'}"
            rows.append(Row("heading", left=plain(title), key=home))
            for kind, obj in sorted(groups[home], key=where):
                found = cells.get(id(obj))
                rows.append(found if found is not None else self.make_row(kind, obj))
        return rows

    def fill(self) -> None:
        r = self.result
        if len(r.matched) + len(r.only_a) + len(r.only_b) > BIG:
            self.refill(r, self.only_differences, self.theme)
        else:
            self.show_rows(r, self.build_rows(r, self.cells, self.only_differences, self.theme))

    @work(thread=True, exclusive=True, group="rows")
    def refill(self, result, only_differences: bool, theme: str | None) -> None:
        rows = self.build_rows(result, self.cells, only_differences, theme)
        self.app.call_from_thread(self.show_rows, result, rows)

    def show_rows(self, result, rows: list[Row]) -> None:
        if result is not self.result:
            return
        cursor = None
        if self.focus_id:
            for i, row in enumerate(rows):
                c = row.key.a if row.kind == "pair" else row.key
                if row.kind in ("pair", "a") and c.id == self.focus_id:
                    cursor = i
                    break
        empty = Text("Nothing differs." if self.only_differences else "No commitments to show.")
        self.query_one(SideBySide).set_rows(rows, empty, cursor)

    def summary(self, result) -> Text:
        text = Text()
        for name, d in (("Parties", result.parties), ("Agencies", result.agencies)):
            text.append(f"{name:<9}", style="bold")
            parts = [("both", d.both), ("only A", d.only_a), ("only B", d.only_b)]
            parts.append(("not stated", d.not_stated))
            shown = [(label, items) for label, items in parts if items] or [("none", ())]
            for n, (label, items) in enumerate(shown):
                if n:
                    text.append(" · ", style="dim")
                text.append(label + " ", style="dim")
                text.append_text(plain(" ".join(items)))
            text.append("\n")
        s = result.summary
        text.append(f"{'Matched':<9}", style="bold")
        text.append(
            f"{s['matched']} ({s['changed']} changed) · only A {s['only_a']} · only B {s['only_b']}"
        )
        return text

    def show_mode(self) -> None:
        mode = "differences only" if self.only_differences else "all commitments"
        self.query_one("#c-mode", Static).update(
            Text.assemble((f" showing {mode}", "dim"), ("  d toggles · n/p next/previous", "dim"))
        )

    # -- actions ------------------------------------------------------------------------------

    @on(Select.Changed, "#c-theme")
    def theme_picked(self, event: Select.Changed) -> None:
        self.theme = None if event.value == Select.NULL else event.value
        if self.result:
            self.fill()

    def action_differences_only(self) -> None:
        self.only_differences = not self.only_differences
        self.show_mode()
        if self.result:
            self.fill()

    def action_next_difference(self, delta: int) -> None:
        view = self.query_one(SideBySide)
        if not view.next_difference(delta):
            self.notify("No more differences that way.", markup=False, timeout=2)
        view.focus()

    def action_swap(self) -> None:
        a, b = self.picked_ids()
        self.set_pair(b, a)

    def action_pick_theme(self) -> None:
        self.query_one("#c-theme", Select).focus()

    def action_open(self) -> None:
        row = self.current_row()
        if row is None or row.kind == "heading":
            return
        if row.kind == "b":
            aid, cid = self.result.b.id, row.key.id
        else:
            aid, cid = self.result.a.id, (row.key.a if row.kind == "pair" else row.key).id
        self.app.run_worker(self.app.open_agreement(aid, cid))

    def current_row(self) -> Row | None:
        view = self.query_one(SideBySide)
        return view.rows[view.cursor] if 0 <= view.cursor < len(view.rows) else None

    def markdown(self) -> tuple[str, str] | None:
        if not self.result:
            return None
        from compare.render.machine import md_escape as e

        r = self.result
        out = [f"# {e(r.a.id)} compared with {e(r.b.id)}", ""]
        out += [f"- A: {e(r.a.title)}", f"- B: {e(r.b.title)}", ""]
        out += ["| A | Similarity | B |", "|---|:---:|---|"]
        rows = self.build_rows(r, self.cells, self.only_differences, self.theme)
        for row in rows:
            if row.kind == "heading":
                out.append(f"| **{e(row.left.plain.lstrip('▌ '))}** | | |")
                continue
            left = e(row.left.plain.replace("\n", " — ")) if row.left else ""
            right = e(row.right.plain.replace("\n", " — ")) if row.right else ""
            out.append(f"| {left} | {row.mid} | {right} |")
        return f"compare-{r.a.id}-{r.b.id}", "\n".join(out) + "\n"
