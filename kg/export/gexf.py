"""GEXF for Gephi: a copy of the graph GEXF can hold, written atomically."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import networkx as nx

from kg.assemble.graph import packed
from kg.export.atomic import write_bytes
from kg.export.graphml import xml_safe

# Attribute names GEXF readers take for dynamics (spells) or structure; ours are renamed.
_GEXF_RENAMED = {"start": "char_start", "end": "char_end"}
_GEXF_RESERVED = frozenset({"id", "pid", "parents", "slices", "spells", "type", "viz", "weight"})


def write_gexf(graph: nx.MultiDiGraph, path: Path) -> Path:
    """Write ``graph`` as GEXF to ``path``. Offsets ``start``/``end`` are named
    ``char_start``/``char_end`` there: under their own names Gephi would read them as time
    intervals."""
    buffer = io.BytesIO()
    nx.write_gexf(xml_safe(_gexf_graph(graph)), buffer, encoding="utf-8", prettyprint=True)
    write_bytes(path, buffer.getvalue())
    return path


def _gexf_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy GEXF can hold: reserved names renamed, one type per attribute, scalars only.

    GEXF declares one type per attribute name and class; our ``heading`` is an int on
    measures and a str on sections, so an attribute whose values differ in type is written
    as text throughout.
    """
    def rename(name: str) -> str:
        return _GEXF_RENAMED.get(name) or (f"{name}_attr" if name in _GEXF_RESERVED else name)

    def scalar(value: Any) -> str | int | float | bool:
        if isinstance(value, (str, int, float, bool)):
            return value
        return "" if value is None else json.dumps(value, ensure_ascii=False, default=str)

    def uniform(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        types: dict[str, set[type]] = {}
        for attrs in items:
            for name, value in attrs.items():
                types.setdefault(name, set()).add(type(value))
        mixed = {name for name, seen in types.items() if len(seen) > 1}
        return [{k: str(v) if k in mixed else v for k, v in attrs.items()} for attrs in items]

    nodes = list(graph.nodes)
    node_attrs = uniform([{rename(k): scalar(v) for k, v in packed(a).items()} for _, a in graph.nodes(data=True)])
    edges = list(graph.edges(keys=True))
    edge_attrs = uniform([{rename(k): scalar(v) for k, v in a.items()}
                          for *_, a in graph.edges(keys=True, data=True)])
    copy = nx.MultiDiGraph()
    copy.add_nodes_from(zip(nodes, node_attrs))
    copy.add_edges_from((u, v, k, a) for (u, v, k), a in zip(edges, edge_attrs))
    return copy
