"""Structures built once and kept for the corpus's life: the corpus itself, its decoded
commitments, its country, agency and theme indexes, its search index.

Building them makes millions of small objects and no cycles, so the cyclic collector only costs:
it is paused while they are built. Once it is back, every full pass would walk them again (about
90 ms a pass in the app at 100,000 commitments, landing on a keystroke), so a large structure is
then frozen out of its sight (gc.freeze). Freezing keeps every other object alive then too,
including any garbage cycle not yet collected (in the app, a few from the event loop, once per
structure), so small corpora (tests, say) skip it.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager

FREEZE_AT = 5000  # commitments: a corpus this large is frozen once built


class Building:
    freeze = False  # set True when what was built is large


@contextmanager
def building():
    """Pause the collector while a lasting structure is built; freeze it if `freeze` is set."""
    was = gc.isenabled()
    gc.disable()
    state = Building()
    try:
        yield state
    finally:
        if state.freeze:
            gc.freeze()
        if was:  # another thread may have paused it first: then that thread turns it back on
            gc.enable()


def large(corpus) -> bool:
    """corpus: a Corpus, or the cache's mapping of agreements (both give outlines())."""
    return sum(n for _, n in corpus.outlines()) >= FREEZE_AT
