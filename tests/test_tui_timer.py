"""The frame timer fix: after a pause, the frame after the first comes within one interval."""

from __future__ import annotations

import asyncio

import pytest
from textual.timer import Timer

from compare.tui import textual_fixes


class Target:
    pass


def ticks_after_a_pause(run) -> list[float]:
    """Clock times of a 1 s skip-timer's ticks (on a fake clock): the first at 1.0; a pause until
    5.3, then a resume (the first frame after the pause, drawn at once); then, straight after it,
    another update (the one whose frame is late with Textual's own code)."""
    now = [0.0]
    ticks: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        now[0] += max(0.0, seconds)
        await asyncio.sleep(0)

    async def until(n: int) -> None:
        while len(ticks) < n:
            await asyncio.sleep(0)

    async def scenario() -> None:
        target = Target()
        timer = Timer(target, 1.0, skip=True)

        async def tick(*, next_timer: float, count: int) -> None:
            ticks.append(now[0])
            timer.pause()  # as the screen does after drawing a frame

        timer._tick = tick
        task = asyncio.ensure_future(run(timer))
        await until(1)
        for _ in range(20):  # let it sleep to the next tick and wait there, paused
            await asyncio.sleep(0)
        now[0] = 5.3
        timer.resume()
        await until(2)
        timer.resume()  # an update straight after the first frame
        await until(3)
        task.cancel()

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(textual_fixes._time, "get_time", lambda: now[0])
        mp.setattr(textual_fixes, "sleep", fake_sleep)
        mp.setattr("textual.timer.sleep", fake_sleep)
        asyncio.run(asyncio.wait_for(scenario(), 5))
    return ticks


def test_textual_still_has_the_bug_and_the_fix_is_installed():
    import compare.tui.app  # noqa: F401  (installs it)

    assert textual_fixes._BUG in textual_fixes._source(textual_fixes._TEXTUAL_RUN)
    assert textual_fixes.install() and Timer._run is textual_fixes._run


def test_after_a_pause_the_next_frame_comes_within_one_interval():
    fixed = ticks_after_a_pause(textual_fixes._run)
    assert fixed[:2] == [1.0, 5.3]
    assert 5.3 < fixed[2] <= 6.0 + 1e-9  # the next tick on the grid
    textual = ticks_after_a_pause(textual_fixes._TEXTUAL_RUN)
    assert textual[:2] == [1.0, 5.3] and textual[2] == pytest.approx(7.0)  # a frame skipped


def test_a_textual_without_the_bug_is_left_alone(monkeypatch):
    monkeypatch.setattr(Timer, "_run", textual_fixes._TEXTUAL_RUN)
    monkeypatch.setattr(textual_fixes, "_BUG", "a line no Textual has")
    assert not textual_fixes.install() and Timer._run is textual_fixes._TEXTUAL_RUN
