"""The search query language: fzf's operators plus facets.

    smugling netwrks          fuzzy words, all must match (typos forgiven)
    'exact  ^prefix  suffix$  !not  a | b  "a phrase"
    country:britain  agency:nca  theme:deportation  agreement:g7  kind:protocol  year:2023..2025
    -country:fr               any facet negated (so is any word: -word, !word)

The parser only reads the text; facet values are resolved against the corpus by compare.search.
"""

from __future__ import annotations

import re

import msgspec

from compare.registry import norm
from compare.safe import inline

FACETS = ("country", "agency", "theme", "agreement", "kind", "year")
MAX_TERMS = 64
_FACET = re.compile(r"([A-Za-z]+):(.*)", re.DOTALL)


class QueryError(ValueError):
    """A query that cannot be read: names the offending term and where it starts (0-based)."""

    def __init__(self, message: str, position: int = 0, term: str = ""):
        self.message = message
        self.position = position
        self.term = term
        super().__init__(message)

    def __str__(self) -> str:
        if self.position < 0:  # a facet given apart from the query text (search(country=...))
            return self.message
        return f"{self.message} (at character {self.position + 1})"


def shown(text: str, limit: int = 40) -> str:
    """A term quoted for a one-line message: controls escaped, long terms cut."""
    s = inline(text)  # controls already shown as escapes: quote, do not repr (that escapes twice)
    return "'" + (s if len(s) <= limit else s[: limit - 1] + "…") + "'"


class Term(msgspec.Struct, frozen=True, gc=False):
    """One term of a query.

    kind: word | exact | prefix | suffix | whole | phrase | facet
    value: for words, the text as typed without operators; for facets, the raw facet value.
    """

    kind: str
    value: str
    position: int
    raw: str
    negated: bool = False
    facet: str | None = None


class Query(msgspec.Struct, frozen=True, gc=False):
    """Groups are ANDed; the terms of a group are ORed (`a | b`)."""

    groups: tuple[tuple[Term, ...], ...]
    text: str

    @property
    def terms(self) -> tuple[Term, ...]:
        return tuple(t for g in self.groups for t in g)


def fold(text: str) -> str:
    """norm(), faster for ASCII text (most of it): the same result."""
    if text.isascii():
        return _ASCII_SPLIT.sub(" ", text.lower()).strip()
    return norm(text)


_ASCII_SPLIT = re.compile(r"[\W_]+", re.ASCII)


def _tokens(query: str) -> list[tuple[str, int]]:
    """Split on whitespace and '|' outside double quotes; a quote must close."""
    out: list[tuple[str, int]] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch.isspace():
            i += 1
            continue
        if ch == "|":
            out.append(("|", i))
            i += 1
            continue
        start = i
        while i < n and not query[i].isspace() and query[i] != "|":
            if query[i] == '"':
                close = query.find('"', i + 1)
                if close < 0:
                    raise QueryError(f"unclosed quote in {shown(query[start:])}", i, query[start:])
                i = close + 1
            else:
                i += 1
        out.append((query[start:i], start))
    return out


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == '"' and value[-1] == '"':
        return value[1:-1]
    return value.replace('"', " ")


def _term(raw: str, pos: int) -> Term | None:
    """One token -> a Term; None for a word with nothing searchable in it (punctuation)."""
    body, negated = raw, False
    if body[0] in "!-":
        body, negated = body[1:], True
    if not body:
        raise QueryError(f"{shown(raw)} needs a word after it", pos, raw)
    m = _FACET.fullmatch(body)
    if m and not m.group(2).startswith("/"):
        name, value = m.group(1).lower(), _unquote(m.group(2)).strip()
        if name not in FACETS:
            near = [f for f in FACETS if _close(name, f)]
            hint = f"did you mean {near[0]}:?" if near else f"facets are {', '.join(FACETS)}"
            raise QueryError(f"unknown facet {shown(m.group(1) + ':')} ({hint})", pos, raw)
        if not value:
            raise QueryError(f"facet {shown(name + ':')} needs a value", pos, raw)
        return Term("facet", value, pos, raw, negated, name)
    if body[0] == '"':
        kind, value = "phrase", _unquote(body)
    elif body[0] == "'":
        kind, value = "exact", body[1:]
    elif body[0] == "^" and body.endswith("$") and len(body) > 1:
        kind, value = "whole", body[1:-1]
    elif body[0] == "^":
        kind, value = "prefix", body[1:]
    elif body.endswith("$"):
        kind, value = "suffix", body[:-1]
    else:
        kind, value = "word", body
    if not value:
        raise QueryError(f"{shown(raw)} needs a word after it", pos, raw)
    if not fold(value):
        return None  # '***', '&', a NUL: nothing to search for, so not a condition
    return Term(kind, value, pos, raw, negated)


def _close(a: str, b: str) -> bool:
    from difflib import SequenceMatcher

    return SequenceMatcher(None, a, b).ratio() >= 0.7


def parse(query: str) -> Query:
    """Read a query; raises QueryError naming the offending term."""
    groups: list[tuple[Term, ...]] = []
    current: list[Term] = []
    pending_or: int | None = None  # position of a '|' still waiting for its right-hand term
    seen = 0
    saw_term = False
    for raw, pos in _tokens(query):
        if raw == "|":
            if pending_or is not None or not saw_term:
                raise QueryError("'|' needs a term on each side", pos, "|")
            pending_or = pos
            continue
        seen += 1
        if seen > MAX_TERMS:
            raise QueryError(f"too many terms: a query takes at most {MAX_TERMS}", pos, raw)
        term = _term(raw, pos)
        saw_term = True
        if pending_or is None and current:
            groups.append(tuple(current))
            current = []
        pending_or = None
        if term is not None:
            current.append(term)
    if pending_or is not None:
        raise QueryError("'|' needs a term on each side", pending_or, "|")
    if current:
        groups.append(tuple(current))
    if saw_term and not groups:
        first = query.strip()
        raise QueryError(
            f"nothing to search for in {shown(first)}: use letters or digits",
            len(query) - len(query.lstrip()),
            first,
        )
    return Query(tuple(groups), query)
