"""The HTML view must work offline, embed untrusted document text safely, and be reproducible."""

from __future__ import annotations

import json
import pathlib
import re
from html.parser import HTMLParser

import networkx as nx
import pytest

from kg.export.html import write_html

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>alert(1)</script>"
SRC = "doc.txt"


def _graph() -> nx.MultiDiGraph:
    """A small graph following kg.graph's schema, with hostile text in labels and evidence."""
    g = nx.MultiDiGraph()
    art = f"article:{SRC}#1"
    sec = f"section:{SRC}#1:一、总体要求"
    m1 = f"measure:{SRC}:10-30"
    m2 = f"measure:{SRC}:40-60"
    actor = f"actor:{IMG}"
    goal = "goal:促进经济高质量发展&共同富裕"
    sentence = f"省发展改革委要{SCRIPT}加大财政支持力度，促进经济高质量发展。"
    g.add_node(art, kind="article", label="关于促进发展的意见", source=SRC, title="关于促进发展的意见",
               authors="", affiliation="", start=0, end=100)
    g.add_node(sec, kind="section", label="一、总体要求", source=SRC, article="关于促进发展的意见",
               heading="一、总体要求")
    g.add_node(m1, kind="measure", label=SCRIPT, text=SCRIPT, source=SRC, article="关于促进发展的意见",
               section="一、总体要求", sentence=sentence, start=10, end=30, rule="verb:加大",
               stance="support", heading=0)
    g.add_node(m2, kind="measure", label="完善体制机制", text="完善体制机制", source=SRC,
               article="关于促进发展的意见", section="", sentence="完善体制机制。", start=40, end=60,
               rule="verb:完善", stance="support", heading=0)
    g.add_node(actor, kind="actor", label=IMG, name=IMG, surface=IMG, actor_type="government")
    g.add_node(goal, kind="goal", label="促进经济高质量发展&共同富裕", text="促进经济高质量发展&共同富裕")
    prov = {"source": SRC, "sentence": sentence, "start": 10, "end": 30, "rule": f"rule {IMG}"}
    g.add_edge(sec, art, key="article", relation="article")
    g.add_edge(m1, sec, key="section", relation="section")
    g.add_edge(m2, art, key="article", relation="article")
    g.add_edge(actor, m1, key="actor", relation="actor", **prov)
    g.add_edge(m1, actor, key="target", relation="target", **prov)
    g.add_edge(m1, goal, key="goal", relation="goal", **prov)
    return g


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> tuple[pathlib.Path, str]:
    path = tmp_path_factory.mktemp("html") / "graph.html"
    write_html(_graph(), path, title="测试 <b>policykg</b>")
    return path, path.read_text(encoding="utf-8")


class _TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)


def _start_tags(html: str) -> list[str]:
    parser = _TagCollector()
    parser.feed(html)
    parser.close()
    return parser.tags


def _data(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)
    assert match, "embedded graph data not found"
    return json.loads(match.group(1))


def test_file_written(page: tuple[pathlib.Path, str]) -> None:
    path, html = page
    assert path.is_file()
    assert html.startswith("<!DOCTYPE html>")
    assert not list(path.parent.glob("*.tmp")), "temporary file left behind"


def test_no_remote_resources(page: tuple[pathlib.Path, str]) -> None:
    _, html = page
    # The inlined vis licence header mentions URLs in comments; what matters is loading.
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html, re.I)
    assert not re.search(r"""url\(\s*["']?\s*(https?:)?//""", html, re.I)
    assert not re.search(r"@import", html, re.I)
    assert "<link" not in html.lower()
    assert not re.search(r"<script[^>]*\ssrc\s*=", html, re.I)
    assert "bootstrap" not in html.lower()


def test_vis_inlined(page: tuple[pathlib.Path, str]) -> None:
    _, html = page
    assert "vis-network" in html and "@version 9.1.2" in html
    assert ".vis-network" in html  # the CSS, too
    assert len(html) > 400_000


def test_all_labels_embedded(page: tuple[pathlib.Path, str]) -> None:
    _, html = page
    graph = _graph()
    data = _data(html)
    by_id = {n["id"]: n for n in data["nodes"]}
    assert set(by_id) == set(graph.nodes)
    for node_id, attrs in graph.nodes(data=True):
        assert by_id[node_id]["full_label"] == attrs["label"]
        assert by_id[node_id]["kind"] == attrs["kind"]
    assert len(data["edges"]) == graph.number_of_edges()
    assert [n["id"] for n in data["nodes"]] == sorted(graph.nodes)
    tips = {e["relation"]: e["title"] for e in data["edges"]}
    assert ["evidence", graph.nodes[f"measure:{SRC}:10-30"]["sentence"]] in tips["goal"]
    assert data["options"]["physics"]["stabilization"]["iterations"] <= 500


def test_hostile_text_escaped(page: tuple[pathlib.Path, str]) -> None:
    _, html = page
    assert IMG not in html
    assert "<img" not in html.lower()
    assert "alert(1)</script>" not in html
    # A real HTML tokenizer sees exactly our three scripts and no injected elements.
    tags = _start_tags(html)
    assert tags.count("script") == 3
    assert "img" not in tags
    assert "<b>policykg</b>" not in html  # title is escaped, too
    assert "&lt;b&gt;policykg&lt;/b&gt;" in html
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in html


def test_deterministic(tmp_path: pathlib.Path) -> None:
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    write_html(_graph(), first)
    # Same graph built in the opposite order must give the same bytes.
    g = _graph()
    reversed_graph = nx.MultiDiGraph()
    reversed_graph.add_nodes_from(reversed(list(g.nodes(data=True))))
    reversed_graph.add_edges_from(reversed(list(g.edges(keys=True, data=True))))
    write_html(reversed_graph, second)
    assert first.read_bytes() == second.read_bytes()
    write_html(_graph(), second)  # overwriting in place is atomic and identical
    assert first.read_bytes() == second.read_bytes()


def test_empty_graph(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "sub" / "empty.html"
    write_html(nx.MultiDiGraph(), path)
    assert _data(path.read_text(encoding="utf-8"))["nodes"] == []
