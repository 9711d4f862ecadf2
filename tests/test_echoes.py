"""Cross-document links (kg.assemble.echoes): measures of different files that say nearly the
same are linked, with a score, in the graph, the RDF, the page and the API."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.assemble.echoes import LINKS_PER_MEASURE, echoes, jaccard, bigrams

A, B, C = "a.txt", "b.txt", "c.txt"


@pytest.mark.parametrize("measures, expected", [
    # the same text in two files: one link, fully alike
    ([("m1", A, "加强组织领导"), ("m2", B, "加强组织领导")], [("m1", "m2", 1.0)]),
    # never within one file
    ([("m1", A, "加强组织领导"), ("m2", A, "加强组织领导")], []),
    # nearly the same: linked with its likeness; too different: not
    ([("m1", A, "继续实施人才强国战略"), ("m2", B, "实施人才强国战略")], [("m1", "m2", 0.778)]),
    ([("m1", A, "加强组织领导"), ("m2", B, "完善财政支持政策")], []),
])
def test_which_measures_echo(measures, expected) -> None:
    assert echoes(measures, 0.7) == expected


def test_a_formula_everywhere_gives_a_few_links_each_not_all_pairs() -> None:
    measures = [(f"m{i:03d}", f"f{i}.txt", "抓好贯彻落实") for i in range(300)]
    links = echoes(measures, 0.7)
    assert len(links) <= 300 * LINKS_PER_MEASURE
    per = {}
    for u, v, _ in links:
        per[u] = per.get(u, 0) + 1
        per[v] = per.get(v, 0) + 1
    assert set(per) == {m for m, _, _ in measures}  # every one is linked


def test_likeness_is_the_jaccard_of_bigrams() -> None:
    assert jaccard(bigrams("实施人才强国战略"), bigrams("继续实施人才强国战略")) == pytest.approx(7 / 9)
    assert echoes([("m1", A, "继续实施人才强国战略"), ("m2", B, "实施人才强国战略")], 0.8) == []


def test_echoes_in_a_build_the_rdf_the_api_and_the_query(tmp_path: Path) -> None:
    import kg
    from rdflib import Graph, Namespace

    (tmp_path / "plan.txt").write_text("各地区要深入实施人才强国战略。企业要加大研发投入。\n", encoding="utf-8")
    (tmp_path / "report.txt").write_text("我们要深入实施人才强国战略，高校要完善人才培养机制。\n", encoding="utf-8")
    pg = kg.build([tmp_path / "plan.txt", tmp_path / "report.txt"])
    links = [(u, v, a["score"]) for u, v, a in pg.graph.edges(data=True) if a["relation"] == "echoes"]
    assert len(links) == 1
    u, v, score = links[0]
    assert {pg.graph.nodes[u]["source"], pg.graph.nodes[v]["source"]} == {"plan.txt", "report.txt"}
    similar = pg.similar(u)
    assert list(similar["id"]) == [v] and similar["score"].iloc[0] == score
    assert kg.build([tmp_path / "plan.txt", tmp_path / "report.txt"], link_threshold=0).graph.number_of_edges() == \
        pg.graph.number_of_edges() - 1
    pg.save(tmp_path / "out")
    pkg = Namespace("https://w3id.org/policykg/ontology#")
    rdf = Graph().parse(tmp_path / "out" / "graph.ttl")
    [(a, b)] = list(rdf.subject_objects(pkg.echoes))
    [echo] = list(rdf.subjects(pkg.echo, a))
    assert set(rdf.objects(echo, pkg.echo)) == {a, b} and float(rdf.value(echo, pkg.score)) == score
    from kg.rdf import read_query, run_query

    text = pg.graph.nodes[u]["text"]
    result = run_query(read_query("echoes-of"), [tmp_path / "out" / "graph.ttl"], params={"text": text})
    # the text stands in both files: each measure's echo is in the other
    assert sorted(row[0].value for row in result.rows) == ["plan.txt", "report.txt"]
    from kg.rdf.validate import validate_files

    assert validate_files([tmp_path / "out" / "graph.ttl"]).conforms
