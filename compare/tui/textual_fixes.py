"""A fix for a Textual bug that costs Accord's users, installed when the app starts.

It replaces the function only if that function still has the bug (its source line is checked),
so a Textual that has changed it keeps its own.
"""

from __future__ import annotations

import linecache

from textual import _time
from textual._time import sleep
from textual.timer import EventTargetGone, Timer

_BUG = "count = int((now - start) / _interval + 1)"
_TEXTUAL_RUN = Timer._run  # Textual's own, kept for the tests


async def _run(self) -> None:
    """Timer._run of Textual 8.2, with one line changed. A timer that skips missed ticks (the
    screen's frame timer does) skipped one tick too many when it woke behind time: after the frame
    drawn straight after a pause, the next one came one to two frames (17-33 ms) later instead of
    within one. In Search that was every keystroke's results, drawn after the key's echo."""
    count = 0
    _repeat = self._repeat
    _interval = self._interval
    _ = self._active  # made in this thread, as Textual does
    await self._active.wait()
    start = _time.get_time()

    while _repeat is None or count <= _repeat:
        next_timer = start + ((count + 1) * _interval)
        now = _time.get_time()
        if self._skip and next_timer < now:
            count = int((now - start) / _interval)  # the changed line: the next tick is due
            continue
        now = _time.get_time()
        wait_time = max(0, next_timer - now)
        await sleep(wait_time)
        count += 1
        await self._active.wait()
        if self._reset:
            start = _time.get_time()
            count = 0
            self._reset = False
            continue
        try:
            await self._tick(next_timer=next_timer, count=count)
        except EventTargetGone:
            break


def _source(function) -> str:
    code = function.__code__
    lines = linecache.getlines(code.co_filename)
    return "".join(lines[code.co_firstlineno - 1 : code.co_firstlineno + 40])


def install() -> bool:
    """Put the fixed Timer._run in place if Textual's still has the bug. True when in place."""
    if Timer._run is _TEXTUAL_RUN and _BUG in _source(Timer._run):
        Timer._run = _run
    return Timer._run is _run
