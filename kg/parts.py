"""Output parts made file by file, where each file is extracted.

Formatting the outputs of a large corpus took longer than extracting it, one file after the
other in the main process. But a file's lines of ``measures.jsonl`` and its part of
``graph.ttl`` (and ``graph.nt``) depend on that file alone (see :mod:`kg.export.rdfmap`), so
the worker that extracts a file formats them too, in parallel with the other workers, and the
cache keeps them with the extraction: writing the outputs becomes putting parts together, and
a rebuild formats only the files that changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING

import networkx as nx

from kg.model import DocumentResult, FileParts
from kg.rulebook import Rulebook

if TYPE_CHECKING:
    from kg.normalise import ActorNormaliser


@dataclass(frozen=True)
class PartOptions:
    """What parts are made for: the base IRI and the RDF formats written part by part."""

    base_iri: str
    formats: tuple[str, ...] = ("turtle",)

    @classmethod
    def of(cls, base_iri: str | None = None, rdf_formats: Sequence[str] = ()) -> PartOptions:
        """The options of a build that writes ``rdf_formats`` under ``base_iri``."""
        from kg.export.rdf import DEFAULT_BASE_IRI, PART_FORMATS, parse_formats

        chosen = parse_formats(rdf_formats)
        return cls(base_iri or DEFAULT_BASE_IRI, tuple(f for f in chosen if f in PART_FORMATS))

    @property
    def key(self) -> str:
        return f"{self.base_iri} {','.join(self.formats)}"


@lru_cache(maxsize=2)
def _normaliser(rules: Rulebook) -> ActorNormaliser:
    from kg.normalise import ActorNormaliser

    return ActorNormaliser(rules)


#: A file with more measures than this gets no parts: its text would be held in memory (and
#: in the cache) whole; the writers stream it from the graph instead.
MAX_MEASURES = 100_000


def with_parts(document: DocumentResult, rules: Rulebook, options: PartOptions,
               graph: nx.MultiDiGraph | None = None, files: Mapping[str, list] | None = None) -> DocumentResult:
    """``document`` with its output parts, made from ``graph`` (the corpus's, ``files`` its
    nodes by source file) or, without one, from a graph of this file alone."""
    from kg.export.jsonl import json_line_bytes, measure_record
    from kg.export.rdf import file_parts
    from kg.export.rdfmap import partition
    from kg.graph import build_graph

    if len(document.measures) > MAX_MEASURES:
        return document
    normaliser = _normaliser(rules)
    if graph is None:
        graph, files = build_graph(document.articles, document.measures, normaliser), None
    if files is None:
        files = partition(graph)[0]
    own = {a.source: files.get(a.source, []) for a in document.articles}
    jsonl = b"".join(json_line_bytes(measure_record(m, normaliser)) for m in document.measures)
    texts = tuple((fmt, source, text.encode("utf-8")) for fmt in options.formats
                  for source, text in file_parts(graph, fmt, base_iri=options.base_iri, files=own))
    return replace(document, parts=FileParts(options.key, jsonl, texts))


def add_parts(documents: list[DocumentResult], graph: nx.MultiDiGraph, rules: Rulebook,
              options: PartOptions) -> list[DocumentResult]:
    """``documents``, each with its parts for ``options``: those without (extracted in this
    process, or cached for other options) get them from ``graph``, the corpus's graph."""
    from kg.export.rdfmap import partition

    missing = [d.parts is None or d.parts.options != options.key for d in documents]
    files = partition(graph)[0] if any(missing) else {}
    return [with_parts(d, rules, options, graph, files) if lacks else d for d, lacks in zip(documents, missing)]


@dataclass
class MadeParts:
    """The parts of a build's files, gathered for the writers.

    ``jsonl``: every file's lines of measures.jsonl in file order, or None if a file has no
    parts for these options (the lines are then made from the measures);
    ``texts[fmt][source]``: the parts of graph.ttl and graph.nt there are (the writer makes
    any that are missing from the graph).
    """

    jsonl: list[bytes] | None = None
    texts: dict[str, dict[str, bytes]] = field(default_factory=dict)


def gather(documents: Iterable[DocumentResult], options: PartOptions) -> MadeParts:
    made = MadeParts(jsonl=[])
    for document in documents:
        parts = document.parts
        if parts is None or parts.options != options.key:
            made.jsonl = None
            continue
        if made.jsonl is not None:
            made.jsonl.append(parts.jsonl)
        for fmt, source, text in parts.texts:
            made.texts.setdefault(fmt, {})[source] = text
    return made
