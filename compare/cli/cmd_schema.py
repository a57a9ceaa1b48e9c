"""accord schema: the JSON Schema of an agreement file, for editors and other tools."""

from __future__ import annotations


def add(sub, parent) -> None:
    p = sub.add_parser(
        "schema", parents=[parent], help="print the JSON Schema of an agreement file"
    )
    p.set_defaults(run=run)


def run(args) -> int:
    from compare.render.machine import dump_json
    from compare.schema import agreement_schema

    dump_json(agreement_schema())
    return 0
