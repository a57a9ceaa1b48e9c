"""User text is data: make control characters and bidi overrides visible instead of obeyed."""

from __future__ import annotations

import functools
import re
import unicodedata

# C0 and C1 controls, DEL, and the bidi embedding/override/isolate marks that reorder a line.
_BIDI = [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
# Lone surrogates: bytes of a file name that is not UTF-8 (Python's surrogateescape). A strict UTF-8
# stdout cannot encode them, so show the byte they stand for.
_SURROGATES = range(0xD800, 0xE000)


@functools.cache
def _tables() -> dict[str, dict[int, str]]:
    """The translation tables, made on first need: thousands of entries, a few ms every command
    would pay at start for text that is almost always printable."""
    unsafe = {c: f"\\x{c:02x}" for c in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]}
    unsafe.update({c: f"\\u{c:04x}" for c in _BIDI})
    unsafe.update(
        {c: f"\\x{c - 0xDC00:02x}" if 0xDC80 <= c <= 0xDCFF else f"\\u{c:04x}" for c in _SURROGATES}
    )
    return {
        "inline": unsafe,
        "block": {k: v for k, v in unsafe.items() if k not in (0x0A, 0x09)},
        "query": {c: " " for c in unsafe},
    }


def inline(text: object) -> str:
    """One line for a table cell or a label: every control shown as an escape, newlines too."""
    s = str(text)
    if s.isprintable():
        return s
    return s.translate(_tables()["inline"])


def block(text: object) -> str:
    """Multi-line text for reading: keeps newlines and tabs, shows every other control."""
    s = str(text)
    if s.isprintable():
        return s
    return s.translate(_tables()["block"])


# What JSON made with ensure_ascii=False leaves raw that a terminal would obey: DEL, C1 controls,
# bidi marks, lone surrogates. A pattern, not str.translate: that looks up every character (10 ms
# for a page of search hits).
_JSON_RAW = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def json_safe(encoded: str) -> str:
    """JSON made with ensure_ascii=False: escape C1 and bidi marks, which json leaves raw."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", encoded)


def width(text: str) -> int:
    """Terminal cells: wide East Asian characters take two; combining marks and zero-width
    format characters (the joiners of Arabic and Persian script, say) none."""
    if text.isascii():
        return len(text)
    total = 0
    for ch in text:
        if _zero_width(ch):
            continue
        total += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return total


def _zero_width(ch: str) -> bool:
    if unicodedata.combining(ch):
        return True
    cat = unicodedata.category(ch)
    return cat in ("Mn", "Me") or (cat == "Cf" and ch != "\u00ad") or "\u1160" <= ch <= "\u11ff"


def query_text(text: str) -> str:
    """A query typed or pasted into a box: controls and bidi marks become spaces. They mean nothing
    in a query, and a box shows its value as it is, so they must not stay in it."""
    return text if text.isprintable() else text.translate(_tables()["query"])
