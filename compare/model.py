"""The data model: frozen records, no I/O.

Everything a source says about an agreement lives here. Unknown facts stay unknown: a date may be
partial or absent, a party list may be marked incomplete.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import msgspec

# Strength of a commitment's wording, strongest first.
STRENGTHS = ("obligation", "commitment", "intent", "encouragement")
# As a type, so the cache decodes a strength to the one shared string instead of a new copy each.
Strength = Literal["obligation", "commitment", "intent", "encouragement"]

KINDS = (
    "treaty",
    "convention",
    "protocol",
    "directive",
    "compact",
    "declaration",
    "action-plan",
    "summit-outcome",
    "communique",
    "mou",
    "other",
)

LEGAL_NATURES = ("binding", "political", "non-binding")

FUNDING_QUALIFIERS = ("exact", "about", "more-than", "up-to")


class _Record(msgspec.Struct, frozen=True, gc=False, array_like=True):
    """Immutable, slotted and hashable, like a frozen dataclass. A msgspec Struct because the
    corpus cache decodes these about twice as fast as dataclasses (array_like: stored as arrays, not
    maps keyed by field name); gc=False since records never form cycles, so 100,000 commitments
    add nothing to the collector's work."""


class PartialDate(_Record):
    """A date that may be known only to the year or month."""

    year: int
    month: int | None = None
    day: int | None = None

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)


class Source(_Record):
    id: str
    title: str
    publisher: str | None = None
    date: PartialDate | None = None
    url: str | None = None
    kind: str | None = None  # official-text | press-release | news-report | ...


class Funding(_Record):
    amount: int | float
    currency: str  # ISO 4217
    qualifier: str = "exact"  # one of FUNDING_QUALIFIERS
    note: str | None = None

    def __str__(self) -> str:
        words = {"about": "about ", "more-than": "over ", "up-to": "up to ", "exact": ""}
        amount = f"{self.amount:,.0f}" if float(self.amount).is_integer() else f"{self.amount:,}"
        return f"{words.get(self.qualifier, '')}{self.currency} {amount}"


class Commitment(_Record):
    id: str
    text: str  # a summary in our own words, never the source's wording
    themes: tuple[str, ...]
    actors: tuple[str, ...]  # country codes who commit; the parties when the file leaves it out
    actors_stated: bool  # False when actors defaulted to the parties
    where: tuple[str, ...]  # country codes and region ids it acts in
    agencies: tuple[str, ...]
    source: str  # a Source id of the agreement
    strength: Strength | None = None  # declared; None means "infer from the text"
    funding: Funding | None = None
    ref: str | None = None  # pinpoint: article, paragraph
    url: str | None = None  # link to the original wording
    notes: str | None = None

    @property
    def theme(self) -> str | None:
        """The primary theme: side-by-side views file a commitment under its first theme."""
        return self.themes[0] if self.themes else None


class Statement(_Record):
    speaker: str
    gist: str  # what they said, in our own words
    source: str
    role: str | None = None
    country: str | None = None
    agency: str | None = None


class Figure(_Record):
    """A number the source reports as context (a returns count, say): never a commitment."""

    id: str
    description: str
    value: int | float
    source: str
    unit: str | None = None
    qualifier: str = "exact"
    period: str | None = None


class Agreement(_Record):
    id: str
    title: str
    kind: str
    legal_nature: str
    sources: tuple[Source, ...]
    commitments: tuple[Commitment, ...]
    parties: tuple[str, ...]  # expanded alpha-2 codes
    parties_declared: tuple[str, ...]  # as written: codes and group ids
    parties_complete: bool
    date: PartialDate | None = None
    place: str | None = None
    host: str | None = None
    status: str | None = None
    summary: str | None = None
    reviewed: PartialDate | None = None
    short_title: str | None = None
    participants: tuple[str, ...] = ()  # agencies and bodies that took part
    statements: tuple[Statement, ...] = ()
    figures: tuple[Figure, ...] = ()
    notes: str | None = None
    path: str | None = None  # file it came from

    @property
    def agencies(self) -> tuple[str, ...]:
        """Every agency the agreement names: participants and those in its commitments."""
        seen = dict.fromkeys(self.participants)
        for c in self.commitments:
            seen.update(dict.fromkeys(c.agencies))
        return tuple(seen)

    @property
    def themes(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for c in self.commitments:
            seen.update(dict.fromkeys(c.themes))
        return tuple(seen)

    def commitment(self, cid: str) -> Commitment:
        for c in self.commitments:
            if c.id == cid:
                return c
        raise KeyError(cid)

    def source(self, sid: str) -> Source | None:
        for s in self.sources:
            if s.id == sid:
                return s
        return None


def date_order(a: Agreement) -> tuple:
    """Oldest first (undated before all), then by id: the order every listing uses."""
    return (a.date.sort_key() if a.date else (0, 0, 0), a.id)


class Problem(_Record):
    """One thing wrong with an input file, located to line and column (1-based)."""

    file: str
    line: int
    column: int
    path: str  # the field's path, such as commitments[2].themes[0]
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class CorpusError(Exception):
    """Invalid data: carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        first = str(self.problems[0]) if self.problems else "invalid corpus"
        more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
        super().__init__(first + more)


class Corpus:
    """Agreements by id, with indexes by country, agency and theme."""

    __slots__ = ("agreements", "taxonomy", "registry", "root", "problems", "derived", "_indexes")

    def __init__(
        self,
        agreements: Mapping[str, Agreement],  # a dict, or the cache's decode-on-use mapping
        taxonomy: object,  # compare.taxonomy.Taxonomy
        registry: object,  # compare.registry.Registry
        root: str | None = None,
        problems: list[Problem] | None = None,  # files that failed, in non-strict loads
    ) -> None:
        self.agreements = agreements
        self.taxonomy = taxonomy
        self.registry = registry
        self.root = root
        self.problems = list(problems) if problems is not None else []
        # Structures derived from the agreements (the search index, say), built on first use.
        self.derived: dict[str, object] = {}
        # by_country, by_agency and by_theme, built on first use too: building them takes longer
        # than reading a 100,000-commitment corpus from the cache, and many commands never look.
        self._indexes: tuple | None = None

    def __repr__(self) -> str:
        return f"Corpus(root={self.root!r}, agreements={len(self.agreements)})"

    def reindex(self) -> None:
        """Forget every derived structure; each is rebuilt from the agreements on next use."""
        self.derived = {}
        self._indexes = None

    @property
    def by_country(self) -> dict[str, list[tuple[str, str]]]:
        """(agreement id, commitment id) by country code: parties, actors and places."""
        return self._index()[0]

    @property
    def by_agency(self) -> dict[str, list[tuple[str, str]]]:
        return self._index()[1]

    @property
    def by_theme(self) -> dict[str, list[tuple[str, str]]]:
        return self._index()[2]

    def _index(self) -> tuple[dict, dict, dict]:
        if self._indexes is None:
            from compare.lasting import building, large

            by_country: dict[str, list[tuple[str, str]]] = {}
            by_agency: dict[str, list[tuple[str, str]]] = {}
            by_theme: dict[str, list[tuple[str, str]]] = {}
            with building() as built:
                for a in self.agreements.values():
                    for c in a.commitments:
                        key = (a.id, c.id)
                        for code in dict.fromkeys((*a.parties, *c.actors, *c.where)):
                            by_country.setdefault(code, []).append(key)
                        for ag in c.agencies:
                            by_agency.setdefault(ag, []).append(key)
                        for t in c.themes:
                            by_theme.setdefault(t, []).append(key)
                built.freeze = large(self)
            self._indexes = (by_country, by_agency, by_theme)
        return self._indexes

    def __len__(self) -> int:
        return len(self.agreements)

    def __iter__(self):
        return iter(self.agreements.values())

    def outlines(self) -> list[tuple[Agreement, int]]:
        """(agreement, number of commitments) for each agreement, in corpus order: all a listing
        needs. From the cache, the agreement comes without its commitments (it decodes them only
        when asked for by id), so read its other fields only."""
        lazy = getattr(self.agreements, "outlines", None)
        if lazy is not None:
            return lazy()
        return [(a, len(a.commitments)) for a in self.agreements.values()]

    def commitments(self):
        """Every (agreement, commitment) pair, in corpus order."""
        for a in self.agreements.values():
            for c in a.commitments:
                yield a, c

    def get(self, aid: str, cid: str) -> tuple[Agreement, Commitment]:
        a = self.agreements[aid]
        return a, a.commitment(cid)

    def resolve(self, name: str) -> Agreement:
        """Exact id, unique id prefix, or a fuzzy title; raises LookupError naming candidates."""
        from compare.names import resolve_agreement

        return resolve_agreement(self, name)
