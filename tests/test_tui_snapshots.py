"""Snapshots of every screen at 80x24 and 160x48, on the invented fixture corpus.

Update with `pytest tests/test_tui_snapshots.py --snapshot-update`, then look at every changed SVG
(rsvg-convert -o x.png x.svg) before committing it.
"""

from __future__ import annotations

import pytest
from tui_support import make_app, settle

SIZES = [(80, 24), (160, 48)]


def snap(snap_compare, size, keys=(), after=None):
    app = make_app(show_timings=False)
    app.notify = lambda *args, **kwargs: None  # toasts time out: never part of the picture

    async def run_before(pilot) -> None:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await settle(app, pilot)  # a key pressed before a worker ends would race it
        if after:
            await after(app, pilot)
            await settle(app, pilot)

    return snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_library(snap_compare, size):
    assert snap(snap_compare, size, ["down"])


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_search(snap_compare, size):
    assert snap(snap_compare, size, ["2", *"smuggling", "escape", "down"])


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_compare(snap_compare, size):
    assert snap(snap_compare, size, ["3", "tab", "tab", "tab", "tab", "n", "n"])


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_matrix(snap_compare, size):
    assert snap(snap_compare, size, ["4", "e", "down", "right"])


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help(snap_compare, size):
    assert snap(snap_compare, size, ["f1"])


def test_hostile_text_everywhere(snap_compare):
    """The agreement whose texts are markup and escapes: shown literally in the details."""

    async def pick(app, pilot):
        app.screen.select("hostile-2023", "click")

    assert snap(snap_compare, (100, 40), [], pick)


def test_load_problems(snap_compare):
    async def problems(app, pilot):
        app.action_problems()

    assert snap(snap_compare, (80, 24), [], problems)
