"""Shared fixtures: small corpora written into tmp_path, and a CLI runner."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

MINIMAL = """\
id: {id}
title: {title}
kind: action-plan
legal_nature: political
parties: [GB, FR]
sources:
  - id: src
    title: A source
    publisher: Someone
    date: 2024-10-04
    url: https://example.org/src
commitments:
  - id: c1
    text: The parties will share intelligence on smuggling networks.
    themes: [intelligence-sharing]
"""


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    """Each test gets its own corpus cache folder: none reads another's, none touches the user's."""
    monkeypatch.setenv("ACCORD_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def write_corpus(root: Path, files: dict[str, str]) -> Path:
    """A corpus folder with agreements/<name> for each file; registries and themes fall back."""
    folder = root / "agreements"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        data = text.encode("utf-8") if isinstance(text, str) else text
        (folder / name).write_bytes(data)
    return root


@pytest.fixture
def corpus_dir(tmp_path):
    """Factory: corpus_dir({"a.yaml": "..."}) -> Path of a corpus root."""

    def make(files: dict[str, str | bytes]) -> Path:
        return write_corpus(
            tmp_path / "corpus",
            {k: v if isinstance(v, bytes) else textwrap.dedent(v) for k, v in files.items()},
        )

    return make


@pytest.fixture
def minimal():
    """Text of a valid agreement file with the given id and title."""

    def make(id: str = "plan-a", title: str = "Plan A") -> str:
        return MINIMAL.format(id=id, title=title)

    return make


@pytest.fixture
def accord(capsys, monkeypatch):
    """Run the CLI in-process: returns (status, stdout, stderr)."""
    from compare.cli import main

    def run(*argv: str, env: dict[str, str] | None = None):
        for k, v in (env or {}).items():
            monkeypatch.setenv(k, v)
        status = main(list(argv))
        out, err = capsys.readouterr()
        return status, out, err

    return run
