"""``kg build`` end to end on the seeds: files, offsets, determinism, summary, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT, SEEDS

OUTPUTS = ("measures.jsonl", "graph.ttl", "ontology.ttl", "shapes.ttl", "graph.graphml", "graph.html")


def run_kg(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, check=False)


def test_build_writes_three_files_and_a_summary(tmp_path: Path) -> None:
    done = run_kg("build", str(SEEDS), "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    for name in OUTPUTS:
        assert (tmp_path / name).stat().st_size > 0
    summary = done.stdout.splitlines()[0]
    for word in ("files", "articles", "sentences", "measures", "actors", "goals", " s"):
        assert word in summary
    assert summary.startswith("2 files, 5 articles")
    assert done.stdout.splitlines()[-1].endswith("graph.html")  # all of it, though the process ends at once


def test_every_measure_points_at_its_text_in_the_source(seed_out: Path) -> None:
    sources = {p.name: p.read_text("utf-8") for p in SEEDS.glob("*.txt")}
    rows = [json.loads(line) for line in (seed_out / "measures.jsonl").read_text("utf-8").splitlines()]
    assert len(rows) > 300
    for row in rows:
        for key in ("source", "article", "section", "sentence", "text", "actors", "goals", "start", "end", "rule"):
            assert key in row
        piece = sources[row["source"]][row["start"]:row["end"]]
        assert "".join(piece.split()) == "".join(row["text"].split()), row
        assert row["rule"].startswith("measure.")


def test_two_builds_give_identical_files(tmp_path: Path, seed_out: Path) -> None:
    done = run_kg("build", str(SEEDS), "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    for name in OUTPUTS:
        assert (tmp_path / name).read_bytes() == (seed_out / name).read_bytes(), name


def test_committed_output_is_current(seed_out: Path) -> None:
    """output/ is what `kg build` writes from seeds/: a visitor sees the current graph."""
    for name in OUTPUTS:
        committed = ROOT / "output" / name
        assert committed.exists(), f"output/{name} is missing: run `kg build`"
        assert committed.read_bytes() == (seed_out / name).read_bytes(), f"output/{name} is stale: run `kg build`"


def test_default_input_is_seeds_and_default_out_is_output(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "plan.txt").write_text("加强政策引导。\n\n制定科学合理的产业政策，加强对行动的政策引导。",
                                                 encoding="utf-8")
    done = run_kg("build", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "output" / "measures.jsonl").exists()


def test_missing_input_is_a_clear_error(tmp_path: Path) -> None:
    done = run_kg("build", str(tmp_path / "nope"), "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    assert "input not found" in done.stderr
    assert not (tmp_path / "out").exists()


def test_out_pointing_at_a_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("keep me")
    done = run_kg("build", str(SEEDS), "--out", str(target))
    assert done.returncode == 2
    assert "not a folder" in done.stderr
    assert target.read_text() == "keep me"


def test_user_rules_extend_the_built_in_ones(tmp_path: Path) -> None:
    doc = tmp_path / "docs" / "plan.txt"
    doc.parent.mkdir()
    doc.write_text("市住建委要加强监督检查。\n\n支持住房和城乡建设委员会开展绿色建筑评价。", encoding="utf-8")
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "actor_aliases.tsv").write_text("市住建委\t住房和城乡建设委员会\n", encoding="utf-8")
    (rules / "actor_types.tsv").write_text("住建委\tgovernment\n", encoding="utf-8")
    (rules / "instruments.tsv").write_text("监督检查\tenvironment\n", encoding="utf-8")

    plain = run_kg("build", str(doc.parent), "--out", str(tmp_path / "plain"))
    extended = run_kg("build", str(doc.parent), "--out", str(tmp_path / "ext"), "--rules", str(rules))
    assert plain.returncode == extended.returncode == 0, extended.stderr
    rows = [json.loads(x) for x in (tmp_path / "ext" / "measures.jsonl").read_text("utf-8").splitlines()]
    first = next(r for r in rows if r["text"] == "加强监督检查")
    assert first["actors"] == ["市住建委"]
    assert first["actor_names"] == ["住房和城乡建设委员会"]
    assert first["instrument_cue"] == "监督检查"
    plain_rows = [json.loads(x) for x in (tmp_path / "plain" / "measures.jsonl").read_text("utf-8").splitlines()]
    plain_first = next(r for r in plain_rows if r["text"] == "加强监督检查")
    assert plain_first["actor_names"] == ["市住建委"]  # without the alias, two nodes
    assert plain_first["instrument_cue"] != "监督检查"


def test_a_malformed_rule_file_is_a_clear_error(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "instruments.tsv").write_text("补贴\tsubsidy\n", encoding="utf-8")
    done = run_kg("build", str(SEEDS), "--out", str(tmp_path / "out"), "--rules", str(rules))
    assert done.returncode == 2
    assert "instruments.tsv" in done.stderr and "expected one of" in done.stderr
    assert not (tmp_path / "out").exists()


def test_eval_prints_the_guideline_scores(tmp_path: Path) -> None:
    from .conftest import DATA

    done = run_kg("eval", str(DATA / "dev_gold.jsonl"), str(SEEDS), "--json")
    assert done.returncode == 0, done.stderr
    scores = json.loads(done.stdout)
    assert set(scores) == {"measures", "measures_strict", "actor_links", "goal_links", "actors_found"}
    assert scores["measures_strict"]["f1"] > 0.8
    table = run_kg("eval", str(DATA / "dev_gold.jsonl"), str(SEEDS))
    assert table.stdout.splitlines()[1].startswith("measures_strict")


def test_eval_reuses_the_results_of_unchanged_files(tmp_path: Path) -> None:
    from .conftest import DATA

    inputs = tmp_path / "in"
    inputs.mkdir()
    for seed in SEEDS.glob("*.txt"):
        (inputs / seed.name).write_bytes(seed.read_bytes())
    first = run_kg("-v", "eval", str(DATA / "dev_gold.jsonl"), str(inputs), "--json")
    again = run_kg("-v", "eval", str(DATA / "dev_gold.jsonl"), str(inputs), "--json")
    assert "0 files reused, 2 extracted" in first.stderr
    assert "2 files reused, 0 extracted" in again.stderr
    assert again.stdout == first.stdout
    fresh = run_kg("-v", "eval", str(DATA / "dev_gold.jsonl"), str(inputs), "--json", "--no-cache")
    assert "files reused" not in fresh.stderr and fresh.stdout == first.stdout


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path: Path) -> None:
    """`kg build | head -1`: the pipe closes before kg prints; kg exits quietly (141, as a shell
    reports SIGPIPE), and the outputs it wrote before printing are whole."""
    proc = subprocess.Popen([sys.executable, "-m", "kg", "build", str(SEEDS), "--out", str(tmp_path), "--no-cache"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    assert proc.wait() == 141, stderr
    assert "Traceback" not in stderr
    assert (tmp_path / "graph.ttl").read_bytes().endswith(b" .\n")
