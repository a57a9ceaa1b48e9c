"""Coverage across agreements: which themes, countries or agencies each one's commitments touch.

from compare import load_corpus, matrix
m = matrix(load_corpus(), by="theme")
m.count("returns", "g7-migrant-smuggling-action-plan-2024")
"""

from __future__ import annotations

import msgspec

from compare.callable_module import make_callable
from compare.model import Commitment, Corpus

BY = ("theme", "country", "agency")


class Matrix(msgspec.Struct, frozen=True, gc=False):
    by: str  # "theme" | "country" | "agency"
    rows: tuple[str, ...]  # theme, country or agency ids
    columns: tuple[str, ...]  # agreement ids
    cells: dict[tuple[str, str], tuple[str, ...]]  # (row id, agreement id) -> commitment ids

    def count(self, row: str, col: str) -> int:
        return len(self.cells.get((row, col), ()))

    def total(self, row: str) -> int:
        return sum(self.count(row, c) for c in self.columns)

    def covered(self, row: str) -> int:
        """How many of the agreements have at least one commitment in this row."""
        return sum(1 for c in self.columns if (row, c) in self.cells)


def _keys(c: Commitment, by: str) -> tuple[str, ...]:
    if by == "theme":
        return c.themes
    if by == "agency":
        return c.agencies
    # Who commits and where it acts: the roles a country search matches too.
    return tuple(dict.fromkeys((*c.actors, *c.where)))


def matrix(corpus: Corpus, ids: list[str] | None = None, *, by: str = "theme") -> Matrix:
    """Rows: every theme of the taxonomy in reading order (so uncovered themes show as gaps), or
    the countries or agencies named, most covered first. Columns: the agreements asked for, or all."""
    if by not in BY:
        raise ValueError(f"by must be one of {', '.join(BY)}, not {by!r}")
    columns = tuple(dict.fromkeys(ids)) if ids is not None else tuple(corpus.agreements)
    unknown = [aid for aid in columns if aid not in corpus.agreements]
    if unknown:
        raise KeyError(", ".join(unknown))
    found: dict[tuple[str, str], list[str]] = {}
    for aid in columns:
        for c in corpus.agreements[aid].commitments:
            for key in _keys(c, by):
                found.setdefault((key, aid), []).append(c.id)
    cells = {k: tuple(v) for k, v in found.items()}
    named = dict.fromkeys(k for k, _ in cells)
    if by == "theme":
        order = corpus.taxonomy.order()
        rows = tuple(order) + tuple(sorted(t for t in named if t not in set(order)))
    else:

        def weight(key: str) -> tuple[int, int, str]:
            hits = [len(cells.get((key, aid), ())) for aid in columns]
            return (-sum(1 for h in hits if h), -sum(hits), key)

        rows = tuple(sorted(named, key=weight))
    return Matrix(by=by, rows=rows, columns=columns, cells=cells)


make_callable(__name__, "matrix")
