"""accord show ID: one agreement, rendered for reading."""

from __future__ import annotations

import sys

from compare.cli import common


def add(sub, parent) -> None:
    p = sub.add_parser("show", parents=[parent], help="show one agreement for reading")
    p.add_argument("agreement", help="id, unique id prefix, or title")
    common.add_format(p, ["text", "json", "markdown"], "text")
    p.set_defaults(run=run)


def run(args) -> int:
    corpus = common.load(args)
    a = common.agreement(corpus, args.agreement)
    if args.format == "json":
        from compare.export import SCHEMA_VERSION, agreement_dict
        from compare.render.machine import dump_json

        dump_json({"schema_version": SCHEMA_VERSION, "agreement": agreement_dict(a, corpus)})
    elif args.format == "markdown":
        from compare.render.agreement import markdown

        sys.stdout.write(markdown(a, corpus))
    else:
        from compare.render.agreement import write_text
        from compare.render.out import Writer

        write_text(a, corpus, Writer())
    return 0
