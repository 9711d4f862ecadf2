"""Export the policy graph (see :mod:`kg.graph`) as RDF: Turtle, N-Triples, JSON-LD or TriG.

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
built by :mod:`kg.graph` (no offsets, unexpected id) falls back to ``{base}{kind}/{q(node id)}``,
still content-derived.

Controlled values are SKOS concepts of the ontology: ``pkg:stance pkg:Require``,
``pkg:instrument pkg:Supply``, ``pkg:actorType pkg:Government`` (the tables are in
:mod:`kg.export.namespace`); the cue words stay literals (``pkg:stanceCue``,
``pkg:instrumentCue``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD, Namespace

from kg.export.atomic import atomic_writer, write_bytes
from kg.export.namespace import (
    ACTOR_TYPES,
    DEFAULT_BASE_IRI,
    INSTRUMENTS,
    ONTOLOGY_FILE,
    PKG,
    SHAPES_FILE,
    STANCES,
)
from kg.export.rdfwriter import (
    ExternalSort,
    FastTerms,
    TermWriter,
    nt_lines,
    ntriples,
    prefix_lines,
    rows_of,
    turtle,
    turtle_blocks,
    turtle_body,
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


# Term lookups on rdflib's DefinedNamespace classes cost microseconds each; a build of a large
# corpus makes millions of them.
PKG, DCTERMS, PROV, RDF, RDFS, SKOS, XSD = map(FastTerms, (PKG, DCTERMS, PROV, RDF, RDFS, SKOS, XSD))

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

#: Chinese text gets this language tag, so that multilingual tools pick the right label.
LANG = "zh"

_SPACE = re.compile(r"\s+")
_SURROGATE = re.compile("[\ud800-\udfff]")
# Separators the graph uses to pack lists into one string attribute (see kg.graph).
_AUTHOR_SEP = "、"
_SURFACE_SEP = " | "
_QUANTITY_SEP = "; "
# One quantity as kg.graph writes it: f"{comparator}{value:.15g}{unit}".
_QUANTITY = re.compile(
    r"(?P<cmp>>=|<=|>|<|=|~)(?P<num>[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)(?P<unit>.*)",
    re.DOTALL,
)

Triple = tuple[URIRef, URIRef, URIRef | Literal]


# --------------------------------------------------------------------------- IRIs


def _q(text: str) -> str:
    """Percent-encode one IRI path segment.

    NFC first, so that canonically equal names (composed vs decomposed forms) share one IRI;
    ``safe=""`` so ``/``, ``#``, quotes, spaces and ``<>`` never break the IRI's structure.
    Lone surrogates (not encodable) become U+FFFD.
    """
    return quote(unicodedata.normalize("NFC", _clean(text)), safe="")


def _hash(text: str) -> str:
    normal = unicodedata.normalize("NFC", _clean(text))
    return hashlib.sha1(normal.encode("utf-8")).hexdigest()[:16]


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


def _strip_prefix(node_id: str, prefix: str) -> str | None:
    return node_id[len(prefix):] if node_id.startswith(prefix) else None


def _span(attrs: Mapping[str, Any], start: str = "start", end: str = "end") -> str | None:
    s, e = attrs.get(start), attrs.get(end)
    if isinstance(s, int) and isinstance(e, int) and not isinstance(s, bool) and not isinstance(e, bool):
        return f"{s}-{e}"
    return None


class _Minter:
    """Derives every resource's IRI from the node's content (see the module docstring)."""

    def __init__(self, base: str) -> None:
        self.base = base

    def _iri(self, *segments: str) -> URIRef:
        return URIRef(self.base + "/".join(segments))

    def fallback(self, kind: str, node_id: str) -> URIRef:
        return self._iri(kind, _q(node_id))

    def source(self, name: str) -> URIRef:
        return self._iri("source", _q(name))

    def article(self, node_id: str, attrs: Mapping[str, Any]) -> URIRef:
        span = _span(attrs)
        if span and attrs.get("source"):
            return self._iri("article", _q(str(attrs["source"])), span)
        return self.fallback("article", node_id)

    def section(self, node_id: str, attrs: Mapping[str, Any], articles: Mapping[str, Mapping[str, Any]]) -> URIRef:
        """Under its article's span: ``section:<source>#<n>:<heading>`` names article ``#<n>``."""
        source = str(attrs.get("source", ""))
        rest = _strip_prefix(node_id, f"section:{source}#")
        if rest is not None:
            n, sep, heading = rest.partition(":")
            article = articles.get(f"article:{source}#{n}")
            span = _span(article) if article is not None else None
            if sep and span:
                return self._iri("section", _q(source), span, _q(heading))
        return self.fallback("section", node_id)

    def measure(self, node_id: str, attrs: Mapping[str, Any]) -> URIRef:
        span = _span(attrs)
        if span and attrs.get("source"):
            return self._iri("measure", _q(str(attrs["source"])), span)
        return self.fallback("measure", node_id)

    def sentence(self, attrs: Mapping[str, Any]) -> URIRef:
        """The sentence a measure came from: by its span, or (no offsets) a hash of its text."""
        source = _q(str(attrs.get("source", "")))
        span = _span(attrs, "sentence_start", "sentence_end")
        if span:
            return self._iri("sentence", source, span)
        return self._iri("sentence", source, "h" + _hash(str(attrs.get("sentence", ""))))

    def actor(self, node_id: str, attrs: Mapping[str, Any]) -> URIRef:
        name = _strip_prefix(node_id, "actor:")
        if name is None:
            name = str(attrs.get("name") or attrs.get("label") or node_id)
        return self._iri("actor", _q(name))

    def goal(self, node_id: str, attrs: Mapping[str, Any]) -> URIRef:
        key = _strip_prefix(node_id, "goal:")
        if key is None:
            key = _SPACE.sub("", str(attrs.get("text") or attrs.get("label") or node_id))
        return self._iri("goal", _hash(key))


# --------------------------------------------------------------------------- literals


def _clean(text: str) -> str:
    """Replace lone surrogates (from ``surrogateescape`` decoding): no RDF syntax can carry them."""
    if _SURROGATE.search(text):
        logger.warning("lone surrogate in %r replaced by U+FFFD", text[:40])
        return _SURROGATE.sub("\ufffd", text)
    return text


# Literals are immutable and their construction is the costliest step of the export (rdflib
# checks and converts every one): the same offset, label or rule id is made once.
_LITERALS = 1 << 16


def _zh(value: Any) -> Literal | None:
    """A ``@zh`` literal, or None for empty values (the graph uses "" for 'unknown')."""
    text = "" if value is None else str(value)
    return _zh_literal(text) if text else None


@lru_cache(maxsize=_LITERALS)
def _zh_literal(text: str) -> Literal:
    return Literal(_clean(text), lang=LANG)


def _plain(value: Any) -> Literal | None:
    text = "" if value is None else str(value)
    return _plain_literal(text) if text else None


@lru_cache(maxsize=_LITERALS)
def _plain_literal(text: str) -> Literal:
    return Literal(_clean(text))


def _int(value: Any) -> Literal | None:
    if isinstance(value, bool) or value is None or value == "":
        return None
    try:
        return _int_literal(int(value))
    except (TypeError, ValueError):
        logger.warning("not an integer, skipped: %r", value)
        return None


@lru_cache(maxsize=_LITERALS)
def _int_literal(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


def _year(value: Any) -> Literal | None:
    """``year`` is 0 in the graph when the sentence names none."""
    lit = _int(value)
    return lit if lit is not None and int(lit) != 0 else None


def _decimal(text: str) -> Literal | None:
    """An ``xsd:decimal`` in XSD's canonical form: no exponent, at least one digit either side
    of the point, no other leading or trailing zeros (``1.2e+12`` -> ``1200000000000.0``).
    It is also the form Turtle writes bare, so the literal survives a round trip unchanged."""
    try:
        d = Decimal(text)
    except InvalidOperation:
        return None
    if not d.is_finite():
        return None
    lexical = format(d.normalize(), "f")
    whole, _, fraction = lexical.partition(".")
    lexical = f"{whole}.{fraction.rstrip('0') or '0'}"
    if lexical == "-0.0":
        lexical = "0.0"
    return Literal(lexical, datatype=XSD.decimal)


def _concept(table: Mapping[str, URIRef], value: Any, what: str) -> URIRef | None:
    code = "" if value is None else str(value)
    if not code:
        return None
    concept = table.get(code)
    if concept is None:
        logger.warning("%s %r is not in the ontology's concept scheme; not exported", what, code)
    return concept


# --------------------------------------------------------------------------- conversion


@dataclass
class _Triples:
    """The export, grouped so that it can be written as one graph or one graph per file.

    ``files[source]`` holds what belongs to one source file (its articles, sections, sentences,
    measures and their links); ``shared[iri]`` the description of a resource shared by files
    (an actor or goal, with its quantities); ``uses[source]`` the shared resources a file's
    triples point at, so that each file's named graph can carry their descriptions too.
    """

    files: dict[str, list[Triple]] = field(default_factory=dict)
    shared: dict[URIRef, list[Triple]] = field(default_factory=dict)
    uses: dict[str, set[URIRef]] = field(default_factory=dict)
    source_iris: dict[str, URIRef] = field(default_factory=dict)

    def file(self, source: str) -> list[Triple]:
        return self.files.setdefault(source, [])

    def all(self) -> Iterable[Triple]:
        for triples in self.files.values():
            yield from triples
        for triples in self.shared.values():
            yield from triples


class _SinkDict(dict):
    """``shared`` of a streaming export: every resource's triples go to the one sink."""

    def __init__(self, sink: list[Triple]) -> None:
        super().__init__()
        self.sink = sink

    def setdefault(self, key: Any, default: Any = None) -> list[Triple]:
        return self.sink

    def __getitem__(self, key: Any) -> list[Triple]:
        return self.sink


class _StreamTriples(_Triples):
    """Triples collected into one list that the exporter drains as it goes (no grouping by
    file: Turtle and N-Triples do not need it)."""

    def __init__(self) -> None:
        super().__init__()
        self.sink: list[Triple] = []
        self.shared = _SinkDict(self.sink)

    def file(self, source: str) -> list[Triple]:
        return self.sink

    def all(self) -> Iterable[Triple]:
        return self.sink


def _sorted_nodes(graph: nx.MultiDiGraph) -> list[tuple[Any, dict[str, Any]]]:
    # Sorting keeps every list below independent of how the graph was built.
    return sorted(graph.nodes(data=True), key=lambda item: str(item[0]))


def _sorted_edges(graph: nx.MultiDiGraph) -> list[tuple[Any, Any, Any, dict[str, Any]]]:
    return sorted(
        graph.edges(keys=True, data=True),
        key=lambda e: (str(e[0]), str(e[1]), str(e[2])),
    )


class _Collector:
    def __init__(self, graph: nx.MultiDiGraph, base: str, *, stream: bool = False) -> None:
        self.graph = graph
        self.mint = _Minter(base)
        self.out = _StreamTriples() if stream else _Triples()
        self.tick: Any = None  # called after each node and edge: a streaming export drains
        self.iris: dict[Any, URIRef] = {}
        self.kinds: dict[Any, str] = {}
        self.homes: dict[Any, str | None] = {}  # node -> its source file; None if shared

    # ----------------------------------------------------------------- helpers

    @staticmethod
    def _add(triples: list[Triple], s: URIRef, p: URIRef, o: URIRef | Literal | None) -> None:
        if o is not None:
            triples.append((s, p, o))

    def _source(self, triples: list[Triple], iri: URIRef, source: str) -> None:
        """``dcterms:source`` the file's resource, described once in the file's own triples."""
        if not source:
            return
        file_iri = self.out.source_iris.get(source)
        if file_iri is None:
            file_iri = self.out.source_iris[source] = self.mint.source(source)
            own = self.out.file(source)
            own.append((file_iri, RDF.type, PKG.SourceFile))
            own.append((file_iri, RDFS.label, Literal(_clean(source))))
            own.append((file_iri, PKG.fileName, Literal(_clean(source))))
        triples.append((iri, DCTERMS.source, file_iri))

    def _quantities(self, triples: list[Triple], owner: URIRef, value: Any) -> None:
        text = "" if value is None else str(value)
        for n, piece in enumerate((p for p in text.split(_QUANTITY_SEP) if p.strip()), 1):
            m = _QUANTITY.fullmatch(piece.strip())
            number = _decimal(m["num"]) if m else None
            if m is None or number is None:
                logger.warning("quantity %r of %s not understood; not exported", piece, owner)
                continue
            q = URIRef(f"{owner}/quantity/{n}")
            triples.append((owner, PKG.quantity, q))
            triples.append((q, RDF.type, PKG.Quantity))
            triples.append((q, RDFS.label, Literal(_clean(piece.strip()), lang=LANG)))
            triples.append((q, PKG.comparator, Literal(m["cmp"])))
            triples.append((q, RDF.value, number))
            self._add(triples, q, PKG.unit, _plain(m["unit"].strip()))

    # ----------------------------------------------------------------- nodes

    def nodes(self) -> None:
        nodes = _sorted_nodes(self.graph)
        articles = {str(n): a for n, a in nodes if a.get("kind") == "article"}
        for node_id, attrs in nodes:
            kind = attrs.get("kind")
            nid = str(node_id)
            source = str(attrs.get("source") or "")
            if kind == "article":
                iri = self.mint.article(nid, attrs)
                self._article(self.out.file(source), iri, attrs)
            elif kind == "section":
                iri = self.mint.section(nid, attrs, articles)
                self._section(self.out.file(source), iri, attrs)
            elif kind == "measure":
                iri = self.mint.measure(nid, attrs)
                self._measure(self.out.file(source), iri, attrs)
            elif kind == "actor":
                iri = self.mint.actor(nid, attrs)
                self._actor(self.out.shared.setdefault(iri, []), iri, attrs)
                source = None
            elif kind == "goal":
                iri = self.mint.goal(nid, attrs)
                self._goal(self.out.shared.setdefault(iri, []), iri, attrs)
                source = None
            else:
                logger.warning("node %r of unknown kind %r not exported", node_id, kind)
                continue
            self.iris[node_id] = iri
            self.kinds[node_id] = kind
            self.homes[node_id] = source
            if self.tick is not None:
                self.tick()

    def _article(self, t: list[Triple], iri: URIRef, a: Mapping[str, Any]) -> None:
        t.append((iri, RDF.type, PKG.Article))
        self._add(t, iri, RDFS.label, _zh(a.get("label") or a.get("title")))
        self._add(t, iri, DCTERMS.title, _zh(a.get("title")))
        for author in str(a.get("authors") or "").split(_AUTHOR_SEP):
            self._add(t, iri, DCTERMS.creator, _zh(author.strip()))
        self._add(t, iri, PKG.affiliation, _zh(a.get("affiliation")))
        self._source(t, iri, str(a.get("source") or ""))
        self._add(t, iri, PKG.startOffset, _int(a.get("start")))
        self._add(t, iri, PKG.endOffset, _int(a.get("end")))

    def _section(self, t: list[Triple], iri: URIRef, a: Mapping[str, Any]) -> None:
        t.append((iri, RDF.type, PKG.Section))
        self._add(t, iri, RDFS.label, _zh(a.get("label") or a.get("heading")))
        self._add(t, iri, PKG.heading, _zh(a.get("heading")))
        self._source(t, iri, str(a.get("source") or ""))

    def _measure(self, t: list[Triple], iri: URIRef, a: Mapping[str, Any]) -> None:
        t.append((iri, RDF.type, PKG.Measure))
        self._add(t, iri, RDFS.label, _zh(a.get("label") or a.get("text")))
        source = str(a.get("source") or "")
        self._source(t, iri, source)
        self._add(t, iri, PKG.startOffset, _int(a.get("start")))
        self._add(t, iri, PKG.endOffset, _int(a.get("end")))
        self._add(t, iri, PKG.rule, _plain(a.get("rule")))
        self._add(t, iri, PKG.stance, _concept(STANCES, a.get("stance"), "stance"))
        self._add(t, iri, PKG.stanceCue, _zh(a.get("stance_cue")))
        self._add(t, iri, PKG.instrument, _concept(INSTRUMENTS, a.get("instrument"), "instrument"))
        self._add(t, iri, PKG.instrumentCue, _zh(a.get("instrument_cue")))
        self._add(t, iri, PKG.time, _zh(a.get("time")))
        self._add(t, iri, PKG.year, _year(a.get("year")))
        self._quantities(t, iri, a.get("quantities"))
        if not a.get("sentence"):
            return
        sentence = self.mint.sentence(a)
        t.append((iri, PROV.wasDerivedFrom, sentence))
        t.append((sentence, RDF.type, PKG.Sentence))
        self._add(t, sentence, PKG.sentenceText, _zh(a.get("sentence")))
        self._source(t, sentence, source)
        self._add(t, sentence, PKG.startOffset, _int(a.get("sentence_start")))
        self._add(t, sentence, PKG.endOffset, _int(a.get("sentence_end")))
        if "heading" in a:
            t.append((sentence, PKG.isHeading, Literal(bool(a["heading"]))))

    def _actor(self, t: list[Triple], iri: URIRef, a: Mapping[str, Any]) -> None:
        t.append((iri, RDF.type, PKG.Actor))
        label = a.get("label") or a.get("name")
        self._add(t, iri, RDFS.label, _zh(label))
        self._add(t, iri, PKG.actorType, _concept(ACTOR_TYPES, a.get("actor_type"), "actor type"))
        for form in str(a.get("surface") or "").split(_SURFACE_SEP):
            if form and form != label:
                self._add(t, iri, SKOS.altLabel, _zh(form))

    def _goal(self, t: list[Triple], iri: URIRef, a: Mapping[str, Any]) -> None:
        t.append((iri, RDF.type, PKG.Goal))
        self._add(t, iri, RDFS.label, _zh(a.get("label") or a.get("text")))
        self._add(t, iri, PKG.time, _zh(a.get("time")))
        self._add(t, iri, PKG.year, _year(a.get("year")))
        self._quantities(t, iri, a.get("quantities"))

    # ----------------------------------------------------------------- edges

    def _link(self, home_node: Any, s: URIRef, p: URIRef, o: URIRef, other: Any) -> None:
        source = self.homes[home_node]
        if source is None:  # not built by kg.graph: keep the triple with the shared resource
            self.out.shared[self.iris[home_node]].append((s, p, o))
            return
        self.out.file(source).append((s, p, o))
        if self.homes[other] is None:
            self.out.uses.setdefault(source, set()).add(self.iris[other])

    def edges(self) -> None:
        iris, kinds = self.iris, self.kinds
        section_article: dict[Any, Any] = {}
        measure_sections: list[tuple[Any, Any]] = []
        for u, v, key, attrs in _sorted_edges(self.graph):
            relation = attrs.get("relation", key)
            if u not in iris or v not in iris:
                continue
            ku, kv = kinds[u], kinds[v]
            if relation == "actor" and {ku, kv} == {"actor", "measure"}:
                m, a = (u, v) if ku == "measure" else (v, u)
                self._link(m, iris[m], PKG.hasActor, iris[a], a)
            elif relation == "target" and (ku, kv) == ("measure", "actor"):
                self._link(u, iris[u], PKG.hasTarget, iris[v], v)
            elif relation == "goal" and (ku, kv) == ("measure", "goal"):
                self._link(u, iris[u], PKG.hasGoal, iris[v], v)
            elif relation == "section" and (ku, kv) == ("measure", "section"):
                self._link(u, iris[u], PKG.inSection, iris[v], v)
                measure_sections.append((u, v))
            elif relation == "article" and (ku, kv) == ("measure", "article"):
                self._link(u, iris[u], PKG.inArticle, iris[v], v)
            elif relation == "article" and (ku, kv) == ("section", "article"):
                self._link(u, iris[u], DCTERMS.isPartOf, iris[v], v)
                section_article[u] = v
            else:
                logger.warning("edge %r -[%s]-> %r (%s -> %s) not exported", u, relation, v, ku, kv)
            if self.tick is not None:
                self.tick()
        # The graph links a measure under a heading only to its section; give it the article
        # too, so "all measures of article X" is one triple pattern.
        for measure, section in measure_sections:
            if section in section_article:
                article = section_article[section]
                self._link(measure, iris[measure], PKG.inArticle, iris[article], article)


def _collect(graph: nx.MultiDiGraph, base_iri: str) -> _Triples:
    collector = _Collector(graph, normalise_base(base_iri))
    collector.nodes()
    collector.edges()
    return collector.out


def _bind(g: Graph) -> None:
    """Bind exactly the prefixes we use, so the output does not depend on rdflib defaults."""
    for prefix, ns in _PREFIXES:
        g.bind(prefix, ns, override=True, replace=True)


_PREFIXES: Sequence[tuple[str, Namespace]] = (
    ("pkg", PKG._NS),
    ("prov", PROV),
    ("dcterms", DCTERMS),
    ("rdf", RDF),
    ("rdfs", RDFS),
    ("skos", SKOS),
    ("xsd", XSD),
)


def _graph(triples: Iterable[Triple]) -> Graph:
    g = Graph(bind_namespaces="none")
    _bind(g)
    for triple in triples:
        g.add(triple)
    return g


def to_rdf(graph: nx.MultiDiGraph, *, base_iri: str = DEFAULT_BASE_IRI) -> Graph:
    """Convert a policy graph built by :func:`kg.graph.build_graph` to one rdflib ``Graph``.

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
    collected = _collect(graph, base_iri)
    g = _graph(collected.all())
    logger.debug("RDF export: %d nodes -> %d triples", graph.number_of_nodes(), len(g))
    return g


def _named_triples(graph: nx.MultiDiGraph, base_iri: str) -> dict[URIRef | None, list[Triple]]:
    collected = _collect(graph, base_iri)
    named: dict[URIRef | None, list[Triple]] = {}
    used: set[URIRef] = set()
    for source, triples in collected.files.items():
        shared = collected.uses.get(source, set())
        used |= shared
        # Nodes without a source (not built by kg.graph) go in the default graph.
        bucket = named.setdefault(collected.source_iris.get(source) if source else None, [])
        bucket += triples
        bucket += (t for iri in sorted(shared) for t in collected.shared[iri])
    rest = [t for iri, triples in collected.shared.items() if iri not in used for t in triples]
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
    return {name: _graph(triples) for name, triples in _named_triples(graph, base_iri).items()}


# --------------------------------------------------------------------------- output


def _prefixes() -> list[tuple[str, str]]:
    return [(prefix, str(ns)) for prefix, ns in _PREFIXES]


def _json_ld(g: Graph) -> bytes:
    """JSON-LD through rdflib, every array sorted: its order follows the store's (hash) order."""
    context = {prefix: str(ns) for prefix, ns in _PREFIXES}
    data = json.loads(g.serialize(format="json-ld", context=context, encoding="utf-8"))
    return (json.dumps(_canonical_json(data), ensure_ascii=False, indent=2, sort_keys=True)
            + "\n").encode("utf-8")


def _serialise_trig(named: Mapping[URIRef | None, list[Triple]]) -> bytes:
    """TriG, one block per named graph in IRI order, the default graph first.

    A graph block's body is Turtle's statement syntax, written by :mod:`kg.export.rdfwriter`
    like graph.ttl; the ``@prefix`` lines come once, at the top.
    """
    writer = TermWriter(_prefixes())
    blocks: list[str] = []
    for name in sorted(named, key=lambda n: "" if n is None else str(n)):
        body = turtle_body(named[name], writer).strip("\n")
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

    Turtle, N-Triples and TriG are written by :mod:`kg.export.rdfwriter` from the triples
    (seconds for a million triples); JSON-LD goes through rdflib.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unsupported RDF format {fmt!r}; choose one of {sorted(FORMATS)}")
    if fmt == "trig":
        return _serialise_trig(_named_triples(graph, base_iri))
    if fmt == "turtle":
        return turtle(_collect(graph, base_iri).all(), _prefixes())
    if fmt == "nt":
        return ntriples(_collect(graph, base_iri).all())
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


def write_streaming(graph: nx.MultiDiGraph, path: Path, fmt: str = "turtle", *,
                    base_iri: str = DEFAULT_BASE_IRI, sort_limit: int = 1_500_000) -> None:
    """Write Turtle or N-Triples to ``path`` atomically, in bounded memory: triples are
    formatted as they are made, sorted on disk past ``sort_limit`` rows, and written as a
    stream. The bytes are those :func:`serialise` gives."""
    if fmt not in ("turtle", "nt"):
        raise ValueError(f"streaming writes turtle or nt, not {fmt!r}")
    turtle_doc = fmt == "turtle"
    writer = TermWriter(_prefixes()) if turtle_doc else TermWriter()
    collector = _Collector(graph, normalise_base(base_iri), stream=True)
    sink = collector.out.sink
    rows = ExternalSort(sort_limit)

    def drain(at_least: int = 20_000) -> None:
        if len(sink) >= at_least:
            rows.add(rows_of(sink, writer, type_first=turtle_doc))
            sink.clear()

    collector.tick = drain
    try:
        collector.nodes()
        collector.edges()
        drain(1)
        with atomic_writer(Path(path)) as f:
            if turtle_doc:
                f.write((prefix_lines(_prefixes()) + "\n").encode("utf-8"))
                for n, block in enumerate(turtle_blocks(rows, writer)):
                    f.write((block if n == 0 else "\n" + block).encode("utf-8"))
            else:
                for line in nt_lines(rows):
                    f.write(line.encode("utf-8"))
    finally:
        rows.close()


def write_rdf_outputs(
    graph: nx.MultiDiGraph,
    out: Path,
    *,
    formats: Iterable[str] = ("turtle",),
    base_iri: str | None = None,
) -> list[Path]:
    """Write ``graph.<ext>`` for each format (Turtle always), then ``ontology.ttl`` and
    ``shapes.ttl``, into ``out``; each file atomically.  Returns the paths written, in order.

    Formats and the base IRI are checked before anything is written. Turtle and N-Triples
    stream (:func:`write_streaming`), whatever the graph's size; JSON-LD and TriG are made in
    memory.
    """
    out = Path(out)
    base = base_iri or DEFAULT_BASE_IRI
    normalise_base(base)  # fail before writing anything
    chosen = parse_formats(formats)
    paths = []
    for fmt in chosen:
        path = out / FILE_NAMES[fmt]
        if fmt in ("turtle", "nt"):
            write_streaming(graph, path, fmt, base_iri=base)
        else:
            write_bytes(path, serialise(graph, fmt, base_iri=base))
        paths.append(path)
    return paths + write_schema(out)
