"""The graph as GraphML: Gephi, yEd, Cytoscape, networkx and igraph open it, and ``kg.load``
reads it back.

Every node and edge attribute is a string or an int (see kg.assemble), so GraphML keeps them
with their types and no flattening is needed. GraphML declares each attribute name once per
domain with one type, though, and one name can hold values of two types (``heading`` is a
number, 0 or 1, on measures and the heading's text on sections): such an attribute is declared
in a type that holds all its values (a string here), and the graph attribute ``kg_value_types``
notes which values had which type, so that :func:`read_graphml` gives them back as they were.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import networkx as nx

from kg.export.atomic import atomic_writer
from kg.assemble.graph import edges, unpack, with_scalars

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
_PYTHON = {"boolean": bool, "long": int, "double": float, "string": str}
_HEAD = ('<?xml version="1.0" encoding="utf-8"?>\n'
         '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
         'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
         'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
         'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')

# The graph attribute in which the writer notes the types a widened attribute's values had
# (see _widened), and from which read_graphml gives them back.
VALUE_TYPES = "kg_value_types"
# What names a group of nodes or edges whose values of a widened attribute share one type.
_GROUP = {"node": "kind", "edge": "relation"}
_EXACT_IN_DOUBLE = 2 ** 53


def _common_type(kinds: set[str], ints: list[int]) -> str:
    """The one GraphML type that holds values of all ``kinds``: booleans and integers as long,
    numbers as double (while the integers stay exact in a double), anything else as string."""
    if len(kinds) == 1:
        return next(iter(kinds))
    if kinds <= {"boolean", "long"}:
        return "long"
    if kinds <= {"boolean", "long", "double"} and all(abs(i) <= _EXACT_IN_DOUBLE for i in ints):
        return "double"
    return "string"


def _items(graph: nx.MultiDiGraph, domain: str) -> Iterator[tuple[object, dict]]:
    """(GraphML id, attributes) of each node or edge; an edge's id is (source, target, key)."""
    if domain == "node":
        return ((_NOT_XML.sub("\ufffd", str(n)), a) for n, a in graph._node.items())
    return (((*(_NOT_XML.sub("\ufffd", str(x)) for x in (u, v, k)),), a) for u, v, k, a in edges(graph))


def _keys(graph: nx.MultiDiGraph) -> tuple[dict[tuple[str, str], tuple[str, str]],
                                            dict[tuple[str, str], dict[type, None]]]:
    """GraphML key (id, type) by (domain, attribute), in order of first use, and the Python
    types each attribute's values have.

    GraphML gives an attribute one name and one type in a domain (igraph refuses a file that
    declares a name twice), so an attribute whose values have different types is declared in
    one type that holds them all, and every value is written in it."""
    found: dict[tuple[str, str], dict[type, None]] = {}
    for domain, items in (("node", graph._node.values()), ("edge", (a for *_, a in edges(graph)))):
        seen: set[tuple[tuple[str, ...], tuple[type, ...]]] = set()
        for attrs in items:
            shape = (tuple(attrs), tuple(map(type, attrs.values())))
            if shape in seen:  # most nodes of a kind have the same attributes
                continue
            seen.add(shape)
            for name, value in attrs.items():
                if type(value) not in _TYPES:
                    raise TypeError(f"GraphML takes scalars; {domain} attribute {name!r} is {type(value).__name__}")
                found.setdefault((domain, name), {})[type(value)] = None
    mixed = {key for key, types in found.items() if len(types) > 1}
    ints: dict[tuple[str, str], list[int]] = {}
    if any(int in found[key] and float in found[key] for key in mixed):
        for domain, name in mixed:
            items = graph._node.values() if domain == "node" else (a for *_, a in edges(graph))
            ints[domain, name] = [v for a in items if type(v := a.get(name)) is int]
    keys = {key: (f"d{i}", _common_type({_TYPES[t] for t in types}, ints.get(key, [])))
            for i, (key, types) in enumerate(found.items())}
    return keys, found


def _widened(graph: nx.MultiDiGraph, keys: dict[tuple[str, str], tuple[str, str]],
             found: dict[tuple[str, str], dict[type, None]]) -> dict:
    """For each attribute written in a wider type than some of its values had: which values
    had which type, so that read_graphml gives them back as they were. By group where each
    group's values share one type ({"group": "kind", "types": {"measure": "long"}}: the
    ``heading`` of measures is an integer, of sections a string), else by node or edge id
    ({"ids": {"long": [...]}})."""
    notes: dict[str, dict[str, dict]] = {}
    mixed = {key: common for key, (_, common) in keys.items() if len(found[key]) > 1}
    for (domain, name), common in mixed.items():
        group = _GROUP[domain]
        by_group: dict[str, dict[type, None]] | None = (
            {} if group != name and set(found.get((domain, group), {})) == {str} else None)
        by_id: dict[str, list] = {}
        for ident, attrs in _items(graph, domain):
            if name not in attrs:
                continue
            kind = type(attrs[name])
            if by_group is not None:
                if group in attrs:
                    by_group.setdefault(attrs[group], {})[kind] = None
                else:
                    by_group = None
            if _TYPES[kind] != common:
                by_id.setdefault(_TYPES[kind], []).append(ident)
        if by_group is not None and all(len(types) == 1 for types in by_group.values()):
            note = {"group": group, "types": {g: _TYPES[next(iter(t))] for g, t in by_group.items()
                                              if _TYPES[next(iter(t))] != common}}
        else:
            note = {"ids": by_id}
        notes.setdefault(domain, {})[name] = note
    return notes


def graphml_chunks(graph: nx.MultiDiGraph) -> Iterator[str]:
    """GraphML text in pieces, written directly (networkx's writer builds an element tree first
    and took a third of a build's time); the same schema networkx reads back, types included."""
    graph = with_scalars(graph)  # GraphML takes one string per attribute
    keys, found = _keys(graph)
    widened = _widened(graph, keys, found)
    tags: dict[str, dict[tuple[str, type], str]] = {"node": {}, "edge": {}}  # by domain: (name, type) ->
    numbers: dict[str, set[str]] = {"node": set(), "edge": set()}  # booleans written as 1 and 0
    for (domain, name), (key, kind) in keys.items():
        tags[domain].update({(name, type_): f'      <data key="{key}">' for type_ in found[domain, name]})
        if kind in ("long", "double") and bool in found[domain, name]:
            numbers[domain].add(name)
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

    def data_with_numbers(numbers: set[str]) -> Callable[[dict[tuple[str, type], str], dict], str]:
        """``data``, but the booleans of attributes declared long or double are written 1 and 0."""
        def data(tag: dict[tuple[str, type], str], attrs: dict) -> str:
            return "".join([f"{tag[name, type(value)]}{int(value)}</data>\n"
                            if type(value) is bool and name in numbers else
                            f"{tag[name, type(value)]}{texts.get(value) or text(value)}</data>\n"
                            for name, value in attrs.items()])
        return data

    node_data, edge_data = (data_with_numbers(numbers[d]) if numbers[d] else data for d in ("node", "edge"))

    ids: dict[object, str] = {}  # a node is named by its node and by each of its edges

    def node_id(node: object) -> str:
        hit = ids.get(node)
        if hit is None:
            hit = ids[node] = _attr(node)
        return hit

    yield _HEAD
    yield "".join(f'  <key id="{key}" for="{domain}" attr.name={quoteattr(name)} attr.type="{kind}" />\n'
                  for (domain, name), (key, kind) in keys.items())
    if widened:
        yield (f'  <key id="d{len(keys)}" for="graph" attr.name="{VALUE_TYPES}" attr.type="string" />\n'
               '  <graph edgedefault="directed">\n'
               f'    <data key="d{len(keys)}">{text(json.dumps(widened, ensure_ascii=False))}</data>\n')
    else:
        yield '  <graph edgedefault="directed">\n'
    node_tags, edge_tags = tags["node"], tags["edge"]
    for node, attrs in graph._node.items():
        yield f"    <node id={node_id(node)}>\n{node_data(node_tags, attrs)}    </node>\n"
    for u, v, key, attrs in edges(graph):
        yield (f"    <edge source={node_id(u)} target={node_id(v)} id={node_id(key)}>\n"
               f"{edge_data(edge_tags, attrs)}    </edge>\n")
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
    """The graph :func:`write_graphml` wrote, with its node ids, edge keys and attribute types
    (values of an attribute that was written in a wider type get their own types back), and
    its list attributes lists again (:func:`kg.assemble.graph.unpack`)."""
    graph = nx.read_graphml(Path(path), force_multigraph=True)
    graph = graph if isinstance(graph, nx.MultiDiGraph) else nx.MultiDiGraph(graph)
    notes = graph.graph.pop(VALUE_TYPES, None)
    if notes:
        _narrow(graph, json.loads(notes))
    for attrs in graph._node.values():
        unpack(attrs)
    return graph


def _narrow(graph: nx.MultiDiGraph, notes: dict) -> None:
    """Give the values of widened attributes the types ``notes`` (see _widened) says they had."""
    def convert(value: object, kind: str) -> object:
        if kind == "boolean":
            return value in ("true", "1") if isinstance(value, str) else bool(value)
        return _PYTHON[kind](value)

    for domain, attributes in notes.items():
        items = dict(graph.nodes(data=True)) if domain == "node" else \
            {(u, v, str(k)): a for u, v, k, a in graph.edges(keys=True, data=True)}  # key "0" comes as 0
        for name, note in attributes.items():
            if "group" in note:
                group, types = note["group"], note["types"]
                for attrs in items.values():
                    kind = types.get(attrs.get(group))
                    if kind is not None and name in attrs:
                        attrs[name] = convert(attrs[name], kind)
            for kind, idents in note.get("ids", {}).items():
                for ident in idents:
                    attrs = items[ident if domain == "node" else tuple(ident)]
                    attrs[name] = convert(attrs[name], kind)
