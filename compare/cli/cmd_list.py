"""accord list: one row per agreement."""

from __future__ import annotations

from compare.cli import common
from compare.model import date_order


def add(sub, parent) -> None:
    p = sub.add_parser("list", parents=[parent], help="list the agreements in the corpus")
    common.add_format(p, ["table", "json", "tsv", "markdown"], "table")
    p.set_defaults(run=run)


def parties_cell(a) -> str:
    declared = " ".join(a.parties_declared)
    if not a.parties_complete:
        return f"{declared} +?" if declared else "not stated"
    if len(declared) > 40 or len(a.parties_declared) != len(a.parties):
        return f"{declared} ({len(a.parties)})"
    return declared


def run(args) -> int:
    corpus = common.load(args)
    # Outlines: a cached corpus lists its agreements without decoding their commitments.
    outlines = sorted(corpus.outlines(), key=lambda outline: date_order(outline[0]))
    if args.format == "json":
        from compare.export import SCHEMA_VERSION, agreement_summary
        from compare.render.machine import dump_json

        dump_json(
            {
                "schema_version": SCHEMA_VERSION,
                "agreements": [agreement_summary(a, count) for a, count in outlines],
            }
        )
        return 0
    headers = ["id", "kind", "date", "title", "parties", "commitments"]
    rows = [
        [
            a.id,
            a.kind,
            str(a.date) if a.date else "—",
            a.title,
            parties_cell(a),
            str(count),
        ]
        for a, count in outlines
    ]
    if args.format == "tsv":
        from compare.render.machine import dump_tsv

        dump_tsv(headers, rows)
    elif args.format == "markdown":
        from compare.render.machine import markdown_table

        markdown_table(headers, rows)
    else:
        from compare.render.out import Writer

        Writer().table(headers, rows, right=[5], wrap=3)
    return 0
