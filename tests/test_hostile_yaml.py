"""Malformed agreement files of every kind: each refused in bounded time and memory with located,
one-line problems, while the valid file beside it stays usable in every command."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from fixtures.hostile import (
    ACCORD,
    PROBE_MODULE,
    PROBLEM_LINE,
    UNSAFE_TAGS,
    clean_env,
    limit_memory,
    malformed,
    no_traceback,
    run_accord,
    valid,
    write_corpus,
)

from compare.load import load_corpus
from compare.model import CorpusError

CASES = malformed()
IN_PROCESS = [c for c in CASES if not c.sandbox_only]


def ids(case):
    return case.name


def _matches(problems, bad) -> list:
    return [p for p in problems if bad.message in str(p)]


# -- the loader, in process --------------------------------------------------------------------


@pytest.mark.parametrize("bad", IN_PROCESS, ids=ids)
def test_loader_gives_located_one_line_problems(tmp_path, bad):
    root = write_corpus(tmp_path, {"a.yaml": valid(), "x.yaml": bad.data})
    corpus = load_corpus(root, strict=False)
    assert list(corpus.agreements) == ["plan-a"]
    assert corpus.problems
    for p in corpus.problems:
        line = str(p)
        assert p.file.endswith("x.yaml"), line
        assert p.line >= 1 and p.column >= 1
        assert "\n" not in line and "\r" not in line, line
        assert line.startswith(f"{p.file}:{p.line}:{p.column}: ")
    hits = _matches(corpus.problems, bad)
    assert hits, [str(p) for p in corpus.problems]
    if bad.line is not None:
        assert any(p.line == bad.line for p in hits), [str(p) for p in hits]
    with pytest.raises(CorpusError) as info:
        load_corpus(root)
    assert "x.yaml" in str(info.value) and "\n" not in str(info.value)


# -- the command line, in a child process bounded in time and memory ------------------------------


@pytest.mark.parametrize("bad", CASES, ids=ids)
def test_validate_refuses_in_bounded_time_and_memory(tmp_path, bad):
    root = write_corpus(tmp_path, {"a.yaml": valid(), "x.yaml": bad.data})
    proc = run_accord("--corpus", str(root), "validate", timeout=30, memory_mb=768)
    no_traceback(proc.stderr)
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr == b""
    lines = proc.stdout.decode().splitlines()
    *problems, count = lines
    assert problems and count.endswith("in 1 of 2 file(s)"), lines[-3:]
    for line in problems:
        m = PROBLEM_LINE.match(line)
        assert m and m["file"].endswith("x.yaml"), line
        assert "\\x0a" not in line, f"a message spanning lines: {line}"
    assert any(bad.message in line for line in problems), problems
    if bad.line is not None:
        assert any(f"x.yaml:{bad.line}:" in line for line in problems if bad.message in line)


@pytest.mark.parametrize("bad", CASES, ids=ids)
def test_list_keeps_the_valid_agreement_and_warns_once(tmp_path, bad):
    root = write_corpus(tmp_path, {"a.yaml": valid(), "x.yaml": bad.data})
    proc = run_accord("--corpus", str(root), "list", "--format", "json", timeout=30, memory_mb=768)
    no_traceback(proc.stderr)
    assert proc.returncode == 0
    assert [a["id"] for a in json.loads(proc.stdout)["agreements"]] == ["plan-a"]
    err = proc.stderr.decode()
    assert err.startswith("accord: warning:") and err.count("\n") == 1 and "x.yaml" in err


@pytest.mark.parametrize("bad", IN_PROCESS, ids=ids)
def test_show_and_validate_paths_in_process(tmp_path, bad, accord):
    root = write_corpus(tmp_path, {"a.yaml": valid(), "x.yaml": bad.data})
    status, out, err = accord("--corpus", str(root), "show", "plan-a")
    assert status == 0 and out.startswith("Plan A\n")
    assert err.count("\n") == 1 and "x.yaml" in err
    status, out, err = accord("validate", str(root / "agreements" / "x.yaml"))
    assert status == 1 and err == ""
    status, out, err = accord("validate", str(root / "agreements" / "a.yaml"))
    assert status == 0 and out.startswith("ok: 1 file(s)")


def test_all_bad_files_together_name_every_one(tmp_path):
    files = {f"{c.name}.yaml": c.data for c in CASES}
    root = write_corpus(tmp_path, {"a.yaml": valid(), "b.yaml": valid("plan-b", "B"), **files})
    proc = run_accord("--corpus", str(root), "validate", "--format", "json", timeout=60)
    no_traceback(proc.stderr)
    data = json.loads(proc.stdout)
    assert (
        proc.returncode == 1
        and data["invalid_files"] == len(CASES)
        and data["files"] == len(CASES) + 2
    )
    named = {os.path.basename(p["file"]) for p in data["problems"]}
    assert named == set(files)
    for p in data["problems"]:
        assert "\n" not in p["message"] and p["line"] >= 1 and p["column"] >= 1
    proc = run_accord("--corpus", str(root), "show", "plan-a", timeout=60)
    no_traceback(proc.stderr)
    assert proc.returncode == 0 and proc.stdout.startswith(b"Plan A\n")
    err = proc.stderr.decode()
    assert err.count("\n") == 1 and f"{len(CASES)} agreement file(s) failed" in err
    for argv, ok in (
        (["search", "intelligence", "-f", "json"], 0),
        (["diff", "plan-a", "plan-b"], 0),  # same commitments: no difference
        (["matrix", "-f", "json"], 0),
        (["list", "-f", "tsv"], 0),
    ):
        proc = run_accord("--corpus", str(root), *argv, timeout=60)
        no_traceback(proc.stderr)
        assert proc.returncode == ok, (argv, proc.stderr)
        assert proc.stderr.decode().count("\n") == 1 and b"failed to load" in proc.stderr
    strict = run_accord("--corpus", str(root), "--strict", "list", timeout=60)
    assert strict.returncode == 2 and strict.stdout == b""
    no_traceback(strict.stderr)
    assert strict.stderr.decode().count("\n") == 1


# -- the size limit ------------------------------------------------------------------------------


def test_file_over_the_default_limit_is_refused_without_reading_it(tmp_path):
    root = write_corpus(tmp_path, {"a.yaml": valid()})
    big = root / "agreements" / "huge.yaml"
    with open(big, "wb") as f:  # sparse: 50 MB + 1 byte of nothing, costs no disk
        f.truncate(50 * 1024 * 1024 + 1)
    proc = run_accord("--corpus", str(root), "validate", memory_mb=256)
    no_traceback(proc.stderr)
    assert proc.returncode == 1
    assert b"huge.yaml:1:1: file is 50.0 MB, over the 50 MB limit" in proc.stdout
    proc = run_accord("--corpus", str(root), "list", "-f", "json", memory_mb=256)
    assert proc.returncode == 0 and b"huge.yaml" in proc.stderr


def test_max_file_mb_lowers_and_raises_the_limit(tmp_path):
    text = valid() + "notes: " + "x" * 3000 + "\n"
    root = write_corpus(tmp_path, {"a.yaml": text})
    proc = run_accord("--corpus", str(root), "--max-file-mb", "0.001", "validate")
    assert proc.returncode == 1 and b"a.yaml:1:1: file is " in proc.stdout
    assert b"MB limit (--max-file-mb raises it)" in proc.stdout
    proc = run_accord("--corpus", str(root), "validate", "--max-file-mb", "1")
    assert proc.returncode == 0
    proc = run_accord("--corpus", str(root), "--max-file-mb", "0.001", "list")
    assert proc.returncode == 0 and b"a.yaml" in proc.stderr
    proc = run_accord("--corpus", str(root), "--max-file-mb", "lots", "list")
    assert proc.returncode == 2 and b"invalid float value" in proc.stderr
    no_traceback(proc.stderr)


# -- hostile but valid: must load, faithfully -------------------------------------------------


@pytest.mark.parametrize(
    "name,data",
    [
        ("bom", b"\xef\xbb\xbf" + valid().encode()),
        ("crlf", valid().replace("\n", "\r\n").encode()),
        ("cr-only", valid().replace("\n", "\r").encode()),
        (
            "bom-crlf-no-final-newline",
            b"\xef\xbb\xbf" + valid().rstrip().replace("\n", "\r\n").encode(),
        ),
        ("tab-after-colon", valid().replace("title: Plan A", "title:\tPlan A").encode()),
        ("yaml-1.1-directive", ("%YAML 1.1\n---\n" + valid()).encode()),
        ("explicit-document-end", (valid() + "...\n").encode()),
        ("trailing-comment-no-newline", (valid() + "# end").encode()),
    ],
)
def test_hostile_but_valid_files_load(tmp_path, name, data):
    corpus = load_corpus(write_corpus(tmp_path, {"a.yaml": data}))
    a = corpus.agreements["plan-a"]
    assert a.title == "Plan A" and a.parties == ("GB", "FR")
    assert a.commitments[0].text == "The parties will share intelligence on smuggling networks."


def test_crlf_errors_point_at_the_right_line(tmp_path):
    text = valid().replace("kind: action-plan", "kind: action-plan\nkinds: x")
    for ending in ("\r\n", "\r"):
        root = write_corpus(
            tmp_path / ending.encode().hex(), {"x.yaml": text.replace("\n", ending)}
        )
        [p] = load_corpus(root, strict=False).problems
        assert (p.line, p.column, p.path) == (4, 1, "kinds")


def test_long_lines_and_many_scripts_load(tmp_path):
    long = "word " * 400_000
    scripts = (
        "اتفاق بشأن تهريب المهاجرين · Hiệp định về buôn lậu người di cư · 移民の密入国に関する協定"
    )
    text = valid().replace("title: Plan A", f"title: {json.dumps(scripts)}") + (f"notes: {long}\n")
    a = load_corpus(write_corpus(tmp_path, {"a.yaml": text})).agreements["plan-a"]
    assert a.title == scripts and a.notes == long.strip()


def test_bad_date_values_are_problems_not_crashes(tmp_path):
    for raw in ("0000-00-00", "2024-13", "99999", "2024-02-29T00:00", "-2024", "2024-1-1", "١٩٩٩"):
        text = valid().replace("date: 2024-10-04", f"date: {json.dumps(raw)}")
        root = write_corpus(tmp_path / str(abs(hash(raw))), {"a.yaml": text})
        problems = load_corpus(root, strict=False).problems
        assert [p.path for p in problems] == ["sources[0].date"], (raw, problems)


# -- only safe YAML: nothing is ever constructed ----------------------------------------------

_CHECK = """
import json, sys
from pathlib import Path
from compare.load import load_corpus
corpus = load_corpus(sys.argv[1], strict=False)
print(json.dumps({
    "agreements": list(corpus.agreements),
    "problems": [str(p) for p in corpus.problems],
    "probe_imported": "hostile_probe" in sys.modules,
    "this_imported": "this" in sys.modules,
}))
"""


def _tagged(tag: str, where: str) -> str:
    v = valid("tagged", "Tagged")
    if where == "unknown-field":
        return v + f"extra: {tag}\n"
    if where == "known-field":
        return v + f"notes: {tag}\n"
    if where == "commitment-text":
        return v.replace(
            "text: The parties will share intelligence on smuggling networks.", f"text: {tag}"
        )
    if where == "key":
        return v + f"? {tag}\n: x\n"
    if where == "anchored":
        return v + f"notes: &x {tag}\nextra: *x\n"
    if where == "deep":  # a file that goes through the pure-Python composer
        return v + "extra:\n" + " " * 210 + f"- {tag}\n"
    raise AssertionError(where)


@pytest.mark.parametrize(
    "where", ["unknown-field", "known-field", "commitment-text", "key", "anchored", "deep"]
)
@pytest.mark.parametrize("kind", [k for k in UNSAFE_TAGS if UNSAFE_TAGS[k]])
def test_unsafe_tags_are_refused_and_nothing_is_constructed(tmp_path, kind, where):
    marker = tmp_path / "constructed"
    probe_dir = tmp_path / "probe"
    probe_dir.mkdir()
    (probe_dir / "hostile_probe.py").write_text(PROBE_MODULE.format(marker=str(marker)))
    tag = UNSAFE_TAGS[kind].format(probe="hostile_probe", marker=marker)
    text = _tagged(tag, where)
    root = write_corpus(tmp_path / "c", {"a.yaml": valid(), "t.yaml": text})
    env = clean_env(PYTHONPATH=f"{probe_dir}{os.pathsep}{os.environ.get('PYTHONPATH', '')}")
    proc = subprocess.run(
        [sys.executable, "-c", _CHECK, str(root)],
        capture_output=True,
        text=True,
        timeout=30,
        env=env,
        cwd=tmp_path,
        preexec_fn=limit_memory(768),
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["agreements"] == ["plan-a"]
    assert not out["probe_imported"] and not out["this_imported"]
    assert not marker.exists(), marker.read_text()
    tag_name = tag.split()[0].split("(")[0]
    assert any("is not allowed" in p for p in out["problems"]), out["problems"]
    assert all("t.yaml:" in p for p in out["problems"])
    assert tag_name.startswith("!")


def test_tag_directive_cannot_smuggle_a_python_tag(tmp_path):
    marker = tmp_path / "constructed"
    text = (
        "%TAG !p! tag:yaml.org,2002:python/\n---\n"
        + valid("t", "T")
        + f'notes: !p!object/apply:os.system ["touch {marker}"]\n'
    )
    root = write_corpus(tmp_path, {"t.yaml": text})
    problems = [str(p) for p in load_corpus(root, strict=False).problems]
    assert problems == [
        f"{root}/agreements/t.yaml:18:8: YAML tag !!python/object/apply:os.system is not allowed"
    ]
    assert not marker.exists()


def test_unsafe_tag_through_the_command_line(tmp_path):
    marker = tmp_path / "constructed"
    text = valid() + f'notes: !!python/object/apply:os.system ["touch {marker}"]\n'
    root = write_corpus(tmp_path, {"a.yaml": text})
    for args in (["validate"], ["list"], ["show", "plan-a"]):
        proc = run_accord("--corpus", str(root), *args)
        no_traceback(proc.stderr)
        assert not marker.exists()
    proc = run_accord("--corpus", str(root), "validate")
    assert proc.returncode == 1
    assert b"a.yaml:16:8: YAML tag !!python/object/apply:os.system is not allowed" in proc.stdout


def test_scaled_up_billion_laughs_stays_small(tmp_path):
    lines = ['a0: &a0 ["' + "lol" * 100 + '"]']
    for i in range(1, 30):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]")
    lines.append("commitments: [" + ",".join(["*a29"] * 10) + "]")
    root = write_corpus(tmp_path, {"a.yaml": valid(), "x.yaml": "\n".join(lines) + "\n"})
    proc = subprocess.run(
        [*ACCORD, "--corpus", str(root), "validate"],
        capture_output=True,
        timeout=30,
        preexec_fn=limit_memory(512),
        env=clean_env(),
    )
    no_traceback(proc.stderr)
    assert proc.returncode == 1 and b"x.yaml:" in proc.stdout


def test_the_app_starts_on_the_valid_files_and_names_the_bad_ones(tmp_path):
    import asyncio

    pytest.importorskip("compare.tui.app")
    from compare.tui.app import AccordApp

    files = {f"{c.name}.yaml": c.data for c in IN_PROCESS}
    root = write_corpus(tmp_path, {"a.yaml": valid(), **files})
    corpus = load_corpus(root, strict=False)
    assert list(corpus.agreements) == ["plan-a"]

    async def go():
        app = AccordApp(corpus, cursor_blink=False)
        notes = []
        original = app.notify

        def record(message, **kw):
            notes.append(str(message))
            return original(message, **kw)

        app.notify = record
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await app.open_agreement("plan-a")
            await pilot.pause()
            await app.search("intelligence")
            await pilot.pause(0.3)
            app.action_problems()
            await pilot.pause()
            assert app.is_running
        return notes

    notes = asyncio.run(go())
    warnings = [n for n in notes if "failed to load" in n]
    assert len(warnings) == 1 and f"{len(IN_PROCESS)} file(s)" in warnings[0]


# -- things in the agreements folder that are not files ------------------------------------------


def _special(folder, kind: str) -> None:
    path = folder / "x.yaml"
    if kind in ("fifo", "fresh-fifo"):
        os.mkfifo(path)
        if kind == "fifo":  # not just made: the cache key only stats it
            os.utime(path, (1e9, 1e9))
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    elif kind == "directory":
        path.mkdir()
    elif kind == "link-loop":
        path.symlink_to("x.yaml")
    elif kind == "dangling-link":
        path.symlink_to("nowhere.yaml")
    elif kind == "socket":
        import socket

        s = socket.socket(socket.AF_UNIX)
        try:
            s.bind(str(path))
        except OSError:
            pytest.skip("cannot make a socket file here")
        finally:
            s.close()


FRESH_FIFO = "fresh-fifo"  # the cache key hashes fresh files: it must not open a FIFO


@pytest.mark.parametrize(
    "kind", ["fifo", FRESH_FIFO, "dev-zero", "directory", "link-loop", "dangling-link", "socket"]
)
def test_special_files_are_problems_not_hangs(tmp_path, kind):
    root = write_corpus(tmp_path, {"a.yaml": valid()})
    _special(root / "agreements", kind)
    proc = run_accord("--corpus", str(root), "validate", timeout=30, memory_mb=512)
    no_traceback(proc.stderr)
    assert proc.returncode == 1, proc.stderr
    [problem, count] = proc.stdout.decode().splitlines()
    assert "x.yaml:1:1: " in problem and count.endswith("in 1 of 2 file(s)")
    proc = run_accord("--corpus", str(root), "list", "-f", "json", timeout=30, memory_mb=512)
    assert proc.returncode == 0 and b'"plan-a"' in proc.stdout and b"x.yaml" in proc.stderr


# -- a user corpus's own registries and taxonomy get the same guards ------------------------------


def _alias_bomb_text() -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    lines.append("themes: [" + ",".join(["*a8"] * 9) + "]")
    return "\n".join(lines) + "\n"


REGISTRY_BAD = {
    "syntax": "themes: [\n",
    "python-tag": '!!python/object/apply:os.system ["touch {marker}"]\n',
    "deep": "themes: " + "[" * 100_000 + "]" * 100_000 + "\n",
    "alias-bomb": _alias_bomb_text(),
    "not-utf8": b"themes: caf\xe9\n",
    "top-list": "- 1\n",
    "wrong-shape": "themes: [1, 2]\nagencies: [x]\n",
    "raw-escape": "themes: [{id: a\x1b[31m}]\n",
}


@pytest.mark.parametrize("folder,name", [("themes", "extra.yaml"), ("registries", "agencies.yaml")])
@pytest.mark.parametrize("kind", REGISTRY_BAD)
def test_bad_user_registries_and_taxonomy_are_one_line_errors(tmp_path, folder, name, kind):
    marker = tmp_path / "constructed"
    root = write_corpus(tmp_path / "c", {"a.yaml": valid()})
    (root / folder).mkdir()
    data = REGISTRY_BAD[kind]
    if isinstance(data, str):
        data = data.replace("{marker}", str(marker)).encode()
    (root / folder / name).write_bytes(data)
    for argv in (["list"], ["validate"]):
        proc = run_accord("--corpus", str(root), *argv, timeout=30, memory_mb=768)
        no_traceback(proc.stderr)
        assert proc.returncode == 2, (argv, proc.returncode, proc.stderr[-300:])
        err = proc.stderr.decode()
        assert err.startswith("accord: error: ") and err.count("\n") == 1, err
        assert name in err
    assert not marker.exists()
