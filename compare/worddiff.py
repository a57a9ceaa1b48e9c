"""Word-level changes between two texts: ("equal" | "delete" | "insert", text) runs.

Joining the "equal" and "delete" runs gives the first text back with whitespace collapsed to single
spaces; "equal" and "insert" give the second. Runs carry their own leading space.
"""

from __future__ import annotations

import re

from rapidfuzz.distance import Indel

# A word (with inner apostrophes or hyphens) or one punctuation mark; the spaced form keeps the
# space before it. Both patterns cut a text at the same places.
_WORD = r"\w+(?:['’\-]\w+)*|[^\w\s]"
_BARE = re.compile(_WORD)
_SPACED = re.compile(rf" ?(?:{_WORD})")


def tokens(text: str) -> tuple[list[str], list[str]]:
    """(words, spaced words): the words are compared, the spaced forms shown. The first word
    counts as spaced too; the space is dropped again where a run opens its side's text."""
    flat = " " + " ".join(text.split())
    return _BARE.findall(flat), _SPACED.findall(flat)


def words(a: str, b: str) -> tuple[tuple[str, str], ...]:
    ka, ta = tokens(a)
    kb, tb = tokens(b)
    # A longest common subsequence of words. Ties between equally long ones are broken by
    # argument order, so always match in one canonical order: words(b, a) mirrors words(a, b).
    swapped = (len(kb), kb) < (len(ka), ka)
    ops = Indel.opcodes(kb, ka) if swapped else Indel.opcodes(ka, kb)
    runs: list[list[str]] = []
    gone: list[str] = []
    new: list[str] = []
    for op in ops:
        i1, i2, j1, j2 = op.src_start, op.src_end, op.dest_start, op.dest_end
        if swapped:
            i1, i2, j1, j2 = j1, j2, i1, i2
        if op.tag == "equal":
            # Between two equal runs, everything removed reads first, then everything added.
            _add(runs, "delete", gone)
            _add(runs, "insert", new)
            gone, new = [], []
            _add(runs, "equal", ta[i1:i2])
        else:
            gone += ta[i1:i2]
            new += tb[j1:j2]
    _add(runs, "delete", gone)
    _add(runs, "insert", new)
    # A run that opens its side's text loses its leading space.
    started = {"equal": False, "delete": False, "insert": False}
    out = []
    for tag, text in runs:
        if tag == "equal":
            first = not any(started.values())
        else:
            first = not (started["equal"] or started[tag])
        out.append((tag, text[1:] if first and text.startswith(" ") else text))
        started[tag] = True
    return tuple(out)


def _add(runs: list[list[str]], tag: str, toks: list[str]) -> None:
    if not toks:
        return
    text = "".join(toks)
    if runs and runs[-1][0] == tag:
        runs[-1][1] += text
    else:
        runs.append([tag, text])


def side(ops, which: str) -> str:
    """One side's text from the runs: which is "a" or "b"."""
    keep = "delete" if which == "a" else "insert"
    return "".join(text for tag, text in ops if tag in ("equal", keep)).strip()


def changed(ops) -> bool:
    return any(tag != "equal" for tag, _ in ops)
