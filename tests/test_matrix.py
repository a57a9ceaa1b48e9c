"""The coverage matrix engine."""

from __future__ import annotations

import pytest
import yaml

from compare.load import load_corpus
from compare.matrix import matrix


def agreement(aid: str, commitments: list[dict], parties=("GB", "FR")) -> str:
    return yaml.safe_dump(
        {
            "id": aid,
            "title": aid,
            "kind": "declaration",
            "legal_nature": "political",
            "parties": list(parties),
            "sources": [{"id": "s", "title": "S"}],
            "commitments": commitments,
        },
        sort_keys=False,
    )


@pytest.fixture
def corpus(corpus_dir):
    one = [
        {
            "id": "a",
            "text": "Seize assets.",
            "themes": ["illicit-finance", "intelligence-sharing"],
            "agencies": ["nca"],
            "where": ["IQ"],
        },
        {
            "id": "b",
            "text": "Share intelligence.",
            "themes": ["intelligence-sharing"],
            "actors": ["GB"],
            "agencies": ["nca", "europol"],
        },
    ]
    two = [
        {"id": "c", "text": "Return people.", "themes": ["returns"], "where": ["western-balkans"]}
    ]
    root = corpus_dir(
        {"one.yaml": agreement("one", one), "two.yaml": agreement("two", two, ["IT"])}
    )
    return load_corpus(root)


def test_by_theme_counts_each_theme_of_a_commitment_and_keeps_gaps(corpus):
    m = matrix(corpus)
    assert m.columns == ("one", "two")
    assert m.rows == tuple(corpus.taxonomy.order())  # every theme, gaps included
    assert m.count("intelligence-sharing", "one") == 2
    assert m.cells[("intelligence-sharing", "one")] == ("a", "b")
    assert m.count("illicit-finance", "one") == 1 and m.count("returns", "two") == 1
    assert m.count("returns", "one") == 0 and ("returns", "one") not in m.cells
    assert m.covered("regular-pathways") == 0 and m.total("intelligence-sharing") == 2


def test_by_country_uses_actors_and_places(corpus):
    m = matrix(corpus, by="country")
    assert m.count("GB", "one") == 2  # b by GB; a by the parties, GB and FR
    assert m.count("FR", "one") == 1
    assert m.count("IQ", "one") == 1 and m.count("IT", "two") == 1
    assert m.count("western-balkans", "two") == 1
    assert m.rows[0] in ("GB", "FR", "IQ", "IT", "western-balkans")
    assert set(m.rows) == {"GB", "FR", "IQ", "IT", "western-balkans"}


def test_by_agency_orders_rows_by_coverage(corpus):
    m = matrix(corpus, ["two", "one"], by="agency")
    assert m.columns == ("two", "one")
    assert m.rows == ("nca", "europol")  # nca: two commitments, europol: one
    assert m.count("nca", "one") == 2 and m.count("nca", "two") == 0


def test_unknown_inputs_are_errors(corpus):
    with pytest.raises(KeyError):
        matrix(corpus, ["nope"])
    with pytest.raises(ValueError):
        matrix(corpus, by="colour")


def test_duplicate_ids_count_once(corpus):
    assert matrix(corpus, ["one", "one"]).columns == ("one",)
