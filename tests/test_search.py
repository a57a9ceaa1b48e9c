"""The search engine over a small fixture corpus: matching, facets, ranking, spans, the index."""

from __future__ import annotations

import importlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from search_corpus import corpus as fixture_corpus

from compare.query import QueryError
from compare.search import Hit, facet_counts, find, search

# The module itself (`import compare.search as x` can bind the package's search() function).
engine = importlib.import_module("compare.search")


@pytest.fixture(scope="module")
def fx(tmp_path_factory):
    return fixture_corpus(tmp_path_factory.mktemp("search"))


def ids(hits) -> list[str]:
    return [h.commitment.id for h in hits]


def shown(hit: Hit) -> list[str]:
    return [hit.commitment.text[s:e] for s, e in hit.spans]


# -- words ----------------------------------------------------------------------------------


def test_typos_are_forgiven(fx):
    hits = search(fx, "smugling netwrks")
    assert ids(hits)[:2] == ["share-intel", "share-intel-again"]
    assert shown(hits[0]) == ["smuggling", "networks"]
    assert hits[0].matched[0] == "text"


def test_short_words_are_not_fuzzy(fx):
    assert search(fx, "boa") and all("boa" in h.commitment.text.lower() for h in search(fx, "boa"))
    assert search(fx, "xat") == []  # no typo allowance for three letters ('sat', 'at'...)


def test_case_and_accents_do_not_matter(fx):
    for query in ("viet nam", "VIỆT NAM", "Viet-Nam"):
        hits = search(fx, query)
        assert ids(hits)[0] == "train-guards", query
        assert shown(hits[0]) == ["Việt", "Nam"]


def test_every_word_must_match(fx):
    assert ids(search(fx, "seize gangs")) == ["seize-assets"]
    assert search(fx, "seize vessels") == []


def test_prefixes_while_typing(fx):
    hits = search(fx, "smugg")
    assert "criminalise" in ids(hits)
    assert "smugg" in [t.lower() for h in hits for t in shown(h)]


def test_plural_and_singular_meet(fx):
    assert "seize-assets" in ids(search(fx, "asset"))
    assert "iraq-training" in ids(search(fx, "officials"))
    assert "boarding" in ids(search(fx, "vessel"))
    assert "criminalise" in ids(search(fx, "migrant"))


def test_or(fx):
    # criminal gangs is an alias of the criminal-networks theme: a tag of share-intel-again
    assert set(ids(search(fx, "vessels | gangs"))) == {
        "boarding",
        "seize-assets",
        "share-intel-again",
    }


def test_negation_leaves_out_the_text(fx):
    every = set(ids(search(fx, "", limit=None)))
    assert set(ids(search(fx, "!smuggl", limit=None))) == every - {
        "share-intel",
        "seize-assets",
        "criminalise",
        "return-nationals",
        "share-intel-again",
    }
    assert "seize-assets" not in ids(search(fx, "networks -gangs"))


def test_exact_anchors_and_phrases(fx):
    assert set(ids(search(fx, "'mugg"))) == {
        "share-intel",
        "seize-assets",
        "criminalise",
        "return-nationals",
        "share-intel-again",
    }
    assert ids(search(fx, "^seize")) == ["seize-assets"]
    assert set(ids(search(fx, "^the"))) == {"share-intel", "share-intel-again"}
    assert ids(search(fx, "smuggled$")) == ["return-nationals"]
    assert ids(search(fx, "^training officials documents$")) == ["iraq-training"]
    assert ids(search(fx, "^training. officials documents$")) == ["iraq-training"]
    assert ids(search(fx, "^training$")) == []
    assert ids(search(fx, '"forged documents"')) == ["iraq-training"]
    assert search(fx, '"forged document"') == []  # whole words only
    hit = search(fx, '"state s consent"')[0]
    assert shown(hit) == ["state's consent"]


def test_words_match_tags(fx):
    hit = search(fx, "europol")[0]
    assert hit.commitment.id == "seize-assets" and hit.spans == ()
    assert hit.matched == ("tag:agency",)
    assert ids(search(fx, "deportation")) == ["return-nationals"]  # a theme alias
    assert search(fx, "deportation")[0].matched == ("tag:theme",)
    hits = search(fx, "albania")  # a country name: where AL, and western-balkans lists AL
    assert set(ids(hits)) == {"markup", "seize-assets"}
    assert all("tag:country" in h.matched for h in hits)


def test_text_outranks_tags(fx):
    hits = search(fx, "border")
    text = [h for h in hits if "text" in h.matched]
    assert hits[: len(text)] == text and len(text) == 2
    assert all(h.score < text[-1].score for h in hits[len(text) :])


def test_words_match_ids_and_references(fx):
    hit = search(fx, "art 6")[0]
    assert (hit.commitment.id, hit.matched) == ("criminalise", ("id",))


# -- facets ---------------------------------------------------------------------------------


def test_country_roles(fx):
    hits = search(fx, "country:britain", limit=None)
    roles = {h.commitment.id: h.matched for h in hits}
    assert roles["seize-assets"] == ("country:actor", "country:party")
    assert roles["share-intel"] == ("country:party",)
    assert roles["iraq-training"] == ("country:actor", "country:party")
    assert "boarding" not in roles
    # acting in the country ranks above committing, above being a party
    assert search(fx, "country:al")[0].matched == ("country:where",)
    assert ids(search(fx, "country:gb"))[:2] == ["seize-assets", "iraq-training"]


def test_country_regions_and_groups(fx):
    assert set(ids(search(fx, "country:al", limit=None))) == {"seize-assets", "markup"}
    assert set(ids(search(fx, "country:western-balkans", limit=None))) == {"seize-assets", "markup"}
    g7 = set(ids(search(fx, "country:g7", limit=None)))
    assert g7 == {c.id for a in fx if a.id != "protocol-b" for c in a.commitments}
    assert set(ids(search(fx, "country:iraq", limit=None))) == {
        "share-intel-again",
        "iraq-training",
    }
    assert set(ids(search(fx, "country:viet-nam", limit=None))) == {"train-guards"}


def test_theme_facet_aliases_children_and_primary(fx):
    assert ids(search(fx, "theme:deportation")) == ["return-nationals"]
    assert ids(search(fx, "theme:deportaton")) == ["return-nationals"]
    family = ids(search(fx, "theme:criminal-networks", limit=None))
    assert set(family) == {"seize-assets", "criminalise", "share-intel-again"}  # children too
    hits = search(fx, "theme:border-security", limit=None)
    assert ids(hits)[0] == "markup"  # its first theme
    assert [round(h.score) for h in hits] == [100, 90, 80, 80]  # then its sub-themes
    assert set(ids(hits)[2:]) == {"iraq-training", "boarding"}


def test_agency_agreement_kind_year(fx):
    assert ids(search(fx, "agency:NCA")) == ["seize-assets"]
    assert ids(search(fx, "agency:frontx")) == ["train-guards"]
    assert set(ids(search(fx, "agreement:protocol-b", limit=None))) == {
        "criminalise",
        "return-nationals",
        "boarding",
    }
    assert len(search(fx, "agreement:p", limit=None)) == 7  # a prefix: plan-a and protocol-b
    assert len(search(fx, "agreement:sea", limit=None)) == 3  # fuzzy title: "...Migrants by Sea"
    assert len(search(fx, "kind:protocol", limit=None)) == 3
    assert len(search(fx, "year:2024", limit=None)) == 4
    assert len(search(fx, "year:2020..", limit=None)) == 6
    assert len(search(fx, "year:..2020", limit=None)) == 3
    assert len(search(fx, "year:2001..2023", limit=None)) == 0
    assert len(search(fx, "year:2000,2025", limit=None)) == 5


def test_negated_facets_and_keyword_facets(fx):
    assert set(ids(search(fx, "intelligence -country:iq"))) == {"share-intel"}
    as_query = search(fx, "smuggling country:fr agency:europol")
    assert as_query == search(fx, "smuggling", country="fr", agency="europol")
    assert ids(search(fx, "", theme="returns")) == ["return-nationals"]


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("country:narnia", "unknown country 'narnia'"),
        ("agency:zzz", "unknown agency"),
        ("theme:zzzz", "unknown theme"),
        ("agreement:nothing-like-it", "unknown agreement"),
        ("kind:zz", "unknown kind"),
        ("year:20x4", "a year or a range"),
        ("year:2025..2023", "ends before it starts"),
    ],
)
def test_facet_values_that_do_not_resolve(fx, query, words):
    with pytest.raises(QueryError) as info:
        search(fx, f"boats {query}")
    assert words in info.value.message
    assert (info.value.position, info.value.term) == (6, query)


def test_keyword_facet_errors_have_no_position(fx):
    with pytest.raises(QueryError) as info:
        search(fx, "boats", country="narnia")
    assert info.value.position == -1 and "character" not in str(info.value)


# -- ranking --------------------------------------------------------------------------------


def test_scores_are_0_to_100_and_ties_keep_corpus_order(fx):
    hits = search(fx, "share intelligence smuggling networks")
    assert ids(hits)[:2] == ["share-intel", "share-intel-again"]
    assert hits[0].score == hits[1].score
    assert all(0 < h.score <= 100 for h in search(fx, "s", limit=None))
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_ranking_is_deterministic(fx, tmp_path):
    again = fixture_corpus(tmp_path)
    for query in ("s", "smuggling", "border", "country:g7", "the | a", ""):
        first = [(h.agreement.id, h.commitment.id, h.score, h.spans) for h in search(fx, query)]
        second = [(h.agreement.id, h.commitment.id, h.score, h.spans) for h in search(again, query)]
        assert first == second, query


def test_limit_and_total(fx):
    results = find(fx, "s", limit=2)
    assert len(results.hits) == 2 and results.total == len(search(fx, "s", limit=None))
    assert search(fx, "s", limit=0) == []
    assert len(search(fx, "", limit=None)) == 9


def test_level_walk_equals_direct_scoring(monkeypatch):
    """Above DIRECT matches, ranking walks score levels instead of scoring every match; both
    must give the same hits with the same scores."""
    from benchmarks.generate import corpus as generated
    from compare.load import load_corpus

    big = load_corpus(generated(1500, per_file=100, seed=3))
    queries = ["b", "sm", "border", "smuggling networks", "returns | readmission", "country:fr"]
    queries += ["protection migrants", "joint teams country:it", "theme:returns border", "the"]
    for q in queries:
        monkeypatch.setattr(engine, "DIRECT", 10**9)
        direct = [(h.commitment.id, h.score) for h in search(big, q, limit=15)]
        monkeypatch.setattr(engine, "DIRECT", 0)
        walked = [(h.commitment.id, h.score) for h in search(big, q, limit=15)]
        assert walked == direct and len(direct) == 15, q


def test_every_word_hit_really_matches(fx):
    """No false positives and no misses for a plain word, checked against the texts directly."""
    from compare.query import fold

    every = search(fx, "", limit=None)
    for word in ("the", "smuggling", "sea", "of", "border", "train"):
        hits = {h.commitment.id: h for h in search(fx, word, limit=None)}
        for h in every:
            in_text = any(t.startswith(word) for t in fold(h.commitment.text).split())
            if in_text:
                assert h.commitment.id in hits and "text" in hits[h.commitment.id].matched, word
        for h in hits.values():
            assert h.matched, word


# -- spans ----------------------------------------------------------------------------------


def test_spans_point_into_the_original_text(fx):
    hit = search(fx, "weisse strasse checks")[0]
    assert shown(hit) == ["Weiße", "Straße", "checks"]  # folding changed the length: whole word
    hit = search(fx, "'eis")[0]
    assert shown(hit) == ["Weiße"]
    hit = search(fx, "ch")[0]
    assert all(t.lower().startswith("ch") for t in shown(hit))


def test_spans_with_decomposed_accents(tmp_path, corpus_dir):
    from compare.load import load_corpus

    text = "Officers will train guards in Vie\u0323\u0302t Nam."
    root = corpus_dir(
        {
            "a.yaml": f"""
            id: nfd
            title: NFD
            kind: other
            legal_nature: political
            sources: [{{id: s, title: S}}]
            commitments:
              - id: c
                text: "{text}"
                themes: [returns]
            """
        }
    )
    hit = search(load_corpus(root), "viet")[0]
    assert shown(hit) == ["Vie\u0323\u0302t"]


def test_markup_in_text_is_only_text(fx):
    hit = search(fx, "bold")[0]
    assert hit.commitment.id == "markup" and shown(hit) == ["bold", "bold"]


# -- the index and odd queries ---------------------------------------------------------------


def test_index_is_built_once_and_dropped_on_reindex(fx):
    search(fx, "boats")
    ix = fx.derived["search"]
    search(fx, "sea")
    assert fx.derived["search"] is ix
    fx.reindex()
    assert "search" not in fx.derived
    search(fx, "sea")
    assert fx.derived["search"] is not ix


@pytest.mark.parametrize(
    "query",
    ["", "   ", "!", "^$", "| |", "'", '"', '""', "(", "[a-z]+", ".*", "\\", "\x00", "a\x00b",
     "a" * 10_000, "smuggling " * 2_000, "é" * 5_000, "country:" + "x" * 5_000],
)  # fmt: skip
def test_hostile_queries_answer_or_fail_cleanly(fx, query):
    try:
        hits = search(fx, query)
    except QueryError as e:
        assert str(e) and "\n" not in str(e)
    else:
        assert isinstance(hits, list)


def test_facet_counts(fx):
    counts = facet_counts(search(fx, "smuggling", limit=None))
    assert counts["agreement"] == {"protocol-b": 3, "plan-a": 2, "summit-c": 1}
    assert counts["agency"] == {"europol": 1, "nca": 1}
    assert list(counts["theme"])[0] == "intelligence-sharing"
    assert counts["country"]["GB"] == 3
    assert set(counts) == {"country", "agency", "theme", "agreement"}


def test_compare_search_is_callable_however_it_was_imported(fx):
    import compare

    expected = ids(search(fx, "boats"))
    assert ids(compare.search(fx, "boats")) == expected
    before = compare.__dict__["search"]
    compare.__dict__["search"] = engine  # as after `import compare.search`
    try:
        assert ids(compare.search(fx, "boats")) == expected
    finally:
        compare.__dict__["search"] = before


PIECES = st.sampled_from(
    ["smug", "net", "'x", "^th", "s$", "!a", "-b", "|", '"', " ", "country:", "fr", "g7", "year:",
     "20", "..", "theme:", "ret", "agency:", "nca", "kind:", "agreement:", "p", ",", "\x00", "é"]
)  # fmt: skip


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.one_of(st.text(max_size=40), st.lists(PIECES, max_size=10).map("".join)))
def test_search_fuzz_only_query_errors_escape(fx, query):
    try:
        hits = search(fx, query, limit=5)
    except QueryError as e:
        assert "\n" not in str(e)
    else:
        assert all(0 <= h.score <= 100 for h in hits)
        assert all(0 <= s < e <= len(h.commitment.text) for h in hits for s, e in h.spans)


def test_spans_and_labels_worked_out_late_are_the_same_and_a_cut_row_gets_its_part(fx):
    first = search(fx, "smuggling netwrks", limit=5)
    again = search(fx, "smuggling netwrks", limit=5)
    assert first == again and hash(first[0]) == hash(again[0])
    for h in first:
        assert h.spans and h.matched  # worked out on first use
        text = h.commitment.text
        for start, end in h.spans:
            assert text[start:end].strip()
    h = search(fx, "smuggling netwrks", limit=1)[0]
    end = max(e for _, e in h.spans)
    cut = h.spans_upto(end - 1)  # before the full spans exist: found in the cut text only
    assert cut and all(s < end - 1 for s, _ in cut)
    assert cut[:-1] == h.spans[: len(cut) - 1]
    assert h.spans_upto(10**6) == h.spans
