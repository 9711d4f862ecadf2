"""The policy graph as pandas tables: what :class:`kg.api.PolicyGraph` shows in a notebook.

Each function is pure: it reads the graph (schema in :mod:`kg.assemble`) or the measure records
(:func:`kg.export.jsonl.measure_record`) and returns a new ``DataFrame``. List-valued fields
stay Python lists, so ``df.explode("actor_names")`` works, and ids are the graph's node ids,
so a row leads back to its node: ``pg.graph.nodes[row.id]``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx
import pandas as pd

from kg.assemble.graph import packed
from kg.rdf import PREFIXES, QueryResult, Term, compact

#: First columns of nodes.csv and edges.csv; the other attributes follow in name order.
NODE_COLUMNS = ("id", "kind", "label")
EDGE_COLUMNS = ("source", "target", "key", "relation")
#: Edge provenance columns, in reading order. ``source`` would clash with the edge's tail, so
#: the file an edge's evidence comes from is called ``file`` in edges.csv.
_PROVENANCE = ("file", "start", "end", "rule", "sentence")

_INTEGER_TYPES = ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                  "positiveInteger", "negativeInteger", "nonPositiveInteger", "unsignedLong",
                  "unsignedInt", "unsignedShort", "unsignedByte")
_FLOAT_TYPES = ("decimal", "double", "float")
_XSD = PREFIXES["xsd"]


def measure_id(record: Mapping[str, Any]) -> str:
    """The graph node id of a measure record (``measure:<source>:<start>-<end>``, kg.assemble)."""
    return f"measure:{record['source']}:{record['start']}-{record['end']}"


def measure_table(records: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """One row per measure: its node ``id``, then the keys of ``measures.jsonl``, in file order.

    Missing values (``null`` in the file) are pandas' missing values; ``year`` is a nullable
    integer, so 2027 does not become 2027.0 where other measures have no year.
    """
    rows = [{"id": measure_id(r), **r} for r in records]
    table = pd.DataFrame(rows) if rows else pd.DataFrame(columns=["id"])
    if "year" in table:
        table["year"] = table["year"].astype("Int64")
    return table


def _article_labels(graph: nx.MultiDiGraph) -> dict[Any, list[str]]:
    """Each node's articles, as the article labels the measure records use, sorted.

    :func:`kg.assemble.graph.article_homes` is the one definition of a node's articles.
    """
    from kg.assemble.graph import article_homes

    return {node: sorted({str(graph.nodes[a].get("label", a)) for a in homes})
            for node, homes in article_homes(graph).items()}


def _linked_measures(graph: nx.MultiDiGraph, node: Any, relation: str, *, incoming: bool) -> int:
    """How many distinct measures (articles, for ``issuer``) reach ``node`` (or are reached
    from it) by ``relation``."""
    edges = graph.in_edges(node, data="relation") if incoming else graph.out_edges(node, data="relation")
    return len({u if incoming else v for u, v, r in edges if r == relation})


def actor_table(graph: nx.MultiDiGraph) -> pd.DataFrame:
    """One row per actor: ``id``, ``name``, ``type``, ``surface`` (the forms seen in the text),
    ``as_actor`` and ``as_target`` (measures it carries out / is aimed at), ``issued`` (articles
    whose document it issued, by the document header) and ``articles``.

    Busiest first (measures as actor, then articles, then as target, then name): ``.head()`` shows
    who the texts ask most of.
    """
    articles = _article_labels(graph)
    rows = [
        {
            "id": node,
            "name": attrs.get("name", attrs.get("label", node)),
            "type": attrs.get("actor_type", ""),
            "surface": list(attrs.get("surface", ())),
            "as_actor": _linked_measures(graph, node, "actor", incoming=False),
            "as_target": _linked_measures(graph, node, "target", incoming=True),
            "issued": _linked_measures(graph, node, "issuer", incoming=True),
            "articles": articles.get(node, []),
        }
        for node, attrs in graph.nodes(data=True) if attrs.get("kind") == "actor"
    ]
    rows.sort(key=lambda r: (-r["as_actor"], -len(r["articles"]), -r["as_target"], r["name"]))
    columns = ["id", "name", "type", "surface", "as_actor", "as_target", "issued", "articles"]
    return pd.DataFrame(rows, columns=columns)


def goal_table(graph: nx.MultiDiGraph) -> pd.DataFrame:
    """One row per goal: ``id``, ``text``, ``measures`` serving it, ``articles``, and the
    ``time``, ``year`` (0: none) and ``quantities`` of the sentence that first named it.

    Most pursued first, in the order of the ``top-goals`` example query (measures, then
    number of articles, then text).
    """
    articles = _article_labels(graph)
    rows = [
        {
            "id": node,
            "text": attrs.get("text", attrs.get("label", node)),
            "measures": _linked_measures(graph, node, "goal", incoming=True),
            "articles": articles.get(node, []),
            "time": attrs.get("time", ""),
            "year": attrs.get("year", 0),
            "quantities": packed(attrs).get("quantities", ""),  # the numbers as one string
        }
        for node, attrs in graph.nodes(data=True) if attrs.get("kind") == "goal"
    ]
    rows.sort(key=lambda r: (-r["measures"], -len(r["articles"]), r["text"]))
    columns = ["id", "text", "measures", "articles", "time", "year", "quantities"]
    return pd.DataFrame(rows, columns=columns)


#: The document header's columns of the documents table (empty where the file has no header).
DOCUMENT_COLUMNS = ("kind", "number", "issuers", "written", "published", "year")


def document_table(graph: nx.MultiDiGraph, records: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """One row per source file, in name order: its document header (``kind``, ``number``,
    ``issuers`` (a list), the ``written`` and ``published`` dates, ISO), its ``year`` (the
    header's, else a date in its opening lines or its file name; nullable), its ``articles``
    (how many) and their ``titles`` (a list), and how many ``measures``, distinct ``actors``
    and distinct ``goals``."""
    titles: dict[str, list[str]] = {}
    headers: dict[str, dict[str, Any]] = {}
    for node, attrs in sorted(graph.nodes(data=True), key=lambda n: str(n[0])):
        if attrs.get("kind") == "article":
            source = str(attrs.get("source", ""))
            titles.setdefault(source, []).append(str(attrs.get("title") or attrs.get("label") or node))
            headers.setdefault(source, {
                "kind": attrs.get("document_kind"), "number": attrs.get("document_number"),
                "issuers": list(attrs.get("issuers", ())), "written": attrs.get("written"),
                "published": attrs.get("published"), "year": attrs.get("document_year")})
    measures: dict[str, int] = {}
    actors: dict[str, set[str]] = {}
    goals: dict[str, set[str]] = {}
    for record in records:
        source = str(record.get("source", ""))
        measures[source] = measures.get(source, 0) + 1
        actors.setdefault(source, set()).update(record.get("actor_names") or record.get("actors") or ())
        goals.setdefault(source, set()).update(record.get("goals") or ())
    empty = {"kind": None, "number": None, "issuers": [], "written": None, "published": None, "year": None}
    rows = [
        {"file": source, **headers.get(source, empty), "articles": len(titles.get(source, ())),
         "titles": titles.get(source, []), "measures": measures.get(source, 0),
         "actors": len(actors.get(source, ())), "goals": len(goals.get(source, ()))}
        for source in sorted(set(titles) | set(measures))
    ]
    table = pd.DataFrame(rows, columns=["file", *DOCUMENT_COLUMNS, "articles", "titles", "measures", "actors", "goals"])
    table["year"] = table["year"].astype("Int64")
    return table


def node_table(graph: nx.MultiDiGraph) -> pd.DataFrame:
    """Every node with all its attributes (a kind's missing attributes are empty): nodes.csv."""
    rows = [{"id": node, **packed(attrs)} for node, attrs in sorted(graph.nodes(data=True), key=lambda n: str(n[0]))]
    rest = sorted({k for r in rows for k in r} - set(NODE_COLUMNS))
    return pd.DataFrame(rows, columns=[*NODE_COLUMNS, *rest])


def edge_table(graph: nx.MultiDiGraph) -> pd.DataFrame:
    """Every edge: ``source``, ``target``, ``key``, ``relation``, then its provenance: edges.csv.

    The provenance attribute ``source`` (a file name) is renamed ``file``.
    """
    rows = []
    for u, v, key, attrs in graph.edges(keys=True, data=True):
        extra = {("file" if k == "source" else k): value for k, value in attrs.items() if k != "relation"}
        rows.append({"source": u, "target": v, "key": key, "relation": attrs.get("relation", key), **extra})
    rows.sort(key=lambda r: (str(r["source"]), str(r["target"]), str(r["key"])))
    seen = {k for r in rows for k in r} - set(EDGE_COLUMNS)
    rest = [c for c in _PROVENANCE if c in seen] + sorted(seen - set(_PROVENANCE))
    return pd.DataFrame(rows, columns=[*EDGE_COLUMNS, *rest])


# --------------------------------------------------------------------------- query results


def term_value(term: Term | None) -> str | int | float | bool | None:
    """A SPARQL result term as a plain Python value.

    Numbers become ``int`` or ``float``, booleans ``bool``; vocabulary IRIs read as
    ``pkg:Supply`` (as ``kg query`` prints them) and data IRIs stay whole, so they can be
    looked up again; other literals are their text, without language tag.
    """
    if term is None:
        return None
    if term.kind == "uri":
        short = compact(term.value)
        return term.value if short.startswith("<") else short
    if term.kind == "bnode":
        return f"_:{term.value}"
    datatype = term.datatype or ""
    if datatype.startswith(_XSD):
        local = datatype[len(_XSD):]
        try:
            if local in _INTEGER_TYPES:
                return int(term.value)
            if local in _FLOAT_TYPES:
                return float(term.value)
        except ValueError:  # an ill-typed literal: keep its text
            return term.value
        if local == "boolean":
            return term.value.strip() in ("true", "1")
    return term.value


def result_frame(result: QueryResult) -> pd.DataFrame:
    """A query result as a table: one column per SPARQL variable, in the query's order.

    ASK gives one ``boolean`` cell; CONSTRUCT and DESCRIBE give ``subject``, ``predicate``,
    ``object`` rows.
    """
    if result.kind == "ask":
        return pd.DataFrame({"boolean": [bool(result.boolean)]})
    if result.kind == "graph":
        rows = [tuple(term_value(t) for t in triple) for triple in result.triples]
        return pd.DataFrame(rows, columns=["subject", "predicate", "object"])
    rows = [tuple(term_value(t) for t in row) for row in result.rows]
    return pd.DataFrame(rows, columns=list(result.variables))


#: What ``per_year`` counts measures by: a field of measures.jsonl each.
PER_YEAR = {"instrument": "instrument", "stance": "stance", "actor_type": "actor_types"}


def per_year(graph: nx.MultiDiGraph, records: Iterable[Mapping[str, Any]], by: str = "instrument") -> pd.DataFrame:
    """Measures per document year (rows, ascending) and value of ``by`` (columns): how the mix of
    instruments, stances or actor types moves over time. A measure with several actors counts
    once for each of their types; an empty value is ``"none"``; documents with no year are
    left out. The year is the document's (:attr:`kg.model.SourceText.year`)."""
    if by not in PER_YEAR:
        raise ValueError(f"per_year counts by {', '.join(PER_YEAR)}, not {by!r}")
    years = {str(a.get("source", "")): a.get("document_year") for _, a in graph.nodes(data=True)
             if a.get("kind") == "article" and a.get("document_year")}
    counts: dict[tuple[int, str], int] = {}
    for record in records:
        year = years.get(str(record.get("source", "")))
        if not year:
            continue
        value = record.get(PER_YEAR[by])
        for v in (sorted(set(value)) or [None]) if isinstance(value, list) else [value]:
            key = (int(year), str(v or "none"))
            counts[key] = counts.get(key, 0) + 1
    if not counts:
        return pd.DataFrame(dtype="int64")
    table = pd.Series(counts).unstack(fill_value=0).sort_index()
    table.index.name, table.columns.name = "year", by
    return table.astype("int64")
