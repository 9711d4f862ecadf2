"""No silent loss: every sentence of a text is read, whether or not it ends with a final mark,
and a file in which no sentence is found is said to be skipped, never built as nothing.

Before, a text whose lines all looked like titles (short, no ``。``) was taken for titles with
no article under them and dropped whole: ``鼓励企业加大研发投入`` in a file gave 0 sentences,
0 measures and status 0.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kg
from kg.commands.build import summary_line
from kg.model import SourceText
from kg.extract.document import extract_source
from kg.nlp import make_nlp
from kg.pipeline import NO_SENTENCES, build, extract_text
from kg.rulebook import default_rulebook

from .conftest import ROOT
from .test_cli import run_kg

ONE_LINE = "鼓励企业加大研发投入"


def _sentences(text: str) -> list[str]:
    source = SourceText(path="t.txt", name="t.txt", text=text, encoding="str")
    rules = default_rulebook()
    return [s.text for s in extract_source(source, rules, make_nlp(rules)).sentences]


class TestTheLastSentenceIsKept:
    @pytest.mark.parametrize("text", [ONE_LINE, ONE_LINE + "\n", ONE_LINE + "。", "  " + ONE_LINE + "  \n\n"])
    def test_one_line_with_or_without_a_final_mark(self, text: str) -> None:
        result = extract_text(text)
        [sentence] = result.sentences
        assert sentence.text.rstrip("。") == ONE_LINE
        assert text[sentence.start:sentence.end].rstrip("。") == ONE_LINE
        assert not sentence.heading and sentence.section is None, "the only sentence heads nothing"
        [measure] = result.measures
        assert measure.text == "加大研发投入"
        assert text[measure.start:measure.end] == "加大研发投入"

    @pytest.mark.parametrize("text, expected", [
        ("加强政策引导。支持高校开展研究", ["加强政策引导。", "支持高校开展研究"]),
        ("加强政策引导。\n\n支持高校开展研究", ["加强政策引导。", "支持高校开展研究"]),
        ("加强政策引导，完善支持机制\n支持高校开展研究", ["加强政策引导，完善支持机制支持高校开展研究"]),
        ("标题\n" + ONE_LINE, [ONE_LINE]),  # the first of two title-like lines is the title
        ("总标题\n分标题\n" + ONE_LINE, ["分标题", ONE_LINE]),
    ])
    def test_every_sentence_of_the_text_is_read(self, text: str, expected: list[str]) -> None:
        assert _sentences(text) == expected

    def test_the_title_is_not_lost_either(self) -> None:
        [article] = extract_text("标题\n" + ONE_LINE).articles
        assert article.title == "标题"

    def test_kg_build_of_the_text_itself(self) -> None:
        built = kg.build(ONE_LINE)
        assert built.measures["text"].tolist() == ["加大研发投入"]
        assert built.measures["actor_names"].tolist() == [["企业"]]
        assert built.skipped == ()


def test_a_one_line_file_without_a_final_mark_is_built(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ONE_LINE + "\n", encoding="utf-8")
    done = run_kg("build", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"), "--no-cache")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("1 file, 1 article, 1 sentence -> 1 measure, 1 actor, 0 goals in ")
    [row] = [json.loads(line) for line in (tmp_path / "out" / "measures.jsonl").read_text("utf-8").splitlines()]
    assert (row["sentence"], row["text"], row["actors"], row["heading"]) == (ONE_LINE, "加大研发投入", ["企业"], False)
    assert ONE_LINE[row["start"]:row["end"]] == "加大研发投入"


# --------------------------------------------------------------------------- nothing to read

NO_SENTENCE_TEXTS = {
    "byline.txt": "■王峥\n",
    "note.txt": "（作者系某大学教授）\n",
    "bylines.txt": "■王峥\n\n■李明\n",
}


@pytest.mark.parametrize("name", sorted(NO_SENTENCE_TEXTS))
def test_a_file_with_no_sentence_is_skipped_not_built_as_nothing(name: str, tmp_path: Path) -> None:
    bad = tmp_path / name
    bad.write_text(NO_SENTENCE_TEXTS[name], encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(ONE_LINE + "。\n", encoding="utf-8")
    result = build([good, bad])
    assert [d.source.name for d in result.documents] == ["good.txt"]
    assert result.skipped == ((str(bad), NO_SENTENCES),)
    assert result.summary()["skipped"] == 1


def test_no_sentences_on_the_command_line(tmp_path: Path) -> None:
    bad = tmp_path / "a.txt"
    bad.write_text("■王峥\n", encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(ONE_LINE + "。\n", encoding="utf-8")
    out = tmp_path / "out"

    partial = run_kg("build", str(good), str(bad), "--out", str(out), "--no-cache")
    assert partial.returncode == 3, partial.stderr
    assert f"kg: skipped {bad}: no sentences" in partial.stderr
    assert partial.stdout.startswith("1 file (1 skipped), 1 article, 1 sentence -> 1 measure")
    assert (out / "measures.jsonl").exists()

    alone = run_kg("build", str(bad), "--out", str(tmp_path / "out2"), "--no-cache")
    assert alone.returncode == 2
    assert f"kg: error: no usable input ({bad}: no sentences)" in alone.stderr
    assert not (tmp_path / "out2").exists()

    strict = run_kg("build", str(good), str(bad), "--out", str(tmp_path / "out3"), "--strict", "--no-cache")
    assert strict.returncode == 2 and f"kg: error: {bad}: no sentences" in strict.stderr


def test_no_sentences_is_skipped_from_the_cache_too(tmp_path: Path) -> None:
    """A cached result of such a file is skipped as the fresh one is."""
    bad = tmp_path / "a.txt"
    bad.write_text("■王峥\n", encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(ONE_LINE + "。\n", encoding="utf-8")
    for _ in range(2):
        result = build([good, bad], cache_dir=tmp_path / "cache")
        assert result.skipped == ((str(bad), NO_SENTENCES),)


# --------------------------------------------------------------------------- the summary


@pytest.mark.parametrize("counts, expected", [
    ({"files": 1, "skipped": 0, "articles": 1, "sentences": 1, "measures": 1, "actors": 1, "goals": 1},
     "1 file, 1 article, 1 sentence -> 1 measure, 1 actor, 1 goal in 0.5 s"),
    ({"files": 2, "skipped": 1, "articles": 5, "sentences": 260, "measures": 484, "actors": 36, "goals": 70},
     "2 files (1 skipped), 5 articles, 260 sentences -> 484 measures, 36 actors, 70 goals in 0.5 s"),
    ({"files": 1, "skipped": 0, "articles": 1, "sentences": 1, "measures": 0, "actors": 0, "goals": 0},
     "1 file, 1 article, 1 sentence -> 0 measures, 0 actors, 0 goals in 0.5 s"),
])
def test_the_summary_says_one_in_the_singular(counts: dict[str, int], expected: str) -> None:
    assert summary_line({**counts, "seconds": 0.5}) == expected


# --------------------------------------------------------------------------- the seeds


def test_the_seeds_give_the_same_measures(seed_out: Path) -> None:
    """Reading unterminated last sentences changes nothing in the seeds: every line of theirs
    already ends with a final mark or heads text."""
    assert (seed_out / "measures.jsonl").read_bytes() == (ROOT / "output" / "measures.jsonl").read_bytes()
