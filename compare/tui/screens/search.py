"""Search: results on every keystroke, facet pickers with counts, the selected hit in full."""

from __future__ import annotations

import time

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Select
from textual.worker import get_current_worker

from compare.render.agreement import commitment_facts
from compare.safe import query_text
from compare.tui.screens.base import AccordScreen
from compare.tui.text import highlighted, join, plain
from compare.tui.widgets.facetselect import FacetSelect
from compare.tui.widgets.line import Line
from compare.tui.widgets.querybox import QueryBox
from compare.tui.widgets.resultlist import ResultList
from compare.tui.widgets.textview import TextView

LIMIT = 100  # rows shown; the status line says how many matched in all
DETAIL_DELAY = 0.08  # seconds without new results before the detail and the counts are drawn
MATCH = "bold underline"
FACETS = ("country", "agency", "theme")
SYNTAX = (
    "Words match fuzzily (typos forgiven); all must match.  'exact  ^prefix  suffix$  "
    '!not  a | b  "a phrase"  country:FR  agency:europol  theme:returns  agreement:ID  '
    "kind:treaty  year:2020..2024"
)


class Hits(ResultList):
    def on_resize(self, event) -> None:
        super().on_resize(event)
        self.screen.set_columns()


class SearchScreen(AccordScreen):
    MODE = "search"
    AUTO_FOCUS = "#q"  # focused from the start: no footer rebuilt for a passing focus
    BINDINGS = [
        Binding("slash", "focus_query", "Query"),
        Binding("o", "open", "Open agreement"),
        Binding("c", "compare", "Compare"),
        Binding("x", "clear_facets", "Clear facets"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.generation = 0
        self.shown = 0  # the generation on screen: equal to generation once results are in
        self._labels: dict[tuple[str, str], str] = {}
        self._detail_timer = None
        self._facet_options: dict[str, list] = {}
        self.hits: list = []
        self.last: tuple | None = None
        self._corpus_counts: dict | None = None
        self.text_width = 200  # of the results' text column, set with the columns
        self.browsing = False  # no query and no facet: the list shows the corpus in its order
        self._browse: list | None = None

    def body(self) -> ComposeResult:
        yield QueryBox(placeholder="Search commitments  (/)", id="q", compact=True)
        with Horizontal(id="facets"):
            for facet in FACETS:
                yield FacetSelect([], prompt=f"Any {facet}", id=f"f-{facet}", compact=True)
        yield Line(id="s-status")
        with Horizontal(id="s-main"):
            with Vertical(id="s-list"):
                yield Line(id="hits-head")
                yield Hits(id="hits")
            yield TextView(id="s-detail")

    def on_mount(self) -> None:
        super().on_mount()
        self.set_columns()
        self.count_corpus()
        self.refresh_results()  # nothing asked yet: the corpus, in order
        self.query_one("#q", Input).focus()

    # -- running a search ---------------------------------------------------------------------

    def facets(self) -> dict[str, str | None]:
        out: dict[str, str | None] = {}
        for facet in FACETS:
            value = self.query_one(f"#f-{facet}", Select).value
            out[facet] = None if value == Select.NULL else value
        return out

    def set_query(self, query: str, **facets: str | None) -> None:
        """Run a search from elsewhere (the palette, Library): facets given replace the current.
        An agreement goes into the query text, where it can be seen and removed."""
        if facets.get("agreement"):
            query = f"agreement:{facets['agreement']} {query}"
        for facet in FACETS:
            select = self.query_one(f"#f-{facet}", Select)
            value = facets.get(facet)
            with select.prevent(Select.Changed):
                if value is None:
                    select.clear()
                else:
                    self._ensure_option(select, facet, value)
                    select.value = value
        box = self.query_one("#q", Input)
        with box.prevent(Input.Changed):
            box.value = query_text(query)
        box.focus()
        self.refresh_results()

    @on(Input.Changed, "#q")
    def query_changed(self, event: Input.Changed) -> None:
        clean = query_text(event.value)
        if clean != event.value:  # pasted controls: the box shows its value as it is
            event.input.value = clean
            return  # setting it posts another Changed, which searches
        self.refresh_results()

    @on(Select.Changed)
    def facet_changed(self) -> None:
        self.refresh_results()

    @on(Input.Submitted, "#q")
    def query_done(self) -> None:
        if self.hits:
            self.query_one("#hits").focus()

    def key_escape(self) -> None:
        if self.focused is self.query_one("#q"):
            self.query_one("#hits").focus()

    def refresh_results(self) -> None:
        query = self.query_one("#q", Input).value
        facets = self.facets()
        key = (query, tuple(sorted((k, v or "") for k, v in facets.items())))
        if key == self.last:
            return
        self.last = key
        self.generation += 1
        if not query.strip() and not any(facets.values()):
            self.workers.cancel_group(self, "search")
            # Nothing asked: the first commitments in corpus order, to browse, as fzf lists every
            # line before anything is typed. The list keeps its scrollbar, so the first keystroke
            # after it does not lay out the whole screen again. The corpus's counts, once the
            # worker started on mount has them.
            hits = self.browse()
            self.show_results(self.generation, hits, len(hits), False, self._corpus_counts, 0.0)
            self.status(Text(SYNTAX, style="dim"))
            return
        self.run_search(self.generation, query, facets)

    def browse(self) -> list:
        """The first LIMIT commitments in corpus order, decoding only the agreements they are in."""
        if self._browse is None:
            from compare.search import Hit

            hits: list = []
            agreements = self.corpus.agreements
            for aid in agreements:
                a = agreements[aid]
                hits.extend(Hit(a, c, 0.0) for c in a.commitments[: LIMIT - len(hits)])
                if len(hits) >= LIMIT:
                    break
            self._browse = hits
        return self._browse

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, generation: int, query: str, facets: dict) -> None:
        from compare.search import QueryError, facet_counts, find

        worker = get_current_worker()
        if self.app.index_started and not self.app.index_ready.is_set():
            # Built once, in the background, from the first screen: a few seconds at 100,000
            # commitments. Say so rather than look stuck.
            self.app.call_from_thread(self.indexing, True)
            self.app.index_ready.wait()
            self.app.call_from_thread(self.indexing, False)
        started = time.perf_counter()
        try:
            results = find(self.corpus, query, limit=LIMIT, **facets)
        except QueryError as exc:
            if not worker.is_cancelled:
                self.app.call_from_thread(self.show_error, generation, exc)
            return
        except (KeyError, ValueError) as exc:  # a facet value the corpus does not know
            if not worker.is_cancelled:
                self.app.call_from_thread(self.show_error, generation, exc)
            return
        if worker.is_cancelled:
            return
        counts = facet_counts(results.hits)
        elapsed = time.perf_counter() - started
        if not worker.is_cancelled:
            self.app.call_from_thread(
                self.show_results, generation, results.hits, results.total, True, counts, elapsed
            )

    def indexing(self, building: bool) -> None:
        self.query_one("#hits", ResultList).loading = building
        if building:
            self.status(Text("Building the search index (once, at start)…", style="dim"))

    def row(self, hit) -> tuple:
        # The row is cut to the column: highlight only what fits (finding the matches in the whole
        # text costs more than the rest of the row).
        text = hit.commitment.text
        end = self.text_width + 1  # one past the column: its "…"
        return (
            Text("" if self.browsing else f"{hit.score:5.0f}"),
            highlighted(text[:end], hit.spans_upto(end), MATCH),
            plain(hit.agreement.id, "bold"),
        )

    def set_columns(self) -> None:
        """The text column takes the width left after the score and some of the agreement id."""
        hits = self.query_one("#hits", ResultList)
        total = hits.scrollable_content_region.width or self.app.size.width
        ids = min(30, total // 4, max(map(len, self.corpus.agreements), default=10))
        width = max(20, total - 5 - ids - 2)
        self.text_width = width
        hits.set_widths([5, width])
        head = Text("Score", style="bold")
        head.append(" " + "Commitment".ljust(width) + " Agreement", style="bold")
        self.query_one("#hits-head", Line).update(head)

    # -- showing results ----------------------------------------------------------------------

    def show_results(self, generation, hits, total, searched, counts, elapsed) -> None:
        if generation != self.generation:
            return  # a newer search is running
        self.shown = generation
        self.hits = hits
        self.browsing = not searched
        self.query_one("#hits", ResultList).set_rows(hits, self.row)
        if hits and searched:
            more = f" (showing the best {len(hits)})" if total > len(hits) else ""
            note = f"{total} match{'es' if total != 1 else ''}{more}"
            if self.app.show_timings:
                note += f" · {elapsed * 1000:.0f} ms"
            self.status(Text(note, style="dim"))
        elif not hits:
            if searched:
                self.status(Text("Nothing found.", style="dim"))
            self.query_one("#s-detail", TextView).update([])
        # The selected hit's detail and the facet counts wait until typing pauses: redrawing them
        # on every keystroke costs more than the results themselves (new drop-down options make
        # Textual lay out the whole screen again).
        if self._detail_timer is not None:
            self._detail_timer.stop()
        self._detail_timer = self.set_timer(DETAIL_DELAY, lambda: self.settled(counts))

    def settled(self, counts: dict[str, dict[str, int]] | None) -> None:
        if counts is not None:
            self.fill_facets(counts)
        self.show_current()

    def show_error(self, generation: int, exc: Exception) -> None:
        if generation != self.generation:
            return
        self.shown = generation
        self.status(join([("Query error: ", "bold red"), str(exc)]))

    def status(self, text: Text) -> None:
        self.query_one("#s-status", Line).update(text)

    @work(thread=True, group="counts")
    def count_corpus(self) -> None:
        # The corpus's country, agency and theme indexes take a third of a second to build at
        # 100,000 commitments: not on the event loop.
        counts = self.corpus_counts()
        self.app.call_from_thread(self.fill_facets, counts)

    def corpus_counts(self) -> dict[str, dict[str, int]]:
        if self._corpus_counts is None:
            c = self.corpus
            by = {"country": c.by_country, "agency": c.by_agency, "theme": c.by_theme}
            self._corpus_counts = {
                f: dict(
                    sorted(((k, len(v)) for k, v in idx.items()), key=lambda kv: (-kv[1], kv[0]))
                )
                for f, idx in by.items()
            }
        return self._corpus_counts

    def label(self, facet: str, value: str) -> str:
        key = (facet, value)
        found = self._labels.get(key)
        if found is None:
            found = self._labels[key] = self._label(facet, value)
        return found

    def _label(self, facet: str, value: str) -> str:
        if facet == "theme":
            return self.corpus.taxonomy.label(value)
        name = self.corpus.registry.name(value)
        return f"{name} ({value})" if name != value else value

    def fill_facets(self, counts: dict[str, dict[str, int]]) -> None:
        for facet in FACETS:
            select = self.query_one(f"#f-{facet}", Select)
            current = select.value
            options = [
                (join([self.label(facet, v), (f"  {n}", "dim")]), v)
                for v, n in counts.get(facet, {}).items()
            ]
            if current != Select.NULL and current not in {v for _, v in options}:
                options.insert(0, (plain(self.label(facet, current)), current))
            same = [(p.plain, v) for p, v in options]
            if same == self._facet_options.get(facet):
                continue  # unchanged: rebuilding the drop-down costs more than comparing
            self._facet_options[facet] = same
            with select.prevent(Select.Changed):
                select.set_options(options)
                if current != Select.NULL:
                    select.value = current

    def _ensure_option(self, select: Select, facet: str, value: str) -> None:
        if value not in {v for _, v in select._options}:
            options = [(p, v) for p, v in select._options if v != Select.NULL]
            select.set_options([(plain(self.label(facet, value)), value), *options])
            self._facet_options.pop(facet, None)

    # -- the selected hit ---------------------------------------------------------------------

    @on(ResultList.Highlighted, "#hits")
    def hit_highlighted(self, event: ResultList.Highlighted) -> None:
        self.show_hit(event.index)

    @on(ResultList.Selected, "#hits")
    def hit_selected(self) -> None:
        self.action_open()

    def current(self):
        hits = self.query_one("#hits", ResultList)
        if not self.hits or hits.row_count == 0:
            return None
        return self.hits[min(hits.cursor, len(self.hits) - 1)]

    def show_current(self) -> None:
        self._detail_timer = None
        self.show_hit(self.query_one("#hits", ResultList).cursor)

    def show_hit(self, i: int) -> None:
        if not 0 <= i < len(self.hits):
            return
        hit = self.hits[i]
        a, c = hit.agreement, hit.commitment
        text = Text()
        text.append_text(plain(a.short_title or a.title, "bold"))
        text.append("\n")
        score = "" if self.browsing else f"  score {hit.score:.0f}"
        text.append_text(join([(a.id, "cyan"), " / ", (c.id, "cyan"), score]))
        text.append("\n\n")
        text.append_text(highlighted(c.text, hit.spans, MATCH))
        text.append("\n\n")
        text.append_text(join([(" · ".join(commitment_facts(c, self.corpus, a)), "dim")]))
        labels = ", ".join(self.label("theme", t) for t in c.themes)
        text.append("\n")
        text.append_text(join([("themes ", "dim"), labels]))
        if hit.matched:
            text.append("\n")
            text.append_text(join([("matched ", "dim"), ", ".join(hit.matched)]))
        source = a.source(c.source)
        text.append("\n\n")
        text.append_text(join([("Source", "bold")]))
        if source:
            parts = [source.title, source.publisher, str(source.date) if source.date else None]
            text.append("\n")
            text.append_text(plain(", ".join(p for p in parts if p)))
            if c.ref:
                text.append_text(plain(f", {c.ref}"))
            if source.url:
                text.append("\n")
                text.append_text(plain(source.url, "underline"))
        if c.url:
            text.append("\n")
            text.append_text(join([("original wording: ", "dim"), c.url]))
        text.append("\n\n")
        text.append("o open the agreement · c compare it with another", style="dim italic")
        self.query_one("#s-detail", TextView).update([text])

    # -- actions ------------------------------------------------------------------------------

    def action_focus_query(self) -> None:
        self.query_one("#q", Input).focus()

    def action_clear_facets(self) -> None:
        self.set_query(self.query_one("#q", Input).value)

    def action_open(self) -> None:
        hit = self.current()
        if hit:
            self.app.run_worker(self.app.open_agreement(hit.agreement.id, hit.commitment.id))

    def action_compare(self) -> None:
        hit = self.current()
        if hit:
            self.app.run_worker(self.app.compare(hit.agreement.id, None, hit.commitment.id))

    def markdown(self) -> tuple[str, str] | None:
        if not self.hits:
            return None
        from compare.render.machine import md_escape as e

        query = self.query_one("#q", Input).value
        facets = {k: v for k, v in self.facets().items() if v}
        title = " ".join([query, *(f"{k}:{v}" for k, v in facets.items())]).strip()
        if self.browsing:  # what is shown, even while a search typed since is still running
            title = ""
        heading = f"Search: {e(title)}" if title else "Commitments, in corpus order"
        out = [
            f"# {heading}",
            "",
            "| Score | Agreement | Commitment | Text |",
            "|---:|---|---|---|",
        ]
        for h in self.hits:
            text = e(h.commitment.text)
            score = "" if self.browsing else f"{h.score:.0f}"
            out.append(f"| {score} | {e(h.agreement.id)} | {e(h.commitment.id)} | {text} |")
        return f"search-{title or 'all'}", "\n".join(out) + "\n"
