"""A coverage matrix for reading: a terminal table where gaps stand out, CSV, JSON and Markdown."""

from __future__ import annotations

from compare.matrix import Matrix
from compare.model import Corpus
from compare.render.machine import md_escape
from compare.render.out import Writer
from compare.safe import inline, width

GAP = "·"
# Shades for counts on a terminal: more commitments, stronger colour.
SHADES = ((1, "green"), (2, "bold green"), (4, "bold black on green"))


def row_label(m: Matrix, corpus: Corpus, row: str) -> str:
    """A readable name: the theme's label, the agency's name, the country's code and name."""
    if m.by == "theme":
        return corpus.taxonomy.label(row)
    name = corpus.registry.name(row)
    return f"{row} {name}" if m.by == "country" and name != row else name


def _indented(m: Matrix, corpus: Corpus, row: str) -> str:
    """Sub-themes sit indented under their parent in the terminal table."""
    theme = corpus.taxonomy.themes.get(row) if m.by == "theme" else None
    indent = "  " if theme is not None and theme.parent else ""
    return indent + row_label(m, corpus, row)


def shade(n: int) -> str:
    style = ""
    for least, s in SHADES:
        if n >= least:
            style = s
    return style


def headers(m: Matrix, total: int, label_width: int) -> tuple[list[str], bool]:
    """Agreement ids as column heads when they fit, else numbers with a legend below."""
    fits = label_width + sum(max(width(c), 3) + 2 for c in m.columns) + 7 <= total
    if fits:
        return list(m.columns), False
    return [str(i + 1) for i in range(len(m.columns))], True


def write_table(m: Matrix, corpus: Corpus, w: Writer, total: int) -> None:
    labels = [inline(_indented(m, corpus, r)) for r in m.rows]
    label_width = max([width(x) for x in labels] + [len(m.by)])
    heads, numbered = headers(m, total, label_width)
    rows = []
    for r, label in zip(m.rows, labels, strict=True):
        cells = []
        for c in m.columns:
            n = m.count(r, c)
            cells.append((str(n), shade(n)) if n else (GAP, "dim"))
        covered = m.covered(r)
        rows.append([label, *cells, (f"{covered}/{len(m.columns)}", "" if covered else "red")])
    w.table([m.by, *heads, "covered"], rows, right=list(range(1, len(heads) + 2)))
    if numbered:
        w.blank()
        for i, c in enumerate(m.columns):
            w.line((f"{i + 1:>3}  ", "bold"), (c, "cyan"), "  ", corpus.agreements[c].title)
    gaps = [r for r in m.rows if not m.covered(r)]
    if gaps and m.by == "theme":
        w.blank()
        w.line(
            (f"{len(gaps)} of {len(m.rows)} themes covered by none of these agreements; ", "dim"),
            (GAP, "dim"),
            (" marks a gap.", "dim"),
        )


def table_rows(m: Matrix, corpus: Corpus) -> tuple[list[str], list[list[str]]]:
    heads = [m.by, "label", *m.columns]
    rows = [[r, row_label(m, corpus, r), *(str(m.count(r, c)) for c in m.columns)] for r in m.rows]
    return heads, rows


def markdown(m: Matrix, corpus: Corpus) -> str:
    e = md_escape
    out = [f"| {e(m.by)} | " + " | ".join(f"`{e(c)}`" for c in m.columns) + " |"]
    out.append("|---|" + "|".join("---:" for _ in m.columns) + "|")
    for r in m.rows:
        cells = [str(m.count(r, c)) if m.count(r, c) else GAP for c in m.columns]
        out.append(f"| {e(row_label(m, corpus, r))} | " + " | ".join(cells) + " |")
    out.append("")
    out.append(f"{GAP} marks a gap: no commitment of that agreement in this row.")
    return "\n".join(out) + "\n"


def matrix_dict(m: Matrix, corpus: Corpus) -> dict:
    from compare.export import SCHEMA_VERSION

    return {
        "schema_version": SCHEMA_VERSION,
        "by": m.by,
        "columns": [{"id": c, "title": corpus.agreements[c].title} for c in m.columns],
        "rows": [
            {
                "id": r,
                "label": row_label(m, corpus, r),
                "counts": {c: m.count(r, c) for c in m.columns},
                "commitments": {c: list(m.cells.get((r, c), ())) for c in m.columns},
                "covered": m.covered(r),
            }
            for r in m.rows
        ],
    }
