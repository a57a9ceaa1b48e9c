"""The `accord` command line. Imports neither textual nor the TUI, except to launch it."""

from __future__ import annotations

import argparse
import errno
import importlib
import os
import sys

from compare import __version__
from compare.cli.common import Fail, terminal_columns

# Each subcommand lives in its own module exposing `add(subparsers, common)` and `run(args)`.
COMMANDS = ("list", "show", "search", "diff", "matrix", "validate", "schema")


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose help formatter is told the width instead of asking shutil."""

    def _get_formatter(self):
        return self.formatter_class(prog=self.prog, width=terminal_columns() - 2)


def _common(suppress: bool) -> argparse.ArgumentParser:
    """Options every command takes, before or after the command name."""
    p = Parser(add_help=False)
    d = (lambda v: argparse.SUPPRESS) if suppress else (lambda v: v)
    p.add_argument(
        "--corpus",
        metavar="DIR",
        default=d(None),
        help="corpus folder (default: $ACCORD_CORPUS, then the shipped corpus)",
    )
    p.add_argument(
        "--strict",
        action="store_true",
        default=d(False),
        help="fail (exit 2) if any corpus file is invalid",
    )
    p.add_argument(
        "--max-file-mb",
        type=float,
        metavar="MB",
        default=d(50.0),
        help="refuse agreement files larger than this (default 50)",
    )
    p.add_argument(
        "--no-cache",
        action="store_true",
        default=d(False),
        help="parse every file again instead of reading the corpus cache",
    )
    return p


_VALUED = ("--corpus", "--max-file-mb", "--export-dir")  # options that take the next word


def _command_in(argv: list[str]) -> str | None:
    """The command named in argv: the first word that is not an option or its value. "" when
    there is none (the terminal app), None when that word is not a command."""
    skip = False
    for word in argv:
        if skip:
            skip = False
        elif word in _VALUED:
            skip = True
        elif word == "--" or not word.startswith("-"):
            return word if word in COMMANDS else None
    return ""


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser; given the argv it will parse, only the named command's part is built (importing
    every command's module costs each run about 10 ms). Help and unknown commands get them all."""
    parser = Parser(
        prog="accord",
        description="Compare international agreements: search, diff, and coverage across a corpus. "
        "With no command, opens the terminal app.",
        parents=[_common(False)],
    )
    parser.add_argument("--version", action="version", version=f"accord {__version__}")
    parser.add_argument(
        "--export-dir",
        metavar="DIR",
        help="where the terminal app saves Markdown and SVG exports (default: the current folder)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    common = _common(True)
    named = _command_in(argv) if argv is not None and not {"-h", "--help"} & set(argv) else None
    for name in COMMANDS if named is None else (named,) if named else ():
        module = _module(name)
        if module is not None:
            module.add(sub, common)
    return parser


def _module(name: str):
    try:
        return importlib.import_module(f"compare.cli.cmd_{name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"compare.cli.cmd_{name}":
            return None  # a command not built yet
        raise


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:  # started with the descriptor closed (`>&-`)
            setattr(sys, name, open(os.devnull, "w"))  # noqa: SIM115 - lives as long as we do
    try:
        parser = build_parser(argv)
        args = parser.parse_args(argv)
        if not args.command:
            return _launch_tui(args)
        status = int(args.run(args) or 0)
        sys.stdout.flush()  # a failing write must fail here, where it is handled, not at exit
        return status
    except Fail as exc:
        from compare.safe import inline

        print(f"accord: error: {inline(str(exc))}", file=sys.stderr)  # may quote user input
        return exc.status
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, without a traceback at exit.
        _discard_stdout()
        return 0
    except OSError as exc:
        from compare.safe import inline

        if exc.filename is None and exc.errno in _OUTPUT_ERRORS:
            # Output that cannot be written (a full disk): nothing left to flush at exit either.
            _discard_stdout()
            message = f"cannot write the output: {exc.strerror}"
        else:
            message = f"{exc.filename}: {exc.strerror}" if exc.filename else str(exc)
        print(f"accord: error: {inline(message)}", file=sys.stderr)
        return 2


_OUTPUT_ERRORS = {
    getattr(errno, n) for n in ("ENOSPC", "EDQUOT", "EFBIG", "EIO") if hasattr(errno, n)
}


def _discard_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _launch_tui(args) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise Fail("the terminal app needs a terminal; for scripts, see 'accord --help'")
    try:
        from compare.tui.app import run_app
    except ModuleNotFoundError as exc:
        if not (exc.name or "").startswith("compare.tui"):
            raise
        # The app is not built yet: show the corpus summary instead.
        return _module("list").run(argparse.Namespace(**{**vars(args), "format": "table"}))
    return run_app(args)
