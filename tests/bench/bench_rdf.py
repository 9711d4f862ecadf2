"""Benchmark: load a large synthetic policykg graph and run the example queries, rdflib vs Oxigraph.

    python tests/bench/bench_rdf.py                      # ~1,000,000 triples, both engines
    python tests/bench/bench_rdf.py --rdflib-triples 200000   # cap the (slow) rdflib run
    python tests/bench/bench_rdf.py --triples 100000 --keep /tmp/bench   # keep the files

The graph follows kg.assemble's schema with the seeds' proportions (per measure: ~0.3 actors,
~0.5 goals, 1.8 measures per sentence, 15 per section, 100 per article) and is exported by
kg.export.rdf itself (N-Triples), then converted to Turtle (the format ``kg build`` writes) by
Oxigraph.  Loading and querying go through kg.rdf, exactly as ``kg query`` does.
Not collected by pytest (the file name does not start with ``test_``).
"""

from __future__ import annotations

import argparse
import bisect
import gc
import itertools
import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from kg.export.rdf import serialise
from kg.rdf import (
    example_queries,
    load_graph,
    load_store,
    query_graph,
    query_store,
    read_query,
    set_params,
)

TRIPLES_PER_MEASURE = 17.4  # measured on this generator; used to size the graph

PLACES = ["北京", "上海", "重庆", "天津", "广东", "浙江", "江苏", "四川", "湖北", "陕西",
          "山东", "福建", "安徽", "河南", "湖南", "江西", "辽宁", "吉林", "云南", "贵州"]
SECTORS = ["人工智能", "数字经济", "先进制造", "新能源", "生物医药", "文化", "教育", "金融",
           "农业", "交通", "卫生健康", "科技", "信息通信", "环境保护", "商务"]
SUFFIXES = [("企业", "enterprise"), ("部门", "government"), ("委员会", "government"),
            ("研究院", "research"), ("高校", "research"), ("协会", "social"),
            ("银行", "financial"), ("党委", "party"), ("园区", "place"), ("人才", "public")]
VERBS = ["加强", "推进", "完善", "建立", "健全", "支持", "培育", "提升", "促进", "深化"]
NOUNS = ["人才培养", "基础设施", "应用场景", "数据要素", "算力网络", "标准体系", "监管机制",
         "创新平台", "产业集群", "公共服务", "财政支持", "金融服务", "试点示范", "国际合作"]
GOALS = ["提高", "降低", "实现", "增强", "扩大", "保障", "优化", "激发"]
OBJECTS = ["生产效率", "创新能力", "就业质量", "治理效能", "群众获得感", "产业竞争力",
           "安全水平", "市场活力", "服务质量", "发展韧性"]
INSTRUMENTS = ["supply", "demand", "environment", ""]
STANCES = ["require", "encourage", "propose", "propose", "report", "prohibit"]


class Zipf:
    """Draw item i with weight 1/(i+1)**s: a few popular actors and goals, a long tail."""

    def __init__(self, n: int, rng: random.Random, s: float = 1.1) -> None:
        self.cum = list(itertools.accumulate(1 / (i + 1) ** s for i in range(n)))
        self.rng = rng

    def __call__(self) -> int:
        return bisect.bisect_left(self.cum, self.rng.random() * self.cum[-1])


def synthetic_graph(n_measures: int, seed: int = 42) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    names = [(f"{p}{s}{suffix}", kind) for p in PLACES for s in SECTORS for suffix, kind in SUFFIXES]
    rng.shuffle(names)
    actors = names[: max(50, min(len(names), n_measures // 25))]
    goals = [f"{v}{o}{i // (len(GOALS) * len(OBJECTS)) or ''}"
             for i, (v, o) in enumerate(itertools.islice(itertools.cycle(
                 itertools.product(GOALS, OBJECTS)), max(50, n_measures // 4)))]
    pick_actor, pick_goal = Zipf(len(actors), rng), Zipf(len(goals), rng)
    made_goals: set[str] = set()
    n_articles = max(1, n_measures // 100)
    measure = 0
    for a in range(n_articles):
        source = f"doc_{a // 4:05d}.txt"
        index = a % 4 + 1
        cursor = index * 100_000  # articles of one file do not overlap
        aid = f"article:{source}#{index}"
        title = f"关于{rng.choice(VERBS)}{rng.choice(SECTORS)}{rng.choice(NOUNS)}的意见（{a}）"
        g.add_node(aid, kind="article", label=title, source=source, title=title,
                   authors="、".join(rng.sample(["张伟", "王芳", "李娜", "刘洋", "陈静"], rng.randint(0, 2))),
                   affiliation=rng.choice(["", "某某大学", "某某研究院"]), start=cursor, end=cursor + 90_000)
        section = None
        in_article = 0
        while in_article < 100 and measure < n_measures:
            if in_article % 15 == 0:
                heading = f"{rng.choice(VERBS)}{rng.choice(NOUNS)}（第{in_article // 15 + 1}节）"
                section = f"section:{source}#{index}:{heading}"
                g.add_node(section, kind="section", label=heading, source=source, article=title,
                           heading=heading)
                g.add_edge(section, aid, key="article", relation="article")
            per_sentence = rng.choice([1, 1, 2, 2, 2, 3])
            texts = [f"{rng.choice(VERBS)}{rng.choice(SECTORS)}{rng.choice(NOUNS)}" for _ in range(per_sentence)]
            sentence = "，".join(texts) + "。"
            s_start = cursor
            sentence_actors = [actors[pick_actor()] for _ in range(rng.choice([0, 0, 0, 1, 1, 2]))]
            for text in texts:
                start = cursor
                cursor += len(text) + 1
                mid = f"measure:{source}:{start}-{start + len(text)}"
                instrument = rng.choice(INSTRUMENTS)
                stance = rng.choice(STANCES)
                g.add_node(mid, kind="measure", label=text, text=text, source=source, article=title,
                           section=heading, sentence=sentence, sentence_start=s_start,
                           sentence_end=s_start + len(sentence), start=start, end=start + len(text),
                           rule=f"measure.verb:{text[:2]}", stance=stance,
                           stance_cue={"require": "要", "encourage": "鼓励", "prohibit": "不得"}.get(stance, ""),
                           instrument=instrument, instrument_cue=text[-2:] if instrument else "",
                           time="", year=0, quantities="", heading=0)
                g.add_edge(mid, section, key="section", relation="section")
                for name, kind in sentence_actors:
                    if f"actor:{name}" not in g:
                        g.add_node(f"actor:{name}", kind="actor", label=name, name=name, actor_type=kind,
                                   surface=name)
                    g.add_edge(f"actor:{name}", mid, key="actor", relation="actor")
                for _ in range(rng.choice([0, 0, 1, 1, 1, 2])):
                    goal = goals[pick_goal()]
                    if goal not in made_goals:
                        made_goals.add(goal)
                        g.add_node(f"goal:{goal}", kind="goal", label=goal, text=goal, time="", year=0,
                                   quantities="")
                    g.add_edge(mid, f"goal:{goal}", key="goal", relation="goal")
                measure += 1
                in_article += 1
            cursor += 1
    return g


def make_files(triples: int, folder: Path) -> tuple[Path, dict[str, float | int]]:
    """Synthetic graph of about ``triples`` triples -> ``folder/graph.ttl``; timings and sizes."""
    import pyoxigraph as ox

    n_measures = max(100, int(triples / TRIPLES_PER_MEASURE))
    t = time.perf_counter()
    graph = synthetic_graph(n_measures)
    t_graph = time.perf_counter() - t
    t = time.perf_counter()
    nt = serialise(graph, "nt")
    t_export = time.perf_counter() - t
    kinds = [k for _, k in graph.nodes(data="kind")]
    del graph
    gc.collect()
    nt_path = folder / "graph.nt"
    nt_path.write_bytes(nt)
    n_triples = nt.count(b"\n")
    del nt
    ttl = folder / "graph.ttl"
    t = time.perf_counter()
    quads = ox.parse(path=str(nt_path), format=ox.RdfFormat.N_TRIPLES)
    ox.serialize(quads, output=str(ttl), format=ox.RdfFormat.TURTLE, prefixes={
        "pkg": "https://w3id.org/policykg/ontology#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
        "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "prov": "http://www.w3.org/ns/prov#",
        "dcterms": "http://purl.org/dc/terms/", "skos": "http://www.w3.org/2004/02/skos/core#"})
    t_turtle = time.perf_counter() - t
    return ttl, {
        "triples": n_triples, "measures": kinds.count("measure"), "actors": kinds.count("actor"),
        "goals": kinds.count("goal"), "articles": kinds.count("article"),
        "sections": kinds.count("section"), "graph_s": t_graph, "export_s": t_export,
        "turtle_s": t_turtle, "ttl_mb": ttl.stat().st_size / 1e6, "nt_mb": nt_path.stat().st_size / 1e6,
    }


def bench(engine: str, ttl: Path) -> dict[str, tuple[float, int]]:
    """Load time, then each example query's time and row count."""
    gc.collect()
    t = time.perf_counter()
    loaded = load_store([ttl]) if engine == "oxigraph" else load_graph([ttl])
    out = {"load": (time.perf_counter() - t, 0)}
    run = query_store if engine == "oxigraph" else query_graph
    # parameters that hit the synthetic data: the most used actor, the first section
    top = run(loaded, "SELECT ?n WHERE { ?m pkg:hasActor/rdfs:label ?n } "
                      "GROUP BY ?n ORDER BY DESC(COUNT(*)) ?n LIMIT 1").rows[0][0].value
    section = run(loaded, "SELECT ?h WHERE { ?s pkg:heading ?h } ORDER BY ?h LIMIT 1").rows[0][0].value
    params = {"actor-profile": {"name": top}, "section-measures": {"section": section}}
    for name in example_queries():
        text = set_params(read_query(name), params.get(name, {}))
        t = time.perf_counter()
        result = run(loaded, text)
        out[name] = (time.perf_counter() - t, len(result.rows))
    del loaded
    gc.collect()
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--triples", type=int, default=1_000_000, help="size of the Oxigraph run")
    p.add_argument("--rdflib-triples", type=int, default=None,
                   help="size of the rdflib run (default: same as --triples; 0 skips rdflib)")
    p.add_argument("--keep", type=Path, default=None, help="write the files here and keep them")
    args = p.parse_args(argv)
    rdflib_triples = args.triples if args.rdflib_triples is None else args.rdflib_triples

    folder = args.keep or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    runs: list[tuple[str, int]] = [("oxigraph", args.triples)]
    if rdflib_triples:
        runs.append(("rdflib", rdflib_triples))
    files: dict[int, tuple[Path, dict]] = {}
    for size in sorted({size for _, size in runs}, reverse=True):
        sub = folder / str(size)
        sub.mkdir(exist_ok=True)
        files[size] = make_files(size, sub)
        info = files[size][1]
        print(f"synthetic graph: {info['triples']:,} triples ({info['measures']:,} measures, "
              f"{info['actors']:,} actors, {info['goals']:,} goals, {info['sections']:,} sections, "
              f"{info['articles']:,} articles); Turtle {info['ttl_mb']:.0f} MB")
        print(f"  built in {info['graph_s']:.1f} s; kg.export.rdf -> N-Triples {info['export_s']:.1f} s; "
              f"Oxigraph -> Turtle {info['turtle_s']:.1f} s", flush=True)

    names = ["load", *example_queries()]
    header = f"{'engine':<9} {'triples':>10}  " + "  ".join(f"{n:>{max(len(n), 8)}}" for n in names)
    lines = [header, "-" * len(header)]
    print()
    print(header, flush=True)
    for engine, size in runs:
        path, info = files[size]
        times = bench(engine, path)
        cells = "  ".join(f"{times[n][0]:>{max(len(n), 8) - 2}.2f} s" for n in names)
        line = f"{engine:<9} {info['triples']:>10,}  {cells}"
        lines.append(line)
        print(line, flush=True)
        rows = ", ".join(f"{n} {times[n][1]}" for n in names[1:])
        print(f"{'':<9} rows: {rows}", flush=True)
    if not args.keep:
        for sub in folder.iterdir():
            for f in sub.iterdir():
                f.unlink()
            sub.rmdir()
        folder.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
