"""Accord: compare international agreements.

    from compare import load_corpus, search, diff, matrix

Names are imported lazily so that `import compare` stays cheap for the command line.
"""

from __future__ import annotations

__version__ = "0.1.0"

_EXPORTS = {
    "load_corpus": "compare.load",
    "corpus_root": "compare.load",
    "Corpus": "compare.model",
    "Agreement": "compare.model",
    "Commitment": "compare.model",
    "Source": "compare.model",
    "Funding": "compare.model",
    "Statement": "compare.model",
    "Figure": "compare.model",
    "PartialDate": "compare.model",
    "Problem": "compare.model",
    "CorpusError": "compare.model",
    "AmbiguousName": "compare.names",
    "search": "compare.search",
    "QueryError": "compare.search",
    "diff": "compare.diff",
    "matrix": "compare.matrix",
}

__all__ = [*_EXPORTS, "__version__"]


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'compare' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
