"""accord matrix [ID ...]: coverage across agreements, one cell per row and agreement."""

from __future__ import annotations

import sys

from compare.cli import common


def add(sub, parent) -> None:
    p = sub.add_parser(
        "matrix",
        parents=[parent],
        help="coverage across agreements by theme, country or agency",
        description="Count each agreement's commitments per theme, country or agency, so that "
        "gaps show at a glance. A commitment counts under each of its themes; by country, under "
        "each country that commits or where it acts.",
    )
    p.add_argument("agreements", nargs="*", metavar="ID", help="agreements (default: all)")
    p.add_argument("--by", choices=["theme", "country", "agency"], default="theme")
    common.add_format(p, ["table", "csv", "json", "markdown"], "table")
    p.set_defaults(run=run)


def run(args) -> int:
    from compare.matrix import matrix

    corpus = common.load(args)
    ids = [common.agreement(corpus, name).id for name in args.agreements] or None
    m = matrix(corpus, ids, by=args.by)
    if args.format == "json":
        from compare.render.machine import dump_json
        from compare.render.matrix import matrix_dict

        dump_json(matrix_dict(m, corpus))
    elif args.format == "csv":
        from compare.render.machine import dump_csv
        from compare.render.matrix import table_rows

        dump_csv(*table_rows(m, corpus))
    elif args.format == "markdown":
        from compare.render.matrix import markdown

        sys.stdout.write(markdown(m, corpus))
    else:
        from compare.cli.cmd_diff import terminal_width
        from compare.render.matrix import write_table
        from compare.render.out import Writer

        write_table(m, corpus, Writer(), terminal_width())
    return 0
