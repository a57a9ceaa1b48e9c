"""The command line over a fixture corpus: list, show, validate, schema, naming, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


@pytest.fixture
def two(corpus_dir, minimal):
    return str(
        corpus_dir(
            {
                "a.yaml": minimal("plan-a", "Action Plan on Smuggling"),
                "b.yaml": minimal("plan-b", "Border Summit Outcome").replace("[GB, FR]", "[G7]"),
            }
        )
    )


def test_list_json_exact(accord, two):
    status, out, err = accord("--corpus", two, "list", "--format", "json")
    assert status == 0 and err == ""
    data = json.loads(out)
    assert data["schema_version"] == 1
    first = data["agreements"][0]
    del first["path"]
    assert first == {
        "id": "plan-a",
        "title": "Action Plan on Smuggling",
        "kind": "action-plan",
        "legal_nature": "political",
        "date": None,
        "parties": ["GB", "FR"],
        "parties_declared": ["GB", "FR"],
        "parties_complete": True,
        "commitments": 1,
    }
    assert data["agreements"][1]["parties_declared"] == ["G7"]
    assert len(data["agreements"][1]["parties"]) == 7


def test_list_table_plain_when_piped(accord, two):
    status, out, _ = accord("list", "--corpus", two)
    assert status == 0
    lines = out.splitlines()
    assert lines[0].split() == ["id", "kind", "date", "title", "parties", "commitments"]
    assert lines[1].startswith("plan-a  action-plan")
    assert "G7 (7)" in lines[2]
    assert "\x1b" not in out


def test_show_json(accord, two):
    status, out, _ = accord("--corpus", two, "show", "plan-a", "--format", "json")
    a = json.loads(out)["agreement"]
    assert status == 0
    assert a["parties"] == [
        {"code": "GB", "name": "United Kingdom"},
        {"code": "FR", "name": "France"},
    ]
    assert a["commitments"][0]["text_is_summary"] is True
    assert a["sources"][0] == {
        "id": "src",
        "title": "A source",
        "publisher": "Someone",
        "date": "2024-10-04",
        "url": "https://example.org/src",
        "kind": None,
    }


def test_show_text_groups_by_theme(accord, two):
    status, out, _ = accord("--corpus", two, "show", "plan-a")
    assert status == 0
    assert "Action Plan on Smuggling" in out
    assert "GB United Kingdom, FR France" in out
    assert "Information and intelligence sharing" in out
    assert "[src] A source, Someone, 2024-10-04. https://example.org/src" in out


def test_show_markdown(accord, two):
    status, out, _ = accord("--corpus", two, "show", "plan-a", "-f", "markdown")
    assert status == 0 and out.startswith("# Action Plan on Smuggling\n")
    assert "### Information and intelligence sharing" in out


def test_naming_prefix_title_and_errors(accord, two):
    assert accord("--corpus", two, "show", "plan-b", "-f", "json")[0] == 0
    status, out, err = accord("--corpus", two, "show", "plan-", "-f", "json")
    assert status == 2 and out == ""
    assert err.strip() == "accord: error: ambiguous agreement name 'plan-'; nearest: plan-a, plan-b"
    status, out, err = accord("--corpus", two, "show", "border summit", "-f", "json")
    assert status == 0 and json.loads(out)["agreement"]["id"] == "plan-b"
    assert "taken to mean plan-b" in err
    status, _, err = accord("--corpus", two, "show", "zzzz qqq")
    assert status == 2 and err.startswith("accord: error: no agreement matches 'zzzz qqq'")


def test_validate_ok_and_invalid(accord, two, corpus_dir, minimal, tmp_path):
    status, out, _ = accord("--corpus", two, "validate")
    assert status == 0 and out == "ok: 2 file(s), 2 commitment(s), no problems\n"
    bad = tmp_path / "bad.yaml"
    bad.write_text(minimal().replace("kind: action-plan", "kind: nope"))
    status, out, err = accord("validate", str(bad))
    assert status == 1 and err == ""
    first, last = out.splitlines()
    assert first.startswith(f"{bad}:3:7: kind: unknown value 'nope'")
    assert last == "1 problem(s) in 1 of 1 file(s)"


def test_validate_json_and_missing_path(accord, tmp_path):
    status, _, err = accord("validate", str(tmp_path / "nope.yaml"))
    assert status == 2 and "no such file or folder" in err
    bad = tmp_path / "bad.yaml"
    bad.write_text("- a\n")
    status, out, _ = accord("validate", str(bad), "--format", "json")
    data = json.loads(out)
    assert status == 1 and data["valid"] is False
    assert data["problems"][0]["line"] == 1 and data["problems"][0]["column"] == 1


def test_other_commands_skip_bad_files_with_one_warning(accord, two, tmp_path):
    from pathlib import Path

    (Path(two) / "agreements" / "zz.yaml").write_text("id: [\n")
    status, out, err = accord("--corpus", two, "list", "--format", "json")
    assert status == 0 and len(json.loads(out)["agreements"]) == 2
    assert err.count("\n") == 1 and "zz.yaml" in err and err.startswith("accord: warning:")
    status, out, err = accord("--corpus", two, "--strict", "list")
    assert status == 2 and out == ""


def test_corpus_from_environment(accord, two):
    status, out, _ = accord("list", "-f", "json", env={"ACCORD_CORPUS": two})
    assert [a["id"] for a in json.loads(out)["agreements"]] == ["plan-a", "plan-b"]


def test_unreadable_corpus_is_exit_2(accord, tmp_path):
    status, out, err = accord("--corpus", str(tmp_path / "missing"), "list")
    assert status == 2 and out == "" and "corpus folder not found" in err


def test_schema_matches_committed_copy(accord):
    from pathlib import Path

    status, out, _ = accord("schema")
    schema = json.loads(out)
    assert status == 0 and schema["required"] == [
        "id",
        "title",
        "kind",
        "legal_nature",
        "sources",
        "commitments",
    ]
    committed = Path(__file__).parent.parent / "schema" / "agreement.schema.json"
    assert json.loads(committed.read_text()) == schema, (
        "run: accord schema > schema/agreement.schema.json"
    )


def test_user_text_is_shown_literally(accord, corpus_dir, minimal):
    nasty = "Do [bold]this[/bold] \x1b[31mred\x1b[0m [link=https://x]y \u202eevil"
    text = minimal().replace(
        "The parties will share intelligence on smuggling networks.", json.dumps(nasty)
    )
    root = str(corpus_dir({"a.yaml": text}))
    _, out, _ = accord("--corpus", root, "show", "plan-a")
    assert "Do [bold]this[/bold] \\x1b[31mred\\x1b[0m [link=https://x]y \\u202eevil" in out
    assert "\x1b" not in out and "\u202e" not in out
    _, out, _ = accord("--corpus", root, "show", "plan-a", "-f", "json")
    assert "\u202e" not in out and json.loads(out)["agreement"]["commitments"][0]["text"] == nasty


def test_version_and_module_entry():
    out = subprocess.run(
        [sys.executable, "-m", "compare", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.startswith("accord ")


def test_usage_error_is_exit_2(accord):
    with pytest.raises(SystemExit) as info:
        accord("list", "--format", "yaml")
    assert info.value.code == 2


@pytest.mark.parametrize(
    "name,expected",
    [
        ("g7 action plan", "g7-migrant-smuggling-action-plan-2024"),
        ("smuggling protocol", "un-smuggling-protocol-2000"),
        ("global compact", "global-compact-migration-2018"),
        ("facilitators directive", "eu-facilitators-directive-2002"),
        ("uk-", "uk-oic-summit-2025"),
    ],
)
def test_shipped_names_resolve(name, expected):
    from compare.load import load_corpus

    assert load_corpus().resolve(name).id == expected


def test_unknown_name_lists_only_near_candidates(accord):
    status, _, err = accord("show", "nosuch")
    assert status == 2
    assert err == "accord: error: no agreement matches 'nosuch'; 'accord list' shows them all\n"


@pytest.mark.parametrize(
    "argv, command",
    [
        (["search", "x"], "search"),
        (["--corpus", "search", "list"], "list"),
        (["--corpus=dir", "--no-cache", "diff", "a", "b"], "diff"),
        (["--max-file-mb", "5", "validate"], "validate"),
        (["--export-dir", "out"], ""),
        (["bogus"], None),
        ([], ""),
        (["-h"], None),
        (["--corpus", "x", "--help"], None),
    ],
)
def test_only_the_named_command_is_built(argv, command):
    from compare.cli import COMMANDS, build_parser

    sub = next(a for a in build_parser(argv)._actions if a.dest == "command")
    want = list(COMMANDS) if command is None else [command] if command else []
    assert list(sub.choices) == want


@pytest.mark.parametrize("columns", [None, "120", "0", "-4", "wide", "33"])
def test_terminal_columns_is_what_shutil_says(monkeypatch, columns):
    import shutil

    from compare.cli.common import terminal_columns

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert terminal_columns() == shutil.get_terminal_size().columns
