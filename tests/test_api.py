"""The Python API: the names the package exports work whatever was imported first."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
{first}
from compare import diff, load_corpus, matrix, search
corpus = load_corpus()
g7 = corpus.resolve("g7-migrant-smuggling-action-plan-2024")
un = corpus.resolve("un-smuggling-protocol-2000")
assert diff(g7, un).summary["only_a"] + diff(g7, un).summary["matched"] == len(g7.commitments)
assert matrix(corpus).count("returns", un.id) >= 1
assert search(corpus, "europol", limit=5)[0].agreement.id == g7.id
print("ok")
"""


def run(first: str) -> str:
    code = CHECK.format(first=first)
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout


def test_exports_work_when_imported_first():
    assert run("") == "ok\n"


def test_exports_work_after_the_submodules_were_imported():
    assert run("import compare.diff, compare.matrix, compare.search") == "ok\n"
