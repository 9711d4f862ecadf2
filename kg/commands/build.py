"""``kg build``: extract measures from .txt files and write the graph."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "extract measures from .txt files and write the graph"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="*", type=Path, default=[Path("seeds")],
                   help=".txt files or folders, searched recursively (default: seeds/)")
    p.add_argument("--out", type=Path, default=Path("output"), help="output folder (default: output/)")
    p.add_argument("--rules", type=Path, action="append", default=[],
                   help="a folder of extra rule files, in the format of kg/rules (repeatable)")
    p.add_argument("--base-iri", default=None, help="base IRI of the RDF data")
    p.add_argument("--strict", action="store_true", help="stop at the first bad input file")


def run(args: argparse.Namespace) -> int:
    from kg.pipeline import build, rules_for, write_outputs

    result = build(args.inputs, rules=rules_for(args.rules), strict=args.strict)
    paths = write_outputs(result, args.out, base_iri=args.base_iri)
    s = result.summary()
    print(f"{s['files']} files, {s['articles']} articles, {s['sentences']} sentences -> "
          f"{s['measures']} measures, {s['actors']} actors, {s['goals']} goals in {s['seconds']:.1f} s")
    for path in paths:
        print(f"  wrote {path}")
    for path, reason in result.skipped:
        print(f"  skipped {path}: {reason}", file=sys.stderr)
    return 3 if result.skipped else 0
