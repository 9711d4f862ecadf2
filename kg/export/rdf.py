"""Export the policy graph (see :mod:`kg.graph`) as RDF.

Why RDF at all: GraphML/GEXF serve network analysis, but a knowledge graph is only reusable if
every node has a global, stable name and the relations use vocabularies others understand.
So this module

* mints IRIs from *content* (source file, offsets, normalised names), never from counters or
  run order, so the same text always gets the same IRI and re-running on more files only adds
  triples;
* reuses W3C vocabularies where they fit (``rdfs:label``, ``skos:altLabel``, ``dcterms``,
  ``prov:wasDerivedFrom``) and the small :class:`~kg.export.namespace.PKG` vocabulary for the
  rest;
* produces byte-identical output for the same graph, whatever ``PYTHONHASHSEED`` is, so
  exports can be diffed and committed;
* writes atomically, so a crash never leaves a half-written file where a good one was.

IRI scheme (``{base}`` is ``base_iri``; ``q()`` is ``urllib.parse.quote(s, safe="")`` of the
NFC-normalised string, so any Unicode, quote, space or ``<>`` gives a valid IRI)::

    article   {base}article/{q(source)}/{n}                (n: 1-based, as in the node id)
    section   {base}section/{q(source)}/{n}/{q(heading)}
    measure   {base}measure/{q(source)}/{start}-{end}
    sentence  {base}sentence/{q(source)}/{start}-{end}     (if the measure node carries
                                                             sentence_start / sentence_end)
              {base}sentence/{q(source)}/h{sha1(text)[:16]} (otherwise)
    actor     {base}actor/{q(normalised name)}
    goal      {base}goal/{sha1(whitespace-free text)[:16]}

Goals are hashed because they are whole phrases: percent-encoded CJK would make IRIs of several
hundred characters; the text itself is on the resource as ``rdfs:label``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import unicodedata
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import networkx as nx
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD, Namespace

from kg.export.atomic import write_bytes
from kg.export.namespace import DEFAULT_BASE_IRI, PKG

__all__ = ["DEFAULT_BASE_IRI", "FORMATS", "to_rdf", "write_rdf"]

logger = logging.getLogger(__name__)

#: Accepted ``fmt`` values -> rdflib serializer names.
FORMATS: Mapping[str, str] = {
    "turtle": "turtle",
    "nt": "nt",
    "json-ld": "json-ld",
    "trig": "trig",
}

#: Chinese text gets this language tag, so that multilingual tools pick the right label.
LANG = "zh"

_SPACE = re.compile(r"\s+")
# Separators the graph uses to pack lists into one string attribute (see kg.graph).
_AUTHOR_SEP = "、"
_SURFACE_SEP = " | "


# --------------------------------------------------------------------------- IRIs


def _q(text: str) -> str:
    """Percent-encode one IRI path segment.

    NFC first, so that canonically equal names (composed vs decomposed forms) share one IRI;
    ``safe=""`` so ``/``, ``#``, quotes, spaces and ``<>`` never break the IRI's structure.
    """
    return quote(unicodedata.normalize("NFC", text), safe="")


def _hash(text: str) -> str:
    return hashlib.sha1(unicodedata.normalize("NFC", text).encode("utf-8")).hexdigest()[:16]


def _normalise_base(base_iri: str) -> str:
    """Check ``base_iri`` is absolute and make it end with a separator.

    Without the trailing ``/`` every IRI would silently run into the last path segment
    (``.../datameasure/...``), so add it rather than fail.
    """
    parts = urlsplit(base_iri)
    if not parts.scheme or not (parts.netloc or parts.path):
        raise ValueError(f"base_iri must be an absolute IRI, got {base_iri!r}")
    if any(c in base_iri for c in ' <>"{}|\\^`'):
        raise ValueError(f"base_iri contains characters not allowed in an IRI: {base_iri!r}")
    return base_iri if base_iri.endswith(("/", "#")) else base_iri + "/"


def _strip_prefix(node_id: str, prefix: str) -> str | None:
    return node_id[len(prefix):] if node_id.startswith(prefix) else None


class _Minter:
    """Derives every resource's IRI from the node's content (see the module docstring)."""

    def __init__(self, base: str) -> None:
        self.base = base

    def _iri(self, *segments: str) -> URIRef:
        return URIRef(self.base + "/".join(segments))

    def article(self, node_id: str, attrs: Mapping[str, Any]) -> URIRef:
        source = str(attrs.get("source", ""))
        rest = _strip_prefix(node_id, f"article:{source}#")
        if rest is not None and rest.isdigit():
            return self._iri("article", _q(source), rest)
        # Not built by kg.graph: fall back to the (content-derived) node id itself.
        return self._iri("article", _q(node_id))

    def section(self, node_id: str, attrs: Mapping[str, Any]) -> URIRef:
        source = str(attrs.get("source", ""))
        rest = _strip_prefix(node_id, f"section:{source}#")
        if rest is not None:
            n, sep, heading = rest.partition(":")
            if sep and n.isdigit():
                return self._iri("section", _q(source), n, _q(heading))
        return self._iri("section", _q(node_id))

    def measure(self, node_id: str, attrs: Mapping[str, Any]) -> URIRef:
        try:
            return self._iri(
                "measure", _q(str(attrs["source"])), f"{int(attrs['start'])}-{int(attrs['end'])}"
            )
        except (KeyError, TypeError, ValueError):
            return self._iri("measure", _q(node_id))

    def sentence(self, attrs: Mapping[str, Any]) -> URIRef:
        """The sentence a measure came from.

        The graph records only the sentence *text* on the measure, not its offsets; if a
        future graph adds ``sentence_start``/``sentence_end`` the IRI uses them, otherwise a
        hash of the text (stable, but identical sentences of one file share a resource).
        """
        source = _q(str(attrs.get("source", "")))
        s, e = attrs.get("sentence_start"), attrs.get("sentence_end")
        if isinstance(s, int) and isinstance(e, int):
            return self._iri("sentence", source, f"{s}-{e}")
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


# --------------------------------------------------------------------------- conversion


def _zh(value: Any) -> Literal | None:
    """A ``@zh`` literal, or None for empty values (the graph uses "" for 'unknown')."""
    text = "" if value is None else str(value)
    return Literal(text, lang=LANG) if text else None


def _plain(value: Any) -> Literal | None:
    text = "" if value is None else str(value)
    return Literal(text) if text else None


def _int(value: Any) -> Literal | None:
    if isinstance(value, bool) or value is None or value == "":
        return None
    try:
        return Literal(int(value), datatype=XSD.integer)
    except (TypeError, ValueError):
        logger.warning("not an integer offset, skipped: %r", value)
        return None


def _sorted_nodes(graph: nx.MultiDiGraph) -> list[tuple[Any, dict[str, Any]]]:
    # Insertion order into the rdflib store decides the order of serializers that do not sort
    # (JSON-LD); sorting here keeps it independent of how the graph was built.
    return sorted(graph.nodes(data=True), key=lambda item: str(item[0]))


def _sorted_edges(graph: nx.MultiDiGraph) -> list[tuple[Any, Any, Any, dict[str, Any]]]:
    return sorted(
        graph.edges(keys=True, data=True),
        key=lambda e: (str(e[0]), str(e[1]), str(e[2])),
    )


def _bind(g: Graph, base: str) -> None:
    """Bind exactly the prefixes we use, so the output does not depend on rdflib defaults."""
    g.bind("pkg", PKG._NS, override=True, replace=True)
    g.bind("prov", PROV, override=True, replace=True)
    g.bind("dcterms", DCTERMS, override=True, replace=True)
    g.bind("rdfs", RDFS, override=True, replace=True)
    g.bind("skos", SKOS, override=True, replace=True)
    g.bind("xsd", XSD, override=True, replace=True)
    g.bind("pkgd", Namespace(base), override=True, replace=True)


def to_rdf(graph: nx.MultiDiGraph, *, base_iri: str = DEFAULT_BASE_IRI) -> Graph:
    """Convert a policy graph built by :func:`kg.graph.build_graph` to an rdflib ``Graph``.

    Node and edge attributes map as follows (empty strings mean 'unknown' and give no triple):

    * article: ``rdfs:label``, ``dcterms:title``, one ``dcterms:creator`` per author (the
      ``authors`` attribute is joined by "、"), ``pkg:affiliation``, ``dcterms:source``,
      ``pkg:startOffset``/``pkg:endOffset``;
    * section: ``rdfs:label``, ``pkg:heading``, ``dcterms:isPartOf`` its article;
    * measure: ``rdfs:label``, ``dcterms:source``, offsets, ``pkg:rule``, ``pkg:stance``,
      ``prov:wasDerivedFrom`` a ``pkg:Sentence`` (``pkg:sentenceText``, ``dcterms:source``,
      ``pkg:isHeading``), and ``pkg:inSection``/``pkg:inArticle``;
    * actor: ``rdfs:label``, ``pkg:actorType``, ``skos:altLabel`` per surface form;
    * goal: ``rdfs:label``;
    * edges: ``actor`` -> ``pkg:hasActor``, ``target`` -> ``pkg:hasTarget``, ``goal`` ->
      ``pkg:hasGoal`` (all from the measure), ``section`` -> ``pkg:inSection``, ``article`` ->
      ``pkg:inArticle`` (measure) or ``dcterms:isPartOf`` (section).

    Per-mention provenance on edges (mention offsets and rule) is not exported: RDF would need
    reification for it, and the sentence link already gives the evidence.
    """
    base = _normalise_base(base_iri)
    mint = _Minter(base)
    g = Graph(bind_namespaces="none")
    _bind(g, base)

    iris: dict[Any, URIRef] = {}
    kinds: dict[Any, str] = {}
    skipped = 0
    for node_id, attrs in _sorted_nodes(graph):
        kind = attrs.get("kind")
        nid = str(node_id)
        if kind == "article":
            iri = mint.article(nid, attrs)
            _add_article(g, iri, attrs)
        elif kind == "section":
            iri = mint.section(nid, attrs)
            _add_section(g, iri, attrs)
        elif kind == "measure":
            iri = mint.measure(nid, attrs)
            _add_measure(g, iri, mint.sentence(attrs), attrs)
        elif kind == "actor":
            iri = mint.actor(nid, attrs)
            _add_actor(g, iri, attrs)
        elif kind == "goal":
            iri = mint.goal(nid, attrs)
            _add_goal(g, iri, attrs)
        else:
            skipped += 1
            logger.warning("node %r of unknown kind %r not exported", node_id, kind)
            continue
        iris[node_id] = iri
        kinds[node_id] = kind

    section_article: dict[Any, URIRef] = {}
    measure_sections: list[tuple[URIRef, Any]] = []
    for u, v, key, attrs in _sorted_edges(graph):
        relation = attrs.get("relation", key)
        if u not in iris or v not in iris:
            continue
        ku, kv = kinds[u], kinds[v]
        if relation == "actor" and {ku, kv} == {"actor", "measure"}:
            m, a = (u, v) if ku == "measure" else (v, u)
            g.add((iris[m], PKG.hasActor, iris[a]))
        elif relation == "target" and (ku, kv) == ("measure", "actor"):
            g.add((iris[u], PKG.hasTarget, iris[v]))
        elif relation == "goal" and (ku, kv) == ("measure", "goal"):
            g.add((iris[u], PKG.hasGoal, iris[v]))
        elif relation == "section" and (ku, kv) == ("measure", "section"):
            g.add((iris[u], PKG.inSection, iris[v]))
            measure_sections.append((iris[u], v))
        elif relation == "article" and (ku, kv) == ("measure", "article"):
            g.add((iris[u], PKG.inArticle, iris[v]))
        elif relation == "article" and (ku, kv) == ("section", "article"):
            g.add((iris[u], DCTERMS.isPartOf, iris[v]))
            section_article[u] = iris[v]
        else:
            logger.warning("edge %r -[%s]-> %r (%s -> %s) not exported", u, relation, v, ku, kv)
    # The graph links a measure under a heading only to its section; give it the article too,
    # so "all measures of article X" is one triple pattern.
    for measure_iri, section in measure_sections:
        if section in section_article:
            g.add((measure_iri, PKG.inArticle, section_article[section]))

    logger.debug(
        "RDF export: %d nodes -> %d triples (%d nodes skipped)", len(iris), len(g), skipped
    )
    return g


def _add(g: Graph, s: URIRef, p: URIRef, o: Literal | URIRef | None) -> None:
    if o is not None:
        g.add((s, p, o))


def _add_article(g: Graph, iri: URIRef, a: Mapping[str, Any]) -> None:
    g.add((iri, RDF.type, PKG.Article))
    _add(g, iri, RDFS.label, _zh(a.get("label")))
    _add(g, iri, DCTERMS.title, _zh(a.get("title")))
    for author in str(a.get("authors") or "").split(_AUTHOR_SEP):
        _add(g, iri, DCTERMS.creator, _zh(author.strip()))
    _add(g, iri, PKG.affiliation, _zh(a.get("affiliation")))
    _add(g, iri, DCTERMS.source, _plain(a.get("source")))
    _add(g, iri, PKG.startOffset, _int(a.get("start")))
    _add(g, iri, PKG.endOffset, _int(a.get("end")))


def _add_section(g: Graph, iri: URIRef, a: Mapping[str, Any]) -> None:
    g.add((iri, RDF.type, PKG.Section))
    _add(g, iri, RDFS.label, _zh(a.get("label")))
    _add(g, iri, PKG.heading, _zh(a.get("heading")))
    _add(g, iri, DCTERMS.source, _plain(a.get("source")))


def _add_measure(g: Graph, iri: URIRef, sentence: URIRef, a: Mapping[str, Any]) -> None:
    g.add((iri, RDF.type, PKG.Measure))
    _add(g, iri, RDFS.label, _zh(a.get("label") or a.get("text")))
    _add(g, iri, DCTERMS.source, _plain(a.get("source")))
    _add(g, iri, PKG.startOffset, _int(a.get("start")))
    _add(g, iri, PKG.endOffset, _int(a.get("end")))
    _add(g, iri, PKG.rule, _plain(a.get("rule")))
    _add(g, iri, PKG.stance, _plain(a.get("stance")))
    if not a.get("sentence"):
        return
    g.add((iri, PROV.wasDerivedFrom, sentence))
    g.add((sentence, RDF.type, PKG.Sentence))
    _add(g, sentence, PKG.sentenceText, _zh(a.get("sentence")))
    _add(g, sentence, DCTERMS.source, _plain(a.get("source")))
    _add(g, sentence, PKG.startOffset, _int(a.get("sentence_start")))
    _add(g, sentence, PKG.endOffset, _int(a.get("sentence_end")))
    if "heading" in a:
        g.add((sentence, PKG.isHeading, Literal(bool(a["heading"]))))


def _add_actor(g: Graph, iri: URIRef, a: Mapping[str, Any]) -> None:
    g.add((iri, RDF.type, PKG.Actor))
    label = a.get("label") or a.get("name")
    _add(g, iri, RDFS.label, _zh(label))
    _add(g, iri, PKG.actorType, _plain(a.get("actor_type")))
    for form in str(a.get("surface") or "").split(_SURFACE_SEP):
        if form and form != label:
            _add(g, iri, SKOS.altLabel, _zh(form))


def _add_goal(g: Graph, iri: URIRef, a: Mapping[str, Any]) -> None:
    g.add((iri, RDF.type, PKG.Goal))
    _add(g, iri, RDFS.label, _zh(a.get("label") or a.get("text")))


# --------------------------------------------------------------------------- output


def _serialise(g: Graph, fmt: str) -> bytes:
    """Serialise deterministically.

    rdflib's Turtle/TriG serializers sort subjects, predicates and objects; N-Triples and
    JSON-LD follow the store's iteration order, which can depend on string hashing, so their
    output is put into a canonical order here (checked across PYTHONHASHSEED values in
    tests/test_rdf_export.py).
    """
    name = FORMATS.get(fmt)
    if name is None:
        raise ValueError(f"unsupported RDF format {fmt!r}; choose one of {sorted(FORMATS)}")
    if name == "nt":
        lines = g.serialize(format="nt", encoding="utf-8").splitlines()
        return b"".join(line + b"\n" for line in sorted(set(lines)) if line.strip())
    if name == "json-ld":
        context = {prefix: str(ns) for prefix, ns in g.namespaces()}
        data = json.loads(g.serialize(format="json-ld", context=context, encoding="utf-8"))
        return (json.dumps(_canonical_json(data), ensure_ascii=False, indent=2, sort_keys=True)
                + "\n").encode("utf-8")
    if name == "trig":
        # A plain Graph would be written as a graph named by a random blank node; put the
        # triples in a Dataset's default graph so the output carries no run-specific label.
        # rdflib 7's own Dataset/TriG code calls its deprecated default_context API; those
        # warnings are not ours to act on, so keep them out of callers' logs and -W error runs.
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"rdflib\.")
            ds = Dataset()
            for prefix, ns in g.namespaces():
                ds.bind(prefix, ns, override=True, replace=True)
            ds.default_graph.addN((s, p, o, ds.default_graph) for s, p, o in g)
            return ds.serialize(format="trig", encoding="utf-8")
    return g.serialize(format=name, encoding="utf-8")


def _canonical_json(value: Any) -> Any:
    """Sort every JSON-LD array (node list, multi-valued properties): RDF values are sets."""
    if isinstance(value, dict):
        return {k: _canonical_json(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_canonical_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return value


def write_rdf(
    graph: nx.MultiDiGraph,
    path: Path,
    *,
    fmt: str = "turtle",
    base_iri: str = DEFAULT_BASE_IRI,
) -> None:
    """Export ``graph`` to ``path`` as ``fmt`` (turtle, nt, json-ld or trig), atomically.

    The bytes are a pure function of the graph's content, so re-exporting an unchanged graph
    leaves the file byte-identical (clean diffs, cache-friendly).
    """
    path = Path(path)
    if fmt not in FORMATS:
        raise ValueError(f"unsupported RDF format {fmt!r}; choose one of {sorted(FORMATS)}")
    g = to_rdf(graph, base_iri=base_iri)
    data = _serialise(g, fmt)
    write_bytes(path, data)
    logger.info("wrote %d triples as %s to %s", len(g), fmt, path)
