"""The graph as GraphML: Gephi, yEd and Cytoscape open it, and ``kg.load`` reads it back.

Every node and edge attribute is a string or an int (see kg.graph), so GraphML keeps them
with their types and no flattening is needed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import networkx as nx

from kg.export.atomic import atomic_writer
from kg.graph import edges

# Characters XML 1.0 cannot hold at all, even escaped: written as U+FFFD.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """``graph``, or a copy whose strings XML can hold (for networkx's GEXF writer; our GraphML
    writer replaces what XML cannot hold as it writes)."""
    def clean(attrs: dict) -> dict:
        return {k: _NOT_XML.sub("\ufffd", v) if isinstance(v, str) else v for k, v in attrs.items()}

    def dirty(attrs: dict) -> bool:
        return any(isinstance(v, str) and _NOT_XML.search(v) for v in attrs.values())

    if not any(dirty(a) for _, a in graph.nodes(data=True)) and \
            not any(dirty(a) for *_, a in graph.edges(keys=True, data=True)) and \
            not any(isinstance(n, str) and _NOT_XML.search(n) for n in graph):
        return graph
    safe = nx.MultiDiGraph()
    ids = {n: _NOT_XML.sub("\ufffd", n) if isinstance(n, str) else n for n in graph}
    safe.add_nodes_from((ids[n], clean(a)) for n, a in graph.nodes(data=True))
    safe.add_edges_from((ids[u], ids[v], k, clean(a)) for u, v, k, a in graph.edges(keys=True, data=True))
    return safe


# What escape() changes, and what XML cannot hold at all.
_XML_SPECIAL = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# What quoteattr() changes, and what XML cannot hold at all.
_ATTR_SPECIAL = re.compile("[&<>\"'\n\r\t\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _attr(value: object) -> str:
    """A quoted XML attribute value (node ids, edge keys)."""
    text = str(value)
    if not _ATTR_SPECIAL.search(text):
        return f'"{text}"'  # what quoteattr gives for most ids, at a fraction of its cost
    return quoteattr(_NOT_XML.sub("\ufffd", text))

_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
_HEAD = ('<?xml version="1.0" encoding="utf-8"?>\n'
         '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
         'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
         'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
         'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')


def _keys(graph: nx.MultiDiGraph) -> dict[tuple[str, str, str], str]:
    """GraphML key ids by (domain, attribute, type), in order of first use."""
    keys: dict[tuple[str, str, str], str] = {}
    for domain, items in (("node", graph._node.values()), ("edge", (a for *_, a in edges(graph)))):
        seen: set[tuple[tuple[str, ...], tuple[type, ...]]] = set()
        for attrs in items:
            shape = (tuple(attrs), tuple(map(type, attrs.values())))
            if shape in seen:  # most nodes of a kind have the same attributes
                continue
            seen.add(shape)
            for name, value in attrs.items():
                kind = _TYPES.get(type(value))
                if kind is None:
                    raise TypeError(f"GraphML takes scalars; {domain} attribute {name!r} is {type(value).__name__}")
                keys.setdefault((domain, name, kind), f"d{len(keys)}")
    return keys


def graphml_chunks(graph: nx.MultiDiGraph) -> Iterator[str]:
    """GraphML text in pieces, written directly (networkx's writer builds an element tree first
    and took a third of a build's time); the same schema networkx reads back, types included."""
    keys = _keys(graph)
    tags: dict[str, dict[tuple[str, type], str]] = {"node": {}, "edge": {}}  # by domain: (name, type) ->
    for (domain, name, kind), key in keys.items():
        tags[domain].update({(name, type_): f'      <data key="{key}">' for type_, k in _TYPES.items() if k == kind})
    texts: dict[str, str] = {}  # escaped values: sources, rules, names and kinds recur

    def text(value: object) -> str:
        if type(value) is bool:
            return str(value).lower()
        if type(value) is not str:
            return str(value)
        hit = escape(_NOT_XML.sub("\ufffd", value)) if _XML_SPECIAL.search(value) else value
        if len(value) < 64:
            texts[value] = hit
        return hit

    def data(tag: dict[tuple[str, type], str], attrs: dict) -> str:
        return "".join([f"{tag[name, type(value)]}{texts.get(value) or text(value)}</data>\n"
                        for name, value in attrs.items()])

    ids: dict[object, str] = {}  # a node is named by its node and by each of its edges

    def node_id(node: object) -> str:
        hit = ids.get(node)
        if hit is None:
            hit = ids[node] = _attr(node)
        return hit

    yield _HEAD
    yield "".join(f'  <key id="{key}" for="{domain}" attr.name={quoteattr(name)} attr.type="{kind}" />\n'
                  for (domain, name, kind), key in keys.items())
    yield '  <graph edgedefault="directed">\n'
    node_tags, edge_tags = tags["node"], tags["edge"]
    for node, attrs in graph._node.items():
        yield f"    <node id={node_id(node)}>\n{data(node_tags, attrs)}    </node>\n"
    for u, v, key, attrs in edges(graph):
        yield (f"    <edge source={node_id(u)} target={node_id(v)} id={node_id(key)}>\n"
               f"{data(edge_tags, attrs)}    </edge>\n")
    yield "  </graph>\n</graphml>\n"


def graphml_bytes(graph: nx.MultiDiGraph) -> bytes:
    return "".join(graphml_chunks(graph)).encode("utf-8")


def write_graphml(graph: nx.MultiDiGraph, path: Path) -> None:
    """Write ``graph`` to ``path`` atomically, as a stream (a large graph is never one string)."""
    with atomic_writer(Path(path)) as f:
        batch: list[str] = []
        for chunk in graphml_chunks(graph):
            batch.append(chunk)
            if len(batch) >= 4096:
                f.write("".join(batch).encode("utf-8"))
                batch.clear()
        f.write("".join(batch).encode("utf-8"))


def read_graphml(path: Path) -> nx.MultiDiGraph:
    """The graph :func:`write_graphml` wrote, with its node ids, edge keys and attribute types."""
    graph = nx.read_graphml(Path(path), force_multigraph=True)
    return graph if isinstance(graph, nx.MultiDiGraph) else nx.MultiDiGraph(graph)
