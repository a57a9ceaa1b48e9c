"""What every command shares: loading the corpus, naming agreements, failing cleanly."""

from __future__ import annotations

import os
import sys

STATUS_OK, STATUS_NEGATIVE, STATUS_ERROR = 0, 1, 2


class Fail(Exception):
    """A clean, one-line failure with an exit status (2 unless told otherwise)."""

    def __init__(self, message: str, status: int = STATUS_ERROR):
        super().__init__(message)
        self.status = status


def terminal_columns() -> int:
    """shutil.get_terminal_size().columns, without importing shutil (4 ms of a command's start):
    $COLUMNS when positive, else the terminal's width, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


def load(args):
    """The active corpus, keeping the valid agreements and warning once about the rest."""
    from compare.load import load_corpus
    from compare.model import CorpusError

    try:
        with LoadProgress() as progress:
            corpus = load_corpus(
                getattr(args, "corpus", None),
                strict=False,
                max_bytes=int(getattr(args, "max_file_mb", 50.0) * 1024 * 1024),
                use_cache=not getattr(args, "no_cache", False),
                progress=progress,
            )
    except (FileNotFoundError, NotADirectoryError, PermissionError) as exc:
        raise Fail(str(exc)) from None
    except CorpusError as exc:
        raise Fail(str(exc)) from None
    except ValueError as exc:
        raise Fail(str(exc)) from None
    if corpus.problems:
        files = sorted({p.file for p in corpus.problems})
        shown = ", ".join(files[:5]) + (f" and {len(files) - 5} more" if len(files) > 5 else "")
        msg = f"{len(files)} agreement file(s) failed to load and were skipped: {shown} (run 'accord validate' for details)"
        if getattr(args, "strict", False):
            raise Fail(msg)
        from compare.safe import inline

        print(f"accord: warning: {inline(msg)}", file=sys.stderr)  # file names are data too
    return corpus


class LoadProgress:
    """A progress bar on stderr for loads that take over a second, only when stderr is a terminal.
    rich is imported only once a bar is due."""

    DELAY = 1.0

    def __init__(self) -> None:
        import time

        self._clock = time.monotonic
        self._start = self._clock()
        self._bar = None
        self._task = None
        try:
            self._tty = sys.stderr is not None and sys.stderr.isatty()
        except (AttributeError, ValueError, OSError):  # stderr closed or replaced
            self._tty = False

    def __enter__(self):
        return self

    def __call__(self, done: int, total: int) -> None:
        if not self._tty:
            return
        if self._bar is None:
            if self._clock() - self._start < self.DELAY or done >= total:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self._bar = Progress(
                TextColumn("loading agreements"),
                BarColumn(),
                MofNCompleteColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._task = self._bar.add_task("load", total=total, completed=done)
            self._bar.start()
        self._bar.update(self._task, completed=done)

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.stop()


def agreement(corpus, name: str):
    """Exact id or unique prefix silently; a fuzzy title with a notice on stderr."""
    from compare.names import AmbiguousName, resolve_with_reason

    try:
        found = resolve_with_reason(corpus, name)
    except AmbiguousName as exc:
        raise Fail(str(exc)) from None
    if found.how == "title":
        print(f"accord: note: {name!r} taken to mean {found.agreement.id}", file=sys.stderr)
    return found.agreement


def add_format(parser, choices, default):
    parser.add_argument(
        "--format",
        "-f",
        choices=choices,
        default=default,
        help=f"output format (default: {default})",
    )
