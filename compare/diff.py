"""Two agreements -> what both commit to, what only one does, and how the shared ones differ.

from compare import load_corpus, diff
corpus = load_corpus()
d = diff(corpus.resolve("g7"), corpus.resolve("uk-oic"), taxonomy=corpus.taxonomy)
d.summary  # {'matched': ..., 'only_a': ..., ...}
"""

from __future__ import annotations

import msgspec

from compare.align import THRESHOLD, align
from compare.callable_module import make_callable
from compare.model import Agreement, Commitment
from compare.strength import rank, strength_of
from compare.worddiff import changed, words


class SetDiff(msgspec.Struct, frozen=True, gc=False):
    both: tuple[str, ...]
    only_a: tuple[str, ...]
    only_b: tuple[str, ...]
    # On one side only, but the other side's list is marked incomplete: we cannot say.
    not_stated: tuple[str, ...] = ()

    @property
    def differs(self) -> bool:
        return bool(self.only_a or self.only_b or self.not_stated)


def set_diff(
    a: tuple[str, ...], b: tuple[str, ...], *, a_complete: bool = True, b_complete: bool = True
) -> SetDiff:
    if a == b:
        return SetDiff(a, (), ())
    sa, sb = set(a), set(b)
    only_a = [x for x in a if x not in sb]
    only_b = [x for x in b if x not in sa]
    unknown = [x for x in only_a if not b_complete] + [x for x in only_b if not a_complete]
    return SetDiff(
        both=tuple(x for x in a if x in sb),
        only_a=tuple(x for x in only_a if b_complete),
        only_b=tuple(x for x in only_b if a_complete),
        not_stated=tuple(unknown),
    )


class Pair(msgspec.Struct, frozen=True, gc=False):
    a: Commitment
    b: Commitment
    similarity: float  # 0..1
    words: tuple[tuple[str, str], ...]  # ("equal" | "delete" | "insert", text)
    themes: SetDiff
    actors: SetDiff
    agencies: SetDiff
    funding_changed: bool
    strength_a: str | None
    strength_b: str | None
    stronger: str | None  # "a", "b", or None when equal or unknown
    same: bool  # no change at all
    where: SetDiff = SetDiff((), (), ())
    strength_inferred: tuple[bool, bool] = (False, False)  # (a, b): from the wording, not declared


class AgreementDiff(msgspec.Struct, frozen=True, gc=False):
    a: Agreement
    b: Agreement
    parties: SetDiff
    agencies: SetDiff
    themes: SetDiff
    matched: tuple[Pair, ...]
    only_a: tuple[Commitment, ...]
    only_b: tuple[Commitment, ...]

    @property
    def summary(self) -> dict[str, int]:
        changed_pairs = [p for p in self.matched if not p.same]
        return {
            "matched": len(self.matched),
            "same": len(self.matched) - len(changed_pairs),
            "changed": len(changed_pairs),
            "only_a": len(self.only_a),
            "only_b": len(self.only_b),
            "stronger_a": sum(p.stronger == "a" for p in self.matched),
            "stronger_b": sum(p.stronger == "b" for p in self.matched),
            "parties_both": len(self.parties.both),
            "parties_only_a": len(self.parties.only_a),
            "parties_only_b": len(self.parties.only_b),
            "parties_not_stated": len(self.parties.not_stated),
            "agencies_only_a": len(self.agencies.only_a),
            "agencies_only_b": len(self.agencies.only_b),
            "themes_only_a": len(self.themes.only_a),
            "themes_only_b": len(self.themes.only_b),
        }

    @property
    def identical(self) -> bool:
        return not (
            self.only_a
            or self.only_b
            or any(not p.same for p in self.matched)
            or self.parties.differs
            or self.agencies.differs
            or self.themes.differs
        )


def diff(
    a: Agreement, b: Agreement, *, threshold: float | None = None, taxonomy=None
) -> AgreementDiff:
    """Compare two agreements. `taxonomy` (a compare.taxonomy.Taxonomy, such as corpus.taxonomy)
    lets commitments filed under sibling themes count as partly alike."""
    parents = {}
    if taxonomy is not None:
        parents = {t.id: t.parent for t in taxonomy if t.parent}
    ca, cb = a.commitments, b.commitments
    result = align(
        ca,
        cb,
        threshold=THRESHOLD if threshold is None else threshold,
        parents=parents,
        by_id=_versions(a, b),
    )
    return AgreementDiff(
        a=a,
        b=b,
        parties=set_diff(
            a.parties, b.parties, a_complete=a.parties_complete, b_complete=b.parties_complete
        ),
        agencies=set_diff(a.agencies, b.agencies),
        themes=set_diff(a.themes, b.themes),
        matched=tuple(pair(a, b, ca[i], cb[j], s) for i, j, s in result.pairs),
        only_a=tuple(ca[i] for i in result.only_a),
        only_b=tuple(cb[j] for j in result.only_b),
    )


def _versions(a: Agreement, b: Agreement) -> bool:
    """Two versions of one agreement: the same id, or most commitment ids shared."""
    if a.id == b.id:
        return True
    ids_a = {c.id for c in a.commitments}
    shared = sum(c.id in ids_a for c in b.commitments)
    return shared > 0 and shared * 2 >= min(len(a.commitments), len(b.commitments))


def pair(a: Agreement, b: Agreement, x: Commitment, y: Commitment, similarity: float) -> Pair:
    sx, ix = strength_of(x)
    sy, iy = strength_of(y)
    stronger = None
    if sx and sy and rank(sx) != rank(sy):
        stronger = "a" if rank(sx) > rank(sy) else "b"
    # Actors the file leaves out default to the parties; an incomplete party list then says
    # nothing about who else commits.
    x_complete = x.actors_stated or a.parties_complete
    y_complete = y.actors_stated or b.parties_complete
    ops = words(x.text, y.text)
    themes = set_diff(x.themes, y.themes)
    actors = set_diff(x.actors, y.actors, a_complete=x_complete, b_complete=y_complete)
    agencies = set_diff(x.agencies, y.agencies)
    where = set_diff(x.where, y.where)
    funding_changed = x.funding != y.funding
    # Actors both left to default follow the party lists, compared on their own.
    actors_changed = actors.differs and (x.actors_stated or y.actors_stated)
    same = not (
        changed(ops)
        or x.themes != y.themes
        or actors_changed
        or agencies.differs
        or where.differs
        or funding_changed
        or sx != sy
    )
    return Pair(
        a=x,
        b=y,
        similarity=round(similarity, 4),
        words=ops,
        themes=themes,
        actors=actors,
        agencies=agencies,
        funding_changed=funding_changed,
        strength_a=sx,
        strength_b=sy,
        stronger=stronger,
        same=same,
        where=where,
        strength_inferred=(ix, iy),
    )


def within(d: AgreementDiff, themes: set[str]) -> AgreementDiff:
    """Only the commitments filed under any of `themes` (on either side of a pair)."""

    def keep(c: Commitment) -> bool:
        return any(t in themes for t in c.themes)

    return AgreementDiff(
        a=d.a,
        b=d.b,
        parties=d.parties,
        agencies=d.agencies,
        themes=d.themes,
        matched=tuple(p for p in d.matched if keep(p.a) or keep(p.b)),
        only_a=tuple(c for c in d.only_a if keep(c)),
        only_b=tuple(c for c in d.only_b if keep(c)),
    )


make_callable(__name__, "diff")
