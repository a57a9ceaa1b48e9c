"""Help: the keys of the app and of each screen, read from the bindings themselves."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

ABOUT = (
    "Accord compares international agreements. Commitment texts are summaries written for this "
    "corpus, not the agreements' own wording: cite the sources shown with each one."
)


def _keys(bindings) -> list[tuple[str, str]]:
    out = []
    for b in bindings:
        b = b if isinstance(b, Binding) else Binding(*b)
        if not b.description:
            continue
        keys = ", ".join(_key_name(k) for k in b.key.split(","))
        out.append((keys, b.description))
    return out


def _key_name(key: str) -> str:
    names = {
        "slash": "/",
        "question_mark": "?",
        "escape": "Esc",
        "enter": "Enter",
        "left_square_bracket": "[",
        "right_square_bracket": "]",
    }
    key = names.get(key, key)
    return key.replace("ctrl+", "Ctrl+").replace("shift+", "Shift+")


def key_table(sections: list[tuple[str, list]]) -> Text:
    rows = [(title, _keys(bindings)) for title, bindings in sections]
    pad = max((len(k) for _, keys in rows for k, _ in keys), default=0) + 3
    text = Text()
    for title, keys in rows:
        text.append(title + "\n", style="bold underline")
        for key, what in keys:
            text.append(f"  {key:<{pad}}", style="bold")
            text.append(what + "\n")
        text.append("\n")
    return text


class HelpScreen(ModalScreen):
    BINDINGS = [Binding("escape,q,f1,question_mark", "dismiss", "Close")]

    def __init__(self, sections: list[tuple[str, list]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(Text(ABOUT), classes="about")
            yield Static(key_table(self.sections))
            yield Static(Text("Esc closes this help.", style="dim"))


class ProblemsScreen(ModalScreen):
    """The files that failed to load, and why: the app opened with the others."""

    BINDINGS = [Binding("escape,q", "dismiss", "Close")]

    def __init__(self, problems, root=None) -> None:
        super().__init__()
        self.problems = problems
        self.root = root

    def compose(self) -> ComposeResult:
        from compare.tui.text import plain

        files = sorted({p.file for p in self.problems})
        text = Text()
        text.append(f"{len(files)} file(s) failed to load; the app opened without them.\n\n")
        for f in files:
            text.append_text(plain(self.short(f), "bold"))
            text.append("\n")
            for p in self.problems:
                if p.file == f:
                    where = f"  {p.line}:{p.column}  "
                    text.append_text(plain(where + (f"{p.path}: " if p.path else "") + p.message))
                    text.append("\n")
        text.append("\nRun `accord validate` for the same list on the command line.", style="dim")
        with VerticalScroll(id="help-box"):
            yield Static(text)

    def short(self, file: str) -> str:
        """A path relative to the corpus when it is inside it."""
        try:
            return str(Path(file).resolve().relative_to(Path(self.root).resolve()))
        except (TypeError, ValueError):
            return file
