"""accord diff and accord matrix from the command line: formats, filters, widths, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml

from compare.safe import width


def agreement(aid: str, commitments: list[dict], **extra) -> str:
    data = {
        "id": aid,
        "title": f"Title of {aid}",
        "kind": "action-plan",
        "legal_nature": "political",
        "parties": ["GB", "FR"],
        "sources": [{"id": "src", "title": f"Communiqué of {aid}", "publisher": "Ministers"}],
        "commitments": commitments,
        **extra,
    }
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


HOSTILE = "Share [bold]intelligence[/bold] [link=https://x.example]now[/link] \x1b[31mred [@click=app.quit]"
PLAN_A = [
    {
        "id": "intel",
        "text": "The parties will share intelligence on smuggling routes.",
        "themes": ["intelligence-sharing"],
        "ref": "para 2",
    },
    {
        "id": "boats",
        "text": "The parties will curb the supply of small boats and engines.",
        "themes": ["supply-chains"],
        "ref": "para 3",
    },
    {"id": "markup", "text": HOSTILE, "themes": ["returns"]},
]
PLAN_B = [
    {
        "id": "intel",
        "text": "The parties shall share intelligence on smuggling routes and money.",
        "themes": ["intelligence-sharing"],
        "ref": "para 4",
    },
    {
        "id": "returns",
        "text": "The parties will negotiate readmission agreements with Iraq.",
        "themes": ["returns", "origin-transit-cooperation"],
        "where": ["IQ"],
    },
    {"id": "markup", "text": HOSTILE, "themes": ["returns"]},
]


@pytest.fixture
def corpus(corpus_dir):
    return str(
        corpus_dir(
            {
                "a.yaml": agreement("plan-2023", PLAN_A),
                "b.yaml": agreement("plan-2024", PLAN_B, parties=["GB", "FR", "IT"]),
                "c.yaml": agreement("copy-2023", PLAN_A),
            }
        )
    )


def test_differences_exit_1_and_cite_sources(accord, corpus):
    status, out, err = accord("--corpus", corpus, "diff", "plan-2023", "plan-2024")
    assert status == 1 and err == ""
    assert "only in B" in out and "IT Italy" in out
    assert "changed  intel" in out
    assert "[-will-]" in out and "{+shall+}" in out and "{+and money+}" in out
    assert "A: [src] para 2 · B: [src] para 4" in out
    assert "only in A  boats" in out and "[src] para 3" in out
    assert "only in B  returns" in out
    assert "Communiqué of plan-2023" in out  # the Sources list names each cited source in full
    assert "strength: A commitment (inferred), B obligation (inferred) (B stronger)" in out


def test_no_differences_exit_0(accord, corpus):
    status, out, _ = accord("--corpus", corpus, "diff", "plan-2023", "copy-2023")
    assert status == 0
    assert "3 shared (3 unchanged, 0 changed)" in out


def test_errors_exit_2_with_one_line(accord, corpus):
    status, out, err = accord("--corpus", corpus, "diff", "plan-2023", "no-such-plan")
    assert status == 2 and out == "" and len(err.strip().splitlines()) == 1
    status, _, err = accord("--corpus", corpus, "diff", "plan-2023", "plan-2024", "--theme", "zzz")
    assert status == 2 and "unknown theme" in err
    status, _, err = accord("--corpus", corpus, "diff", "plan", "plan-2024")
    assert status == 2 and "ambiguous" in err
    status, _, err = accord(
        "--corpus", corpus, "diff", "plan-2023", "plan-2024", "--threshold", "2"
    )
    assert status == 2


def test_user_text_is_never_markup(accord, corpus):
    for fmt in ("text", "side-by-side", "markdown"):
        status, out, _ = accord("--corpus", corpus, "diff", "plan-2023", "plan-2024", "-f", fmt)
        assert status == 1
        assert "\x1b" not in out, fmt
        assert "\\x1b" in out, fmt
        if fmt != "markdown":
            assert "[bold]intelligence[/bold]" in out and "[@click=app.quit]" in out, fmt
        else:
            assert "\\[bold\\]intelligence\\[/bold\\]" in out


def test_user_text_is_literal_on_a_colour_terminal(corpus, monkeypatch, capsys):
    """With rich drawing (a terminal), markup in commitments still prints literally."""
    from compare.render import out as render_out

    real = render_out.Writer.__init__

    def coloured(self, stream=None, *, color=None):
        real(self, stream, color=True)

    monkeypatch.setattr(render_out.Writer, "__init__", coloured)
    monkeypatch.setenv("COLUMNS", "100")
    from compare.cli import main

    for fmt in ("text", "side-by-side"):
        assert main(["--corpus", corpus, "diff", "plan-2023", "plan-2024", "-f", fmt]) == 1
        out = capsys.readouterr().out
        assert "[bold]intelligence[/bold]" in out and "[@click=app.quit]" in out, fmt
        assert "\x1b[31mred" not in out


@pytest.mark.parametrize("columns", [40, 57, 80, 132])
def test_side_by_side_fits_the_width(accord, corpus, columns):
    status, out, _ = accord(
        "--corpus",
        corpus,
        "diff",
        "plan-2023",
        "plan-2024",
        "-f",
        "side-by-side",
        env={"COLUMNS": str(columns)},
    )
    assert status == 1
    lines = out.splitlines()
    assert max(width(line) for line in lines) <= columns
    assert any("~" in line and "intel" in line for line in lines)
    assert any(" + " in line and "returns" in line for line in lines)


def test_side_by_side_is_80_columns_when_piped():
    code = (
        "import sys; from compare.cli import main; "
        "sys.exit(main(['diff', 'g7-migrant-smuggling-action-plan-2024', 'un-smuggling-protocol-2000',"
        " '-f', 'side-by-side']))"
    )
    env = {k: v for k, v in __import__("os").environ.items() if k != "COLUMNS"}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    if proc.returncode == 2:
        pytest.skip(proc.stderr)
    assert proc.returncode == 1
    assert max(width(line) for line in proc.stdout.splitlines()) == 80


def test_only_and_theme_filter_what_is_shown(accord, corpus):
    args = ("--corpus", corpus, "diff", "plan-2023", "plan-2024")
    _, out, _ = accord(*args, "--only", "added")
    assert "returns" in out and "boats" not in out and "changed  intel" not in out
    _, out, _ = accord(*args, "--only", "removed")
    assert "boats" in out and "only in B" not in out.split("Commitments")[1]
    _, out, _ = accord(*args, "--only", "changed")
    assert "changed  intel" in out and "unchanged" not in out.split("Commitments")[1]
    _, out, _ = accord(*args, "--only", "shared")
    assert "unchanged  markup" in out and "changed  intel" in out and "boats" not in out
    status, out, _ = accord(*args, "--theme", "deportation")  # an alias of returns
    body = out.split("Commitments")[1]
    assert status == 1 and "returns" in body and "changed  intel" not in body
    assert "boats" not in body
    status, out, _ = accord(*args, "--theme", "supply chains", "--only", "added")
    assert status == 1  # boats was removed: a difference, even though --only hides it


def test_theme_without_differences_exits_0(accord, corpus_dir):
    same = [{"id": "x", "text": "Share intelligence.", "themes": ["intelligence-sharing"]}]
    other = [*same, {"id": "y", "text": "Fund projects.", "themes": ["funding"]}]
    root = str(corpus_dir({"a.yaml": agreement("a", same), "b.yaml": agreement("b", other)}))
    assert accord("--corpus", root, "diff", "a", "b")[0] == 1
    assert accord("--corpus", root, "diff", "a", "b", "--theme", "intelligence-sharing")[0] == 0


def test_json_follows_the_documented_schema(accord, corpus):
    status, out, _ = accord("--corpus", corpus, "diff", "plan-2023", "plan-2024", "-f", "json")
    assert status == 1
    data = json.loads(out)
    assert data["schema_version"] == 1
    assert set(data) == {
        "schema_version",
        "a",
        "b",
        "options",
        "identical",
        "summary",
        "parties",
        "agencies",
        "themes",
        "matched",
        "only_a",
        "only_b",
    }
    assert data["a"]["id"] == "plan-2023" and data["identical"] is False
    assert data["parties"] == {
        "both": ["GB", "FR"],
        "only_a": [],
        "only_b": ["IT"],
        "not_stated": [],
    }
    intel = next(p for p in data["matched"] if p["a"]["id"] == "intel")
    assert intel["change"] == "changed" and 0 < intel["similarity"] <= 1
    assert {"op": "delete", "text": " will"} in intel["words"]
    assert intel["strength"] == {
        "a": "commitment",
        "b": "obligation",
        "a_inferred": True,
        "b_inferred": True,
        "stronger": "b",
    }
    assert intel["a"]["citation"]["title"] == "Communiqué of plan-2023"
    assert intel["b"]["ref"] == "para 4" and intel["a"]["text_is_summary"] is True
    assert [c["id"] for c in data["only_a"]] == ["boats"]
    assert [c["id"] for c in data["only_b"]] == ["returns"]
    assert data["summary"]["matched"] == 2 and data["summary"]["same"] == 1
    markup = next(p for p in data["matched"] if p["a"]["id"] == "markup")
    assert markup["a"]["text"] == HOSTILE  # JSON carries the text exactly (escaped by JSON)


def test_json_only_filters_lists_but_not_the_summary(accord, corpus):
    _, out, _ = accord(
        "--corpus", corpus, "diff", "plan-2023", "plan-2024", "-f", "json", "--only", "added"
    )
    data = json.loads(out)
    assert data["matched"] == [] and data["only_a"] == [] and len(data["only_b"]) == 1
    assert data["summary"]["only_a"] == 1 and data["options"]["only"] == "added"


def test_markdown_is_a_briefing_note(accord, corpus):
    status, out, _ = accord("--corpus", corpus, "diff", "plan-2023", "plan-2024", "-f", "markdown")
    assert status == 1
    assert out.startswith("# Title of plan-2023 and Title of plan-2024\n")
    assert "| A | B | Difference |" in out
    assert "~~will~~ **shall**" in out
    assert "only in A |" in out and "## Sources" in out


def test_diff_through_a_pipe_into_head_ends_cleanly():
    code = "from compare.cli import main; import sys; sys.exit(main(sys.argv[1:]))"
    proc = subprocess.run(
        f"{sys.executable} -c '{code}' diff un-smuggling-protocol-2000 "
        "g7-migrant-smuggling-action-plan-2024 | head -n 2",
        shell=True,
        capture_output=True,
        text=True,
    )
    assert proc.stderr == "" and len(proc.stdout.splitlines()) == 2


# -- accord matrix ------------------------------------------------------------------------------


def test_matrix_table_marks_gaps(accord, corpus):
    status, out, _ = accord("--corpus", corpus, "matrix", "plan-2023", "plan-2024")
    assert status == 0
    row = next(line for line in out.splitlines() if line.startswith("  Supply chains"))
    assert row.split()[-3:] == ["1", "·", "1/2"]
    assert "Regular pathways" in out  # uncovered themes stay as visible gaps
    assert "themes covered by none of these agreements" in out


def test_matrix_formats(accord, corpus):
    _, out, _ = accord("--corpus", corpus, "matrix", "-f", "csv", "--by", "country")
    lines = out.splitlines()
    assert lines[0] == "country,label,plan-2023,plan-2024,copy-2023"
    assert "IQ,IQ Iraq,0,1,0" in lines
    _, out, _ = accord("--corpus", corpus, "matrix", "-f", "json", "plan-2024")
    data = json.loads(out)
    assert data["schema_version"] == 1 and data["by"] == "theme"
    returns = next(r for r in data["rows"] if r["id"] == "returns")
    assert returns["counts"] == {"plan-2024": 2}
    assert returns["commitments"] == {"plan-2024": ["returns", "markup"]}
    _, out, _ = accord("--corpus", corpus, "matrix", "-f", "markdown", "--by", "agency")
    assert out.startswith("| agency |")
    status, _, err = accord("--corpus", corpus, "matrix", "nothing-like-it")
    assert status == 2 and err.count("\n") == 1


def test_the_json_schema_doc_names_every_field(accord, corpus):
    from pathlib import Path

    doc = (Path(__file__).parent.parent / "docs" / "diff-json.md").read_text(encoding="utf-8")
    _, out, _ = accord("--corpus", corpus, "diff", "plan-2023", "plan-2024", "-f", "json")
    data = json.loads(out)
    pair = data["matched"][0]
    names = [*data, *data["summary"], *data["options"], *pair, *pair["strength"], *data["a"]]
    missing = sorted({n for n in names if f"`{n}`" not in doc and f'"{n}"' not in doc})
    assert not missing, f"docs/diff-json.md does not mention {missing}"


def _with_url(url: str) -> str:
    text = agreement("a", [{"id": "x", "text": "Share intelligence.", "themes": ["returns"]}])
    data = yaml.safe_load(text)
    data["sources"][0]["url"] = url
    return yaml.safe_dump(data)


def test_markdown_never_links_a_hostile_source_url(accord, corpus_dir):
    # Printable, so the loader lets it through; built to close the link and open another.
    url = "https://x.example/a>)[evil](https://evil.example)<c"
    root = str(corpus_dir({"a.yaml": _with_url(url), "b.yaml": agreement("b", [])}))
    status, out, _ = accord("--corpus", root, "diff", "a", "b", "-f", "markdown")
    assert status == 1
    assert "<https://x.example" not in out  # not an autolink: shown escaped instead
    assert "](https://evil.example)" not in out
    assert "\\[evil\\]" in out


def test_a_source_url_with_control_characters_is_a_located_problem(accord, corpus_dir):
    url = "https://x.example/a\x1b]8;;https://evil.example\x07b"
    root = str(corpus_dir({"a.yaml": _with_url(url), "b.yaml": agreement("b", [])}))
    status, out, err = accord("--corpus", root, "validate")
    assert status == 1
    assert "sources[0].url: a URL must not contain spaces or control characters" in out + err
    assert "\x1b" not in out + err and "\x07" not in out + err
