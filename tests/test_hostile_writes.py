"""Writes: nothing is ever written into the corpus, a read-only corpus works, the cache and exports
are written whole (a temporary file, then a rename) and never over an existing file."""

from __future__ import annotations

import asyncio
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures.hostile import (
    ACCORD,
    NASTY,
    clean_env,
    nasty_agreement,
    no_traceback,
    run_accord,
    snapshot,
    valid,
    write_corpus,
)

COMMANDS = [
    ["list"],
    ["list", "-f", "json"],
    ["show", "plan-a"],
    ["show", "plan-a", "-f", "markdown"],
    ["search", "smuggling"],
    ["search", "intelligence", "-f", "json"],
    ["diff", "plan-a", "nasty-markup"],
    ["diff", "plan-a", "nasty-markup", "-f", "side-by-side"],
    ["matrix"],
    ["matrix", "-f", "csv"],
    ["validate"],
    ["validate", "-f", "json"],
    ["schema"],
]


def _corpus(root: Path) -> Path:
    files = {
        "a.yaml": valid(),
        "bad.yaml": "id: [\n",
        "n.yaml": nasty_agreement("smuggling " + NASTY["markup"], id="nasty-markup"),
    }
    write_corpus(root, files)
    (root / "themes").mkdir()  # a user corpus may carry its own taxonomy and registries
    (root / "registries").mkdir()
    return root


@pytest.fixture
def corpus(tmp_path):
    return _corpus(tmp_path / "corpus")


@pytest.fixture
def cache(tmp_path):
    return tmp_path / "cache"


def _env(cache: Path, **extra: str) -> dict[str, str]:
    return clean_env(ACCORD_CACHE_DIR=str(cache), **extra)


# -- nothing is written into the corpus ------------------------------------------------------------


def test_no_command_writes_into_the_corpus(corpus, cache):
    before = snapshot(corpus)
    for round_ in ("cold cache", "warm cache"):
        for argv in COMMANDS:
            proc = run_accord("--corpus", str(corpus), *argv, env=_env(cache), cwd=corpus)
            no_traceback(proc.stderr)
            assert proc.returncode in (0, 1), (round_, argv, proc.stderr)
            assert snapshot(corpus) == before, (round_, argv)
    assert any(cache.iterdir()), "the cache was written (outside the corpus)"


def test_validate_of_single_files_writes_nothing(corpus, cache):
    before = snapshot(corpus)
    files = [str(p) for p in (corpus / "agreements").iterdir()]
    proc = run_accord("validate", *files, env=_env(cache), cwd=corpus / "agreements")
    assert proc.returncode == 1
    assert snapshot(corpus) == before


@pytest.mark.parametrize("inside", ["agreements", "themes", "."])
def test_a_cache_folder_inside_the_corpus_is_not_written(corpus, inside):
    """Even pointed into the corpus, the cache must not write there."""
    before = snapshot(corpus)
    proc = run_accord("--corpus", str(corpus), "list", env=_env(corpus / inside))
    assert proc.returncode == 0
    assert snapshot(corpus) == before


# -- a read-only corpus ----------------------------------------------------------------------------


def _can_bind_read_only() -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount --bind /tmp /tmp && mount -o remount,bind,ro /tmp"],
        capture_output=True,
    )
    if probe.returncode == 0:
        return True
    probe = subprocess.run(
        ["unshare", "-rm", "sh", "-c", "mount --bind /tmp /tmp && mount -o remount,bind,ro /tmp"],
        capture_output=True,
    )
    return probe.returncode == 0


def _read_only_runner(corpus: Path):
    """A way to run accord on `corpus` made read-only; root ignores chmod, so it gets a read-only
    bind mount in a private mount namespace instead."""
    if os.geteuid() != 0:
        for p in [corpus, *corpus.rglob("*")]:
            p.chmod(p.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
        return lambda argv, env: subprocess.run(
            [*ACCORD, *argv], capture_output=True, env=env, timeout=60
        )
    if not _can_bind_read_only():
        pytest.skip("running as root without a way to mount the corpus read-only (unshare -m)")
    flag = (
        "-m"
        if subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode == 0
        else "-rm"
    )
    mount = f'mount --bind "{corpus}" "{corpus}" && mount -o remount,bind,ro "{corpus}"'

    def run(argv, env):
        cmd = " ".join(f"'{a}'" for a in [*ACCORD, *argv])
        script = f'{mount} && touch "{corpus}/probe" 2>/dev/null && exit 99; exec {cmd}'
        return subprocess.run(
            ["unshare", flag, "sh", "-c", script], capture_output=True, env=env, timeout=60
        )

    return run


def test_a_read_only_corpus_works(corpus, cache):
    before = snapshot(corpus)
    run = _read_only_runner(corpus)
    for argv in COMMANDS:
        proc = run(["--corpus", str(corpus), *argv], _env(cache))
        assert proc.returncode != 99, "the corpus was not read-only"
        no_traceback(proc.stderr)
        assert proc.returncode in (0, 1), (argv, proc.stderr)
        assert b"Read-only" not in proc.stderr and b"Permission denied" not in proc.stderr
    proc = run(["--corpus", str(corpus), "list", "-f", "json"], _env(cache))
    assert b'"plan-a"' in proc.stdout
    if os.geteuid() != 0:
        for p in [corpus, *corpus.rglob("*")]:
            p.chmod(p.stat().st_mode | stat.S_IWUSR)
    assert snapshot(corpus) == before


# -- the cache: whole or not at all ------------------------------------------------------------


def test_cache_is_written_to_a_temporary_file_then_renamed(corpus, cache, monkeypatch):
    from compare import cache as cache_mod
    from compare.load import load_corpus

    monkeypatch.setenv("ACCORD_CACHE_DIR", str(cache))
    renames = []
    real_replace = os.replace

    def spy(src, dst):
        src, dst = Path(src), Path(dst)
        renames.append((src, dst, src.stat().st_size))
        assert src.parent == dst.parent  # same folder, so the rename is atomic
        real_replace(src, dst)

    monkeypatch.setattr(cache_mod.os, "replace", spy)
    load_corpus(corpus, strict=False)
    [(src, dst, size)] = renames
    assert dst.exists() and dst.stat().st_size == size and not src.exists()
    assert sorted(p.name for p in cache.iterdir()) == [dst.name]  # no temporary left behind


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_interrupted_cache_write_leaves_no_file(corpus, cache, monkeypatch, failure):
    from compare import cache as cache_mod
    from compare.load import load_corpus

    monkeypatch.setenv("ACCORD_CACHE_DIR", str(cache))

    def broken(src, dst):
        raise failure

    monkeypatch.setattr(cache_mod.os, "replace", broken)
    if isinstance(failure, KeyboardInterrupt):
        with pytest.raises(KeyboardInterrupt):
            load_corpus(corpus, strict=False)
    else:
        assert "plan-a" in load_corpus(corpus, strict=False).agreements
    left = list(cache.iterdir()) if cache.exists() else []
    assert left == [], f"left behind: {left}"
    monkeypatch.undo()
    monkeypatch.setenv("ACCORD_CACHE_DIR", str(cache))
    assert "plan-a" in load_corpus(corpus, strict=False).agreements


def _cache_file(corpus: Path, cache: Path) -> Path:
    run_accord("--corpus", str(corpus), "list", env=_env(cache))
    [path] = [p for p in cache.iterdir() if p.suffix == ".msgpack"]
    return path


@pytest.mark.parametrize(
    "damage", ["garbage", "truncated", "empty", "flipped-byte", "directory", "dangling-link"]
)
def test_a_damaged_cache_is_ignored_and_replaced(corpus, cache, damage):
    path = _cache_file(corpus, cache)
    data = path.read_bytes()
    path.unlink()
    if damage == "garbage":
        path.write_bytes(os.urandom(len(data)))
    elif damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "flipped-byte":
        path.write_bytes(data[:-10] + bytes([data[-10] ^ 0xFF]) + data[-9:])
    elif damage == "directory":
        path.mkdir()
    elif damage == "dangling-link":
        path.symlink_to(cache / "nowhere")
    proc = run_accord("--corpus", str(corpus), "list", "-f", "json", env=_env(cache))
    no_traceback(proc.stderr)
    assert proc.returncode == 0 and b'"plan-a"' in proc.stdout


def test_a_cache_link_into_the_corpus_never_writes_through_it(corpus, cache):
    path = _cache_file(corpus, cache)
    target = corpus / "agreements" / "a.yaml"
    before = snapshot(corpus)
    path.unlink()
    path.symlink_to(target)
    (corpus / "agreements" / "a.yaml").touch()  # a change: the cache is stale and rewritten
    before = snapshot(corpus)
    proc = run_accord("--corpus", str(corpus), "list", env=_env(cache))
    assert proc.returncode == 0
    assert snapshot(corpus) == before
    assert target.read_text() == valid()


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_a_cache_path_that_never_ends_does_not_hang(corpus, cache, kind):
    path = _cache_file(corpus, cache)
    path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    proc = run_accord(
        "--corpus", str(corpus), "list", "-f", "json", env=_env(cache), timeout=30, memory_mb=512
    )
    no_traceback(proc.stderr)
    assert proc.returncode == 0 and b'"plan-a"' in proc.stdout


def test_an_unwritable_cache_folder_only_means_no_cache(corpus, tmp_path):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    proc = run_accord("--corpus", str(corpus), "list", env=_env(blocker / "cache"))
    no_traceback(proc.stderr)
    assert proc.returncode == 0 and b"plan-a" in proc.stdout
    assert proc.stderr.count(b"\n") == 1  # only the warning about bad.yaml


# -- exports from the app --------------------------------------------------------------------------


def _app(corpus_root: Path, export_dir: Path | None):
    from compare.load import load_corpus
    from compare.tui.app import AccordApp

    app = AccordApp(
        load_corpus(corpus_root, strict=False), export_dir=export_dir, cursor_blink=False
    )
    app.animation_level = "none"
    return app


async def _export(app, keys=("ctrl+s",)) -> list[str]:
    notes = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.notify = lambda message, **kw: notes.append((kw.get("title"), str(message)))
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
    return notes


def test_exports_never_overwrite_and_never_follow_a_link(corpus, tmp_path):
    pytest.importorskip("compare.tui.app")
    out = tmp_path / "out"
    out.mkdir()
    notes = asyncio.run(_export(_app(corpus, out), keys=("ctrl+s",)))
    [(title, first)] = notes
    first = Path(first)
    assert title == "Saved" and first.parent == out and first.suffix == ".md"
    first.write_text("mine: keep")
    # the next name along is a link into the corpus: it must be skipped, not written through
    stem = first.stem
    (out / f"{stem}-2.md").symlink_to(corpus / "agreements" / "a.yaml")
    (out / f"{stem}-3.md").symlink_to(out / "dangling")
    before = snapshot(corpus)
    notes = asyncio.run(_export(_app(corpus, out), keys=("ctrl+s", "ctrl+g")))
    saved = [Path(m) for t, m in notes if t == "Saved"]
    assert len(saved) == 2, notes
    assert first.read_text() == "mine: keep"
    assert snapshot(corpus) == before
    assert not (out / "dangling").exists()
    assert all(not p.is_symlink() and p.stat().st_size > 0 for p in saved)
    assert not [p for p in out.iterdir() if p.name.startswith(".accord-")]


def test_exports_refuse_the_corpus_even_through_a_link(corpus, tmp_path):
    pytest.importorskip("compare.tui.app")
    link = tmp_path / "innocent"
    link.symlink_to(corpus / "agreements")
    before = snapshot(corpus)
    for folder in (link, corpus / "agreements", corpus / "themes"):
        notes = asyncio.run(_export(_app(corpus, folder), keys=("ctrl+s", "ctrl+g")))
        assert notes and all(t == "Not saved" for t, _ in notes), notes
    assert snapshot(corpus) == before


def test_an_interrupted_export_leaves_nothing(corpus, tmp_path, monkeypatch):
    pytest.importorskip("compare.tui.app")
    from compare.tui import files

    out = tmp_path / "out"
    out.mkdir()

    def broken(src, dst):
        raise OSError(28, "No space left on device")

    # A filesystem without hard links, then a failed move: neither the file nor its claim stays.
    monkeypatch.setattr(files.os, "link", broken)
    monkeypatch.setattr(files.os, "replace", broken)
    notes = asyncio.run(_export(_app(corpus, out), keys=("ctrl+s",)))
    assert [t for t, _ in notes] == ["Not saved"]
    assert list(out.iterdir()) == [], "a partial or empty file was left behind"


def test_exported_markdown_shows_hostile_text_literally(corpus, tmp_path):
    pytest.importorskip("compare.tui.app")
    out = tmp_path / "out"
    out.mkdir()

    async def go():
        app = _app(corpus, out)
        notes = []
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            app.notify = lambda message, **kw: notes.append((kw.get("title"), str(message)))
            await app.open_agreement("nasty-markup")
            await pilot.pause()
            await pilot.press("ctrl+s")
            await pilot.pause()
        return notes

    notes = asyncio.run(go())
    saved = [Path(m) for t, m in notes if t == "Saved"]
    assert saved, notes
    text = saved[0].read_text()
    assert "\x1b" not in text
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").enable("table").render(text)
    assert 'href="https://x"' not in html
    assert "[@click=app.quit]quit[/]" in html.replace("\\", "")


def test_python_is_not_made_to_write_bytecode_into_the_corpus(corpus, cache):
    """A corpus folder on sys.path (the current directory) gains no __pycache__ either."""
    before = snapshot(corpus)
    env = _env(cache)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run(
        [sys.executable, "-m", "compare", "--corpus", ".", "list"],
        cwd=corpus,
        env=env,
        capture_output=True,
        timeout=60,
    )
    assert snapshot(corpus) == before
