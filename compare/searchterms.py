"""Query terms compiled against the search index.

Each matcher yields levels, (quality, documents) pairs with quality in (0, 1], that ranking combines;
text matchers also find their spans in a folded text. Facet values resolve through the registries'
aliases, then fuzzily; what does not resolve is a QueryError naming the term.
"""

from __future__ import annotations

import re

from compare.model import KINDS
from compare.query import QueryError, Term, fold, shown
from compare.searchindex import Index, bits_of, ids_of, registry_names, stem

# A word found only in a commitment's tags (or its id) counts less than any match in its text.
TAG = 0.6
PLURAL = ("s", "es")
MAX_FUZZY_LENGTH = 64
RESOLVE_CUTOFF = 80
# country: ranks a commitment acting in the country above one the country commits to, above one
# it is merely a party to.
ROLE_QUALITY = (("where", 1.0), ("actor", 0.9), ("party", 0.7))


def prefix_quality(word: str, term: str) -> float:
    if len(word) <= 2:
        return 0.7
    if term[len(word) :] in PLURAL:
        return 0.95
    ratio = len(word) / len(term)
    return 0.9 if ratio >= 0.75 else 0.8 if ratio >= 0.5 else 0.7


def edits_allowed(word: str) -> int:
    if len(word) < 4 or len(word) > MAX_FUZZY_LENGTH:
        return 0
    return 1 if len(word) <= 6 else 2


def _grouped(pairs) -> list[tuple[float, list]]:
    out: dict[float, list] = {}
    for item, q in pairs:
        out.setdefault(q, []).append(item)
    return sorted(out.items(), reverse=True)


class Word:
    """A free word: exact, prefix, a plural's stem or within a few typos; in the text, in the
    commitment's id and reference, or in its tags."""

    text = True

    def __init__(self, index: Index, word: str) -> None:
        self.index = index
        self.word = word
        vocabularies = (index.text.vocab, index.meta.vocab, index.tag_words)
        known = any(word in v.known for v in vocabularies)
        self.edits = 0 if known else edits_allowed(word)
        self.text_terms = self._others(index.text.vocab)
        self.meta_terms = self._others(index.meta.vocab)
        tag_terms = {t: self._quality(t, {}) for t in index.tag_words.prefixed(word)}
        for t, q in self._others(index.tag_words).items():
            tag_terms[t] = max(tag_terms.get(t, 0.0), q)
        self.tags: dict[tuple[str, str], float] = {}
        for t, q in tag_terms.items():
            for tag in index.tag_vocab[t]:
                self.tags[tag] = max(self.tags.get(tag, 0.0), TAG * q)
        self._memo: dict[str, float] = {}
        self._matching: dict[str, float] | None = None
        self._levels: list[tuple[float, int]] | None = None

    def _others(self, vocab) -> dict[str, float]:
        """Terms matched other than by prefix: another form of the word (a plural counts nearly
        as the word itself), and typos."""
        w = self.word
        out = {}
        if len(w) >= 4:
            for t in vocab.stems.get(stem(w), ()):
                if t != w and not t.startswith(w):
                    plural = w[len(t) :] in PLURAL and w.startswith(t)
                    out[t] = 0.95 if plural else 0.85
        for t, d in vocab.near(w, self.edits).items():
            out[t] = max(out.get(t, 0.0), 0.75 if d == 1 else 0.6)
        return out

    def _quality(self, term: str, others: dict[str, float]) -> float:
        w = self.word
        if term == w and len(w) > 1:
            return 1.0
        if term.startswith(w):
            return prefix_quality(w, term)
        return others.get(term, 0.0)

    @property
    def matching(self) -> dict[str, float]:
        """Every word of the text vocabulary this word matches -> how well."""
        if self._matching is None:
            w = self.word
            found = {t: prefix_quality(w, t) for t in self.index.text.vocab.prefixed(w)}
            found.update(self.text_terms)
            if w in found and len(w) > 1:
                found[w] = 1.0
            self._matching = found
        return self._matching

    def quality(self, term: str) -> float:
        """How well a word of the text matches, 0 to 1."""
        q = self.matching.get(term)
        if q is None:
            q = self._memo.get(term)
            if q is None:  # a word the index has not seen (a text folded another way)
                q = self._memo[term] = self._quality(term, self.text_terms)
        return q

    def levels(self) -> list[tuple[float, int]]:
        if self._levels is None:
            self._levels = self._compute_levels()
        return self._levels

    def _compute_levels(self) -> list[tuple[float, int]]:
        w = self.word
        out = []
        for field, others, factor in (
            (self.index.text, self.text_terms, 1.0),
            (self.index.meta, self.meta_terms, TAG),
        ):
            if w in field.postings and len(w) > 1:  # one letter is a prefix even alone ("Europe's")
                out.append((factor, field.term_bits([w])))
            if len(w) <= 2:
                out.append((factor * 0.7, field.prefix_bits(w)))
            else:
                pairs = [(t, prefix_quality(w, t)) for t in field.vocab.prefixed(w) if t != w]
                out.extend((factor * q, field.term_bits(ts)) for q, ts in _grouped(pairs))
            out.extend((factor * q, field.term_bits(ts)) for q, ts in _grouped(others.items()))
        out.extend((q, self.index.tag_bits(tags)) for q, tags in _grouped(self.tags.items()))
        return out

    def positions(self, tokens: list[str]) -> list[int]:
        """Where the word matches among the words of an indexed text."""
        get = self.matching.get
        return [i for i, q in enumerate(map(get, tokens)) if q]

    def find(self, ftext: str) -> list[tuple[int, int]]:
        out = []
        at = 0
        w = self.word
        quality = self.quality
        for t in ftext.split(" "):
            if quality(t) > 0:
                prefix = t != w and t.startswith(w)
                out.append((at, at + len(w) if prefix else at + len(t)))
            at += len(t) + 1
        return out

    def labels(self, d: int) -> list[str]:
        out = ["text"] if self.positions(self.index.folded[d].split()) else []
        c = self.index.docs[d][1]
        if any(
            self._quality(t, self.meta_terms) > 0 for t in fold(f"{c.id} {c.ref or ''}").split()
        ):
            out.append("id")
        if self.tags:
            found = self.index.tags(d) & self.tags.keys()
            out.extend(sorted({f"tag:{kind}" for kind, _ in found}))
        return out


class Literal:
    """fzf's exact forms: 'exact (anywhere), ^prefix, suffix$, ^whole$, and "a phrase" (whole
    words in a row). Matched on the folded text, so case and accents still do not matter."""

    text = True

    def __init__(self, index: Index, kind: str, value: str) -> None:
        self.index = index
        self.kind = kind
        self.value = value
        self._bits = self._documents()

    def _test(self, folded: str) -> bool:
        v = self.value
        if self.kind == "exact":
            return v in folded
        if self.kind == "prefix":
            return folded.startswith(v)
        if self.kind == "suffix":
            return folded.endswith(v)
        if self.kind == "whole":
            return folded == v
        return f" {v} " in f" {folded} "

    def _documents(self) -> int:
        ix, v = self.index, self.value
        pieces = v.split()
        if self.kind == "exact":
            cands = ix.all
            for p in pieces:
                cands &= ix.text.term_bits(ix.text.vocab.containing(p))
            if len(pieces) == 1:
                return cands
        elif self.kind == "phrase":
            cands = ix.all
            for p in dict.fromkeys(pieces):
                cands &= ix.text.term_bits([p])
        elif self.kind == "suffix":
            last = pieces[-1]
            keys = [k for k in ix.tails if k.endswith(last)] if len(pieces) == 1 else [last]
            cands = _union(ix, ix.tails, keys)
        else:
            first = pieces[0]
            single = len(pieces) == 1 and self.kind == "prefix"
            keys = [k for k in ix.heads if k.startswith(first)] if single else [first]
            cands = _union(ix, ix.heads, keys)
            if single:
                return cands
        folded = ix.folded
        return _keep(ix, cands, lambda d: self._test(folded[d]))

    def levels(self) -> list[tuple[float, int]]:
        return [(1.0, self._bits)]

    def positions(self, tokens: list[str]) -> list[int]:
        folded = " ".join(tokens)
        return [folded[:s].count(" ") for s, _ in self.find(folded)]

    def find(self, ftext: str) -> list[tuple[int, int]]:
        v = self.value
        if self.kind == "prefix":
            return [(0, len(v))] if ftext.startswith(v) else []
        if self.kind == "suffix":
            return [(len(ftext) - len(v), len(ftext))] if ftext.endswith(v) else []
        if self.kind == "whole":
            return [(0, len(v))] if ftext == v else []
        pattern = re.escape(v)
        if self.kind == "phrase":
            pattern = rf"(?<!\S){pattern}(?!\S)"
        return [(m.start(), m.end()) for m in re.finditer(pattern, ftext)]

    def labels(self, d: int) -> list[str]:
        return ["text"]


def _union(ix: Index, table, keys) -> int:
    return bits_of((d for k in keys for d in table.get(k, ())), ix.n)


def _keep(ix: Index, cands: int, test) -> int:
    return bits_of((d for d in ids_of(cands) if test(d)), ix.n)


class Facet:
    """A facet: documents per level, and the labels a hit reports for it."""

    text = False

    def __init__(self, index: Index, levels, label) -> None:
        self.index = index
        self._levels = [(q, b) for q, b in levels]
        self._label = label

    def levels(self) -> list[tuple[float, int]]:
        return self._levels

    def labels(self, d: int) -> list[str]:
        return self._label(d)


# -- resolving facet values ----------------------------------------------------------------


def _fuzzy_one(value: str, table: dict[str, str]) -> str | None:
    """The id of the one name close to `value` (a typo or two), ignoring codes and short names."""
    from rapidfuzz import fuzz, process

    names = [n for n in table if len(n) >= 4]
    found = process.extract(fold(value), names, scorer=fuzz.ratio, score_cutoff=RESOLVE_CUTOFF)
    ids = {table[n] for n, score, _ in found if score >= found[0][1] - 1e-9} if found else set()
    return ids.pop() if len(ids) == 1 else None


def _near(value: str, table: dict[str, str], limit: int = 3) -> list[str]:
    """Ids whose names look like `value`, for a 'did you mean'."""
    from rapidfuzz import fuzz, process

    names = [n for n in table if len(n) >= 3]
    out: list[str] = []
    for n, _s, _ in process.extract(
        fold(value), names, scorer=fuzz.ratio, limit=20, score_cutoff=60
    ):
        if table[n] not in out:
            out.append(table[n])
    return out[:limit]


def _bad(term: Term, what: str, value: str, near: list[str]) -> QueryError:
    hint = f" (did you mean {' or '.join(near[:3])}?)" if near else ""
    return QueryError(
        f"unknown {what} {shown(value)} in {shown(term.raw)}{hint}", term.position, term.raw
    )


def _values(term: Term) -> list[str]:
    return [v.strip() for v in term.value.split(",") if v.strip()] or [term.value]


def country_facet(ix: Index, term: Term) -> Facet:
    registry = ix.corpus.registry
    codes: set[str] = set()
    for value in _values(term):
        found = registry.place(value)
        if found is None:
            table = {}
            for kind in ("region", "group", "country"):
                table.update({k: f"{kind}\0{v}" for k, v in registry_names(registry, kind).items()})
            hit = _fuzzy_one(value, table)
            found = tuple(hit.split("\0")) if hit else None
        if found is None:
            near = [v.split("\0")[1] for v in _near(value, table)]
            named = [c if registry.name(c) == c else f"{c} ({registry.name(c)})" for c in near]
            raise _bad(term, "country", value, named)
        kind, code = found
        if kind == "group":
            codes.update(registry.expand(code))
        else:
            codes.add(code)
            codes.update(registry.region_members(code) if kind == "region" else ())
    levels = [(q, _or(ix.facet(role, c) for c in codes)) for role, q in ROLE_QUALITY]

    def label(d: int) -> list[str]:
        found = ix.roles(d)
        roles = set().union(*(found.get(c, ()) for c in codes))
        return [f"country:{r}" for r in ("party", "actor", "where") if r in roles]

    return Facet(ix, levels, label)


def theme_facet(ix: Index, term: Term) -> Facet:
    taxonomy = ix.corpus.taxonomy
    primary = theme = below = 0
    for value in _values(term):
        tid = taxonomy.resolve(value)
        if tid is None:
            raise _bad(term, "theme", value, taxonomy.suggest(value))
        primary |= ix.facet("primary", tid)
        theme |= ix.facet("theme", tid)
        below |= _or(ix.facet("theme", t) for t in taxonomy.descendants(tid) - {tid})
    return Facet(ix, [(1.0, primary), (0.9, theme), (0.8, below)], lambda d: ["theme"])


def agency_facet(ix: Index, term: Term) -> Facet:
    """An agency by id, name or alias; else every agency whose name starts so ('border' is
    Border Force and Border Security Command); else one name within a typo or two."""
    registry = ix.corpus.registry
    names = registry_names(registry, "agency")
    bits = 0
    for value in _values(term):
        found = registry.lookup("agency", value)
        key = fold(value)
        gids = (
            {found}
            if found
            else {g for n, g in names.items() if len(key) >= 3 and n.startswith(key)}
        )
        if not gids and _fuzzy_one(value, names):
            gids = {_fuzzy_one(value, names)}
        if not gids:
            raise _bad(term, "agency", value, _near(value, names))
        bits |= _or(ix.facet("agency", g) for g in gids)
    return Facet(ix, [(1.0, bits)], lambda d: ["agency"])


def agreement_facet(ix: Index, term: Term) -> Facet:
    from compare.names import AmbiguousName, resolve_with_reason

    agreements = ix.corpus.agreements
    bits = 0
    for value in _values(term):
        ids = [value] if value in agreements else [a for a in agreements if a.startswith(value)]
        if not ids:
            try:
                ids = [resolve_with_reason(ix.corpus, value).agreement.id]
            except AmbiguousName as exc:
                raise _bad(term, "agreement", value, exc.candidates) from None
        bits |= _or(ix.facet("agreement", a) for a in ids)
    return Facet(ix, [(1.0, bits)], lambda d: ["agreement"])


def kind_facet(ix: Index, term: Term) -> Facet:
    kinds = {k: k for k in KINDS} | {a.kind: a.kind for a in ix.corpus}
    table = {fold(k): k for k in kinds}
    bits = 0
    for value in _values(term):
        kind = table.get(fold(value)) or _fuzzy_one(value, table)
        if kind is None:
            raise QueryError(
                f"unknown kind {shown(value)} in {shown(term.raw)} (kinds are {', '.join(KINDS)})",
                term.position,
                term.raw,
            )
        bits |= ix.facet("kind", kind)
    return Facet(ix, [(1.0, bits)], lambda d: ["kind"])


_YEARS = re.compile(r"(\d{1,4})?(\.\.)?(\d{1,4})?")


def year_facet(ix: Index, term: Term) -> Facet:
    present = sorted(int(k[1]) for k in ix.facets if k[0] == "year")
    bits = 0
    for value in _values(term):
        m = _YEARS.fullmatch(value)
        if not m or not (m.group(1) or m.group(3)) or (m.group(3) and not m.group(2)):
            raise QueryError(
                f"{shown(term.raw)}: year: takes a year or a range such as 2023..2025",
                term.position,
                term.raw,
            )
        lo = int(m.group(1)) if m.group(1) else -1
        hi = int(m.group(3)) if m.group(3) else (lo if not m.group(2) else 10_000)
        if hi < lo:
            raise QueryError(
                f"{shown(term.raw)}: the range ends before it starts", term.position, term.raw
            )
        bits |= _or(ix.facet("year", str(y)) for y in present if lo <= y <= hi)
    return Facet(ix, [(1.0, bits)], lambda d: ["year"])


FACET_BUILDERS = {
    "country": country_facet,
    "agency": agency_facet,
    "theme": theme_facet,
    "agreement": agreement_facet,
    "kind": kind_facet,
    "year": year_facet,
}


def _or(sets) -> int:
    out = 0
    for s in sets:
        out |= s
    return out


def compile_term(ix: Index, term: Term, alone: bool = True) -> list:
    """A parsed term -> matchers, all of which must match.

    A word that folds to several ('co-operation', 'U.K.') gives one word each when it stands alone,
    and a phrase inside an `a | b` group. A negated word is fzf's: the text must not contain it."""
    if term.kind == "facet":
        return [FACET_BUILDERS[term.facet](ix, term)]
    folded = fold(term.value)
    if term.kind == "word" and term.negated:
        return [Literal(ix, "exact", folded)]
    if term.kind == "word" and (alone or " " not in folded):
        return [Word(ix, w) for w in dict.fromkeys(folded.split())]
    return [Literal(ix, "phrase" if term.kind == "word" else term.kind, folded)]
