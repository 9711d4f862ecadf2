"""kg diff and kg.diff: two versions' measures matched one to one and told apart
(kg.compare.diff), on a small pair written for it (tests/data/diff/: a regulation whose new
version reverses a stance, raises a quantity and moves its deadlines, names a new actor, adds
and drops an article)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.compare.diff import Measure, changes, diff, diff_records, match

from .conftest import DATA

OLD, NEW = DATA / "diff" / "old.txt", DATA / "diff" / "new.txt"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def table():
    return diff(OLD, NEW)


def _row(table, text):
    found = table[(table["old_text"] == text) | (table["new_text"] == text)]
    assert len(found) == 1, text
    return found.iloc[0]


@pytest.mark.parametrize("text, kind, aspects", [
    ("建立数据安全管理制度", "kept", []),
    ("不得向境外提供个人信息", "changed", ["stance", "wording"]),  # 不得 -> 可以
    ("将重点行业数据分类分级覆盖率提高到70%", "changed", ["quantity", "time", "wording"]),  # 70% -> 80%, 2027 -> 2030
    ("作出答复", "changed", ["time"]),  # 30日内 -> 15日内
    ("开展数据安全风险评估", "changed", ["actors"]),  # 企业 -> 企业和科研机构
    ("制定数据安全自律公约", "added", []),
    ("加强数据安全宣传教育", "dropped", []),
])
def test_each_kind_of_difference(table, text, kind, aspects) -> None:
    row = _row(table, text)
    assert (row["kind"], row["changes"]) == (kind, aspects)


def test_a_change_keeps_both_wordings(table) -> None:
    stance = _row(table, "不得向境外提供个人信息")
    assert (stance["old_stance"], stance["new_stance"]) == ("prohibit", "propose")
    assert "不得" in stance["old_sentence"] and "可以" in stance["new_sentence"]
    quantity = _row(table, "将重点行业数据分类分级覆盖率提高到70%")
    assert (quantity["old_numbers"], quantity["new_numbers"]) == (["70%"], ["80%"])
    assert (quantity["old_times"], quantity["new_times"]) == (["到2027年"], ["到2030年"])
    deadline = _row(table, "作出答复")
    assert (deadline["old_times"], deadline["new_times"]) == (["30日内"], ["15日内"])
    actors = _row(table, "开展数据安全风险评估")
    assert (actors["old_actors"], actors["new_actors"]) == (["企业"], ["企业", "科研机构"])
    assert list(table["kind"]) == sorted(table["kind"], key=["changed", "added", "dropped", "kept"].index)


def test_a_version_against_itself_is_all_kept() -> None:
    table = diff(OLD, OLD)
    assert set(table["kind"]) == {"kept"} and (table["score"] == 1).all()


def test_matching_is_one_to_one_and_best_first() -> None:
    records = [{"text": "加强数据安全管理", "sentence": "企业要加强数据安全管理。", "actor_names": ["企业"]},
               {"text": "加强数据安全保护", "sentence": "企业要加强数据安全保护。", "actor_names": ["企业"]}]
    olds = [Measure.of(r) for r in records]
    news = [Measure.of(records[1]), Measure.of(records[0])]  # the same two, the other way round
    assert sorted(match(olds, news)) == [(0, 1, 1.0), (1, 0, 1.0)]
    assert match(olds, news[:1]) == [(1, 0, 1.0)]  # the other finds no partner
    assert changes(olds[0], olds[0]) == []


def test_renumbered_articles_are_no_changed_quantity() -> None:
    old = Measure.of({"text": "建立管理制度", "sentence": "第12条 企业应当建立管理制度。", "actor_names": ["企业"]})
    new = Measure.of({"text": "建立管理制度", "sentence": "第15条 企业应当建立管理制度。", "actor_names": ["企业"]})
    assert changes(old, new) == []


def test_saved_builds_and_the_api(tmp_path: Path, table) -> None:
    import kg

    kg.build([OLD]).save(tmp_path / "old")
    assert diff_records(kg.load(tmp_path / "old").records, kg.build([NEW]).records).equals(table)
    assert kg.diff(tmp_path / "old", NEW).equals(table)


def _kg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, check=False)


def test_the_command_prints_a_table_json_and_a_page(tmp_path: Path, table) -> None:
    done = _kg("diff", str(OLD), str(NEW), "--no-cache")
    assert done.returncode == 0, done.stderr
    head = done.stdout.splitlines()[0]
    assert head == "changed 4 · added 1 · dropped 1 · kept 1 (changed: stance 1, actors 1, quantity 1, time 2, wording 2)"
    assert "不得向境外提供个人信息" in done.stdout and "建立数据安全管理制度" not in done.stdout  # kept: --all
    page = tmp_path / "diff.html"
    done = _kg("diff", str(OLD), str(NEW), "--no-cache", "--format", "json", "--all", "--html", str(page))
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["kind"] for r in rows] == list(table["kind"]) and len(rows) == 7
    text = page.read_text(encoding="utf-8")
    assert "<del>不得</del>" in text and "<ins>可以</ins>" in text and "<script" not in text
    assert "<del>7</del>" in text and "<ins>8</ins>" in text  # 70% -> 80%


def test_a_missing_side_is_a_clear_error(tmp_path: Path) -> None:
    done = _kg("diff", str(OLD), str(tmp_path / "nowhere.txt"), "--no-cache")
    assert done.returncode != 0 and "nowhere.txt does not exist" in done.stderr
    assert "Traceback" not in done.stderr
