"""``kg export`` and the table exports of the API: typed cells in Excel and CSV, Chinese
headers, atomic files, and clear errors."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from kg.cli import main
from kg.export import tables as T

from .conftest import ROOT

openpyxl = pytest.importorskip("openpyxl")


def run_kg(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, check=False)


@pytest.fixture(scope="module")
def pg(seed_out):
    import kg

    return kg.load(seed_out)


@pytest.fixture(scope="module")
def frames(pg):
    return pg.to_tables()


@pytest.fixture(scope="module")
def workbook(seed_out, tmp_path_factory):
    out = tmp_path_factory.mktemp("xlsx")
    assert main(["export", str(out), "--from", str(seed_out), "--format", "xlsx"]) == 0
    return openpyxl.load_workbook(out / T.WORKBOOK)


def _sheet(workbook, name):
    rows = list(workbook[name].iter_rows(values_only=True))
    return list(rows[0]), rows[1:]


# --------------------------------------------------------------------------- the tables


def test_the_tables_and_their_rows(pg, frames):
    assert list(frames) == list(T.TABLES)
    counts = pg.counts()
    assert len(frames["measures"]) == counts["measures"] == len(pg.records)
    assert len(frames["actors"]) == counts["actors"]
    assert len(frames["goals"]) == counts["goals"]
    assert len(frames["documents"]) == counts["files"]
    assert len(frames["edges"]) == pg.graph.number_of_edges()
    assert frames["documents"]["measures"].sum() == counts["measures"]


def test_types_integers_stay_integers_and_missing_stays_empty(frames):
    measures, goals, edges = frames["measures"], frames["goals"], frames["edges"]
    for column in ("start", "end", "sentence_start", "sentence_end"):
        assert measures[column].dtype == "int64"
    assert measures["year"].dtype == "Int64" and goals["year"].dtype == "Int64"
    assert measures["year"].isna().any() and not (goals["year"] == 0).any()
    assert edges["start"].dtype == "Int64" and edges["start"].isna().any()  # section edges: no offsets
    for table in frames.values():
        for column in table.columns:
            if table[column].dtype == "str":
                assert not table[column].isna().any(), column  # empty text is "", not NaN


def test_lists_are_joined_with_the_chinese_semicolon(pg, frames):
    measures = frames["measures"]
    record = next(r for r in pg.records if len(r["actors"]) > 1)
    row = measures[measures["id"] == f"measure:{record['source']}:{record['start']}-{record['end']}"].iloc[0]
    assert row["actors"] == "；".join(record["actors"])
    assert row["goals"] == "；".join(record["goals"])


def test_goal_quantities_never_start_a_formula(frames):
    assert not frames["goals"]["quantities"].str.startswith("=").any()


def test_chinese_headers_come_from_one_mapping(pg):
    zh = pg.to_tables(zh=True)
    assert list(zh) == list(T.TABLES)
    measures = zh["measures"]
    assert {"措施", "行动者", "目标", "来源文件", "起点", "年份"} <= set(measures.columns)
    assert "行动者" in set(zh["actors"].columns) and "目标" in set(zh["goals"].columns)
    assert "文件" in set(zh["documents"].columns) and "源节点" in set(zh["edges"].columns)
    for name, table in zh.items():
        assert len(set(table.columns)) == len(table.columns), name  # no two headers alike
        assert all(any("\u4e00" <= c <= "\u9fff" for c in h) for h in table.columns), name


# --------------------------------------------------------------------------- Excel


def test_xlsx_integers_are_ints_and_a_missing_year_is_none(workbook, frames):
    assert workbook.sheetnames == list(T.TABLES)
    header, rows = _sheet(workbook, "measures")
    assert header == list(frames["measures"].columns)
    assert len(rows) == len(frames["measures"])
    start, year = header.index("start"), header.index("year")
    assert all(type(r[start]) is int for r in rows)  # not 1049.0
    assert any(r[year] is None for r in rows)  # not 0, not 0.0, not "nan"
    assert all(r[year] is None or type(r[year]) is int for r in rows)
    _, goal_rows = _sheet(workbook, "goals")
    assert all(r[5] is None or type(r[5]) is int for r in goal_rows)  # goals: year, column 6
    cells = [c for _, rows in (_sheet(workbook, s) for s in workbook.sheetnames) for r in rows for c in r]
    assert not any(isinstance(c, float) for c in cells)
    assert not any(c in ("nan", "None", "<NA>") for c in cells)


def test_xlsx_lists_are_one_cell(workbook, pg):
    header, rows = _sheet(workbook, "measures")
    actors = header.index("actors")
    record = next(r for r in pg.records if len(r["actors"]) > 1)
    assert "；".join(record["actors"]) in [r[actors] for r in rows]


def test_xlsx_with_chinese_headers(seed_out, tmp_path):
    assert main(["export", str(tmp_path), "--from", str(seed_out), "--format", "xlsx", "--zh"]) == 0
    book = openpyxl.load_workbook(tmp_path / T.WORKBOOK)
    assert book.sheetnames == ["措施", "行动者", "目标", "文件", "关系"]
    header, rows = _sheet(book, "措施")
    assert header[:3] == ["编号", "来源文件", "文章"] and "措施" in header and "起点" in header
    assert type(rows[0][header.index("起点")]) is int
    assert _sheet(book, "行动者")[0][1] == "行动者"


def test_xlsx_text_that_looks_like_a_formula_stays_text(tmp_path):
    table = pd.DataFrame({"text": pd.Series(["=1000家", "a\x0bb"], dtype="str"), "n": [1, 2]})
    T.write_xlsx({"goals": table}, tmp_path / "t.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx")["goals"]
    assert sheet["A2"].value == "=1000家" and sheet["A2"].data_type == "s"
    assert sheet["A3"].value == "a\ufffdb"  # a control character a sheet cannot hold


def test_api_to_excel(pg, tmp_path):
    path = pg.to_excel(tmp_path / "policy.xlsx", zh=True)
    assert path.is_file() and openpyxl.load_workbook(path).sheetnames[0] == "措施"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # written via a temp file


def test_missing_openpyxl_is_a_clear_error(seed_out, tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # `import openpyxl` raises ImportError
    code = main(["export", str(tmp_path / "x"), "--from", str(seed_out), "--format", "xlsx"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("kg: error: ") and "pip install 'policykg[xlsx]'" in err
    assert not (tmp_path / "x").exists()
    with pytest.raises(ImportError):
        T.require_openpyxl()


# --------------------------------------------------------------------------- CSV


def test_csv_reads_back_equal_to_the_tables(seed_out, tmp_path, frames):
    assert main(["export", str(tmp_path), "--from", str(seed_out), "--format", "csv"]) == 0
    for name, table in frames.items():
        path = tmp_path / f"{name}.csv"
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for Excel
        back = pd.read_csv(path, dtype=T.csv_dtypes(table), keep_default_na=False)
        pd.testing.assert_frame_equal(back, table)
        pd.testing.assert_frame_equal(T.read_csv(path, T.csv_dtypes(table)), table)
    for name in T.TABLES:
        with open(tmp_path / f"{name}.csv", encoding="utf-8-sig", newline="") as f:
            cells = [c for row in csv.reader(f) for c in row]
        assert not [c for c in cells if re.fullmatch(r"-?\d+\.0|nan|NaN|<NA>|None", c)], name


def test_csv_with_chinese_headers(seed_out, tmp_path, pg):
    assert main(["export", str(tmp_path), "--from", str(seed_out), "--format", "csv", "--zh"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{t}.csv" for t in T.TABLES)
    zh = pg.to_tables(zh=True)["measures"]
    back = T.read_csv(tmp_path / "measures.csv", T.csv_dtypes(zh))
    assert list(back.columns) == list(zh.columns) and back.columns[0] == "编号"
    pd.testing.assert_frame_equal(back, zh)


def test_to_csv_keeps_nodes_and_edges_by_default(pg, tmp_path):
    nodes_path, edges_path = pg.to_csv(tmp_path)
    assert (nodes_path.name, edges_path.name) == ("nodes.csv", "edges.csv")
    edges = pg.to_tables()["edges"]
    pd.testing.assert_frame_equal(T.read_csv(edges_path, T.csv_dtypes(edges)), edges)
    nodes = T.read_csv(nodes_path, {"start": "Int64", "end": "Int64"})
    assert len(nodes) == pg.graph.number_of_nodes()
    assert nodes["start"].dtype == "Int64"  # not float with 1049.0


# --------------------------------------------------------------------------- gexf and errors


def test_gexf(seed_out, tmp_path, pg):
    import networkx as nx

    assert main(["export", str(tmp_path), "--from", str(seed_out), "--format", "gexf"]) == 0
    back = nx.read_gexf(tmp_path / T.GEXF)
    assert back.number_of_nodes() == pg.graph.number_of_nodes()


_GEXF_TYPES = {"integer", "long", "double", "float", "boolean", "liststring", "string", "anyURI"}


def test_gexf_keeps_the_rules_of_its_schema(seed_out, tmp_path):
    """The constraints GEXF 1.2's schema puts on a file (no copy of the XSD is at hand
    offline): the namespace and version, attribute types from the schema's list, every
    attvalue naming an attribute declared for its class, unique node ids, and edges between
    declared nodes."""
    import xml.etree.ElementTree as ET

    assert main(["export", str(tmp_path), "--from", str(seed_out), "--format", "gexf"]) == 0
    ns = {"g": "http://www.gexf.net/1.2draft"}
    root = ET.parse(tmp_path / T.GEXF).getroot()
    assert root.tag == "{http://www.gexf.net/1.2draft}gexf" and root.get("version") == "1.2"
    graph = root.find("g:graph", ns)
    assert graph.get("defaultedgetype") in {"directed", "undirected", "mutual"}
    declared = {}
    for block in graph.findall("g:attributes", ns):
        assert block.get("class") in {"node", "edge"}
        for attribute in block.findall("g:attribute", ns):
            assert attribute.get("type") in _GEXF_TYPES, attribute.attrib
            declared[(block.get("class"), attribute.get("id"))] = attribute.get("type")
    ids = [node.get("id") for node in graph.iter("{http://www.gexf.net/1.2draft}node")]
    assert len(ids) == len(set(ids)) and all(ids)
    for kind, element in (("node", "node"), ("edge", "edge")):
        for item in graph.iter(f"{{http://www.gexf.net/1.2draft}}{element}"):
            for value in item.iter("{http://www.gexf.net/1.2draft}attvalue"):
                kind_of = declared.get((kind, value.get("for")))
                assert kind_of is not None, (element, value.attrib)
                if kind_of in ("long", "integer"):
                    int(value.get("value"))
    known = set(ids)
    for edge in graph.iter("{http://www.gexf.net/1.2draft}edge"):
        assert edge.get("source") in known and edge.get("target") in known


def test_missing_folder_is_exit_2_without_traceback(tmp_path):
    done = run_kg("export", str(tmp_path / "out"), "--from", str(tmp_path / "nowhere"), "--format", "csv")
    assert done.returncode == 2
    assert done.stderr.startswith("kg: error: ") and "Traceback" not in done.stderr
    assert "no such folder" in done.stderr
    assert not (tmp_path / "out").exists()


def test_a_folder_without_measures_is_exit_2(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert main(["export", str(tmp_path / "out"), "--from", str(tmp_path / "empty"), "--format", "csv"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kg: error: ") and "measures.jsonl" in err


def test_unknown_format_is_exit_2(seed_out, tmp_path, capsys):
    assert main(["export", str(tmp_path), "--from", str(seed_out), "--format", "xls"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kg: error: unknown format 'xls'") and "xlsx, csv, gexf" in err


def test_export_into_a_file_is_exit_2(seed_out, tmp_path, capsys):
    (tmp_path / "f").write_text("x")
    assert main(["export", str(tmp_path / "f"), "--from", str(seed_out), "--format", "csv"]) == 2
    assert "not a folder" in capsys.readouterr().err


def test_help_says_bom():
    done = run_kg("export", "--help")
    assert done.returncode == 0 and "byte order mark" in " ".join(done.stdout.split())
