"""Pairing the commitments of two agreements, one to one.

A pair's similarity combines the text (rapidfuzz on folded text, and the overlap of rare words), the
policy themes (a shared parent theme counts partly), and the stated actors and agencies. Small
agreements are scored all against all; large ones first gather candidates that share rare words, so
5,000 x 5,000 commitments take seconds, not minutes.

Every step is symmetric, so aligning B with A gives the mirror of aligning A with B.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from collections.abc import Sequence
from itertools import chain, filterfalse

import msgspec
from rapidfuzz import fuzz

from compare.model import Commitment
from compare.registry import norm

THRESHOLD = 0.4  # below this a pair stays unmatched
ALL_PAIRS = 40_000  # score every pair when len(a) * len(b) is at most this
RARE_KEYS = 6  # per commitment, the rarest words or word runs that look for candidates
PER_ROW = 6  # candidates kept per commitment, from each side
# Weights of the parts of the similarity; a part missing on either side is left out.
WEIGHTS = {"text": 0.6, "themes": 0.3, "agencies": 0.1, "actors": 0.05}

_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    """a an and are as at be been being by for from has have in into is it its of on or such
    that the their them these they this those to was were which who will with within other all
    any each more most also than then there where when our we us not no so up can may
    state states party parties""".split()
)  # the last line: words nearly every commitment uses
_SUFFIXES = ("ations", "ation", "ings", "ing", "ers", "er", "ied", "ies", "ed", "es", "s", "ate")


def stem(word: str) -> str:
    """A crude stemmer: enough for smuggled/smugglers/smuggling or return/returns to meet."""
    for suffix in _SUFFIXES:
        if suffix == "s" and word.endswith("ss"):
            break
        if word.endswith(suffix) and len(word) - len(suffix) >= (3 if suffix == "s" else 4):
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


class Features(msgspec.Struct, gc=False):
    text: str  # folded
    words: frozenset[str]  # stems of the content words
    seq: tuple[str, ...]  # the same stems in text order
    themes: dict[str, int]  # theme -> weight in tenths, parents included at part weight
    primary: str | None  # the first theme
    related: frozenset[str]  # its parent and siblings: themes partly alike
    own: frozenset[str]  # the themes as filed
    actors: frozenset[str] | None  # None when the file does not say
    agencies: frozenset[str] | None  # None when it names none
    norm2: int = 0  # squared length of the word vector


_FOLD = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """registry.norm, with a fast path for ASCII text (most of it), where it does the same."""
    return _FOLD.sub(" ", text.casefold()).strip() if text.isascii() else norm(text)


class Stems(dict):
    """word -> stem, computed on first sight."""

    def __missing__(self, word: str) -> str:
        self[word] = found = stem(word)
        return found


def features(c: Commitment, parents: dict[str, str], stems: Stems) -> Features:
    text = fold(c.text)
    seq = [stems[w] for w in filterfalse(_STOP.__contains__, _WORD.findall(text))]
    # Whole numbers (tenths), so that sums come out the same in any order.
    themes: dict[str, int] = {}
    for i, t in enumerate(c.themes):
        themes[t] = max(themes.get(t, 0), 10 if i == 0 else 7)
        p = parents.get(t)
        if p is not None:
            themes[p] = max(themes.get(p, 0), 4)
    primary = c.themes[0] if c.themes else None
    family = parents.get(primary) if primary else None
    related = {family} if family else set()
    if family:
        related.update(t for t, p in parents.items() if p == family and t != primary)
    return Features(
        text,
        frozenset(seq),
        tuple(seq),
        themes,
        primary,
        frozenset(related),
        frozenset(c.themes),
        frozenset(c.actors) if c.actors_stated else None,
        frozenset(c.agencies) if c.agencies else None,
    )


def _jaccard(x: frozenset[str], y: frozenset[str]) -> float:
    union = len(x | y)
    return len(x & y) / union if union else 1.0


def _themes(x: Features, y: Features) -> float:
    """Mostly whether the first themes agree; the rest of the themes count for less."""
    if x.primary == y.primary:
        first = 1.0
    elif x.primary in y.own or y.primary in x.own:
        first = 0.6
    elif x.primary in y.related or y.primary in x.related:
        first = 0.4
    else:
        first = 0.0
    tx, ty = x.themes, y.themes
    top = bottom = 0
    for k in tx.keys() | ty.keys():
        u, v = tx.get(k, 0), ty.get(k, 0)
        top += u if u < v else v
        bottom += v if u < v else u
    return 0.6 * first + 0.4 * top / bottom


def score(x: Features, y: Features, idf2: dict[str, int]) -> float:
    """Similarity in 0..1, the same whichever way round."""
    shared = x.words & y.words
    overlap = 0.0
    if shared:
        overlap = sum(map(idf2.__getitem__, shared)) / math.sqrt(x.norm2 * y.norm2)
    # Unrelated sentences still share ~40% of their characters: only a higher ratio says much.
    close = max(0.0, fuzz.ratio(x.text, y.text) / 50 - 1.0)
    # Paraphrases by different hands share few words: the square root lifts a small overlap
    # while keeping the order of scores.
    text = max(math.sqrt(min(overlap, 1.0)), close)
    total, weight = WEIGHTS["text"] * text, WEIGHTS["text"]
    if x.themes and y.themes:
        total += WEIGHTS["themes"] * _themes(x, y)
        weight += WEIGHTS["themes"]
    if x.agencies is not None and y.agencies is not None:
        total += WEIGHTS["agencies"] * _jaccard(x.agencies, y.agencies)
        weight += WEIGHTS["agencies"]
    if x.actors is not None and y.actors is not None:
        total += WEIGHTS["actors"] * _jaccard(x.actors, y.actors)
        weight += WEIGHTS["actors"]
    return total / weight


class Alignment(msgspec.Struct, gc=False):
    pairs: list[tuple[int, int, float]]  # (index in a, index in b, similarity)
    only_a: list[int]
    only_b: list[int]


def align(
    a: Sequence[Commitment],
    b: Sequence[Commitment],
    *,
    threshold: float = THRESHOLD,
    parents: dict[str, str] | None = None,
    by_id: bool = False,
) -> Alignment:
    """Pair commitments one to one. Same ids pair first: always when by_id (two versions of one
    agreement), otherwise when they clear the threshold. The rest pair greedily, best first."""
    stems = Stems()
    parents = parents or {}
    fa = [features(c, parents, stems) for c in a]
    fb = [features(c, parents, stems) for c in b]
    idf2 = _weigh(fa, fb)
    taken_a: set[int] = set()
    taken_b: set[int] = set()
    pairs: list[tuple[int, int, float]] = []
    where_b = {c.id: j for j, c in enumerate(b)}
    for i, c in enumerate(a):
        j = where_b.get(c.id)
        if j is None:
            continue
        s = score(fa[i], fb[j], idf2)
        if by_id or s >= threshold:
            pairs.append((i, j, s))
            taken_a.add(i)
            taken_b.add(j)
    rank = _ranks(a, b)
    scored = []
    for i, j in _candidates(fa, fb, taken_a, taken_b):
        s = score(fa[i], fb[j], idf2)
        if s >= threshold:
            ra, rb = rank[0][i], rank[1][j]
            scored.append((-s, min(ra, rb), max(ra, rb), min(i, j), max(i, j), i, j))
    scored.sort()
    for neg, *_, i, j in scored:
        if i in taken_a or j in taken_b:
            continue
        pairs.append((i, j, -neg))
        taken_a.add(i)
        taken_b.add(j)
    pairs.sort()
    return Alignment(
        pairs,
        [i for i in range(len(a)) if i not in taken_a],
        [j for j in range(len(b)) if j not in taken_b],
    )


def _weigh(fa: list[Features], fb: list[Features]) -> dict[str, int]:
    """Squared inverse document frequency of each word over both agreements, in millionths:
    whole numbers add up the same in any order, so a score never depends on which side is A.
    Sets each norm2."""
    df = Counter(chain.from_iterable(f.words for f in (*fa, *fb)))
    n = len(fa) + len(fb)
    idf2 = {w: round(1e6 * math.log(1 + n / d) ** 2) for w, d in df.items()}
    for f in (*fa, *fb):
        f.norm2 = sum(map(idf2.__getitem__, f.words))
    return idf2


def _ranks(a: Sequence[Commitment], b: Sequence[Commitment]) -> tuple[list[int], list[int]]:
    """A rank of each commitment's content over both sides: a tie-break that ignores sides."""

    def key(c: Commitment):
        return (c.id, c.text, c.themes, c.actors, c.agencies, c.where)

    order = {k: r for r, k in enumerate(sorted({key(c) for c in (*a, *b)}))}
    return [order[key(c)] for c in a], [order[key(c)] for c in b]


def _candidates(fa, fb, taken_a, taken_b):
    free_a = [i for i in range(len(fa)) if i not in taken_a]
    free_b = [j for j in range(len(fb)) if j not in taken_b]
    if len(free_a) * len(free_b) <= ALL_PAIRS:
        return [(i, j) for i in free_a for j in free_b]
    # Words get numbers in sorted order, so that every number below is the same whichever
    # agreement comes first.
    words = sorted(frozenset().union(*(f.words for f in (*fa, *fb))))
    code = {w: i for i, w in enumerate(words, 1)}
    base = len(words) + 1
    keys_a = [_keys([code[w] for w in fa[i].seq], base) for i in free_a]
    keys_b = [_keys([code[w] for w in fb[j].seq], base) for j in free_b]
    df = Counter(chain.from_iterable(keys_a))
    df.update(chain.from_iterable(keys_b))
    # Keys ranked rarest first, the key breaking ties. A key in one text only can pair nothing.
    order = sorted((d, k) for k, d in df.items() if d > 1)
    rank = {k: r for r, (_, k) in enumerate(order)}
    n = len(free_a) + len(free_b)
    weight = [math.log(1 + n / d) for d, _ in order]
    known = rank.keys()
    rows_a = [sorted(map(rank.__getitem__, keys & known)) for keys in keys_a]
    rows_b = [sorted(map(rank.__getitem__, keys & known)) for keys in keys_b]
    found = set()
    for x, y in _nearest(rows_a, rows_b, weight):
        found.add((free_a[x], free_b[y]))
    for y, x in _nearest(rows_b, rows_a, weight):
        found.add((free_a[x], free_b[y]))
    return sorted(found)


def _keys(codes: list[int], base: int) -> set[int]:
    """Words and runs of two and three words, each as one number: templated texts share words
    but rarely runs. Runs of different lengths land in separate ranges of numbers."""
    pairs = [x * base + y for x, y in zip(codes, codes[1:], strict=False)]
    keys = set(codes)
    keys.update(pairs)
    keys.update(p * base + z for p, z in zip(pairs, codes[2:], strict=False))
    return keys


def _nearest(rows_x: list[list[int]], rows_y: list[list[int]], weight: list[float]):
    """For each row of x, the rows of y that share most of its rarest keys."""
    postings: list[list[int]] = [[] for _ in weight]
    for j, row in enumerate(rows_y):
        for k in row:
            postings[k].append(j)
    cap = max(50, len(rows_y) // 50)  # a key this common says little about which pair is right
    for i, row in enumerate(rows_x):
        hits: dict[int, float] = {}
        used = 0
        for k in row:
            post = postings[k]
            if not post:
                continue
            if len(post) > cap:
                break
            w = weight[k]
            for j in post:
                hits[j] = hits.get(j, 0.0) + w
            used += 1
            if used == RARE_KEYS:
                break
        # Ties keep the order the keys were visited in: deterministic, the same either way round.
        for j in (
            heapq.nlargest(PER_ROW, hits, key=hits.__getitem__) if len(hits) > PER_ROW else hits
        ):
            yield i, j
