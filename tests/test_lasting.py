"""Lasting structures (a loaded corpus, its decoded commitments, its indexes, its search index) are
built with the collector paused and, when large, frozen out of its sight once built."""

from __future__ import annotations

import gc

import pytest

import compare.lasting as lasting
import compare.load as load
from compare.search import index


@pytest.fixture
def freezes(monkeypatch):
    """Records gc.freeze() calls, without freezing the test process's objects."""
    calls: list[bool] = []
    monkeypatch.setattr(gc, "freeze", lambda: calls.append(gc.isenabled()))
    return calls


@pytest.fixture
def three(corpus_dir, minimal):
    return corpus_dir({f"{i}.yaml": minimal(f"plan-{i}", f"Plan {i}") for i in range(3)})


def test_each_lasting_structure_of_a_large_corpus_is_frozen_once_built(three, freezes, monkeypatch):
    monkeypatch.setattr(lasting, "FREEZE_AT", 3)  # three commitments count as large here
    load.load_corpus(three)  # parsed
    assert freezes == [False]  # frozen while the collector was still paused
    corpus = load.load_corpus(three)  # from the cache: outlines only
    assert len(freezes) == 2
    list(corpus.agreements.values())  # every commitment decoded
    assert len(freezes) == 3
    assert corpus.by_country
    index(corpus)
    assert len(freezes) == 5 and not any(freezes)
    corpus.by_agency, index(corpus)  # built once: nothing more
    assert len(freezes) == 5 and gc.isenabled()


def test_small_corpora_are_never_frozen_and_the_collector_comes_back(three, freezes):
    corpus = load.load_corpus(three)
    corpus = load.load_corpus(three)
    list(corpus.agreements.values())
    assert corpus.by_theme
    index(corpus)
    assert freezes == [] and gc.isenabled()


def test_a_collector_paused_by_the_caller_stays_paused(three, freezes):
    gc.disable()
    try:
        load.load_corpus(three)
        assert not gc.isenabled()
    finally:
        gc.enable()
