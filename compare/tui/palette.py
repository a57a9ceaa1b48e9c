"""Command palette (Ctrl+P): jump to agreements, commitments, taxonomy themes, countries, agencies.

Hits are built as Content from safe strings, never markup: the palette would parse a plain str.
"""

from __future__ import annotations

import asyncio
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from compare.registry import norm
from compare.safe import inline

MAX_COMMITMENT_HITS = 40  # enough to choose from; scoring 100,000 texts a keystroke is not


class Entry:
    __slots__ = ("kind", "label", "key", "run")

    def __init__(self, kind: str, label: str, run) -> None:
        self.kind, self.label, self.run = kind, inline(label), run
        self.key = norm(self.label)


def build_index(app) -> tuple[list[Entry], list[Entry]]:
    """(short entries matched fuzzily, commitment entries filtered by words first)."""
    corpus = app.corpus
    short: list[Entry] = []
    for mode in ("library", "search", "compare", "matrix"):
        short.append(Entry("screen", f"Go to {mode}", partial(_later, app, app.goto, mode)))
    for a in corpus:
        label = f"{a.id}  {a.short_title or a.title}"
        short.append(Entry("agreement", label, partial(_later, app, app.open_agreement, a.id)))
    for t in corpus.taxonomy:
        if t.id in corpus.by_theme:
            short.append(
                Entry("theme", t.label, partial(_later, app, app.search_facet, "theme", t.id))
            )
    registry = corpus.registry
    for code in corpus.by_country:
        label = f"{registry.name(code)} ({code})"
        short.append(
            Entry("country", label, partial(_later, app, app.search_facet, "country", code))
        )
    for code in corpus.by_agency:
        label = f"{registry.name(code)} ({code})"
        short.append(Entry("agency", label, partial(_later, app, app.search_facet, "agency", code)))
    long = [
        Entry(
            "commitment",
            f"{a.id}/{c.id}  {c.text}",
            partial(_later, app, app.open_agreement, a.id, c.id),
        )
        for a, c in corpus.commitments()
    ]
    return short, long


def _later(app, method, *args) -> None:
    app.run_worker(method(*args))


class AccordCommands(Provider):
    async def startup(self) -> None:
        app = self.app
        index = getattr(app, "_palette_index", None)
        if index is None:
            index = await asyncio.to_thread(build_index, app)
            app._palette_index = index
        self.short, self.long = index

    def _display(self, entry: Entry, query: str) -> Content:
        label = entry.label if len(entry.label) <= 200 else entry.label[:199] + "…"
        content = Content.assemble((f"{entry.kind:<10} ", "dim"), Content(label))
        if query:
            matcher = self.matcher(query)
            _, offsets = matcher.fuzzy_search.match(query, label)
            for o in offsets:
                content = content.stylize(matcher.match_style, 11 + o, 12 + o)
        return content

    async def discover(self) -> Hits:
        for entry in self.short:
            if entry.kind in ("screen", "agreement"):
                yield DiscoveryHit(self._display(entry, ""), entry.run, text=entry.label)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for entry in self.short:
            score = matcher.match(entry.label)
            if score > 0:
                yield Hit(score, self._display(entry, query), entry.run, text=entry.label)
        words = norm(query).split()
        if not words or len(query.strip()) < 3:
            return
        found = 0
        for entry in self.long:
            if all(w in entry.key for w in words):
                score = matcher.match(entry.label[:120]) * 0.8 or 0.1
                yield Hit(score, self._display(entry, query), entry.run, text=entry.label)
                found += 1
                if found >= MAX_COMMITMENT_HITS:
                    return
