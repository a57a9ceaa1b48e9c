"""Terminal app speed: first screen as a whole process, and keystroke-to-results in the Search screen.

First screen: a process that parses `accord`'s arguments, loads the corpus, starts the app headless
and exits when Textual reports the first frame drawn (the Ready event). The floor, interleaved in
the same run, is the same for an empty Textual app (one Static). Medians of `runs`.

Keystroke-to-results: in process, on a generated corpus with a warm cache, every query of
benchmarks.generate.QUERY_MIX typed one character at a time into the Search screen; each keystroke
is timed from the change of the query box to the new results in the list (told by the screen,
not polled: polling would take the interpreter lock from the search thread), and to those results
drawn on screen (which adds Textual's frame pacing, 60 a second, and the layout it does when the
box's text changes), starting from a quiet app (the previous results drawn). The floor is the engine alone: search() for the same prefixes,
same run.

    .venv/bin/python -m benchmarks.bench_tui [--size 100000] [--runs 7]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time

TARGET_SHIPPED_RATIO = 1.3  # first screen on the shipped corpus vs an empty Textual app
TARGET_FIRST_SCREEN_S = 1.0  # 100,000 commitments, warm cache
TARGET_KEYSTROKE_MS = 50.0


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


# -- first screen, as a process ---------------------------------------------------------------


def child(kind: str, corpus: str | None) -> None:
    """Run one app headless until its first frame, then exit."""
    if kind == "empty":
        from textual.app import App
        from textual.widgets import Static

        class Empty(App):
            def compose(self):
                yield Static("ready")

            def on_ready(self) -> None:
                self.exit()

        app = Empty()
        app.run(headless=True)
        raise SystemExit(app.return_code or 0)
    from compare.cli import build_parser
    from compare.tui.app import AccordApp, load

    argv = ["--corpus", corpus] if corpus else []
    args = build_parser(argv).parse_args(argv)  # as `accord` does

    class FirstScreen(AccordApp):
        def on_ready(self) -> None:
            self.exit()

    app = FirstScreen(load(args))
    app.run(headless=True)
    raise SystemExit(app.return_code or 0)


def _spawn(kind: str, corpus: str | None) -> float:
    argv = [sys.executable, "-m", "benchmarks.bench_tui", "--child", kind]
    if corpus:
        argv += ["--corpus", corpus]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, env=env, check=False)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(done.stderr.decode(errors="replace")[-2000:])
    return took


def first_screen(corpus: str | None, runs: int) -> tuple[float, float]:
    """(ours, empty app) medians in seconds, interleaved; one warm-up each (bytecode, cache)."""
    _spawn("accord", corpus), _spawn("empty", None)
    ours, floor = [], []
    for _ in range(runs):
        ours.append(_spawn("accord", corpus))
        floor.append(_spawn("empty", None))
    return statistics.median(ours), statistics.median(floor)


# -- keystroke to results ---------------------------------------------------------------------


async def _typing(corpus, queries) -> tuple[list[float], list[float]]:
    """(ms to results in the list, ms to those results drawn) for every keystroke."""
    from compare.tui.app import AccordApp

    app = AccordApp(corpus, cursor_blink=False)
    in_list: list[float] = []
    times: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await app.goto("search")
        await pilot.pause()
        while app.index_started and not app.index_ready.is_set():
            await asyncio.sleep(0.01)
        screen = app.screen
        box = screen.query_one("#q")
        arrived = asyncio.Event()
        for name in ("show_results", "show_error"):  # told when results (or an error) are in
            real = getattr(screen, name)

            def told(*args, real=real):
                real(*args)
                arrived.set()

            setattr(screen, name, told)
        for q in queries:
            for i in range(1, len(q) + 1):
                text = q[:i]
                await pilot.pause()  # start from a quiet app: the last results drawn
                arrived.clear()
                start = time.perf_counter()
                box.value = text
                while not (
                    screen.last and screen.last[0] == text and screen.shown == screen.generation
                ):
                    await arrived.wait()
                    arrived.clear()
                in_list.append((time.perf_counter() - start) * 1000)
                drawn = asyncio.Event()
                screen.call_after_refresh(drawn.set)  # runs once the new rows are on screen
                await drawn.wait()
                times.append((time.perf_counter() - start) * 1000)
            box.value = ""
            await pilot.pause()
    return in_list, times


def keystrokes(size: int) -> list[dict]:
    from benchmarks.generate import QUERY_MIX
    from benchmarks.generate import corpus as generated
    from compare.load import load_corpus
    from compare.search import QueryError, index, search
    from compare.tui.screens.search import LIMIT

    corpus = load_corpus(generated(size))
    index(corpus)
    engine = []
    for q in QUERY_MIX:
        for i in range(1, len(q) + 1):
            start = time.perf_counter()
            try:
                search(corpus, q[:i], limit=LIMIT)
            except QueryError:
                pass
            engine.append((time.perf_counter() - start) * 1000)
    listed, drawn = asyncio.run(_typing(corpus, QUERY_MIX))
    f50 = statistics.median(engine)
    rows = []
    for what, ui in (("in the list", listed), ("drawn on screen", drawn)):
        p50, p95 = statistics.median(ui), _pct(ui, 0.95)
        rows.append(
            {
                "name": f"tui keystroke to results {what}, {size:,} commitments",
                "keystrokes": len(ui),
                "p50_ms": round(p50, 1),
                "p95_ms": round(p95, 1),
                "max_ms": round(max(ui), 1),
                "floor": f"search(corpus, prefix, limit={LIMIT}) alone, same prefixes",
                "floor_p50_ms": round(f50, 1),
                "ratio": round(p50 / f50, 2) if f50 else None,
                "target_p95_ms": TARGET_KEYSTROKE_MS if size == 100_000 else None,
            }
        )
    return rows


def run(size: int = 100_000, runs: int = 7) -> list[dict]:
    from benchmarks.generate import corpus as generated

    rows = []
    ours, floor = first_screen(None, runs)
    rows.append(
        {
            "name": "tui first screen, shipped corpus (process)",
            "seconds": round(ours, 3),
            "floor": "an empty Textual app to its first frame (process)",
            "floor_seconds": round(floor, 3),
            "ratio": round(ours / floor, 3),
            "target_ratio": TARGET_SHIPPED_RATIO,
            "runs": runs,
        }
    )
    root = str(generated(size))
    ours, floor = first_screen(root, runs)  # the warm-up run fills the corpus cache
    rows.append(
        {
            "name": f"tui first screen, {size:,} commitments, warm cache (process)",
            "seconds": round(ours, 3),
            "floor": "an empty Textual app to its first frame (process)",
            "floor_seconds": round(floor, 3),
            "ratio": round(ours / floor, 3),
            "target_seconds": TARGET_FIRST_SCREEN_S if size == 100_000 else None,
            "runs": runs,
        }
    )
    rows.extend(keystrokes(size))
    return rows


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--size", type=int, default=100_000)
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--child", choices=["accord", "empty"], help=argparse.SUPPRESS)
    p.add_argument("--corpus", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        child(args.child, args.corpus)
        return 0
    for row in run(args.size, args.runs):
        if "p50_ms" in row:
            target = f" (target p95 {row['target_p95_ms']:.0f})" if row["target_p95_ms"] else ""
            print(
                f"{row['name']}: p50 {row['p50_ms']:.1f} ms, p95 {row['p95_ms']:.1f} ms, "
                f"max {row['max_ms']:.0f} ms{target} over {row['keystrokes']} keystrokes; "
                f"floor, {row['floor']}: p50 {row['floor_p50_ms']:.1f} ms; ratio {row['ratio']}"
            )
        else:
            if row.get("target_ratio"):
                target = f"target ratio {row['target_ratio']}"
            elif row.get("target_seconds"):
                target = f"target {row['target_seconds']:.1f} s"
            else:
                target = "no target at this size"
            print(
                f"{row['name']}: {row['seconds'] * 1000:.0f} ms; floor, {row['floor']}: "
                f"{row['floor_seconds'] * 1000:.0f} ms; ratio {row['ratio']:.2f} ({target})"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
