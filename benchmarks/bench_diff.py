"""Diff speed: two generated agreements of 5,000 commitments that share no ids, about a third of
one's commitments close paraphrases of the other's.

The floor is plain rapidfuzz on the same texts in the same run: `process.cdist(texts_a, texts_b,
scorer=fuzz.ratio, workers=-1)` when numpy is installed (cdist needs it), otherwise the nearest
all-pairs equivalent without numpy, `process.extractOne(text, texts_b, scorer=fuzz.ratio)` for
every text of A. The row says which floor it used.

    .venv/bin/python -m benchmarks.bench_diff [--n 5000] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import time

TARGET_SECONDS = 3.0  # for 5,000 x 5,000 on a 2-core machine


def _load_pair(n: int, seed: int = 0):
    from benchmarks.generate import (
        GENERATOR_VERSION,
        cache_dir,
        paired_agreements,
        paraphrase_pairs,
    )
    from compare.load import load_corpus

    root = cache_dir() / f"diff-pair-v{GENERATOR_VERSION}-n{n}-s{seed}"
    if not (root / ".complete").exists():
        root.mkdir(parents=True, exist_ok=True)
        paired_agreements(root, n, seed)
        (root / ".complete").write_text("ok\n")
    corpus = load_corpus(root)
    return (
        corpus,
        corpus.agreements["paired-a"],
        corpus.agreements["paired-b"],
        paraphrase_pairs(n, seed),
    )


def _timed(fn, runs: int) -> tuple[list[float], list[float], object]:
    """Wall-clock and CPU seconds of each run: on a busy machine the two part."""
    times, cpu, result = [], [], None
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return times, cpu, result


def floor(texts_a: list[str], texts_b: list[str]) -> tuple[str, float]:
    """(what was measured, seconds) for plain all-pairs rapidfuzz ratio on the same texts."""
    from rapidfuzz import fuzz, process

    try:
        import numpy  # noqa: F401  (cdist returns a numpy matrix)
    except ImportError:
        start = time.perf_counter()
        for text in texts_a:
            process.extractOne(text, texts_b, scorer=fuzz.ratio)
        return (
            "extractOne(fuzz.ratio) per text of A (numpy missing, so no cdist)",
            time.perf_counter() - start,
        )
    start = time.perf_counter()
    process.cdist(texts_a, texts_b, scorer=fuzz.ratio, workers=-1)
    return "cdist(fuzz.ratio, workers=-1)", time.perf_counter() - start


def run(n: int = 5000, runs: int = 3) -> list[dict]:
    from compare.diff import diff

    corpus, a, b, truth = _load_pair(n)
    times, cpu, d = _timed(lambda: diff(a, b, taxonomy=corpus.taxonomy), runs)
    floor_name, floor_seconds = floor(
        [c.text for c in a.commitments], [c.text for c in b.commitments]
    )
    where_a = {c.id: i for i, c in enumerate(a.commitments)}
    where_b = {c.id: j for j, c in enumerate(b.commitments)}
    found = {(where_a[p.a.id], where_b[p.b.id]) for p in d.matched}
    median = statistics.median(times)
    return [
        {
            "name": f"diff {n:,} x {n:,} commitments",
            "seconds": round(median, 3),
            "min": round(min(times), 3),
            "max": round(max(times), 3),
            "runs": runs,
            "cpu_seconds": round(statistics.median(cpu), 3),
            "floor": floor_name,
            "floor_seconds": round(floor_seconds, 3),
            "ratio_to_floor": round(median / floor_seconds, 3),
            "target_seconds": TARGET_SECONDS if n == 5000 else None,
            "paraphrases_paired": f"{len(found & set(truth))}/{len(truth)}",
            "pairs": len(d.matched),
        }
    ]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=5000, help="commitments per agreement")
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args(argv)
    for row in run(args.n, args.runs):
        print(
            f"{row['name']}: median {row['seconds']:.2f} s (min {row['min']:.2f}, max "
            f"{row['max']:.2f}, {row['runs']} runs; CPU {row['cpu_seconds']:.2f} s)"
            + (f", target {row['target_seconds']:.0f} s" if row["target_seconds"] else "")
        )
        print(
            f"  floor, {row['floor']}: {row['floor_seconds']:.2f} s; "
            f"diff / floor = {row['ratio_to_floor']:.2f}"
        )
        print(f"  paraphrase pairs found: {row['paraphrases_paired']}; pairs made: {row['pairs']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
