"""Property-based fuzzing: the loader, the query parser and the output escapes take anything without
an undocumented exception, and what they show is what was written."""

from __future__ import annotations

import csv
import html
import io
import json
import re

import pytest
from fixtures.hostile import valid
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from compare.load import load_file, load_registry
from compare.model import Problem
from compare.render.machine import dump_csv, dump_tsv, md_escape
from compare.safe import block, inline, json_safe, width

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Every character a string can hold, lone surrogates included (they come from file names).
ANY_CHAR = st.characters(codec=None, categories=None)
ANY_TEXT = st.text(ANY_CHAR, max_size=200)

REGISTRY, TAXONOMY = load_registry()


def _check_problems(problems: list[Problem], name: str) -> None:
    for p in problems:
        line = str(p)
        assert p.file == name
        assert p.line >= 1 and p.column >= 1
        assert "\n" not in line and "\r" not in line, line


def _load_bytes(tmp_path_factory, data: bytes):
    path = tmp_path_factory.mktemp("fuzz") / "f.yaml"
    path.write_bytes(data)
    agreement, problems = load_file(path, REGISTRY, TAXONOMY)
    _check_problems(problems, str(path))
    assert (agreement is None) == bool(problems) or agreement is None
    return agreement, problems


# -- the loader ------------------------------------------------------------------------------------


@SETTINGS
@given(data=st.binary(max_size=2_000))
@example(data=b"\xef\xbb\xbf")
@example(data=b"\x00")
@example(data=b"\xff\xfe")
@example(data=b"[" * 5_000)
def test_loader_takes_any_bytes(tmp_path_factory, data):
    _load_bytes(tmp_path_factory, data)


YAMLISH = [
    "id",
    "title",
    "kind",
    "commitments",
    "sources",
    "parties",
    "text",
    "themes",
    "funding",
    "amount",
    "x",
    "NO",
    "GB",
    "1e999",
    "9" * 50,
    "2024-02-30",
    "~",
    "null",
    "true",
    ":",
    ": ",
    "-",
    "- ",
    "? ",
    ",",
    "[",
    "]",
    "{",
    "}",
    "'",
    '"',
    "|",
    ">",
    "#",
    "&a ",
    "*a",
    "&b ",
    "*b",
    "<<: ",
    "!!python/object:os.system ",
    "!!str ",
    "!x ",
    "!<tag:a,1:b> ",
    "%YAML 1.1\n",
    "---\n",
    "...\n",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "  ",
    "    ",
    "\ufeff",
    "\x1b",
    "\x85",
    "\u2028",
    "\\",
    "\\e",
    "\\x1b",
    "\\ud800",
    "é",
    "移",
    "[bold]",
    "\x00",
]


@SETTINGS
@given(parts=st.lists(st.sampled_from(YAMLISH), max_size=80))
@example(parts=["id", ": ", "&a ", "[", "*a", "]"])
@example(parts=["commitments", ": ", "&a ", "[", "*a", ",", "*a", "]"])
def test_loader_takes_yaml_like_text(tmp_path_factory, parts):
    _load_bytes(tmp_path_factory, "".join(parts).encode("utf-8", "surrogatepass"))


def _mutate(text: str, ops) -> str:
    for kind, at, piece in ops:
        at = at % (len(text) + 1)
        if kind == "delete":
            text = text[:at] + text[at + len(piece) :]
        elif kind == "insert":
            text = text[:at] + piece + text[at:]
        elif kind == "replace":
            text = text[:at] + piece + text[at + len(piece) :]
        elif kind == "duplicate-line":
            lines = text.splitlines(keepends=True)
            if lines:
                i = at % len(lines)
                lines.insert(i, lines[i])
            text = "".join(lines)
        elif kind == "truncate":
            text = text[:at]
    return text


MUTATION = st.tuples(
    st.sampled_from(["delete", "insert", "replace", "duplicate-line", "truncate"]),
    st.integers(min_value=0, max_value=2_000),
    st.one_of(st.sampled_from(YAMLISH), st.text(ANY_CHAR, min_size=1, max_size=5)),
)


@SETTINGS
@given(ops=st.lists(MUTATION, min_size=1, max_size=6))
def test_loader_takes_any_mutation_of_a_valid_file(tmp_path_factory, ops):
    text = valid() + (
        "statements:\n  - speaker: A\n    gist: B\nfigures:\n  - {id: f, description: d, value: 3}\n"
    )
    agreement, problems = _load_bytes(
        tmp_path_factory, _mutate(text, ops).encode("utf-8", "surrogatepass")
    )
    if agreement is not None:
        assert re.fullmatch(r"[a-z0-9][a-z0-9._-]*", agreement.id)
        for c in agreement.commitments:
            assert c.themes and agreement.source(c.source) is not None


# -- the query parser and search -------------------------------------------------------------------

QUERYISH = st.lists(
    st.one_of(
        st.sampled_from(list("!-|^$'\"():.*[]{}\\ \t\n")),
        st.sampled_from(["country:", "theme:", "year:", "..", "agency:", "agreement:", "kind:"]),
        st.sampled_from(["smuggling", "gb", "fr", "2020", "returns", "nca", "g7", "é", "移"]),
        ANY_CHAR,
    ),
    max_size=40,
).map("".join)


@pytest.fixture(scope="module")
def corpus():
    from compare.load import load_corpus

    return load_corpus(strict=False)


@SETTINGS
@given(query=st.one_of(QUERYISH, ANY_TEXT))
@example(query="")
@example(query='"')
@example(query="| |")
@example(query="year:1..")
def test_query_parser_raises_only_query_error(corpus, query):
    from compare.query import parse
    from compare.search import QueryError, find

    try:
        parse(query)
        results = find(corpus, query, limit=20)
    except QueryError as exc:
        assert "\n" not in str(exc)
        assert 0 <= exc.position <= len(query)
        return
    for hit in results.hits:
        for s, e in hit.spans:
            assert 0 <= s < e <= len(hit.commitment.text)


# -- what is shown is what was written -----------------------------------------------------------

DANGEROUS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


@SETTINGS
@given(text=ANY_TEXT)
def test_safe_text_has_nothing_a_terminal_obeys(text):
    shown = inline(text)
    assert not DANGEROUS.search(shown) and "\n" not in shown and "\t" not in shown
    assert not DANGEROUS.search(block(text))
    shown.encode("utf-8")  # strict: a UTF-8 terminal can always take it
    assert width(shown) >= 0
    encoded = json_safe(json.dumps(text, ensure_ascii=False))
    encoded.encode("utf-8")
    assert json.loads(encoded) == text


def _md_text(markdown: str) -> str:
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").enable("table").enable("strikethrough").render(markdown)
    return html.unescape(re.sub(r"<[^>]+>", "", rendered))


@SETTINGS
@given(text=ANY_TEXT)
@example(text="&amp; &lt;b&gt;")
@example(text="**b** _i_ `c` [l](https://x) <script>")
def test_markdown_escape_shows_text_literally_inside_a_line(text):
    shown = inline(text)
    rendered = _md_text("x " + md_escape(text) + " y")
    assert " ".join(rendered.split()) == " ".join(f"x {shown} y".split())


@SETTINGS
@given(text=ANY_TEXT)
@example(text="- item")
@example(text="2024. The year")
@example(text="---")
@example(text="    code")
@example(text="> quote")
def test_markdown_escape_shows_text_literally_at_a_line_start(text):
    shown = " ".join(inline(text).split())
    out = md_escape(text)
    rendered = _md_text(out)
    assert " ".join(rendered.split()) == shown, (out, rendered)


@SETTINGS
@given(rows=st.lists(st.lists(ANY_TEXT, min_size=3, max_size=3), max_size=5))
def test_csv_and_tsv_keep_every_row_whole(rows):
    for dump in (dump_csv, dump_tsv):
        out = io.StringIO()
        dump(["a", "b", "c"], rows, out)
        text = out.getvalue()
        text.encode("utf-8")
        if dump is dump_csv:
            parsed = list(csv.reader(io.StringIO(text)))
            assert parsed[1:] == [[inline(c) for c in r] for r in rows]
        else:  # TSV has no quoting: a tab ends a cell, a newline a row
            parsed = [line.split("\t") for line in text.split("\n")[:-1]]
            assert parsed[1:] == [[inline(c) for c in r] for r in rows]
