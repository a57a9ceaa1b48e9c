"""Search every commitment of a corpus: query -> ranked hits with the matched character spans.

    from compare import load_corpus, search
    for hit in search(load_corpus(), "smugling netwrks country:g7", limit=10):
        print(hit.score, hit.agreement.id, hit.commitment.id, hit.spans, hit.matched)

How it ranks: every condition of the query (a word, an `a | b` group, a scored facet) is a slot
weighted by how rare it is; a commitment scores the weighted mean of how well it meets each slot
(1 for the exact word in its text, less for a prefix, a typo or a tag), as 0-100. The best 100 (or
twice the limit) by that score are then nudged (up to 10%) by how close together and how early their
matches sit. Ties keep corpus order.
"""

from __future__ import annotations

import bisect
import heapq
import math
import re
from itertools import accumulate

import msgspec

from compare.callable_module import make_callable
from compare.lasting import building, large
from compare.model import Agreement, Commitment
from compare.query import Query, QueryError, Term, fold, parse
from compare.searchindex import Index, ids_of
from compare.searchterms import compile_term

__all__ = ["Hit", "QueryError", "Results", "facet_counts", "find", "index", "parse", "search"]

WINDOW = 100  # how many of the best documents get the finer, per-document ranking
DIRECT = 4000  # below this many matches, score each document directly; above, walk score levels
MAX_WALK = 20_000
LABEL_ORDER = {"text": 0, "id": 1, "tag": 2, "country": 3}


class Hit:
    """One commitment that matches, with its score. `spans` (the matched characters of the text,
    as (start, end) offsets) and `matched` (what matched: text, tag:agency, country:where, theme,
    ...) are worked out on first use: they cost more than the ranking, and a list on screen shows
    only some of the hits it holds."""

    __slots__ = ("agreement", "commitment", "score", "_spans", "_matched", "_slots", "_doc")

    def __init__(
        self,
        agreement: Agreement,
        commitment: Commitment,
        score: float,  # 0-100, higher is better
        spans: tuple[tuple[int, int], ...] | None = None,
        matched: tuple[str, ...] | None = None,
        *,
        slots: list | None = None,
        doc: int | None = None,  # its document number in the index, to work out matched
    ) -> None:
        self.agreement, self.commitment, self.score = agreement, commitment, score
        self._spans, self._matched, self._slots, self._doc = spans, matched, slots, doc

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        if self._spans is None:
            self._spans = spans(self.commitment.text, self._slots or [])
        return self._spans

    def spans_upto(self, end: int) -> tuple[tuple[int, int], ...]:
        """The spans that start before `end`: all a row cut to `end` characters can show, found
        in that much of the text only."""
        if self._spans is not None or len(self.commitment.text) <= end:
            return tuple(s for s in self.spans if s[0] < end)
        return spans(self.commitment.text[:end], self._slots or [])

    @property
    def matched(self) -> tuple[str, ...]:
        if self._matched is None:
            self._matched = _labels(self._doc, self._slots or []) if self._doc is not None else ()
        return self._matched

    def _key(self) -> tuple:
        return (self.agreement.id, self.commitment.id, self.score, self.spans, self.matched)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Hit) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (
            f"Hit({self.agreement.id!r}, {self.commitment.id!r}, score={self.score}, "
            f"spans={self.spans}, matched={self.matched})"
        )


class Results(msgspec.Struct, frozen=True, gc=False):
    hits: list[Hit]
    total: int  # how many commitments match, before the limit
    query: Query


def index(corpus) -> Index:
    """The corpus's search index, built on first use."""
    ix = corpus.derived.get("search")
    if ix is None:
        with building() as built:
            ix = corpus.derived["search"] = Index(corpus)
            built.freeze = large(corpus)
    return ix


def search(
    corpus,
    query: str,
    *,
    limit: int | None = 50,
    country: str | None = None,
    agency: str | None = None,
    theme: str | None = None,
    agreement: str | None = None,
) -> list[Hit]:
    """Ranked hits, best first; limit=None returns every match. Raises QueryError."""
    facets = {"country": country, "agency": agency, "theme": theme, "agreement": agreement}
    return find(corpus, query, limit=limit, **facets).hits


def find(corpus, query: str, *, limit: int | None = 50, **facets: str | None) -> Results:
    """Like search(), with the number of matches before the limit."""
    parsed = parse(query)
    groups = list(parsed.groups)
    for name, value in facets.items():
        if value:
            groups.append((Term("facet", value, -1, f"{name}:{value}", facet=name),))
    ix = index(corpus)
    slots, mask = _compile(ix, groups)
    for slot in slots:
        mask &= slot.union
    total = mask.bit_count()
    if limit is not None and limit <= 0:
        return Results([], total, parsed)
    scored = _rank(ix, slots, mask, limit)
    hits = [_hit(ix, slots, d, score) for score, d in scored]
    return Results(hits, total, parsed)


def facet_counts(hits) -> dict[str, dict[str, int]]:
    """How many of the hits carry each country, agency, theme and agreement, most first."""
    counts: dict[str, dict[str, int]] = {k: {} for k in ("country", "agency", "theme", "agreement")}
    for h in hits:
        a, c = h.agreement, h.commitment
        values = {
            "country": dict.fromkeys((*a.parties, *c.actors, *c.where)),
            "agency": c.agencies,
            "theme": c.themes,
            "agreement": (a.id,),
        }
        for facet, vs in values.items():
            for v in vs:
                counts[facet][v] = counts[facet].get(v, 0) + 1
    return {f: dict(sorted(cs.items(), key=lambda kv: (-kv[1], kv[0]))) for f, cs in counts.items()}


# -- compiling ----------------------------------------------------------------------------


class Slot:
    """One scored condition: a term, or an `a | b` group (a document takes its best alternative)."""

    def __init__(self, matchers: list) -> None:
        self.matchers = matchers
        self.text = any(m.text for m in matchers)
        by_quality: dict[float, int] = {}
        for m in matchers:
            for q, bits in m.levels():
                by_quality[q] = by_quality.get(q, 0) | bits
        self.levels: list[tuple[float, int]] = []  # disjoint, best first
        seen = 0
        for q in sorted(by_quality, reverse=True):
            own = by_quality[q] & ~seen
            if own:
                self.levels.append((q, own))
                seen |= own
        self.union = seen
        self.matcher_bits = [_union(m) for m in matchers] if len(matchers) > 1 else None

    def labels(self, d: int) -> list[str]:
        out: list[str] = []
        for i, m in enumerate(self.matchers):
            if self.matcher_bits is None or (self.matcher_bits[i] >> d) & 1:
                out.extend(m.labels(d))
        return out


def _union(matcher) -> int:
    out = 0
    for _q, bits in matcher.levels():
        out |= bits
    return out


def _key(t: Term) -> tuple:
    value = t.value.casefold() if t.kind == "facet" else fold(t.value)
    return (t.kind, value, t.negated, t.facet)


def _distinct(groups) -> list[tuple[Term, ...]]:
    """The same term twice adds nothing ('the the the', 'a | a'): keep the first of each."""
    out: dict[tuple, tuple[Term, ...]] = {}
    for group in groups:
        terms = tuple({_key(t): t for t in reversed(group)}.values())[::-1]
        out.setdefault(tuple(sorted(map(_key, terms))), terms)
    return list(out.values())


def _compile(ix: Index, groups) -> tuple[list[Slot], int]:
    slots: list[Slot] = []
    mask = ix.all
    for group in _distinct(groups):
        if len(group) == 1 and not group[0].negated:
            slots.extend(Slot([m]) for m in compile_term(ix, group[0]))
        elif any(t.negated for t in group):
            allowed = 0  # a group with a negation is a filter: it does not score
            for t in group:
                found = 0
                for m in compile_term(ix, t, alone=False):
                    found |= _union(m)
                allowed |= (ix.all & ~found) if t.negated else found
            mask &= allowed
        else:
            slots.append(Slot([m for t in group for m in compile_term(ix, t, alone=False)]))
    return slots, mask


# -- ranking ------------------------------------------------------------------------------


def _weights(ix: Index, slots: list[Slot]) -> list[float]:
    return [math.log(1 + ix.n / (1 + s.union.bit_count())) for s in slots]


def _rank(ix: Index, slots: list[Slot], mask: int, limit: int | None) -> list[tuple[float, int]]:
    """(score, document), best first."""
    if not slots:
        return [(100.0, d) for d in ids_of(mask, limit)]
    weights = _weights(ix, slots)
    levels = [
        [(w * q, bits & mask) for q, bits in s.levels if bits & mask]
        for w, s in zip(weights, slots, strict=True)
    ]
    window = max(WINDOW, 2 * limit) if limit is not None else WINDOW
    if limit is None or mask.bit_count() <= DIRECT:
        coarse = _direct(levels, mask)
    else:
        coarse = _walk(levels, mask, window)
    order = lambda sd: (-sd[0], sd[1])  # noqa: E731
    if limit is None:
        coarse.sort(key=order)
    else:  # documents past the window score below every document in it: leave them out
        coarse = heapq.nsmallest(window, coarse, key=order)
    scale = 100 / sum(weights)
    texts = [s for s in slots if s.text]
    out = []
    for i, (s, d) in enumerate(coarse):
        score = s * scale
        if texts:
            fine = _fine(ix, texts, d) if i < window else 0.0
            score *= 0.9 + 0.1 * fine
        out.append((round(min(score, 100.0), 6), d))
    out.sort(key=lambda sd: (-sd[0], sd[1]))
    return out if limit is None else out[:limit]


def _direct(levels, mask: int) -> list[tuple[float, int]]:
    acc: dict[int, float] = {}
    for slot in levels:
        for v, bits in slot:
            for d in ids_of(bits):
                acc[d] = acc.get(d, 0) + v
    return [(s, d) for d, s in acc.items()]


def _walk(levels, mask: int, window: int) -> list[tuple[float, int]]:
    """Combinations of levels in descending score, each taking its lowest-numbered documents, until
    the window is full and every combination tied with the last one is in: the exact top `window`
    by (score, corpus order) without scoring every match."""
    k = len(levels)

    def total(combo) -> float:
        return sum(levels[i][j][0] for i, j in enumerate(combo))

    start = (0,) * k
    heap = [(-total(start), start)]
    seen = {start}
    out: list[tuple[float, int]] = []
    cut = None
    steps = 0
    while heap and steps < MAX_WALK:
        neg, combo = heapq.heappop(heap)
        steps += 1
        if cut is not None and -neg < cut:
            break
        bits = mask
        for i, j in enumerate(combo):
            bits &= levels[i][j][1]
            if not bits:
                break
        if bits:
            out.extend((-neg, d) for d in ids_of(bits, window))
            if cut is None and len(out) >= window:
                cut = -neg
        for i in range(k):
            if combo[i] + 1 < len(levels[i]):
                nxt = combo[:i] + (combo[i] + 1,) + combo[i + 1 :]
                if nxt not in seen:
                    seen.add(nxt)
                    heapq.heappush(heap, (-total(nxt), nxt))
    return out


def _fine(ix: Index, texts: list[Slot], d: int) -> float:
    """0-1: matches close together, early, and a large share of a short text."""
    tokens = ix.folded[d].split()
    if not tokens:
        return 0.0
    per_slot = []
    for slot in texts:
        found = sorted({p for m in slot.matchers if m.text for p in m.positions(tokens)})
        if found:
            per_slot.append(found)
    if not per_slot:
        return 0.0
    span = _min_window(per_slot)
    close = len(per_slot) / span * len(per_slot) / len(texts)
    first = min(p[0] for p in per_slot)
    early = 1 / (1 + first / 8)
    share = min(1.0, 4 * sum(len(p) for p in per_slot) / len(tokens))
    return 0.5 * close + 0.3 * early + 0.2 * share


def _min_window(positions: list[list[int]]) -> int:
    """Fewest consecutive tokens holding one match of every slot."""
    events = sorted((p, i) for i, ps in enumerate(positions) for p in ps)
    need = len(positions)
    have: dict[int, int] = {}
    best = len(events) and events[-1][0] - events[0][0] + 1
    lo = 0
    for p, i in events:
        have[i] = have.get(i, 0) + 1
        while len(have) == need:
            q, j = events[lo]
            best = min(best, p - q + 1)
            have[j] -= 1
            if not have[j]:
                del have[j]
            lo += 1
    return max(best, need)


# -- hits ---------------------------------------------------------------------------------


def _hit(ix: Index, slots: list[Slot], d: int, score: float) -> Hit:
    a, c = ix.docs[d]
    return Hit(a, c, round(score, 3), slots=slots, doc=d)


def _labels(d: int, slots: list[Slot]) -> tuple[str, ...]:
    matched = {label for slot in slots for label in slot.labels(d)}
    return tuple(sorted(matched, key=lambda m: (LABEL_ORDER.get(m.split(":")[0], 9), m)))


_TOKEN = re.compile(
    r"(?:[^\W_]|[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f])+"
)
_ASCII_TOKEN = re.compile(r"[A-Za-z0-9]+")


class TextMap:
    """A text folded word by word, mapping offsets in the folded text back to the original."""

    def __init__(self, text: str) -> None:
        if text.isascii():  # folding an ASCII word only lowers it: same length, same words
            found = [m.span() for m in _ASCII_TOKEN.finditer(text)]
            lower = text.lower()
            parts = [lower[s:e] for s, e in found]
            same = [True] * len(found)
        else:
            found, parts, same = [], [], []
            for m in _TOKEN.finditer(text):
                f = fold(m.group())
                if f:
                    found.append(m.span())
                    parts.append(f)
                    same.append(len(f) == m.end() - m.start())
        self.folded = " ".join(parts)
        self._starts = list(accumulate((len(p) + 1 for p in parts), initial=0))[: len(parts)]
        # folded start, original start, original end, same length
        self.words = [(a, s, e, k) for a, (s, e), k in zip(self._starts, found, same, strict=True)]

    def original(self, i: int, j: int) -> tuple[int, int]:
        """Folded [i, j) -> original (start, end); a word whose folding changed length (ß -> ss)
        is matched whole."""
        a = self.words[bisect.bisect_right(self._starts, i) - 1]
        b = self.words[bisect.bisect_right(self._starts, j - 1) - 1]
        start = a[1] + (i - a[0]) if a[3] else a[1]
        end = b[1] + (j - b[0]) if b[3] else b[2]
        return start, end


def spans(text: str, slots: list[Slot]) -> tuple[tuple[int, int], ...]:
    tm = TextMap(text)
    found = []
    for slot in slots:
        for m in slot.matchers:
            if m.text:
                found.extend(tm.original(i, j) for i, j in m.find(tm.folded) if j > i)
    found.sort()
    merged: list[list[int]] = []
    for s, e in found:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return tuple((s, e) for s, e in merged)


make_callable(__name__, "search")
