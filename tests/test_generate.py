"""The benchmark generator: deterministic, valid against the loader, and fit for its queries."""

from __future__ import annotations

import random

from benchmarks import generate as g
from compare.load import load_corpus


def _files(root):
    return {p.name: p.read_bytes() for p in sorted((root / "agreements").iterdir())}


def test_same_seed_same_bytes_other_seed_differs(tmp_path):
    a = g.generate(tmp_path / "a", 250, per_file=100, seed=3)
    b = g.generate(tmp_path / "b", 250, per_file=100, seed=3)
    c = g.generate(tmp_path / "c", 250, per_file=100, seed=4)
    assert _files(a) == _files(b)
    assert _files(a) != _files(c)
    assert list(_files(a)) == ["synthetic-0001.yaml", "synthetic-0002.yaml", "synthetic-0003.yaml"]


def test_output_validates_with_the_requested_counts(tmp_path):
    root = g.generate(tmp_path / "c", 250, per_file=100, seed=1)
    corpus = load_corpus(root, strict=True)
    counts = sorted(len(a.commitments) for a in corpus)
    assert counts == [50, 100, 100]
    themes = {t for _, c in corpus.commitments() for t in c.themes}
    assert themes <= set(corpus.taxonomy.themes) and len(themes) > 5
    assert any(c.agencies for _, c in corpus.commitments())
    assert any(c.funding for _, c in corpus.commitments())


def test_texts_are_commitment_sized_and_deterministic():
    out = g.texts(300, seed=2)
    assert out == g.texts(300, seed=2) and out != g.texts(300, seed=5)
    assert all(140 <= len(t) <= 250 for t in out), [t for t in out if not 140 <= len(t) <= 250]
    assert len(set(out)) > 290


def test_query_typos_are_absent_and_narrow_words_present(tmp_path):
    root = g.generate(tmp_path / "c", 2000, seed=0)
    text = b"".join(_files(root).values()).decode().lower()
    for word in g.QUERY_TYPOS:
        assert word in " ".join(g.QUERY_MIX)
        assert word not in text
    assert 0 < text.count("hawala") < 100
    assert len(g.QUERY_MIX) >= 20
    assert any(q.startswith("country:") for q in g.QUERY_MIX)
    assert any(q.startswith("theme:") for q in g.QUERY_MIX)
    assert any(len(q) == 1 for q in g.QUERY_MIX) and any(len(q) == 2 for q in g.QUERY_MIX)


def test_typo_changes_the_word():
    rng = random.Random(0)
    for word in ("smuggling", "border", "ab", "x"):
        for _ in range(50):
            assert g.typo(word, rng) != word


def test_paired_agreements_share_no_ids_and_a_third_are_paraphrases(tmp_path):
    pa, pb = g.paired_agreements(tmp_path / "p", n=300, seed=0)
    corpus = load_corpus(tmp_path / "p", strict=True)
    a, b = corpus.agreements["paired-a"], corpus.agreements["paired-b"]
    assert str(pa).endswith("paired-a.yaml") and str(pb).endswith("paired-b.yaml")
    assert len(a.commitments) == len(b.commitments) == 300
    assert not {c.id for c in a.commitments} & {c.id for c in b.commitments}
    pairs = g.paraphrase_pairs(300, seed=0)
    assert 70 <= len(pairs) <= 130
    for i, j in pairs:
        ta, tb = a.commitments[i].text, b.commitments[j].text
        assert ta != tb
        shared = set(ta.lower().split()) & set(tb.lower().split())
        assert len(shared) >= len(set(ta.lower().split())) // 2


def test_corpus_cache_reuses_the_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("ACCORD_BENCH_DIR", str(tmp_path / "bench"))
    first = g.corpus(120, per_file=60, seed=9)
    stamp = (first / "agreements" / "synthetic-0001.yaml").stat().st_mtime_ns
    again = g.corpus(120, per_file=60, seed=9)
    assert again == first
    assert (again / "agreements" / "synthetic-0001.yaml").stat().st_mtime_ns == stamp
    assert len(list((first / "agreements").iterdir())) == 2
