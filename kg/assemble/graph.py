"""Assemble extracted measures into one networkx ``MultiDiGraph``.

Node ids are derived from content, never from run order, so that the same input always gives
the same graph and adding a file does not rename what was there:

==========  ================================  ==============================================
kind        id                                attributes (besides ``kind`` and ``label``)
==========  ================================  ==============================================
article     ``article:<source>#<n>``          source, title, authors, affiliation, start, end;
                                               its file's document header where it has one:
                                               issuers, document_number, document_title,
                                               addressees, written, published, document_kind
section     ``section:<source>#<n>:<heading>`` source, article, heading
measure     ``measure:<source>:<start>-<end>`` text, source, article, section, sentence,
                                               sentence_start, sentence_end, start, end,
                                               rule, stance, stance_cue, instrument,
                                               instrument_cue, time, year (0: none),
                                               quantities, heading
actor       ``actor:<normalised name>``        name, actor_type, surface (forms seen)
goal        ``goal:<normalised text>``          text, time, year (0: none), quantities
==========  ================================  ==============================================

Edges (``relation`` attribute, also used as the edge key): ``actor`` (actor -> measure),
``goal`` (measure -> goal), ``target`` (measure -> actor), ``section`` (measure -> section),
``article`` (section -> article, or measure -> article when it falls under no heading).
Edges that come from a sentence carry its provenance: source, sentence, start, end, rule.
Attribute values are strings or integers, but for lists, kept as the records give them:
``authors``, ``surface``, ``issuers`` and ``addressees`` (tuples of strings) and ``quantities``
(tuples of :class:`kg.model.Quantity`). Formats of one string per attribute (GraphML, GEXF, CSV, the page)
join them (:func:`packed`); reading GraphML back splits them again (:func:`unpack`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import networkx as nx

from kg.model import Article, Header, Measure, Mention, Quantity
from kg.normalise import ActorNormaliser

logger = logging.getLogger(__name__)

_SPACE = re.compile(r"\s+")


def article_id(article: Article) -> str:
    return f"article:{article.source}#{article.index + 1}"


def section_id(article: Article, heading: str) -> str:
    return f"section:{article.source}#{article.index + 1}:{heading}"


def measure_id(measure: Measure) -> str:
    return f"measure:{measure.sentence.source}:{measure.start}-{measure.end}"


#: The attributes that hold lists (tuples) in the graph, and the separator that joins their
#: items where a format takes one string per attribute (GraphML, GEXF, CSV, the page).
LIST_ATTRIBUTES = {"authors": "、", "surface": " | ", "quantities": "; ", "issuers": "、", "addressees": "，"}
#: The document header an article node carries, where its file has one (kg.ingest.header):
#: node attribute -> Header field. Empty fields are left out.
HEADER_ATTRIBUTES = {"issuers": "issuers", "document_number": "number", "document_title": "title",
                     "addressees": "addressees", "written": "written", "published": "published",
                     "document_kind": "kind"}
# One quantity as quantity_text writes it: comparator, number, unit.
_QUANTITY = re.compile(
    r"(?P<cmp>>=|<=|>|<|=|~)(?P<num>[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)(?P<unit>.*)",
    re.DOTALL,
)


def quantity_text(q: Quantity) -> str:
    """A quantity as one string, ``>70%``: 15 significant digits, so that every number a policy
    text writes survives (``:g`` kept only six)."""
    return f"{q.comparator}{q.value:.15g}{q.unit}"


def packed(attrs: Mapping[str, Any]) -> Mapping[str, Any]:
    """``attrs`` with its list attributes joined into strings (``attrs`` itself if none is a list)."""
    if not any(type(attrs.get(name)) is tuple for name in LIST_ATTRIBUTES):
        return attrs
    out = dict(attrs)
    for name, separator in LIST_ATTRIBUTES.items():
        value = out.get(name)
        if type(value) is tuple:
            out[name] = separator.join(quantity_text(v) if isinstance(v, Quantity) else str(v) for v in value)
    return out


def unpack(attrs: dict[str, Any]) -> None:
    """Split, in place, list attributes a text format gave back as strings (:func:`packed`
    undone): a graph read from GraphML is the graph that was written. A quantity's wording in
    the text (``超过70%``) is not in the string; its ``text`` is the string's piece."""
    for name, separator in LIST_ATTRIBUTES.items():
        value = attrs.get(name)
        if type(value) is not str:
            continue
        pieces = [p.strip() for p in value.split(separator) if p.strip()]
        if name == "quantities":
            found = [(p, _QUANTITY.fullmatch(p)) for p in pieces]
            bad = [p for p, m in found if m is None]
            if bad:
                logger.warning("quantities %r not understood; kept as text", bad)
                continue
            attrs[name] = tuple(Quantity(p, float(m["num"]), m["unit"], m["cmp"]) for p, m in found)
        else:
            attrs[name] = tuple(pieces)


def with_scalars(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """``graph`` as a format of one string per attribute sees it: list attributes joined.

    ``graph`` itself if no node holds a list; else a graph that shares its edges and copies
    only the attributes of the nodes that do (a corpus's graph is not copied to be written).
    """
    nodes = {node: packed(attrs) for node, attrs in graph._node.items()}
    if all(nodes[node] is attrs for node, attrs in graph._node.items()):
        return graph
    view = graph.__class__()
    view.graph = graph.graph
    view._node = nodes
    view._adj = view._succ = graph._succ
    view._pred = graph._pred
    return view


def goal_key(text: str) -> str:
    return _SPACE.sub("", text)


def _provenance(measure: Measure, mention: Mention | None = None) -> dict[str, str | int]:
    span = mention or measure
    return {
        "source": measure.sentence.source,
        "sentence": measure.sentence.raw,
        "start": span.start,
        "end": span.end,
        "rule": span.rule,
    }


# --------------------------------------------------------------------------- fast reading
# The exporters walk every node and edge of a large graph. networkx's views (``G.nodes(data=...)``,
# ``G.edges(keys=True, data=True)``, ``G.degree``) yield at Python speed through layers of
# generators and view objects: half of the RDF mapping's time. These read its own dicts instead
# (``_node``, ``_succ``, ``_pred``: its data structure since networkx 2; subgraph views have them
# too), in the same order as the views.


def edges(graph: nx.MultiDiGraph) -> Iterator[tuple[Any, Any, Any, dict[str, Any]]]:
    """``graph.edges(keys=True, data=True)``."""
    for u, neighbours in graph._succ.items():
        for v, by_key in neighbours.items():
            for key, attrs in by_key.items():
                yield u, v, key, attrs


def out_edges(graph: nx.MultiDiGraph, node: Any) -> Iterator[tuple[Any, Any, dict[str, Any]]]:
    """(head, key, attributes) of each edge out of ``node``."""
    for v, by_key in graph._succ[node].items():
        for key, attrs in by_key.items():
            yield v, key, attrs


def in_edges(graph: nx.MultiDiGraph, node: Any) -> Iterator[tuple[Any, Any, dict[str, Any]]]:
    """(tail, key, attributes) of each edge into ``node``."""
    for u, by_key in graph._pred[node].items():
        for key, attrs in by_key.items():
            yield u, key, attrs


def node_kinds(graph: nx.MultiDiGraph) -> dict[Any, Any]:
    """``dict(graph.nodes(data="kind"))``."""
    return {node: attrs.get("kind") for node, attrs in graph._node.items()}


def degrees(graph: nx.MultiDiGraph) -> dict[Any, int]:
    """``dict(graph.degree)``: edges in and out, a self-loop twice."""
    succ, pred = graph._succ, graph._pred
    return {n: sum(map(len, succ[n].values())) + sum(map(len, pred[n].values())) for n in graph._node}


# --------------------------------------------------------------------------- assembly


def article_homes(graph: nx.MultiDiGraph, nodes: Iterable[Any] | None = None) -> dict[Any, tuple[Any, ...]]:
    """The articles each node (of ``nodes``, default all) belongs to, following the schema's edges.

    A section and its measures belong to the article they point to; an actor or goal belongs
    to every article one of its measures is in, and an issuing body to the articles it issued. The article and source filters and the layout
    use this, so an actor shared by two articles shows under both.
    """
    kinds = node_kinds(graph)
    succ, pred = graph.succ, graph.pred
    memo: dict[Any, frozenset[Any]] = {}

    def part_of(node: Any) -> frozenset[Any]:  # an article, section or measure
        found = memo.get(node)
        if found is None:
            kind = kinds.get(node)
            if kind == "article":
                found = frozenset((node,))
            elif kind in ("section", "measure"):
                found = frozenset().union(*(part_of(t) for t in succ[node] if kinds.get(t) in ("article", "section")))
            else:
                found = frozenset()
            memo[node] = found
        return found

    def homes(node: Any) -> frozenset[Any]:
        if kinds.get(node) in ("article", "section", "measure"):
            return part_of(node)
        return frozenset().union(*(part_of(other) for neighbours in (succ[node], pred[node])
                                   for other in neighbours if kinds.get(other) in ("measure", "article")))

    return {node: tuple(sorted(homes(node), key=str)) for node in (graph if nodes is None else nodes)}


def build_graph(
    articles: Iterable[Article],
    measures: Iterable[Measure],
    normaliser: ActorNormaliser | None = None,
    header: Header | None = None,
    year: int | None = None,
) -> nx.MultiDiGraph:
    """Return a new graph of the given articles and measures; the inputs are not changed."""
    builder = GraphBuilder(normaliser)
    builder.add(articles, measures, header, year)
    return builder.finish()


class GraphBuilder:
    """Builds the graph a file at a time, as results arrive (while workers extract the rest)."""

    def __init__(self, normaliser: ActorNormaliser | None = None) -> None:
        self.normaliser = normaliser or ActorNormaliser()
        self.graph = nx.MultiDiGraph()
        self._surfaces: dict[str, set[str]] = {}

    def add(self, articles: Iterable[Article], measures: Iterable[Measure], header: Header | None = None,
            year: int | None = None) -> None:
        """Add articles and the measures of those (or earlier) articles; the articles' file's
        document ``header``, where it says something, and its ``year`` (``document_year``, see
        :attr:`kg.model.SourceText.year`) go on each article's node."""
        g, normaliser = self.graph, self.normaliser
        said = {name: getattr(header, field) for name, field in HEADER_ATTRIBUTES.items()
                if header is not None and getattr(header, field)}
        if year:
            said["document_year"] = year
        issuers = [(normaliser.canonical(name), name) for name in (header.issuers if header is not None else ())]
        for article in articles:
            aid = article_id(article)
            g.add_node(
                aid,
                kind="article",
                label=article.label,
                source=article.source,
                title=article.title or "",
                authors=tuple(article.authors),
                affiliation=article.affiliation or "",
                start=article.start,
                end=article.end,
                **said,
            )
            # The issuing body is an actor like any other: the same node whether it issues
            # a document or carries out a measure, so one query finds both.
            for name, surface in issuers:
                nid = self._actor(name, surface)
                g.add_edge(aid, nid, key="issuer", relation="issuer", source=article.source)
        for m in measures:
            s = m.sentence
            mid = measure_id(m)
            g.add_node(
                mid,
                kind="measure",
                label=m.text,
                text=m.text,
                source=s.source,
                article=s.article.label,
                section=s.section or "",
                sentence=s.raw,
                sentence_start=s.start,
                sentence_end=s.end,
                start=m.start,
                end=m.end,
                rule=m.rule,
                stance=m.stance,
                stance_cue=m.stance_cue or "",
                instrument=m.instrument or "",
                instrument_cue=m.instrument_cue or "",
                time=m.time or "",
                year=m.year or 0,
                quantities=tuple(m.quantities),
                heading=int(s.heading),
            )
            aid = article_id(s.article)
            if aid not in g:
                raise ValueError(f"measure {m.text!r} belongs to an article not given: {aid}")
            if s.section:
                sid = section_id(s.article, s.section)
                if sid not in g:
                    g.add_node(sid, kind="section", label=s.section, source=s.source,
                               article=s.article.label, heading=s.section)
                    g.add_edge(sid, aid, key="article", relation="article")
                g.add_edge(mid, sid, key="section", relation="section")
            else:
                g.add_edge(mid, aid, key="article", relation="article")
            for mention, relation in [(a, "actor") for a in m.actors] + [(t, "target") for t in m.targets]:
                nid = self._actor(normaliser.canonical(mention.text), mention.text)
                if relation == "actor":
                    g.add_edge(nid, mid, key="actor", relation="actor", **_provenance(m, mention))
                else:
                    g.add_edge(mid, nid, key="target", relation="target", **_provenance(m, mention))
            for goal in m.goals:
                gid = f"goal:{goal_key(goal.text)}"
                if gid not in g:
                    g.add_node(gid, kind="goal", label=goal.text, text=goal.text, time=goal.time or "",
                               year=goal.year or 0, quantities=tuple(goal.quantities))
                g.add_edge(mid, gid, key="goal", relation="goal", **_provenance(m, goal))

    def _actor(self, name: str, surface: str) -> str:
        """The node of the actor of canonical ``name``, made on first sight; ``surface`` is
        the form the text gave."""
        nid = f"actor:{name}"
        self._surfaces.setdefault(nid, set()).add(surface)
        if nid not in self.graph:
            self.graph.add_node(nid, kind="actor", label=name, name=name,
                                actor_type=self.normaliser.actor_type(name))
        return nid

    def finish(self, link_threshold: float | None = None) -> nx.MultiDiGraph:
        """The graph, with each actor's surface forms (seen across all files) on its node, and
        measures of different files that say nearly the same linked (``echoes``) at
        ``link_threshold`` (None: the default, 0: no links)."""
        from kg.assemble.echoes import DEFAULT_LINK_THRESHOLD, link_echoes

        for nid, forms in self._surfaces.items():
            self.graph.nodes[nid]["surface"] = tuple(sorted(forms))
        link_echoes(self.graph, DEFAULT_LINK_THRESHOLD if link_threshold is None else link_threshold)
        return self.graph
