"""Library: every agreement, a filter box, and the selected one's details beside the list."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input

from compare.model import date_order
from compare.registry import norm
from compare.tui.screens.base import AccordScreen
from compare.tui.text import TextWriter, plain
from compare.tui.widgets.line import Line
from compare.tui.widgets.querybox import QueryBox
from compare.tui.widgets.resultlist import ResultList
from compare.tui.widgets.textview import TextView, split_lines


def haystack(a) -> str:
    date = str(a.date) if a.date else ""
    words = (a.id, a.title, a.short_title or "", a.kind, a.legal_nature, date, a.place or "")
    return norm(" ".join((*words, *a.parties_declared)))


def parties_count(a) -> str:
    if not a.parties_complete:
        return f"{len(a.parties)}+" if a.parties else "?"
    return str(len(a.parties))


def row(a, count: int) -> tuple[Text, ...]:
    return (
        plain(a.id, "bold"),
        plain(str(a.date) if a.date else "—"),
        plain(a.kind),
        Text(f"{count:>4}"),
        Text(f"{parties_count(a):>7}"),
        plain(a.short_title or a.title),
    )


class Agreements(ResultList):
    def on_resize(self, event) -> None:
        super().on_resize(event)
        self.screen.set_columns()


class LibraryScreen(AccordScreen):
    MODE = "library"
    AUTO_FOCUS = "#lib-table"  # focused from the start: no footer rebuilt for a passing focus
    BINDINGS = [
        Binding("slash", "focus_filter", "Filter"),
        Binding("c", "compare", "Compare"),
        Binding("s", "search_in", "Search in it"),
    ]

    def __init__(self) -> None:
        super().__init__()
        # Outlines: from the cache, an agreement's commitments are decoded only when it is shown.
        outlines = self.app.corpus.outlines()
        self.counts = {a.id: n for a, n in outlines}
        self.order = sorted(
            (a for a, _ in outlines),
            key=date_order,
        )
        self.keys: dict[str, str] = {}  # filter text of each agreement, made on first filter
        self.shown: list = self.order  # the agreements the filter lets through
        self.shown_id: str | None = None
        self.query_text: str | None = None
        self.target: tuple[str, str | None] | None = None  # (agreement, commitment) to point at
        self.detail_lines: list[Text] = []

    def body(self) -> ComposeResult:
        with Horizontal(id="lib-main"):
            with Vertical(id="lib-list"):
                yield QueryBox(placeholder="Filter agreements  (/)", id="lib-filter", compact=True)
                yield Line(id="lib-head")
                yield Agreements(id="lib-table")
                yield Line(id="lib-count")
            yield TextView(id="lib-detail")

    def on_mount(self) -> None:
        super().on_mount()
        self.set_columns()
        self.fill("")
        self.query_one(Agreements).focus()

    # -- the list -----------------------------------------------------------------------------

    def set_columns(self) -> None:
        listing = self.query_one(Agreements)
        total = listing.scrollable_content_region.width or self.app.size.width
        longest = max((len(a.id) for a in self.order), default=4)
        kinds = max((len(a.kind) for a in self.order), default=4)
        widths = [max(4, min(longest, total // 3)), 10, max(4, kinds), 4, 7]
        listing.set_widths(widths)
        head = Text(style="bold")
        for label, w in zip(("Id", "Date", "Kind", "   #", "Parties"), widths, strict=True):
            head.append(label.ljust(w) + " ")
        head.append("Title")
        self.query_one("#lib-head", Line).update(head)

    def fill(self, query: str) -> None:
        self.query_text = query
        words = norm(query).split()
        if words and not self.keys:
            self.keys = {a.id: haystack(a) for a in self.order}
        match = [a for a in self.order if all(w in self.keys[a.id] for w in words)]
        self.shown = match
        counts = self.counts
        self.query_one(Agreements).set_rows(match, lambda a: row(a, counts[a.id]))
        total = len(self.order)
        if not total:
            note = f"No agreements in {self.corpus.root or 'the corpus'}."
        elif words:
            note = f"{len(match)} of {total} agreements match."
        else:
            count = sum(self.counts.values())
            note = f"{total} agreements, {count} commitments."
        self.query_one("#lib-count", Line).update(plain(note, "dim"))
        target = self.target[1] if self.target and match and self.target[0] == match[0].id else None
        self.show(match[0].id if match else None, target)

    @on(Input.Changed, "#lib-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        if event.value != self.query_text:  # select() may have set it already
            self.fill(event.value)

    @on(Input.Submitted, "#lib-filter")
    def filter_done(self) -> None:
        self.query_one(Agreements).focus()

    def key_escape(self) -> None:
        if self.focused is self.query_one("#lib-filter"):
            self.query_one(Agreements).focus()

    @on(ResultList.Highlighted, "#lib-table")
    def highlighted(self, event: ResultList.Highlighted) -> None:
        aid = self.shown[event.index].id
        target = self.target if self.target and self.target[0] == aid else None
        self.show(aid, target[1] if target else None)

    @on(ResultList.Selected, "#lib-table")
    def selected(self) -> None:
        self.query_one("#lib-detail").focus()

    # -- the details --------------------------------------------------------------------------

    def show(self, aid: str | None, cid: str | None = None) -> None:
        from compare.render.agreement import write_text

        view = self.query_one("#lib-detail", TextView)
        if aid is None or aid not in self.corpus.agreements:
            self.shown_id = None
            view.update([])
            return
        if aid != self.shown_id:
            w = TextWriter()
            write_text(self.corpus.agreements[aid], self.corpus, w)
            self.detail_lines = split_lines(w.lines)  # line numbers as drawn
            self.shown_id = aid
        lines = self.detail_lines
        mark = f"    • {cid}  " if cid else None
        at = next((i for i, t in enumerate(lines) if mark and t.plain.startswith(mark)), None)
        if at is not None:
            lines = [*lines]
            lines[at] = lines[at].copy()
            lines[at].stylize("reverse")
        view.update(lines)
        if at is not None:
            self.call_after_refresh(self._scroll_to_line, at)

    def _scroll_to_line(self, at: int) -> None:
        view = self.query_one("#lib-detail", TextView)
        view.scroll_to(y=max(0, view.row_of(at) - 1), animate=False)

    def select(self, aid: str, cid: str | None = None) -> None:
        """Show an agreement (and one of its commitments), clearing a filter that hides it."""
        self.target = (aid, cid)
        if all(a.id != aid for a in self.shown):
            self.fill("")
            self.query_one("#lib-filter", Input).value = ""
        index = next((i for i, a in enumerate(self.shown) if a.id == aid), None)
        if index is not None:
            self.query_one(Agreements).go(index)
        self.show(aid, cid)

    # -- actions ------------------------------------------------------------------------------

    def action_focus_filter(self) -> None:
        self.query_one("#lib-filter", Input).focus()

    def action_compare(self) -> None:
        if self.shown_id:
            self.app.run_worker(self.app.compare(self.shown_id, None))

    def action_search_in(self) -> None:
        if self.shown_id:
            self.app.run_worker(self.app.search("", agreement=self.shown_id))

    def markdown(self) -> tuple[str, str] | None:
        if not self.shown_id:
            return None
        from compare.render.agreement import markdown

        return self.shown_id, markdown(self.corpus.agreements[self.shown_id], self.corpus)
