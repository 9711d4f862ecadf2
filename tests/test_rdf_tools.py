"""kg.rdf, ``kg query`` and ``kg validate`` on the seeds' RDF.

The example queries' expected rows are computed here from the networkx graph itself (the
export's source of truth), so the tests check the queries and the export, not a snapshot of
today's extraction; both engines must return exactly those rows, in that order.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SH

import kg.cli
import kg.rdf.load
from kg import rdf
from kg.errors import InputError
from kg.export.namespace import ACTOR_TYPES, INSTRUMENTS, PKG, STANCES
from kg.export.rdf import DEFAULT_BASE_IRI, FILE_NAMES, write_rdf_outputs
from kg.rdf import (
    QueryError,
    Term,
    example_queries,
    format_csv,
    format_json,
    format_table,
    read_query,
    run_query,
    set_params,
    sparql_value,
    validate_files,
    validate_graph,
)

from .conftest import SEEDS

ENGINES = ("rdflib", "oxigraph")


@pytest.fixture(scope="module")
def out(seed_build, tmp_path_factory) -> Path:
    """The seeds' RDF in every format, with ontology.ttl and shapes.ttl."""
    out = tmp_path_factory.mktemp("rdf")
    write_rdf_outputs(seed_build.graph, out, formats=["nt", "json-ld", "trig"])
    return out


@pytest.fixture(scope="module")
def ttl(out: Path) -> Path:
    return out / "graph.ttl"


def values(result) -> list[tuple]:
    """Rows as plain Python values: IRIs and literals by their string, numbers as ints."""
    def plain(term: Term | None):
        if term is None:
            return None
        if term.datatype and term.datatype.endswith("#integer"):
            return int(term.value)
        return term.value
    return [tuple(plain(t) for t in row) for row in result.rows]


# --------------------------------------------------------------------------- the seeds load and conform


def test_seed_turtle_loads_in_oxigraph_with_no_error(ttl: Path) -> None:
    quads = list(ox.parse(path=str(ttl), format=ox.RdfFormat.TURTLE))  # strict parser
    assert len(quads) == len(Graph().parse(ttl, format="turtle")) > 5000
    store = ox.Store()
    store.load(path=str(ttl), format=ox.RdfFormat.TURTLE)  # validating load, not bulk/lenient
    assert len(store) == len(quads)


@pytest.mark.parametrize("name", ["graph.nt", "graph.jsonld", "graph.trig", "ontology.ttl", "shapes.ttl"])
def test_every_written_file_loads_in_oxigraph(out: Path, name: str) -> None:
    assert list(ox.parse(path=str(out / name)))


def test_seeds_conform_to_the_shapes(ttl: Path) -> None:
    report = validate_graph([ttl])
    assert report.conforms, report.text()
    assert report.issues == []
    assert "conforms" in report.text()


def test_trig_conforms_too(out: Path) -> None:
    assert validate_graph([out / "graph.trig"]).conforms


def _first(g: Graph, cls):
    return min(g.subjects(RDF.type, cls))


def _drop_label(g):
    m = _first(g, PKG.Measure)
    g.remove((m, RDFS.label, None))
    return m, "rdfs:label"


def _drop_sentence(g):
    m = _first(g, PKG.Measure)
    g.remove((m, PROV.wasDerivedFrom, None))
    return m, "prov:wasDerivedFrom"


def _drop_actor_type(g):
    a = _first(g, PKG.Actor)
    g.remove((a, PKG.actorType, None))
    return a, "pkg:actorType"


def _stance_as_string(g):
    m = _first(g, PKG.Measure)
    g.remove((m, PKG.stance, None))
    g.add((m, PKG.stance, Literal("require")))
    return m, "pkg:stance"


def _orphan_section(g):
    s = _first(g, PKG.Section)
    g.remove((s, DCTERMS.isPartOf, None))
    return s, "dcterms:isPartOf"


def _measure_outside_its_sentence(g):
    m = _first(g, PKG.Measure)
    g.remove((m, PKG.endOffset, None))
    g.add((m, PKG.endOffset, Literal(10**7)))
    return g.value(m, DCTERMS.source), "sh:sparql"


@pytest.mark.parametrize("defect", [_drop_label, _drop_sentence, _drop_actor_type, _stance_as_string,
                                    _orphan_section, _measure_outside_its_sentence])
def test_a_deliberate_defect_does_not_conform(ttl: Path, defect) -> None:
    g = Graph().parse(ttl, format="turtle")
    focus, where = defect(g)
    report = validate_graph(g, source="broken.ttl")
    assert not report.conforms
    assert str(focus) in {i.focus for i in report.issues}
    text = report.text()
    assert text.startswith("broken.ttl: does not conform")
    assert f"<{focus}>" in text and where in text


def test_both_engines_conform_on_the_seeds(ttl: Path, out: Path) -> None:
    for engine in ("shacl-rust", "pyshacl"):
        for files in ([ttl], [out / "graph.trig"], [ttl, out / "graph.nt"]):
            assert validate_files(files, engine=engine).conforms, (engine, files)


def test_shacl_rust_reports_what_pyshacl_reports(ttl: Path, tmp_path: Path) -> None:
    """Every defect above at once, in one file: the two engines give the same report, word for
    word, and the same validation results in their SHACL reports."""
    g = Graph().parse(ttl, format="turtle")
    for defect in (_drop_label, _drop_sentence, _drop_actor_type, _stance_as_string, _orphan_section,
                   _measure_outside_its_sentence):
        defect(g)
    broken = tmp_path / "broken.ttl"
    g.serialize(broken, format="turtle")
    fast, slow = (validate_files([broken], engine=engine) for engine in ("shacl-rust", "pyshacl"))
    assert not fast.conforms and not slow.conforms
    assert fast.issues == slow.issues and len(fast.issues) >= 5
    assert fast.text(limit=100) == slow.text(limit=100)

    def results(report) -> set[tuple[str, ...]]:
        graph = Graph().parse(data=report.report_graph.serialize(format="turtle"), format="turtle")
        return {tuple(str(graph.value(r, p)) for p in (SH.focusNode, SH.resultPath, SH.sourceConstraintComponent))
                for r in graph.subjects(RDF.type, SH.ValidationResult)}

    assert results(fast) == results(slow)


def test_an_empty_graph_is_nothing_to_validate(tmp_path: Path) -> None:
    empty = tmp_path / "empty.ttl"
    empty.write_text("@prefix pkg: <https://w3id.org/policykg/ontology#> .\n", encoding="utf-8")
    for engine in ("shacl-rust", "pyshacl"):
        with pytest.raises(InputError, match="no triples"):
            validate_files([empty], engine=engine)


def test_auto_falls_back_to_pyshacl_when_shacl_rust_fails(ttl: Path, monkeypatch, caplog) -> None:
    import shacl_rust

    def broken(*_args, **_kwargs):
        raise RuntimeError("unsupported constraint")

    monkeypatch.setattr(shacl_rust, "validate_file", broken)
    assert validate_files([ttl]).conforms
    assert "validating with pySHACL instead" in caplog.text
    with pytest.raises(InputError, match="shacl-rust cannot validate"):
        validate_files([ttl], engine="shacl-rust")


# --------------------------------------------------------------------------- example queries on the seeds


class Oracle:
    """The answers to the example queries, computed from the networkx graph."""

    def __init__(self, graph) -> None:
        self.g = graph
        nodes = graph.nodes
        self.article_of: dict[str, str] = {}
        for u, v, key in graph.edges(keys=True):
            if key == "article" and nodes[u]["kind"] == "measure":
                self.article_of[u] = v
        for u, v, key in graph.edges(keys=True):
            if key == "section":
                self.article_of[u] = next(a for _, a, k in graph.out_edges(v, keys=True) if k == "article")
        self.actors: dict[str, set[str]] = defaultdict(set)  # measure -> actors (hasActor)
        self.targets: dict[str, set[str]] = defaultdict(set)
        self.goals: dict[str, set[str]] = defaultdict(set)
        for u, v, key in graph.edges(keys=True):
            if key == "actor":
                self.actors[v].add(u)
            elif key == "target":
                self.targets[u].add(v)
            elif key == "goal":
                self.goals[u].add(v)

    def label(self, n: str) -> str:
        return self.g.nodes[n]["label"]

    def measures(self):
        return [(n, a) for n, a in self.g.nodes(data=True) if a["kind"] == "measure"]

    def measures_per_actor(self):
        per: dict[str, set[str]] = defaultdict(set)
        for m, actors in self.actors.items():
            for a in actors:
                per[a].add(m)
        rows = [(self.label(a), str(ACTOR_TYPES[self.g.nodes[a]["actor_type"]]), len(ms),
                 len({self.article_of[m] for m in ms})) for a, ms in per.items()]
        return sorted(rows, key=lambda r: (-r[2], -r[3], r[0]))

    def top_goals(self):
        per: dict[str, set[str]] = defaultdict(set)
        for m, goals in self.goals.items():
            for goal in goals:
                per[goal].add(m)
        rows = [(self.label(g), len(ms), len({self.article_of[m] for m in ms})) for g, ms in per.items()]
        return sorted(rows, key=lambda r: (-r[1], -r[2], r[0]))[:15]

    def co_actors(self):
        by_sentence: dict[tuple, set[str]] = defaultdict(set)
        article: dict[tuple, str] = {}
        for m, a in self.measures():
            key = (a["source"], a["sentence_start"], a["sentence_end"])
            by_sentence[key] |= self.actors[m] | self.targets[m]
            article[key] = self.article_of[m]
        pairs: dict[tuple[str, str], set[tuple]] = defaultdict(set)
        for key, actors in by_sentence.items():
            labels = sorted(self.label(a) for a in actors)
            for i, x in enumerate(labels):
                for y in labels[i + 1:]:
                    pairs[(x, y)].add(key)
        rows = [(x, y, len(ks), len({article[k] for k in ks})) for (x, y), ks in pairs.items()]
        return sorted(rows, key=lambda r: (-r[2], -r[3], r[0], r[1]))

    def instrument_mix(self):
        counts: dict[str, list[int]] = {a: [0, 0, 0, 0, 0] for a, d in self.g.nodes(data=True)
                                        if d["kind"] == "article"}
        order = ["supply", "demand", "environment", ""]
        for m, a in self.measures():
            row = counts[self.article_of[m]]
            row[order.index(a["instrument"])] += 1
            row[4] += 1
        articles = sorted(counts, key=lambda a: (self.g.nodes[a]["source"], self.g.nodes[a]["start"]))
        return [(self.label(a), self.g.nodes[a]["source"], *counts[a]) for a in articles]

    def section_measures(self, heading: str):
        rows = []
        for m, a in self.measures():
            sections = [v for _, v, k in self.g.out_edges(m, keys=True) if k == "section"]
            if not any(self.g.nodes[s]["heading"] == heading for s in sections):
                continue
            instrument = str(INSTRUMENTS[a["instrument"]]) if a["instrument"] else None
            for actor in sorted(self.actors[m], key=self.label) or [None]:
                rows.append((a["start"], a["label"], str(STANCES[a["stance"]]), instrument,
                             self.label(actor) if actor else None))
        return sorted(rows, key=lambda r: (r[0], r[4] or ""))

    def actor_profile(self, name: str):
        def known(a):
            d = self.g.nodes[a]
            return d["label"] == name or name in d.get("surface", ())
        rows = []
        for m, a in self.measures():
            for role, actors in (("actor", self.actors[m]), ("target", self.targets[m])):
                if not any(known(x) for x in actors):
                    continue
                instrument = str(INSTRUMENTS[a["instrument"]]) if a["instrument"] else None
                goals = sorted(self.label(g) for g in self.goals[m]) or [None]
                for goal in goals:
                    rows.append((role, a["label"], str(STANCES[a["stance"]]), instrument, goal,
                                 f"{a['source']}:{a['sentence_start']}", a["source"], a["start"]))
        rows.sort(key=lambda r: (r[6], r[7], r[0], r[4] or ""))
        return [r[:6] for r in rows]


@pytest.fixture(scope="module")
def oracle(seed_build) -> Oracle:
    return Oracle(seed_build.graph)


EXPECTED = {
    "measures-per-actor": (lambda o: o.measures_per_actor(), ["actor", "type", "measures", "articles"]),
    "top-goals": (lambda o: o.top_goals(), ["goal", "measures", "articles"]),
    "co-actors": (lambda o: o.co_actors(), ["actor1", "actor2", "sentences", "articles"]),
    "instrument-mix": (lambda o: o.instrument_mix(),
                       ["article", "file", "supply", "demand", "environment", "none", "measures"]),
    "section-measures": (lambda o: o.section_measures("提升人工智能场景创新能力"),
                         ["start", "measure", "stance", "instrument", "actor"]),
    "actor-profile": (lambda o: o.actor_profile("企业"),
                      ["role", "measure", "stance", "instrument", "goal", "at"]),
}


#: Examples tested on documents of their own: headers, which the seeds (newspaper pages) do
#: not have, and echoes between files (tests/test_echoes.py).
HEADER_EXAMPLES = {"measures-per-issuer", "echoes-of"}


def test_the_examples_are_the_ones_shipped() -> None:
    assert set(example_queries()) == set(EXPECTED) | HEADER_EXAMPLES


@pytest.mark.parametrize("engine", ENGINES)
def test_measures_per_issuer_counts_each_bodys_documents_by_year(tmp_path: Path, engine: str) -> None:
    import kg

    from .test_formats import LINES, PAGE, write_docx

    notice = write_docx(tmp_path / "notice.docx", ["财政部 税务总局关于支持科技创新的公告", *LINES[1:],
                                                     "财政部 税务总局", "二〇二三年八月十八日"])
    pg = kg.build([PAGE, notice])
    pg.save(tmp_path / "out")
    result = run_query(read_query("measures-per-issuer"), [tmp_path / "out" / "graph.ttl"], engine=engine)
    assert result.variables == ["issuer", "year", "measures", "documents"]
    expected = sorted(((issuer, int(row.written[:4]), row.measures, 1)
                       for row in pg.documents.itertuples() for issuer in row.issuers), key=lambda r: (-r[2], r[0]))
    assert [tuple(int(v) if k else v for k, v in enumerate(row)) for row in values(result)] == expected
    assert {row[0] for row in expected} == {"国务院办公厅", "财政部", "税务总局"}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_query_returns_the_expected_rows(ttl: Path, oracle: Oracle, name: str, engine: str) -> None:
    expected_rows, variables = EXPECTED[name]
    result = run_query(read_query(name), [ttl], engine=engine)
    assert result.engine == engine
    assert result.variables == variables
    expected = expected_rows(oracle)
    assert len(expected) >= 5, "the seeds should give each example something to show"
    assert values(result) == expected


def test_example_queries_add_up(ttl: Path, seed_build) -> None:
    """Totals an analyst would check: every measure and article is counted once."""
    summary = seed_build.summary()
    mix = values(run_query(read_query("instrument-mix"), [ttl]))
    assert len(mix) == summary["articles"]
    assert sum(r[-1] for r in mix) == summary["measures"]
    assert all(r[2] + r[3] + r[4] + r[5] == r[6] for r in mix)
    per_actor = values(run_query(read_query("measures-per-actor"), [ttl]))
    assert {r[1] for r in per_actor} <= {str(c) for c in ACTOR_TYPES.values()}
    assert [r[2] for r in per_actor] == sorted((r[2] for r in per_actor), reverse=True)


@pytest.fixture(scope="module")
def turtle_answers(ttl: Path) -> dict[str, list]:
    return {q: run_query(read_query(q), [ttl], engine="oxigraph").rows
            for q in ("measures-per-actor", "co-actors")}


@pytest.mark.parametrize("name", ["graph.nt", "graph.jsonld", "graph.trig"])
@pytest.mark.parametrize("engine", ENGINES)
def test_every_format_answers_like_turtle(out: Path, turtle_answers, name: str, engine: str) -> None:
    """TriG repeats shared actors in each file's graph: the union must not count them twice."""
    for query, expected in turtle_answers.items():
        assert run_query(read_query(query), [out / name], engine=engine).rows == expected


@pytest.mark.parametrize("engine", ENGINES)
def test_named_graphs_can_be_queried(out: Path, seed_build, engine: str) -> None:
    q = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?m a pkg:Measure } } GROUP BY ?g ORDER BY ?g"
    rows = values(run_query(q, [out / "graph.trig"], engine=engine))
    assert [r[0] for r in rows] == [f"{DEFAULT_BASE_IRI}source/{p.name}" for p in sorted(SEEDS.glob("*.txt"))]
    assert sum(r[1] for r in rows) == seed_build.summary()["measures"]


@pytest.mark.parametrize("engine", ENGINES)
def test_parameters_pick_another_actor_or_section(ttl: Path, oracle: Oracle, engine: str) -> None:
    result = run_query(read_query("actor-profile"), [ttl], engine=engine, params={"name": "高校"})
    assert values(result) == oracle.actor_profile("高校")
    heading = "加大要素供给，建设基础设施体系"
    result = run_query(read_query("section-measures"), [ttl], engine=engine, params={"section": heading})
    assert values(result) == oracle.section_measures(heading)
    # a hostile value is data, never SPARQL
    result = run_query(read_query("section-measures"), [ttl], engine=engine,
                       params={"section": '"} } DELETE WHERE { ?s ?p ?o } #\\\n'})
    assert result.rows == []


# --------------------------------------------------------------------------- helpers


def test_set_params_and_sparql_value() -> None:
    q = 'SELECT * WHERE { VALUES ?name { "a" } ?x ?p ?name }'
    assert set_params(q, {"name": 'b"c'}) == 'SELECT * WHERE { VALUES ?name { "b\\"c" } ?x ?p ?name }'
    assert sparql_value("<http://x/y>") == "<http://x/y>"
    assert sparql_value("<not an iri>") == '"<not an iri>"'
    assert sparql_value("a\\b\nc") == '"a\\\\b\\nc"'
    with pytest.raises(QueryError, match="no `VALUES \\?other"):
        set_params(q, {"other": "x"})
    with pytest.raises(QueryError, match="bad parameter name"):
        set_params(q, {"na me": "x"})


def test_read_query(tmp_path: Path) -> None:
    assert "GROUP BY" in read_query("top-goals")
    rq = tmp_path / "q.rq"
    rq.write_text("ASK { ?s ?p ?o }", encoding="utf-8")
    assert read_query(str(rq)) == "ASK { ?s ?p ?o }"
    assert read_query("select * { ?s ?p ?o }").startswith("select")
    with pytest.raises(QueryError, match="not found"):
        read_query(str(tmp_path / "missing.rq"))
    with pytest.raises(QueryError, match="neither"):
        read_query("top-goalz")


def test_engine_auto_switches_to_oxigraph_for_large_files(ttl: Path, monkeypatch) -> None:
    assert rdf.choose_engine([ttl]) == "rdflib"
    monkeypatch.setattr(kg.rdf.load, "OXIGRAPH_THRESHOLD_BYTES", 1000)
    assert rdf.choose_engine([ttl]) == "oxigraph"
    assert run_query("ASK { ?m a pkg:Measure }", [ttl]).engine == "oxigraph"


@pytest.mark.parametrize("engine", ENGINES)
def test_errors_are_kg_errors(tmp_path: Path, ttl: Path, engine: str) -> None:
    with pytest.raises(InputError, match="not found"):
        run_query("ASK {}", [tmp_path / "none.ttl"], engine=engine)
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .", encoding="utf-8")
    with pytest.raises(InputError, match="cannot parse"):
        run_query("ASK {}", [bad], engine=engine)
    odd = tmp_path / "graph.xyz"
    odd.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="RDF format"):
        run_query("ASK {}", [odd], engine=engine)
    with pytest.raises(QueryError, match="SPARQL error"):
        run_query("SELECT ?x WHERE { ?x a }", [ttl], engine=engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_ask_and_construct(ttl: Path, seed_build, engine: str) -> None:
    assert run_query("ASK { ?m a pkg:Measure }", [ttl], engine=engine).boolean is True
    result = run_query("CONSTRUCT { ?a rdfs:label ?l } WHERE { ?a a pkg:Actor ; rdfs:label ?l }",
                       [ttl], engine=engine)
    lines = format_table(result).splitlines()
    assert len(lines) == seed_build.summary()["actors"]
    assert all(line.endswith("@zh .") for line in lines)


def test_output_formats(ttl: Path) -> None:
    result = run_query(read_query("measures-per-actor"), [ttl])
    table = format_table(result).splitlines()
    assert table[0].split() == ["actor", "type", "measures", "articles"]
    assert " pkg:" in table[2] and table[-1] == f"({len(result.rows)} rows)"  # table: compact
    rows = list(csv.reader(io.StringIO(format_csv(result))))
    assert rows[0] == ["actor", "type", "measures", "articles"]
    assert rows[1][1] == result.rows[0][1].value  # CSV: full IRIs
    assert rows[1][1].startswith(str(PKG))
    data = json.loads(format_json(result))
    assert data["head"]["vars"] == ["actor", "type", "measures", "articles"]
    first = data["results"]["bindings"][0]
    assert first["actor"] == {"type": "literal", "value": result.rows[0][0].value, "xml:lang": "zh"}
    assert first["measures"]["datatype"].endswith("#integer")


def test_table_cuts_wide_cells_by_display_width() -> None:
    result = rdf.QueryResult("select", ["x"], [(Term("literal", "中" * 40),), (None,)])
    lines = format_table(result, max_width=10).splitlines()
    assert lines[2] == "中中中中…"
    assert lines[3] == ""
    assert format_table(result, max_width=0).splitlines()[2] == "中" * 40


# --------------------------------------------------------------------------- commands


@pytest.fixture
def kg_main(monkeypatch, capsys):
    """``kg ARGS`` in-process, with validate and query registered whatever kg/commands says."""
    monkeypatch.setattr(kg.cli, "COMMANDS", tuple(dict.fromkeys((*kg.cli.COMMANDS, "validate", "query"))))

    def run(*args: str) -> tuple[int, str, str]:
        code = kg.cli.main(list(args))
        captured = capsys.readouterr()
        return code, captured.out, captured.err
    return run


def test_kg_query_prints_a_table(kg_main, ttl: Path) -> None:
    code, out, err = kg_main("query", "top-goals", "--graph", str(ttl))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["goal", "measures", "articles"] and lines[-1] == "(15 rows)"


def test_kg_query_engines_print_the_same(kg_main, ttl: Path) -> None:
    outputs = [kg_main("query", "co-actors", "--graph", str(ttl), "--engine", e, "--format", f)[1]
               for e in ENGINES for f in ("table", "csv", "json")]
    assert outputs[:3] == outputs[3:]


def test_kg_query_reads_rq_files_and_params(kg_main, ttl: Path, tmp_path: Path) -> None:
    rq = tmp_path / "n.rq"
    rq.write_text('SELECT ?n WHERE { VALUES ?n { "x" } }', encoding="utf-8")
    code, out, _ = kg_main("query", str(rq), "--graph", str(ttl), "--format", "csv", "--param", "n=测试")
    assert code == 0
    assert out.replace("\r\n", "\n") == "n\n测试\n"


def test_kg_query_default_graph_is_output_graph_ttl(kg_main, ttl: Path, tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "output").mkdir()
    (tmp_path / "output" / "graph.ttl").write_bytes(ttl.read_bytes())
    monkeypatch.chdir(tmp_path)
    code, out, _ = kg_main("query", "ASK { ?m a pkg:Measure }")
    assert (code, out) == (0, "true\n")


def test_kg_query_list(kg_main) -> None:
    code, out, _ = kg_main("query", "--list")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == sorted(set(EXPECTED) | HEADER_EXAMPLES)
    assert "--param name=" in out


@pytest.mark.parametrize("args, message", [
    (["SELECT ?x WHERE { ?x a }"], "SPARQL error"),
    (["top-goals", "--graph", "missing.ttl"], "graph file not found"),
    (["actor-profile", "--param", "nme=x"], "no `VALUES ?nme"),
    (["actor-profile", "--param", "nothing"], "NAME=VALUE"),
    ([], "give a QUERY"),
])
def test_kg_query_errors_exit_2(kg_main, ttl: Path, args: list[str], message: str) -> None:
    if "--graph" not in args:
        args = [*args, "--graph", str(ttl)]
    code, out, err = kg_main("query", *args)
    assert code == 2 and out == ""
    assert err.startswith("kg: error: ") and message in err


def test_kg_validate_conforming_exits_0(kg_main, ttl: Path) -> None:
    code, out, _ = kg_main("validate", str(ttl))
    assert code == 0 and "conforms to the policykg shapes" in out


def test_kg_validate_nonconforming_exits_1_with_a_readable_report(kg_main, ttl: Path, tmp_path: Path) -> None:
    g = Graph().parse(ttl, format="turtle")
    measure, _ = _drop_sentence(g)
    actor, _ = _drop_actor_type(g)
    broken = tmp_path / "broken.ttl"
    g.serialize(broken, format="turtle")
    code, out, _ = kg_main("validate", str(broken))
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith(f"{broken}: does not conform to the policykg shapes: 2 problems on 2 resources")
    assert any(line.startswith("Measure 「") and f"<{measure}>" in line for line in lines)
    assert any(line.startswith("Actor 「") and f"<{actor}>" in line for line in lines)
    assert "  - prov:wasDerivedFrom (sh:minCount): a measure needs exactly one prov:wasDerivedFrom" in out
    assert "  - pkg:actorType (sh:minCount): an actor needs exactly one pkg:actorType" in out
    code, out, _ = kg_main("validate", str(broken), "--format", "turtle")
    assert code == 1 and "sh:ValidationReport" in out


def test_kg_validate_errors_exit_2(kg_main, tmp_path: Path) -> None:
    code, _, err = kg_main("validate", str(tmp_path / "none.ttl"))
    assert code == 2 and "graph file not found" in err
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix : <x> .\n:a :b", encoding="utf-8")
    code, _, err = kg_main("validate", str(bad))
    assert code == 2 and "cannot parse" in err


def test_file_names_are_the_documented_ones() -> None:
    assert dict(FILE_NAMES) == {"turtle": "graph.ttl", "nt": "graph.nt", "json-ld": "graph.jsonld",
                                "trig": "graph.trig"}
