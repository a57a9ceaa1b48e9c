"""Run every benchmark, print a table and write BENCHMARKS.md.

    make bench                                  # 1,000 / 10,000 / 100,000 commitments
    make bench BENCH_ARGS="--sizes 1000"        # a quick run
    .venv/bin/python -m benchmarks --sizes 1000 --output /tmp/bench.md

Every figure is a median with its min-max range, set beside a floor measured in the same run on the
same data (bare interpreter start, `import textual.app`, raw `yaml.load(CSafeLoader)`, raw rapidfuzz,
`fzf --filter`) and, at 100,000 commitments, the absolute target of the issue.
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import inspect
import os
import platform
import shlex
import sys
import time
from pathlib import Path

from benchmarks import floors
from benchmarks.generate import QUERY_MIX, cache_dir, corpus

SIZES = (1_000, 10_000, 100_000)
TARGET_SIZE = 100_000
COLD_RATIO = 1.2  # cold load / raw CSafeLoader parse with the collector paused
WARM_SECONDS = 0.150
WARM_SPEEDUP = 25.0
RSS_BYTES = 250 * 1024 * 1024
REPO = Path(__file__).resolve().parent.parent


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# -- formatting ----------------------------------------------------------------------------------


def secs(value: float | None) -> str:
    if value is None:
        return "n/a"
    if value < 1:
        return f"{value * 1000:.1f} ms" if value < 0.1 else f"{value * 1000:.0f} ms"
    return f"{value:.2f} s"


def mb(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value / 1024:.0f} KB" if value < 1024 * 1024 else f"{value / 1024 / 1024:.0f} MB"


def spread(s: dict | None) -> str:
    if not s or s.get("median") is None:
        return "n/a"
    if s.get("runs", 1) == 1:
        return "1 run"
    return f"{secs(s['min'])}-{secs(s['max'])}"


def ratio(a: float | None, b: float | None) -> str:
    if a is None or not b:
        return "n/a"
    return f"{a / b:.2f}x"


def verdict(ok: bool | None) -> str:
    return "—" if ok is None else ("met" if ok else "MISSED")


# -- measuring -----------------------------------------------------------------------------------


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load = "n/a"
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu or platform.processor() or "unknown",
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "system": f"{platform.system()} {platform.release()}",
        "load": load,
        "fzf": floors.fzf_path(),
        "date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
    }


def measure_size(size: int, runs: int, process_runs: int) -> dict:
    from benchmarks import bench_load
    from compare.load import load_corpus

    start = time.perf_counter()
    root = corpus(size)
    files = len(list((root / "agreements").glob("*.yaml")))
    log(f"{size:,} commitments in {files:,} files at {root} ({time.perf_counter() - start:.1f} s)")
    out: dict = {"size": size, "files": files, "root": str(root)}
    log("  raw yaml.load(CSafeLoader), collector paused, and cold load, interleaved")
    raw, cold = bench_load.cold_with_floor(root, runs)
    out["yaml_paused"] = floors.summary(raw)
    log("  raw yaml.load(CSafeLoader), collector running")
    out["yaml"] = floors.summary(floors.yaml_parse(root, runs, paused=False))
    log("  first load, warm load, index and memory")
    out.update(bench_load.run(root, runs, process_runs, cold_load=cold))
    corpus_ = load_corpus(root)  # warm by now
    texts = [c.text for _, c in corpus_.commitments()]
    del corpus_
    log("  rapidfuzz and fzf over the same texts")
    rf = floors.rapidfuzz_scan(texts, QUERY_MIX)
    out["rapidfuzz"] = floors.summary(rf) | {"p95": floors.percentile(rf, 0.95)}
    fz = floors.fzf_filter(texts, QUERY_MIX)
    out["fzf"] = None if fz is None else floors.summary(fz) | {"p95": floors.percentile(fz, 0.95)}
    return out


def optional(name: str):
    """A benchmark module of another part, or None when it is not built yet."""
    try:
        return importlib.import_module(f"benchmarks.{name}")
    except ModuleNotFoundError as exc:
        if exc.name in (f"benchmarks.{name}", "compare.search", "compare.diff", "compare.tui"):
            return None
        raise


def call(run, **wanted) -> list[dict]:
    """run(**wanted), passing only the arguments its signature takes."""
    params = inspect.signature(run).parameters
    return run(**{k: v for k, v in wanted.items() if k in params})


def other_rows(args) -> dict[str, list[dict] | str]:
    out: dict[str, list[dict] | str] = {}
    for name, label, kwargs in (
        (
            "bench_search",
            "search",
            {
                "sizes": tuple(args.sizes),
                "rounds": args.search_rounds,
                "process_runs": args.process_runs,
            },
        ),
        ("bench_diff", "diff", {"n": args.diff_n, "runs": args.runs}),
        ("bench_tui", "tui", {"size": max(args.sizes), "runs": 2 * args.runs + 1}),
    ):
        if label in args.skip:
            out[label] = "skipped (--skip)"
            continue
        module = optional(name)
        if module is None or not hasattr(module, "run"):
            out[label] = "not built yet"
            continue
        log(f"{label} benchmark ({name})")
        try:
            out[label] = call(module.run, **kwargs)
        except Exception as exc:  # one broken benchmark must not lose the others' numbers
            out[label] = f"failed: {type(exc).__name__}: {exc}"
    return out


# -- the report ----------------------------------------------------------------------------------


def load_rows(m: dict) -> list[list[str]]:
    """Table rows (measure, median, range, floor, ratio, target, verdict) for one size."""
    big = m["size"] == TARGET_SIZE
    raw = m["yaml_paused"]["median"]
    cold, warm, proc, index = m["cold"], m["warm"], m["process"], m["index"]
    speedup = cold["median"] / warm["median"] if warm["median"] else None
    rows = [
        [
            "raw yaml.load(CSafeLoader), collector paused (floor)",
            secs(raw),
            spread(m["yaml_paused"]),
            "",
            "",
            "",
            "",
        ],
        [
            "raw yaml.load(CSafeLoader), collector running",
            secs(m["yaml"]["median"]),
            spread(m["yaml"]),
            "raw, paused",
            ratio(m["yaml"]["median"], raw),
            "",
            "",
        ],
        [
            "cold load: parse + validate, no cache",
            secs(cold["median"]),
            spread(cold),
            "raw, paused",
            ratio(cold["median"], raw),
            f"<= {COLD_RATIO}x" if big else "",
            verdict(cold["median"] <= COLD_RATIO * raw if big else None),
        ],
        [
            "first load: parse + validate + write cache",
            secs(m["first"]["median"]),
            spread(m["first"]),
            "raw, paused",
            ratio(m["first"]["median"], raw),
            "",
            "",
        ],
        [
            "warm load in-process: load_corpus() from the cache, fresh process",
            secs(warm["median"]),
            spread(warm),
            "cold load",
            f"{speedup:.0f}x faster" if speedup else "n/a",
            f"<= {secs(WARM_SECONDS)}, >= {WARM_SPEEDUP:.0f}x" if big else "",
            verdict(warm["median"] <= WARM_SECONDS and speedup >= WARM_SPEEDUP if big else None),
        ],
        [
            "warm load, then every agreement's commitments decoded (on first use)",
            secs(warm["all"]["median"]),
            spread(warm["all"]),
            "cold load",
            f"{cold['median'] / warm['all']['median']:.0f}x faster",
            "",
            "",
        ],
        [
            "warm load in-process, second call in the same process",
            secs(warm["again"]["median"]),
            spread(warm["again"]),
            "",
            "",
            "",
            "",
        ],
        *[
            [f"  warm load step: {step}", secs(v["median"]), spread(v), "", "", "", ""]
            for step, v in warm.get("steps", {}).items()
        ],
        [
            "warm load, whole process: accord list --format json",
            secs(proc["median"]),
            spread(proc),
            "interpreter start",
            "",  # filled by the caller, which knows the floor
            "",
            "",
        ],
        [
            "country, agency and theme indexes, on first use",
            secs(index["facets"]["median"]),
            spread(index["facets"]),
            "",
            "",
            "",
            "",
        ],
        [
            "search index build (after a warm load)",
            secs(index["median"]) if index.get("built") else "n/a (compare.search not built)",
            spread(index) if index.get("built") else "",
            "",
            "",
            "",
            "",
        ],
        [
            "peak RSS: loaded corpus + its indexes + search index",
            mb(index["rss"]),
            "",
            "",
            "",
            f"<= {mb(RSS_BYTES)}" if big else "",
            verdict(index["rss"] <= RSS_BYTES if big else None),
        ],
        ["peak RSS: cold load, no index", mb(cold["rss"]), "", "", "", "", ""],
        [
            "floor: rapidfuzz partial_ratio scan, per query",
            secs(m["rapidfuzz"]["median"]),
            f"p95 {secs(m['rapidfuzz']['p95'])}",
            "",
            "",
            "",
            "",
        ],
        [
            "floor: fzf --filter, per query (whole process)",
            secs(m["fzf"]["median"]) if m["fzf"] else "fzf not installed",
            f"p95 {secs(m['fzf']['p95'])}" if m["fzf"] else "",
            "",
            "",
            "",
            "",
        ],
    ]
    return rows


def other_table(label: str, rows: list[dict] | str) -> list[list[str]]:
    """Rows of another part's benchmark, shown as it reports them."""
    if isinstance(rows, str):
        return [[label, rows, "", "", "", "", ""]]
    out = []
    for r in rows:
        if "p50_ms" in r:
            value = f"p50 {r['p50_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms"
            rng = f"max {r['max_ms']:.0f} ms" if "max_ms" in r else ""
            floor = r.get("floor", "")
            rat = f"{r['ratio']:.3f}x" if r.get("ratio") is not None else ""
            limits = [(k, r.get(f"target_{k}_ms")) for k in ("p50", "p95")]
            limits = [(k, v) for k, v in limits if v]
            tgt = ", ".join(f"{k} <= {v:.0f} ms" for k, v in limits)
            ok = all(r[f"{k}_ms"] <= v for k, v in limits) if limits else None
        else:
            value = secs(r.get("seconds"))
            rng = (
                f"{secs(r['min'])}-{secs(r['max'])}"
                if r.get("min") is not None and r.get("max") is not None
                else ""
            )
            floor = r.get("floor", "")
            if r.get("floor_seconds") is not None:
                floor += f" ({secs(r['floor_seconds'])})"
            rr = r.get("ratio", r.get("ratio_to_floor"))
            rat = f"{rr:.2f}x" if rr is not None else ""
            tgt, ok = "", None
            if r.get("target_seconds"):
                tgt, ok = f"<= {secs(r['target_seconds'])}", r["seconds"] <= r["target_seconds"]
            elif r.get("target_ratio"):
                tgt, ok = f"<= {r['target_ratio']:.1f}x floor", rr <= r["target_ratio"]
        known = {
            "name",
            "size",
            "seconds",
            "min",
            "max",
            "floor",
            "floor_seconds",
            "ratio",
            "ratio_to_floor",
            "target_seconds",
            "target_ratio",
            "p50_ms",
            "p95_ms",
            "max_ms",
            "target_p50_ms",
            "target_p95_ms",
        }
        notes = ", ".join(f"{k} {v}" for k, v in r.items() if k not in known and v is not None)
        name = r.get("name", label) + (f" [{notes}]" if notes else "")
        out.append([name, value, rng, floor, rat, tgt, verdict(ok)])
    return out


HEAD = ["measure", "median", "min-max", "floor", "ratio", "target", ""]


def text_table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [HEAD, *rows]) for i in range(len(HEAD))]
    widths[0] = min(widths[0], 70)
    lines = []
    for r in [HEAD, *rows]:
        cells = [r[0][: widths[0]].ljust(widths[0])] + [
            r[i].ljust(widths[i]) for i in range(1, len(r))
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def md_table(rows: list[list[str]]) -> str:
    def cell(s: str) -> str:
        return s.replace("|", "\\|")

    out = ["| " + " | ".join(HEAD) + " |", "|" + "---|" * len(HEAD)]
    out += ["| " + " | ".join(cell(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def targets(sizes: list[dict], others: dict) -> list[str]:
    """The issue's targets, each with what this run measured and whether it was met."""
    lines = []
    big = next((m for m in sizes if m["size"] == TARGET_SIZE), None)
    if big:
        raw, cold, warm = big["yaml_paused"]["median"], big["cold"]["median"], big["warm"]["median"]
        rss = big["index"]["rss"]
        lines += [
            f"- cold load {secs(cold)} = {cold / raw:.2f}x raw CSafeLoader parse with the "
            f"collector paused ({secs(raw)}); target <= {COLD_RATIO}x: "
            f"**{verdict(cold <= COLD_RATIO * raw)}**",
            f"- warm load {secs(warm)}; target <= {secs(WARM_SECONDS)}: "
            f"**{verdict(warm <= WARM_SECONDS)}**; {cold / warm:.0f}x faster than cold, "
            f"target >= {WARM_SPEEDUP:.0f}x: **{verdict(cold / warm >= WARM_SPEEDUP)}**. "
            "Commitments are decoded per agreement on first use; the warm load with every one "
            f"decoded takes {secs(big['warm']['all']['median'])}",
            f"- peak RSS with the search index {mb(rss)}; target <= {mb(RSS_BYTES)}: "
            f"**{verdict(rss <= RSS_BYTES)}**",
        ]
    for label, rows in others.items():
        for row in other_table(label, rows):
            if row[-1] in ("met", "MISSED"):
                lines.append(f"- {label}: {row[0]}: {row[1]}; target {row[5]}: **{row[-1]}**")
    if not lines:
        return []
    head = "## Targets at 100,000 commitments" if big else "## Targets"
    return [head, "", *lines, ""]


def report(args, info: dict, starts: dict, sizes: list[dict], others: dict) -> tuple[str, str]:
    """(terminal text, markdown) of the whole run."""
    start_s, textual_s = starts["python"], starts["textual"]
    floors_rows = [
        ["interpreter start: python -c pass", secs(start_s["median"]), spread(start_s)]
        + ["", "", "", ""],
        [
            "import textual.app (whole process)",
            secs(textual_s["median"]),
            spread(textual_s),
            "interpreter start",
            ratio(textual_s["median"], start_s["median"]),
            "",
            "",
        ],
    ]
    text = [f"machine: {info['nproc']} cores, {info['cpu']}, Python {info['python']}", ""]
    text += ["process floors", text_table(floors_rows), ""]
    md = [
        "# Benchmarks",
        "",
        "Produced by:",
        "",
        "```",
        args.command,
        "```",
        "",
        f"Machine: {info['nproc']} cores ({info['cpu']}), {info['system']}, "
        f"{info['implementation']} {info['python']}; load average at the start "
        f"{info['load']}; {info['date']}. fzf: {info['fzf'] or 'not installed'}.",
        "",
        "Generated corpora: `benchmarks/generate.py` (seed 0, ~100 commitments a file, policy "
        "vocabulary, real theme and agency ids). Each figure is the median with its min-max "
        "range; ratios are against floors measured in the same run on the same files and texts. "
        "Absolute targets (from the issue, for this 2-core machine) apply at 100,000 "
        "commitments in 1,000 files.",
        "",
    ]
    md += targets(sizes, others)
    md += [
        "## Process floors",
        "",
        md_table(floors_rows),
        "",
    ]
    for m in sizes:
        rows = load_rows(m)
        for r in rows:
            if r[0].startswith("warm load, whole process"):
                r[4] = ratio(m["process"]["median"], start_s["median"])
        title = f"{m['size']:,} commitments in {m['files']:,} files"
        text += [title, text_table(rows), ""]
        md += [f"## Load: {title}", "", md_table(rows), ""]
        if m["first"].get("cache_bytes"):
            md += [f"Cache file: {mb(m['first']['cache_bytes'])}.", ""]
    for label, rows in others.items():
        table = other_table(label, rows)
        text += [f"{label} (benchmarks/bench_{label}.py)", text_table(table), ""]
        md += [f"## {label.capitalize()}", "", md_table(table), ""]
    md += [
        "## How these are measured",
        "",
        "- Cold, first and warm loads, the index build and peak RSS each run in a fresh "
        "interpreter that times itself (imports excluded), so one run's objects never slow the "
        "next run's garbage collector. Peak RSS is `resource.getrusage(RUSAGE_SELF).ru_maxrss` "
        "of that process.",
        "- The raw YAML floor reads and `yaml.load(..., Loader=yaml.CSafeLoader)`s the same files "
        "in a fresh interpreter, with the cyclic collector paused and running; its runs with the "
        "collector paused alternate with the cold load's, so the ratio compares like with like.",
        "- The whole-process rows time `accord ... list --format json > /dev/null` and "
        "`python -c pass` from outside, after one untimed warm-up run.",
        "- The rapidfuzz floor is `process.extract(q, texts, scorer=fuzz.partial_ratio, "
        "limit=50)` for each query of `QUERY_MIX`; the fzf floor is `fzf --filter q` over the same "
        "texts, one a line, as a whole process.",
        "",
    ]
    return "\n".join(text), "\n".join(md)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    p.add_argument("--runs", type=int, default=3, help="runs of each load measurement")
    p.add_argument("--process-runs", type=int, default=10, help="runs of each whole process")
    p.add_argument("--search-rounds", type=int, default=5)
    p.add_argument("--diff-n", type=int, default=5000, help="commitments a side in the diff")
    p.add_argument("--output", type=Path, default=REPO / "BENCHMARKS.md")
    p.add_argument(
        "--skip",
        nargs="+",
        default=[],
        choices=["search", "diff", "tui"],
        help="benchmarks to leave out",
    )
    args = p.parse_args(argv)
    args.command = " ".join(
        [
            "python -m benchmarks",
            *(shlex.quote(a) for a in (sys.argv[1:] if argv is None else argv)),
        ]
    )
    os.environ.setdefault("ACCORD_CACHE_DIR", str(cache_dir() / "accord-cache"))
    info = machine()
    log(f"{info['nproc']} cores, Python {info['python']}; fzf: {info['fzf'] or 'not installed'}")
    log("interpreter start and import textual.app")
    starts = {
        "python": floors.summary(floors.interpreter_start(args.process_runs)),
        "textual": floors.summary(floors.import_textual(args.process_runs)),
    }
    sizes = [measure_size(n, args.runs, args.process_runs) for n in args.sizes]
    others = other_rows(args)
    text, md = report(args, info, starts, sizes, others)
    print(text)
    args.output.write_text(md, encoding="utf-8")
    log(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
