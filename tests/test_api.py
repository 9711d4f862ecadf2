"""The Python API (kg.api): build and load, tables, SPARQL, the inline view and the exports."""

from __future__ import annotations

import filecmp
import html
import json
import math
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

import kg
from kg.api import PolicyGraph, _is_text
from kg.errors import InputError
from kg.export.graphml import read_graphml, write_graphml
from kg.rdf import read_query, run_query
from kg.assemble.tables import result_frame

from .conftest import ROOT, SEEDS

TEXT_1 = "鼓励企业加大研发投入，提升自主创新能力。\n支持高校开展人工智能基础研究，培养高端人才。\n"
TEXT_2 = "各地区要加快建设新型基础设施，推动数字经济高质量发展。"


def _kinds(graph: nx.MultiDiGraph, kind: str) -> list[str]:
    return sorted(n for n, k in graph.nodes(data="kind") if k == kind)


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _same_graph(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> bool:
    def key(item: tuple) -> str:
        return json.dumps(item, ensure_ascii=False, sort_keys=True, default=str)

    return (sorted(map(key, a.nodes(data=True))) == sorted(map(key, b.nodes(data=True)))
            and sorted(map(key, a.edges(keys=True, data=True))) == sorted(map(key, b.edges(keys=True, data=True))))


@pytest.fixture(scope="module")
def pg(seed_build) -> PolicyGraph:
    return PolicyGraph.from_result(seed_build)


@pytest.fixture(scope="module")
def saved(pg, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("saved")
    pg.save(out)
    return out


# --------------------------------------------------------------------------- build


class TestBuild:
    def test_folder_gives_the_pipelines_graph(self, seed_build):
        built = kg.build(str(SEEDS))
        assert isinstance(built, PolicyGraph)
        assert _same_graph(built.graph, seed_build.graph)
        assert len(built.measures) == len(seed_build.measures)

    def test_raw_strings_are_named_text_n(self):
        built = kg.build([TEXT_1, TEXT_2])
        assert set(built.measures["source"]) == {"text-1.txt", "text-2.txt"}
        row = built.measures.set_index("text").loc["加大研发投入"]
        assert row["actor_names"] == ["企业"] and row["goals"] == ["提升自主创新能力"]
        assert "actor:高校" in built.graph and "goal:提升自主创新能力" in built.graph
        assert built.skipped == ()

    def test_one_string_and_a_mix_of_files_and_text(self):
        seed = min(SEEDS.glob("*.txt"))
        built = kg.build([seed, TEXT_2])
        assert set(built.measures["source"]) == {seed.name, "text-1.txt"}
        assert set(kg.build(TEXT_2).measures["source"]) == {"text-1.txt"}

    def test_rules_folders_are_used(self, tmp_path):
        (tmp_path / "actor_aliases.tsv").write_text("企业\t市场主体\n", encoding="utf-8")
        text = "鼓励企业加大研发投入，提升自主创新能力。\n"
        assert kg.build(text).measures["actor_names"].tolist() == [["企业"]]
        built = kg.build(text, rules=tmp_path)
        assert built.measures["actor_names"].tolist() == [["市场主体"]]
        assert built.actors["surface"].tolist() == [["企业"]]

    def test_empty_text_is_skipped_or_fatal_with_strict(self):
        built = kg.build(["\n \n", TEXT_2])  # a text is skipped for the reasons a file is
        assert built.skipped == (("text-1.txt", "only whitespace, no text"),)
        assert "skipped" in repr(built)
        with pytest.raises(InputError, match="only whitespace"):
            kg.build(["\n \n", TEXT_2], strict=True)
        with pytest.raises(InputError, match="no usable input"):
            kg.build("\n\n")

    def test_texts_take_the_options_files_take(self, tmp_path):
        """A text goes through the same pipeline as a file: workers and the cache apply."""
        cache = tmp_path / "cache"
        first = kg.build(["seeds/", TEXT_2], workers=2, cache_dir=cache)
        assert any(cache.rglob("*")), "the texts and files were cached"
        again = kg.build(["seeds/", TEXT_2], cache_dir=cache)
        assert again.measures["text"].tolist() == first.measures["text"].tolist()
        assert "text-1.txt" in set(first.measures["source"])

    def test_missing_file_is_skipped(self, tmp_path):
        with pytest.raises(InputError, match="input not found"):
            kg.build(tmp_path / "missing.txt")

    @pytest.mark.parametrize("item, is_text", [
        (str(SEEDS), False),
        ("missing.txt", False),
        ("不存在的文件.txt", False),
        ("政策文件/", False),
        (Path("鼓励企业"), False),
        ("鼓励企业加大研发投入。", True),
        ("first line\nsecond line", True),
        ("x" * 5000, True),  # too long for a file name
    ])
    def test_text_or_path(self, item, is_text):
        assert _is_text(item) is is_text


def test_import_kg_is_cheap():
    code = ("import sys, kg; from kg.cli import _parser; _parser(); "
            "print(sorted(m for m in ('pandas', 'spacy', 'rdflib', 'kg.api') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"
    assert {"build", "load", "PolicyGraph"} <= set(dir(kg))
    assert kg.PolicyGraph is PolicyGraph
    with pytest.raises(AttributeError):
        kg.no_such_thing  # noqa: B018


# --------------------------------------------------------------------------- tables


class TestTables:
    def test_measures_match_graph_and_jsonl(self, pg, seed_out):
        lines = (seed_out / "measures.jsonl").read_text(encoding="utf-8").splitlines()
        assert len(pg.measures) == len(_kinds(pg.graph, "measure")) == len(lines) > 400
        assert list(pg.measures.columns) == ["id", *json.loads(lines[0])]
        assert sorted(pg.measures["id"]) == _kinds(pg.graph, "measure")
        records = [{k: None if _missing(v) else v for k, v in row.items()}
                   for row in pg.measures.drop(columns="id").to_dict("records")]
        assert records == [json.loads(line) for line in lines]
        assert pg.measures["year"].dtype == "Int64"
        assert all(isinstance(v, list) for v in pg.measures["actor_names"])

    def test_actors(self, pg):
        actors = pg.actors
        assert list(actors.columns) == ["id", "name", "type", "surface", "as_actor", "as_target", "issued",
                                        "articles"]
        assert sorted(actors["id"]) == _kinds(pg.graph, "actor")
        relations = [r for *_, r in pg.graph.edges(data="relation")]
        assert actors["as_actor"].sum() == relations.count("actor")
        assert actors["as_target"].sum() == relations.count("target")
        assert actors["issued"].sum() == relations.count("issuer") == 0  # newspaper pages: no header
        assert actors["as_actor"].is_monotonic_decreasing
        gaoxiao = actors.set_index("name").loc["高校"]
        assert "高等院校" in gaoxiao["surface"] and len(gaoxiao["articles"]) == 2

    def test_actor_counts_agree_with_the_sparql_example(self, pg):
        per_actor = pg.query("measures-per-actor")
        expected = dict(zip(per_actor["actor"], per_actor["measures"]))
        table = pg.actors[pg.actors["as_actor"] > 0]
        assert dict(zip(table["name"], table["as_actor"])) == expected

    def test_goals(self, pg):
        goals = pg.goals
        assert list(goals.columns) == ["id", "text", "measures", "articles", "time", "year", "quantities"]
        assert sorted(goals["id"]) == _kinds(pg.graph, "goal")
        assert goals["measures"].sum() == [r for *_, r in pg.graph.edges(data="relation")].count("goal")
        top = pg.query("top-goals")
        assert list(zip(top["goal"], top["measures"])) == list(zip(goals["text"], goals["measures"]))[:15]


# --------------------------------------------------------------------------- SPARQL


class TestQuery:
    def test_example_by_name(self, pg):
        top = pg.query("top-goals")
        assert list(top.columns) == ["goal", "measures", "articles"]
        assert len(top) == 15 and top["measures"].dtype.kind == "i"
        assert top["measures"].is_monotonic_decreasing
        assert top.iloc[0]["measures"] == pg.goals.iloc[0]["measures"]

    def test_parameter_and_same_rows_as_kg_query(self, pg, seed_out):
        profile = pg.query("actor-profile", name="高校")
        assert set(profile["role"]) <= {"actor", "target"} and len(profile) >= 8
        assert profile["stance"].str.startswith("pkg:").all()
        cli = run_query(read_query("actor-profile"), [seed_out / "graph.ttl"], params={"name": "高校"})
        pd.testing.assert_frame_equal(profile, result_frame(cli))

    def test_plain_sparql_ask_and_engines(self, pg):
        count = pg.query("SELECT (COUNT(*) AS ?n) WHERE { ?m a pkg:Measure }")
        assert count.to_dict("records") == [{"n": len(pg.measures)}]
        assert isinstance(count.iloc[0]["n"].item(), int)
        assert pg.query("ASK { ?m a pkg:Measure }")["boolean"].tolist() == [True]
        for name in ("co-actors", "instrument-mix"):
            pd.testing.assert_frame_equal(pg.query(name, engine="rdflib"), pg.query(name, engine="oxigraph"))

    def test_errors(self, pg):
        from kg.rdf import QueryError

        with pytest.raises(QueryError):
            pg.query("no-such-query")
        with pytest.raises(QueryError, match="VALUES"):
            pg.query("top-goals", name="x")
        with pytest.raises(ValueError, match="engine"):
            pg.query("top-goals", engine="jena")


# --------------------------------------------------------------------------- views


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


class TestViews:
    def test_repr_html_is_one_sandboxed_iframe(self, pg):
        snippet = pg._repr_html_()
        assert "<script" not in snippet.lower()
        parser = _Tags()
        parser.feed(snippet)
        assert [tag for tag, _ in parser.tags] == ["iframe"]
        attrs = parser.tags[0][1]
        assert attrs["sandbox"] == "allow-scripts"
        assert "height:600px" in attrs["style"]
        page = attrs["srcdoc"]
        assert page.startswith("<!DOCTYPE html>") and "<script" in page
        data = page.split('<script type="application/json" id="kg-data">', 1)[1].split("</script>", 1)[0]
        meta = json.loads(data)["meta"]
        assert meta["overview"] and meta["measures"] == len(pg.measures)  # above the inline cap
        assert html.escape(page, quote=True) in snippet

    def test_repr_is_one_line(self, pg):
        text = repr(pg)
        assert "\n" not in text
        assert f"{len(pg.measures)} measures" in text and f"{len(pg.actors)} actors" in text

    def test_to_html(self, pg, tmp_path):
        page = pg.to_html()
        assert page.startswith("<!DOCTYPE html>")
        path = pg.to_html(tmp_path / "g.html", max_nodes=0)
        assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# --------------------------------------------------------------------------- save and load


class TestSaveLoad:
    def test_save_writes_what_kg_build_writes(self, saved, seed_out):
        names = sorted(p.name for p in seed_out.iterdir())
        assert sorted(p.name for p in saved.iterdir()) == names
        for name in names:
            assert filecmp.cmp(saved / name, seed_out / name, shallow=False), name

    def test_round_trip(self, pg, saved, tmp_path):
        loaded = kg.load(saved)
        assert _same_graph(loaded.graph, pg.graph)
        for table in ("measures", "actors", "goals"):
            pd.testing.assert_frame_equal(getattr(loaded, table), getattr(pg, table))
        pd.testing.assert_frame_equal(loaded.query("co-actors"), pg.query("co-actors"))
        assert repr(loaded) == repr(pg)
        paths = loaded.save(tmp_path / "again")  # from the graph and records alone
        assert sorted(p.name for p in paths) == sorted(p.name for p in saved.iterdir())
        for path in paths:
            assert filecmp.cmp(path, saved / path.name, shallow=False), path.name

    def test_missing_folder_or_files(self, tmp_path):
        with pytest.raises(InputError, match="no such folder"):
            kg.load(tmp_path / "nowhere")
        with pytest.raises(InputError, match="graph.graphml and measures.jsonl missing"):
            kg.load(tmp_path)
        (tmp_path / "file").write_text("x")
        with pytest.raises(InputError, match="not a folder"):
            kg.load(tmp_path / "file")

    def test_damaged_files(self, saved, tmp_path):
        for name in ("graph.graphml", "measures.jsonl"):
            (tmp_path / name).write_bytes((saved / name).read_bytes())
        with (tmp_path / "measures.jsonl").open("a", encoding="utf-8") as f:
            f.write("{not json\n")
        with pytest.raises(InputError, match=r"line \d+ is not JSON"):
            kg.load(tmp_path)
        (tmp_path / "graph.graphml").write_text("<graphml", encoding="utf-8")
        with pytest.raises(InputError, match="cannot read the graph"):
            kg.load(tmp_path)


# --------------------------------------------------------------------------- exports


class TestExports:
    def test_graphml(self, pg, tmp_path):
        path = pg.to_graphml(tmp_path / "g.graphml")
        assert _same_graph(read_graphml(path), pg.graph)
        assert nx.read_graphml(path).number_of_nodes() == pg.graph.number_of_nodes()

    def test_graphml_ids_with_quotes_and_markup_come_back_whole(self, tmp_path):
        ids = ['say "yes"', "it's", """both ' and \"""", "x&y<z>", "tab\there", "line\nbreak", "plain", "中文"]
        graph = nx.MultiDiGraph()
        for name in ids:
            graph.add_node(name, kind="actor", label=name)
        graph.add_edge(ids[0], ids[1], key='k"&1', relation="actor")
        write_graphml(graph, tmp_path / "g.graphml")
        back = read_graphml(tmp_path / "g.graphml")
        assert sorted(back.nodes) == sorted(ids)
        assert list(back.edges(keys=True)) == [(ids[0], ids[1], 'k"&1')]

    def test_gexf(self, pg, tmp_path):
        path = pg.to_gexf(tmp_path / "g.gexf")
        text = path.read_text(encoding="utf-8")
        assert 'mode="static"' in text and 'mode="dynamic"' not in text
        back = nx.read_gexf(path)
        assert back.number_of_nodes() == pg.graph.number_of_nodes()
        assert back.number_of_edges() == pg.graph.number_of_edges()
        measure = pg.measures.iloc[0]
        attrs = back.nodes[measure["id"]]
        assert attrs["char_start"] == measure["start"] and attrs["char_end"] == measure["end"]
        assert attrs["label"] == measure["text"]
        section = next(n for n, k in pg.graph.nodes(data="kind") if k == "section")
        assert back.nodes[section]["heading"] == pg.graph.nodes[section]["heading"]

    def test_csv(self, pg, tmp_path):
        nodes_path, edges_path = pg.to_csv(tmp_path / "csv")
        nodes = pd.read_csv(nodes_path, keep_default_na=False)
        edges = pd.read_csv(edges_path, keep_default_na=False)
        assert len(nodes) == pg.graph.number_of_nodes() and len(edges) == pg.graph.number_of_edges()
        assert list(nodes.columns[:3]) == ["id", "kind", "label"]
        assert list(edges.columns[:8]) == ["source", "target", "key", "relation", "file", "start", "end", "rule"]
        assert set(nodes["id"]) == set(pg.graph.nodes)
        assert set(zip(edges["source"], edges["target"], edges["key"])) == set(pg.graph.edges(keys=True))
        actor_edges = edges[edges["relation"] == "actor"]
        assert (actor_edges["file"] != "").all() and (actor_edges["sentence"] != "").all()


def test_per_year_counts_measures_by_document_year(tmp_path) -> None:
    import kg

    texts = {"2019_plan.txt": "各地区要加强数据安全管理。鼓励企业加大研发投入。\n",
             "2020_plan.txt": "高校要完善人才培养机制。\n", "undated.txt": "企业要加强合规管理。\n"}
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    pg = kg.build([tmp_path / name for name in texts])
    assert list(pg.documents["year"].astype(object).where(pg.documents["year"].notna(), None)) == [2019, 2020, None]
    stance = pg.per_year("stance")
    assert list(stance.index) == [2019, 2020]  # the undated file is left out
    dated = [r for r in pg.records if r["source"] != "undated.txt"]
    assert stance.to_numpy().sum() == len(dated)
    assert stance.loc[2019, "encourage"] == sum(1 for r in dated if r["source"] == "2019_plan.txt" and r["stance"] == "encourage")
    types = pg.per_year("actor_type")
    assert types.loc[2020].sum() == sum(max(1, len(set(r["actor_types"]))) for r in dated if r["source"] == "2020_plan.txt")
    with pytest.raises(ValueError):
        pg.per_year("colour")
