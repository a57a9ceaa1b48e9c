"""Engine results as plain data (dicts and lists) for JSON and other machine formats."""

from __future__ import annotations

from compare.model import Agreement, Commitment, Corpus, Funding, Source

SCHEMA_VERSION = 1


def _date(d) -> str | None:
    return str(d) if d is not None else None


def funding_dict(f: Funding | None) -> dict | None:
    if f is None:
        return None
    return {"amount": f.amount, "currency": f.currency, "qualifier": f.qualifier, "note": f.note}


def source_dict(s: Source) -> dict:
    return {
        "id": s.id,
        "title": s.title,
        "publisher": s.publisher,
        "date": _date(s.date),
        "url": s.url,
        "kind": s.kind,
    }


def commitment_dict(c: Commitment, agreement: Agreement | None = None) -> dict:
    out = {
        "id": c.id,
        "text": c.text,
        "text_is_summary": True,
        "themes": list(c.themes),
        "actors": list(c.actors),
        "actors_stated": c.actors_stated,
        "where": list(c.where),
        "agencies": list(c.agencies),
        "funding": funding_dict(c.funding),
        "strength": c.strength,
        "source": c.source,
        "ref": c.ref,
        "url": c.url,
    }
    if agreement is not None:
        out["agreement"] = agreement.id
        src = agreement.source(c.source)
        out["citation"] = source_dict(src) if src else None
    return out


def agreement_summary(a: Agreement, count: int | None = None) -> dict:
    """count: its number of commitments, when a has come without them (Corpus.outlines)."""
    return {
        "id": a.id,
        "title": a.title,
        "kind": a.kind,
        "legal_nature": a.legal_nature,
        "date": _date(a.date),
        "parties": list(a.parties),
        "parties_declared": list(a.parties_declared),
        "parties_complete": a.parties_complete,
        "commitments": len(a.commitments) if count is None else count,
        "path": a.path,
    }


def agreement_dict(a: Agreement, corpus: Corpus | None = None) -> dict:
    names = corpus.registry.name if corpus is not None else (lambda x: x)
    return {
        "id": a.id,
        "title": a.title,
        "short_title": a.short_title,
        "kind": a.kind,
        "legal_nature": a.legal_nature,
        "status": a.status,
        "date": _date(a.date),
        "place": a.place,
        "host": a.host,
        "parties": [{"code": p, "name": names(p)} for p in a.parties],
        "parties_declared": list(a.parties_declared),
        "parties_complete": a.parties_complete,
        "participants": list(a.participants),
        "agencies": [{"id": g, "name": names(g)} for g in a.agencies],
        "themes": list(a.themes),
        "summary": a.summary,
        "reviewed": _date(a.reviewed),
        "notes": a.notes,
        "sources": [source_dict(s) for s in a.sources],
        "commitments": [commitment_dict(c) for c in a.commitments],
        "statements": [
            {
                "speaker": s.speaker,
                "role": s.role,
                "country": s.country,
                "agency": s.agency,
                "gist": s.gist,
                "gist_is_summary": True,
                "source": s.source,
            }
            for s in a.statements
        ],
        "figures": [
            {
                "id": f.id,
                "description": f.description,
                "value": f.value,
                "unit": f.unit,
                "qualifier": f.qualifier,
                "period": f.period,
                "source": f.source,
            }
            for f in a.figures
        ],
        "path": a.path,
    }
