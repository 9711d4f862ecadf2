"""Tests for the RDF export (kg.export.rdf) and its vocabulary (kg.export.namespace, ontology.ttl).

Most graphs are built by hand to the schema in kg/assemble/graph.py's docstring, so these tests do not
depend on the extraction pipeline; the IRI-stability test builds from the seeds.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.errors import OutputError
from kg.export.namespace import (
    ACTOR_TYPES,
    INSTRUMENTS,
    ONTOLOGY_FILE,
    ONTOLOGY_IRI,
    PKG,
    SCHEMES,
    SHAPES_FILE,
    STANCES,
)
from kg.export.rdf import (
    DEFAULT_BASE_IRI,
    FILE_NAMES,
    FORMATS,
    parse_formats,
    serialise,
    to_dataset_graphs,
    to_rdf,
    write_rdf,
    write_rdf_outputs,
)
from kg.assemble import degrees, edges, in_edges, node_kinds, out_edges

from .conftest import SEEDS

REPO = Path(__file__).resolve().parents[1]
BASE = DEFAULT_BASE_IRI

SOURCE = '000 政策 "x" <1>#a.txt'  # space, quotes, <>, # all need escaping in an IRI
Q_SOURCE = "000%20%E6%94%BF%E7%AD%96%20%22x%22%20%3C1%3E%23a.txt"
ARTICLE = f"article:{SOURCE}#1"
SECTION = f"section:{SOURCE}#1:一、总体要求"
MEASURE = f"measure:{SOURCE}:10-20"
MEASURE2 = f"measure:{SOURCE}:30-36"
SENTENCE = "各地政府要加强职业教育，促进就业。"
NASTY = 'm "quotes" \\backslash\n<tag> 😀'

OX_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
              "json-ld": ox.RdfFormat.JSON_LD, "trig": ox.RdfFormat.TRIG}


def sample_graph(reverse: bool = False) -> nx.MultiDiGraph:
    """A small graph per kg.assemble's schema; ``reverse`` adds everything in the opposite order."""
    nodes: list[tuple[str, dict]] = [
        (ARTICLE, {"kind": "article", "label": "关于推进教育的意见", "source": SOURCE,
                       "title": "关于推进教育的意见", "authors": "张三、李四", "affiliation": "",
                       "start": 0, "end": 500}),
        (SECTION, {"kind": "section", "label": "一、总体要求", "source": SOURCE,
                       "article": "关于推进教育的意见", "heading": "一、总体要求"}),
        (MEASURE, {"kind": "measure", "label": NASTY, "text": NASTY, "source": SOURCE,
                       "article": "关于推进教育的意见", "section": "一、总体要求", "sentence": SENTENCE,
                       "sentence_start": 5, "sentence_end": 25, "start": 10, "end": 20, "rule": "verb_obj",
                       "stance": "require", "stance_cue": "要", "instrument": "supply",
                       "instrument_cue": "教育", "time": "到2027年", "year": 2027,
                       "quantities": ">=70%; =1.2e+12元", "heading": 0}),
        (MEASURE2, {"kind": "measure", "label": "加强职业教育", "text": "加强职业教育", "source": SOURCE,
                        "article": "关于推进教育的意见", "section": "", "sentence": "加强职业教育。",
                        "sentence_start": 30, "sentence_end": 37, "start": 30, "end": 36, "rule": "verb_obj",
                        "stance": "propose", "stance_cue": "", "instrument": "", "instrument_cue": "",
                        "time": "", "year": 0, "quantities": "", "heading": 0}),
        ("actor:地方 政府<\"x\">", {"kind": "actor", "label": '地方 政府<"x">', "name": '地方 政府<"x">',
                                   "actor_type": "government", "surface": '各地政府 | 地方 政府<"x">'}),
        ("actor:高校", {"kind": "actor", "label": "高校", "name": "高校", "actor_type": "research",
                          "surface": "高校"}),
        ("goal:促进就业", {"kind": "goal", "label": "促进 就业", "text": "促进 就业", "time": "",
                           "year": 0, "quantities": ""}),
    ]
    prov = {"source": SOURCE, "sentence": SENTENCE, "start": 10, "end": 14, "rule": "r1"}
    edges: list[tuple[str, str, str, dict]] = [
        (SECTION, ARTICLE, "article", {"relation": "article"}),
        (MEASURE, SECTION, "section", {"relation": "section"}),
        (MEASURE2, ARTICLE, "article", {"relation": "article"}),
        ('actor:地方 政府<"x">', MEASURE, "actor", dict(relation="actor", **prov)),
        (MEASURE, "actor:高校", "target", dict(relation="target", **prov)),
        (MEASURE, "goal:促进就业", "goal", dict(relation="goal", **prov)),
    ]
    if reverse:
        nodes.reverse()
        edges.reverse()
    g = nx.MultiDiGraph()
    for nid, attrs in nodes:
        g.add_node(nid, **attrs)
    for u, v, key, attrs in edges:
        g.add_edge(u, v, key=key, **attrs)
    return g


def two_file_graph() -> nx.MultiDiGraph:
    """The sample plus a second file whose measure shares the actor 高校 and the goal."""
    g = sample_graph()
    g.add_node("article:other.txt#1", kind="article", label="另一篇", source="other.txt",
               title="另一篇", authors="", affiliation="", start=0, end=90)
    g.add_node("measure:other.txt:3-9", kind="measure", label="培养人才", text="培养人才",
               source="other.txt", article="另一篇", section="", sentence="高校要培养人才，促进就业。",
               sentence_start=0, sentence_end=12, start=3, end=9, rule="verb_obj",
               stance="require", stance_cue="要", instrument="supply", instrument_cue="人才",
               time="", year=0, quantities="", heading=0)
    prov = {"source": "other.txt", "sentence": "高校要培养人才，促进就业。", "start": 0, "end": 2, "rule": "r1"}
    g.add_edge("measure:other.txt:3-9", "article:other.txt#1", key="article", relation="article")
    g.add_edge("actor:高校", "measure:other.txt:3-9", key="actor", relation="actor", **prov)
    g.add_edge("measure:other.txt:3-9", "goal:促进就业", key="goal", relation="goal", **prov)
    return g


def _only(g: Graph, s=None, p=None, o=None):
    found = list(g.triples((s, p, o)))
    assert len(found) == 1, found
    return found[0]


def _measure_iri(g: Graph, label: str) -> URIRef:
    return _only(g, None, RDFS.label, Literal(label, lang="zh"))[0]


@pytest.fixture
def turtle() -> str:
    return to_rdf(sample_graph()).serialize(format="turtle")


# --------------------------------------------------------------------------- mapping


def test_turtle_reparses_to_the_same_triples(tmp_path: Path) -> None:
    expected = to_rdf(sample_graph())
    path = tmp_path / "kg.ttl"
    write_rdf(sample_graph(), path)
    parsed = Graph().parse(path, format="turtle")
    assert set(parsed) == set(expected)
    assert len(parsed) > 50


def test_measure_has_actor_goal_target_and_sentence(turtle: str) -> None:
    g = Graph().parse(data=turtle, format="turtle")
    m = _measure_iri(g, NASTY)  # the nasty label survives the round trip exactly
    assert (m, RDF.type, PKG.Measure) in g
    actor = _only(g, m, PKG.hasActor)[2]
    assert (actor, RDF.type, PKG.Actor) in g
    assert (actor, RDFS.label, Literal('地方 政府<"x">', lang="zh")) in g
    assert (actor, SKOS.altLabel, Literal("各地政府", lang="zh")) in g
    assert (actor, PKG.actorType, PKG.Government) in g
    target = _only(g, m, PKG.hasTarget)[2]
    assert (target, RDFS.label, Literal("高校", lang="zh")) in g
    assert (target, PKG.actorType, PKG.Research) in g
    goal = _only(g, m, PKG.hasGoal)[2]
    assert (goal, RDF.type, PKG.Goal) in g
    assert (goal, RDFS.label, Literal("促进 就业", lang="zh")) in g
    sentence = _only(g, m, PROV.wasDerivedFrom)[2]
    assert sentence == URIRef(f"{BASE}sentence/{Q_SOURCE}/5-25")
    assert (sentence, RDF.type, PKG.Sentence) in g
    assert (sentence, PKG.sentenceText, Literal(SENTENCE, lang="zh")) in g
    assert (sentence, PKG.startOffset, Literal(5)) in g
    assert (sentence, PKG.endOffset, Literal(25)) in g
    assert (sentence, PKG.isHeading, Literal(False)) in g
    source = URIRef(f"{BASE}source/{Q_SOURCE}")
    assert (sentence, DCTERMS.source, source) in g
    assert (m, DCTERMS.source, source) in g
    assert (source, RDF.type, PKG.SourceFile) in g
    assert (source, PKG.fileName, Literal(SOURCE)) in g
    assert (m, PKG.startOffset, Literal(10)) in g
    assert (m, PKG.endOffset, Literal(20)) in g
    assert (m, PKG.rule, Literal("verb_obj")) in g


def test_controlled_values_are_skos_concepts_and_cues_stay_literals(turtle: str) -> None:
    g = Graph().parse(data=turtle, format="turtle")
    m = _measure_iri(g, NASTY)
    assert (m, PKG.stance, PKG.Require) in g
    assert (m, PKG.stanceCue, Literal("要", lang="zh")) in g
    assert (m, PKG.instrument, PKG.Supply) in g
    assert (m, PKG.instrumentCue, Literal("教育", lang="zh")) in g
    m2 = _measure_iri(g, "加强职业教育")
    assert (m2, PKG.stance, PKG.Propose) in g
    assert not list(g.triples((m2, PKG.instrument, None)))  # "" means no instrument
    assert not list(g.triples((m2, PKG.stanceCue, None)))


def test_unknown_controlled_value_is_dropped_with_a_warning(caplog) -> None:
    g = sample_graph()
    g.nodes[MEASURE]["instrument"] = "magic"
    with caplog.at_level(logging.WARNING, logger="kg.export.rdf"):
        rdf = to_rdf(g)
    assert not list(rdf.triples((None, PKG.instrument, None)))
    assert "'magic' is not in the ontology" in caplog.text


@pytest.mark.parametrize("view", [False, True])
def test_fast_graph_readers_give_what_networkx_views_give(view: bool) -> None:
    """The exporters read networkx's dicts directly (kg.assemble); same answers, same order,
    on a graph and on a subgraph view, parallel edges and self-loops included."""
    graph = sample_graph()
    graph.add_edges_from([(MEASURE, MEASURE, "self"), (MEASURE, MEASURE, "again"), (MEASURE, SECTION, "twice")])
    if view:
        graph = graph.subgraph([n for n in graph if n != MEASURE2])
    assert list(edges(graph)) == list(graph.edges(keys=True, data=True))
    assert node_kinds(graph) == dict(graph.nodes(data="kind"))
    assert degrees(graph) == dict(graph.degree)
    for node in graph:
        assert [(node, *e) for e in out_edges(graph, node)] == list(graph.out_edges(node, keys=True, data=True))
        assert [(u, node, k, d) for u, k, d in in_edges(graph, node)] == list(graph.in_edges(node, keys=True, data=True))


def test_an_edge_outside_the_schema_is_named_in_a_warning(caplog) -> None:
    g = sample_graph()
    g.add_edge("goal:促进就业", "actor:高校", key="odd", relation="odd")
    with caplog.at_level(logging.WARNING, logger="kg.export"):
        serialise(g, "turtle")
    assert "-[odd]-> 'actor:高校' (goal -> actor) not exported" in caplog.text
    assert caplog.text.count("not exported") == 1  # the schema's own edges, either way, are exported


def test_time_year_and_quantities(turtle: str) -> None:
    g = Graph().parse(data=turtle, format="turtle")
    m = _measure_iri(g, NASTY)
    assert (m, PKG.time, Literal("到2027年", lang="zh")) in g
    assert (m, PKG.year, Literal(2027)) in g
    quantities = sorted(g.objects(m, PKG.quantity))
    assert quantities == [URIRef(f"{m}/quantity/1"), URIRef(f"{m}/quantity/2")]
    q1, q2 = quantities
    assert (q1, RDF.type, PKG.Quantity) in g
    assert (q1, PKG.comparator, Literal(">=")) in g
    assert (q1, RDF.value, Literal("70.0", datatype=XSD.decimal)) in g
    assert (q1, PKG.unit, Literal("%")) in g
    assert (q2, RDF.value, Literal("1200000000000.0", datatype=XSD.decimal)) in g  # no exponent
    assert (q2, PKG.unit, Literal("元")) in g
    m2 = _measure_iri(g, "加强职业教育")
    assert not list(g.triples((m2, PKG.year, None)))  # year 0 means none
    assert not list(g.triples((m2, PKG.quantity, None)))


def test_structure_links(turtle: str) -> None:
    g = Graph().parse(data=turtle, format="turtle")
    article = _only(g, None, RDF.type, PKG.Article)[0]
    section = _only(g, None, RDF.type, PKG.Section)[0]
    m1, m2 = _measure_iri(g, NASTY), _measure_iri(g, "加强职业教育")
    assert (section, DCTERMS.isPartOf, article) in g
    assert (m1, PKG.inSection, section) in g
    assert (m1, PKG.inArticle, article) in g  # derived through the section
    assert (m2, PKG.inArticle, article) in g
    assert set(g.objects(article, DCTERMS.creator)) == {
        Literal("张三", lang="zh"), Literal("李四", lang="zh")}
    assert (article, DCTERMS.title, Literal("关于推进教育的意见", lang="zh")) in g
    assert (article, DCTERMS.source, URIRef(f"{BASE}source/{Q_SOURCE}")) in g
    assert not list(g.triples((article, PKG.affiliation, None)))  # "" means unknown


def test_labels_are_tagged_zh(turtle: str) -> None:
    g = Graph().parse(data=turtle, format="turtle")
    files = set(g.subjects(RDF.type, PKG.SourceFile))
    labels = [o for s, o in g.subject_objects(RDFS.label) if s not in files]
    assert len(labels) == 9  # article, section, 2 measures, 2 actors, goal, 2 quantities
    assert all(isinstance(lit, Literal) and lit.language == "zh" for lit in labels)
    assert '"关于推进教育的意见"@zh' in turtle


# --------------------------------------------------------------------------- IRIs


def test_iri_scheme_and_escaping() -> None:
    g = to_rdf(sample_graph())
    subjects = set(g.subjects())
    assert URIRef(f"{BASE}measure/{Q_SOURCE}/10-20") in subjects
    assert URIRef(f"{BASE}article/{Q_SOURCE}/0-500") in subjects  # by span, not a counter
    assert URIRef(f"{BASE}section/{Q_SOURCE}/0-500/%E4%B8%80%E3%80%81%E6%80%BB%E4%BD%93%E8%A6%81%E6%B1%82") in subjects
    assert URIRef(f"{BASE}actor/%E9%AB%98%E6%A0%A1") in subjects
    assert URIRef(f"{BASE}source/{Q_SOURCE}") in subjects
    for node in subjects | {o for o in g.objects() if isinstance(o, URIRef)}:
        assert node.isascii(), node
        assert not any(c in node for c in ' <>"{}|\\^`\n'), node


def test_canonically_equal_names_share_an_iri() -> None:
    composed, decomposed = "caf\u00e9", "cafe\u0301"
    g = nx.MultiDiGraph()
    for name in (composed, decomposed):
        g.add_node(f"actor:{name}", kind="actor", label=name, name=name, actor_type="other", surface=name)
    assert len(set(to_rdf(g).subjects(RDF.type, PKG.Actor))) == 1


def test_iris_do_not_change_when_an_unrelated_node_is_added() -> None:
    before = to_rdf(sample_graph())
    bigger = sample_graph()
    bigger.add_node("article:other.txt#1", kind="article", label="另一篇", source="other.txt",
                    title="另一篇", authors="", affiliation="", start=0, end=9)
    bigger.add_node("actor:教育部", kind="actor", label="教育部", name="教育部",
                    actor_type="government", surface="教育部")
    after = to_rdf(bigger)
    assert set(before) < set(after)  # every old triple, with the same IRIs, is still there


def test_build_order_does_not_matter() -> None:
    a = to_rdf(sample_graph()).serialize(format="turtle")
    b = to_rdf(sample_graph(reverse=True)).serialize(format="turtle")
    assert a == b


def test_custom_base_iri() -> None:
    g = to_rdf(sample_graph(), base_iri="http://example.org/kg")  # no trailing slash
    assert URIRef("http://example.org/kg/actor/%E9%AB%98%E6%A0%A1") in set(g.subjects())
    for bad in ("relative/path/", "http://example.org/a b/", "http://example.org/kg#"):
        with pytest.raises(ValueError):
            to_rdf(sample_graph(), base_iri=bad)


@pytest.fixture(scope="module")
def one_and_two_seeds(seed_build):
    """The seeds' RDF built from the first seed alone and from both seeds."""
    from kg.pipeline import build

    first = min(SEEDS.glob("*.txt"))
    return to_rdf(build([first]).graph), to_rdf(seed_build.graph)


def test_adding_a_document_keeps_existing_iris(one_and_two_seeds) -> None:
    one, both = one_and_two_seeds
    iris = {n for t in one for n in t if isinstance(n, URIRef)}
    kinds = {str(t).rsplit("#", 1)[-1] for t in one.objects(None, RDF.type)}
    assert {"Article", "Section", "Sentence", "Measure", "Actor", "Goal", "SourceFile"} <= kinds
    assert len(iris) > 500
    both_iris = {n for t in both for n in t if isinstance(n, URIRef)}
    assert iris <= both_iris
    # ... and everything said about them is still said, in the same words
    assert set(one) <= set(both)
    assert len(set(both)) > len(set(one))


def test_re_running_gives_the_same_iris_and_bytes(seed_build) -> None:
    from kg.assemble import build_graph
    from kg.normalise import ActorNormaliser

    again = build_graph((a for d in seed_build.documents for a in d.articles),
                        reversed(seed_build.measures), ActorNormaliser(seed_build.rules))
    assert serialise(again, "turtle") == serialise(seed_build.graph, "turtle")


# --------------------------------------------------------------------------- formats


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own TriG parser
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_reparses(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"kg.{fmt}"
    write_rdf(sample_graph(), path, fmt=fmt)
    if fmt == "trig":
        parsed = Dataset().parse(path, format="trig")
        triples = {(s, p, o) for s, p, o, _ in parsed.quads()}
    else:
        triples = set(Graph().parse(path, format=fmt))
    assert triples == set(to_rdf(sample_graph()))
    if fmt == "json-ld":
        json.loads(path.read_text(encoding="utf-8"))


def test_trig_has_one_named_graph_per_source_file() -> None:
    g = two_file_graph()
    data = serialise(g, "trig")
    quads = list(ox.parse(data, format=ox.RdfFormat.TRIG))
    names = {q.graph_name for q in quads}
    assert names == {ox.NamedNode(f"{BASE}source/{Q_SOURCE}"), ox.NamedNode(f"{BASE}source/other.txt")}
    union = {(str(q.subject), str(q.predicate), str(q.object)) for q in quads}
    assert len(union) == len(to_rdf(g))
    # each file's graph carries the shared actor and goal it uses, so it stands on its own
    graphs = to_dataset_graphs(g)
    other = graphs[URIRef(f"{BASE}source/other.txt")]
    actor = URIRef(f"{BASE}actor/%E9%AB%98%E6%A0%A1")
    assert (actor, RDFS.label, Literal("高校", lang="zh")) in other
    assert not list(other.triples((URIRef(f"{BASE}actor/%E5%9C%B0%E6%96%B9%20%E6%94%BF%E5%BA%9C%3C%22x%22%3E"),
                                   None, None)))
    assert not list(other.triples((None, DCTERMS.source, URIRef(f"{BASE}source/{Q_SOURCE}"))))


# Characters that break naive writers: quotes (incl. triple quotes and a trailing quote),
# backslashes (incl. one that looks like an escape), CR/LF/tab, <>&, NUL and C0/C1 controls,
# LS/PS, astral CJK and emoji, a combining accent, bidi override, zero-width joiner, BOM,
# noncharacters, private use; and a lone surrogate, which no UTF-8 syntax can carry.
NASTY_LABELS = [
    'say "hi"', '"""', "'''", 'ends with "', "back\\slash\\", "not an escape \\u0041 \\n",
    "line\nbreak\r\nand\ttab", "<tag> & </tag>", "nul\x00ctl\x01\x1f\x7f\x85",
    "ls\u2028ps\u2029", "𠀀𪚥😀", "cafe\u0301", "bidi\u202eevil", "zw\u200dj", "\ufeffbom",
    "non\ufffe\uffffchar", "pua\ue000", "@prefix x: <y> .", "} GRAPH <x> {", "# not a comment",
]


def _nasty_graph(labels: list[str]) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("article:f.txt#1", kind="article", label="A", source="f.txt", title="A",
               authors="", affiliation="", start=0, end=10_000)
    for n, text in enumerate(labels):
        mid = f"measure:f.txt:{10 * n}-{10 * n + 5}"
        g.add_node(mid, kind="measure", label=text, text=text, source="f.txt", article="A",
                   section="", sentence=text, sentence_start=10 * n, sentence_end=10 * n + 9,
                   start=10 * n, end=10 * n + 5, rule="r", stance="require", heading=0)
        g.add_edge(mid, "article:f.txt#1", key="article", relation="article")
        g.add_node(f"actor:{text}", kind="actor", label=text, name=text, actor_type="other",
                   surface=text)
        g.add_edge(f"actor:{text}", mid, key="actor", relation="actor")
    return g


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_nasty_labels_serialise_to_valid_rdf(fmt: str) -> None:
    data = serialise(_nasty_graph(NASTY_LABELS), fmt)
    # Oxigraph's parsers are strict: any invalid escape, IRI or token is an error
    quads = list(ox.parse(data, format=OX_FORMATS[fmt]))
    labels = {q.object.value for q in quads if q.predicate.value == str(RDFS.label)}
    assert set(NASTY_LABELS) <= labels
    actor_iris = {q.subject.value for q in quads if q.object == ox.NamedNode(str(PKG.Actor))}
    assert len(actor_iris) == len(NASTY_LABELS)  # every name its own valid IRI
    # and rdflib reads back exactly what it wrote
    if fmt == "trig":
        triples = {(s, p, o) for s, p, o, _ in Dataset().parse(data=data, format="trig").quads()}
    else:
        triples = set(Graph().parse(data=data, format=fmt))
    assert triples == set(to_rdf(_nasty_graph(NASTY_LABELS)))


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_lone_surrogate_becomes_a_replacement_character(fmt: str, caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="kg.export.rdf"):
        data = serialise(_nasty_graph(["bad\udcffbyte"]), fmt)
    quads = list(ox.parse(data, format=OX_FORMATS[fmt]))
    assert "bad\ufffdbyte" in {q.object.value for q in quads if isinstance(q.object, ox.Literal)}
    assert "lone surrogate" in caplog.text


_CHILD = """
import sys
from pathlib import Path
sys.path[:0] = [sys.argv[1]]
from tests.test_rdf_export import two_file_graph
from kg.export.rdf import write_rdf
for fmt in ("turtle", "nt", "json-ld", "trig"):
    write_rdf(two_file_graph(), Path(sys.argv[2]) / fmt, fmt=fmt)
"""


def test_output_is_byte_identical_across_hash_seeds(tmp_path: Path) -> None:
    outputs = []
    for seed in ("0", "4242", "7"):
        out = tmp_path / seed
        out.mkdir()
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", _CHILD, str(REPO), str(out)],
                       check=True, env=env, cwd=REPO, timeout=120)
        outputs.append({fmt: (out / fmt).read_bytes() for fmt in FORMATS})
    for fmt in FORMATS:
        assert outputs[0][fmt], fmt
        assert outputs[0][fmt] == outputs[1][fmt] == outputs[2][fmt], fmt


def test_write_is_atomic_and_leaves_no_temp_files(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "kg.ttl"
    path.write_text("old", encoding="utf-8")
    with pytest.raises(ValueError):
        write_rdf(sample_graph(), path, fmt="rdf/xml")
    assert path.read_text(encoding="utf-8") == "old"

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OutputError, match="disk full"):
        write_rdf(sample_graph(), path)
    assert path.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kg.ttl"]
    monkeypatch.undo()

    write_rdf(sample_graph(), path)
    assert path.read_text(encoding="utf-8").startswith("@prefix")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kg.ttl"]


def test_write_rdf_outputs_writes_each_format_and_the_schema(tmp_path: Path) -> None:
    paths = write_rdf_outputs(sample_graph(), tmp_path, formats=["nt,jsonld", "trig"])
    assert [p.name for p in paths] == ["graph.ttl", "graph.nt", "graph.jsonld", "graph.trig",
                                       "ontology.ttl", "shapes.ttl"]
    assert (tmp_path / "ontology.ttl").read_bytes() == ONTOLOGY_FILE.read_bytes()
    assert (tmp_path / "shapes.ttl").read_bytes() == SHAPES_FILE.read_bytes()
    assert set(FILE_NAMES.values()) == {p.name for p in paths[:4]}


def test_write_rdf_outputs_writes_nothing_on_a_bad_option(tmp_path: Path) -> None:
    for kwargs in ({"formats": ["rdfxml"]}, {"base_iri": "not an iri"}):
        with pytest.raises(ValueError):
            write_rdf_outputs(sample_graph(), tmp_path / "out", **kwargs)
        assert not (tmp_path / "out").exists()


def test_parse_formats() -> None:
    assert parse_formats(None) == ["turtle"]
    assert parse_formats(["trig", "nt,json-ld", "ttl", "TriG"]) == ["turtle", "trig", "nt", "json-ld"]
    with pytest.raises(ValueError, match="unknown RDF format"):
        parse_formats(["xml"])


def test_unknown_kind_is_skipped_with_a_warning(caplog) -> None:
    g = sample_graph()
    g.add_node("thing:x", kind="thing", label="x")
    g.add_edge("thing:x", MEASURE, key="about", relation="about")
    with caplog.at_level(logging.WARNING, logger="kg.export.rdf"):
        rdf = to_rdf(g)
    assert set(rdf) == set(to_rdf(sample_graph()))
    assert "unknown kind" in caplog.text


# --------------------------------------------------------------------------- vocabulary


def test_vocabulary_rejects_unknown_terms() -> None:
    assert str(PKG.hasActor) == "https://w3id.org/policykg/ontology#hasActor"
    with pytest.raises(AttributeError):
        PKG.hasActr  # noqa: B018


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def test_ontology_defines_every_term_and_only_those(ontology: Graph) -> None:
    declared = {str(s)[len(ONTOLOGY_IRI):] for s in ontology.subjects()
                if isinstance(s, URIRef) and str(s).startswith(ONTOLOGY_IRI)}
    assert declared == set(PKG.__annotations__)
    for cls in ("Article", "Section", "Sentence", "Measure", "Actor", "Goal"):
        assert (PKG[cls], RDF.type, OWL.Class) in ontology
    for prop in ("hasActor", "hasTarget", "hasGoal", "inSection", "inArticle", "stance",
                 "instrument", "actorType"):
        assert (PKG[prop], RDF.type, OWL.ObjectProperty) in ontology


def test_every_term_has_chinese_and_english_labels_and_a_comment(ontology: Graph) -> None:
    for name in PKG.__annotations__:
        term = PKG[name]
        langs = {lit.language for lit in ontology.objects(term, RDFS.label)}
        assert {"zh", "en"} <= langs, name
        assert list(ontology.objects(term, RDFS.comment)), name


def test_concept_schemes_match_the_export_and_the_rulebook(ontology: Graph) -> None:
    from kg.rulebook import _CHOICES

    assert set(STANCES) == _CHOICES["stance"]
    assert set(INSTRUMENTS) == _CHOICES["instruments"]
    assert set(ACTOR_TYPES) == _CHOICES["actor_types"] | {"other"}  # kg.normalise's fallback
    for scheme, table in SCHEMES.items():
        assert (scheme, RDF.type, SKOS.ConceptScheme) in ontology
        members = set(ontology.subjects(SKOS.inScheme, scheme))
        assert members == set(table.values())
        for code, concept in table.items():
            assert (concept, RDF.type, SKOS.Concept) in ontology
            assert (concept, SKOS.notation, Literal(code)) in ontology
            assert {lit.language for lit in ontology.objects(concept, SKOS.prefLabel)} == {"zh", "en"}


def test_ontology_and_shapes_load_in_oxigraph() -> None:
    for path in (ONTOLOGY_FILE, SHAPES_FILE):
        assert list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))


def test_turtle_holds_one_part_per_file_then_the_shared_part(seed_build) -> None:
    text = serialise(seed_build.graph, "turtle").decode("utf-8")
    subjects = [line for line in text.splitlines() if line.startswith("<")]
    files = [s.split("/")[6] for s in subjects if "/actor/" not in s and "/goal/" not in s]
    assert files == sorted(files)  # file by file, in file-name order
    kinds = ["shared" if "/actor/" in s or "/goal/" in s else "file" for s in subjects]
    assert kinds == sorted(kinds)  # every file part, then the shared resources


def test_a_part_sorted_on_disk_gives_the_same_text(seed_build) -> None:
    """A file of millions of triples is sorted in runs on disk; a tiny limit forces many."""
    from kg.export.rdf import _pieces, _text_mapper
    from kg.export.rdfmap import partition

    files, _ = partition(seed_build.graph)
    for fmt in ("turtle", "nt"):
        for source, nodes in files.items():
            mapper = _text_mapper(seed_build.graph, DEFAULT_BASE_IRI, fmt)
            whole = list(_pieces(mapper.file_rows(source, nodes), fmt, mapper.t.writer))
            spilled = list(_pieces(mapper.file_rows(source, nodes), fmt, mapper.t.writer, sort_limit=100))
            assert spilled == whole
