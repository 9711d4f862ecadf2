"""GraphML that other tools read: one key per attribute name and domain, with one type.

igraph (like any strict GraphML reader) refuses a file that declares a name twice; an attribute
whose values have two types is declared in one type that holds them all, and read_graphml gives
each value its own type back.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from kg.export.graphml import VALUE_TYPES, read_graphml, write_graphml

NS = "{http://graphml.graphdrawing.org/xmlns}"


def _declared(path: Path) -> dict[tuple[str, str], str]:
    """attr.type by (domain, attr.name); fails if a name is declared twice in a domain."""
    keys = ET.parse(path).getroot().findall(f"{NS}key")
    names = Counter((k.get("for"), k.get("attr.name")) for k in keys)
    assert [name for name, n in names.items() if n > 1] == []
    return {(k.get("for"), k.get("attr.name")): k.get("attr.type") for k in keys}


def _typed(items) -> list[tuple]:
    """Items with their attribute values' types, to compare graphs type for type."""
    return sorted(((*item[:-1], sorted((k, type(v).__name__, v) for k, v in item[-1].items()))
                   for item in items), key=repr)


def _same(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> None:
    assert _typed(a.nodes(data=True)) == _typed(b.nodes(data=True))
    assert _typed(a.edges(keys=True, data=True)) == _typed(b.edges(keys=True, data=True))


# --------------------------------------------------------------------------- the seeds' graph


def test_igraph_reads_the_built_graph(seed_out: Path) -> None:
    igraph = pytest.importorskip("igraph")
    path = seed_out / "graph.graphml"
    theirs = igraph.Graph.Read_GraphML(str(path))
    ours = nx.read_graphml(path, force_multigraph=True)
    assert (theirs.vcount(), theirs.ecount()) == (ours.number_of_nodes(), ours.number_of_edges())
    assert theirs.vcount() > 100 and theirs.ecount() > 100
    assert theirs.is_directed()
    assert {"kind", "label", "heading"} <= set(theirs.vs.attributes())
    assert {"relation", "rule"} <= set(theirs.es.attributes())
    assert Counter(theirs.vs["kind"]) == Counter(k for _, k in ours.nodes(data="kind"))


def test_each_name_is_declared_once_per_domain(seed_out: Path, seed_build) -> None:
    declared = _declared(seed_out / "graph.graphml")
    # heading is 0 or 1 on measures and the heading's text on sections: declared as a string
    assert declared["node", "heading"] == "string"
    assert declared["node", "start"] == "long" and declared["edge", "start"] == "long"
    assert declared["node", "kind"] == "string" and declared["edge", "relation"] == "string"
    graph = seed_build.graph
    names = {("node", k) for _, a in graph.nodes(data=True) for k in a}
    names |= {("edge", k) for *_, a in graph.edges(keys=True, data=True) for k in a}
    assert set(declared) == names | {("graph", VALUE_TYPES)}


def test_the_built_graph_comes_back_with_its_types(seed_out: Path, seed_build) -> None:
    back = read_graphml(seed_out / "graph.graphml")
    _same(back, seed_build.graph)
    assert VALUE_TYPES not in back.graph
    headings = {type(h) for n, h in back.nodes(data="heading") if back.nodes[n]["kind"] == "measure"}
    assert headings == {int}
    # a plain GraphML reader gets every heading as a string
    plain = nx.read_graphml(seed_out / "graph.graphml")
    assert {type(h) for _, h in plain.nodes(data="heading") if h is not None} == {str}


# --------------------------------------------------------------------------- mixed types


def _mixed() -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    # heading: int on measures, str on sections (grouped by kind); flag: bool and int; score:
    # int and float; note: bool and str with no kind to group by (noted by node id)
    graph.add_node("m1", kind="measure", heading=1, flag=True, score=3, rank=1)
    graph.add_node("m2", kind="measure", heading=0, flag=2, score=0.5, rank=2)
    graph.add_node("s1", kind="section", heading="一、总体要求", flag=False, score=7, rank=3)
    graph.add_node("s2", kind="section", heading="1", note="x & <y>", rank=4)
    graph.add_node('odd "id"\x01', heading="2", note=True)
    graph.add_node(7, note=False, big=2 ** 60)
    graph.add_node("f", kind="measure", big=0.25)
    graph.add_edge("m1", "s1", key="section", relation="section", weight=1, ok=True)
    graph.add_edge("m2", "s1", key="section", relation="section", weight=1.5, ok="yes")
    graph.add_edge("m1", "m2", key=0, weight=True)
    return graph


def test_a_mixed_attribute_is_declared_once_in_a_type_that_holds_all_its_values(tmp_path: Path) -> None:
    path = tmp_path / "g.graphml"
    write_graphml(_mixed(), path)
    declared = _declared(path)
    assert declared["node", "heading"] == "string"
    assert declared["node", "flag"] == "long"           # booleans and integers
    assert declared["node", "score"] == "double"        # integers and floats
    assert declared["node", "note"] == "string"
    assert declared["node", "rank"] == "long"           # one type: as it was
    assert declared["node", "big"] == "string"          # an integer no double holds exactly
    assert declared["edge", "weight"] == "double"
    assert declared["edge", "ok"] == "string"
    text = path.read_text(encoding="utf-8")
    assert '<data key="d2">1</data>' in text            # flag=True of m1, as a long
    # a plain reader gets every value in the declared type
    plain = nx.read_graphml(path, force_multigraph=True)
    assert plain.nodes["m1"]["flag"] == 1 and plain.nodes["s1"]["flag"] == 0
    assert plain.nodes["m1"]["heading"] == "1" and plain.nodes["m2"]["score"] == 0.5
    assert plain.nodes["m1"]["score"] == 3.0 and type(plain.nodes["m1"]["score"]) is float


def test_a_mixed_attribute_round_trips(tmp_path: Path) -> None:
    graph = _mixed()
    path = tmp_path / "g.graphml"
    write_graphml(graph, path)
    back = read_graphml(path)
    rename = {7: "7", 'odd "id"\x01': 'odd "id"\ufffd'}  # ids come back as text XML can hold
    expected = nx.MultiDiGraph()
    expected.add_nodes_from((rename.get(n, n), a) for n, a in graph.nodes(data=True))
    expected.add_edges_from(graph.edges(keys=True, data=True))  # (networkx reads key "0" as 0)
    _same(back, expected)
    assert back.nodes["m1"]["flag"] is True and back.nodes["m2"]["flag"] == 2
    assert back.nodes["s2"]["heading"] == "1" and back.nodes["m1"]["heading"] == 1
    assert back.nodes["7"]["big"] == 2 ** 60 and back.nodes["7"]["note"] is False
    assert VALUE_TYPES not in back.graph
    # and written again, the same file
    write_graphml(back, tmp_path / "again.graphml")
    assert (tmp_path / "again.graphml").read_bytes() == path.read_bytes()


def test_igraph_reads_a_mixed_attribute(tmp_path: Path) -> None:
    igraph = pytest.importorskip("igraph")
    path = tmp_path / "g.graphml"
    write_graphml(_mixed(), path)
    theirs = igraph.Graph.Read_GraphML(str(path))
    assert (theirs.vcount(), theirs.ecount()) == (7, 3)
    by_id = {v["id"]: v for v in theirs.vs}
    assert by_id["m1"]["heading"] == "1" and by_id["s1"]["heading"] == "一、总体要求"
    assert by_id["m1"]["flag"] == 1 and by_id["m2"]["score"] == 0.5
    assert by_id["s2"]["note"] == "x & <y>"


def test_a_graph_of_one_type_per_attribute_is_written_as_before(tmp_path: Path) -> None:
    graph = nx.MultiDiGraph()
    graph.add_node("a", kind="actor", label="企业", year=2024, ok=True, share=0.5)
    graph.add_node("b", kind="goal", label="创新")
    graph.add_edge("a", "b", key="goal", relation="goal", start=3)
    path = tmp_path / "g.graphml"
    write_graphml(graph, path)
    assert VALUE_TYPES not in path.read_text(encoding="utf-8")
    assert _declared(path) == {("node", "kind"): "string", ("node", "label"): "string",
                               ("node", "year"): "long", ("node", "ok"): "boolean",
                               ("node", "share"): "double", ("edge", "relation"): "string",
                               ("edge", "start"): "long"}
    _same(read_graphml(path), graph)


# --------------------------------------------------------------------------- list attributes

QUANTIFIED = "到2027年，全市高新技术企业超过1000家，研发投入强度达到3.5%。鼓励企业加大研发投入。"


def test_list_attributes_are_records_in_the_graph_and_strings_in_graphml(tmp_path: Path) -> None:
    """Authors, surface forms and quantities stay tuples in the graph (what the RDF mapping
    reads); GraphML, which takes one string per attribute, joins them, and reading it back
    splits them again, so a loaded graph maps to the same RDF."""
    import kg
    from kg.assemble.graph import quantity_text
    from kg.export.rdf import serialise
    from kg.model import Quantity

    pg = kg.build(QUANTIFIED)
    quantities = [q for _, q in pg.graph.nodes(data="quantities") if q]
    assert quantities and all(isinstance(q, tuple) and all(isinstance(x, Quantity) for x in q) for q in quantities)
    assert all(isinstance(s, tuple) for _, s in pg.graph.nodes(data="surface") if s is not None)
    write_graphml(pg.graph, tmp_path / "graph.graphml")
    text = (tmp_path / "graph.graphml").read_text(encoding="utf-8")
    assert "&gt;1000家" in text and "=3.5%" in text  # one string per attribute, as GraphML takes it
    back = read_graphml(tmp_path / "graph.graphml")
    for node, q in pg.graph.nodes(data="quantities"):
        if q:
            assert [quantity_text(x) for x in back.nodes[node]["quantities"]] == [quantity_text(x) for x in q]
    assert serialise(back, "turtle") == serialise(pg.graph, "turtle")
