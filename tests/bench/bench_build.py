"""Benchmark: build throughput against the segmenter's, workers, cold start, memory, linearity.

    python tests/bench/bench_build.py [--sizes 1 10 100] [--keep DIR]
    python tests/bench/bench_build.py --corpus DIR      # a folder of real texts instead

``--corpus`` measures one real folder (``policy-corpus`` unpacked, say) as it is: the
segmenter over its files, then ``kg build --no-cache`` with one and two workers, with the same
columns and ratios; real text of many genres tells more than copies of the seeds.

For each size N a corpus of N varied copies of each seed is written, one file per copy, and
measured in the same run:
- ``jieba.posseg`` alone over the same texts in this process (the floor any extractor that
  reads parts of speech pays), and ``rjieba`` (the segmenter policykg runs by default);
- ``kg build --no-cache`` with ``--workers 1`` and ``--workers 2``: wall time including the
  process start, characters per second, the ratio to ``jieba.posseg``, and peak memory (the
  child's maximum resident set, from ``os.wait4``);
- the RDF (Turtle) and HTML exports of the graph alone, in this process;
- a rebuild with the cache after touching one file (``kg build`` with its cache);
- how each of these times grows from one size to the next, against the input's growth.
Then the cold start: ``kg build seeds/`` against ``python -c "import spacy, jieba"`` plus
loading jieba's dictionary. Figures, not assertions: a slow machine must not fail the tests.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
_DIGITS = str.maketrans("0123456789", "一二三四五六七八九十")


def make_corpus(folder: Path, copies: int) -> int:
    """``copies`` varied copies of each seed, one file each; returns the number of characters.

    Copy k numbers each sentence "（k）" and renders digits as Chinese numerals on odd copies,
    so copies are not byte-identical and no cache or de-duplication can skip one.
    """
    folder.mkdir(parents=True, exist_ok=True)
    chars = 0
    seeds = sorted(SEEDS.glob("*.txt"))
    for k in range(copies):
        for seed in seeds:
            text = seed.read_text(encoding="utf-8")
            if k:
                text = text.replace("。", f"（{k}）。")
                text = text.translate(_DIGITS) if k % 2 else text
            (folder / f"{seed.stem}-{k:04d}.txt").write_text(text, encoding="utf-8")
            chars += len(text)
    return chars


def texts_of(folder: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]


def segmenter_speed(texts: list[str]) -> tuple[float, float]:
    """Characters per second of jieba.posseg and of rjieba's tagger, line by line."""
    import jieba
    import jieba.posseg
    import rjieba

    jieba.setLogLevel(60)
    jieba.initialize()
    lines = [line for text in texts for line in text.splitlines() if line.strip()]
    chars = sum(map(len, lines))
    started = time.perf_counter()
    for line in lines:
        list(jieba.posseg.cut(line))
    posseg = chars / (time.perf_counter() - started)
    tagger = rjieba.Jieba()
    started = time.perf_counter()
    for line in lines:
        tagger.tag(line, False)
    return posseg, chars / (time.perf_counter() - started)


_STAGE = re.compile(r"in ([0-9.]+) s$", re.MULTILINE)


def run(*args: str) -> tuple[float, float, float]:
    """(wall seconds, peak RSS MB, extraction seconds from kg's summary or 0) of one command."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(args, cwd=ROOT, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{stderr}")
    stage = _STAGE.search(stdout)
    return seconds, usage.ru_maxrss / 1024, float(stage.group(1)) if stage else 0.0


def kg(*args: str) -> tuple[float, float, float]:
    return run(sys.executable, "-m", "kg", *args)


def export_seconds(folder: Path) -> tuple[int, float, float]:
    """(nodes, Turtle seconds, HTML seconds) of the graph built from ``folder``."""
    from kg.export.html import render_html
    from kg.export.rdf import serialise
    from kg.pipeline import build

    from kg.run.heap import collector_paused

    graph = build([folder]).graph
    with collector_paused():  # as kg build writes: the collector need not walk the graph
        started = time.perf_counter()
        serialise(graph, "turtle")
        turtle = time.perf_counter() - started
        started = time.perf_counter()
        render_html(graph)
        return graph.number_of_nodes(), turtle, time.perf_counter() - started


def _ratio(small: dict[str, float], large: dict[str, float], key: str) -> str:
    return f"{large[key] / small[key]:.1f}x" if small[key] else "-"


def print_growth(rows: list[dict[str, float]]) -> None:
    """How each time grows between consecutive sizes, against how the input grows: linear
    growth keeps each ratio at or below the input's (fixed start-up costs keep it below)."""
    for small, large in pairwise(rows):
        times = {key: _ratio(small, large, key) for key in ("chars", "w1", "w2", "x1", "x2", "nodes", "ttl", "html")}
        print(f"growth {small['size']}x -> {large['size']}x: characters {times['chars']}, "
              f"w1 {times['w1']}, w2 {times['w2']}, stage x1 {times['x1']}, x2 {times['x2']}; "
              f"graph nodes {times['nodes']}, Turtle {times['ttl']}, "
              f"HTML {times['html']} (above 3,000 nodes the page is an overview and an index of every measure)")


def corpus_figures(folder: Path, work: Path) -> None:
    """Throughput of ``kg build --no-cache`` on a folder of real texts, against jieba.posseg."""
    paths = sorted(folder.rglob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    chars = sum(map(len, texts))
    posseg, rj = segmenter_speed(texts)
    print(f"{folder}: {len(paths)} files, {chars:,} characters; posseg {posseg:,.0f} c/s, rjieba {rj:,.0f} c/s")
    for workers in ("1", "2"):
        wall, peak, stage = kg("build", str(folder), "--out", str(work / f"out-corpus-w{workers}"),
                               "--no-cache", "--workers", workers)
        print(f"  --workers {workers}: {wall:.1f} s ({chars / wall:,.0f} c/s, {chars / wall / posseg:.2f}x posseg), "
              f"stage {stage:.1f} s ({chars / stage / posseg:.2f}x posseg), peak {peak:.0f} MB", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--keep", type=Path, help="write the corpora here and keep them")
    parser.add_argument("--corpus", type=Path, help="measure this folder of real texts instead")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="policykg-bench-"))
    cache = work / "cache"
    os.environ["POLICYKG_CACHE"] = str(cache)
    if args.corpus:
        corpus_figures(args.corpus, work)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        return

    floor, _, _ = run(sys.executable, "-c", "import spacy, jieba; jieba.setLogLevel(60); jieba.initialize()")
    cold, cold_peak, _ = kg("build", str(SEEDS), "--out", str(work / "out-seeds"), "--no-cache")
    help_s, _, _ = kg("--help")
    print(f"cold start: kg build seeds/ {cold:.2f} s (peak {cold_peak:.0f} MB); "
          f"import spacy, jieba + dictionary {floor:.2f} s; ratio {cold / floor:.2f}; kg --help {help_s:.2f} s")
    print()
    print(f"{'size':>5} {'files':>6} {'chars':>10} {'posseg c/s':>11} {'rjieba c/s':>11} "
          f"{'w1 s':>7} {'w1 c/s':>9} {'w1/posseg':>9} {'w1 MB':>6} "
          f"{'w2 s':>7} {'w2 c/s':>9} {'w2/posseg':>9} {'w2 MB':>6} "
          f"{'nodes':>7} {'ttl s':>6} {'html s':>6} {'touch1 s':>8} {'x1 c/s':>9} {'x1/posseg':>9} "
          f"{'x2 c/s':>9} {'x2/posseg':>9}")
    rows: list[dict[str, float]] = []
    for size in args.sizes:
        corpus = work / f"corpus-{size}"
        if corpus.exists():
            shutil.rmtree(corpus)
        chars = make_corpus(corpus, size)
        texts = texts_of(corpus)
        posseg, rj = segmenter_speed(texts)
        w1, w1_peak, x1 = kg("build", str(corpus), "--out", str(work / f"out-{size}-w1"), "--no-cache", "--workers", "1")
        w2, w2_peak, x2 = kg("build", str(corpus), "--out", str(work / f"out-{size}-w2"), "--no-cache", "--workers", "2")
        same = all((work / f"out-{size}-w1" / n).read_bytes() == (work / f"out-{size}-w2" / n).read_bytes()
                   for n in ("measures.jsonl", "graph.ttl", "graph.html"))
        nodes, ttl, html = export_seconds(corpus)
        kg("build", str(corpus), "--out", str(work / f"out-{size}-c"))  # fill the cache
        first = min(corpus.glob("*.txt"))
        first.write_text(first.read_text(encoding="utf-8") + "\n加强统筹协调。\n", encoding="utf-8")
        touched, _, _ = kg("build", str(corpus), "--out", str(work / f"out-{size}-c"))
        print(f"{size:>4}x {len(texts):>6} {chars:>10,} {posseg:>11,.0f} {rj:>11,.0f} "
              f"{w1:>7.1f} {chars / w1:>9,.0f} {chars / w1 / posseg:>9.2f} {w1_peak:>6.0f} "
              f"{w2:>7.1f} {chars / w2:>9,.0f} {chars / w2 / posseg:>9.2f} {w2_peak:>6.0f} "
              f"{nodes:>7,} {ttl:>6.2f} {html:>6.2f} {touched:>8.1f} "
              f"{chars / x1:>9,.0f} {chars / x1 / posseg:>9.2f} {chars / x2:>9,.0f} {chars / x2 / posseg:>9.2f}"
              + ("" if same else "  OUTPUTS DIFFER between 1 and 2 workers!"), flush=True)
        rows.append({"size": size, "chars": chars, "w1": w1, "w2": w2, "x1": x1, "x2": x2,
                     "nodes": nodes, "ttl": ttl, "html": html})
    print_growth(rows)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    print("\nw1/w2: the whole `kg build --workers 1/2` command (start-up and writing included); "
          "x1/x2: its extraction and assembly stage alone (the summary's seconds); "
          "touch1: rebuild with the cache after changing one file")


if __name__ == "__main__":
    main()
