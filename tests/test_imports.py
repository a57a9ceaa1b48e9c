"""Import hygiene: the engine knows nothing of rich or textual; the CLI never loads textual."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import sys, io, contextlib
{setup}
print("MODULES", sorted({{m.split('.')[0] for m in sys.modules}} & {{'rich', 'textual'}}), file=sys.stderr)
"""


def loaded(setup: str) -> list[str]:
    code = PROBE.format(setup=setup)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    line = [x for x in proc.stderr.splitlines() if x.startswith("MODULES")][-1]
    return json.loads(line.split(" ", 1)[1].replace("'", '"'))


def test_engine_imports_neither():
    setup = (
        "import compare, compare.model, compare.load, compare.registry, compare.taxonomy\n"
        "from compare import load_corpus\nload_corpus()"
    )
    assert loaded(setup) == []


def test_cli_json_and_validate_load_neither():
    for argv in (["list", "--format", "json"], ["validate"], ["show", "zz", "-f", "json"]):
        setup = (
            "from compare.cli import main\n"
            f"with contextlib.redirect_stdout(io.StringIO()): main({argv!r})"
        )
        assert loaded(setup) == [], argv


def test_cli_text_when_piped_loads_no_textual():
    setup = "from compare.cli import main\nwith contextlib.redirect_stdout(io.StringIO()): main(['list'])"
    assert "textual" not in loaded(setup)
