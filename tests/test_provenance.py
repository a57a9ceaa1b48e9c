"""Facts carry over from sources; sentences do not.

Checks the shipped agreements against the seed articles they were modelled from (in ../shared/seeds when
the checkout sits beside it): no run of eight words may be shared, so no sentence was copied.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
RUN = 8


def shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9£$€]+", text.lower().replace("’", "'"))
    return {tuple(words[i : i + RUN]) for i in range(len(words) - RUN + 1)}


def shipped_texts() -> dict[str, str]:
    files = [*(ROOT / "agreements").glob("*.yaml"), *(ROOT / "themes").glob("*.yaml")]
    files += [*(ROOT / "docs").glob("*"), ROOT / "README.md"]
    return {f.name: f.read_text(encoding="utf-8") for f in files if f.is_file()}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed articles are not beside this checkout")
def test_no_sentence_is_copied_from_the_seeds():
    seeds = {p.name: shingles(p.read_text(encoding="utf-8")) for p in SEEDS.glob("*.txt")}
    assert seeds, "no seed articles found"
    copied = []
    for name, text in shipped_texts().items():
        mine = shingles(text)
        for seed, theirs in seeds.items():
            copied += [f"{name} ~ {seed}: {' '.join(s)}" for s in sorted(mine & theirs)[:3]]
    assert not copied, "\n".join(copied)


def test_every_commitment_cites_a_source_with_a_title():
    from compare.load import load_corpus

    for a in load_corpus():
        for c in a.commitments:
            src = a.source(c.source)
            assert src is not None and src.title, (a.id, c.id)
        assert a.reviewed is not None, f"{a.id}: no 'reviewed' date"
