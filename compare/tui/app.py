"""The Textual app: `accord` with no command opens it on the active corpus."""

from __future__ import annotations

import importlib
import os
import sys
import threading
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding

from compare.safe import inline
from compare.tui import textual_fixes
from compare.tui.files import ExportError, slug, write_new

SCREEN_CLASSES = {
    "library": ("compare.tui.screens.library", "LibraryScreen"),
    "search": ("compare.tui.screens.search", "SearchScreen"),
    "compare": ("compare.tui.screens.compare", "CompareScreen"),
    "matrix": ("compare.tui.screens.matrix", "MatrixScreen"),
}


def screen_class(mode: str):
    module, name = SCREEN_CLASSES[mode]
    return getattr(importlib.import_module(module), name)


def _lazy(mode: str):
    # Screens are built the first time they are shown: the first screen pays only for its own.
    return lambda: screen_class(mode)()


def _palette():
    from compare.tui.palette import AccordCommands

    return AccordCommands


def _terminal_alive() -> bool:
    """Whether our terminal is still there: after a hang-up its attributes cannot be read."""
    try:
        import termios

        termios.tcgetattr(sys.__stdin__.fileno())
        return True
    except (ImportError, AttributeError, ValueError, OSError):
        return False


textual_fixes.install()  # frames drawn on time after a pause (see the module)


class AccordApp(App):
    # Every screen's styles, read once at start: a screen with its own CSS_PATH makes Textual
    # re-parse the whole stylesheet twice when it is first shown. Absolute: subclasses live elsewhere.
    CSS_PATH = [
        Path(__file__).with_name("app.tcss"),
        *(
            Path(__file__).parent / "screens" / f"{mode}.tcss"
            for mode in ("library", "search", "compare", "matrix")
        ),
    ]
    TITLE = "Accord"
    MODES = {mode: _lazy(mode) for mode in SCREEN_CLASSES}
    DEFAULT_MODE = "library"
    COMMANDS = App.COMMANDS | {_palette}
    BINDINGS = [
        Binding("1,f2", "switch_to('library')", "Library", show=False),
        Binding("2,f3", "switch_to('search')", "Search", show=False),
        Binding("3,f4", "switch_to('compare')", "Compare", show=False),
        Binding("4,f5", "switch_to('matrix')", "Matrix", show=False),
        Binding("f1,question_mark", "help", "Help"),
        Binding("ctrl+s", "export_markdown", "Save .md", show=False),
        Binding("ctrl+g", "export_svg", "Save .svg", show=False),
        Binding("ctrl+t", "change_theme", "Colour theme", show=False),
        Binding("q", "quit", "Quit", show=False),
    ]

    def __init__(
        self,
        corpus,
        *,
        export_dir: str | os.PathLike | None = None,
        cursor_blink: bool = True,
        show_timings: bool = True,
    ):
        super().__init__()
        self.corpus = corpus
        self.export_dir = Path(export_dir) if export_dir else None
        self.cursor_blink = cursor_blink
        self.show_timings = show_timings  # snapshots turn them off: they differ run to run
        self.index_ready = threading.Event()  # set once the background build is done
        self.index_started = False
        self._css_variables = self.get_css_variables()  # those the stylesheet was made with

    def run(self, *args, **kwargs):
        # Everything made so far (the modules of Textual, Rich and asyncio, the corpus) lasts as
        # long as the app: out of the collector's sight, no full pass walks it again while typing,
        # and the last pass as the app exits (30 ms) skips it. Tests (run_test) do not come here.
        import gc

        gc.freeze()
        return super().run(*args, **kwargs)

    def refresh_css(self, animate: bool = True) -> None:
        # Textual calls this when each mode's screen is first shown, and parses every stylesheet
        # again even when the colour variables are those they were parsed with: a full parse at
        # start (10-15 ms) and on each screen's first visit. Skip that parse when they are.
        variables = self.get_css_variables()
        if variables != self._css_variables:
            self._css_variables = variables
            super().refresh_css(animate)
            return
        stylesheet = self.stylesheet
        stylesheet.reparse = stylesheet.set_variables = lambda *_: None  # for this call only
        try:
            super().refresh_css(animate)
        finally:
            del stylesheet.reparse, stylesheet.set_variables

    def on_ready(self) -> None:
        # Build the search index once the first screen is up, so the first keystroke is fast.
        self.index_started = True
        self.run_worker(self._build_index, thread=True, group="index", exit_on_error=False)
        if not self.is_headless and _terminal_alive():
            self.set_interval(1.0, self._check_terminal, name="terminal watch")

    def _check_terminal(self) -> None:
        # A terminal closed under us without a SIGHUP (as when `make run` is the session leader)
        # leaves Textual's input thread reading end-of-file in a busy loop: leave instead.
        if not _terminal_alive():
            self.exit(return_code=129)

    def _build_index(self) -> None:
        try:
            from compare.search import index

            index(self.corpus)
        finally:
            self.index_ready.set()

    def on_mount(self) -> None:
        if self.corpus.problems:
            files = sorted({p.file for p in self.corpus.problems})
            names = ", ".join(inline(Path(f).name) for f in files[:3])
            names += " …" if len(files) > 3 else ""  # names are user data: controls shown escaped
            self.notify(
                f"{len(files)} file(s) failed to load and were skipped: {names}. "
                "Click ⚠ in the top bar to see why.",
                title="Some agreements were not loaded",
                severity="warning",
                timeout=8,
                markup=False,
            )

    # -- moving between screens ---------------------------------------------------------------

    async def action_switch_to(self, mode: str) -> None:
        await self.goto(mode)

    async def goto(self, mode: str):
        if self.current_mode != mode:
            await self.switch_mode(mode)
        return self.screen

    async def open_agreement(self, aid: str, cid: str | None = None) -> None:
        screen = await self.goto("library")
        screen.select(aid, cid)

    async def compare(self, a: str | None, b: str | None, focus: str | None = None) -> None:
        """Compare a with b; with b unknown the screen asks for it. focus: a commitment of a."""
        screen = await self.goto("compare")
        screen.set_pair(a, b, focus)

    async def search(self, query: str, **facets: str | None) -> None:
        screen = await self.goto("search")
        screen.set_query(query, **facets)

    async def search_facet(self, facet: str, value: str) -> None:
        await self.search("", **{facet: value})

    async def matrix(self, by: str) -> None:
        screen = await self.goto("matrix")
        screen.set_by(by)

    def action_help(self) -> None:
        from compare.tui.screens.help import HelpScreen

        sections = [("Everywhere", [*self.BINDINGS, ("ctrl+p", "palette", "Command palette")])]
        for mode in SCREEN_CLASSES:
            try:
                cls = screen_class(mode)
            except ImportError:  # an engine part not built yet
                continue
            sections.append((mode.capitalize(), cls.BINDINGS))
        self.push_screen(HelpScreen(sections))

    def action_problems(self) -> None:
        from compare.tui.screens.help import ProblemsScreen

        if self.corpus.problems:
            self.push_screen(ProblemsScreen(self.corpus.problems, self.corpus.root))

    # -- exports ------------------------------------------------------------------------------

    def _export(self, stem: str, suffix: str, data: str) -> None:
        folder = self.export_dir or Path.cwd()
        root = Path(self.corpus.root) if self.corpus.root else None
        try:
            path = write_new(folder, slug(stem), suffix, data, root)
        except ExportError as exc:
            self.notify(str(exc), title="Not saved", severity="error", markup=False)
            return
        self.notify(str(path), title="Saved", markup=False, timeout=6)

    def action_export_markdown(self) -> None:
        view = getattr(self.screen, "markdown", lambda: None)()
        if view is None:
            self.notify("Nothing to export on this screen.", severity="warning", markup=False)
            return
        self._export(view[0], ".md", view[1])

    def action_export_svg(self) -> None:
        self._export(f"accord-{self.current_mode}", ".svg", self.export_screenshot())

    def get_system_commands(self, screen):
        for command in super().get_system_commands(screen):
            if command.title != "Screenshot":  # ours never overwrites a file
                yield command
        yield SystemCommand("Help", "The keys of every screen", self.action_help)
        yield SystemCommand(
            "Save view as Markdown", "Export what this screen shows", self.action_export_markdown
        )
        yield SystemCommand("Save screen as SVG", "A picture of the screen", self.action_export_svg)
        if self.corpus.problems:
            yield SystemCommand(
                "Load problems", "Files that failed to load, and why", self.action_problems
            )


def load(args):
    """The corpus, keeping valid agreements when some files are invalid (the app names them)."""
    from compare.cli.common import Fail, LoadProgress
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
    except (OSError, CorpusError, ValueError) as exc:
        raise Fail(str(exc)) from None
    if corpus.problems and getattr(args, "strict", False):
        from compare.safe import inline

        files = sorted({p.file for p in corpus.problems})
        raise Fail(inline(f"{len(files)} agreement file(s) failed to load: {', '.join(files[:5])}"))
    return corpus


def build_app(args) -> AccordApp:
    corpus = load(args)
    export_dir = getattr(args, "export_dir", None) or os.environ.get("ACCORD_EXPORT_DIR")
    return AccordApp(corpus, export_dir=export_dir)


def run_app(args) -> int:
    app = build_app(args)
    app.run()
    if app.return_code and app.return_code != 0:
        print(f"accord: the app stopped with status {app.return_code}", file=sys.stderr)
    return app.return_code or 0
