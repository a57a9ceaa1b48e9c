"""The command line under hard conditions: readers that leave, a full disk, closed descriptors,
Ctrl+C, odd locales and terminals, file names that are not UTF-8, and wide scripts in tables."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest
from fixtures.hostile import (
    ACCORD,
    big_corpus,
    clean_env,
    no_traceback,
    q,
    run_accord,
    run_pty,
    terminal_text,
    valid,
    write_corpus,
)

from compare.safe import width


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """Enough agreements that every command prints far more than a pipe holds (64 KB)."""
    return str(big_corpus(tmp_path_factory.mktemp("big"), 300, 20))


@pytest.fixture(scope="module")
def huge(tmp_path_factory):
    """Enough that loading takes a while: for interrupting it."""
    return str(big_corpus(tmp_path_factory.mktemp("huge"), 1500, 20))


BIG_COMMANDS = [
    ["list"],
    ["list", "-f", "json"],
    ["show", "gen-00001"],
    ["search", "cooperate", "-n", "0"],
    ["search", "cooperate", "-n", "0", "-f", "jsonl"],
    ["diff", "gen-00001", "gen-00002"],
    ["matrix", "-f", "csv"],
    ["schema"],
]


# -- readers that go away --------------------------------------------------------------------


@pytest.mark.parametrize("argv", BIG_COMMANDS, ids="-".join)
def test_piped_into_head_ends_cleanly(big, argv):
    """`accord ... | head -1` with output far larger than the pipe: exit 0, no traceback."""
    proc = subprocess.Popen(
        [*ACCORD, "--corpus", big, *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=clean_env(),
    )
    first = proc.stdout.readline()
    proc.stdout.close()  # what head does after its line
    err = proc.stderr.read()
    status = proc.wait(timeout=60)
    assert first
    no_traceback(err)
    assert status == 0 or (status == 1 and argv[0] == "diff"), err
    assert err == b"", err


@pytest.mark.parametrize(
    "argv", BIG_COMMANDS[:1] + [["validate"], ["show", "plan-a"]], ids="-".join
)
def test_reader_gone_before_the_first_byte(tmp_path, argv):
    """Normal (buffered) output whose reader has already left: the last flush must not fail loudly."""
    root = write_corpus(tmp_path, {"a.yaml": valid()})
    r, w = os.pipe()
    os.close(r)
    try:
        proc = subprocess.run(
            [*ACCORD, "--corpus", str(root), *argv],
            stdout=w,
            stderr=subprocess.PIPE,
            env=clean_env(),
            timeout=60,
        )
    finally:
        os.close(w)
    no_traceback(proc.stderr)
    assert proc.stderr == b""
    assert proc.returncode == 0


def test_shell_pipeline_into_head(big):
    script = f"set -o pipefail; {' '.join(ACCORD)} --corpus {big} search cooperate -n 0 | head -1"
    proc = subprocess.run(["bash", "-c", script], capture_output=True, env=clean_env(), timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count(b"\n") == 1 and proc.stderr == b""


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize(
    "argv", [["list"], ["list", "-f", "json"], ["validate"], ["show", "plan-a"]], ids="-".join
)
def test_full_disk_is_one_line_error(tmp_path, argv):
    root = write_corpus(tmp_path, {"a.yaml": valid()})
    with open("/dev/full", "wb") as full:
        proc = subprocess.run(
            [*ACCORD, "--corpus", str(root), *argv],
            stdout=full,
            stderr=subprocess.PIPE,
            env=clean_env(),
            timeout=60,
        )
    no_traceback(proc.stderr)
    assert proc.returncode == 2
    assert (
        proc.stderr.decode() == "accord: error: cannot write the output: No space left on device\n"
    )


@pytest.mark.parametrize("argv", [["list"], ["validate"], ["show", "nope"]], ids="-".join)
def test_closed_stdout_or_stderr(tmp_path, argv):
    root = write_corpus(tmp_path, {"a.yaml": valid()})
    for fd in (1, 2):
        proc = subprocess.run(
            [*ACCORD, "--corpus", str(root), *argv],
            stdout=subprocess.PIPE if fd == 2 else None,
            stderr=subprocess.PIPE if fd == 1 else None,
            env=clean_env(),
            timeout=60,
            preexec_fn=lambda fd=fd: os.close(fd),
        )
        streams = proc.stderr if fd == 1 else proc.stdout
        no_traceback(streams or b"")
        assert proc.returncode == (2 if argv[0] == "show" else 0), (fd, streams)
        if fd == 2:  # an error with nowhere to go must not land in the output instead
            assert b"error" not in proc.stdout


# -- Ctrl+C ------------------------------------------------------------------------------------


def _sigint_default() -> None:
    """In the child: Ctrl+C as in a terminal, even when these tests run with SIGINT ignored (a
    background job of a script, nohup), which the child would otherwise inherit."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _wait_until_loading(pid: int, timeout: float = 30) -> None:
    """Until the child has imported the YAML parser: it is then inside main(), loading."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if "_yaml" in Path(f"/proc/{pid}/maps").read_text():
                return
        except OSError:
            return
        time.sleep(0.01)


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs /proc")
@pytest.mark.parametrize("argv", [["validate"], ["list"], ["search", "cooperate"]], ids="-".join)
def test_ctrl_c_while_loading_exits_130_quietly(huge, argv, tmp_path):
    proc = subprocess.Popen(
        [*ACCORD, "--corpus", huge, *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=clean_env(ACCORD_CACHE_DIR=str(tmp_path)),  # a cold load: slow enough to interrupt
        preexec_fn=_sigint_default,
    )
    _wait_until_loading(proc.pid)
    time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    no_traceback(err)
    # 130, or death by SIGINT itself, which a shell also reports as 130 (seen rarely under load)
    assert proc.returncode in (130, -signal.SIGINT), (proc.returncode, err)
    assert err.strip() == b""


def test_ctrl_c_while_blocked_writing_exits_130_quietly(big):
    proc = subprocess.Popen(
        [*ACCORD, "--corpus", big, "search", "cooperate", "-n", "0", "-f", "jsonl"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=clean_env(),
        preexec_fn=_sigint_default,
    )
    assert proc.stdout.read(1024)  # it is writing; now stop reading so the pipe fills
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    no_traceback(err)
    assert proc.returncode == 130, err


# -- terminals and locales ---------------------------------------------------------------------


def test_no_command_without_a_terminal_is_a_clear_error():
    proc = run_accord(stdin=b"")
    no_traceback(proc.stderr)
    assert proc.returncode == 2 and proc.stderr.count(b"\n") == 1
    assert proc.stderr.startswith(b"accord: error:")


@pytest.mark.parametrize("width_", [40, 20])
def test_narrow_columns_when_piped(big, width_):
    proc = run_accord(
        "--corpus",
        big,
        "diff",
        "gen-00001",
        "gen-00002",
        "-f",
        "side-by-side",
        env=clean_env(COLUMNS=str(width_)),
    )
    no_traceback(proc.stderr)
    assert proc.returncode == 1
    lines = proc.stdout.decode().splitlines()
    assert lines and all(width(line) <= max(width_, 40) for line in lines)


@pytest.mark.parametrize(
    "env",
    [
        {"LC_ALL": "C"},
        {"LC_ALL": "POSIX"},
        {"LANG": "", "LC_ALL": ""},
        {"PYTHONIOENCODING": "utf-8:strict"},
    ],
)
def test_locales_do_not_break_unicode_output(tmp_path, env):
    title = "اتفاق · Hiệp định · 移民の協定"
    root = write_corpus(
        tmp_path, {"a.yaml": valid().replace("title: Plan A", f"title: {q(title)}")}
    )
    proc = run_accord("--corpus", str(root), "list", "-f", "json", env=clean_env(**env))
    no_traceback(proc.stderr)
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["agreements"][0]["title"] == title


# -- names that are not UTF-8 ------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["validate"],
        ["validate", "-f", "json"],
        ["list"],
        ["list", "-f", "json"],
        ["show", "plan-b", "-f", "json"],
        ["search", "intelligence", "-f", "json"],
    ],
    ids="-".join,
)
def test_file_names_that_are_not_utf8(tmp_path, argv):
    root = write_corpus(tmp_path, {"a.yaml": valid()})
    folder = os.fsencode(root / "agreements")
    with open(folder + b"/b\xff.yaml", "wb") as f:
        f.write(valid("plan-b", "Plan B").encode())
    with open(folder + b"/c\xfe.yaml", "wb") as f:
        f.write(b"id: [\n")
    proc = run_accord("--corpus", str(root), *argv, env=clean_env(PYTHONIOENCODING="utf-8:strict"))
    no_traceback(proc.stderr)
    assert proc.returncode == (1 if argv[0] == "validate" else 0), proc.stderr
    if "json" in argv:
        json.loads(proc.stdout)
    if argv == ["validate"]:
        assert "c\\xfe.yaml:2:1: YAML syntax error" in proc.stdout.decode()


@pytest.mark.parametrize(
    "argv",
    [
        ["show", "\udcff"],
        ["search", "\udcff\udcfe"],
        ["--corpus", "/nonexistent/\udcff", "list"],
        ["validate", "/nonexistent/\udcff.yaml"],
        ["search", "x", "-f", "json", "--theme", "\udcff"],
    ],
)
def test_arguments_that_are_not_utf8(tmp_path, argv):
    root = write_corpus(tmp_path, {"a.yaml": valid()})
    args = [os.fsencode(a) for a in ["--corpus", str(root), *argv]]
    proc = subprocess.run(
        [*ACCORD, *args],
        capture_output=True,
        timeout=60,
        env=clean_env(PYTHONIOENCODING="utf-8:strict"),
    )
    no_traceback(proc.stderr)
    assert proc.returncode in (1, 2)
    assert proc.stderr.count(b"\n") <= 1


# -- wide scripts line up --------------------------------------------------------------------

TITLES = {
    "ar": "اتفاق بشأن تهريب المهاجرين",
    "vi": "Hiệp định về buôn lậu người di cư",
    "vi-nfd": "Hiệp định về buôn lậu người di cư".encode().decode(),  # see below
    "ja": "移民の密入国に関する協定",
    "ko": "이주민 밀입국 협정",
    "zwnj": "نامه\u200cای با فاصله\u200cی مجازی",
    "mixed": "G7 行動計画 and خطة",
}


@pytest.fixture
def scripts(tmp_path):
    import unicodedata

    titles = dict(TITLES)
    titles["vi-nfd"] = unicodedata.normalize("NFD", TITLES["vi"])
    files = {"plain.yaml": valid("plain", "Plain title")}
    for key, title in titles.items():
        files[f"{key}.yaml"] = valid(f"t-{key}", "x").replace("title: x", f"title: {q(title)}")
    return str(write_corpus(tmp_path, files)), titles


def _column_starts(lines: list[str], marker: str) -> set[int]:
    """The terminal column where `marker` starts on each line that has it."""
    return {width(line[: line.index(marker)]) for line in lines if marker in line}


def test_list_table_lines_up_wide_scripts_when_piped(scripts):
    root, titles = scripts
    proc = run_accord("--corpus", root, "list")
    lines = proc.stdout.decode().splitlines()
    assert len(lines) == len(titles) + 2
    # the parties column starts in the same terminal column on every row, header included
    starts = _column_starts(lines[1:], "GB FR") | _column_starts(lines[:1], "parties")
    assert len(starts) == 1, lines
    for title in titles.values():
        assert title in proc.stdout.decode()


@pytest.mark.parametrize("columns", [200, 100])
def test_list_table_lines_up_wide_scripts_on_a_terminal(scripts, columns):
    root, titles = scripts
    status, raw, err = run_pty("--corpus", root, "list", columns=columns)
    assert status == 0, err
    lines = [
        line for line in terminal_text(raw).splitlines() if "GB FR" in line or "parties" in line
    ]
    assert len(lines) == len(titles) + 2
    assert len(_column_starts(lines, "GB FR") | _column_starts(lines, "parties")) == 1, lines


def test_width_agrees_with_rich_on_these_scripts():
    from rich.cells import cell_len

    for text in [
        *TITLES.values(),
        "a\u200bb",
        "\ufeffx",
        "e\u0301",
        "x\u20dd",
        "ไทย ที่",
    ]:
        assert width(text) == cell_len(text), repr(text)


def test_search_table_lines_up_wide_scripts(scripts):
    root, titles = scripts
    proc = run_accord("--corpus", root, "search", "intelligence", "-n", "0")
    lines = proc.stdout.decode().splitlines()
    starts = {
        width(line[: m.start()]) for line in lines[1:] for m in [re.search(r"c1 ", line)] if m
    }
    assert len(starts) == 1, lines
