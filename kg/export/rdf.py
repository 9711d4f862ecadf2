"""Export the policy graph (see :mod:`kg.assemble`) as RDF: Turtle, N-Triples, JSON-LD or TriG.

Why RDF at all: GraphML/GEXF serve network analysis, but a knowledge graph is only reusable if
every node has a global, stable name and the relations use vocabularies others understand.
So this module

* mints IRIs from *content* (source file name, character spans, normalised names), never from
  counters or run order, so the same text always gets the same IRI and building from more
  files only adds triples;
* uses the policykg ontology (``kg/export/ontology.ttl``, terms in
  :class:`~kg.export.namespace.PKG`) and reuses W3C vocabularies where they fit
  (``rdfs:label``, ``skos``, ``dcterms``, ``prov:wasDerivedFrom``, ``rdf:value``);
* produces byte-identical output for the same graph, whatever ``PYTHONHASHSEED`` is, so exports
  can be diffed and committed;
* writes atomically, so a crash never leaves a half-written file where a good one was.

IRI scheme (``{base}`` is ``base_iri``; ``q()`` is ``urllib.parse.quote(s, safe="")`` of the
NFC-normalised string, so any Unicode, quote, space or ``<>`` gives a valid IRI; a resource
inside a file is named by its character span ``{start}-{end}`` in the decoded file)::

    source file  {base}source/{q(source)}                 (also the file's TriG graph name)
    article      {base}article/{q(source)}/{start}-{end}
    section      {base}section/{q(source)}/{article start}-{article end}/{q(heading)}
    sentence     {base}sentence/{q(source)}/{start}-{end}
    measure      {base}measure/{q(source)}/{start}-{end}
    actor        {base}actor/{q(normalised name)}
    goal         {base}goal/{sha1(whitespace-free NFC text)[:16]}
    quantity     {measure or goal IRI}/quantity/{n}       (n: 1-based, in text order)

Goals are hashed because they are whole phrases: percent-encoded CJK would make IRIs of several
hundred characters; the text itself is on the resource as ``rdfs:label``.  A node that was not
built by :mod:`kg.assemble` (no offsets, unexpected id) falls back to ``{base}{kind}/{q(node id)}``,
still content-derived.

Order: graph.ttl and graph.nt hold one part per source file, in file-name order, then the
shared part (actors and goals); within a part, subjects in IRI order, ``rdf:type`` first, then
predicates and objects in order. A file's part depends on that file alone (see
:mod:`kg.export.rdfmap`), so ``kg build`` makes it in the worker that extracted the file and
keeps it in the cache; a rebuild only formats the files that changed.

Controlled values are SKOS concepts of the ontology: ``pkg:stance pkg:Require``,
``pkg:instrument pkg:Supply``, ``pkg:actorType pkg:Government`` (the tables are in
:mod:`kg.export.namespace`); the cue words stay literals (``pkg:stanceCue``,
``pkg:instrumentCue``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import islice
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD, Namespace

from kg.export.atomic import atomic_writer, write_bytes
from kg.export.namespace import DEFAULT_BASE_IRI, ONTOLOGY_FILE, PKG, SHAPES_FILE
from kg.export.rdfmap import (
    Mapper,
    RdflibTerms,
    Row,
    TextTerms,
    partition,
    warn_unexported_edges,
)
from kg.export.rdfwriter import (
    ExternalSort,
    TermWriter,
    nt_lines,
    prefix_lines,
    turtle_blocks,
)

__all__ = [
    "DEFAULT_BASE_IRI",
    "FILE_NAMES",
    "FORMATS",
    "normalise_base",
    "parse_formats",
    "to_dataset_graphs",
    "to_rdf",
    "write_rdf",
    "write_rdf_outputs",
    "write_schema",
]

logger = logging.getLogger(__name__)

#: Accepted ``fmt`` values -> rdflib serializer names.
FORMATS: Mapping[str, str] = {
    "turtle": "turtle",
    "nt": "nt",
    "json-ld": "json-ld",
    "trig": "trig",
}

#: The file each format is written to by :func:`write_rdf_outputs`.
FILE_NAMES: Mapping[str, str] = {
    "turtle": "graph.ttl",
    "nt": "graph.nt",
    "json-ld": "graph.jsonld",
    "trig": "graph.trig",
}

#: Other spellings accepted on the command line (``--rdf-format ttl,jsonld``).
_ALIASES: Mapping[str, str] = {
    "ttl": "turtle",
    "ntriples": "nt",
    "n-triples": "nt",
    "jsonld": "json-ld",
    "json": "json-ld",
}

#: The formats written part by part, in bounded memory; the others are made in memory.
PART_FORMATS = ("turtle", "nt")

_PREFIXES: Sequence[tuple[str, Namespace]] = (
    ("pkg", PKG._NS),
    ("prov", PROV),
    ("dcterms", DCTERMS),
    ("rdf", RDF),
    ("rdfs", RDFS),
    ("skos", SKOS),
    ("xsd", XSD),
)


def _prefixes() -> list[tuple[str, str]]:
    return [(prefix, str(ns)) for prefix, ns in _PREFIXES]


def normalise_base(base_iri: str) -> str:
    """Check ``base_iri`` is absolute and make it end with a separator.

    Without the trailing ``/`` every IRI would silently run into the last path segment
    (``.../datameasure/...``), so add it rather than fail.  A base ending in ``#`` is refused:
    the quantity IRIs add a path below a resource's IRI, which a fragment cannot carry.
    """
    parts = urlsplit(base_iri)
    if not parts.scheme or not (parts.netloc or parts.path):
        raise ValueError(f"base IRI must be an absolute IRI, got {base_iri!r}")
    if any(c in base_iri for c in ' <>"{}|\\^`') or not base_iri.isprintable():
        raise ValueError(f"base IRI contains characters not allowed in an IRI: {base_iri!r}")
    if "#" in base_iri:
        raise ValueError(f"base IRI must not contain a fragment ('#'): {base_iri!r}")
    return base_iri if base_iri.endswith("/") else base_iri + "/"

# --------------------------------------------------------------------------- parts


def _text_mapper(graph: nx.MultiDiGraph, base_iri: str, fmt: str) -> Mapper:
    writer = TermWriter(_prefixes()) if fmt != "nt" else TermWriter()
    return Mapper(graph, normalise_base(base_iri), TextTerms(writer, turtle=fmt != "nt"))


#: A part of more rows than this is sorted on disk (a file of a million measures).
SORT_LIMIT = 2_000_000


def _pieces(rows: Iterable[Row], fmt: str, writer: TermWriter, sort_limit: int = SORT_LIMIT) -> Iterator[str]:
    """Sorted, distinct rows as Turtle statement blocks or N-Triples lines, in bounded memory."""
    rows = iter(rows)
    ordered = ExternalSort(sort_limit)
    try:
        while batch := list(islice(rows, 100_000)):
            ordered.add(batch)
        yield from turtle_blocks(ordered, writer) if fmt == "turtle" else nt_lines(ordered)
    finally:
        ordered.close()


def _text(rows: Iterable[Row], fmt: str, writer: TermWriter) -> str:
    """A part's text: Turtle statement blocks a blank line apart, or N-Triples lines."""
    return ("\n" if fmt == "turtle" else "").join(_pieces(rows, fmt, writer))


def document(parts: Iterable[Iterable[str]], fmt: str) -> Iterator[str]:
    """A whole Turtle or N-Triples document from its parts, in order: each part is its
    statement blocks (or lines)."""
    if fmt == "nt":
        for part in parts:
            yield from part
        return
    yield prefix_lines(_prefixes()) + "\n"
    first = True
    for part in parts:
        for piece in part:
            if piece:
                if not first:
                    yield "\n"  # a blank line between statement blocks
                yield piece
                first = False


def _parts(graph: nx.MultiDiGraph, fmt: str, base_iri: str) -> Iterator[Iterable[str]]:
    """``graph``'s parts in document order, each made a piece at a time."""
    warn_unexported_edges(graph)
    files, shared = partition(graph)
    mapper = _text_mapper(graph, base_iri, fmt)
    for source in sorted(files):
        yield _pieces(mapper.file_rows(source, files[source]), fmt, mapper.t.writer)
    # The shared part: the actors and goals, described once for all files.
    yield _pieces((r for rows in mapper.shared_rows(shared).values() for r in rows), fmt, mapper.t.writer)


# --------------------------------------------------------------------------- rdflib


def _all_rows(mapper: Mapper) -> tuple[Mapper, dict[str, list[Row]], dict[str, list[Row]]]:
    """(``mapper``, rows of each file's part, rows describing each shared resource) in memory."""
    warn_unexported_edges(mapper.graph)
    files, shared = partition(mapper.graph)
    by_file = {source: list(mapper.file_rows(source, nodes)) for source, nodes in files.items()}
    return mapper, by_file, mapper.shared_rows(shared)


def _rdflib_rows(graph: nx.MultiDiGraph, base_iri: str) -> tuple[Mapper, dict[str, list[Row]], dict[str, list[Row]]]:
    return _all_rows(Mapper(graph, normalise_base(base_iri), RdflibTerms()))


def _bind(g: Graph) -> None:
    """Bind exactly the prefixes we use, so the output does not depend on rdflib defaults."""
    for prefix, ns in _PREFIXES:
        g.bind(prefix, ns, override=True, replace=True)


def _graph(rows: Iterable[Row]) -> Graph:
    g = Graph(bind_namespaces="none")
    _bind(g)
    for s, p, o in rows:
        g.add((URIRef(s), URIRef(p), o))
    return g


def to_rdf(graph: nx.MultiDiGraph, *, base_iri: str = DEFAULT_BASE_IRI) -> Graph:
    """Convert a policy graph built by :func:`kg.assemble.build_graph` to one rdflib ``Graph``.

    Node and edge attributes map as follows (empty strings and year 0 mean 'unknown' and give
    no triple; every resource also gets ``rdf:type`` its ``pkg:`` class):

    * source file (one per ``source`` value): ``pkg:fileName``, ``rdfs:label``;
    * article: ``rdfs:label``, ``dcterms:title``, one ``dcterms:creator`` per author (the
      ``authors`` attribute is joined by "、"), ``pkg:affiliation``, ``dcterms:source`` its
      source file, ``pkg:startOffset``/``pkg:endOffset``;
    * section: ``rdfs:label``, ``pkg:heading``, ``dcterms:source``, ``dcterms:isPartOf`` its
      article;
    * measure: ``rdfs:label``, ``dcterms:source``, offsets, ``pkg:rule``, ``pkg:stance`` and
      ``pkg:instrument`` (SKOS concepts) with ``pkg:stanceCue``/``pkg:instrumentCue``,
      ``pkg:time``, ``pkg:year``, ``pkg:quantity``, ``prov:wasDerivedFrom`` a ``pkg:Sentence``
      (``pkg:sentenceText``, ``dcterms:source``, offsets, ``pkg:isHeading``), and
      ``pkg:inSection``/``pkg:inArticle``;
    * actor: ``rdfs:label``, ``pkg:actorType`` (a SKOS concept), ``skos:altLabel`` per other
      surface form;
    * goal: ``rdfs:label``, ``pkg:time``, ``pkg:year``, ``pkg:quantity``;
    * quantity (``>=70%``): ``rdfs:label``, ``pkg:comparator``, ``rdf:value`` (xsd:decimal),
      ``pkg:unit``;
    * edges: ``actor`` -> ``pkg:hasActor``, ``target`` -> ``pkg:hasTarget``, ``goal`` ->
      ``pkg:hasGoal`` (all from the measure), ``section`` -> ``pkg:inSection``, ``article`` ->
      ``pkg:inArticle`` (measure) or ``dcterms:isPartOf`` (section).

    Per-mention provenance on edges (mention offsets and rule) is not exported: RDF 1.1 would
    need reification for it, and the sentence link already gives the evidence.
    """
    _, by_file, shared = _rdflib_rows(graph, base_iri)
    g = _graph(r for rows in (*by_file.values(), *shared.values()) for r in rows)
    logger.debug("RDF export: %d nodes -> %d triples", graph.number_of_nodes(), len(g))
    return g


def _named(mapper: Mapper, by_file: Mapping[str, list[Row]],
           shared: Mapping[str, list[Row]]) -> dict[str | None, list[Row]]:
    """Rows by named graph: a file's graph holds its part and the shared resources it points at."""
    named: dict[str | None, list[Row]] = {}
    used: set[str] = set()
    for source, rows in by_file.items():
        uses = mapper.uses.get(source, set())
        used |= uses
        # Nodes without a source (not built by kg.assemble) go in the default graph.
        bucket = named.setdefault(mapper.mint.source(source) if source else None, [])
        bucket += rows
        bucket += (r for iri in sorted(uses) for r in shared.get(iri, ()))
    rest = [r for iri, rows in shared.items() if iri not in used for r in rows]
    if rest:
        named.setdefault(None, []).extend(rest)
    return named


def to_dataset_graphs(
    graph: nx.MultiDiGraph, *, base_iri: str = DEFAULT_BASE_IRI
) -> dict[URIRef | None, Graph]:
    """The export as named graphs: one per source file, named by the file's IRI.

    A file's graph holds its articles, sections, sentences and measures, and the descriptions
    of the actors and goals they point at, so that each graph can be used on its own; the
    union of all graphs is :func:`to_rdf`.  Shared resources no file points at (only possible
    in a hand-made graph) go in the default graph, key ``None``.
    """
    named = _named(*_rdflib_rows(graph, base_iri))
    return {None if name is None else URIRef(name): _graph(rows) for name, rows in named.items()}


# --------------------------------------------------------------------------- output


def _json_ld(g: Graph) -> bytes:
    """JSON-LD through rdflib, every array sorted: its order follows the store's (hash) order."""
    context = {prefix: str(ns) for prefix, ns in _PREFIXES}
    data = json.loads(g.serialize(format="json-ld", context=context, encoding="utf-8"))
    return (json.dumps(_canonical_json(data), ensure_ascii=False, indent=2, sort_keys=True)
            + "\n").encode("utf-8")


def _serialise_trig(graph: nx.MultiDiGraph, base_iri: str) -> bytes:
    """TriG, one block per named graph in IRI order, the default graph first.

    A graph block's body is Turtle's statement syntax, formatted like graph.ttl; the
    ``@prefix`` lines come once, at the top.
    """
    mapper = _text_mapper(graph, base_iri, "trig")
    named = _named(*_all_rows(mapper))
    writer = mapper.t.writer
    blocks: list[str] = []
    for name in sorted(named, key=lambda n: n or ""):
        body = _text(named[name], "turtle", writer).strip("\n")
        if body:
            opener = "{" if name is None else f"{writer.iri(name)} {{"
            blocks.append(f"{opener}\n{body}\n}}\n")
    return (prefix_lines(_prefixes()) + "\n" + "\n".join(blocks)).encode("utf-8")


def _canonical_json(value: Any) -> Any:
    """Sort every JSON-LD array (node list, multi-valued properties): RDF values are sets."""
    if isinstance(value, dict):
        return {k: _canonical_json(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_canonical_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return value

def serialise(graph: nx.MultiDiGraph, fmt: str = "turtle", *, base_iri: str = DEFAULT_BASE_IRI) -> bytes:
    """The bytes :func:`write_rdf` writes: a pure function of the graph's content.

    Turtle, N-Triples and TriG are formatted here (:mod:`kg.export.rdfwriter`, seconds for a
    million triples); JSON-LD goes through rdflib.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unsupported RDF format {fmt!r}; choose one of {sorted(FORMATS)}")
    if fmt == "trig":
        return _serialise_trig(graph, base_iri)
    if fmt in PART_FORMATS:
        return "".join(document(_parts(graph, fmt, base_iri), fmt)).encode("utf-8")
    return _json_ld(to_rdf(graph, base_iri=base_iri))


def write_rdf(
    graph: nx.MultiDiGraph,
    path: Path,
    *,
    fmt: str = "turtle",
    base_iri: str = DEFAULT_BASE_IRI,
) -> None:
    """Export ``graph`` to ``path`` as ``fmt`` (turtle, nt, json-ld or trig), atomically.

    TriG holds one named graph per source file (see :func:`to_dataset_graphs`); the other
    formats hold one graph.  The bytes are a pure function of the graph's content, so
    re-exporting an unchanged graph leaves the file byte-identical (clean diffs,
    cache-friendly).
    """
    path = Path(path)
    data = serialise(graph, fmt, base_iri=base_iri)
    write_bytes(path, data)
    logger.info("wrote %d bytes of %s to %s", len(data), fmt, path)


def parse_formats(values: Iterable[str] | None) -> list[str]:
    """``--rdf-format`` values (repeatable, comma-separated, aliases allowed) -> format names.

    Turtle is always included and comes first; unknown names raise ``ValueError``.
    """
    chosen = ["turtle"]
    for value in values or ():
        for name in (v.strip().lower() for v in str(value).split(",")):
            if not name:
                continue
            name = _ALIASES.get(name, name)
            if name not in FORMATS:
                raise ValueError(
                    f"unknown RDF format {value!r}; choose from {', '.join(sorted(FORMATS))}"
                )
            if name not in chosen:
                chosen.append(name)
    return chosen


def write_schema(out: Path) -> list[Path]:
    """Write the shipped ontology and shapes into ``out`` as ``ontology.ttl`` and ``shapes.ttl``."""
    out = Path(out)
    paths = []
    for shipped in (ONTOLOGY_FILE, SHAPES_FILE):
        path = out / shipped.name
        write_bytes(path, shipped.read_bytes())
        paths.append(path)
    return paths

def write_rdf_outputs(
    graph: nx.MultiDiGraph,
    out: Path,
    *,
    formats: Iterable[str] = ("turtle",),
    base_iri: str | None = None,
) -> list[Path]:
    """Write ``graph.<ext>`` for each format (Turtle always), then ``ontology.ttl`` and
    ``shapes.ttl``, into ``out``; each file atomically.  Returns the paths written, in order.

    Formats and the base IRI are checked before anything is written. Turtle and N-Triples are
    written part by part (memory holds one file's part at a time); JSON-LD and TriG are made
    in memory.
    """
    out = Path(out)
    base = base_iri or DEFAULT_BASE_IRI
    normalise_base(base)  # fail before writing anything
    chosen = parse_formats(formats)
    paths = []
    for fmt in chosen:
        path = out / FILE_NAMES[fmt]
        if fmt in PART_FORMATS:
            with atomic_writer(path) as f:
                for piece in document(_parts(graph, fmt, base), fmt):
                    f.write(piece.encode("utf-8"))
        else:
            write_bytes(path, serialise(graph, fmt, base_iri=base))
        paths.append(path)
    return paths + write_schema(out)
