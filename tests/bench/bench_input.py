"""Benchmark: ``kg build`` on large and degenerate inputs; prints wall time and peak memory.

    python tests/bench/bench_input.py [--mb 50] [--line-mb 5] [--keep DIR]

Inputs, generated from the seeds:
- a large file: the seeds' paragraphs, repeated with a serial number each so that layout
  de-duplication keeps them, up to ``--mb`` MB;
- a single line of ``--line-mb`` MB with no punctuation (the seeds' Chinese characters only);
- a single line of the same size of random Chinese characters (jieba's worst case: every
  character unknown).

Each build runs in its own process; peak memory is that process's maximum resident set
(``os.wait4``). Figures, not assertions: a slow machine must not fail the tests.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"


def _seed_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))


def large_file(path: Path, megabytes: float) -> None:
    paragraphs = [p.strip() for p in _seed_text().splitlines() if len(p.strip()) > 20]
    target = int(megabytes * 1024 * 1024)
    size, copy = 0, 0
    with path.open("w", encoding="utf-8") as f:
        while size < target:
            copy += 1
            for para in paragraphs:
                # every sentence made unique, so that layout de-duplication keeps it
                line = para.replace("。", f"（{copy}）。") + "\n"
                f.write(line)
                size += len(line.encode("utf-8"))
                if size >= target:
                    break


def bare_line(path: Path, megabytes: float, *, shuffled: bool) -> None:
    chars = re.sub(r"[^\u4e00-\u9fff]", "", _seed_text())
    count = int(megabytes * 1024 * 1024) // 3
    if shuffled:
        rng = random.Random(7)
        alphabet = sorted(set(chars))
        text = "".join(rng.choice(alphabet) for _ in range(count))
    else:
        text = (chars * (count // len(chars) + 1))[:count]
    path.write_text(text, encoding="utf-8")


def run_build(source: Path, out: Path) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB, summary line) of ``kg build source --out out``."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "kg", "build", str(source), "--out", str(out)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    stdout, stderr = proc.stdout.read(), proc.stderr.read()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"kg build {source.name} failed:\n{stderr}")
    return seconds, usage.ru_maxrss / 1024, stdout.splitlines()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=50.0, help="size of the large file (default 50)")
    parser.add_argument("--line-mb", type=float, default=5.0, help="size of the single lines (default 5)")
    parser.add_argument("--keep", type=Path, help="generate the inputs here and keep them")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="policykg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    cases = [
        (f"{args.line_mb:g} MB line, no punctuation", work / "line.txt",
         lambda p: bare_line(p, args.line_mb, shuffled=False)),
        (f"{args.line_mb:g} MB line, random characters", work / "random.txt",
         lambda p: bare_line(p, args.line_mb, shuffled=True)),
        (f"{args.mb:g} MB file of paragraphs", work / "large.txt", lambda p: large_file(p, args.mb)),
    ]
    print(f"{'input':<36} {'chars':>11} {'seconds':>8} {'chars/s':>9} {'peak MB':>8}  summary")
    for name, path, make in cases:
        if not path.exists():
            make(path)
        chars = len(path.read_text(encoding="utf-8"))
        seconds, peak, summary = run_build(path, work / f"out-{path.stem}")
        print(f"{name:<36} {chars:>11,} {seconds:>8.1f} {chars / seconds:>9,.0f} {peak:>8.0f}  {summary}",
              flush=True)


if __name__ == "__main__":
    main()
