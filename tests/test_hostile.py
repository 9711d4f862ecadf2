"""Hostile text, arbitrary text, interrupted runs and hash seeds: outputs stay valid and whole."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kg.export.html import render_html
from kg.export.jsonl import json_line, measure_record
from kg.export.rdf import serialise
from kg.assemble import build_graph
from kg.ingest.paragraphs import _HALF_TO_FULL
from kg.model import SourceText
from kg.nlp import make_nlp
from kg.normalise import ActorNormaliser
from kg.pipeline import extract_source
from kg.rulebook import default_rulebook

from .conftest import ROOT, SEEDS
from .test_cli import OUTPUTS, run_kg

#: Markup, quotes, backslashes, control characters, zero-width and bidirectional marks, emoji
#: and astral-plane characters, inside sentences that do yield measures, actors and goals.
HOSTILE_TEXT = (
    "关于<script>alert('t')</script>的\"通知\"\n\n"
    "支持<img src=x onerror=\"alert(1)\">企业开展\"研发\\攻关\"，推动数据\u202e共享\u200b，促进😀𠀀发展。\n"
    "各地区要加强\x01监管\x7f工作，完成'任务'</script>，实现&amp;目标\u2028升级。\n"
    "政府部门应当落实{\"a\": 1}责任、\\u0000、${x}、`rm -rf`，\ufeff保障\U0001F680安全。\n"
)
RDF_FORMATS = {"graph.ttl": ox.RdfFormat.TURTLE, "graph.nt": ox.RdfFormat.N_TRIPLES,
               "graph.jsonld": ox.RdfFormat.JSON_LD, "graph.trig": ox.RdfFormat.TRIG}
RDFLIB_FORMATS = {"graph.ttl": "turtle", "graph.nt": "nt", "graph.jsonld": "json-ld", "graph.trig": "trig"}


_FOLD = str.maketrans(_HALF_TO_FULL)


def _squeeze(text: str) -> str:
    """Whitespace (and the BOM, which ingest strips at line ends like a space) removed, and
    ASCII punctuation folded to the full-width forms ingest gives it."""
    return re.sub(r"[\s\ufeff]+", "", text).translate(_FOLD)


@pytest.fixture(scope="module")
def hostile_out(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    source = folder / "<b>\"通知\" & 'notice'.txt"
    source.write_text(HOSTILE_TEXT, encoding="utf-8")
    out = folder / "out"
    done = run_kg("build", str(source), "--out", str(out), "--rdf-format", "nt,json-ld,trig")
    assert done.returncode == 0, done.stderr
    return source, out


def test_hostile_text_gives_valid_jsonl_with_true_offsets(hostile_out: tuple[Path, Path]) -> None:
    source, out = hostile_out
    text = source.read_text(encoding="utf-8")
    rows = [json.loads(line) for line in (out / "measures.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 4 and any(r["actors"] for r in rows) and any(r["goals"] for r in rows)
    for row in rows:
        assert _squeeze(text[row["start"]:row["end"]]) == _squeeze(row["text"])


@pytest.mark.parametrize("name", sorted(RDF_FORMATS))
def test_hostile_text_gives_rdf_that_two_parsers_read_alike(hostile_out: tuple[Path, Path], name: str) -> None:
    _, out = hostile_out
    data = (out / name).read_bytes()
    quads = list(ox.parse(data, format=RDF_FORMATS[name]))
    parsed = rdflib.Dataset().parse(data=data, format=RDFLIB_FORMATS[name])
    assert len(quads) == len(parsed) > 50
    labels = {q.object.value for q in quads if q.predicate.value.endswith("rdf-schema#label")}
    assert any("😀𠀀" in label for label in labels), "astral characters must survive, not be dropped"


def test_hostile_text_runs_nothing_in_the_page(hostile_out: tuple[Path, Path]) -> None:
    _, out = hostile_out
    html = (out / "graph.html").read_text(encoding="utf-8")
    for raw in ("<script>alert", "<img src=x", "onerror=\"alert", "</script>，"):
        assert raw not in html
    empty = render_html(nx.MultiDiGraph())
    assert html.count("<script") == empty.count("<script"), "no script tag but the page's own"
    assert html.count("<") - empty.count("<") < 5, "the text's markup is escaped inside the data"


# --------------------------------------------------------------------------- arbitrary text

_NLP = None


def _nlp():
    global _NLP
    if _NLP is None:
        _NLP = make_nlp(default_rulebook())
    return _NLP


_POLICY = "支持企业开展研究，推动高校加强合作。各地区要完善机制、提升能力；实现发展！第一条（一）一是■"
_TEXT = st.text(
    st.one_of(
        st.sampled_from(_POLICY),
        st.sampled_from("\n\r\t \u3000\u200b\u202e\ufeff\x00\x01\x7f<>&\"'\\{}$`😀𠀀\U0010fffd"),
        st.characters(codec="utf-8"),
    ),
    max_size=300,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXT)
@example(text="；\n\ufeff支")  # a BOM opening a line, dropped with the line break
@example(text="綸")  # traditional: read as 纶, quoted as 綸
def test_arbitrary_text_builds_with_true_offsets_and_parseable_rdf(text: str) -> None:
    rules = default_rulebook()
    source = SourceText(path="any.txt", name="any.txt", text=text, encoding="utf-8")
    result = extract_source(source, rules, _nlp())
    for sentence in result.sentences:
        # the file's own characters (raw) at the offsets; text is normalised (traditional
        # characters read as simplified: 綸 -> 纶), one for one
        assert _squeeze(text[sentence.start:sentence.end]) == _squeeze(sentence.raw)
        assert len(sentence.text) == len(sentence.raw)
    for m in result.measures:
        assert 0 <= m.start < m.end <= len(text)
        assert _squeeze(text[m.start:m.end]) == _squeeze(m.text)
        line = json_line(measure_record(m))
        assert len(line.splitlines()) == 1
        json.loads(line)
    graph = build_graph(result.articles, result.measures, ActorNormaliser(rules))
    nt = serialise(graph, "nt")
    assert len(list(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES))) == len(rdflib.Graph().parse(data=nt, format="nt"))


# --------------------------------------------------------------------------- runs and seeds

def test_outputs_are_byte_identical_across_hash_seeds(tmp_path: Path) -> None:
    outs = []
    for seed in ("0", "1", "random"):
        out = tmp_path / f"seed-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-m", "kg", "build", str(SEEDS), "--out", str(out),
                               "--rdf-format", "nt,json-ld,trig"],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)
        assert done.returncode == 0, done.stderr
        outs.append(out)
    names = sorted(p.name for p in outs[0].iterdir())
    assert len(names) == len(OUTPUTS) + 3
    for out in outs[1:]:
        assert sorted(p.name for p in out.iterdir()) == names
        for name in names:
            assert (out / name).read_bytes() == (outs[0] / name).read_bytes(), name


def test_a_killed_build_leaves_the_previous_outputs_whole(tmp_path: Path) -> None:
    """Kill ``kg build`` at moments spread over a run: every file is the old one or a whole new one."""
    small = tmp_path / "small"
    small.mkdir()
    (small / "plan.txt").write_text("加强政策引导。完善体制机制。\n", encoding="utf-8")
    big = tmp_path / "big"
    big.mkdir()
    for path in SEEDS.glob("*.txt"):
        (big / path.name).write_bytes(path.read_bytes())
    out = tmp_path / "out"
    assert run_kg("build", str(small), "--out", str(out)).returncode == 0
    old = {name: (out / name).read_bytes() for name in OUTPUTS}
    reference = tmp_path / "reference"
    started = time.monotonic()
    assert run_kg("build", str(big), "--out", str(reference)).returncode == 0
    full_run = time.monotonic() - started
    new = {name: (reference / name).read_bytes() for name in OUTPUTS}

    for fraction in (0.3, 0.6, 0.8, 0.9, 0.95):
        proc = subprocess.Popen([sys.executable, "-m", "kg", "build", str(big), "--out", str(out)],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(full_run * fraction)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        for name in OUTPUTS:
            assert (out / name).read_bytes() in (old[name], new[name]), f"{name} half-written at {fraction}"
        assert not [p for p in out.iterdir() if p.name not in OUTPUTS and not p.name.endswith(".tmp")]


def test_a_build_killed_in_the_middle_of_a_write_leaves_each_output_whole(tmp_path: Path) -> None:
    """Kill ``kg build`` at the moment a temporary output file exists, that is while one is
    being written: the kill provably interrupts a write, and every output stays the old file
    or the whole new one."""
    big = tmp_path / "big"
    big.mkdir()
    for path in SEEDS.glob("*.txt"):
        (big / path.name).write_bytes(path.read_bytes())
    out = tmp_path / "out"
    small = tmp_path / "small"
    small.mkdir()
    (small / "plan.txt").write_text("加强政策引导。完善体制机制。\n", encoding="utf-8")
    assert run_kg("build", str(small), "--out", str(out)).returncode == 0
    old = {name: (out / name).read_bytes() for name in OUTPUTS}
    reference = tmp_path / "reference"
    assert run_kg("build", str(big), "--out", str(reference)).returncode == 0
    new = {name: (reference / name).read_bytes() for name in OUTPUTS}

    caught: list[str] = []
    for _ in range(5):  # a write lasts milliseconds: a few tries catch one
        proc = subprocess.Popen([sys.executable, "-m", "kg", "build", str(big), "--out", str(out), "--no-cache"],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while proc.poll() is None and not caught:
            caught = [entry.name for entry in os.scandir(out) if entry.name.endswith(".tmp")]
        if caught:
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        for name in OUTPUTS:
            assert (out / name).read_bytes() in (old[name], new[name]), f"{name} half-written"
        if caught:
            break
        for name in OUTPUTS:  # the run finished before a write was seen: start again from the old files
            (out / name).write_bytes(old[name])
    assert caught, "no run was caught in the middle of writing an output"
