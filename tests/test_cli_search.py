"""accord search: formats, exact JSON, highlighting, exit codes, pipes, and what it imports."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest
from search_corpus import write

from compare.render.hits import highlighted, wrapped, write_hits
from compare.render.out import Writer


@pytest.fixture
def root(tmp_path):
    return str(write(tmp_path / "corpus"))


def test_json_exact(accord, root):
    status, out, err = accord("--corpus", root, "search", "seize", "gangs", "--format", "json")
    assert (status, err) == (0, "")
    data = json.loads(out)
    assert data == {
        "schema_version": 1,
        "query": "seize gangs",
        "filters": {},
        "total": 1,
        "count": 1,
        "hits": [
            {
                "agreement": "plan-a",
                "commitment": "seize-assets",
                "score": data["hits"][0]["score"],
                "spans": [[0, 5], [29, 34]],
                "matched": ["text", "id"],
                "text": "Seize the assets of criminal gangs who smuggle people.",
                "detail": {
                    "id": "seize-assets",
                    "text": "Seize the assets of criminal gangs who smuggle people.",
                    "text_is_summary": True,
                    "themes": ["illicit-finance"],
                    "actors": ["GB"],
                    "actors_stated": True,
                    "where": ["western-balkans"],
                    "agencies": ["nca", "europol"],
                    "funding": None,
                    "strength": None,
                    "source": "src",
                    "ref": None,
                    "url": None,
                    "agreement": "plan-a",
                    "citation": {
                        "id": "src",
                        "title": "A source",
                        "publisher": None,
                        "date": None,
                        "url": None,
                        "kind": None,
                    },
                },
            }
        ],
    }
    assert 90 < data["hits"][0]["score"] <= 100
    text = data["hits"][0]["text"]
    assert [text[s:e] for s, e in data["hits"][0]["spans"]] == ["Seize", "gangs"]


def test_json_filters_total_and_limit(accord, root):
    status, out, _ = accord("--corpus", root, "search", "--country", "gb", "-n", "1", "-f", "json")
    data = json.loads(out)
    assert status == 0
    assert data["filters"] == {"country": "gb"}
    assert data["count"] == 1 and data["total"] == 6
    assert data["hits"][0]["matched"] == ["country:actor", "country:party"]


def test_jsonl_and_tsv(accord, root):
    status, out, _ = accord("--corpus", root, "search", "smuggling", "-f", "jsonl")
    lines = [json.loads(x) for x in out.splitlines()]
    assert status == 0 and len(lines) == 6
    assert lines[-1]["commitment"] == "boarding" and lines[-1]["matched"] == ["tag:theme"]
    assert [x["commitment"] for x in lines[:3]] == [
        "criminalise",
        "share-intel",
        "share-intel-again",
    ]
    status, out, _ = accord("--corpus", root, "search", "vessels", "-f", "tsv")
    header, row = out.splitlines()
    assert header.split("\t") == ["score", "agreement", "commitment", "matched", "text"]
    assert row.split("\t")[1:] == [
        "protocol-b",
        "boarding",
        "text,tag:theme",  # "vessels" is also an alias of the maritime theme
        "Boarding and searching vessels at sea needs the flag state's consent.",
    ]


def test_markdown_bolds_matches_and_escapes_text(accord, root):
    status, out, _ = accord("--corpus", root, "search", "checks", "-f", "markdown")
    assert status == 0
    lines = out.splitlines()
    assert lines[:2] == ["| score | agreement | commitment | text |", "|---:|---|---|---|"]
    assert "\\[bold\\]**checks**\\[/bold\\]" in lines[2]


def test_table_plain_when_piped(accord, root):
    status, out, err = accord("--corpus", root, "search", "viet", "nam")
    assert (status, err) == (0, "")
    header, row = out.splitlines()
    assert header.split() == ["score", "agreement", "commitment", "text"]
    assert row.split()[1:3] == ["plan-a", "train-guards"]
    assert row.endswith("Officers will train border guards in Việt Nam.")
    assert "\x1b" not in out


def test_terminal_highlights_and_never_reads_markup():
    class Hit:  # the shape write_hits reads
        class agreement:
            id = "plan-a"

        class commitment:
            id = "markup"
            text = "Weiße Straße [bold]checks[/bold] at the border \x1b[31m."

        score = 91.5
        spans = ((19, 25),)
        matched = ("text",)

    buf = io.StringIO()
    write_hits([Hit], Writer(buf, color=True))
    out = buf.getvalue()
    assert "[bold]" in out and "[/bold]" in out  # shown, not obeyed
    assert "\\x1b[31m" in out and "\x1b[31m." not in out
    assert "\x1b[" in out  # styled: the match and the heading
    assert Hit.commitment.text[19:25] == "checks" and "checks\x1b[0m" in out
    plain = io.StringIO()
    write_hits([Hit], Writer(plain, color=False))
    assert "\x1b" not in plain.getvalue().replace("\\x1b", "")


def test_highlighted_and_wrapped():
    assert highlighted("abc def", [(4, 7)]) == ["abc ", ("def", "bold yellow")]
    assert highlighted("abc", [(0, 1), (0, 2), (2, 9)]) == [
        ("a", "bold yellow"),
        ("b", "bold yellow"),
        ("c", "bold yellow"),
    ]
    assert wrapped("aa bb cc dd", 5) == [(0, 5), (6, 11)]
    assert wrapped("日本語 日本語", 6) == [(0, 3), (4, 7)]  # wide characters take two cells


def test_exit_codes(accord, root):
    assert accord("--corpus", root, "search", "boarding")[0] == 0
    status, out, err = accord("--corpus", root, "search", "zzqqxx")
    assert (status, out) == (1, "") and "nothing found" in err
    status, out, _ = accord("--corpus", root, "search", "zzqqxx", "-f", "json")
    assert status == 1 and json.loads(out)["hits"] == []
    status, out, err = accord("--corpus", root, "search", "boats", "contry:fr")
    assert (status, out) == (2, "")
    assert err.splitlines() == [
        "accord: error: unknown facet 'contry:' (did you mean country:?) (at character 7)"
    ]
    status, _, err = accord("--corpus", root, "search", "boats", "--country", "narnia")
    assert status == 2 and err.startswith("accord: error: unknown country 'narnia'")
    assert len(err.splitlines()) == 1 and "character" not in err


def test_usage_errors_exit_2(root):
    for argv in (["search", "x", "--limit", "-1"], ["search", "x", "-f", "yaml"]):
        proc = subprocess.run(
            [sys.executable, "-m", "compare", "--corpus", root, *argv],
            capture_output=True,
            text=True,
        )
        assert proc.returncode == 2 and "Traceback" not in proc.stderr, argv


def test_no_query_lists_everything_and_limit_0_is_all(accord, root):
    status, out, _ = accord("--corpus", root, "search", "-f", "json", "--limit", "0")
    assert status == 0 and json.loads(out)["count"] == 9
    status, out, _ = accord("--corpus", root, "search", "-f", "json", "-n", "2")
    assert json.loads(out)["count"] == 2 and json.loads(out)["total"] == 9


def test_query_starting_with_a_dash(accord, root):
    status, out, _ = accord("--corpus", root, "search", "-f", "json", "--", "-country:gb")
    assert status == 0 and json.loads(out)["total"] == 3


def test_options_filter(accord, root):
    def found(*argv):
        status, out, _ = accord("--corpus", root, "search", *argv, "-f", "json", "-n", "0")
        return sorted(h["commitment"] for h in json.loads(out)["hits"])

    assert found("--agency", "europol") == ["seize-assets"]
    assert found("--theme", "deportation") == ["return-nationals"]
    assert found("smuggled", "--agreement", "protocol-b") == [
        "boarding",  # tagged with the maritime theme, "smuggling by sea"
        "criminalise",
        "return-nationals",
    ]
    assert found("intelligence", "--country", "iraq") == ["share-intel-again"]


def test_piped_into_head_ends_cleanly(tmp_path):
    from benchmarks.generate import corpus as generated

    root = generated(3000, per_file=500, seed=1)
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    cmd = (
        f"'{sys.executable}' -m compare --corpus '{root}' search smuggling -n 0 -f jsonl | head -2"
    )
    proc = subprocess.run(cmd, shell=True, capture_output=True, text=True, env=env)
    assert len(proc.stdout.splitlines()) == 2
    assert proc.stderr == ""


def test_no_color_and_dumb_terminal_stay_plain(root):
    for env in ({"NO_COLOR": "1"}, {"TERM": "dumb"}):
        proc = subprocess.run(
            [sys.executable, "-m", "compare", "--corpus", root, "search", "border"],
            capture_output=True,
            text=True,
            env={**os.environ, **env},
        )
        assert proc.returncode == 0 and "\x1b" not in proc.stdout


PROBE = """
import io, contextlib, sys
from compare.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    status = main({argv!r})
print(status, sorted({{m.split('.')[0] for m in sys.modules}} & {{'rich', 'textual'}}))
"""


@pytest.mark.parametrize(
    ("fmt", "allowed"),
    [("json", []), ("jsonl", []), ("tsv", []), ("markdown", []), ("table", [])],
)
def test_search_loads_neither_rich_nor_textual(root, fmt, allowed):
    argv = ["--corpus", root, "search", "smuggling", "-f", fmt]
    proc = subprocess.run(
        [sys.executable, "-c", PROBE.format(argv=argv)], capture_output=True, text=True, check=True
    )
    assert proc.stdout.split(" ", 1) == ["0", f"{allowed}\n"]


def test_engine_imports_neither():
    code = (
        "import sys\nimport compare.search, compare.query, compare.searchindex\n"
        "from compare.load import load_corpus\nfrom compare.search import search\n"
        "search(load_corpus(), 'smuggling country:g7')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'rich', 'textual'}))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"
