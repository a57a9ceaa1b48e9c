"""Machine formats: JSON, JSON lines, TSV, CSV and Markdown tables."""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import TextIO

from compare.safe import inline, json_safe


def dump_json(data, stream: TextIO | None = None) -> None:
    stream = stream or sys.stdout
    stream.write(json_safe(json_text(data)) + "\n")


def json_text(data) -> str:
    """Indented JSON, non-ASCII kept. msgspec writes it in C (json.dumps with an indent runs in
    Python: 20 ms for 50 search hits); text holding lone surrogates (the bytes of a file name that
    is not UTF-8) cannot be UTF-8, so json writes that."""
    import msgspec

    try:
        return msgspec.json.format(msgspec.json.encode(data), indent=2).decode()
    except (UnicodeEncodeError, TypeError, ValueError, OverflowError):
        import json

        return json.dumps(data, ensure_ascii=False, indent=2)


def dump_jsonl(items, stream: TextIO | None = None) -> None:
    import json  # here: the app and most commands never need it (3 ms)

    stream = stream or sys.stdout
    for item in items:
        stream.write(json_safe(json.dumps(item, ensure_ascii=False)) + "\n")


def dump_csv(headers: Sequence[str], rows, stream: TextIO | None = None, *, delimiter=",") -> None:
    import csv

    w = csv.writer(stream or sys.stdout, delimiter=delimiter, lineterminator="\n")
    w.writerow(headers)
    for row in rows:
        w.writerow([inline(c) for c in row])


def dump_tsv(headers: Sequence[str], rows, stream: TextIO | None = None) -> None:
    stream = stream or sys.stdout
    stream.write("\t".join(headers) + "\n")
    for row in rows:
        stream.write("\t".join(inline(c).replace("\t", " ") for c in row) + "\n")


def md_escape(text: object) -> str:
    """Markdown text: user text must not become links, emphasis, HTML, entities (&amp;), or, at the
    start of a line, a list, a rule or a code block."""
    s = inline(text).lstrip()
    for ch in "\\`*_{}[]<>()#+!|~&":
        s = s.replace(ch, "\\" + ch)
    if s[:1] in ("-", "="):
        return "\\" + s
    m = _ORDERED.match(s)
    return s[: m.end() - 1] + "\\" + s[m.end() - 1 :] if m else s


_ORDERED = re.compile(r"\d+\.")


def markdown_table(headers: Sequence[str], rows, stream: TextIO | None = None) -> None:
    stream = stream or sys.stdout
    stream.write("| " + " | ".join(md_escape(h) for h in headers) + " |\n")
    stream.write("|" + "|".join("---" for _ in headers) + "|\n")
    for row in rows:
        stream.write("| " + " | ".join(md_escape(c) for c in row) + " |\n")
