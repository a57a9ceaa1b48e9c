"""The search index: a vocabulary of folded terms with posting lists, and facet sets.

Document numbers follow corpus order. Sets of documents are Python ints used as bitsets (bit d is
document d): unions and intersections over 100,000 documents then cost microseconds. Posting lists
are arrays; only frequent terms keep a ready bitset, so memory stays proportional to the postings.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections import defaultdict

from compare.query import fold

# Small words left out of tag names, so 'and' does not match every 'Returns and readmission'.
STOPWORDS = frozenset("a an and at by de des du et for from in la le of on or the to with".split())
SHORT_PREFIX = 2  # prefixes this short get a ready-made union: typing 's' must not walk 2,000 terms


def bits_of(ids, n: int) -> int:
    """Document numbers -> bitset."""
    buf = bytearray((n >> 3) + 1)
    for d in ids:
        buf[d >> 3] |= 1 << (d & 7)
    return int.from_bytes(buf, "little")


def ids_of(bits: int, limit: int | None = None) -> list[int]:
    """Bitset -> document numbers, lowest first (corpus order), at most `limit`."""
    if not bits:
        return []
    s = bin(bits)
    out: list[int] = []
    top = len(s) - 1  # index in s of bit 0
    pos = len(s)
    find = s.rfind
    while True:
        pos = find("1", 2, pos)
        if pos < 0:
            return out
        out.append(top - pos)
        if limit is not None and len(out) >= limit:
            return out


def doc_roles(a, c, registry) -> dict[str, set[str]]:
    """Country code (or region id) -> the roles it plays in a commitment: party, actor, where.

    A `where` naming a region counts for the region and for each member the region lists."""
    roles: dict[str, set[str]] = {}
    for p in a.parties:
        roles.setdefault(p, set()).add("party")
    if c.actors_stated:
        for p in c.actors:
            roles.setdefault(p, set()).add("actor")
    for w in c.where:
        roles.setdefault(w, set()).add("where")
        for m in registry.region_members(w):
            roles.setdefault(m, set()).add("where")
    return roles


def doc_tags(a, c, registry, roles: dict[str, set[str]] | None = None) -> set[tuple[str, str]]:
    """What a commitment is tagged with, as (kind, id): agencies, themes, countries, regions, groups."""
    roles = doc_roles(a, c, registry) if roles is None else roles
    tags = {("agency", g) for g in c.agencies}
    tags.update(("theme", t) for t in c.themes)
    for code in roles:
        tags.add(("region" if registry.kind_of(code) == "region" else "country", code))
    for g in a.parties_declared:
        if registry.kind_of(g) == "group":
            tags.add(("group", g))
    return tags


def _where(places, registry, cache: dict) -> list[str]:
    """Places a commitment acts in, regions followed by the members they list."""
    out = []
    for w in places:
        out.append(w)
        if w not in cache:
            cache[w] = registry.region_members(w) if registry.kind_of(w) == "region" else ()
        out.extend(cache[w])
    return out


def registry_names(registry, kind: str) -> dict[str, str]:
    """Folded name -> id for one kind, every alias included."""
    # Registry keeps its alias table private; it is the only place with the curated aliases.
    return dict(getattr(registry, "_names", {}).get(kind, {}))


# English endings dropped to find a word's other forms: smuggle, smuggled, smuggling, smugglers.
_ENDING = re.compile(r"(?:ations?|ings?|ers?|ies|ied|es|ed|s|e)$")


def stem(word: str) -> str:
    m = _ENDING.search(word)
    if m is None:
        return word
    # Longest ending first, as long as four letters remain ('states' -> 'stat', 'uses' -> 'use').
    for end in _ENDINGS:
        if word.endswith(end) and len(word) - len(end) >= 4:
            return word[: -len(end)]
    return word


_ENDINGS = ("ations", "ation", "ings", "ing", "ers", "er", "ies", "ied", "es", "ed", "s", "e")


class Vocabulary:
    """Sorted terms with exact, prefix and typo-tolerant lookup."""

    def __init__(self, terms) -> None:
        self.sorted = sorted(terms)
        self.known = frozenset(self.sorted)
        self.by_length: dict[int, list[str]] = {}
        self.stems: dict[str, list[str]] = {}
        for t in self.sorted:
            self.by_length.setdefault(len(t), []).append(t)
            self.stems.setdefault(stem(t), []).append(t)

    def prefixed(self, p: str) -> list[str]:
        lo = bisect.bisect_left(self.sorted, p)
        hi = bisect.bisect_left(self.sorted, p + "\U0010ffff")
        return self.sorted[lo:hi]

    def near(self, word: str, max_edits: int) -> dict[str, int]:
        """Terms within `max_edits` edits (transpositions count once) -> their distance."""
        if max_edits <= 0:
            return {}
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        n = len(word)
        choices = [
            t for k in range(n - max_edits, n + max_edits + 1) for t in self.by_length.get(k, ())
        ]
        found = process.extract(
            word, choices, scorer=OSA.distance, score_cutoff=max_edits, limit=None
        )
        return {t: int(d) for t, d, _ in found if t != word}

    def containing(self, s: str) -> list[str]:
        return [t for t in self.sorted if s in t]


class Field:
    """Folded words of one field of every commitment, with their posting lists."""

    def __init__(self, folded: list[str], n: int) -> None:
        self.n = n
        lists: dict[str, list[int]] = defaultdict(list)
        for d, f in enumerate(folded):
            for t in set(f.split()):
                lists[t].append(d)
        self.postings = {t: array("i", ids) for t, ids in lists.items()}
        self.vocab = Vocabulary(self.postings)
        frequent = max(8, n // 64)
        self._bits = {
            t: bits_of(ids, n) for t, ids in self.postings.items() if len(ids) >= frequent
        }
        groups: dict[str, list[str]] = defaultdict(list)
        for t in self.vocab.sorted:
            for k in range(1, min(SHORT_PREFIX, len(t)) + 1):
                groups[t[:k]].append(t)
        self.short = {p: self.term_bits(ts) for p, ts in groups.items()}

    def term_bits(self, terms) -> int:
        """Documents containing any of the terms."""
        out = 0
        rare: list[array] = []
        for t in terms:
            b = self._bits.get(t)
            if b is not None:
                out |= b
            elif t in self.postings:
                rare.append(self.postings[t])
        if rare:
            out |= bits_of((d for ids in rare for d in ids), self.n)
        return out

    def prefix_bits(self, p: str) -> int:
        if len(p) <= SHORT_PREFIX:
            return self.short.get(p, 0)
        return self.term_bits(self.vocab.prefixed(p))


class Index:
    """Built once per corpus (corpus.derived['search']); read-only afterwards."""

    def __init__(self, corpus) -> None:
        self.corpus = corpus
        self.docs = list(corpus.commitments())
        n = self.n = len(self.docs)
        self.all = (1 << n) - 1
        self.folded = [fold(c.text) for _a, c in self.docs]
        self.text = Field(self.folded, n)
        # Commitment ids and references are written to be read ('art9-2-compensation'): a word
        # found there counts like a tag.
        self.meta = Field([fold(f"{c.id} {c.ref or ''}") for _a, c in self.docs], n)
        heads: dict[str, list[int]] = defaultdict(list)
        tails: dict[str, list[int]] = defaultdict(list)
        for d, f in enumerate(self.folded):
            words = f.split()
            if words:
                heads[words[0]].append(d)
                tails[words[-1]].append(d)
        self.heads = {t: array("i", ids) for t, ids in heads.items()}
        self.tails = {t: array("i", ids) for t, ids in tails.items()}
        self._facets()
        self.tag_names, self.tag_vocab = self._tag_vocabulary()
        self.tag_words = Vocabulary(self.tag_vocab)

    def _facets(self) -> None:
        """(kind, key) -> documents. An agreement's commitments are consecutive, so what belongs
        to the agreement (its id, kind, year, parties) is one run of bits."""
        registry = self.corpus.registry
        region: dict[str, tuple[str, ...]] = {}
        runs: dict[tuple, int] = defaultdict(int)
        lists: dict[tuple, list[int]] = defaultdict(list)
        d = 0
        for a in self.corpus:
            size = len(a.commitments)
            run = ((1 << size) - 1) << d
            keys = [("agreement", a.id), ("kind", a.kind)]
            keys.extend(("party", p) for p in a.parties)
            keys.extend(("group", g) for g in a.parties_declared if registry.kind_of(g) == "group")
            if a.date is not None:
                keys.append(("year", str(a.date.year)))
            for key in keys:
                runs[key] |= run
            for c in a.commitments:
                if c.themes:
                    lists[("primary", c.themes[0])].append(d)
                for t in c.themes:
                    lists[("theme", t)].append(d)
                for g in c.agencies:
                    lists[("agency", g)].append(d)
                if c.actors_stated:
                    for p in c.actors:
                        lists[("actor", p)].append(d)
                for w in dict.fromkeys(_where(c.where, registry, region)):
                    lists[("where", w)].append(d)
                d += 1
        facets = dict(runs)
        facets.update((k, bits_of(ids, self.n)) for k, ids in lists.items())
        # Tags: what a word may match besides the text (see doc_tags).
        for (kind, key), bits in list(facets.items()):
            if kind in ("party", "actor", "where"):
                tag = ("tag", "region" if registry.kind_of(key) == "region" else "country", key)
                facets[tag] = facets.get(tag, 0) | bits
            elif kind in ("agency", "theme", "group"):
                facets[("tag", kind, key)] = bits
        self.facets = facets

    def roles(self, d: int) -> dict[str, set[str]]:
        a, c = self.docs[d]
        return doc_roles(a, c, self.corpus.registry)

    def tags(self, d: int) -> set[tuple[str, str]]:
        a, c = self.docs[d]
        return doc_tags(a, c, self.corpus.registry)

    # -- sets of documents ------------------------------------------------------------------

    def facet(self, kind: str, key: str) -> int:
        return self.facets.get((kind, key), 0)

    # -- tags -------------------------------------------------------------------------------

    def _tag_vocabulary(self) -> tuple[dict[tuple[str, str], list[str]], dict[str, set]]:
        """Names of every tag in use (agency names and aliases, theme labels and aliases, country
        names), and folded word -> the tags whose names contain it."""
        registry, taxonomy = self.corpus.registry, self.corpus.taxonomy
        used = {(k[1], k[2]) for k in self.facets if k[0] == "tag"}
        names: dict[tuple[str, str], list[str]] = {tag: [tag[1]] for tag in used}
        for kind in ("country", "agency", "group", "region"):
            for name, eid in registry_names(registry, kind).items():
                if (kind, eid) in names:
                    names[(kind, eid)].append(name)
        for kind, tid in used:
            if kind == "theme" and tid in taxonomy:
                t = taxonomy.themes[tid]
                names[(kind, tid)].extend((t.label, *t.aliases))
        words: dict[str, set] = {}
        for tag, ns in names.items():
            for name in ns:
                for w in fold(name).split():
                    if len(w) > 1 and w not in STOPWORDS:
                        words.setdefault(w, set()).add(tag)
        return names, words

    def tag_bits(self, tags) -> int:
        out = 0
        for kind, tid in tags:
            out |= self.facets.get(("tag", kind, tid), 0)
        return out
