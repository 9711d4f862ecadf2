"""Turtle and N-Triples text written straight from rows of strings: escaped, in one pass.

rdflib's own serialisers analyse the whole graph first (its Turtle writer took 37 s, and the
in-memory ``Graph`` 12 s, for the 1.1 million triples of a 5 MB input). Our data needs none of
that analysis: no blank nodes, no lists. So :mod:`kg.export.rdfmap` formats each object as it
makes it, and this module groups sorted rows into statements.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from itertools import groupby
from operator import itemgetter

Row = tuple[str, str, str]  # subject IRI, predicate IRI ("" for rdf:type), formatted object
#: The cache of formatted IRIs is cleared beyond this many entries, so that it speeds up the
#: common case (repeated IRIs) without holding a large graph in memory.
_CACHE_LIMIT = 200_000

# Characters a quoted literal may not hold raw (", \, line breaks), and the C0 controls and
# DEL, escaped too so that no parser or terminal is tripped by them.
_STRING_ESCAPES = {i: f"\\u{i:04X}" for i in (*range(0x20), 0x7F)}
_STRING_ESCAPES.update({ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r",
                        ord("\t"): "\\t"})
_NEEDS_ESCAPE = re.compile('[\x00-\x1f\x7f"\\\\]')
# Characters an IRIREF may not hold (the minter percent-encodes, this is the last guard).
_IRI_ESCAPES = {i: f"\\u{i:04X}" for i in (*range(0x21), *map(ord, '<>"{}|^`\\'))}
# A conservative PN_LOCAL: anything else is written as a full <IRI>.
_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?")


def escape_string(text: str) -> str:
    """The body of a quoted literal: quotes, backslashes and control characters escaped."""
    # translate() looks every character up; most text has nothing to escape, and a regular
    # expression finds that out many times faster.
    return text.translate(_STRING_ESCAPES) if _NEEDS_ESCAPE.search(text) else text


_IRI_NEEDS_ESCAPE = re.compile('[\x00-\x20<>"{}|^`\\\\]')


def _iri(iri: str) -> str:
    return f"<{iri.translate(_IRI_ESCAPES) if _IRI_NEEDS_ESCAPE.search(iri) else iri}>"


class TermWriter:
    """Formats IRIs, with prefixed names where a prefix applies (Turtle) or none (N-Triples)."""

    def __init__(self, prefixes: Sequence[tuple[str, str]] = ()) -> None:
        # Longest namespace first, so that a namespace nested in another wins.
        self.prefixes = sorted(prefixes, key=lambda p: -len(p[1]))
        self._cache: dict[str, str] = {}

    def iri(self, iri: str) -> str:
        text = self._cache.get(iri)
        if text is None:
            if len(self._cache) > _CACHE_LIMIT:
                self._cache.clear()
            text = _iri(iri)
            for prefix, namespace in self.prefixes:
                if iri.startswith(namespace) and _LOCAL.fullmatch(iri[len(namespace):]):
                    text = f"{prefix}:{iri[len(namespace):]}"
                    break
            self._cache[iri] = text
        return text


def nt_lines(rows: Iterable[Row]) -> Iterator[str]:
    """N-Triples lines of sorted, distinct rows (objects formatted for N-Triples)."""
    for s, p, o in rows:
        yield f"{_iri(s)} {_iri(p)} {o} .\n"


def turtle_blocks(rows: Iterable[Row], w: TermWriter) -> Iterator[str]:
    """One Turtle statement block per subject, from sorted, distinct rows.

    Subjects in IRI order, ``rdf:type`` (predicate "") first and the other predicates in IRI
    order, each predicate's objects sorted: the text is a pure function of the set of rows.
    """
    for subject, by_subject in groupby(rows, key=itemgetter(0)):
        lines = []
        for predicate, by_predicate in groupby(by_subject, key=itemgetter(1)):
            verb = "a" if predicate == "" else w.iri(predicate)
            lines.append(f"{verb} " + " ,\n        ".join(o for _, _, o in by_predicate))
        yield w.iri(subject) + "\n    " + " ;\n    ".join(lines) + " .\n"


def prefix_lines(prefixes: Sequence[tuple[str, str]]) -> str:
    return "".join(f"@prefix {prefix}: {_iri(ns)} .\n" for prefix, ns in sorted(prefixes))
