"""Terminal safety: escape sequences, control characters, bidi overrides and Rich/Textual markup in
any field show literally in every command and format, on a terminal or piped; never styled, never
executed, never a crash."""

from __future__ import annotations

import csv
import io
import json

import pytest
from fixtures.hostile import (
    NASTY,
    assert_inert,
    nasty_agreement,
    q,
    run_pty,
    terminal_text,
    valid,
    write_corpus,
)

from compare.safe import block, inline, json_safe, width

NASTY_IDS = [f"nasty-{k}" for k in NASTY]
# The loader refuses a URL with controls or spaces (tests/test_cli_diff.py), so this one is
# printable: markup, a Markdown link and HTML that must all stay inert.
URL = "https://example.org/[link=https://evil.example]x[/link][@click=app.quit]q[/])[l](https://evil.example/)<script>"
BAD_NAME = "bad-\x1b]52;c;aGk=\x07\x1b[31m\u202e.yaml"

# What must show, literally, for each nasty string (as a person would read it on screen).
LITERAL = {
    "csi": "\\x1b[38;5;196mALERT",
    "osc8": "\\x1b]8;;https://evil.example/\\x1b\\here",
    "osc52": "\\x1b]52;c;cm0gLXJmIH4K\\x07",
    "title-set": "\\x1b]0;owned\\x07",
    "c0": "bell\\x07 back\\x08 cr\\x0d",
    "c1": "nel\\x85 csi8\\x9b31m",
    "bidi": "\\u202egnp.exe\\u202c",
    "markup": "[bold]bold[/bold] [link=https://x]link[/link] [@click=app.quit]quit[/] [b unclosed",
    "rich-emoji": ":smile: :warning: [red]x[/red] [/]",
    "textual-vars": "$accent $text [$primary]p[/] {{x}} %s %(x)s",
    "markdown": "# h *em* _u_ `code` <script>alert(1)</script> [l](https://x)",
    "csv": '=HYPERLINK("https://x","y"),"q"\\x09tab',
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    files = {"a.yaml": valid(), BAD_NAME: b"id: [\x1b[31m\n".replace(b"\x1b", b"\\e")}
    for key, text in NASTY.items():
        files[f"n-{key}.yaml"] = nasty_agreement("smuggling " + text, id=f"nasty-{key}")
    url = nasty_agreement("smuggling plain", id="nasty-url")
    url = url.replace("url: https://example.org/src", f"url: {q(URL)}")
    url = url.replace("    ref: ", f"    url: {q(URL)}\n    ref: ")
    files["n-url.yaml"] = url
    return str(write_corpus(tmp_path_factory.mktemp("nasty"), files))


def commands() -> list[tuple[str, list[list[str]], list[str]]]:
    """(name, argument lists, formats)."""
    shows = [["show", i] for i in [*NASTY_IDS, "nasty-url"]]
    diffs = [["diff", i, "plan-a"] for i in NASTY_IDS]  # nasty-url: its own test below
    return [
        ("list", [["list"]], ["table", "json", "tsv", "markdown"]),
        ("show", shows, ["text", "json", "markdown"]),
        (
            "search",
            [["search", "smuggling", "-n", "0"]],
            ["table", "json", "jsonl", "tsv", "markdown"],
        ),
        ("diff", diffs, ["text", "side-by-side", "json", "markdown"]),
        (
            "matrix",
            [["matrix", "--by", b] for b in ("theme", "country")],
            ["table", "csv", "json", "markdown"],
        ),
        ("validate", [["validate"]], ["text", "json"]),
    ]


CASES = [(name, argvs, fmt) for name, argvs, fmts in commands() for fmt in fmts]


def _md_html(text: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table").enable("strikethrough").render(text)


def _check_markdown(out: str) -> None:
    html = _md_html(out)
    for forbidden in (
        "<script",
        'href="https://evil',
        'href="https://x"',
        "<img",
        "<em>em</em>",
        "<code>code</code>",
        "<h1>h ",
        "<em>u</em>",
    ):
        assert forbidden not in html, forbidden


def _check_machine(fmt: str, out: str) -> None:
    if fmt == "json":
        assert json.loads(out)["schema_version"] == 1
    elif fmt == "jsonl":
        for line in out.splitlines():
            json.loads(line)
    elif fmt in ("tsv", "csv"):
        rows = list(csv.reader(io.StringIO(out), delimiter="\t" if fmt == "tsv" else ","))
        assert len({len(r) for r in rows}) == 1, "a cell broke its row"
    elif fmt == "markdown":
        _check_markdown(out)


@pytest.mark.parametrize("colour", [False, True], ids=["piped", "forced-colour"])
@pytest.mark.parametrize("name,argvs,fmt", CASES, ids=[f"{c[0]}-{c[2]}" for c in CASES])
def test_every_command_and_format_shows_user_text_literally(
    corpus, accord, monkeypatch, name, argvs, fmt, colour
):
    monkeypatch.setenv("COLUMNS", "2000")  # no wrapping: literal strings stay on one line
    if colour:
        monkeypatch.setattr("compare.render.out.wants_color", lambda stream: True)
    seen = []
    for argv in argvs:
        status, out, err = accord("--corpus", corpus, *argv, "--format", fmt)
        assert status in (0, 1), err
        assert_inert(out, styled=colour)
        assert_inert(err)
        assert err.count("\n") <= 1  # the one warning about the bad file, if any
        if name != "validate":
            assert "bad-\\x1b]52;c;aGk=\\x07\\x1b[31m\\u202e.yaml" in err
        _check_machine(fmt, out)
        seen.append(terminal_text(out.encode()) if colour else out)
    shown = "\n".join(seen)
    if name == "validate":
        assert "bad-\\x1b]52;c;aGk=\\x07\\x1b[31m\\u202e.yaml" in shown or "bad-\\u001b" in shown
        return
    if fmt in ("json", "jsonl"):
        return  # faithful, not shown: checked exactly below
    if fmt == "markdown" and name != "matrix":
        text = _md_html(shown)
        assert "[bold]bold[/bold]" in text and "[@click=app.quit]quit[/]" in text
        return
    for key, literal in LITERAL.items():
        if name == "matrix" or (name == "list" and fmt != "table" and key == "csv"):
            break  # the matrix shows ids and counts only
        assert literal in shown, (key, literal)


@pytest.mark.parametrize("fmt", ["text", "side-by-side", "markdown", "json"])
def test_diff_shows_a_hostile_url_inertly(corpus, accord, fmt):
    status, out, err = accord("--corpus", corpus, "diff", "nasty-url", "plan-a", "-f", fmt)
    assert status == 1
    assert_inert(out)
    if fmt == "markdown":
        _check_markdown(out)


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_show_shows_a_hostile_url_inertly(corpus, accord, fmt):
    status, out, err = accord("--corpus", corpus, "show", "nasty-url", "-f", fmt)
    assert status == 0
    assert_inert(out)


def test_show_json_is_faithful_in_every_field(corpus, accord):
    for key, text in NASTY.items():
        status, out, _ = accord("--corpus", corpus, "show", f"nasty-{key}", "-f", "json")
        a = json.loads(out)["agreement"]
        want = "smuggling " + text
        c, s, st, f = a["commitments"][0], a["sources"][0], a["statements"][0], a["figures"][0]
        fields = {
            "title": a["title"],
            "short_title": a["short_title"],
            "status": a["status"],
            "place": a["place"],
            "summary": a["summary"],
            "notes": a["notes"],
            "source.title": s["title"],
            "source.publisher": s["publisher"],
            "source.kind": s["kind"],
            "commitment.text": c["text"],
            "commitment.ref": c["ref"],
            "funding.note": c["funding"]["note"],
            "statement.speaker": st["speaker"],
            "statement.role": st["role"],
            "statement.gist": st["gist"],
            "figure.description": f["description"],
            "figure.unit": f["unit"],
            "figure.period": f["period"],
        }
        for field, value in fields.items():
            assert value == want, (key, field)
        assert_inert(out)


def test_show_text_shows_every_field(corpus, accord, monkeypatch):
    monkeypatch.setenv("COLUMNS", "2000")
    status, out, _ = accord("--corpus", corpus, "show", "nasty-csi")
    literal = inline("smuggling " + NASTY["csi"])
    # title, short title?, status, place, summary, commitment text, ref, funding note, speaker,
    # role, gist, figure description, unit, source title, publisher, notes
    assert out.count(literal) >= 12, out


# -- on a real terminal (a pseudo-terminal), at 100 and 40 columns ------------------------------


PTY_COMMANDS = [
    ["list"],
    ["show", "nasty-csi"],
    ["show", "nasty-markup"],
    ["show", "nasty-bidi"],
    ["show", "nasty-osc52"],
    ["show", "nasty-url"],
    ["search", "smuggling"],
    ["search", "ALERT"],
    ["diff", "nasty-c1", "plan-a"],
    ["diff", "nasty-markup", "plan-a", "-f", "side-by-side"],
    ["matrix"],
    ["validate"],
]


@pytest.mark.parametrize("columns", [100, 40])
@pytest.mark.parametrize("argv", PTY_COMMANDS, ids=lambda a: "-".join(a))
def test_on_a_terminal_only_styling_escapes_reach_it(corpus, argv, columns):
    status, raw, err = run_pty("--corpus", corpus, *argv, columns=columns)
    assert status in (0, 1), err
    assert_inert(raw, styled=True)
    assert_inert(err)
    assert b"Traceback" not in err
    assert b"\x1b]" not in raw  # no OSC at all: no hyperlinks, clipboard, titles
    shown = terminal_text(raw)
    if argv[0] != "validate":  # problem lines stay whole, for grep; the terminal wraps them
        assert all(width(line) <= columns for line in shown.splitlines()), shown
    if argv[:2] == ["show", "nasty-markup"]:
        assert (
            "[@click=app.quit]quit[/]" in shown.replace("\n", " ") or "[@click=app.quit]" in shown
        )


@pytest.mark.parametrize(
    "env",
    [{"NO_COLOR": "1", "TERM": "xterm-256color"}, {"TERM": "dumb"}],
    ids=["NO_COLOR", "TERM=dumb"],
)
def test_no_color_and_dumb_terminal_get_no_escapes_at_all(corpus, env):
    from fixtures.hostile import clean_env

    for argv in (["list"], ["show", "nasty-csi"], ["search", "smuggling"], ["matrix"]):
        status, raw, err = run_pty("--corpus", corpus, *argv, env=clean_env(**env))
        assert status == 0, err
        assert b"\x1b" not in raw, argv
        assert_inert(raw)


# -- the safe module itself ----------------------------------------------------------------------

DANGEROUS = [chr(c) for c in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]] + list(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


@pytest.mark.parametrize("ch", DANGEROUS, ids=lambda c: f"U+{ord(c):04X}")
def test_safe_escapes_every_dangerous_character(ch):
    assert ch not in inline(f"a{ch}b")
    if ch not in "\n\t":
        assert ch not in block(f"a{ch}b")
    encoded = json_safe(json.dumps(f"a{ch}b", ensure_ascii=False))
    assert ch not in encoded and json.loads(encoded) == f"a{ch}b"


def test_safe_leaves_ordinary_text_alone():
    for s in ("plain", "اتفاق بشأن تهريب المهاجرين", "Hiệp định", "移民の密入国", "Ελλάδα", "🇬🇧"):
        assert inline(s) == s and block(s) == s


# -- the terminal app ------------------------------------------------------------------------------

RAW_SEQUENCES = ("\x1b[38;5;196m", "\x1b]52;", "\x1b]8;;https://evil", "\x1b]0;owned", "\x9b31m")


def _app(root: str):
    from compare.load import load_corpus
    from compare.tui.app import AccordApp

    app = AccordApp(load_corpus(root, strict=False), cursor_blink=False)
    app.animation_level = "none"
    return app


def _screen_text(app) -> str:
    import html
    import re

    svg = app.export_screenshot()
    for seq in RAW_SEQUENCES:
        assert seq not in svg
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


async def _visit_every_screen(app, pilot) -> list[str]:
    seen = []
    for aid in [*NASTY_IDS, "nasty-url"]:
        await app.open_agreement(aid)
        await pilot.pause()
        seen.append(_screen_text(app))
    for query in ("smuggling", "ALERT", "[bold]", "\x1b[31m", "app.quit"):
        await app.search(query)
        await pilot.pause(0.3)
        seen.append(_screen_text(app))
    for aid in NASTY_IDS:
        await app.compare(aid, "plan-a")
        await pilot.pause()
        seen.append(_screen_text(app))
    for by in ("theme", "country", "agency"):
        await app.matrix(by)
        await pilot.pause()
        seen.append(_screen_text(app))
    app.action_problems()
    await pilot.pause()
    seen.append(_screen_text(app))
    app.action_help()
    await pilot.pause()
    seen.append(_screen_text(app))
    return seen


@pytest.mark.parametrize("size", [(120, 40), (40, 20)], ids=["120x40", "40x20"])
def test_the_app_shows_hostile_text_literally_on_every_screen(corpus, size):
    import asyncio

    pytest.importorskip("compare.tui.app")

    async def go():
        app = _app(corpus)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            seen = await _visit_every_screen(app, pilot)
            assert app.is_running  # [@click=app.quit] in the data did not quit it
        return app, seen

    app, seen = asyncio.run(go())
    assert app.return_code in (None, 0)
    everything = "\n".join(seen)
    if size[0] >= 120:
        assert "[@click=app.quit]" in everything and "[bold]bold[/bold]" in everything
        assert "\\x1b" in everything


def test_the_app_warning_names_bad_files_escaped(corpus):
    import asyncio

    pytest.importorskip("compare.tui.app")

    async def go():
        app = _app(corpus)
        notes = []
        original = app.notify

        def record(message, **kw):
            notes.append(str(message))
            return original(message, **kw)

        app.notify = record
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
        return notes

    warning = [n for n in asyncio.run(go()) if "failed to load" in n]
    assert warning and "bad-" in warning[0]
    assert_inert(warning[0])


def test_the_app_on_a_real_terminal_never_passes_user_escapes_through(corpus):
    """Run the app on a pseudo-terminal, visit screens, quit: the bytes the terminal got carry
    Textual's own sequences, never one from the data."""
    pytest.importorskip("compare.tui.app")
    status, raw, err = run_pty(
        "--corpus",
        corpus,
        columns=120,
        rows=40,
        timeout=40,
        keys=[(3.0, b"2"), (1.0, b"smuggling"), (2.0, b"\x1b"), (0.5, b"4"), (1.0, b"\x11")],
        tty_stderr=True,
    )
    assert status == 0 and len(raw) > 10_000, raw[-2000:]  # it drew screens, then quit
    for seq in RAW_SEQUENCES:
        assert seq.encode() not in raw, seq
    assert b"Traceback" not in raw
