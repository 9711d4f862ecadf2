"""Tests for the RDF export (kg.export.rdf).

The graph is built by hand to the schema in kg/graph.py's docstring, so these tests do not
depend on the extraction pipeline.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from kg.errors import OutputError
from kg.export.namespace import PKG
from kg.export.rdf import DEFAULT_BASE_IRI, FORMATS, to_rdf, write_rdf

REPO = Path(__file__).resolve().parents[1]
BASE = DEFAULT_BASE_IRI

SOURCE = '000 政策 "x" <1>#a.txt'  # space, quotes, <>, # all need escaping in an IRI
ARTICLE = f"article:{SOURCE}#1"
SECTION = f"section:{SOURCE}#1:一、总体要求"
MEASURE = f"measure:{SOURCE}:10-20"
MEASURE2 = f"measure:{SOURCE}:30-36"
SENTENCE = "各地政府要加强职业教育，促进就业。"
NASTY = 'm "quotes" \\backslash\n<tag> 😀'


def sample_graph(reverse: bool = False) -> nx.MultiDiGraph:
    """A small graph per kg.graph's schema; ``reverse`` adds everything in the opposite order."""
    nodes: list[tuple[str, dict]] = [
        (ARTICLE, dict(kind="article", label="关于推进教育的意见", source=SOURCE,
                       title="关于推进教育的意见", authors="张三、李四", affiliation="",
                       start=0, end=500)),
        (SECTION, dict(kind="section", label="一、总体要求", source=SOURCE,
                       article="关于推进教育的意见", heading="一、总体要求")),
        (MEASURE, dict(kind="measure", label=NASTY, text=NASTY, source=SOURCE,
                       article="关于推进教育的意见", section="一、总体要求", sentence=SENTENCE,
                       start=10, end=20, rule="verb_obj", stance="propose", heading=0)),
        (MEASURE2, dict(kind="measure", label="加强职业教育", text="加强职业教育", source=SOURCE,
                        article="关于推进教育的意见", section="", sentence="加强职业教育。",
                        start=30, end=36, rule="verb_obj", stance="require", heading=0)),
        ("actor:地方 政府<\"x\">", dict(kind="actor", label='地方 政府<"x">', name='地方 政府<"x">',
                                   actor_type="gov", surface='各地政府 | 地方 政府<"x">')),
        ("actor:高校", dict(kind="actor", label="高校", name="高校", actor_type="edu",
                          surface="高校")),
        ("goal:促进就业", dict(kind="goal", label="促进 就业", text="促进 就业")),
    ]
    prov = dict(source=SOURCE, sentence=SENTENCE, start=10, end=14, rule="r1")
    edges: list[tuple[str, str, str, dict]] = [
        (SECTION, ARTICLE, "article", dict(relation="article")),
        (MEASURE, SECTION, "section", dict(relation="section")),
        (MEASURE2, ARTICLE, "article", dict(relation="article")),
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


def _only(g: Graph, s=None, p=None, o=None):
    found = list(g.triples((s, p, o)))
    assert len(found) == 1, found
    return found[0]


def _measure_iri(g: Graph, label: str) -> URIRef:
    return _only(g, None, RDFS.label, Literal(label, lang="zh"))[0]


@pytest.fixture
def turtle() -> str:
    return to_rdf(sample_graph()).serialize(format="turtle")


def test_turtle_reparses_to_the_same_triples(tmp_path: Path) -> None:
    expected = to_rdf(sample_graph())
    path = tmp_path / "kg.ttl"
    write_rdf(sample_graph(), path)
    parsed = Graph().parse(path, format="turtle")
    assert set(parsed) == set(expected)
    assert len(parsed) > 30


def test_measure_has_actor_goal_target_and_sentence(turtle: str) -> None:
    g = Graph().parse(data=turtle, format="turtle")
    m = _measure_iri(g, NASTY)  # the nasty label survives the round trip exactly
    assert (m, RDF.type, PKG.Measure) in g
    actor = _only(g, m, PKG.hasActor)[2]
    assert (actor, RDF.type, PKG.Actor) in g
    assert (actor, RDFS.label, Literal('地方 政府<"x">', lang="zh")) in g
    assert (actor, SKOS.altLabel, Literal("各地政府", lang="zh")) in g
    assert (actor, PKG.actorType, Literal("gov")) in g
    target = _only(g, m, PKG.hasTarget)[2]
    assert (target, RDFS.label, Literal("高校", lang="zh")) in g
    goal = _only(g, m, PKG.hasGoal)[2]
    assert (goal, RDF.type, PKG.Goal) in g
    assert (goal, RDFS.label, Literal("促进 就业", lang="zh")) in g
    sentence = _only(g, m, PROV.wasDerivedFrom)[2]
    assert (sentence, RDF.type, PKG.Sentence) in g
    assert (sentence, PKG.sentenceText, Literal(SENTENCE, lang="zh")) in g
    assert (sentence, DCTERMS.source, Literal(SOURCE)) in g
    assert (m, PKG.startOffset, Literal(10)) in g
    assert (m, PKG.endOffset, Literal(20)) in g
    assert (m, PKG.stance, Literal("propose")) in g
    assert (m, PKG.rule, Literal("verb_obj")) in g


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
    assert (article, DCTERMS.source, Literal(SOURCE)) in g
    assert not list(g.triples((article, PKG.affiliation, None)))  # "" means unknown


def test_labels_are_tagged_zh(turtle: str) -> None:
    g = Graph().parse(data=turtle, format="turtle")
    labels = list(g.objects(None, RDFS.label))
    assert len(labels) == 7
    assert all(isinstance(lit, Literal) and lit.language == "zh" for lit in labels)
    assert '"关于推进教育的意见"@zh' in turtle


def test_iri_scheme_and_escaping() -> None:
    g = to_rdf(sample_graph())
    q_source = "000%20%E6%94%BF%E7%AD%96%20%22x%22%20%3C1%3E%23a.txt"
    assert URIRef(f"{BASE}measure/{q_source}/10-20") in set(g.subjects())
    assert URIRef(f"{BASE}article/{q_source}/1") in set(g.subjects())
    assert URIRef(f"{BASE}actor/%E9%AB%98%E6%A0%A1") in set(g.subjects())
    for node in set(g.subjects()) | {o for o in g.objects() if isinstance(o, URIRef)}:
        assert node.isascii(), node
        assert not any(c in node for c in ' <>"{}|\\^`\n'), node


def test_iris_do_not_change_when_an_unrelated_node_is_added() -> None:
    before = to_rdf(sample_graph())
    bigger = sample_graph()
    bigger.add_node("article:other.txt#1", kind="article", label="另一篇", source="other.txt",
                    title="另一篇", authors="", affiliation="", start=0, end=9)
    bigger.add_node("actor:教育部", kind="actor", label="教育部", name="教育部",
                    actor_type="gov", surface="教育部")
    after = to_rdf(bigger)
    assert set(before) < set(after)  # every old triple, with the same IRIs, is still there


def test_build_order_does_not_matter() -> None:
    a = to_rdf(sample_graph()).serialize(format="turtle")
    b = to_rdf(sample_graph(reverse=True)).serialize(format="turtle")
    assert a == b


def test_custom_base_iri() -> None:
    g = to_rdf(sample_graph(), base_iri="http://example.org/kg")  # no trailing slash
    assert URIRef("http://example.org/kg/actor/%E9%AB%98%E6%A0%A1") in set(g.subjects())
    with pytest.raises(ValueError):
        to_rdf(sample_graph(), base_iri="relative/path/")


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


_CHILD = """
import sys
from pathlib import Path
sys.path[:0] = [sys.argv[1], sys.argv[1] + "/tests"]
from test_rdf_export import sample_graph
from kg.export.rdf import write_rdf
for fmt in ("turtle", "nt", "json-ld", "trig"):
    write_rdf(sample_graph(), Path(sys.argv[2]) / fmt, fmt=fmt)
"""


def test_output_is_byte_identical_across_hash_seeds(tmp_path: Path) -> None:
    outputs = []
    for seed in ("0", "4242"):
        out = tmp_path / seed
        out.mkdir()
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", _CHILD, str(REPO), str(out)],
                       check=True, env=env, cwd=REPO, timeout=120)
        outputs.append({fmt: (out / fmt).read_bytes() for fmt in FORMATS})
    for fmt in FORMATS:
        assert outputs[0][fmt], fmt
        assert outputs[0][fmt] == outputs[1][fmt], fmt


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


def test_unknown_kind_is_skipped_with_a_warning(caplog) -> None:
    g = sample_graph()
    g.add_node("thing:x", kind="thing", label="x")
    g.add_edge("thing:x", MEASURE, key="about", relation="about")
    with caplog.at_level(logging.WARNING, logger="kg.export.rdf"):
        rdf = to_rdf(g)
    assert set(rdf) == set(to_rdf(sample_graph()))
    assert "unknown kind" in caplog.text


def test_vocabulary_rejects_unknown_terms() -> None:
    assert str(PKG.hasActor) == "https://w3id.org/policykg/ontology#hasActor"
    with pytest.raises(AttributeError):
        PKG.hasActr  # noqa: B018
