"""Benchmark the HTML view: Python render time, and load and settle time in headless Chromium.

Not a pytest test (its name does not start with ``test_``): run it by hand, from the repository root:

    python tests/bench/bench_html.py                 # 1,000 and 3,000 nodes
    python tests/bench/bench_html.py 1000 3000 10000 --runs 3 --keep /tmp/bench
    python tests/bench/bench_html.py 30000 300000 3000000 --runs 1   # a corpus, 10x and 100x

It builds synthetic graphs in ``kg.assemble``'s schema (articles, sections, measures, actors with
a few very busy ones, goals; provenance on every sentence edge), writes each page with
``write_html`` and opens it from ``file://`` in Debian's chromium through chromedriver. "load"
is the page's ``loadEventEnd``; "settled" is ``window.__settled``, which the page sets when the
first frame of the finished layout has been drawn (the layout is computed in Python and
physics is off, so nothing moves after that): the time to interactive. A graph above
``--max-nodes`` (default: the exporter's default) opens on its overview, with every measure
(up to kg.export.overview.INDEX_MAX_MEASURES) in the page's index, as ``kg build`` does; a
synthetic graph of 30,000 nodes holds 23,100 measures, about a fifth of policy-corpus.
"""

from __future__ import annotations

import argparse
import logging
import pathlib
import random
import statistics
import sys
import tempfile
import time
from typing import Any

import networkx as nx

ROOT = pathlib.Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script: make `kg` and `tests` importable
    sys.path.insert(0, str(ROOT))

from kg.commands.view import node_limit, resolve_node_limit
from kg.export.html import DEFAULT_MAX_NODES, graph_data, write_html

_VERBS = ("加强", "完善", "推进", "健全", "支持", "建立", "深化", "优化", "推动", "落实", "提升", "扩大",
          "培育", "构建", "强化")
_OBJECTS = ("人工智能产业应用", "财政支持力度", "数据要素市场", "科技创新体系", "人才培养机制",
            "公共服务供给", "营商环境", "基础设施建设", "中小企业融资", "标准体系", "监管制度",
            "应用场景开放", "政府采购", "文化数字化", "基层治理能力")
_ACTORS = ("国务院", "工业和信息化部", "国家发展改革委", "财政部", "科技部", "地方政府", "高校",
           "科研院所", "企业", "金融机构", "行业协会", "党员干部", "社会组织", "平台企业")
_GOALS = ("促进高质量发展", "提高治理水平", "降低企业成本", "扩大有效需求", "增强创新能力",
          "保障数据安全", "满足群众需求", "提升产业竞争力")


def synthetic_graph(n: int, *, seed: int = 1) -> nx.MultiDiGraph:
    """About ``n`` nodes in the schema of ``kg.assemble``, in the seeds' proportions.

    1 % articles, 5 % sections, 6 % actors (popularity heavy-tailed, as in real text),
    11 % goals (most particular to one article), the rest measures; every measure hangs under
    a section, ~30 % have an actor, ~50 % a goal, a few a target.
    """
    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    n_articles, n_sections = max(1, n // 100), max(1, n // 20)
    n_actors, n_goals = max(1, n * 6 // 100), max(1, n * 11 // 100)
    n_measures = max(1, n - n_articles - n_sections - n_actors - n_goals)
    articles = []
    for i in range(n_articles):
        source = f"doc{i % 7:02d}.txt"
        title = f"关于{rng.choice(_OBJECTS)}的实施意见（{i}）"
        node = f"article:{source}#{i + 1}"
        g.add_node(node, kind="article", label=title, source=source, title=title, authors="",
                   affiliation="", start=0, end=10_000)
        articles.append(node)
    sections = []
    for i in range(n_sections):
        article = articles[i % n_articles]
        attrs = g.nodes[article]
        heading = f"（{i + 1}）{rng.choice(_VERBS)}{rng.choice(_OBJECTS)}"
        node = f"section:{attrs['source']}#{article.rsplit('#', 1)[1]}:{heading}"
        g.add_node(node, kind="section", label=heading, source=attrs["source"],
                   article=attrs["label"], heading=heading)
        g.add_edge(node, article, key="article", relation="article")
        sections.append(node)
    actors = []
    for i in range(n_actors):
        name = _ACTORS[i] if i < len(_ACTORS) else f"{rng.choice(_ACTORS)}{i}"
        actors.append(f"actor:{name}")
        g.add_node(actors[-1], kind="actor", label=name, name=name, actor_type="government",
                   surface=name)
    goals = []
    for i in range(n_goals):
        text = f"{rng.choice(_GOALS)}{i}"
        goals.append(f"goal:{text}")
        g.add_node(goals[-1], kind="goal", label=text, text=text, time="", year=0, quantities="")
    for i in range(n_measures):
        section_index = rng.randrange(n_sections)
        section, article = sections[section_index], section_index % n_articles  # as placed above
        source = g.nodes[section]["source"]
        text = f"{rng.choice(_VERBS)}{rng.choice(_OBJECTS)}"
        start = 20 * i
        sentence = f"各地区各部门要{text}，{rng.choice(_GOALS)}。"
        node = f"measure:{source}:{start}-{start + len(text)}"
        g.add_node(node, kind="measure", label=text, text=text, source=source,
                   article=g.nodes[section]["article"], section=g.nodes[section]["label"],
                   sentence=sentence, sentence_start=start, sentence_end=start + len(sentence),
                   start=start, end=start + len(text), rule=f"verb:{text[:2]}",
                   stance=rng.choice(["require", "encourage", "propose", "propose"]), stance_cue="要",
                   instrument=rng.choice(["supply", "demand", "environment", ""]), instrument_cue="",
                   time="", year=0, quantities="", heading=0)
        g.add_edge(node, section, key="section", relation="section")
        prov = {"source": source, "sentence": sentence, "start": start, "end": start + 4, "rule": "agent"}
        if rng.random() < 0.3:  # a few actors are named very often
            hub = min(int(rng.paretovariate(1.0)) - 1, n_actors - 1)
            actor = actors[hub] if rng.random() < 0.5 else actors[rng.randrange(n_actors)]
            g.add_edge(actor, node, key="actor", relation="actor", **prov)
        if rng.random() < 0.5:  # most goals are particular to an article, a few are shared
            local = (article + n_articles * rng.randrange(max(1, n_goals // n_articles))) % n_goals
            pick = rng.randrange(n_goals) if rng.random() < 0.2 else local
            g.add_edge(node, goals[pick], key="goal", relation="goal", **prov)
        if rng.random() < 0.01:
            g.add_edge(node, actors[rng.randrange(n_actors)], key="target", relation="target", **prov)
    return g


def _load(driver: Any, path: pathlib.Path, timeout: float = 60.0) -> tuple[float, float]:
    """Open the page; return (load event, settled) in ms since navigation start."""
    driver.get(path.resolve().as_uri())
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        settled = driver.execute_script("return window.__settled || null")
        if settled:
            load = driver.execute_script(
                "const n = performance.getEntriesByType('navigation')[0]; return n ? n.loadEventEnd : null")
            return float(load or 0.0), float(settled)
        time.sleep(0.02)
    raise TimeoutError(f"{path} did not settle in {timeout} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 3000], help="node counts")
    parser.add_argument("--runs", type=int, default=3, help="page loads per size (median shown)")
    parser.add_argument("--max-nodes", type=node_limit, default=None,
                        help=f"the page's node limit, 0 for none (default: {DEFAULT_MAX_NODES}, as kg build)")
    parser.add_argument("--keep", type=pathlib.Path, help="write the pages here instead of a temp folder")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)

    from tests.test_html_browser import (
        chromium_driver,  # the tests' browser set-up, skip rules aside
    )

    out = args.keep or pathlib.Path(tempfile.mkdtemp(prefix="kg-bench-"))
    out.mkdir(parents=True, exist_ok=True)
    with chromium_driver() as driver:
        print(f"{'nodes':>8} {'edges':>8} {'measures':>9} {'shown':>6} {'page MB':>8} {'data s':>7} "
              f"{'render s':>9} {'load ms':>8} {'settled ms':>11}")
        for size in args.sizes:
            graph = synthetic_graph(size)
            path = out / f"bench-{size}.html"
            max_nodes = resolve_node_limit(args.max_nodes)
            started = time.perf_counter()
            graph_data(graph, max_nodes=max_nodes)  # layout, or overview and index
            layout_seconds = time.perf_counter() - started
            started = time.perf_counter()
            write_html(graph, path, title=f"bench {size}", max_nodes=max_nodes)
            render = time.perf_counter() - started
            timings = [_load(driver, path) for _ in range(args.runs)]
            shown = driver.execute_script("return window.kg.nodes.length")
            measures = sum(1 for _, kind in graph.nodes(data="kind") if kind == "measure")
            print(f"{graph.number_of_nodes():>8} {graph.number_of_edges():>8} {measures:>9} {shown:>6} "
                  f"{path.stat().st_size / 1e6:>8.2f} {layout_seconds:>7.2f} {render:>9.2f} "
                  f"{statistics.median(t[0] for t in timings):>8.0f} "
                  f"{statistics.median(t[1] for t in timings):>11.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
