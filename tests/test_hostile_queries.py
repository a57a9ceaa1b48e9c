"""Hostile queries: empty, operators only, regex metacharacters, 10,000 characters, NUL bytes,
controls and markup. Each gets an answer or a clear one-line QueryError, in bounded time."""

from __future__ import annotations

import json

import pytest
from fixtures.hostile import (
    NASTY,
    big_corpus,
    nasty_agreement,
    no_traceback,
    run_accord,
    valid,
    write_corpus,
)

from compare.load import load_corpus
from compare.search import QueryError, facet_counts, find, search

QUERIES = {
    "empty": "",
    "spaces": "   ",
    "newlines-tabs": "\t\n\r ",
    "bang": "!",
    "dash": "-",
    "double-dash": "--",
    "pipe": "|",
    "pipes": "| | |",
    "dangling-or": "smuggling |",
    "leading-or": "| smuggling",
    "quote": "'",
    "double-quote": '"',
    "empty-phrase": '""',
    "unclosed-phrase": '"smuggling networks',
    "caret": "^",
    "dollar": "$",
    "caret-dollar": "^$",
    "all-operators": "!|^$'\"-",
    "not-not": "!!smuggling",
    "colon": ":",
    "empty-facet": "country:",
    "unknown-facet": "colour:red",
    "markup-facet": "country:[bold]",
    "escape-facet": "theme:\x1b[31m",
    "bad-year": "year:abc",
    "reversed-years": "year:2025..2020",
    "huge-year": "year:" + "9" * 400,
    "regex-dot-star": ".*",
    "regex-class": "[a-z]+",
    "regex-group": "(smuggling|returns",
    "regex-backslash": "\\",
    "regex-repeat": "a{1000000}",
    "regex-inline-flag": "(?i)x",
    "regex-lookahead": "(?=a)",
    "nul": "\x00",
    "nul-inside": "smug\x00gling",
    "nul-many": "\x00" * 10_000,
    "escape": "\x1b[31m",
    "osc52": "\x1b]52;c;aGk=\x07",
    "bidi": "\u202esmuggling",
    "markup": "[bold]smuggling[/bold] [@click=app.quit]",
    "surrogate": "\udcff",
    "10k-letters": "a" * 10_000,
    "10k-words": ("smuggling " * 1000)[:10_000],
    "10k-ors": ("a|" * 5_000)[:10_000],
    "10k-bangs": "!" * 10_000,
    "10k-carets": "^" * 10_000,
    "10k-quotes": '"' * 10_000,
    "10k-phrase": '"' + "smuggling networks " * 500 + '"',
    "10k-exact": "'" + "x" * 9_999,
    "10k-wide": "移" * 10_000,
    "10k-accents": "é" * 10_000,
    "10k-combining": "x" + "\u0301" * 9_999,
    "10k-digits": "0" * 10_000,
    "10k-facets": "country:gb " * 900,
    "many-terms": " ".join(f"w{i}" for i in range(2_000)),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    files = {"a.yaml": valid()}
    for key, text in NASTY.items():
        files[f"n-{key}.yaml"] = nasty_agreement("smuggling " + text, id=f"nasty-{key}")
    return load_corpus(write_corpus(tmp_path_factory.mktemp("q"), files))


@pytest.mark.parametrize("query", QUERIES.values(), ids=QUERIES.keys())
def test_an_answer_or_one_clear_error(corpus, query):
    try:
        results = find(corpus, query, limit=None)
    except QueryError as exc:
        message = str(exc)
        assert message and "\n" not in message
        assert 0 <= exc.position <= len(query)
        assert exc.term == "" or exc.term in query or exc.term == "|"
        assert "\x1b" not in message and "\x00" not in message and "\u202e" not in message
        return
    assert results.total == len(results.hits)
    for hit in results.hits:
        assert 0 <= hit.score <= 100
        for start, end in hit.spans:
            assert 0 <= start < end <= len(hit.commitment.text)
    facet_counts(results.hits)


@pytest.mark.parametrize(
    "query",
    ["[a-z]+", ".*", "(?i)x", "a{1000000}", "(?=a)"],
    ids=["class", "dot-star", "flag", "repeat", "look"],
)
def test_regex_metacharacters_are_not_a_regex(corpus, query):
    """Metacharacters never widen a search to everything: an error, or only real word matches."""
    everything = len(find(corpus, "", limit=None).hits)
    try:
        hits = find(corpus, query, limit=None).hits
    except QueryError:
        return
    assert len(hits) < everything


def test_markup_and_escapes_in_queries_match_literally(corpus):
    hits = search(corpus, "cleared", limit=None)
    assert {h.agreement.id for h in hits} == {"nasty-csi"}
    hits = search(corpus, '"app quit"', limit=None)
    assert {h.agreement.id for h in hits} == {"nasty-markup"}


@pytest.mark.parametrize("facet", ["country", "agency", "theme", "agreement"])
@pytest.mark.parametrize("value", ["[bold]", "\x1b[31m", "", " ", "\x00", "a" * 10_000, "|", "!"])
def test_hostile_facet_values(corpus, facet, value):
    try:
        find(corpus, "smuggling", limit=None, **{facet: value})
    except QueryError as exc:
        assert "\n" not in str(exc) and "\x1b" not in str(exc)


def test_query_error_shows_controls_escaped_once(corpus):
    with pytest.raises(QueryError) as info:
        find(corpus, "\x1b")
    assert "'\\x1b'" in str(info.value), str(info.value)


# -- through the command line: bounded in time and memory ----------------------------------------

CLI_QUERIES = {k: v for k, v in QUERIES.items() if "\x00" not in v}  # argv cannot carry a NUL


@pytest.fixture(scope="module")
def small(corpus):
    return corpus.root


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    return str(big_corpus(tmp_path_factory.mktemp("bigq"), 300, 20))


def _answers(root: str, query: str) -> None:
    proc = run_accord(
        "--corpus", root, "search", "--format", "json", "--", query, timeout=60, memory_mb=1024
    )
    no_traceback(proc.stderr)
    assert proc.returncode in (0, 1, 2)
    if proc.returncode == 2:
        err = proc.stderr.decode()
        assert err.startswith("accord: error: ") and err.count("\n") == 1
        assert "\x1b" not in err and "\u202e" not in err
        assert proc.stdout == b""
    else:
        data = json.loads(proc.stdout)
        assert data["schema_version"] == 1 and data["count"] == len(data["hits"])


@pytest.mark.parametrize("query", CLI_QUERIES.values(), ids=CLI_QUERIES.keys())
def test_command_line_answers(small, query):
    _answers(small, query)


LONG = {k: v for k, v in CLI_QUERIES.items() if k.startswith("10k")}


@pytest.mark.parametrize("query", LONG.values(), ids=LONG.keys())
def test_long_queries_on_a_big_corpus_answer_in_bounded_time(big, query):
    _answers(big, query)


def test_command_line_query_that_starts_with_a_dash(big):
    proc = run_accord("--corpus", big, "search", "--", "-country:fr", "cooperate", "-n", "3")
    no_traceback(proc.stderr)
    assert proc.returncode in (0, 1)


async def _search_all(corpus, check) -> None:
    from compare.tui.app import AccordApp

    app = AccordApp(corpus, cursor_blink=False)
    app.animation_level = "none"
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for name, query in QUERIES.items():
            await app.search(query)
            await pilot.pause(0.05)
            check(name, app)
        # and typed, a character at a time, into the query box
        await app.search("")
        await pilot.pause()
        await pilot.press(*"!|^$'\"-[]{}()\\.*")
        await pilot.pause(0.3)
        assert app.is_running


def test_the_app_search_screen_takes_every_hostile_query(corpus):
    import asyncio

    pytest.importorskip("compare.tui.app")

    def check(name, app):
        assert app.is_running, name
        app.export_screenshot()

    asyncio.run(_search_all(corpus, check))


def test_the_app_search_screen_shows_query_controls_escaped(corpus):
    """A query pasted with escape sequences in it must not reach the terminal raw."""
    import asyncio
    import html
    import re

    pytest.importorskip("compare.tui.app")

    def check(name, app):
        text = html.unescape(re.sub(r"<[^>]+>", "", app.export_screenshot()))
        assert "\x1b" not in text and "\x00" not in text and "\u202e" not in text, name

    asyncio.run(_search_all(corpus, check))
