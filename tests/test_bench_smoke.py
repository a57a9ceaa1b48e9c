"""The benchmark suite at its smallest size, so it cannot rot. Speed is reported, never asserted."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def smoke(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bench")
    out = tmp / "BENCHMARKS.md"
    env = {
        **os.environ,
        "ACCORD_BENCH_DIR": str(tmp / "corpora"),
        "ACCORD_CACHE_DIR": str(tmp / "cache"),
    }
    args = ["--sizes", "1000", "--runs", "1", "--process-runs", "1", "--search-rounds", "1"]
    # The TUI benchmark types every query key by key into the app: a minute on its own, so left out.
    args += ["--diff-n", "200", "--skip", "tui", "--output", str(out)]
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return done, out


def test_the_suite_runs_at_the_smallest_size_and_writes_its_report(smoke):
    done, out = smoke
    assert done.returncode == 0, done.stderr[-2000:]
    md = out.read_text(encoding="utf-8")
    assert "python -m benchmarks --sizes 1000 --runs 1" in md  # the exact command
    assert "## Load: 1,000 commitments in 10 files" in md
    assert "Machine: " in md and " cores " in md
    for row in (
        "interpreter start: python -c pass",
        "import textual.app",
        "raw yaml.load(CSafeLoader), collector paused",
        "cold load: parse + validate, no cache",
        "warm load in-process",
        "warm load, whole process",
        "peak RSS: loaded corpus + its indexes + search index",
        "floor: rapidfuzz",
        "floor: fzf",
    ):
        assert row in md, row
        assert row in done.stdout, row
    assert "failed:" not in md, md
    for part in ("Search", "Diff"):
        assert f"## {part}" in md
    assert "skipped (--skip)" in md.split("## Tui")[1]


def test_numbers_are_measured_not_placeholders(smoke):
    done, out = smoke
    md = out.read_text(encoding="utf-8")
    cold = next(line for line in md.splitlines() if line.startswith("| cold load"))
    cells = [c.strip() for c in cold.strip("|").split("|")]
    assert cells[1].endswith(("ms", " s")) and cells[1] != "n/a"
    assert cells[4].endswith("x")


def test_a_missing_or_broken_benchmark_is_a_row_not_a_crash(monkeypatch):
    import argparse
    import types

    from benchmarks import __main__ as runner

    broken = types.SimpleNamespace(run=lambda **kw: 1 / 0)

    def fake(name):
        return {"bench_search": None, "bench_diff": broken}.get(name)

    monkeypatch.setattr(runner, "optional", fake)
    args = argparse.Namespace(
        sizes=[1000], search_rounds=1, process_runs=1, diff_n=10, runs=1, skip=[]
    )
    rows = runner.other_rows(args)
    assert rows["search"] == "not built yet"
    assert rows["diff"].startswith("failed: ZeroDivisionError")
    assert rows["tui"] == "not built yet"
    assert runner.other_table("search", rows["search"])[0][1] == "not built yet"


def test_rows_are_shown_with_their_targets():
    from benchmarks import __main__ as runner

    [row] = runner.other_table(
        "diff",
        [{"name": "diff", "seconds": 4.0, "floor": "f", "floor_seconds": 1.0, "target_seconds": 3}],
    )
    assert row[1] == "4.00 s" and row[-1] == "MISSED"
    [row] = runner.other_table(
        "search",
        [{"name": "q", "p50_ms": 5.0, "p95_ms": 9.0, "target_p50_ms": 20, "target_p95_ms": 60}],
    )
    assert row[-1] == "met"
    [row] = runner.other_table(
        "tui", [{"name": "k", "p50_ms": 30.0, "p95_ms": 80.0, "target_p95_ms": 50}]
    )
    assert row[5] == "p95 <= 50 ms" and row[-1] == "MISSED"
