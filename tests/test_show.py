"""``kg show actor|document``: one row per measure, with stance, goals and a citation."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

from kg.cli import main

from .conftest import ROOT, SEEDS

CITE = re.compile(r"^(\S+\.txt):(\d+)$")


def run_kg(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, check=False)


def _records(seed_out: Path) -> list[dict]:
    return [json.loads(line) for line in (seed_out / "measures.jsonl").read_text("utf-8").splitlines()]


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_actor_rows_cite_file_and_line(seed_out, capsys):
    assert main(["show", "actor", "企业", "--from", str(seed_out), "--input", str(SEEDS), "--format", "csv"]) == 0
    rows = _rows(capsys.readouterr().out)
    assert rows and list(rows[0]) == ["cite", "role", "stance", "measure", "goals"]
    records = {(r["source"], r["text"]): r for r in _records(seed_out)}
    for row in rows:
        match = CITE.match(row["cite"])
        assert match, row["cite"]
        name, line = match.group(1), int(match.group(2))
        record = records[(name, row["measure"])]
        text = (SEEDS / name).read_bytes().decode("utf-8")
        assert text.count("\n", 0, record["start"]) + 1 == line  # the line the measure starts on
        assert row["stance"] == record["stance"]
        assert row["goals"] == "；".join(record["goals"])


def test_actor_table_is_aligned_like_kg_query(seed_out, capsys):
    assert main(["show", "actor", "企业", "--from", str(seed_out), "--input", str(SEEDS)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["cite", "role", "stance", "measure", "goals"]
    assert set(lines[1]) <= {"-", " "}
    assert re.fullmatch(r"\(\d+ rows?\)", lines[-1])
    assert all(CITE.match(line.split()[0]) for line in lines[2:-1])


def test_surface_form_finds_the_normalised_actor(seed_out, capsys):
    assert main(["show", "actor", "高校", "--from", str(seed_out), "--format", "csv"]) == 0
    by_name = capsys.readouterr().out
    assert main(["show", "actor", "高等院校", "--from", str(seed_out), "--format", "csv"]) == 0
    assert capsys.readouterr().out == by_name and len(_rows(by_name)) > 0


def test_unknown_actor_names_the_closest(seed_out):
    done = run_kg("show", "actor", "高小", "--from", str(seed_out))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("kg: error: no actor named '高小'; closest: ")
    assert "高校" in done.stderr and "Traceback" not in done.stderr


def test_document_rows(seed_out, capsys):
    path = next(SEEDS.glob("*.txt"))
    assert main(["show", "document", str(path), "--from", str(seed_out), "--format", "csv"]) == 0
    rows = _rows(capsys.readouterr().out)
    mine = [r for r in _records(seed_out) if r["source"] == path.name]
    assert len(rows) == len(mine) and list(rows[0]) == ["cite", "stance", "actors", "measure", "goals"]
    assert all(CITE.match(r["cite"]).group(1) == path.name for r in rows)
    assert [r["measure"] for r in rows] == [r["text"] for r in mine]


def test_unknown_document_names_the_closest(seed_out, capsys):
    name = next(SEEDS.glob("*.txt")).stem
    assert main(["show", "document", name, "--from", str(seed_out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kg: error: no document named") and f"closest: {name}.txt" in err


def test_sources_not_found_are_cited_by_offset(seed_out, tmp_path):
    done = run_kg("show", "actor", "企业", "--from", str(seed_out), "--input", str(tmp_path), "--format", "csv",
                  cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = _rows(done.stdout)
    assert rows and all(re.fullmatch(r"\S+\.txt@\d+", r["cite"]) for r in rows)
    assert "kg: note:" in done.stderr and "--input" in done.stderr


def test_a_file_with_the_same_name_but_other_text_is_not_cited(seed_out, tmp_path, capsys):
    name = next(SEEDS.glob("*.txt")).name
    (tmp_path / name).write_text("别的文件。\n" * 50, encoding="utf-8")
    assert main(["show", "document", name, "--from", str(seed_out), "--input", str(tmp_path),
                 "--format", "csv"]) == 0
    rows = _rows(capsys.readouterr().out)
    assert all("@" in r["cite"] for r in rows)


def test_missing_folder_is_exit_2_without_traceback(tmp_path):
    done = run_kg("show", "actor", "企业", "--from", str(tmp_path / "nowhere"))
    assert done.returncode == 2
    assert done.stderr.startswith("kg: error: ") and "Traceback" not in done.stderr


def test_a_folder_without_measures_is_exit_2(tmp_path, capsys):
    assert main(["show", "actor", "企业", "--from", str(tmp_path)]) == 2
    assert "measures.jsonl" in capsys.readouterr().err
