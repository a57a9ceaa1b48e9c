"""The diff engine: pairing, set differences, word changes, strength, and its symmetry."""

from __future__ import annotations

from collections import Counter
from unittest.mock import patch

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compare import align
from compare.diff import diff, set_diff, within
from compare.load import load_corpus
from compare.model import STRENGTHS, Agreement, Commitment, Funding, Source
from compare.worddiff import side, tokens, words

SOURCE = {"id": "src", "title": "A source", "publisher": "Someone", "date": "2024-10-04"}


def agreement_yaml(aid: str, commitments: list[dict], **extra) -> str:
    data = {
        "id": aid,
        "title": f"Agreement {aid}",
        "kind": "action-plan",
        "legal_nature": "political",
        "parties": ["GB", "FR"],
        "sources": [SOURCE],
        "commitments": commitments,
        **extra,
    }
    return yaml.safe_dump(data, sort_keys=False)


@pytest.fixture
def pair_of(corpus_dir):
    """Two agreements from their commitments -> (corpus, a, b)."""

    def make(a: list[dict], b: list[dict], a_extra=None, b_extra=None, ids=("plan-a", "plan-b")):
        root = corpus_dir(
            {
                "a.yaml": agreement_yaml(ids[0], a, **(a_extra or {})),
                "b.yaml": agreement_yaml(ids[1], b, **(b_extra or {})),
            }
        )
        corpus = load_corpus(root)
        return corpus, corpus.agreements[ids[0]], corpus.agreements[ids[1]]

    return make


def ids(d):
    return {(p.a.id, p.b.id) for p in d.matched}


# -- two versions of one agreement --------------------------------------------------------------


def test_versions_pair_by_id_and_show_word_changes(pair_of):
    a = [
        {
            "id": "intel",
            "text": "The parties will share intelligence on smuggling routes.",
            "themes": ["intelligence-sharing"],
        },
        {
            "id": "boats",
            "text": "The parties will curb the supply of small boats.",
            "themes": ["supply-chains"],
        },
    ]
    b = [
        {
            "id": "intel",
            "text": "The parties shall share intelligence on smuggling routes and money.",
            "themes": ["intelligence-sharing"],
        },
        {
            "id": "returns",
            "text": "The parties will negotiate readmission agreements.",
            "themes": ["returns"],
        },
    ]
    corpus, x, y = pair_of(a, b, ids=("plan-v1", "plan-v2"))  # most commitment ids shared
    d = diff(x, y, taxonomy=corpus.taxonomy)
    assert ids(d) == {("intel", "intel")}
    assert [c.id for c in d.only_a] == ["boats"]
    assert [c.id for c in d.only_b] == ["returns"]
    (p,) = d.matched
    assert ("delete", " will") in p.words and ("insert", " shall") in p.words
    assert ("insert", " and money") in p.words
    assert (p.strength_a, p.strength_b, p.stronger) == ("commitment", "obligation", "b")
    assert p.strength_inferred == (True, True)
    assert not p.same and not d.identical
    assert d.summary["matched"] == 1 and d.summary["only_a"] == 1 and d.summary["only_b"] == 1


@pytest.fixture
def corpus_dir_two(tmp_path):
    """Two corpora holding one agreement each, so that both may carry the same id."""

    def make(a_text: str, b_text: str):
        out = []
        for name, text in (("one", a_text), ("two", b_text)):
            (tmp_path / name / "agreements").mkdir(parents=True)
            (tmp_path / name / "agreements" / "x.yaml").write_text(text, encoding="utf-8")
            out.append(load_corpus(tmp_path / name))
        return out

    return make


def test_same_agreement_id_pairs_every_shared_id_even_when_rewritten(corpus_dir_two):
    old = agreement_yaml(
        "plan",
        [{"id": "c1", "text": "Share intelligence on routes.", "themes": ["intelligence-sharing"]}],
    )
    new = agreement_yaml(
        "plan", [{"id": "c1", "text": "Fund border projects in Africa.", "themes": ["funding"]}]
    )
    ca, cb = corpus_dir_two(old, new)
    d = diff(ca.agreements["plan"], cb.agreements["plan"])
    assert ids(d) == {("c1", "c1")}
    assert d.matched[0].similarity < 0.4  # paired by id, not by likeness


# -- two different agreements -------------------------------------------------------------------


def test_different_agreements_pair_by_meaning_not_position(pair_of):
    a = [
        {
            "id": "g-returns",
            "text": "Negotiate more returns agreements with countries of origin.",
            "themes": ["returns"],
        },
        {
            "id": "g-assets",
            "text": "Share expertise on seizing and confiscating smugglers' assets.",
            "themes": ["illicit-finance"],
        },
        {
            "id": "g-online",
            "text": "Press social media firms to take down smuggling adverts.",
            "themes": ["online-facilitation"],
        },
    ]
    b = [
        {
            "id": "u-money",
            "text": "Disrupt the financial networks and seize the assets of smugglers.",
            "themes": ["illicit-finance"],
        },
        {
            "id": "u-docs",
            "text": "Train officials to detect fraudulent travel documents.",
            "themes": ["document-security"],
        },
        {
            "id": "u-return",
            "text": "Agree returns arrangements so people can be sent back.",
            "themes": ["returns"],
        },
    ]
    corpus, x, y = pair_of(a, b)
    d = diff(x, y, taxonomy=corpus.taxonomy)
    assert ids(d) == {("g-returns", "u-return"), ("g-assets", "u-money")}
    assert [c.id for c in d.only_a] == ["g-online"]
    assert [c.id for c in d.only_b] == ["u-docs"]


def test_threshold_keeps_unrelated_commitments_apart(pair_of):
    a = [
        {
            "id": "a1",
            "text": "Deploy liaison officers to Europol.",
            "themes": ["officer-deployment"],
        }
    ]
    b = [
        {
            "id": "b1",
            "text": "Run information campaigns on the dangers of crossings.",
            "themes": ["prevention-awareness"],
        }
    ]
    corpus, x, y = pair_of(a, b)
    d = diff(x, y, taxonomy=corpus.taxonomy)
    assert not d.matched and len(d.only_a) == 1 and len(d.only_b) == 1
    assert ids(diff(x, y, threshold=0.0)) == {("a1", "b1")}  # no floor: anything pairs


def test_taxonomy_makes_sibling_themes_partly_alike(pair_of):
    a = [{"id": "a1", "text": "Tackle the smugglers.", "themes": ["illicit-finance"]}]
    b = [{"id": "b1", "text": "Tackle the smugglers.", "themes": ["supply-chains"]}]
    corpus, x, y = pair_of(a, b)
    without = diff(x, y, threshold=0.0).matched[0].similarity
    with_tax = diff(x, y, threshold=0.0, taxonomy=corpus.taxonomy).matched[0].similarity
    assert with_tax > without


def test_one_to_one_best_pair_wins(pair_of):
    text = "Exchange intelligence on smuggling routes and methods."
    a = [{"id": "a1", "text": text, "themes": ["intelligence-sharing"]}]
    b = [
        {
            "id": "b-near",
            "text": "Exchange intelligence on smuggling routes.",
            "themes": ["intelligence-sharing"],
        },
        {"id": "b-exact", "text": text, "themes": ["intelligence-sharing"]},
    ]
    corpus, x, y = pair_of(a, b)
    d = diff(x, y, taxonomy=corpus.taxonomy)
    assert ids(d) == {("a1", "b-exact")}
    assert [c.id for c in d.only_b] == ["b-near"]
    assert d.matched[0].same


def test_pair_reports_themes_agencies_funding_and_declared_strength(pair_of):
    a = [
        {
            "id": "x",
            "text": "Fund joint projects against smuggling gangs.",
            "themes": ["funding"],
            "agencies": ["nca"],
            "strength": "intent",
            "funding": {"amount": 1000000, "currency": "GBP"},
        }
    ]
    b = [
        {
            "id": "x",
            "text": "Fund joint projects against smuggling gangs.",
            "themes": ["funding", "criminal-networks"],
            "agencies": ["nca", "europol"],
            "strength": "obligation",
            "funding": {"amount": 2000000, "currency": "GBP"},
        }
    ]
    corpus, x, y = pair_of(a, b)
    (p,) = diff(x, y).matched
    assert p.themes.only_b == ("criminal-networks",) and p.themes.both == ("funding",)
    assert p.agencies.only_b == ("europol",)
    assert p.funding_changed
    assert (p.strength_a, p.strength_b, p.stronger) == ("intent", "obligation", "b")
    assert p.strength_inferred == (False, False)
    assert not p.same and p.words == (("equal", x.commitments[0].text),)


def test_parties_of_an_incomplete_list_are_not_stated_not_only(pair_of):
    a = [{"id": "a1", "text": "Share intelligence.", "themes": ["intelligence-sharing"]}]
    corpus, x, y = pair_of(
        a,
        a,
        a_extra={"parties": ["G7"]},
        b_extra={"parties": ["GB", "IQ"], "parties_complete": False},
    )
    d = diff(x, y)
    assert d.parties.both == ("GB",)
    assert d.parties.only_b == ("IQ",)  # A's list is complete: IQ is really only in B
    assert set(d.parties.not_stated) == {"CA", "FR", "DE", "IT", "JP", "US"}
    assert d.parties.only_a == ()
    mirror = diff(y, x)
    assert mirror.parties.only_a == ("IQ",) and set(mirror.parties.not_stated) == set(
        d.parties.not_stated
    )


def test_set_diff_keeps_order_and_flags_incomplete_sides():
    sd = set_diff(("a", "b", "c"), ("c", "d"), b_complete=False)
    assert sd.both == ("c",) and sd.only_a == () and sd.only_b == ("d",)
    assert sd.not_stated == ("a", "b")


def test_within_keeps_commitments_under_a_theme_and_its_children(pair_of):
    a = [
        {"id": "a1", "text": "Seize assets.", "themes": ["illicit-finance"]},
        {"id": "a2", "text": "Return people.", "themes": ["returns"]},
    ]
    corpus, x, y = pair_of(a, [])
    d = within(diff(x, y), corpus.taxonomy.descendants("criminal-networks"))
    assert [c.id for c in d.only_a] == ["a1"]


# -- word changes ---------------------------------------------------------------------------


def test_words_rebuild_both_texts_and_mirror():
    a = "The parties will share intelligence, and data."
    b = "Parties shall share data and intelligence now."
    ops = words(a, b)
    assert side(ops, "a") == a and side(ops, "b") == b
    back = words(b, a)
    swap = {"delete": "insert", "insert": "delete", "equal": "equal"}
    assert [t for t, _ in back if t == "equal"] == [t for t, _ in ops if t == "equal"]
    assert sorted((swap[t], x.strip()) for t, x in back) == sorted((t, x.strip()) for t, x in ops)


def test_words_of_empty_and_identical_texts():
    assert words("", "") == ()
    assert words("Same text.", "Same text.") == (("equal", "Same text."),)
    assert words("", "New.") == (("insert", "New."),)


# -- properties -----------------------------------------------------------------------------

VOCAB = "share intelligence seize assets return people train officials boats routes fund".split()
THEMES = ["returns", "illicit-finance", "supply-chains", "intelligence-sharing", "funding"]
COUNTRIES = ["GB", "FR", "IT", "IQ"]


@st.composite
def commitments(draw, prefix: str):
    n = draw(st.integers(0, 7))
    out = []
    for i in range(n):
        cid = draw(st.sampled_from([f"{prefix}{i}", f"c{i}"]))
        if any(c.id == cid for c in out):
            cid = f"{prefix}{i}"
        text = " ".join(draw(st.lists(st.sampled_from(VOCAB), min_size=1, max_size=8))) + "."
        stated = draw(st.booleans())
        out.append(
            Commitment(
                id=cid,
                text=text,
                themes=tuple(draw(st.lists(st.sampled_from(THEMES), max_size=3, unique=True))),
                actors=tuple(draw(st.lists(st.sampled_from(COUNTRIES), unique=True)))
                if stated
                else ("GB", "FR"),
                actors_stated=stated,
                where=tuple(draw(st.lists(st.sampled_from(COUNTRIES), max_size=2, unique=True))),
                agencies=tuple(draw(st.lists(st.sampled_from(["nca", "europol"]), unique=True))),
                source="s",
                strength=draw(st.sampled_from([None, *STRENGTHS])),
                funding=draw(st.sampled_from([None, Funding(5, "GBP"), Funding(9, "EUR")])),
            )
        )
    return tuple(out)


@st.composite
def agreements(draw, aid: str):
    parties = tuple(draw(st.lists(st.sampled_from(COUNTRIES), unique=True)))
    return Agreement(
        id=aid,
        title=aid,
        kind="action-plan",
        legal_nature="political",
        sources=(Source("s", "S"),),
        commitments=draw(commitments(aid[0])),
        parties=parties,
        parties_declared=parties,
        parties_complete=draw(st.booleans()),
    )


def exactly_once(d):
    left = Counter([p.a.id for p in d.matched] + [c.id for c in d.only_a])
    right = Counter([p.b.id for p in d.matched] + [c.id for c in d.only_b])
    assert left == Counter(c.id for c in d.a.commitments)
    assert right == Counter(c.id for c in d.b.commitments)


def mirrored(d, m):
    assert {(p.a.id, p.b.id, p.similarity) for p in d.matched} == {
        (p.b.id, p.a.id, p.similarity) for p in m.matched
    }
    assert [c.id for c in d.only_a] == [c.id for c in m.only_b]
    assert [c.id for c in d.only_b] == [c.id for c in m.only_a]
    for sd, sm in ((d.parties, m.parties), (d.agencies, m.agencies), (d.themes, m.themes)):
        assert set(sd.both) == set(sm.both) and sd.only_a == sm.only_b and sd.only_b == sm.only_a
        assert set(sd.not_stated) == set(sm.not_stated)
    back = {(p.b.id, p.a.id): p for p in m.matched}
    swap = {"a": "b", "b": "a", None: None}
    for p in d.matched:
        q = back[(p.a.id, p.b.id)]
        assert q.stronger == swap[p.stronger] and q.same == p.same
        assert [t for k, t in p.words if k == "equal"] == [t for k, t in q.words if k == "equal"]
        assert q.themes.only_a == p.themes.only_b and q.agencies.only_b == p.agencies.only_a
    assert m.summary["only_a"] == d.summary["only_b"]
    assert d.identical == m.identical


BLOCKING = [None, 0]  # the default, and candidates found by shared words even for tiny inputs


@pytest.mark.parametrize("all_pairs", BLOCKING)
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(a=agreements("alpha"), b=agreements("beta"))
def test_properties_of_any_two_agreements(all_pairs, a, b):
    with patch.object(align, "ALL_PAIRS", align.ALL_PAIRS if all_pairs is None else all_pairs):
        d, m = diff(a, b), diff(b, a)
        exactly_once(d)
        exactly_once(m)
        mirrored(d, m)
        for p in d.matched:
            assert tokens(side(p.words, "a"))[0] == tokens(p.a.text)[0]
            assert tokens(side(p.words, "b"))[0] == tokens(p.b.text)[0]


@pytest.mark.parametrize("all_pairs", BLOCKING)
@settings(max_examples=100, deadline=None)
@given(a=agreements("alpha"))
def test_an_agreement_against_itself_has_no_differences(all_pairs, a):
    with patch.object(align, "ALL_PAIRS", align.ALL_PAIRS if all_pairs is None else all_pairs):
        d = diff(a, a)
    assert d.identical
    assert len(d.matched) == len(a.commitments) and not d.only_a and not d.only_b
    assert all(p.same and p.a is p.b for p in d.matched)
    assert d.summary["changed"] == 0


def test_large_agreements_use_blocking_and_still_find_paraphrases():
    """Above ALL_PAIRS the engine scores only candidates sharing rare words or word runs."""
    import random

    rng = random.Random(7)
    verbs = "share fund train deploy seize return detect patrol map curb".split()
    objects = [f"obj{i} item{i % 17} thing{i % 5}" for i in range(400)]
    places = [f"place{i}" for i in range(60)]

    def make(prefix, texts):
        cs = tuple(
            Commitment(f"{prefix}{i}", t, ("returns",), ("GB",), False, (), (), "s")
            for i, t in enumerate(texts)
        )
        return Agreement(
            prefix,
            prefix,
            "action-plan",
            "political",
            (Source("s", "S"),),
            cs,
            ("GB",),
            ("GB",),
            True,
        )

    texts_a = [f"{rng.choice(verbs)} {objects[i]} in {rng.choice(places)} now." for i in range(300)]
    keep = list(range(0, 300, 3))
    texts_b = [texts_a[i].replace(" now.", " soon.") for i in keep]
    texts_b += [
        f"{rng.choice(verbs)} other{i} stuff{i} in {rng.choice(places)}." for i in range(200)
    ]
    a, b = make("a", texts_a), make("b", texts_b)
    assert len(a.commitments) * len(b.commitments) > align.ALL_PAIRS
    d = diff(a, b)
    exactly_once(d)
    found = {(p.a.id, p.b.id) for p in d.matched}
    assert {(f"a{i}", f"b{k}") for k, i in enumerate(keep)} <= found
    mirrored(d, diff(b, a))


def test_engine_and_machine_formats_load_neither_rich_nor_textual():
    import subprocess
    import sys

    code = (
        "import sys, io, contextlib\n"
        "from compare import load_corpus, diff, matrix\n"
        "from compare.cli import main\n"
        "c = load_corpus()\n"
        "a, b = list(c)[:2]\n"
        "diff(a, b, taxonomy=c.taxonomy); matrix(c)\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['diff', a.id, b.id, '-f', 'json']); main(['diff', a.id, b.id])\n"
        "    main(['matrix', '-f', 'csv']); main(['diff', a.id, b.id, '-f', 'side-by-side'])\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'rich', 'textual'}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
