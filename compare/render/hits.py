"""Search hits for people and for programs.

On a terminal each hit is a heading (score, agreement, commitment, what matched) over its text,
wrapped, with the matched characters highlighted; piped, one aligned line per hit. Rich is only
reached through Writer, and only on a terminal.
"""

from __future__ import annotations

import re

from compare.render.out import Part, Writer
from compare.safe import inline, width

MATCH = "bold yellow"
INDENT = 7


def highlighted(text: str, spans, style: str = MATCH) -> list[Part]:
    """The text as parts, the matched spans styled."""
    parts: list[Part] = []
    at = 0
    for s, e in spans:
        s, e = max(s, at), min(e, len(text))
        if e <= s:
            continue
        if s > at:
            parts.append(text[at:s])
        parts.append((text[s:e], style))
        at = e
    if at < len(text):
        parts.append(text[at:])
    return parts


def wrapped(text: str, room: int) -> list[tuple[int, int]]:
    """(start, end) of each line when the text is wrapped at `room` terminal cells."""
    lines: list[tuple[int, int]] = []
    start = end = None
    used = 0
    for m in re.finditer(r"\S+", text):
        w = width(inline(m.group()))
        if start is None:
            start, end, used = m.start(), m.end(), w
        elif used + 1 + w <= room:
            end, used = m.end(), used + 1 + w
        else:
            lines.append((start, end))
            start, end, used = m.start(), m.end(), w
    if start is not None:
        lines.append((start, end))
    return lines


def _line_spans(spans, start: int, end: int) -> list[tuple[int, int]]:
    return [(max(s, start) - start, min(e, end) - start) for s, e in spans if s < end and e > start]


def write_hits(hits, writer: Writer | None = None, *, total: int | None = None) -> None:
    writer = writer or Writer()
    if not writer.color:
        rows = [
            [f"{h.score:.1f}", h.agreement.id, h.commitment.id, h.commitment.text] for h in hits
        ]
        writer.table(["score", "agreement", "commitment", "text"], rows, right=[0], wrap=3)
        return
    room = max(20, writer.console.width - INDENT - 1)  # rich's own idea of the width
    for h in hits:
        writer.line(
            (f"{h.score:5.1f}  ", "dim"),
            (h.agreement.id, "cyan"),
            (" › ", "dim"),
            (h.commitment.id, "bold"),
            (f"   {', '.join(h.matched)}", "dim") if h.matched else "",
        )
        text = h.commitment.text
        for start, end in wrapped(text, room):
            parts = highlighted(text[start:end], _line_spans(h.spans, start, end))
            writer.line(" " * INDENT, *parts)
        writer.blank()
    if total is not None and total > len(hits):
        writer.line(
            (f"showing the best {len(hits)} of {total} matches (--limit 0 shows all)", "dim")
        )


def hit_dict(hit) -> dict:
    """One hit as plain data: score, spans and what matched, then the commitment in full."""
    from compare.export import commitment_dict

    return {
        "agreement": hit.agreement.id,
        "commitment": hit.commitment.id,
        "score": round(hit.score, 2),
        "spans": [list(s) for s in hit.spans],
        "matched": list(hit.matched),
        "text": hit.commitment.text,
        "detail": commitment_dict(hit.commitment, hit.agreement),
    }


def markdown_text(text: str, spans) -> str:
    """Markdown cell text with the matches in bold; every piece escaped."""
    from compare.render.machine import md_escape

    out = []
    for p in highlighted(text, spans):
        out.append(md_escape(p) if isinstance(p, str) else f"**{md_escape(p[0])}**")
    return "".join(out)
