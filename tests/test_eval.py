"""``kg eval`` per file and per genre: the scorer on a pair counted by hand, the genres table,
clean failures on bad gold files, and one run over the second dev set (tests/data/dev2)."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.evaluate import UNLISTED, format_rows, read_genres, read_gold, score, score_per_file

from .conftest import DATA, ROOT

DEV2 = DATA / "dev2"

# a.txt: one exact match (actor 企业等 = 企业, goal equal) and one miss on each side.
# b.txt: 建设算力平台 against 建设算力中心 shares 4 of 6 characters each way, F1 2/3: a match
# (>= 0.5) but not a strict one (< 0.8); its actor is wrong and it has no goals.
GOLD = [
    {"source": "a.txt", "sentence": "s1", "measures": [
        {"text": "加强数据安全防护", "actors": ["企业"], "goals": ["保障安全"]},
        {"text": "完善标准体系", "actors": [], "goals": []}]},
    {"source": "b.txt", "sentence": "s2", "measures": [
        {"text": "建设算力中心", "actors": ["政府"], "goals": []}]},
]
PRED = [
    {"source": "a.txt", "text": "加强数据安全防护", "actors": ["企业等"], "goals": ["保障安全"]},
    {"source": "a.txt", "text": "推进改革", "actors": [], "goals": []},
    {"source": "b.txt", "text": "建设算力平台", "actors": ["市场"], "goals": []},
    {"source": "c.txt", "text": "不在金标准里", "actors": ["企业"], "goals": []},  # not in the gold: ignored
]


def prf(p: float, r: float, f1: float, pred: int, gold: int) -> dict[str, float | int]:
    return {"p": p, "r": r, "f1": f1, "pred": pred, "gold": gold}


def test_scores_per_file_and_overall_counted_by_hand() -> None:
    result = score_per_file(GOLD, PRED)
    a, b, overall = result["per_file"]["a.txt"], result["per_file"]["b.txt"], result["overall"]
    assert set(result["per_file"]) == {"a.txt", "b.txt"}
    assert "per_genre" not in result
    assert a["measures"] == prf(0.5, 0.5, 0.5, 2, 2)
    assert a["measures_strict"] == prf(0.5, 0.5, 0.5, 2, 2)
    assert a["actor_links"] == prf(1.0, 1.0, 1.0, 1, 1)
    assert a["goal_links"] == prf(1.0, 1.0, 1.0, 1, 1)
    assert b["measures"] == prf(1.0, 1.0, 1.0, 1, 1)
    assert b["measures_strict"] == prf(0.0, 0.0, 0.0, 1, 1)
    assert b["actor_links"] == prf(0.0, 0.0, 0.0, 1, 1)
    assert b["goal_links"] == prf(0.0, 0.0, 0.0, 0, 0)
    # overall pools the counts (2 of 3 measures, 1 of 3 strict), it does not average the F1s
    assert overall["measures"] == prf(0.667, 0.667, 0.667, 3, 3)
    assert overall["measures_strict"] == prf(0.333, 0.333, 0.333, 3, 3)
    assert overall["actor_links"] == prf(0.5, 0.5, 0.5, 2, 2)
    assert overall["goal_links"] == prf(1.0, 1.0, 1.0, 1, 1)
    assert overall["actors_found"] == prf(0.5, 0.5, 0.5, 2, 2)
    assert overall == score(GOLD, PRED)


def test_a_gold_file_with_no_predictions_scores_zero() -> None:
    result = score_per_file(GOLD, PRED[:2])
    assert result["per_file"]["b.txt"]["measures"] == prf(0.0, 0.0, 0.0, 0, 1)


def test_genres_pool_their_files_and_unlisted_files_come_last() -> None:
    both = score_per_file(GOLD, PRED, {"b.txt": "report", "a.txt": "report"})
    assert both["per_genre"] == {"report": both["overall"]}
    split = score_per_file(GOLD, PRED, {"dir/b.txt": "regulation", "z.txt": "commentary"})
    assert list(split["per_genre"]) == ["regulation", UNLISTED]  # a genre with no gold file has no row
    assert split["per_genre"]["regulation"] == split["per_file"]["b.txt"]
    assert split["per_genre"][UNLISTED] == split["per_file"]["a.txt"]


def test_rows_have_one_line_per_name_then_overall() -> None:
    result = score_per_file(GOLD, PRED, {"a.txt": "地方规章"})
    lines = format_rows("genre", result["per_genre"], result["overall"]).splitlines()
    assert lines[0].split()[:3] == ["genre", "strict", "P"]
    assert [line.split()[0] for line in lines[1:]] == ["地方规章", UNLISTED.split()[0], "overall"]
    # CJK takes two terminal columns: padded by display width, every line ends at the same column
    assert len({sum(1 + (unicodedata.east_asian_width(c) == "W") for c in line) for line in lines}) == 1
    assert lines[-1].split()[1:] == ["0.333", "0.333", "0.333", "0.667", "0.667", "0.667", "0.500", "1.000", "3", "3"]


def test_genres_from_a_markdown_table(tmp_path: Path) -> None:
    table = tmp_path / "SOURCES.md"
    table.write_text("# Set\n\nSome prose | with a bar.\n\n| genre | file | note |\n| --- | :---: | --- |\n"
                     "| report | `x/a.txt` | one |\n| 管理办法 | b.txt | two |\n\nAfter.\n\n| file | genre |\n"
                     "| --- | --- |\n| c.txt | later table |\n", encoding="utf-8")
    assert read_genres(table) == {"a.txt": "report", "b.txt": "管理办法"}


def test_genres_from_tab_separated_lines(tmp_path: Path) -> None:
    tsv = tmp_path / "genres.tsv"
    tsv.write_text("file\tgenre\n# a comment\n\na.txt\treport\nb.txt\tregulation\n", encoding="utf-8")
    assert read_genres(tsv) == {"a.txt": "report", "b.txt": "regulation"}


def test_the_dev2_sources_table_names_every_dev2_file() -> None:
    genres = read_genres(DEV2 / "SOURCES.md")
    assert set(genres) == {p.name for p in (DEV2 / "inputs").glob("*.txt")}
    assert set(genres) == {row["source"] for row in read_gold(DEV2 / "gold.jsonl")}


@pytest.mark.parametrize("text", ["no table here\n", "| file | note |\n| --- | --- |\n| a.txt | x |\n",
                                  "a.txt report\n"])
def test_genres_without_file_and_genre_are_an_input_error(tmp_path: Path, text: str) -> None:
    bad = tmp_path / "genres.md"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(InputError):
        read_genres(bad)


def run_kg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, check=False)


def bad_gold(tmp_path: Path, name: str) -> Path:
    """A gold path that cannot be scored, by name; the folder case is the folder itself."""
    contents = {"not_json": '{"source": "a.txt", "measures": []}\nnot json\n', "empty": "\n",
                "array": "[1, 2]\n", "no_text": '{"source": "a.txt", "measures": [{"actors": []}]}\n',
                "not_utf8": "金标准".encode("gbk")}
    if name == "missing":
        return tmp_path / "nowhere.jsonl"
    if name == "folder":
        return tmp_path
    path = tmp_path / f"{name}.jsonl"
    content = contents[name]
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


@pytest.mark.parametrize("name", ["missing", "folder", "not_json", "empty", "array", "no_text", "not_utf8"])
def test_a_bad_gold_fails_cleanly(tmp_path: Path, name: str) -> None:
    gold = bad_gold(tmp_path, name)
    done = run_kg("eval", str(gold), str(DEV2 / "inputs"), "--no-cache")
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("kg: error: ") and str(gold) in done.stderr
    assert "Traceback" not in done.stderr and not done.stdout


@pytest.mark.parametrize("name", ["missing", "folder"])
def test_a_bad_genres_file_fails_cleanly(tmp_path: Path, name: str) -> None:
    genres = tmp_path / "nowhere.md" if name == "missing" else tmp_path
    done = run_kg("eval", str(DEV2 / "gold.jsonl"), str(DEV2 / "inputs"), "--genres", str(genres))
    assert done.returncode == 2 and done.stderr.startswith("kg: error: "), done.stderr
    assert "Traceback" not in done.stderr and not done.stdout


def test_eval_on_dev2_prints_a_row_per_file_and_per_genre() -> None:
    """Which rows, not their scores: the extractor is being changed."""
    files = sorted(p.name for p in (DEV2 / "inputs").glob("*.txt"))
    genres = read_genres(DEV2 / "SOURCES.md")
    assert len(files) == 5
    done = run_kg("eval", str(DEV2 / "gold.jsonl"), str(DEV2 / "inputs"), "--per-file",
                  "--genres", str(DEV2 / "SOURCES.md"))
    assert done.returncode == 0, done.stderr
    overall, per_file, per_genre = done.stdout.rstrip("\n").split("\n\n")
    assert [line.split()[0] for line in overall.splitlines()] == [
        "measures", "measures_strict", "actor_links", "goal_links", "actors_found"]
    file_rows = per_file.splitlines()
    assert file_rows[0].startswith("file ")
    assert [row.split()[0] for row in file_rows[1:]] == [*files, "overall"]
    genre_rows = per_genre.splitlines()
    assert genre_rows[0].startswith("genre ")
    assert [row.startswith(f"{genres[f]} ") for f, row in zip(files, genre_rows[1:])] == [True] * 5
    assert genre_rows[-1].split()[1:] == file_rows[-1].split()[1:]

    as_json = json.loads(run_kg("eval", str(DEV2 / "gold.jsonl"), str(DEV2 / "inputs"), "--per-file",
                                "--genres", str(DEV2 / "SOURCES.md"), "--json").stdout)
    assert sorted(as_json["per_file"]) == files
    assert list(as_json["per_genre"]) == list(dict.fromkeys(genres.values()))
    assert as_json["measures"]["gold"] == sum(s["measures"]["gold"] for s in as_json["per_file"].values())
