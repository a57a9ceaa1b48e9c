"""accord diff A B: what two agreements share, what only one commits to, and how they differ."""

from __future__ import annotations

import os
import sys

from compare.cli import common


def add(sub, parent) -> None:
    p = sub.add_parser(
        "diff",
        parents=[parent],
        help="compare two agreements (exit 0 no differences, 1 differences, 2 error)",
        description="Compare two agreements: parties, agencies and themes in both or one, and "
        "their commitments paired one to one by meaning, with word-level changes and strength. "
        "Exit status: 0 no differences, 1 differences, 2 trouble.",
    )
    p.add_argument("a", metavar="A", help="first agreement: id, unique id prefix, or title")
    p.add_argument("b", metavar="B", help="second agreement")
    common.add_format(p, ["text", "side-by-side", "markdown", "json"], "text")
    p.add_argument(
        "--theme",
        metavar="THEME",
        help="only commitments under this theme or its sub-themes (id, label or alias)",
    )
    p.add_argument(
        "--only",
        choices=("added", "removed", "changed", "shared"),
        help="show only commitments added in B, removed from A, changed, or shared by both",
    )
    p.add_argument(
        "--threshold",
        type=float,
        metavar="0..1",
        help="similarity below which commitments stay unpaired (default 0.4)",
    )
    p.add_argument(
        "--width",
        type=int,
        metavar="COLUMNS",
        help="side-by-side width (default: the terminal's, 80 when piped)",
    )
    p.set_defaults(run=run)


def run(args) -> int:
    from compare.diff import diff, within

    if args.threshold is not None and not 0 <= args.threshold <= 1:
        raise common.Fail("--threshold must be between 0 and 1")
    corpus = common.load(args)
    a = common.agreement(corpus, args.a)
    b = common.agreement(corpus, args.b)
    d = diff(a, b, threshold=args.threshold, taxonomy=corpus.taxonomy)
    if args.theme:
        tid = corpus.taxonomy.resolve(args.theme)
        if tid is None:
            near = corpus.taxonomy.suggest(args.theme)
            hint = f" (did you mean {', '.join(near)}?)" if near else ""
            raise common.Fail(f"unknown theme {args.theme!r}{hint}")
        d = within(d, corpus.taxonomy.descendants(tid))
        # Within a theme, only commitments count as differences.
        same = not (d.only_a or d.only_b or any(not p.same for p in d.matched))
    else:
        same = d.identical
    if args.format == "json":
        from compare.render.diffjson import diff_dict
        from compare.render.machine import dump_json

        dump_json(
            diff_dict(d, only=args.only, theme=args.theme, threshold=args.threshold, identical=same)
        )
    elif args.format == "markdown":
        from compare.render.diff import markdown

        sys.stdout.write(markdown(d, corpus, args.only))
    elif args.format == "side-by-side":
        from compare.render.out import Writer
        from compare.render.sidebyside import write_side_by_side

        write_side_by_side(d, corpus, Writer(), args.width or terminal_width(), args.only)
    else:
        from compare.render.diff import write_text
        from compare.render.out import Writer

        write_text(d, corpus, Writer(), args.only)
    return common.STATUS_OK if same else common.STATUS_NEGATIVE


def terminal_width() -> int:
    """The terminal's width; $COLUMNS when set; 80 when piped."""
    if os.environ.get("COLUMNS", "").isdigit():
        return int(os.environ["COLUMNS"])
    if sys.stdout.isatty():
        return common.terminal_columns()
    return 80
