"""End to end: `accord` in a real terminal (tmux), a search typed, the screen read back."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid

import pytest
from tui_support import FIXTURE

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def tmux(*args: str) -> str:
    out = subprocess.run(["tmux", *args], capture_output=True, text=True, timeout=10)
    return out.stdout


def start(session: str, command: str, **env: str) -> None:
    """A detached 100x30 tmux session running command."""
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "100", "-y", "30", command],
        check=True,
        env={**os.environ, "TERM": "xterm-256color", **env},
        timeout=10,
    )


def wait_for(session: str, *needles: str, timeout: float = 20) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-p", "-t", session)
        if all(n in screen for n in needles):
            return screen
        time.sleep(0.1)
    raise AssertionError(f"never saw {needles!r} on the screen:\n{screen}")


def test_type_a_search_in_a_real_terminal(tmp_path):
    session = f"accord-test-{uuid.uuid4().hex[:8]}"
    app = " ".join(
        shlex.quote(a) for a in [sys.executable, "-m", "compare", "--corpus", str(FIXTURE)]
    )
    command = f"cd {shlex.quote(str(tmp_path))} && {app}; echo EXIT=$?; sleep 30"
    start(session, command, NO_COLOR="")
    try:
        screen = wait_for(session, "Library", "harbour-plan-2024", "1 bad file")
        assert "coastal-declaration-2025" in screen
        tmux("send-keys", "-t", session, "2")
        wait_for(session, "Search commitments")
        tmux("send-keys", "-t", session, "-l", "freeze accounts")
        wait_for(session, "1 match", "The parties will freeze the bank accounts")
        wait_for(session, "harbour-plan-2024 / freeze-accounts", "score ", "Money trail")
        tmux("send-keys", "-t", session, "Escape")
        time.sleep(0.3)
        tmux("send-keys", "-t", session, "o")
        wait_for(session, "Filter agreements", "• freeze-accounts")  # opened at the commitment
        tmux("send-keys", "-t", session, "C-q")
        wait_for(session, "EXIT=0")
    finally:
        tmux("kill-session", "-t", session)
    assert list(tmp_path.iterdir()) == []  # nothing written where it ran


def test_the_app_leaves_when_its_terminal_closes_under_make(tmp_path):
    """`make run`: make leads the session, catches the hang-up and waits for the app, which gets
    no SIGHUP. Textual's input thread then reads end-of-file in a busy loop; the app must notice
    that its terminal is gone and exit."""
    session = f"accord-test-{uuid.uuid4().hex[:8]}"
    marker = tmp_path / "exports"  # only to find the app's process
    app = " ".join(
        shlex.quote(a)
        for a in [
            sys.executable,
            "-m",
            "compare",
            "--corpus",
            str(FIXTURE),
            "--export-dir",
            str(marker),
        ]
    )
    (tmp_path / "Makefile").write_text(f"run:\n\t{app}\n")
    start(session, f"make -s -C {shlex.quote(str(tmp_path))} run")
    try:
        wait_for(session, "Library", "harbour-plan-2024")
        found = subprocess.run(["pgrep", "-f", str(marker)], capture_output=True, text=True)
        pids = [int(p) for p in found.stdout.split()]
        assert pids
    finally:
        tmux("kill-session", "-t", session)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if not any(_running(p) for p in pids):
            return
        time.sleep(0.2)
    for p in pids:
        os.kill(p, 9)
    raise AssertionError("the app kept running after its terminal closed")


def _running(pid: int) -> bool:
    """Alive and not a zombie waiting to be reaped."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
