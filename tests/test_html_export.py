"""The HTML view must work offline, embed untrusted document text safely, be reproducible, and
stay fast on big graphs. What a browser does with the page is in test_html_browser.py."""

from __future__ import annotations

import json
import pathlib
import re
from html.parser import HTMLParser

import networkx as nx
import pytest

from kg.assemble.graph import article_homes
from kg.export.html import (
    DEFAULT_MAX_NODES,
    graph_data,
    layout,
    render_html,
    write_html,
)
from kg.pipeline import BuildResult
from tests.bench.bench_html import synthetic_graph

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>alert(1)</script>"
SRC = "doc.txt"


def _graph() -> nx.MultiDiGraph:
    """A small graph following kg.assemble's schema, with hostile text in labels and evidence."""
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
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.DOTALL)
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
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html, re.IGNORECASE)
    assert not re.search(r"""url\(\s*["']?\s*(https?:)?//""", html, re.IGNORECASE)
    assert not re.search(r"@import", html, re.IGNORECASE)
    assert "<link" not in html.lower()
    assert not re.search(r"<script[^>]*\ssrc\s*=", html, re.IGNORECASE)
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
        assert by_id[node_id]["label"] == attrs["label"]
        assert by_id[node_id]["kind"] == attrs["kind"]
    # containers first (drawn beneath, so a node over one stays clickable), then by id
    layer = {"article": 0, "section": 1}
    assert [n["id"] for n in data["nodes"]] == sorted(graph.nodes, key=lambda n: (layer.get(graph.nodes[n]["kind"], 2), n))
    assert sorted((e["from"], e["to"], e["relation"]) for e in data["edges"]) == sorted(
        (u, v, d["relation"]) for u, v, d in graph.edges(data=True))
    goal_edge = next(e for e in data["edges"] if e["relation"] == "goal")
    assert data["texts"][goal_edge["s"]] == graph.nodes[f"measure:{SRC}:10-30"]["sentence"]
    assert goal_edge["rule"] == f"rule {IMG}" and goal_edge["source"] == SRC
    assert goal_edge["a"] == 0  # the article of its measure, for the panel
    assert data["options"]["physics"] == {"enabled": False}  # laid out in Python


def test_evidence_sentences_stored_once(page: tuple[pathlib.Path, str]) -> None:
    data = _data(page[1])
    assert len(data["texts"]) == len(set(data["texts"])) == 2
    measure = next(n for n in data["nodes"] if n["id"] == f"measure:{SRC}:10-30")
    assert data["texts"][measure["s"]].startswith("省发展改革委要")


def test_panel_attributes(page: tuple[pathlib.Path, str]) -> None:
    by_id = {n["id"]: n for n in _data(page[1])["nodes"]}
    measure = dict(by_id[f"measure:{SRC}:10-30"]["attrs"])
    assert measure["stance"] == "support" and measure["rule"] == "verb:加大"
    assert measure["span"] == "10–30" and "start" not in measure
    assert "sentence" not in measure  # shown as evidence, not as an attribute
    assert by_id[f"measure:{SRC}:10-30"]["stance"] == "support"
    assert by_id[f"measure:{SRC}:40-60"]["instrument"] == ""
    assert dict(by_id[f"actor:{IMG}"]["attrs"])["actor_type"] == "government"


def test_article_membership_follows_edges() -> None:
    graph = _graph()
    homes = article_homes(graph)
    art = f"article:{SRC}#1"
    assert all(homes[n] == (art,) for n in graph.nodes), homes
    data = graph_data(graph)
    assert data["articles"] == [[art, "关于促进发展的意见", SRC, [], 0]]  # no header: no issuers, no year
    assert all(n["a"] == [0] for n in data["nodes"])
    graph.nodes[art]["published"] = "2024-07-29"
    graph.add_node("actor:国务院办公厅", kind="actor", label="国务院办公厅", name="国务院办公厅")
    graph.add_edge(art, "actor:国务院办公厅", key="issuer", relation="issuer")
    assert graph_data(graph)["articles"] == [[art, "关于促进发展的意见", SRC, ["国务院办公厅"], 2024]]
    graph.nodes[art]["written"] = "2023-12-30"  # the year written comes first
    assert graph_data(graph)["articles"][0][4] == 2023
    assert article_homes(graph)["actor:国务院办公厅"] == (art,)  # the issuer is in its article's place
    assert data["stances"] == [["support", "support", 2]]  # (value, name, count); unknown names as they are
    assert data["instruments"] == [["", "未分类 none", 2]]


def test_positions_are_integers_and_spread() -> None:
    graph = synthetic_graph(300)
    data = graph_data(graph)
    points = {(n["x"], n["y"]) for n in data["nodes"]}
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in data["nodes"])
    assert len(points) == len(data["nodes"])  # no two nodes on the same spot
    # Linked nodes end up nearer each other than nodes in general.
    pos = {n["id"]: (n["x"], n["y"]) for n in data["nodes"]}

    def dist(a: str, b: str) -> float:
        return ((pos[a][0] - pos[b][0]) ** 2 + (pos[a][1] - pos[b][1]) ** 2) ** 0.5

    ids = sorted(pos)
    linked = sum(dist(u, v) for u, v in graph.edges()) / graph.number_of_edges()
    anywhere = sum(dist(a, b) for a, b in zip(ids, ids[97:] + ids[:97])) / len(ids)
    assert linked < anywhere / 3


def test_size_grows_with_degree(page: tuple[pathlib.Path, str]) -> None:
    graph = _graph()
    sizes = {n["id"]: n["size"] for n in _data(page[1])["nodes"]}
    ranked = sorted(graph.nodes, key=graph.degree)
    assert [sizes[n] for n in ranked] == sorted(sizes.values())
    assert sizes[ranked[-1]] > sizes[ranked[0]]


def test_layout_is_repeatable() -> None:
    """The same graph, the same positions (its speed is tests/bench/bench_html.py's to print)."""
    graph = synthetic_graph(3000)
    first = layout(graph)
    assert first == layout(graph)
    assert len(first) == 3000


def test_above_max_nodes_the_page_is_an_overview_with_every_measure_indexed() -> None:
    from kg.export.overview import OVERVIEW_ACTORS

    graph = synthetic_graph(4000)
    data = graph_data(graph, max_nodes=500)
    kinds = dict(graph.nodes(data="kind"))
    measures = {n for n, k in kinds.items() if k == "measure"}
    meta = data["meta"]
    assert meta["overview"] and (meta["nodes_total"], meta["measures"], meta["kept"]) == (
        4000, len(measures), len(measures))
    assert meta["edges"] > meta["nodes"]  # the overview is about links, not a field of dots
    index = data["corpus"]
    m = index["measures"]
    sources = [a[2] for a in data["articles"]]
    # every measure is in the index, its id rebuilt from its parts as the page does
    assert {f"measure:{sources[m['art'][i]]}:{m['start'][i]}-{m['end'][i]}" for i in range(len(m["text"]))} == measures
    for i in range(0, len(m["text"]), 97):  # and what the index says of it is what the graph says
        node = f"measure:{sources[m['art'][i]]}:{m['start'][i]}-{m['end'][i]}"
        assert m["text"][i] == graph.nodes[node]["text"]
        assert data["texts"][m["s"][i]] == graph.nodes[node]["sentence"]
        assert {index["actors"][a][0] for a in m["actors"][i]} == {
            u for u in graph.predecessors(node) if kinds[u] == "actor"}
        assert {index["goals"][g][0] for g in m["goals"][i]} == {
            v for v in graph.successors(node) if kinds[v] == "goal"}
    # the overview: the busiest actors, sized and linked by the measures behind them
    actors = [n for n in data["nodes"] if n["kind"] == "actor"]
    carried = {a: sum(1 for u, v, r in graph.edges(data="relation") if r in ("actor", "target") and a in (u, v))
               for a, k in kinds.items() if k == "actor"}
    assert len(actors) == min(OVERVIEW_ACTORS, sum(1 for c in carried.values() if c))
    busiest = sorted(carried, key=lambda a: (-carried[a], graph.nodes[a]["label"]))[:len(actors)]
    assert [n["id"] for n in sorted(actors, key=lambda n: (-n["n"], n["label"]))] == busiest
    assert all(n["n"] == carried[n["id"]] for n in actors)
    for e in data["edges"]:
        assert e["w"] >= 1 and e["from"] in carried and e["relation"] in ("document", "goal", "instrument")
    html = render_html(graph, max_nodes=500)
    assert 'id="kg-overview"' in html and f"overview of {len(measures)} measures" in html


def test_max_nodes_default_and_off() -> None:
    graph = synthetic_graph(300)
    assert DEFAULT_MAX_NODES >= 1000
    assert graph_data(graph, max_nodes=None)["meta"]["overview"] is False
    assert graph_data(graph, max_nodes=300)["meta"]["overview"] is False
    assert graph_data(graph, max_nodes=299)["meta"]["overview"] is True
    assert 'id="kg-overview"' not in render_html(graph)
    with pytest.raises(ValueError):
        graph_data(graph, max_nodes=0)


def test_focus_is_embedded() -> None:
    graph = _graph()
    assert graph_data(graph, focus=[f"actor:{IMG}", "not:a-node"])["focus"] == [f"actor:{IMG}"]


def test_page_script_builds_text_not_markup() -> None:
    """Our own script never parses strings as HTML; the escaping rests on that."""
    script = (pathlib.Path(__file__).parent.parent / "kg" / "export" / "templates" / "graph.js").read_text(
        encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in script, sink
    assert "</script" not in script.lower()


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


# --------------------------------------------------------------------------- kg view


def test_view_actor_by_alias(seed_build: BuildResult) -> None:
    from kg.assemble.views import actor_view
    from kg.normalise import ActorNormaliser

    graph = seed_build.graph
    centres, view = actor_view(graph, "高等院校", ActorNormaliser(seed_build.rules))  # an alias of 高校
    assert centres == ["actor:高校"]
    measures = set(graph.successors("actor:高校"))
    assert measures and measures <= set(view)
    goals = {g for m in measures for g in graph.successors(m) if graph.nodes[g]["kind"] == "goal"}
    assert goals <= set(view)  # depth 2
    assert {n for n in view if view.nodes[n]["kind"] == "article"}  # with where its measures stand
    assert view.number_of_nodes() < graph.number_of_nodes() / 10


def test_view_unknown_actor_names_close_ones(seed_build: BuildResult) -> None:
    from kg.assemble.views import actor_view
    from kg.errors import InputError
    from kg.normalise import ActorNormaliser

    with pytest.raises(InputError, match="no actor '高效'.*close: .*高校"):
        actor_view(seed_build.graph, "高效", ActorNormaliser(seed_build.rules))
    with pytest.raises(InputError, match=r"\(as 工业和信息化部\).*most connected are: "):
        actor_view(seed_build.graph, "工信部", ActorNormaliser(seed_build.rules))


def test_view_article_by_part_of_its_title(seed_build: BuildResult) -> None:
    from kg.assemble.views import article_view
    from kg.errors import InputError

    graph = seed_build.graph
    centres, view = article_view(graph, "人工智能 +")  # spaces and case do not matter
    assert len(centres) == 1 and "人工智能+" in graph.nodes[centres[0]]["title"]
    title = graph.nodes[centres[0]]["label"]
    measures = {n for n, a in graph.nodes(data=True) if a["kind"] == "measure" and a["article"] == title}
    assert measures <= set(view)
    actors = {a for m in measures for a in graph.predecessors(m) if graph.nodes[a]["kind"] == "actor"}
    assert actors and actors <= set(view)
    assert {n for n in view if view.nodes[n]["kind"] == "article"} == set(centres)
    with pytest.raises(InputError, match="no article title contains '没有'; close: "):
        article_view(graph, "没有")


def test_view_command_writes_and_opens(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    import argparse
    import webbrowser

    from kg.commands import view

    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url: opened.append(url) or True)
    parser = argparse.ArgumentParser()
    view.add_arguments(parser)
    out = tmp_path / "view.html"
    root = pathlib.Path(__file__).resolve().parent.parent
    args = parser.parse_args([str(root / "seeds"), "--actor", "企业", "--out", str(out), "--max-nodes", "0"])
    assert view.run(args) == 0
    assert opened == [out.resolve().as_uri()]
    data = _data(out.read_text(encoding="utf-8"))
    assert data["focus"] == ["actor:企业"] and data["meta"]["max_nodes"] is None
    assert "<title>policykg · 企业</title>" in out.read_text(encoding="utf-8")
    assert "wrote" in capsys.readouterr().out


def test_node_limit_option() -> None:
    import argparse

    from kg.commands.view import node_limit, resolve_node_limit

    assert resolve_node_limit(None) == DEFAULT_MAX_NODES
    assert resolve_node_limit(node_limit("0")) is None
    assert resolve_node_limit(node_limit("500")) == 500
    for bad in ("-1", "many"):
        with pytest.raises(argparse.ArgumentTypeError):
            node_limit(bad)


def test_overview_documents_are_grouped_by_issuing_body_and_year_else_by_file(tmp_path) -> None:
    import kg

    from tests.test_formats import write_docx

    texts = {"2023_gwr.txt": "政府工作报告\n\n各地区要加快转变经济发展方式。\n",
             "2024_gwr.txt": "政府工作报告\n\n各地区要扩大有效需求。\n",
             "plan.txt": "关于推进数字经济发展的实施方案\n\n企业要加大研发投入。\n"}
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    notices = [write_docx(tmp_path / f"n{i}.docx", ["财政部关于加强预算管理的通知", "各地区要完善预算制度。",
                                                     "财政部", day])
               for i, day in enumerate(["2024年3月5日", "2024年9月1日", "2023年1月9日"])]
    graph = kg.build([*(tmp_path / name for name in texts), *notices]).graph
    data = graph_data(graph, max_nodes=1)
    groups = {n["label"]: n["n"] for n in data["nodes"] if n["kind"] == "group"}
    # two reports share a title: each is known by its file; a file's one titled article by its title
    assert groups == {"财政部 · 2024": 2, "财政部 · 2023": 1, "2023_gwr.txt": 1, "2024_gwr.txt": 1,
                      "关于推进数字经济发展的实施方案": 1}
