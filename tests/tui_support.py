"""Helpers for the terminal-app tests: the invented fixture corpus and an app built on it."""

from __future__ import annotations

import asyncio
import functools
from pathlib import Path

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "tui"
HOSTILE = ("[bold]", "[link=https://x]", "[@click=app.quit]", "[b tag", "\\x1b[31m")


def fixture_corpus():
    from compare.load import load_corpus

    return load_corpus(FIXTURE, strict=False)


def make_app(corpus=None, **kwargs):
    from compare.tui.app import AccordApp

    app = AccordApp(corpus or fixture_corpus(), cursor_blink=False, **kwargs)
    app.animation_level = "none"
    return app


def shown(widget) -> str:
    """The plain text a Static (or any widget with content) shows."""
    visual = widget.render()
    return getattr(visual, "plain", str(visual))


def sync(test):
    """Run an async test function with asyncio.run (no pytest plugin needed)."""

    @functools.wraps(test)
    def run(*args, **kwargs):
        return asyncio.run(test(*args, **kwargs))

    return run


def styled(visual, index: int, attr: str) -> bool:
    """Does any span of a Text/Content cover `index` with `attr` (bold, reverse...) set?"""
    for span in visual.spans:
        style = span.style
        on = getattr(style, attr, None) if not isinstance(style, str) else attr in style.split()
        if on and span.start <= index < span.end:
            return True
    return False


async def settle(app, pilot) -> None:
    """Wait until no worker runs (cancelled ones included), then let their messages land."""
    await pilot.pause()
    while any(w.is_running for w in app.workers):
        await pilot.pause(0.01)
    await pilot.pause(0.1)  # and the short timers that follow results (details, facets)
