"""accord validate [PATH ...]: check agreement files; one line per problem, then a count."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from compare.cli import common


def add(sub, parent) -> None:
    p = sub.add_parser("validate", parents=[parent], help="check agreement files or folders")
    p.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or folders (default: the active corpus)"
    )
    common.add_format(p, ["text", "json"], "text")
    p.set_defaults(run=run)


def _shown(path: str) -> str:
    rel = os.path.relpath(path)
    return rel if not rel.startswith("..") else path


def _batches(args) -> list[tuple[str | None, list[Path] | None]]:
    """(corpus root, files) pairs: a folder with agreements/ is a corpus of its own."""
    if not args.paths:
        return [(args.corpus, None)]
    from compare.load import agreement_files

    batches, loose = [], []
    for raw in args.paths:
        p = Path(raw)
        if p.is_dir():
            if (p / "agreements").is_dir():
                batches.append((str(p), None))
            else:
                loose.extend(agreement_files(p))
        elif p.exists():
            loose.append(p)
        else:
            raise common.Fail(f"{raw}: no such file or folder")
    if loose:
        batches.append((args.corpus, loose))
    return batches


def run(args) -> int:
    from compare.load import load_corpus
    from compare.model import Problem

    problems: list[Problem] = []
    files = commitments = 0
    for root, paths in _batches(args):
        try:
            corpus = load_corpus(
                root, strict=False, files=paths, max_bytes=int(args.max_file_mb * 1024 * 1024)
            )
        except (OSError, ValueError) as exc:
            raise common.Fail(str(exc)) from None
        problems.extend(corpus.problems)
        files += len(corpus.agreements) + len({p.file for p in corpus.problems})
        commitments += sum(len(a.commitments) for a in corpus)
    bad = len({p.file for p in problems})
    if args.format == "json":
        from compare.render.machine import dump_json

        dump_json(
            {
                "schema_version": 1,
                "valid": not problems,
                "files": files,
                "invalid_files": bad,
                "commitments": commitments,
                "problems": [
                    {
                        "file": _shown(p.file),
                        "line": p.line,
                        "column": p.column,
                        "path": p.path,
                        "message": p.message,
                    }
                    for p in problems
                ],
            }
        )
    else:
        from compare.safe import inline

        out = sys.stdout
        for p in problems:
            out.write(
                inline(str(Problem(_shown(p.file), p.line, p.column, p.path, p.message))) + "\n"
            )
        if problems:
            out.write(f"{len(problems)} problem(s) in {bad} of {files} file(s)\n")
        else:
            out.write(f"ok: {files} file(s), {commitments} commitment(s), no problems\n")
    return 1 if problems else 0
