"""Naming an agreement: exact id, unique id prefix, or a fuzzy title above a threshold."""

from __future__ import annotations

import msgspec

from compare.registry import norm

FUZZY_CUTOFF = 75
CLEAR_LEAD = 10
NEAR_CUTOFF = 40


class AmbiguousName(LookupError):
    """No single agreement answers to a name; carries the nearest candidates."""

    def __init__(self, name: str, candidates: list[str], reason: str):
        self.name = name
        self.candidates = candidates
        listing = (
            f"; nearest: {', '.join(candidates)}"
            if candidates
            else "; 'accord list' shows them all"
        )
        super().__init__(f"{reason} {name!r}{listing}")


class Resolution(msgspec.Struct, frozen=True, gc=False):
    agreement: object
    how: str  # id | prefix | title


def resolve_agreement(corpus, name: str):
    return resolve_with_reason(corpus, name).agreement


def resolve_with_reason(corpus, name: str) -> Resolution:
    agreements = corpus.agreements
    if name in agreements:
        return Resolution(agreements[name], "id")
    prefixed = [aid for aid in agreements if aid.startswith(name)]
    if len(prefixed) == 1:
        return Resolution(agreements[prefixed[0]], "prefix")
    if len(prefixed) > 1:
        raise AmbiguousName(name, sorted(prefixed)[:8], "ambiguous agreement name")
    from rapidfuzz import fuzz, process

    titles = {a.id: norm(f"{a.title} {a.short_title or ''} {a.id}") for a, _ in corpus.outlines()}
    # token_set_ratio: every word typed must be in the title, in any order ("g7 action plan").
    hits = process.extract(norm(name), titles, scorer=fuzz.token_set_ratio, limit=5)
    good = [h for h in hits if h[1] >= FUZZY_CUTOFF]
    if good and (len(good) == 1 or good[0][1] - good[1][1] >= CLEAR_LEAD):
        return Resolution(agreements[good[0][2]], "title")
    if len(good) > 1:
        raise AmbiguousName(name, [h[2] for h in good], "ambiguous agreement name")
    near = [h[2] for h in hits if h[1] >= NEAR_CUTOFF]
    raise AmbiguousName(name, near, "no agreement matches")
