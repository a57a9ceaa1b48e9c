"""Load speed and memory: cold load, first load with the cache write, warm load in-process and as a
whole process, search index build, and peak RSS of the loaded corpus with its search index.

Each measurement runs in a fresh interpreter that times itself (imports excluded), so one run's
objects never slow the next run's collector. The whole-process row times `accord list --format
json` from outside, imports and all.

    .venv/bin/python -m benchmarks.bench_load [--sizes 1000 10000]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from benchmarks.floors import process_times, python, summary

_COLD = """
import json, resource, time
from compare.load import load_corpus
start = time.perf_counter()
corpus = load_corpus({root!r}, use_cache={use_cache!r})
seconds = time.perf_counter() - start
n = sum(len(a.commitments) for a in corpus)
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({{"seconds": seconds, "commitments": n, "rss": rss}}))
"""

_WARM = """
import json, resource, time
from compare.load import load_corpus
start = time.perf_counter()
corpus = load_corpus({root!r})
first = time.perf_counter() - start
start = time.perf_counter()
n = sum(len(a.commitments) for a in corpus.agreements.values())  # decoded on first use
decode_all = time.perf_counter() - start
start = time.perf_counter()
again = load_corpus({root!r})
second = time.perf_counter() - start
# where a warm load's time goes, step by step (a third load)
import gc
from pathlib import Path
from compare import cache
from compare.load import agreement_files, registry_folders
root = Path({root!r})
steps = {{}}
start = time.perf_counter()
files = agreement_files(root)
steps["list files"] = time.perf_counter() - start
start = time.perf_counter()
key = cache.corpus_key(root, files, 50 * 1024 * 1024, registry_folders(root))
steps["key (stat every file)"] = time.perf_counter() - start
gc.disable()
third = cache.read(root, key, steps)
gc.enable()
print(json.dumps({{
    "seconds": first, "all": first + decode_all, "again": second, "commitments": n, "steps": steps
}}))
"""

_INDEX = """
import json, resource, time
from compare.load import load_corpus
corpus = load_corpus({root!r})
corpus.agreements.values()  # every commitment decoded first: timed in the warm rows
start = time.perf_counter()
corpus.by_country  # the country, agency and theme indexes, built together on first use
facets = time.perf_counter() - start
try:
    from compare.search import index
except ImportError:
    index = None
seconds = None
if index is not None:
    start = time.perf_counter()
    index(corpus)
    seconds = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({{"seconds": seconds, "facets": facets, "rss": rss}}))
"""


def accord_argv() -> list[str]:
    script = Path(sys.executable).with_name("accord")
    return [str(script)] if script.exists() else [sys.executable, "-m", "compare"]


def cold(root: Path, runs: int) -> dict:
    """Parse and validate every file, no cache."""
    return _cold_summary(
        [python(_COLD.format(root=str(root), use_cache=False)) for _ in range(runs)]
    )


def cold_with_floor(root: Path, runs: int) -> tuple[list[float], dict]:
    """(raw CSafeLoader parse seconds with the collector paused, cold load summary), their runs
    interleaved so both see the machine in the same state: measured one after the other, a
    busy minute on this shared machine moved their ratio by a quarter."""
    from benchmarks.floors import yaml_parse

    raw, got = [], []
    for _ in range(runs):
        raw.extend(yaml_parse(root, 1, paused=True))
        got.append(python(_COLD.format(root=str(root), use_cache=False)))
    return raw, _cold_summary(got)


def _cold_summary(got: list[dict]) -> dict:
    out = summary([g["seconds"] for g in got])
    out["rss"] = max(g["rss"] for g in got)
    out["commitments"] = got[0]["commitments"]
    return out


def first_with_cache(root: Path) -> dict:
    """A load that parses and then writes the cache (run once: it also warms the cache)."""
    from compare.cache import cache_path

    cache_path(root).unlink(missing_ok=True)
    got = python(_COLD.format(root=str(root), use_cache=True))
    out = summary([got["seconds"]])
    out["cache_bytes"] = cache_path(root).stat().st_size if cache_path(root).exists() else None
    return out


def warm(root: Path, runs: int) -> dict:
    """load_corpus() from a warm cache: the first call in a fresh process, that call with every
    agreement's commitments decoded after it (they are decoded on first use), and a second call."""
    got = [python(_WARM.format(root=str(root))) for _ in range(runs)]
    out = summary([g["seconds"] for g in got])
    out["all"] = summary([g["all"] for g in got])
    out["again"] = summary([g["again"] for g in got])
    out["steps"] = {k: summary([g["steps"][k] for g in got]) for k in got[0]["steps"]}
    return out


def warm_process(root: Path, runs: int) -> dict:
    """`accord --corpus ROOT list --format json > /dev/null` with a warm cache, whole process."""
    argv = [*accord_argv(), "--corpus", str(root), "list", "--format", "json"]
    return summary(process_times(argv, runs))


def index_and_rss(root: Path, runs: int) -> dict:
    """The corpus indexes and the search index after a warm load, each timed on first use, and
    peak RSS of the process holding them all."""
    got = [python(_INDEX.format(root=str(root))) for _ in range(runs)]
    secs = [g["seconds"] for g in got if g["seconds"] is not None]
    out = summary(secs) if secs else {"median": None}
    out["rss"] = max(g["rss"] for g in got)
    out["built"] = bool(secs)
    out["facets"] = summary([g["facets"] for g in got])
    return out


def run(root: Path, runs: int, process_runs: int, cold_load: dict | None = None) -> dict:
    """Every load measurement for one generated corpus (the cold load too, unless given)."""
    return {
        "cold": cold_load if cold_load is not None else cold(root, runs),
        "first": first_with_cache(root),
        "warm": warm(root, runs),
        "process": warm_process(root, process_runs),
        "index": index_and_rss(root, runs),
    }


def main(argv: list[str] | None = None) -> int:
    from benchmarks.generate import corpus

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[1000])
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args(argv)
    for size in args.sizes:
        got = run(corpus(size), args.runs, max(args.runs, 5))
        print(size, got)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
