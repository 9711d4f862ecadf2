"""Benchmark the cross-document links (kg.assemble.echoes): time and memory against size.

Not a pytest test: run it by hand on a build of a real corpus, from the repository root:

    kg build policy-corpus/ --out /tmp/corpus-build
    python tests/bench/bench_echoes.py /tmp/corpus-build

It links 1 %, 10 % and all of the build's measures (every 100th, every 10th, all; each
measure's id, file and text from ``measures.jsonl``) and prints the seconds, the peak of the
memory the linking allocates (tracemalloc, in a second run), the links found, and how time grows against the
number of measures: below quadratic means the candidates come from the hash buckets, not from
every pair.
"""

from __future__ import annotations

import json
import pathlib
import sys
import time
import tracemalloc

ROOT = pathlib.Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kg.assemble.echoes import DEFAULT_LINK_THRESHOLD, echoes  # noqa: E402


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    records = [json.loads(line) for line in (pathlib.Path(argv[0]) / "measures.jsonl").open(encoding="utf-8")]
    measures = [(f"{r['source']}:{r['start']}-{r['end']}", r["source"], r["text"]) for r in records]
    print(f"{'share':>6} {'measures':>9} {'links':>7} {'seconds':>8} {'peak MB':>8}")
    previous = None
    for step, share in ((100, "1%"), (10, "10%"), (1, "all")):
        sample = measures[::step]
        started = time.perf_counter()
        links = echoes(sample, DEFAULT_LINK_THRESHOLD)
        seconds = time.perf_counter() - started
        tracemalloc.start()  # a second run for the memory: tracing slows it four times
        echoes(sample, DEFAULT_LINK_THRESHOLD)
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        print(f"{share:>6} {len(sample):>9,} {len(links):>7,} {seconds:>8.2f} {peak:>8.0f}")
        if previous:
            n0, t0 = previous
            print(f"{'':>6} measures x{len(sample) / n0:.1f}, time x{seconds / t0:.1f} (quadratic would be x{(len(sample) / n0) ** 2:.0f})")
        previous = (len(sample), seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
