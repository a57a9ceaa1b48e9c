"""Query terms compiled against the search index: words and fzf's exact forms.

Each matcher yields levels, (quality, documents) pairs with quality in (0, 1], that ranking combines;
text matchers also find their spans in a folded text. Facets live in compare.searchfacets.
"""

from __future__ import annotations

import re

from compare.query import Term, fold
from compare.searchfacets import FACET_BUILDERS
from compare.searchindex import Index, bits_of, ids_of, stem

# A word found only in a commitment's tags (or its id) counts less than any match in its text.
TAG = 0.6
PLURAL = ("s", "es")
MAX_FUZZY_LENGTH = 64


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
