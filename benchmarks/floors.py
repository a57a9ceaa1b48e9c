"""Floors: what the same work costs with nothing of ours in the way, measured in the same run.

Every timing that could be disturbed by what a process already holds (the cyclic collector walks
every live object) runs in a fresh interpreter, which reports its own clock; startup floors time the
whole process from outside.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path


def summary(values: list[float]) -> dict:
    """Median, min and max of some timings (seconds), and how many."""
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "runs": len(values),
    }


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def bench_env() -> dict[str, str]:
    """The environment of measured processes: bytecode cached as when installed, no colour."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["NO_COLOR"] = "1"
    return env


def python(code: str, timeout: float = 1800) -> dict:
    """Run code in a fresh interpreter of this venv; it prints one JSON object as its last line."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=bench_env(),
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:]
        raise RuntimeError(f"benchmark process failed: {' '.join(tail)}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def process_times(argv: list[str], runs: int, stdin_path: Path | None = None) -> list[float]:
    """Wall time of a whole process, after one untimed run that warms the disk cache."""
    times = []
    for i in range(runs + 1):
        with open(stdin_path or os.devnull, "rb") as stdin:
            start = time.perf_counter()
            subprocess.run(
                argv,
                stdin=stdin,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=bench_env(),
                check=False,
            )
            if i:
                times.append(time.perf_counter() - start)
    return times


# -- process floors ------------------------------------------------------------------------------


def interpreter_start(runs: int) -> list[float]:
    """`python -c pass` with this venv's interpreter, as a whole process."""
    return process_times([sys.executable, "-c", "pass"], runs)


def import_textual(runs: int) -> list[float]:
    """`python -c "import textual.app"` as a whole process."""
    return process_times([sys.executable, "-c", "import textual.app"], runs)


# -- parsing floors ------------------------------------------------------------------------------

_PARSE = """
import gc, json, resource, sys, time
from pathlib import Path
import yaml
files = sorted(Path({folder!r}).glob("*.yaml"))
paused = {paused!r}
start = time.perf_counter()
if paused:
    gc.disable()
data = [yaml.load(f.read_bytes(), Loader=yaml.CSafeLoader) for f in files]
if paused:
    gc.enable()
seconds = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({{"seconds": seconds, "files": len(files), "rss": rss}}))
"""


def yaml_parse(root: Path, runs: int, paused: bool) -> list[float]:
    """Raw `yaml.load(CSafeLoader)` of every agreement file, each run in a fresh interpreter."""
    code = _PARSE.format(folder=str(root / "agreements"), paused=paused)
    return [python(code)["seconds"] for _ in range(runs)]


# -- matching floors ----------------------------------------------------------------------------


def rapidfuzz_scan(texts: list[str], queries) -> list[float]:
    """Seconds per query of a plain rapidfuzz scan of every text (the search benchmark's floor)."""
    from rapidfuzz import fuzz, process

    out = []
    for q in queries:
        start = time.perf_counter()
        process.extract(q, texts, scorer=fuzz.partial_ratio, limit=50)
        out.append(time.perf_counter() - start)
    return out


def fzf_path() -> str | None:
    return shutil.which("fzf")


def fzf_filter(texts: list[str], queries) -> list[float] | None:
    """Seconds per query of `fzf --filter QUERY` over the texts, one a line, as a whole process;
    None when fzf is not installed."""
    fzf = fzf_path()
    if fzf is None:
        return None
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as fh:
        fh.write("\n".join(t.replace("\n", " ") for t in texts) + "\n")
        lines = Path(fh.name)
    try:
        out = []
        for q in queries:
            out.extend(process_times([fzf, "--filter", q], 1, stdin_path=lines))
        return out
    finally:
        lines.unlink(missing_ok=True)
