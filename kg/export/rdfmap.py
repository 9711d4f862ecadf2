"""The mapping from the policy graph (:mod:`kg.assemble`) to RDF triples, one source file at a time.

A graph splits into *file parts* and a *shared part*. A file part holds the resources of one
source file (the file itself, its articles, sections, sentences, measures and their
quantities) and every link from them; a shared part the actors and goals that files point at.
A file part is a function of that file's nodes and their edges alone, so the writer makes and
writes one part at a time in bounded memory, and the document is the parts put together: see
:mod:`kg.export.rdf` for the IRI scheme and the order.

Objects are made by a term factory: :class:`TextTerms` formats them straight into Turtle or
N-Triples text (the exports, no rdflib objects on the way), :class:`RdflibTerms` makes rdflib
terms (``to_rdf``, JSON-LD). Subjects and predicates are plain IRI strings either way.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import quote

import networkx as nx
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from kg.export.namespace import ACTOR_TYPES, INSTRUMENTS, KIND_CONCEPTS, PKG, STANCES
from kg.export.rdfwriter import TermWriter, escape_string
from kg.assemble import edges, in_edges, node_kinds, out_edges
from kg.assemble.graph import goal_key, quantity_text, unpack

logger = logging.getLogger(__name__)

#: Chinese text gets this language tag, so that multilingual tools pick the right label.
LANG = "zh"
#: Node kinds that belong to one source file; the other kinds are shared between files.
FILE_KINDS = frozenset({"article", "section", "measure"})
SHARED_KINDS = frozenset({"actor", "goal"})

Row = tuple[str, str, Any]  # subject IRI, predicate IRI ("" for rdf:type in Turtle), object


def _s(term: object) -> str:
    return str(term)


TYPE = _s(RDF.type)
LABEL, ALT_LABEL = _s(RDFS.label), _s(SKOS.altLabel)
TITLE, CREATOR, SOURCE, PART_OF = _s(DCTERMS.title), _s(DCTERMS.creator), _s(DCTERMS.source), _s(DCTERMS.isPartOf)
DERIVED_FROM, VALUE = _s(PROV.wasDerivedFrom), _s(RDF.value)
INTEGER, DECIMAL, BOOLEAN, DATE = _s(XSD.integer), _s(XSD.decimal), _s(XSD.boolean), _s(XSD.date)
# The document header of an article's file (kg.ingest.header): number, dates of writing and
# publication, issuing bodies, addressees, kind.
IDENTIFIER, CREATED, ISSUED = _s(DCTERMS.identifier), _s(DCTERMS.created), _s(DCTERMS.issued)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
P = {name: _s(getattr(PKG, name)) for name in (
    "SourceFile", "Article", "Section", "Sentence", "Measure", "Actor", "Goal", "Quantity",
    "fileName", "affiliation", "startOffset", "endOffset", "heading", "rule", "stance", "stanceCue",
    "instrument", "instrumentCue", "time", "year", "quantity", "comparator", "unit", "sentenceText",
    "isHeading", "actorType", "hasActor", "hasTarget", "hasGoal", "inSection", "inArticle",
    "issuedBy", "addressee", "documentKind", "echoes", "Echo", "echo", "score")}
_CONCEPTS = {what: {code: _s(iri) for code, iri in table.items()}
             for what, table in (("stance", STANCES), ("instrument", INSTRUMENTS), ("actor type", ACTOR_TYPES),
                                            ("document kind", KIND_CONCEPTS))}

_SURROGATE = re.compile("[\ud800-\udfff]")


def _items(attrs: Mapping[str, Any], name: str) -> tuple[Any, ...]:
    """A list attribute of a node (authors, surface forms, quantities) as the records gave it;
    a graph built by hand may hold it as GraphML's joined string, split here the one way."""
    value = attrs.get(name)
    if isinstance(value, str):
        value = dict(attrs)
        unpack(value)
        value = value.get(name)
    return value if isinstance(value, tuple) else ()


# --------------------------------------------------------------------------- IRIs


def clean(text: str) -> str:
    """Replace lone surrogates (from ``surrogateescape`` decoding): no RDF syntax can carry them."""
    if _SURROGATE.search(text):
        logger.warning("lone surrogate in %r replaced by U+FFFD", text[:40])
        return _SURROGATE.sub("\ufffd", text)
    return text


def _q(text: str) -> str:
    """Percent-encode one IRI path segment.

    NFC first, so that canonically equal names (composed vs decomposed forms) share one IRI;
    ``safe=""`` so ``/``, ``#``, quotes, spaces and ``<>`` never break the IRI's structure.
    """
    return quote(unicodedata.normalize("NFC", clean(text)), safe="")


def _hash(text: str) -> str:
    normal = unicodedata.normalize("NFC", clean(text))
    return hashlib.sha1(normal.encode("utf-8")).hexdigest()[:16]


def _span(attrs: Mapping[str, Any], start: str = "start", end: str = "end") -> str | None:
    s, e = attrs.get(start), attrs.get(end)
    if type(s) is int and type(e) is int:  # not bool, not a string
        return f"{s}-{e}"
    return None


class Minter:
    """Derives every resource's IRI from the node's content (see :mod:`kg.export.rdf`)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self._sources: dict[str, str] = {}

    def _iri(self, *segments: str) -> str:
        return self.base + "/".join(segments)

    def fallback(self, kind: str, node_id: str) -> str:
        return self._iri(kind, _q(node_id))

    def _source_segment(self, name: str) -> str:
        segment = self._sources.get(name)
        if segment is None:
            segment = self._sources[name] = _q(name)
        return segment

    def source(self, name: str) -> str:
        return self._iri("source", self._source_segment(name))

    def article(self, node_id: str, attrs: Mapping[str, Any]) -> str:
        span = _span(attrs)
        if span and attrs.get("source"):
            return self._iri("article", self._source_segment(str(attrs["source"])), span)
        return self.fallback("article", node_id)

    def section(self, node_id: str, attrs: Mapping[str, Any], graph: nx.MultiDiGraph) -> str:
        """Under the span of the article its ``article`` edge leads to, by its heading."""
        source, heading = attrs.get("source"), attrs.get("heading")
        articles = [graph._node[a] for a in graph._succ.get(node_id, ())
                    if graph._node[a].get("kind") == "article"]
        span = _span(articles[0]) if len(articles) == 1 else None
        if span and source and isinstance(heading, str) and heading:
            return self._iri("section", self._source_segment(str(source)), span, _q(heading))
        return self.fallback("section", node_id)

    def measure(self, node_id: str, attrs: Mapping[str, Any]) -> str:
        span = _span(attrs)
        if span and attrs.get("source"):
            return self._iri("measure", self._source_segment(str(attrs["source"])), span)
        return self.fallback("measure", node_id)

    def sentence(self, attrs: Mapping[str, Any]) -> str:
        """The sentence a measure came from: by its span, or (no offsets) a hash of its text."""
        source = self._source_segment(str(attrs.get("source", "")))
        span = _span(attrs, "sentence_start", "sentence_end")
        if span:
            return self._iri("sentence", source, span)
        return self._iri("sentence", source, "h" + _hash(str(attrs.get("sentence", ""))))

    def actor(self, node_id: str, attrs: Mapping[str, Any]) -> str:
        return self._iri("actor", _q(str(attrs.get("name") or attrs.get("label") or node_id)))

    def goal(self, node_id: str, attrs: Mapping[str, Any]) -> str:
        return self._iri("goal", _hash(goal_key(str(attrs.get("text") or attrs.get("label") or node_id))))


# --------------------------------------------------------------------------- terms


def decimal_lexical(text: str) -> str | None:
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
    return "0.0" if lexical == "-0.0" else lexical


class _Terms:
    """Makes objects, each once: the same label, offset or rule id recurs across a file's
    triples. Subclasses say how a term is made (``_zh``, ``_plain``, ``_integer``)."""

    def __init__(self) -> None:
        self._cache: dict[Any, Any] = {}

    def zh(self, text: str) -> Any:
        key = ("zh", text)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._cache[key] = self._zh(clean(text))
        return hit

    def plain(self, text: str) -> Any:
        key = ("s", text)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._cache[key] = self._plain(clean(text))
        return hit

    def integer(self, value: int) -> Any:
        hit = self._cache.get(value)
        if hit is None:
            hit = self._cache[value] = self._integer(value)
        return hit

    def date(self, iso: str) -> Any:
        """An ``xsd:date`` (``2024-07-24``)."""
        key = ("date", iso)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._cache[key] = self._date(iso)
        return hit


class TextTerms(_Terms):
    """Objects as formatted text: Turtle (prefixed names, bare integers) or N-Triples."""

    def __init__(self, writer: TermWriter, *, turtle: bool) -> None:
        super().__init__()
        self.writer = writer
        self.type = "" if turtle else TYPE  # "" sorts rdf:type first; Turtle writes it as ``a``
        self._turtle = turtle

    def iri(self, iri: str) -> str:
        return self.writer.iri(iri)

    def _zh(self, text: str) -> str:
        return f'"{escape_string(text)}"@{LANG}'

    def _plain(self, text: str) -> str:
        return f'"{escape_string(text)}"'

    def _integer(self, value: int) -> str:
        return str(value) if self._turtle else f'"{value}"^^{self.writer.iri(INTEGER)}'

    def boolean(self, value: bool) -> str:
        return f'"{"true" if value else "false"}"^^{self.writer.iri(BOOLEAN)}'

    def decimal(self, lexical: str) -> str:
        return f'"{lexical}"^^{self.writer.iri(DECIMAL)}'

    def _date(self, iso: str) -> str:
        return f'"{iso}"^^{self.writer.iri(DATE)}'


class RdflibTerms(_Terms):
    """Objects as rdflib terms, for an in-memory rdflib ``Graph``."""

    type = TYPE

    @staticmethod
    def iri(iri: str) -> URIRef:
        return URIRef(iri)

    @staticmethod
    def _zh(text: str) -> Literal:
        return Literal(text, lang=LANG)

    @staticmethod
    def _plain(text: str) -> Literal:
        return Literal(text)

    @staticmethod
    def _integer(value: int) -> Literal:
        return Literal(value, datatype=XSD.integer)

    @staticmethod
    def boolean(value: bool) -> Literal:
        return Literal(value)

    @staticmethod
    def decimal(lexical: str) -> Literal:
        return Literal(lexical, datatype=XSD.decimal)

    @staticmethod
    def _date(iso: str) -> Literal:
        return Literal(iso, datatype=XSD.date)


Terms = TextTerms | RdflibTerms


# --------------------------------------------------------------------------- the mapping


def partition(graph: nx.MultiDiGraph) -> tuple[dict[str, list[Any]], list[Any]]:
    """The graph's nodes by source file (file kinds) and the shared ones, in graph order."""
    files: dict[str, list[Any]] = {}
    shared: list[Any] = []
    for node, attrs in graph._node.items():
        kind = attrs.get("kind")
        if kind in FILE_KINDS:
            files.setdefault(str(attrs.get("source") or ""), []).append(node)
        elif kind in SHARED_KINDS:
            shared.append(node)
        else:
            logger.warning("node %r of unknown kind %r not exported", node, kind)
    return files, shared


#: Exported edges: (relation, kind of the file node that owns it, kind of the other end) ->
#: predicate, from the owner. An ``actor`` edge runs either way (kg.assemble draws actor ->
#: measure); every other edge runs from its owner.
LINKS = {
    ("actor", "measure", "actor"): P["hasActor"],
    ("target", "measure", "actor"): P["hasTarget"],
    ("goal", "measure", "goal"): P["hasGoal"],
    ("section", "measure", "section"): P["inSection"],
    ("article", "measure", "article"): P["inArticle"],
    ("article", "section", "article"): PART_OF,
    ("issuer", "article", "actor"): P["issuedBy"],
    ("echoes", "measure", "measure"): P["echoes"],
}
_EITHER_WAY = frozenset({"actor"})


def _exported(relation: Any, ku: Any, kv: Any) -> bool:
    """Whether some part exports an edge of ``relation`` from a ``ku`` node to a ``kv`` node."""
    return (relation, ku, kv) in LINKS or (relation in _EITHER_WAY and (relation, kv, ku) in LINKS)


def warn_unexported_edges(graph: nx.MultiDiGraph) -> None:
    """Log every edge that no part exports (not built by :mod:`kg.assemble`)."""
    kinds = node_kinds(graph)
    for u, v, key, attrs in edges(graph):
        relation, ku, kv = attrs.get("relation", key), kinds[u], kinds[v]
        if not _exported(relation, ku, kv):
            logger.warning("edge %r -[%s]-> %r (%s -> %s) not exported", u, relation, v, ku, kv)


class Mapper:
    """Makes the rows of file parts and of the shared part of one graph."""

    def __init__(self, graph: nx.MultiDiGraph, base: str, terms: Terms) -> None:
        self.graph = graph
        self.mint = Minter(base)
        self.t = terms
        self._iris: dict[Any, str] = {}
        #: per file: the shared resources (actor and goal IRIs) its part points at
        self.uses: dict[str, set[str]] = {}

    def iri(self, node: Any) -> str | None:
        """The IRI of any exported node (None for a node of unknown kind)."""
        hit = self._iris.get(node)
        if hit is None:
            attrs = self.graph._node[node]
            kind, nid = attrs.get("kind"), str(node)
            if kind == "measure":
                hit = self.mint.measure(nid, attrs)
            elif kind == "actor":
                hit = self.mint.actor(nid, attrs)
            elif kind == "goal":
                hit = self.mint.goal(nid, attrs)
            elif kind == "article":
                hit = self.mint.article(nid, attrs)
            elif kind == "section":
                hit = self.mint.section(nid, attrs, self.graph)
            else:
                return None
            self._iris[node] = hit
        return hit

    # ----------------------------------------------------------------- file parts

    def file_rows(self, source: str, nodes: Iterable[Any]) -> Iterator[Row]:
        """Rows of one source file's part: its resources and every link from them, node by
        node (a file of millions of triples is never one list)."""
        t, graph = self.t, self.graph
        uses = self.uses.setdefault(source, set())
        described: set[tuple[Any, ...]] = set()  # sentences of the file, described once each
        if source:
            file_iri = self.mint.source(source)
            yield file_iri, t.type, t.iri(P["SourceFile"])
            yield file_iri, LABEL, t.plain(source)
            yield file_iri, P["fileName"], t.plain(source)
            file_object = t.iri(file_iri)
        else:
            file_object = None
        rows: list[Row] = []
        for node in nodes:
            yield from rows
            rows.clear()
            attrs = graph._node[node]
            kind = attrs.get("kind")
            iri = self.iri(node)
            if kind == "measure":
                self._measure(rows, iri, attrs, file_object, described)
            elif kind == "section":
                self._section(rows, iri, attrs, file_object)
            elif kind == "article":
                self._article(rows, iri, attrs, file_object)
            self._links(rows, node, kind, iri, uses)
        yield from rows

    def _links(self, rows: list[Row], node: Any, kind: str, iri: str, uses: set[str]) -> None:
        """The triples of the edges ``node`` owns (see :data:`LINKS`)."""
        t, graph = self.t, self.graph
        ends = [(v, e.get("relation", key), e) for v, key, e in out_edges(graph, node)]
        ends += [(u, relation, e) for u, key, e in in_edges(graph, node)
                 if (relation := e.get("relation", key)) in _EITHER_WAY]
        for other, relation, edge in ends:
            other_kind = graph._node[other].get("kind")
            predicate = LINKS.get((relation, kind, other_kind))
            if predicate is None:
                continue
            target = self.iri(other)
            if other_kind in SHARED_KINDS:
                uses.add(target)
            rows.append((iri, predicate, t.iri(target)))
            if predicate == P["echoes"]:
                self._echo(rows, iri, target, node, edge.get("score"))
            if predicate == P["inSection"]:
                # The graph links a measure under a heading only to its section; give it the
                # article too, so "all measures of article X" is one triple pattern.
                for a, key, e in out_edges(graph, other):
                    if LINKS.get((e.get("relation", key), other_kind, graph._node[a].get("kind"))) == PART_OF:
                        rows.append((iri, P["inArticle"], t.iri(self.iri(a))))

    def _echo(self, rows: list[Row], iri: str, target: str, node: Any, score: Any) -> None:
        """How alike the two measures are, on a resource of its own (a triple has no place
        for a score): ``<echo/…> a pkg:Echo ; pkg:echo m1 , m2 ; pkg:score 0.833``."""
        t = self.t
        # under the owner's file, as every resource of a file part is
        source = self.mint._source_segment(str(self.graph._node[node].get("source") or ""))
        echo = self.mint._iri("echo", source, _hash(iri + " " + target))
        rows.append((echo, t.type, t.iri(P["Echo"])))
        rows.append((echo, P["echo"], t.iri(iri)))
        rows.append((echo, P["echo"], t.iri(target)))
        lexical = decimal_lexical(str(score)) if score is not None else None
        if lexical:
            rows.append((echo, P["score"], t.decimal(lexical)))

    def _texts(self, rows: list[Row], iri: str, pairs: Iterable[tuple[str, Any]],
               make: Callable[[str], Any]) -> None:
        for predicate, value in pairs:
            if value is not None and value != "":
                rows.append((iri, predicate, make(str(value))))

    def _ints(self, rows: list[Row], iri: str, pairs: Iterable[tuple[str, Any]]) -> None:
        for predicate, value in pairs:
            if isinstance(value, bool) or value is None or value == "":
                continue
            try:
                rows.append((iri, predicate, self.t.integer(int(value))))
            except (TypeError, ValueError):
                logger.warning("not an integer, skipped: %r", value)

    def _article(self, rows: list[Row], iri: str, a: Mapping[str, Any], file_object: Any) -> None:
        t = self.t
        rows.append((iri, t.type, t.iri(P["Article"])))
        self._texts(rows, iri, [(LABEL, a.get("label") or a.get("title")), (TITLE, a.get("title")),
                                *((CREATOR, author.strip()) for author in _items(a, "authors")),
                                (P["affiliation"], a.get("affiliation"))], t.zh)
        if file_object is not None:
            rows.append((iri, SOURCE, file_object))
        self._ints(rows, iri, [(P["startOffset"], a.get("start")), (P["endOffset"], a.get("end"))])
        self._header(rows, iri, a)

    def _header(self, rows: list[Row], iri: str, a: Mapping[str, Any]) -> None:
        """The document header the article carries (kg.assemble.graph.HEADER_ATTRIBUTES); its
        issuing bodies are links to actors (:data:`LINKS`)."""
        t = self.t
        self._texts(rows, iri, [(IDENTIFIER, a.get("document_number"))], t.plain)
        self._texts(rows, iri, [(P["addressee"], name) for name in _items(a, "addressees")], t.zh)
        self._concept(rows, iri, P["documentKind"], "document kind", a.get("document_kind"))
        for predicate, value in ((CREATED, a.get("written")), (ISSUED, a.get("published"))):
            if isinstance(value, str) and _ISO_DATE.fullmatch(value):
                rows.append((iri, predicate, t.date(value)))

    def _section(self, rows: list[Row], iri: str, a: Mapping[str, Any], file_object: Any) -> None:
        t = self.t
        rows.append((iri, t.type, t.iri(P["Section"])))
        self._texts(rows, iri, [(LABEL, a.get("label") or a.get("heading")), (P["heading"], a.get("heading"))], t.zh)
        if file_object is not None:
            rows.append((iri, SOURCE, file_object))

    def _concept(self, rows: list[Row], iri: str, predicate: str, what: str, value: Any) -> None:
        code = "" if value is None else str(value)
        if not code:
            return
        concept = _CONCEPTS[what].get(code)
        if concept is None:
            logger.warning("%s %r is not in the ontology's concept scheme; not exported", what, code)
            return
        rows.append((iri, predicate, self.t.iri(concept)))

    def _measure(self, rows: list[Row], iri: str, a: Mapping[str, Any], file_object: Any,
                 described: set[tuple[Any, ...]]) -> None:
        t = self.t
        rows.append((iri, t.type, t.iri(P["Measure"])))
        if file_object is not None:
            rows.append((iri, SOURCE, file_object))
        self._texts(rows, iri, [(LABEL, a.get("label") or a.get("text")), (P["stanceCue"], a.get("stance_cue")),
                                (P["instrumentCue"], a.get("instrument_cue")), (P["time"], a.get("time"))], t.zh)
        self._texts(rows, iri, [(P["rule"], a.get("rule"))], t.plain)
        self._ints(rows, iri, [(P["startOffset"], a.get("start")), (P["endOffset"], a.get("end"))])
        self._year(rows, iri, a.get("year"))
        self._concept(rows, iri, P["stance"], "stance", a.get("stance"))
        self._concept(rows, iri, P["instrument"], "instrument", a.get("instrument"))
        self._quantities(rows, iri, a)
        if not a.get("sentence"):
            return
        sentence = self.mint.sentence(a)
        rows.append((iri, DERIVED_FROM, t.iri(sentence)))
        key = (sentence, a["sentence"], a.get("sentence_start"), a.get("sentence_end"), a.get("heading"))
        if key in described:
            return  # described already, for another measure of the sentence
        described.add(key)
        rows.append((sentence, t.type, t.iri(P["Sentence"])))
        rows.append((sentence, P["sentenceText"], t.zh(str(a["sentence"]))))
        if file_object is not None:
            rows.append((sentence, SOURCE, file_object))
        self._ints(rows, sentence, [(P["startOffset"], a.get("sentence_start")),
                                    (P["endOffset"], a.get("sentence_end"))])
        if "heading" in a:
            rows.append((sentence, P["isHeading"], t.boolean(bool(a["heading"]))))

    def _year(self, rows: list[Row], iri: str, value: Any) -> None:
        """``year`` is 0 in the graph when the sentence names none."""
        if value not in (0, "0"):
            self._ints(rows, iri, [(P["year"], value)])

    def _quantities(self, rows: list[Row], owner: str, attrs: Mapping[str, Any]) -> None:
        t = self.t
        for n, quantity in enumerate(_items(attrs, "quantities"), 1):
            number = decimal_lexical(f"{quantity.value:.15g}")
            if number is None:
                logger.warning("quantity %r of %s not understood; not exported", quantity, owner)
                continue
            q = f"{owner}/quantity/{n}"
            rows.append((owner, P["quantity"], t.iri(q)))
            rows.append((q, t.type, t.iri(P["Quantity"])))
            rows.append((q, LABEL, t.zh(quantity_text(quantity).strip())))
            rows.append((q, P["comparator"], t.plain(quantity.comparator)))
            rows.append((q, VALUE, t.decimal(number)))
            self._texts(rows, q, [(P["unit"], quantity.unit.strip())], t.plain)

    # ----------------------------------------------------------------- the shared part

    def shared_rows(self, nodes: Iterable[Any]) -> dict[str, list[Row]]:
        """Rows describing each shared resource (actor, goal), by its IRI."""
        described: dict[str, list[Row]] = {}
        t = self.t
        for node in nodes:
            attrs = self.graph.nodes[node]
            iri = self.iri(node)
            rows = described.setdefault(iri, [])
            if attrs.get("kind") == "actor":
                rows.append((iri, t.type, t.iri(P["Actor"])))
                label = attrs.get("label") or attrs.get("name")
                self._texts(rows, iri, [(LABEL, label)], t.zh)
                self._concept(rows, iri, P["actorType"], "actor type", attrs.get("actor_type"))
                forms = _items(attrs, "surface")
                self._texts(rows, iri, [(ALT_LABEL, f) for f in forms if f and f != label], t.zh)
            else:
                rows.append((iri, t.type, t.iri(P["Goal"])))
                self._texts(rows, iri, [(LABEL, attrs.get("label") or attrs.get("text")),
                                        (P["time"], attrs.get("time"))], t.zh)
                self._year(rows, iri, attrs.get("year"))
                self._quantities(rows, iri, attrs)
        return described
