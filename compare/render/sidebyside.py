"""A diff of two agreements in two columns that fit the terminal (any width from 40 up).

Commitments sit under their first theme; A on the left, B on the right, a mark between them:
= unchanged, ~ changed, - only in A, + only in B.
"""

from __future__ import annotations

import re

from compare.diff import AgreementDiff, Pair
from compare.model import Agreement, Commitment, Corpus
from compare.render.diff import (
    MARK,
    STYLE,
    SUMMARY_NOTE,
    cite,
    cited_sources,
    full_citation,
    grouped,
    kind,
    mostly_same,
    pair_notes,
    set_lines,
    summary_line,
    word_parts,
)
from compare.render.out import Writer
from compare.safe import inline, width

Line = list[tuple[str, str]]
MIN_WIDTH = 40
GUTTER = 3


def wrap(parts: list[tuple[str, str]], cells: int) -> list[Line]:
    """Styled text wrapped to `cells` terminal cells; over-long words are cut."""
    lines: list[Line] = [[]]
    used = 0
    for text, style in parts:
        for piece in re.findall(r"\s+|\S+", inline(text)):
            if piece.isspace():
                if used and used + 1 <= cells:
                    lines[-1].append((" ", style))
                    used += 1
                continue
            size = width(piece)
            if used and used + size > cells:
                lines.append([])
                used = 0
            while size > cells:
                head, piece = _cut(piece, cells - used)
                lines[-1].append((head, style))
                lines.append([])
                used, size = 0, width(piece)
            lines[-1].append((piece, style))
            used += size
    return [_rstrip(line) for line in lines]


def _cut(word: str, cells: int) -> tuple[str, str]:
    used = 0
    for i, ch in enumerate(word):
        used += width(ch)
        if used > cells:
            return word[: max(i, 1)], word[max(i, 1) :]
    return word, ""


def _rstrip(line: Line) -> Line:
    while line and not line[-1][0].strip():
        line.pop()
    return line


def _cells(line: Line) -> int:
    return sum(width(t) for t, _ in line)


class Columns:
    def __init__(self, w: Writer, total: int):
        self.w = w
        self.total = max(total, MIN_WIDTH)
        self.left = (self.total - GUTTER) // 2
        self.right = self.total - GUTTER - self.left

    def emit(self, line: Line) -> None:
        if self.w.color:
            from rich.text import Text

            text = Text()
            for t, style in line:
                text.append(t, style=style or None)
            self.w.console.print(text, no_wrap=True, overflow="ignore", crop=False)
        else:
            self.w.stream.write("".join(t for t, _ in line).rstrip() + "\n")

    def full(self, parts: list[tuple[str, str]], indent: int = 0) -> None:
        for line in wrap(parts, self.total - indent):
            self.emit([(" " * indent, "")] + line if line else [])

    def row(self, left: list[Line], right: list[Line], mark: str = "", style: str = "") -> None:
        for i in range(max(len(left), len(right))):
            lft = left[i] if i < len(left) else []
            rgt = right[i] if i < len(right) else []
            gutter = f" {mark} " if i == 0 and mark else " │ "
            pad = " " * (self.left - _cells(lft))
            self.emit([*lft, (pad, ""), (gutter, style if i == 0 and mark else "dim"), *rgt])

    def rule(self) -> None:
        self.emit([("─" * self.left + "─┼─" + "─" * self.right, "dim")])


def write_side_by_side(
    d: AgreementDiff, corpus: Corpus, w: Writer, total: int, only: str | None = None
) -> None:
    cols = Columns(w, total)
    cols.row(
        wrap([("A ", "bold"), (d.a.id, "cyan")], cols.left),
        wrap([("B ", "bold"), (d.b.id, "cyan")], cols.right),
    )
    cols.row(wrap([(d.a.title, "dim")], cols.left), wrap([(d.b.title, "dim")], cols.right))
    cols.rule()
    cols.full([("Summary: ", "bold"), (summary_line(d), "")])
    for title, sd, name, a_items in (
        ("Parties", d.parties, lambda x: x, d.a.parties),
        ("Agencies", d.agencies, corpus.registry.name, d.a.agencies),
        ("Themes", d.themes, corpus.taxonomy.label, d.a.themes),
    ):
        rows = dict(set_lines(sd, name, a_items))
        if not rows:
            continue
        cols.emit([])
        cols.full([(title, "bold")])
        if "only in A" in rows or "only in B" in rows:
            cols.row(
                wrap([("only A: ", "red"), (rows.get("only in A", "—"), "")], cols.left),
                wrap([("only B: ", "green"), (rows.get("only in B", "—"), "")], cols.right),
            )
        for label, names in rows.items():
            if label not in ("only in A", "only in B"):
                cols.full([(f"{label}: ", "dim"), (names, "")], indent=2)
    cols.emit([])
    cols.full([("Commitments", "bold"), (f"  {SUMMARY_NOTE}", "dim")])
    groups = grouped(d, corpus, only)
    if not groups:
        cols.full([("nothing to show", "dim")], indent=2)
    for tid, items in groups:
        cols.emit([])
        cols.full([(corpus.taxonomy.label(tid) if tid else "No theme", "bold magenta")])
        for item in items:
            _item(d, corpus, cols, item)
    sources = cited_sources(d, only)
    if sources:
        cols.full([("Sources", "bold")])
    for side, src in sources:
        cols.full([(f"{side} [", ""), (src.id, "cyan"), ("] ", ""), (full_citation(src), "")], 2)


def _block(a: Agreement, c: Commitment, text: list[tuple[str, str]], cells: int) -> list[Line]:
    lines = wrap([(c.id, "cyan")], cells)
    lines += wrap(text, cells)
    lines += wrap([(cite(a, c), "dim")], cells)
    return lines


def _item(d: AgreementDiff, corpus: Corpus, cols: Columns, item) -> None:
    k = kind(item)
    mark, style = MARK[k], STYLE[k]
    if k == "only_a":
        c = item[1]
        cols.row(_block(d.a, c, [(c.text, "")], cols.left), [], mark, style)
    elif k == "only_b":
        c = item[1]
        cols.row([], _block(d.b, c, [(c.text, "")], cols.right), mark, style)
    else:
        p: Pair = item[1]
        # Word marks help only when most words are kept; otherwise the texts read better plain.
        marked = mostly_same(p) and not p.same
        ta = word_parts(p, cols.w.color, "a") if marked else [(p.a.text, "")]
        tb = word_parts(p, cols.w.color, "b") if marked else [(p.b.text, "")]
        left = _block(d.a, p.a, ta, cols.left)
        right = _block(d.b, p.b, tb, cols.right)
        cols.row(left, right, mark, style)
        notes = [f"similarity {p.similarity:.2f}"] + pair_notes(p, corpus)
        cols.full([(" · ".join(notes), "yellow" if not p.same else "dim")], indent=2)
    cols.emit([])
