"""Exports: written whole or not at all, never over an existing file, never into the corpus."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

CORPUS_PARTS = ("agreements", "themes", "registries", "schema")


class ExportError(Exception):
    pass


def inside_corpus(folder: Path, root: Path | None) -> bool:
    if root is None:
        return False
    root = root.resolve()
    folder = folder.resolve()
    if not (root / "agreements").is_dir() and folder == root:
        return True  # a flat corpus: its files sit in the root itself
    return any(folder == root / p or (root / p) in folder.parents for p in CORPUS_PARTS)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "accord"


def _publish(tmp: str, target: Path) -> None:
    """Give the finished file its name, never over an existing file: a hard link fails if the name
    is taken. Where links are not supported, claim the name (O_EXCL) and move the file over the
    claim; if that move fails, the empty claim is removed, not left as the export."""
    try:
        os.link(tmp, target)
        return
    except FileExistsError:
        raise
    except OSError:
        pass
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
    try:
        os.replace(tmp, target)
    except BaseException:
        os.unlink(target)
        raise


def write_new(folder: Path, stem: str, suffix: str, data: str, corpus_root: Path | None) -> Path:
    """Write `data` to folder/stem+suffix, or stem-2, stem-3... if taken. Returns the path."""
    folder = Path(folder).expanduser()
    if inside_corpus(folder, corpus_root):
        raise ExportError(f"{folder} is inside the corpus; start accord with --export-dir DIR")
    if not folder.is_dir():
        raise ExportError(f"{folder}: no such folder")
    fd, tmp = tempfile.mkstemp(prefix=".accord-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes it private; an export is an ordinary file
        for n in range(1, 10_000):
            target = folder / f"{stem}{'' if n == 1 else f'-{n}'}{suffix}"
            try:
                _publish(tmp, target)
            except FileExistsError:
                continue
            return target
        raise ExportError(f"{folder}: too many files named {stem}*{suffix}")
    except OSError as exc:
        raise ExportError(str(exc)) from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
