"""Golden diffs of the shipped agreements.

The expectations below were written from reading the agreement files, before the diff was run on
these pairs. For each commitment named: the commitments of the other agreement it may pair with
(None: staying unpaired is acceptable too); an empty set means it must stay unpaired, because the
other agreement has nothing like it. The rendered outputs in tests/golden/ are checked too; after
an agreement file changes, review the new output and refresh them with ACCORD_UPDATE_GOLDEN=1.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from compare.diff import diff
from compare.load import load_corpus

G7 = "g7-migrant-smuggling-action-plan-2024"
UK = "uk-oic-summit-2025"
UN = "un-smuggling-protocol-2000"
GOLDEN = Path(__file__).parent / "golden"

RETURNS_UN = {
    "art18-1-accept-return-of-nationals",
    "art18-2-former-permanent-residents",
    "art18-3-verify-nationality",
    "art18-4-issue-travel-documents",
    "art18-5-orderly-dignified-return",
}
EXPECT = {
    (G7, UK): {
        "a": {
            # The UK summit makes no commitment on returns (its returns number is a figure),
            # online adverts, or criminal assets: these stay G7-only.
            "returns-agreements": set(),
            "voluntary-and-enforced-returns": set(),
            "social-media-adverts": set(),
            "asset-seizure-expertise": set(),
            "hotspot-officer-network": {
                None,
                "cross-regional-cooperation",
                "uk-france-source-transit-work",
            },
            "uk-officer-deployments": {None, "cross-regional-cooperation"},
            "upstream-disruption-boat-supply": {None, "cross-regional-cooperation"},
        },
        "b": {
            "iraq-document-fraud-training": set(),
            "uk-france-community-engagement": set(),
            "border-security-funding": set(),
        },
    },
    (G7, UN): {
        "a": {
            # Returns align with returns.
            "returns-agreements": RETURNS_UN,
            "voluntary-and-enforced-returns": RETURNS_UN,
            "social-media-adverts": set(),
            "asset-seizure-expertise": {
                None,
                "art10-1-information-exchange",
                "art10-2-respect-use-restrictions",
            },
            "hotspot-officer-network": {
                None,
                "art17-further-agreements",
                "art11-6-border-agency-cooperation",
                "art10-1-information-exchange",
            },
            "uk-officer-deployments": {
                None,
                "art10-1-information-exchange",
                "art10-2-respect-use-restrictions",
                "art17-further-agreements",
                "art11-6-border-agency-cooperation",
            },
            "upstream-disruption-boat-supply": {
                None,
                "art7-cooperation-at-sea",
                "art8-7-stateless-vessels",
                "art11-1-border-controls",
                "art11-2-commercial-carriers",
                "art6-1a-smuggling-offence",
                "art6-2-attempt-complicity-organising",
            },
        },
        "b": {},
    },
    (UK, UN): {
        "a": {
            # Document fraud aligns with document security.
            "iraq-document-fraud-training": {
                "art14-2-training-cooperation",
                "art14-1-specialised-training",
                "art12-document-security",
                "art13-verify-documents",
                "art11-3-carrier-document-checks",
            },
            "uk-france-community-engagement": {
                "art15-1-public-awareness",
                "art15-2-public-information-cooperation",
            },
            "uk-france-source-transit-work": {
                None,
                "art15-2-public-information-cooperation",
                "art15-3-root-causes",
                "art14-3-technical-assistance",
                "art14-2-training-cooperation",
            },
            "border-security-funding": {None, "art11-1-border-controls"},
            "cross-regional-cooperation": {
                None,
                "art17-further-agreements",
                "art11-6-border-agency-cooperation",
                "art11-1-border-controls",
                "art7-cooperation-at-sea",
            },
        },
        "b": {},
    },
}


@pytest.fixture(scope="module")
def shipped():
    corpus = load_corpus()
    missing = {x for pair in EXPECT for x in pair} - set(corpus.agreements)
    if missing:
        pytest.skip(f"shipped agreements not present: {', '.join(sorted(missing))}")
    return corpus


@pytest.mark.parametrize("pair", list(EXPECT), ids=lambda p: f"{p[0]}--{p[1]}")
def test_shipped_pairs_align_as_a_reviewer_expects(shipped, pair):
    x, y = pair
    a, b = shipped.agreements[x], shipped.agreements[y]
    d = diff(a, b, taxonomy=shipped.taxonomy)
    partner_a = {p.a.id: p.b.id for p in d.matched}
    partner_b = {p.b.id: p.a.id for p in d.matched}
    wrong = []
    for side, partner, expected, own in (
        ("a", partner_a, EXPECT[pair]["a"], a),
        ("b", partner_b, EXPECT[pair]["b"], b),
    ):
        for cid, allowed in expected.items():
            assert any(c.id == cid for c in own.commitments), f"{cid} is gone from {own.id}"
            got = partner.get(cid)
            if got not in (allowed or {None}):
                wrong.append(f"{side}:{cid} -> {got} (expected one of {sorted(map(str, allowed))})")
    assert not wrong, "\n".join(wrong)


def _render(argv: list[str], accord) -> str:
    status, out, err = accord(*argv)
    assert status == 1, err
    return out


@pytest.mark.parametrize("pair", list(EXPECT), ids=lambda p: f"{p[0]}--{p[1]}")
@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_rendered_diff_matches_golden(shipped, pair, fmt, accord, monkeypatch):
    monkeypatch.delenv("ACCORD_CORPUS", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    out = _render(["diff", pair[0], pair[1], "--format", fmt], accord)
    path = GOLDEN / f"{pair[0]}--{pair[1]}.{'md' if fmt == 'markdown' else 'txt'}"
    if os.environ.get("ACCORD_UPDATE_GOLDEN"):
        path.write_text(out, encoding="utf-8")
    assert out == path.read_text(encoding="utf-8"), (
        f"{path.name} differs: review `accord diff {pair[0]} {pair[1]} -f {fmt}` and refresh "
        "with ACCORD_UPDATE_GOLDEN=1"
    )
