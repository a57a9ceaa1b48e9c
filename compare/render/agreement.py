"""An agreement rendered for reading: terminal text and Markdown."""

from __future__ import annotations

from compare.model import Agreement, Corpus
from compare.render.machine import md_escape
from compare.render.out import Writer
from compare.strength import strength_of

SUMMARY_NOTE = (
    "Commitment texts are Accord's summaries, not the agreement's wording: cite the source."
)


def grouped(a: Agreement, corpus: Corpus):
    """Commitments under their first theme, themes in taxonomy order."""
    order = {tid: i for i, tid in enumerate(corpus.taxonomy.order())}
    groups: dict[str, list] = {}
    for c in a.commitments:
        groups.setdefault(c.theme or "", []).append(c)
    return sorted(groups.items(), key=lambda kv: order.get(kv[0], len(order)))


def _facts(a: Agreement) -> list[str]:
    facts = [a.kind, f"{a.legal_nature} instrument"]
    if a.date:
        facts.append(str(a.date))
    if a.place:
        facts.append(a.place)
    return facts


def commitment_facts(c, corpus: Corpus, a: Agreement) -> list[str]:
    facts = []
    if c.actors_stated:
        facts.append("by " + ", ".join(c.actors))
    if c.where:
        facts.append("in " + ", ".join(c.where))
    if c.agencies:
        facts.append("agencies " + ", ".join(c.agencies))
    if c.funding:
        facts.append(f"funding {c.funding}")
    strength, inferred = strength_of(c)
    if strength:
        facts.append(strength + (" (inferred)" if inferred else ""))
    if len(c.themes) > 1:
        facts.append("also " + ", ".join(c.themes[1:]))
    cite = c.source + (f", {c.ref}" if c.ref else "")
    facts.append(f"source {cite}")
    return facts


def write_text(a: Agreement, corpus: Corpus, w: Writer) -> None:
    name = corpus.registry.name
    label = corpus.taxonomy.label
    w.line((a.title, "bold"))
    w.line((a.id, "cyan"), "  ·  ", "  ·  ".join(_facts(a)))
    if a.status:
        w.line(("Status: ", "dim"), a.status)
    if a.reviewed:
        w.line(("Entry last reviewed: ", "dim"), str(a.reviewed))
    if a.summary:
        w.blank()
        w.line(a.summary, multiline=True)
    w.blank()
    heading = "Parties" if a.parties_complete else "Parties (not a complete list)"
    w.line((heading, "bold"))
    if a.parties:
        w.line("  " + ", ".join(f"{p} {name(p)}" for p in a.parties))
    else:
        w.line(("  not stated", "dim"))
    if a.agencies:
        w.line(("Agencies", "bold"))
        w.line("  " + ", ".join(f"{name(g)} ({g})" for g in a.agencies))
    w.blank()
    w.line((f"Commitments ({len(a.commitments)})", "bold"), "  ", (SUMMARY_NOTE, "dim"))
    for tid, items in grouped(a, corpus):
        w.line("  ", (label(tid), "bold magenta"))
        for c in items:
            w.line("    • ", (c.id, "cyan"), "  ", c.text)
            w.line("      ", (" · ".join(commitment_facts(c, corpus, a)), "dim"))
    if a.statements:
        w.blank()
        w.line(("Statements", "bold"), "  ", ("gists in our words, not quotations", "dim"))
        for s in a.statements:
            who = ", ".join(x for x in (s.role, s.country, s.agency) if x)
            w.line("  ", (s.speaker, "bold"), f" ({who})" if who else "", ": ", s.gist)
    if a.figures:
        w.blank()
        w.line(
            ("Figures", "bold"), "  ", ("context reported by the source, not commitments", "dim")
        )
        for f in a.figures:
            w.line("  ", (_figure(f), "yellow"), "  ", f.description)
    w.blank()
    w.line(("Sources", "bold"))
    for s in a.sources:
        w.line("  [", (s.id, "cyan"), "] ", _citation(s))
    if a.notes:
        w.blank()
        w.line(("Notes: ", "dim"), a.notes, multiline=True)


def _figure(f) -> str:
    q = {"exact": "", "about": "about ", "more-than": "over ", "up-to": "up to "}.get(
        f.qualifier, ""
    )
    value = f"{f.value:,}"
    return f"{q}{value}{' ' + f.unit if f.unit else ''}"


def _citation(s) -> str:
    parts = [s.title]
    parts += [x for x in (s.publisher, str(s.date) if s.date else None) if x]
    text = ", ".join(parts)
    return text + (f". {s.url}" if s.url else "")


def markdown(a: Agreement, corpus: Corpus) -> str:
    name, label, e = corpus.registry.name, corpus.taxonomy.label, md_escape
    out = [f"# {e(a.title)}", "", f"`{a.id}` · " + " · ".join(e(x) for x in _facts(a)), ""]
    if a.status:
        out += [f"**Status:** {e(a.status)}", ""]
    if a.summary:
        out += [e(a.summary), ""]
    parties = ", ".join(f"{e(name(p))} ({p})" for p in a.parties) or "not stated"
    out += [f"**Parties{'' if a.parties_complete else ' (not a complete list)'}:** {parties}", ""]
    if a.agencies:
        out += ["**Agencies:** " + ", ".join(e(name(g)) for g in a.agencies), ""]
    out += [f"## Commitments ({len(a.commitments)})", "", f"_{SUMMARY_NOTE}_", ""]
    for tid, items in grouped(a, corpus):
        out += [f"### {e(label(tid))}", ""]
        for c in items:
            facts = " · ".join(e(x) for x in commitment_facts(c, corpus, a))
            out.append(f"- **{e(c.id)}**: {e(c.text)}  \n  _{facts}_")
        out.append("")
    if a.statements:
        out += ["## Statements", ""]
        for s in a.statements:
            who = ", ".join(x for x in (s.role, s.country) if x)
            out.append(f"- **{e(s.speaker)}** ({e(who)}): {e(s.gist)}")
        out.append("")
    if a.figures:
        out += ["## Figures (context, not commitments)", ""]
        out += [f"- {e(_figure(f))}: {e(f.description)}" for f in a.figures] + [""]
    out += ["## Sources", ""]
    out += [f"- \\[{e(s.id)}\\] {e(_citation(s))}" for s in a.sources]
    return "\n".join(out) + "\n"
