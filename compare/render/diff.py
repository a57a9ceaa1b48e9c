"""A diff of two agreements for reading: terminal text and Markdown (side by side: sidebyside.py).

Every commitment shown cites its source; texts are Accord's summaries, and say so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from compare.model import Agreement, Commitment, Corpus
from compare.render.machine import md_escape
from compare.render.out import Writer

if TYPE_CHECKING:  # only for annotations: the command line parses its options without the engine
    from compare.diff import AgreementDiff, Pair, SetDiff

ONLY = ("added", "removed", "changed", "shared")
SUMMARY_NOTE = (
    "Commitment texts are Accord's summaries, not the agreements' wording: cite the sources."
)
MARK = {"same": "=", "changed": "~", "only_a": "-", "only_b": "+"}
STYLE = {"same": "dim", "changed": "yellow", "only_a": "red", "only_b": "green"}


# -- what to show ---------------------------------------------------------------------------


def kind(item) -> str:
    """same | changed | only_a | only_b"""
    side, thing = item
    if side == "pair":
        return "same" if thing.same else "changed"
    return side


def wanted(item, only: str | None) -> bool:
    k = kind(item)
    return (
        only is None
        or (only == "added" and k == "only_b")
        or (only == "removed" and k == "only_a")
        or (only == "changed" and k == "changed")
        or (only == "shared" and k in ("same", "changed"))
    )


def grouped(d: AgreementDiff, corpus: Corpus | None, only: str | None = None):
    """[(theme id, [item, ...]), ...] in taxonomy order; an item is ("pair", Pair),
    ("only_a", Commitment) or ("only_b", Commitment). A pair files under A's first theme."""
    order = {tid: i for i, tid in enumerate(corpus.taxonomy.order())} if corpus else {}
    items = [("pair", p) for p in d.matched]
    items += [("only_a", c) for c in d.only_a] + [("only_b", c) for c in d.only_b]
    groups: dict[str, list] = {}
    for item in items:
        if wanted(item, only):
            c = item[1].a if item[0] == "pair" else item[1]
            groups.setdefault(c.theme or "", []).append(item)
    return sorted(groups.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))


# -- pieces shared by every format ----------------------------------------------------------


def cite(a: Agreement, c: Commitment) -> str:
    """Where a commitment comes from: the source's id (listed in full under Sources) and the
    pinpoint reference."""
    return f"[{c.source}] {c.ref}" if c.ref else f"[{c.source}]"


def full_citation(s) -> str:
    parts = [s.title] + [x for x in (s.publisher, str(s.date) if s.date else None) if x]
    return ", ".join(parts) + (f". {s.url}" if s.url else "")


def cited_sources(d: AgreementDiff, only: str | None = None):
    """[(side, Source), ...]: the sources the shown commitments cite, each once, A's first."""
    used: dict[tuple[str, str], None] = {}
    for _tid, items in grouped(d, None, only):
        for side, thing in items:
            if side in ("pair", "only_a"):
                used[("A", (thing.a if side == "pair" else thing).source)] = None
            if side in ("pair", "only_b"):
                used[("B", (thing.b if side == "pair" else thing).source)] = None
    out = []
    for side, a in (("A", d.a), ("B", d.b)):
        out += [(side, s) for s in a.sources if (side, s.id) in used]
    return out


def link(a: Agreement, c: Commitment) -> str | None:
    s = a.source(c.source)
    return c.url or (s.url if s else None)


def summary_line(d: AgreementDiff) -> str:
    s = d.summary
    parts = [
        f"{s['matched']} shared ({s['same']} unchanged, {s['changed']} changed)",
        f"{s['only_a']} only in A",
        f"{s['only_b']} only in B",
    ]
    if s["stronger_a"] or s["stronger_b"]:
        parts.append(f"stronger wording: A in {s['stronger_a']}, B in {s['stronger_b']}")
    return " · ".join(parts)


def _list(ids, name) -> str:
    return ", ".join(name(x) for x in ids)


def set_lines(sd: SetDiff, name, a_items=()) -> list[tuple[str, str]]:
    """(label, names) rows for a SetDiff; empty rows left out. a_items: side A's whole list, to
    tell which side leaves a not-stated item out."""
    rows = []
    if sd.both:
        rows.append(("in both", _list(sd.both, name)))
    if sd.only_a:
        rows.append(("only in A", _list(sd.only_a, name)))
    if sd.only_b:
        rows.append(("only in B", _list(sd.only_b, name)))
    in_a = set(a_items)
    missing_b = [x for x in sd.not_stated if x in in_a]
    missing_a = [x for x in sd.not_stated if x not in in_a]
    if missing_b:
        rows.append(("in A, not stated by B", _list(missing_b, name)))
    if missing_a:
        rows.append(("in B, not stated by A", _list(missing_a, name)))
    return rows


def _change(label: str, sd: SetDiff, a_items, name) -> str | None:
    rows = [r for r in set_lines(sd, name, a_items) if r[0] != "in both"]
    if not rows:
        return None
    return " · ".join(f"{label} {k}: {v}" for k, v in rows)


def pair_notes(p: Pair, corpus: Corpus) -> list[str]:
    """What differs besides the words: + in B only, − in A only, ? not stated."""
    label, name = corpus.taxonomy.label, corpus.registry.name
    notes = [
        _change("themes", p.themes, p.a.themes, label),
        # Actors left out default to the parties, whose differences the heading already shows.
        _change("actors", p.actors, p.a.actors, str)
        if p.a.actors_stated or p.b.actors_stated
        else None,
        _change("where", p.where, p.a.where, lambda x: x),
        _change("agencies", p.agencies, p.a.agencies, name),
    ]
    if p.a.themes != p.b.themes and not (p.themes.only_a or p.themes.only_b):
        notes.append("themes reordered")
    if p.funding_changed:
        fa = str(p.a.funding) if p.a.funding else "none"
        fb = str(p.b.funding) if p.b.funding else "none"
        notes.append(f"funding {fa} → {fb}")
    notes.append(strength_note(p))
    return [n for n in notes if n]


def strength_note(p: Pair) -> str | None:
    def show(s, inferred):
        return (s or "unknown") + (" (inferred)" if inferred and s else "")

    sa = show(p.strength_a, p.strength_inferred[0])
    sb = show(p.strength_b, p.strength_inferred[1])
    if p.strength_a == p.strength_b:
        return None
    who = {"a": " (A stronger)", "b": " (B stronger)"}.get(p.stronger or "", "")
    return f"strength: A {sa}, B {sb}{who}"


def mostly_same(p: Pair) -> bool:
    """Worth an inline word diff: at least half the words are kept."""
    kept = sum(len(t.split()) for tag, t in p.words if tag == "equal")
    total = max(len(p.a.text.split()), len(p.b.text.split()), 1)
    return kept * 2 >= total


# -- terminal text --------------------------------------------------------------------------


def write_text(d: AgreementDiff, corpus: Corpus, w: Writer, only: str | None = None) -> None:
    _heading(d, w)
    w.blank()
    for title, sd, name, a_items in (
        ("Parties", d.parties, lambda x: f"{x} {corpus.registry.name(x)}", d.a.parties),
        ("Agencies", d.agencies, corpus.registry.name, d.a.agencies),
        ("Themes", d.themes, corpus.taxonomy.label, d.a.themes),
    ):
        rows = set_lines(sd, name, a_items)
        if not rows:
            continue
        w.line((title, "bold"))
        width = max(len(r[0]) for r in rows)
        for label, names in rows:
            style = {"only in A": "red", "only in B": "green"}.get(label, "")
            w.line("  ", (label.ljust(width), style or "dim"), "  ", names)
    w.blank()
    w.line(("Commitments", "bold"), "  ", (SUMMARY_NOTE, "dim"))
    groups = grouped(d, corpus, only)
    if not groups:
        w.line(("  nothing to show", "dim"))
    for tid, items in groups:
        w.blank()
        w.line("  ", (corpus.taxonomy.label(tid) if tid else "No theme", "bold magenta"))
        for item in items:
            _item(d, corpus, w, item)
    sources = cited_sources(d, only)
    if sources:
        w.blank()
        w.line(("Sources", "bold"))
        for side, src in sources:
            w.line(f"  {side} [", (src.id, "cyan"), "] ", full_citation(src))


def _heading(d: AgreementDiff, w: Writer) -> None:
    for side, a in (("A", d.a), ("B", d.b)):
        facts = [a.kind] + ([str(a.date)] if a.date else [])
        w.line(
            (f"{side}  ", "bold"), (a.id, "cyan"), "  ", a.title, ("  " + " · ".join(facts), "dim")
        )
    w.line(("Summary  ", "bold"), summary_line(d))


def _item(d: AgreementDiff, corpus: Corpus, w: Writer, item) -> None:
    k = kind(item)
    mark, style = MARK[k], STYLE[k]
    if item[0] != "pair":
        c = item[1]
        a = d.a if k == "only_a" else d.b
        label = "only in A" if k == "only_a" else "only in B"
        w.line("    ", (f"{mark} {label}", style), "  ", (c.id, "cyan"))
        w.line("      ", c.text)
        w.line("      ", (f"{'A' if k == 'only_a' else 'B'}: {cite(a, c)}", "dim"))
        return
    p: Pair = item[1]
    title = "unchanged" if p.same else "changed"
    ids = p.a.id if p.a.id == p.b.id else f"{p.a.id} ↔ {p.b.id}"
    w.line(
        "    ",
        (f"{mark} {title}", style),
        "  ",
        (ids, "cyan"),
        (f"  similarity {p.similarity:.2f}", "dim"),
    )
    if p.same or not mostly_same(p):
        w.line("      ", ("A ", "bold"), p.a.text)
        if not p.same:
            w.line("      ", ("B ", "bold"), p.b.text)
    else:
        w.line("      ", *word_parts(p, w.color))
    notes = pair_notes(p, corpus)
    if notes:
        w.line("      ", (" · ".join(notes), "yellow"))
    cites = f"A: {cite(d.a, p.a)}"
    cites += f" · B: {cite(d.b, p.b)}"
    w.line("      ", (cites, "dim"))


def word_parts(p: Pair, color: bool, which: str = "both") -> list[tuple[str, str]]:
    """The word diff as styled parts: colour on a terminal, [-removed-] {+added+} otherwise.
    which: "both" (inline), "a" (removed words only) or "b" (added words only)."""
    out = []
    for tag, text in p.words:
        if tag == "equal":
            out.append((text, ""))
            continue
        if which != "both" and tag != ("delete" if which == "a" else "insert"):
            continue
        lead = " " if text.startswith(" ") else ""
        body = text[len(lead) :]
        if color:
            out.append((lead, ""))
            out.append((body, "red strike" if tag == "delete" else "green underline"))
        else:
            out.append((f"{lead}[-{body}-]" if tag == "delete" else f"{lead}{{+{body}+}}", ""))
    return out


# -- Markdown -------------------------------------------------------------------------------


def markdown(d: AgreementDiff, corpus: Corpus, only: str | None = None) -> str:
    e, name, label = md_escape, corpus.registry.name, corpus.taxonomy.label
    out = [f"# {e(d.a.title)} and {e(d.b.title)}", ""]
    out += ["| | A | B |", "|---|---|---|"]
    for field, get in (
        ("Agreement", lambda a: f"`{a.id}`"),
        ("Kind", lambda a: e(a.kind)),
        ("Legal nature", lambda a: e(a.legal_nature)),
        ("Date", lambda a: e(a.date) if a.date else "not stated"),
        ("Commitments", lambda a: str(len(a.commitments))),
    ):
        out.append(f"| {field} | {get(d.a)} | {get(d.b)} |")
    out += ["", f"**Summary:** {e(summary_line(d))}", ""]
    for title, sd, nm, a_items in (
        ("Parties", d.parties, lambda x: f"{name(x)} ({x})", d.a.parties),
        ("Agencies", d.agencies, name, d.a.agencies),
        ("Themes", d.themes, label, d.a.themes),
    ):
        rows = set_lines(sd, nm, a_items)
        if rows:
            out += [f"## {title}", ""]
            out += [f"- **{e(k[0].upper() + k[1:])}:** {e(v)}" for k, v in rows]
            out.append("")
    out += ["## Commitments", "", f"_{e(SUMMARY_NOTE)}_", ""]
    groups = grouped(d, corpus, only)
    if not groups:
        out += ["Nothing to show.", ""]
    for tid, items in groups:
        out += [f"### {e(label(tid) if tid else 'No theme')}", ""]
        out += ["| A | B | Difference |", "|---|---|---|"]
        for item in items:
            out.append(_md_row(d, corpus, item))
        out.append("")
    sources = cited_sources(d, only)
    if sources:
        out += ["## Sources", ""]
    for side, src in sources:
        bits = [e(src.title)] + [e(x) for x in (src.publisher, src.date) if x]
        url = ""
        if src.url:
            url = f" <{src.url}>" if _plain_url(src.url) else f" {e(src.url)}"
        out.append(f"- {side} \\[{e(src.id)}\\]: {', '.join(bits)}{url}")
    out.append("")
    return "\n".join(out)


def _plain_url(url: str) -> bool:
    """Safe to print as an autolink: printable ASCII with nothing that ends or bends the link."""
    return (
        url.startswith(("http://", "https://"))
        and url.isascii()
        and url.isprintable()
        and not any(ch in url for ch in " <>\\`")
    )


def _md_cell(a: Agreement, c: Commitment) -> str:
    e = md_escape
    where = e(cite(a, c))
    return f"`{e(c.id)}` {e(c.text)}<br>_{where}_"


def _md_row(d: AgreementDiff, corpus: Corpus, item) -> str:
    k = kind(item)
    if k == "only_a":
        return f"| {_md_cell(d.a, item[1])} | — | only in A |"
    if k == "only_b":
        return f"| — | {_md_cell(d.b, item[1])} | only in B |"
    p: Pair = item[1]
    notes = [md_escape(n) for n in pair_notes(p, corpus)]
    head = f"{'unchanged' if p.same else 'changed'} (similarity {p.similarity:.2f})"
    if mostly_same(p) and not p.same:
        notes.insert(0, "words: " + _md_words(p))
    note = "<br>".join([head, *notes])
    return f"| {_md_cell(d.a, p.a)} | {_md_cell(d.b, p.b)} | {note} |"


def _md_words(p: Pair) -> str:
    out = []
    for tag, text in p.words:
        body = md_escape(text.strip())
        if not body:
            continue
        out.append(body if tag == "equal" else f"~~{body}~~" if tag == "delete" else f"**{body}**")
    return " ".join(out)
