"""Exports from the app: whole files only, never over an existing one, never into the corpus."""

from __future__ import annotations

import os

import pytest

from compare.tui.files import ExportError, inside_corpus, slug, write_new


def test_numbered_suffix_instead_of_overwriting(tmp_path):
    (tmp_path / "view.md").write_text("keep me")
    first = write_new(tmp_path, "view", ".md", "one", None)
    second = write_new(tmp_path, "view", ".md", "two", None)
    assert (first.name, second.name) == ("view-2.md", "view-3.md")
    assert (tmp_path / "view.md").read_text() == "keep me"
    assert first.read_text() == "one" and second.read_text() == "two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["view-2.md", "view-3.md", "view.md"]
    assert oct(first.stat().st_mode & 0o777) == oct(0o644)


def test_refuses_the_corpus_and_missing_folders(tmp_path):
    root = tmp_path / "corpus"
    (root / "agreements" / "sub").mkdir(parents=True)
    (root / "themes").mkdir()
    for folder in (root / "agreements", root / "agreements" / "sub", root / "themes"):
        assert inside_corpus(folder, root)
        with pytest.raises(ExportError, match="inside the corpus"):
            write_new(folder, "x", ".md", "data", root)
    assert not inside_corpus(root, root)  # the checkout root holds more than the corpus
    assert not inside_corpus(tmp_path, root)
    flat = tmp_path / "flat"
    flat.mkdir()
    assert inside_corpus(flat, flat)  # a corpus without agreements/ keeps its files in the root
    with pytest.raises(ExportError, match="no such folder"):
        write_new(tmp_path / "missing", "x", ".md", "data", None)
    assert sorted(os.listdir(root / "agreements")) == ["sub"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_folder_is_a_clear_error(tmp_path):
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(ExportError):
            write_new(tmp_path, "x", ".md", "data", None)
    finally:
        tmp_path.chmod(0o755)


def test_slug_makes_a_safe_file_stem():
    assert slug("Accord: G7 / UK [bold]") == "accord-g7-uk-bold"
    assert slug("../../etc/passwd") == "etc-passwd"
    assert slug("") == "accord"
