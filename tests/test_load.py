"""The loader: every bad-input rule gives a located, one-line problem; good input loads faithfully."""

from __future__ import annotations

import pytest

from compare.load import load_corpus
from compare.model import CorpusError, PartialDate


def problems_of(corpus_dir, text: str | bytes, name: str = "x.yaml"):
    root = corpus_dir({name: text})
    corpus = load_corpus(root, strict=False)
    return [str(p) for p in corpus.problems]


def only(corpus_dir, text, name="x.yaml") -> str:
    found = problems_of(corpus_dir, text, name)
    assert len(found) == 1, found
    return found[0]


def test_minimal_loads(corpus_dir, minimal):
    corpus = load_corpus(corpus_dir({"a.yaml": minimal()}))
    a = corpus.agreements["plan-a"]
    assert a.parties == ("GB", "FR")
    c = a.commitments[0]
    assert c.actors == ("GB", "FR") and not c.actors_stated
    assert c.source == "src"
    assert a.sources[0].date == PartialDate(2024, 10, 4)
    assert corpus.by_theme["intelligence-sharing"] == [("plan-a", "c1")]
    assert corpus.by_country["FR"] == [("plan-a", "c1")]


def test_syntax_error_is_located(corpus_dir, minimal):
    msg = only(corpus_dir, minimal() + "  - [unclosed\n")
    assert "x.yaml:" in msg and "YAML syntax error" in msg
    line = int(msg.split(":")[1])
    assert line >= 17


def test_wrong_type(corpus_dir, minimal):
    msg = only(corpus_dir, minimal().replace("parties: [GB, FR]", "parties: {GB: 1}"))
    assert msg.endswith("parties: expected a list, found a mapping")
    assert ":5:" in msg


def test_missing_required(corpus_dir, minimal):
    msg = only(corpus_dir, minimal().replace("title: Plan A\n", ""))
    assert msg.endswith("title: required field is missing")


def test_unknown_key_suggests(corpus_dir, minimal):
    msg = only(corpus_dir, minimal().replace("title: Plan A", "title: Plan A\ntitel: x"))
    assert "titel: unknown field (did you mean 'title'?)" in msg


def test_duplicate_key(corpus_dir, minimal):
    msg = only(corpus_dir, minimal() + "title: Again\n")
    assert "title: duplicate key (first given on line 2)" in msg


def test_duplicate_commitment_id(corpus_dir, minimal):
    text = minimal() + "  - id: c1\n    text: Another one.\n    themes: [returns]\n"
    msg = only(corpus_dir, text)
    assert "commitments[1].id: duplicate commitment id 'c1'" in msg


def test_duplicate_agreement_id_across_files(corpus_dir, minimal):
    root = corpus_dir({"a.yaml": minimal(), "b.yaml": minimal()})
    corpus = load_corpus(root, strict=False)
    assert list(corpus.agreements) == ["plan-a"]
    assert len(corpus.problems) == 1
    assert "b.yaml:1:1: id: duplicate agreement id 'plan-a'" in str(corpus.problems[0])


@pytest.mark.parametrize(
    "old,new,expected",
    [
        (
            "parties: [GB, FR]",
            "parties: [GB, Frnace]",
            "parties[1]: unknown country or group 'Frnace' (did you mean FR (France)",
        ),
        (
            "themes: [intelligence-sharing]",
            "themes: [inteligence-sharing]",
            "unknown theme 'inteligence-sharing' (did you mean 'intelligence-sharing'",
        ),
        (
            "themes: [intelligence-sharing]",
            "themes: [returns]\n    agencies: [europoll]",
            "unknown agency 'europoll' (did you mean europol",
        ),
        ("parties: [GB, FR]", "parties: [G77]", "unknown country or group 'G77'"),
        ("date: 2024-10-04", "date: 2024-02-30", "sources[0].date: invalid day in '2024-02-30'"),
        ("date: 2024-10-04", "date: 4 Oct 2024", "expected a date as YYYY, YYYY-MM or YYYY-MM-DD"),
        (
            "themes: [intelligence-sharing]",
            "themes: [returns]\n    funding: {amount: 5, currency: GPB}",
            "unknown ISO 4217 currency 'GPB'",
        ),
        (
            "kind: action-plan",
            "kind: treatie",
            "kind: unknown value 'treatie' (did you mean 'treaty'?)",
        ),
        (
            "url: https://example.org/src",
            "url: ftp://example.org",
            "a URL must start with http:// or https://",
        ),
    ],
)
def test_bad_values(corpus_dir, minimal, old, new, expected):
    text = minimal()
    assert old in text
    msg = only(corpus_dir, text.replace(old, new, 1))
    assert expected in msg, msg


def test_non_utf8(corpus_dir, minimal):
    data = minimal().encode() + b"notes: caf\xe9\n"
    msg = only(corpus_dir, data)
    assert (
        f"x.yaml:{minimal().count(chr(10)) + 1}:11:" in msg and "not UTF-8 text (byte 0xe9)" in msg
    )


def test_empty_file(corpus_dir):
    assert only(corpus_dir, "").endswith("x.yaml:1:1: file is empty")
    assert only(corpus_dir, "   \n\n").endswith("file is empty")


def test_top_level_not_mapping(corpus_dir):
    assert only(corpus_dir, "- a\n- b\n").endswith("expected a mapping, found a list")
    assert only(corpus_dir, "just text\n").endswith("expected a mapping, found a value")


def test_python_tag_refused_and_nothing_constructed(corpus_dir, minimal, tmp_path):
    marker = tmp_path / "pwned"
    text = minimal() + f'notes: !!python/object/apply:os.system ["touch {marker}"]\n'
    msg = only(corpus_dir, text)
    assert "YAML tag !!python/object/apply:os.system is not allowed" in msg
    assert not marker.exists()


def test_tag_in_unknown_field_is_still_refused(corpus_dir, minimal):
    found = problems_of(corpus_dir, minimal() + "extra: !!python/name:os.system\n")
    assert any("!!python/name:os.system is not allowed" in f for f in found)


def test_norway_stays_norway(corpus_dir, minimal):
    root = corpus_dir({"a.yaml": minimal().replace("[GB, FR]", "[NO, UK, Viet Nam, USA]")})
    a = load_corpus(root).agreements["plan-a"]
    assert a.parties == ("NO", "GB", "VN", "US")


def test_groups_expand(corpus_dir, minimal):
    root = corpus_dir({"a.yaml": minimal().replace("[GB, FR]", "[G7]")})
    a = load_corpus(root).agreements["plan-a"]
    assert a.parties_declared == ("G7",)
    assert set(a.parties) == {"CA", "FR", "DE", "IT", "JP", "GB", "US"}


def test_partial_dates_and_unknowns(corpus_dir, minimal):
    text = minimal().replace(
        "parties: [GB, FR]", "date: 2024-10\nparties: [GB]\nparties_complete: false"
    )
    a = load_corpus(corpus_dir({"a.yaml": text})).agreements["plan-a"]
    assert a.date == PartialDate(2024, 10) and str(a.date) == "2024-10"
    assert a.parties_complete is False


def test_bom_and_crlf(corpus_dir, minimal):
    data = b"\xef\xbb\xbf" + minimal().replace("\n", "\r\n").encode()
    assert load_corpus(corpus_dir({"a.yaml": data})).agreements["plan-a"].title == "Plan A"


def test_one_bad_file_does_not_hide_others(corpus_dir, minimal):
    root = corpus_dir(
        {
            "a.yaml": minimal(),
            "b.yaml": "id: [\n",
            "c.yaml": minimal("plan-c").replace("kind: action-plan", "kind: nope"),
        }
    )
    with pytest.raises(CorpusError) as info:
        load_corpus(root)
    files = sorted({p.file.rsplit("/", 1)[-1] for p in info.value.problems})
    assert files == ["b.yaml", "c.yaml"]
    corpus = load_corpus(root, strict=False)
    assert list(corpus.agreements) == ["plan-a"]


def test_every_problem_in_a_file_is_reported(corpus_dir, minimal):
    text = minimal().replace("kind: action-plan", "kind: nope").replace("[GB, FR]", "[GB, ZZ]")
    assert len(problems_of(corpus_dir, text)) == 2


def test_size_limit(corpus_dir, minimal):
    root = corpus_dir({"a.yaml": minimal() + "notes: " + "x" * 2000 + "\n"})
    corpus = load_corpus(root, strict=False, max_bytes=1000)
    assert "over the" in str(corpus.problems[0]) and "limit" in str(corpus.problems[0])


def test_alias_bomb_is_bounded(corpus_dir):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    lines.append("id: [" + ",".join(["*i"] * 9) + "]")
    found = problems_of(corpus_dir, "\n".join(lines) + "\n")
    assert any("x.yaml:1:1: YAML aliases expand" in f and "alias bomb" in f for f in found)


def test_commitment_defaults_and_strength(corpus_dir, minimal):
    text = minimal() + (
        "  - id: c2\n    text: Fund projects.\n    themes: [funding, border-security]\n"
        "    actors: [UK]\n    where: [western-balkans, IQ]\n    agencies: [NCA]\n"
        "    funding: {amount: 30_000_000, currency: GBP, qualifier: more-than}\n"
        "    strength: commitment\n    ref: para. 3\n"
    )
    c = load_corpus(corpus_dir({"a.yaml": text})).agreements["plan-a"].commitment("c2")
    assert c.actors == ("GB",) and c.actors_stated
    assert c.where == ("western-balkans", "IQ")
    assert c.agencies == ("nca",)
    assert c.funding.amount == 30_000_000 and str(c.funding) == "over GBP 30,000,000"
    assert c.theme == "funding" and c.strength == "commitment" and c.ref == "para. 3"


def test_shipped_corpus_validates():
    corpus = load_corpus()
    assert len(corpus) >= 5
    for a in corpus:
        assert a.sources and a.commitments
        for c in a.commitments:
            assert a.source(c.source) is not None


@pytest.mark.parametrize(
    "text",
    [
        "id: " + "[" * 100_000 + "]" * 100_000 + "\n",
        "id: " + "{a: " * 50_000 + "}" * 50_000 + "\n",
        "id: " + "- " * 50_000 + "x\n",
        "id:\n" + "".join("  " * i + "-\n" for i in range(2_000)),
    ],
    ids=["flow-lists", "flow-maps", "inline-block-lists", "indented-lists"],
)
def test_deep_nesting_is_refused_not_a_crash(corpus_dir, text):
    found = problems_of(corpus_dir, text)
    assert found and all("x.yaml:" in f for f in found)


@pytest.mark.parametrize(
    "old,new,expected",
    [
        ("parties: [GB, FR]", "parties: [GB, FR]\nhost: [GB, FR]", "host: expected a single value"),
        (
            "themes: [intelligence-sharing]",
            "themes: [returns]\n    funding: {amount: -5, currency: GBP}",
            "funding.amount: must not be negative",
        ),
        ("url: https://example.org/src", "url: https://example.org/a b", "must not contain spaces"),
    ],
)
def test_single_values_amounts_and_urls(corpus_dir, minimal, old, new, expected):
    msg = only(corpus_dir, minimal().replace(old, new, 1))
    assert expected in msg, msg


def test_statement_takes_one_country(corpus_dir, minimal):
    text = minimal() + "statements:\n  - {speaker: A, gist: B, country: [GB, FR]}\n"
    assert "statements[0].country: expected a single value" in only(corpus_dir, text)


def test_fractional_size_limit_is_named(corpus_dir, minimal):
    root = corpus_dir({"a.yaml": minimal() + "notes: " + "x" * 2000 + "\n"})
    corpus = load_corpus(root, strict=False, max_bytes=int(0.001 * 1024 * 1024))
    message = str(corpus.problems[0])
    assert "over the 0.000999451 MB limit" in message, message


def test_the_strength_type_lists_exactly_the_strengths():
    import typing

    from compare.model import STRENGTHS, Strength

    assert typing.get_args(Strength) == STRENGTHS


@pytest.mark.parametrize(
    "text, strength",
    [
        ("The Parties SHALL adopt measures", "obligation"),
        ("Members Will Act together", "commitment"),
        ("States MAY CONSIDER it", "intent"),
        ("The summit Calls Upon all states", "encouragement"),
        ("Shallow waters are patrolled", None),  # whole words only
        ("Nothing is said here", None),
    ],
)
def test_strength_is_inferred_from_whole_words_in_any_case(text, strength):
    from compare.strength import infer

    assert infer(text) == strength
