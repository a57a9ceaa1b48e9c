"""A diff as plain data for `accord diff --format json`. The schema is docs/diff-json.md."""

from __future__ import annotations

from compare.diff import AgreementDiff, Pair, SetDiff
from compare.export import SCHEMA_VERSION, agreement_summary, commitment_dict, funding_dict
from compare.render.diff import wanted


def set_dict(sd: SetDiff) -> dict:
    return {
        "both": list(sd.both),
        "only_a": list(sd.only_a),
        "only_b": list(sd.only_b),
        "not_stated": list(sd.not_stated),
    }


def pair_dict(d: AgreementDiff, p: Pair) -> dict:
    return {
        "change": "same" if p.same else "changed",
        "similarity": p.similarity,
        "a": commitment_dict(p.a, d.a),
        "b": commitment_dict(p.b, d.b),
        "words": [{"op": tag, "text": text} for tag, text in p.words],
        "themes": set_dict(p.themes),
        "actors": set_dict(p.actors),
        "where": set_dict(p.where),
        "agencies": set_dict(p.agencies),
        "funding": {
            "changed": p.funding_changed,
            "a": funding_dict(p.a.funding),
            "b": funding_dict(p.b.funding),
        },
        "strength": {
            "a": p.strength_a,
            "b": p.strength_b,
            "a_inferred": p.strength_inferred[0],
            "b_inferred": p.strength_inferred[1],
            "stronger": p.stronger,
        },
    }


def diff_dict(
    d: AgreementDiff,
    *,
    only: str | None = None,
    theme: str | None = None,
    threshold: float | None = None,
    identical: bool | None = None,
) -> dict:
    def summary(a):
        out = agreement_summary(a)
        out["sources"] = [{"id": s.id, "title": s.title, "url": s.url} for s in a.sources]
        return out

    return {
        "schema_version": SCHEMA_VERSION,
        "a": summary(d.a),
        "b": summary(d.b),
        "options": {"theme": theme, "only": only, "threshold": threshold},
        "identical": d.identical if identical is None else identical,
        "summary": d.summary,
        "parties": set_dict(d.parties),
        "agencies": set_dict(d.agencies),
        "themes": set_dict(d.themes),
        "matched": [pair_dict(d, p) for p in d.matched if wanted(("pair", p), only)],
        "only_a": [commitment_dict(c, d.a) for c in d.only_a if wanted(("only_a", c), only)],
        "only_b": [commitment_dict(c, d.b) for c in d.only_b if wanted(("only_b", c), only)],
    }
