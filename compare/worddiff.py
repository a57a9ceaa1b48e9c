"""Word-level changes between two texts: ("equal" | "delete" | "insert", text) runs.

Joining the "equal" and "delete" runs gives the first text back with whitespace collapsed to single
spaces; "equal" and "insert" give the second. Runs carry their own leading space.
"""

from __future__ import annotations

import re

from rapidfuzz.distance import Indel

# A word (with inner apostrophes or hyphens) or one punctuation mark, with what came before it.
_TOKEN = re.compile(r"(\s*)(\w+(?:['’\-]\w+)*|[^\w\s])")


def tokens(text: str) -> list[tuple[str, str]]:
    """(word, spaced word): the word is compared, the spaced form is shown."""
    return [
        (w, " " + w if space or i == 0 else w) for i, (space, w) in enumerate(_TOKEN.findall(text))
    ]


def words(a: str, b: str) -> tuple[tuple[str, str], ...]:
    ta, tb = tokens(a), tokens(b)
    ka, kb = [t[0] for t in ta], [t[0] for t in tb]
    # A longest common subsequence of words. Ties between equally long ones are broken by
    # argument order, so always match in one canonical order: words(b, a) mirrors words(a, b).
    swapped = (len(kb), kb) < (len(ka), ka)
    ops = Indel.opcodes(kb, ka) if swapped else Indel.opcodes(ka, kb)
    runs: list[list[str]] = []
    gone: list[tuple[str, str]] = []
    new: list[tuple[str, str]] = []
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
            gone.extend(ta[i1:i2])
            new.extend(tb[j1:j2])
    _add(runs, "delete", gone)
    _add(runs, "insert", new)
    # A run that opens its side's text loses its leading space.
    started = {"equal": False, "delete": False, "insert": False}
    out = []
    for tag, text in runs:
        first = (
            not (started["equal"] or started[tag]) if tag != "equal" else not any(started.values())
        )
        out.append((tag, text[1:] if first and text.startswith(" ") else text))
        started[tag] = True
    return tuple(out)


def _add(runs: list[list[str]], tag: str, toks: list[tuple[str, str]]) -> None:
    if not toks:
        return
    text = "".join(t[1] for t in toks)
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
