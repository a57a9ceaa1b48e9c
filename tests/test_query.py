"""The query parser: every operator and facet, negation, ranges, and errors that point at the term."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compare.query import MAX_TERMS, QueryError, fold, parse
from compare.registry import norm


def kinds(query: str) -> list[list[tuple[str, str, bool]]]:
    return [[(t.kind, t.value, t.negated) for t in g] for g in parse(query).groups]


def test_words_are_anded_groups():
    assert kinds("smuggling networks") == [
        [("word", "smuggling", False)],
        [("word", "networks", False)],
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("'exact", ("exact", "exact", False)),
        ("^start", ("prefix", "start", False)),
        ("end$", ("suffix", "end", False)),
        ("^whole$", ("whole", "whole", False)),
        ('"a phrase"', ("phrase", "a phrase", False)),
        ("!boats", ("word", "boats", True)),
        ("-boats", ("word", "boats", True)),
        ("!'exact", ("exact", "exact", True)),
        ("!^start", ("prefix", "start", True)),
        ('!"a phrase"', ("phrase", "a phrase", True)),
    ],
)
def test_operators(query, expected):
    assert kinds(query) == [[expected]]


def test_or_joins_neighbours_into_one_group():
    assert kinds("a | b c") == [
        [("word", "a", False), ("word", "b", False)],
        [("word", "c", False)],
    ]
    assert kinds("a|b|c") == [[("word", x, False) for x in "abc"]]


@pytest.mark.parametrize("facet", ["country", "agency", "theme", "agreement", "kind", "year"])
def test_every_facet(facet):
    (term,) = parse(f"{facet}:x1").terms
    assert (term.kind, term.facet, term.value, term.negated) == ("facet", facet, "x1", False)


def test_facet_negation_case_and_quoted_values():
    a, b, c = parse('-country:fr !Agency:nca theme:"small boats"').terms
    assert (a.facet, a.value, a.negated) == ("country", "fr", True)
    assert (b.facet, b.value, b.negated) == ("agency", "nca", True)
    assert (c.facet, c.value, c.negated) == ("theme", "small boats", False)


def test_year_range_is_kept_for_the_resolver():
    (term,) = parse("year:2023..2025").terms
    assert (term.facet, term.value) == ("year", "2023..2025")


def test_positions_and_raw_text():
    terms = parse("  smuggling  country:fr | 'x").terms
    assert [(t.raw, t.position) for t in terms] == [
        ("smuggling", 2),
        ("country:fr", 13),
        ("'x", 26),
    ]


def test_empty_and_blank_queries_mean_everything():
    assert parse("").groups == ()
    assert parse("   \t ").groups == ()


def test_punctuation_only_words_are_not_conditions():
    assert kinds("smuggling & (networks)") == [
        [("word", "smuggling", False)],
        [("word", "(networks)", False)],
    ]


def test_url_like_words_are_not_facets():
    assert kinds("https://example.org") == [[("word", "https://example.org", False)]]


@pytest.mark.parametrize(
    ("query", "position", "term", "words"),
    [
        ('smuggling "forged docu', 10, '"forged docu', "unclosed quote"),
        ("boats contry:fr", 6, "contry:fr", "did you mean country:"),
        ("zzz:1", 0, "zzz:1", "facets are country"),
        ("country:", 0, "country:", "needs a value"),
        ("a !", 2, "!", "needs a word"),
        ("^", 0, "^", "needs a word"),
        ("'", 0, "'", "needs a word"),
        ("$", 0, "$", "needs a word"),
        ("-", 0, "-", "needs a word"),
        ("| a", 0, "|", "term on each side"),
        ("a | | b", 4, "|", "term on each side"),
        ("a |", 2, "|", "term on each side"),
        ("*** ...", 0, "*** ...", "nothing to search for"),
        ("\x00", 0, "\x00", "nothing to search for"),
    ],
)
def test_errors_name_the_term_and_where_it_is(query, position, term, words):
    with pytest.raises(QueryError) as info:
        parse(query)
    e = info.value
    assert (e.position, e.term) == (position, term)
    assert words in e.message
    assert "\n" not in str(e) and "\x00" not in str(e)
    assert str(e).endswith(f"(at character {position + 1})")


def test_too_many_terms():
    query = " ".join(f"w{i}" for i in range(MAX_TERMS + 5))
    with pytest.raises(QueryError) as info:
        parse(query)
    assert info.value.term == f"w{MAX_TERMS}"
    assert info.value.position == query.index(f"w{MAX_TERMS} ")


def test_hostile_queries_parse_or_fail_cleanly():
    assert kinds("a" * 10_000) == [[("word", "a" * 10_000, False)]]
    assert kinds("smug\x00gling") == [[("word", "smug\x00gling", False)]]
    assert kinds("a.*b") == [[("word", "a.*b", False)]]  # regex characters are just punctuation
    with pytest.raises(QueryError):
        parse("[.*+?(){}\\]")


def test_fold_is_norm():
    for text in ["Việt Nam", "ÉCOLE d'été", "straße", "a_b-c", "Đà Nẵng", "  x  "]:
        assert fold(text) == norm(text)


@given(st.text())
def test_fold_matches_norm_on_any_text(text):
    assert fold(text) == norm(text)


QUERY_CHARS = st.sampled_from(
    list("ab '^$!-|\":,.") + ["country:", "year:", "theme:", "..", "\x00", "é"]
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.lists(QUERY_CHARS, max_size=12).map("".join)))
def test_parser_fuzz_only_query_errors_escape(query):
    try:
        parsed = parse(query)
    except QueryError as e:
        assert isinstance(e.position, int) and 0 <= e.position <= len(query)
        assert "\n" not in str(e)
    else:
        assert len(parsed.terms) <= MAX_TERMS
