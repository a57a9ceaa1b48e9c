"""Facets of a query (country:, agency:, theme:, agreement:, kind:, year:) resolved against the
corpus: through the registries' and the taxonomy's aliases first, then fuzzily (a typo or two). A
value that does not resolve is a QueryError naming the term, with the nearest names.
"""

from __future__ import annotations

import re

from compare.model import KINDS
from compare.query import QueryError, Term, fold, shown
from compare.searchindex import Index, registry_names

RESOLVE_CUTOFF = 80
# country: ranks a commitment acting in the country above one the country commits to, above one
# it is merely a party to.
ROLE_QUALITY = (("where", 1.0), ("actor", 0.9), ("party", 0.7))


class Facet:
    """A facet: documents per level, and the labels a hit reports for it."""

    text = False

    def __init__(self, index: Index, levels, label) -> None:
        self.index = index
        self._levels = [(q, b) for q, b in levels]
        self._label = label

    def levels(self) -> list[tuple[float, int]]:
        return self._levels

    def labels(self, d: int) -> list[str]:
        return self._label(d)


def _fuzzy_one(value: str, table: dict[str, str]) -> str | None:
    """The id of the one name close to `value` (a typo or two), ignoring codes and short names."""
    from rapidfuzz import fuzz, process

    names = [n for n in table if len(n) >= 4]
    found = process.extract(fold(value), names, scorer=fuzz.ratio, score_cutoff=RESOLVE_CUTOFF)
    ids = {table[n] for n, score, _ in found if score >= found[0][1] - 1e-9} if found else set()
    return ids.pop() if len(ids) == 1 else None


def _near(value: str, table: dict[str, str], limit: int = 3) -> list[str]:
    """Ids whose names look like `value`, for a 'did you mean'."""
    from rapidfuzz import fuzz, process

    names = [n for n in table if len(n) >= 3]
    out: list[str] = []
    for n, _s, _ in process.extract(
        fold(value), names, scorer=fuzz.ratio, limit=20, score_cutoff=60
    ):
        if table[n] not in out:
            out.append(table[n])
    return out[:limit]


def _bad(term: Term, what: str, value: str, near: list[str]) -> QueryError:
    hint = f" (did you mean {' or '.join(near[:3])}?)" if near else ""
    return QueryError(
        f"unknown {what} {shown(value)} in {shown(term.raw)}{hint}", term.position, term.raw
    )


def _values(term: Term) -> list[str]:
    return [v.strip() for v in term.value.split(",") if v.strip()] or [term.value]


def country_facet(ix: Index, term: Term) -> Facet:
    registry = ix.corpus.registry
    codes: set[str] = set()
    for value in _values(term):
        found = registry.place(value)
        if found is None:
            table = {}
            for kind in ("region", "group", "country"):
                table.update({k: f"{kind}\0{v}" for k, v in registry_names(registry, kind).items()})
            hit = _fuzzy_one(value, table)
            found = tuple(hit.split("\0")) if hit else None
        if found is None:
            near = [v.split("\0")[1] for v in _near(value, table)]
            named = [c if registry.name(c) == c else f"{c} ({registry.name(c)})" for c in near]
            raise _bad(term, "country", value, named)
        kind, code = found
        if kind == "group":
            codes.update(registry.expand(code))
        else:
            codes.add(code)
            codes.update(registry.region_members(code) if kind == "region" else ())
    levels = [(q, _or(ix.facet(role, c) for c in codes)) for role, q in ROLE_QUALITY]

    def label(d: int) -> list[str]:
        found = ix.roles(d)
        roles = set().union(*(found.get(c, ()) for c in codes))
        return [f"country:{r}" for r in ("party", "actor", "where") if r in roles]

    return Facet(ix, levels, label)


def theme_facet(ix: Index, term: Term) -> Facet:
    taxonomy = ix.corpus.taxonomy
    primary = theme = below = 0
    for value in _values(term):
        tid = taxonomy.resolve(value)
        if tid is None:
            raise _bad(term, "theme", value, taxonomy.suggest(value))
        primary |= ix.facet("primary", tid)
        theme |= ix.facet("theme", tid)
        below |= _or(ix.facet("theme", t) for t in taxonomy.descendants(tid) - {tid})
    return Facet(ix, [(1.0, primary), (0.9, theme), (0.8, below)], lambda d: ["theme"])


def agency_facet(ix: Index, term: Term) -> Facet:
    """An agency by id, name or alias; else every agency whose name starts so ('border' is
    Border Force and Border Security Command); else one name within a typo or two."""
    registry = ix.corpus.registry
    names = registry_names(registry, "agency")
    bits = 0
    for value in _values(term):
        found = registry.lookup("agency", value)
        key = fold(value)
        gids = (
            {found}
            if found
            else {g for n, g in names.items() if len(key) >= 3 and n.startswith(key)}
        )
        if not gids and _fuzzy_one(value, names):
            gids = {_fuzzy_one(value, names)}
        if not gids:
            raise _bad(term, "agency", value, _near(value, names))
        bits |= _or(ix.facet("agency", g) for g in gids)
    return Facet(ix, [(1.0, bits)], lambda d: ["agency"])


def agreement_facet(ix: Index, term: Term) -> Facet:
    from compare.names import AmbiguousName, resolve_with_reason

    agreements = ix.corpus.agreements
    bits = 0
    for value in _values(term):
        ids = [value] if value in agreements else [a for a in agreements if a.startswith(value)]
        if not ids:
            try:
                ids = [resolve_with_reason(ix.corpus, value).agreement.id]
            except AmbiguousName as exc:
                raise _bad(term, "agreement", value, exc.candidates) from None
        bits |= _or(ix.facet("agreement", a) for a in ids)
    return Facet(ix, [(1.0, bits)], lambda d: ["agreement"])


def kind_facet(ix: Index, term: Term) -> Facet:
    kinds = {k: k for k in KINDS} | {a.kind: a.kind for a in ix.corpus}
    table = {fold(k): k for k in kinds}
    bits = 0
    for value in _values(term):
        kind = table.get(fold(value)) or _fuzzy_one(value, table)
        if kind is None:
            raise QueryError(
                f"unknown kind {shown(value)} in {shown(term.raw)} (kinds are {', '.join(KINDS)})",
                term.position,
                term.raw,
            )
        bits |= ix.facet("kind", kind)
    return Facet(ix, [(1.0, bits)], lambda d: ["kind"])


_YEARS = re.compile(r"(\d{1,4})?(\.\.)?(\d{1,4})?")


def year_facet(ix: Index, term: Term) -> Facet:
    present = sorted(int(k[1]) for k in ix.facets if k[0] == "year")
    bits = 0
    for value in _values(term):
        m = _YEARS.fullmatch(value)
        if not m or not (m.group(1) or m.group(3)) or (m.group(3) and not m.group(2)):
            raise QueryError(
                f"{shown(term.raw)}: year: takes a year or a range such as 2023..2025",
                term.position,
                term.raw,
            )
        lo = int(m.group(1)) if m.group(1) else -1
        hi = int(m.group(3)) if m.group(3) else (lo if not m.group(2) else 10_000)
        if hi < lo:
            raise QueryError(
                f"{shown(term.raw)}: the range ends before it starts", term.position, term.raw
            )
        bits |= _or(ix.facet("year", str(y)) for y in present if lo <= y <= hi)
    return Facet(ix, [(1.0, bits)], lambda d: ["year"])


FACET_BUILDERS = {
    "country": country_facet,
    "agency": agency_facet,
    "theme": theme_facet,
    "agreement": agreement_facet,
    "kind": kind_facet,
    "year": year_facet,
}


def _or(sets) -> int:
    out = 0
    for s in sets:
        out |= s
    return out
