"""Search speed: in-process query latency over the fixed query mix, and `accord search` as a process.

For each size, a generated corpus is loaded, its index built (timed on its own line), and every
query of benchmarks.generate.QUERY_MIX (narrow words, typos, broad words, facets, one- and
two-character prefixes, operators) run `rounds` times after one warm-up pass; p50 and p95 are over
all those calls. The floor, measured in the same run over the same texts, is a plain rapidfuzz
scan: `process.extract(q, texts, scorer=fuzz.partial_ratio)` once per query.

The process row times `accord search smuggling --format json` on the shipped corpus against
`python -c "import yaml, rapidfuzz"`, interleaved, medians of `process_runs`.

    .venv/bin/python -m benchmarks.bench_search [--sizes 100000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGET_P50_MS = 20.0  # at 100,000 commitments, 2 cores
TARGET_P95_MS = 60.0
TARGET_PROCESS_RATIO = 2.0


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def measure(corpus, queries, rounds: int) -> dict:
    """Latencies (ms) of search() over the query mix, and the first pass's."""
    from compare.search import search

    first, hits = [], {}
    for q in queries:
        start = time.perf_counter()
        hits[q] = len(search(corpus, q, limit=50))
        first.append((time.perf_counter() - start) * 1000)
    times, cpu = [], []
    for _ in range(rounds):
        for q in queries:
            start, start_cpu = time.perf_counter(), time.process_time()
            search(corpus, q, limit=50)
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
    return {"times": times, "cpu": cpu, "first": first, "hits": hits}


def floor(texts: list[str], queries) -> list[float]:
    """Milliseconds of a plain rapidfuzz scan of every text, per query."""
    from rapidfuzz import fuzz, process

    out = []
    for q in queries:
        start = time.perf_counter()
        process.extract(q, texts, scorer=fuzz.partial_ratio, limit=50)
        out.append((time.perf_counter() - start) * 1000)
    return out


def search_rows(size: int, rounds: int) -> list[dict]:
    from benchmarks.generate import QUERY_MIX, QUERY_TYPOS
    from benchmarks.generate import corpus as generated
    from compare.load import load_corpus
    from compare.search import index

    corpus = load_corpus(generated(size))
    start = time.perf_counter()
    ix = index(corpus)
    build = time.perf_counter() - start
    got = measure(corpus, QUERY_MIX, rounds)
    texts = [c.text for _a, c in ix.docs]
    base = floor(texts, QUERY_MIX)
    p50, p95 = statistics.median(got["times"]), _pct(got["times"], 0.95)
    f50, f95 = statistics.median(base), _pct(base, 0.95)
    typos = [q for q in QUERY_MIX if any(t in q for t in QUERY_TYPOS)]
    big = size == 100_000
    return [
        {
            "name": f"search index build, {size:,} commitments",
            "size": size,
            "seconds": round(build, 3),
            "terms": len(ix.text.vocab.sorted),
        },
        {
            "name": f"search query, {size:,} commitments",
            "size": size,
            "queries": len(QUERY_MIX),
            "calls": len(got["times"]),
            "p50_ms": round(p50, 2),
            "p95_ms": round(p95, 2),
            "max_ms": round(max(got["times"]), 2),
            # CPU time of this process: what the wall clock would say on an otherwise idle machine
            "cpu_p50_ms": round(statistics.median(got["cpu"]), 2),
            "cpu_p95_ms": round(_pct(got["cpu"], 0.95), 2),
            "first_pass_max_ms": round(max(got["first"]), 2),
            "floor": "process.extract(q, texts, scorer=fuzz.partial_ratio), once per query",
            "floor_p50_ms": round(f50, 2),
            "floor_p95_ms": round(f95, 2),
            "ratio": round(p50 / f50, 4),
            "ratio_p95": round(p95 / f95, 4),
            "target_p50_ms": TARGET_P50_MS if big else None,
            "target_p95_ms": TARGET_P95_MS if big else None,
            "typo_queries_found": f"{sum(1 for q in typos if got['hits'][q])}/{len(typos)}",
        },
    ]


def _accord() -> list[str]:
    script = Path(sys.executable).with_name("accord")
    return [str(script)] if script.exists() else [sys.executable, "-m", "compare"]


def process_row(runs: int) -> dict:
    """Whole `accord search` process on the shipped corpus vs importing yaml and rapidfuzz."""
    cmd = [*_accord(), "search", "smuggling", "--format", "json"]
    base = [sys.executable, "-c", "import yaml, rapidfuzz"]
    # As installed: bytecode cached (an environment that forbids writing it would time compiling).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    ours, floor_times = [], []
    for argv in (cmd, base):  # warm the disk and bytecode caches
        subprocess.run(argv, capture_output=True, check=False, env=env)
    for _ in range(runs):
        for argv, into in ((cmd, ours), (base, floor_times)):
            start = time.perf_counter()
            subprocess.run(argv, capture_output=True, check=False, env=env)
            into.append(time.perf_counter() - start)
    m, f = statistics.median(ours), statistics.median(floor_times)
    return {
        "name": "accord search smuggling --format json (process, shipped corpus)",
        "seconds": round(m, 3),
        "floor": 'python -c "import yaml, rapidfuzz"',
        "floor_seconds": round(f, 3),
        "ratio": round(m / f, 3),
        "target_ratio": TARGET_PROCESS_RATIO,
        "runs": runs,
        "bytecode": "cached",
    }


def run(sizes=(100_000,), rounds: int = 5, process_runs: int = 10) -> list[dict]:
    rows: list[dict] = []
    for size in sizes:
        rows.extend(search_rows(size, rounds))
    rows.append(process_row(process_runs))
    return rows


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--process-runs", type=int, default=10)
    args = p.parse_args(argv)
    for row in run(args.sizes, args.rounds, args.process_runs):
        if "p50_ms" in row:
            target = (
                f" (target {row['target_p50_ms']:.0f} / {row['target_p95_ms']:.0f})"
                if row["target_p50_ms"]
                else ""
            )
            print(
                f"{row['name']}: p50 {row['p50_ms']:.1f} ms, p95 {row['p95_ms']:.1f} ms{target}; "
                f"{row['calls']} calls over {row['queries']} queries; typos found "
                f"{row['typo_queries_found']}"
            )
            print(f"  CPU time: p50 {row['cpu_p50_ms']:.1f} ms, p95 {row['cpu_p95_ms']:.1f} ms")
            print(
                f"  floor, {row['floor']}: p50 {row['floor_p50_ms']:.0f} ms, p95 "
                f"{row['floor_p95_ms']:.0f} ms; search / floor = {row['ratio']:.4f} (p50)"
            )
        elif "terms" in row:
            print(f"{row['name']}: {row['seconds']:.2f} s ({row['terms']:,} distinct words)")
        else:
            print(
                f"{row['name']}: {row['seconds'] * 1000:.0f} ms; floor, {row['floor']}: "
                f"{row['floor_seconds'] * 1000:.0f} ms; ratio {row['ratio']:.2f} "
                f"(target {row['target_ratio']:.0f})"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
