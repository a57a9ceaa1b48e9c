"""accord search QUERY: every commitment that matches, best first, matches highlighted."""

from __future__ import annotations

import argparse
import sys

from compare.cli import common

SYNTAX = """\
query language (fzf's, plus facets):
  smugling netwrks     words, all must match; typos, case and accents forgiven
  'exact               these letters exactly, anywhere in the text
  ^start  end$         the text starts (ends) with it
  "a phrase"           these whole words in a row
  !word  -word         leave out commitments whose text has it
  a | b                either
  country:britain  agency:nca  theme:deportation  agreement:g7  kind:protocol  year:2023..2025
  -country:fr          any facet negated; country:g7 means every G7 member

Put '--' before a query that starts with '-':  accord search -- -country:fr smuggling
exit status: 0 found, 1 nothing found, 2 error"""


def add(sub, parent) -> None:
    p = sub.add_parser(
        "search",
        parents=[parent],
        help="search every commitment (fzf-style query, with facets)",
        description="Search the commitments of every agreement, best match first.",
        epilog=SYNTAX,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("query", nargs="*", help="the query (several words are joined)")
    p.add_argument("--country", metavar="X", help="only commitments involving this country")
    p.add_argument("--agency", metavar="X", help="only commitments naming this agency")
    p.add_argument("--theme", metavar="X", help="only commitments on this theme")
    p.add_argument("--agreement", metavar="X", help="only this agreement (id, prefix or title)")
    p.add_argument(
        "--limit",
        "-n",
        type=_limit,
        default=50,
        metavar="N",
        help="show at most N hits (default 50; 0 shows all)",
    )
    common.add_format(p, ["table", "json", "jsonl", "tsv", "markdown"], "table")
    p.set_defaults(run=run)


def _limit(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return n


def run(args) -> int:
    from compare.search import QueryError, find

    corpus = common.load(args)
    query = " ".join(args.query)
    facets = {k: getattr(args, k) for k in ("country", "agency", "theme", "agreement")}
    try:
        results = find(corpus, query, limit=args.limit or None, **facets)
    except QueryError as exc:
        raise common.Fail(str(exc)) from None
    hits = results.hits
    if args.format in ("json", "jsonl"):
        from compare.render.hits import hit_dict
        from compare.render.machine import dump_json, dump_jsonl

        if args.format == "jsonl":
            dump_jsonl(hit_dict(h) for h in hits)
        else:
            from compare.export import SCHEMA_VERSION

            dump_json(
                {
                    "schema_version": SCHEMA_VERSION,
                    "query": query,
                    "filters": {k: v for k, v in facets.items() if v},
                    "total": results.total,
                    "count": len(hits),
                    "hits": [hit_dict(h) for h in hits],
                }
            )
    elif args.format == "tsv":
        from compare.render.machine import dump_tsv

        rows = [
            [
                f"{h.score:.2f}",
                h.agreement.id,
                h.commitment.id,
                ",".join(h.matched),
                h.commitment.text,
            ]
            for h in hits
        ]
        dump_tsv(["score", "agreement", "commitment", "matched", "text"], rows)
    elif args.format == "markdown":
        _markdown(hits)
    elif hits:
        from compare.render.hits import write_hits

        write_hits(hits, total=results.total)
    if not hits:
        if args.format == "table":
            print("accord: nothing found", file=sys.stderr)
        return common.STATUS_NEGATIVE
    return common.STATUS_OK


def _markdown(hits) -> None:
    from compare.render.hits import markdown_text
    from compare.render.machine import md_escape

    out = sys.stdout
    out.write("| score | agreement | commitment | text |\n|---:|---|---|---|\n")
    for h in hits:
        cells = [f"{h.score:.1f}", md_escape(h.agreement.id), md_escape(h.commitment.id)]
        cells.append(markdown_text(h.commitment.text, h.spans))
        out.write("| " + " | ".join(cells) + " |\n")
