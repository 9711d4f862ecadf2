"""policykg: Chinese policy texts in, a knowledge graph of policy measures out.

>>> import kg
>>> pg = kg.build("seeds/")      # or kg.load("output/"): see kg.api
>>> pg.measures.head()

``make_nlp()`` gives the spaCy pipeline; ``diff(old, new)`` compares two versions' measures. ``build``, ``load``, ``PolicyGraph`` and ``make_nlp`` are imported from :mod:`kg.api` on first use, so that
``import kg`` (and ``kg --help``) loads neither spaCy nor pandas.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["PolicyGraph", "__version__", "build", "diff", "load", "make_nlp"]

if TYPE_CHECKING:
    from kg.api import PolicyGraph, build, load
    from kg.compare.diff import diff
    from kg.nlp import make_nlp

_API = frozenset({"PolicyGraph", "build", "load"})


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(importlib.import_module("kg.api"), name)
    if name == "make_nlp":  # the spaCy pipeline, imported with spaCy when first asked for
        return importlib.import_module("kg.nlp").make_nlp
    if name == "diff":  # two versions' measures compared (kg diff)
        return importlib.import_module("kg.compare.diff").diff
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_API, "make_nlp", "diff"})
