"""The ``kg`` command: a thin layer over ``kg.pipeline`` (heavy imports happen per command)."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from kg import __version__
from kg.errors import KGError

log = logging.getLogger("kg")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kg", description="Chinese policy texts -> a knowledge graph of policy measures.")
    parser.add_argument("--version", action="version", version=f"policykg {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log each file's progress")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="extract measures from .txt files and write the graph")
    b.add_argument("inputs", nargs="*", type=Path, default=[Path("seeds")],
                   help=".txt files or folders, searched recursively (default: seeds/)")
    b.add_argument("--out", type=Path, default=Path("output"), help="output folder (default: output/)")
    b.add_argument("--rules", type=Path, action="append", default=[],
                   help="a folder of extra rule files, in the format of kg/rules (repeatable)")
    b.add_argument("--base-iri", default=None, help="base IRI of the RDF data")
    b.add_argument("--strict", action="store_true", help="stop at the first bad input file")
    e = sub.add_parser("eval", help="build from INPUTs and score the measures against a gold file")
    e.add_argument("gold", type=Path, help="gold .jsonl in the guideline's format")
    e.add_argument("inputs", nargs="*", type=Path, default=[Path("seeds")],
                   help=".txt files or folders (default: seeds/)")
    e.add_argument("--rules", type=Path, action="append", default=[], help="a folder of extra rule files")
    e.add_argument("--json", action="store_true", help="print the scores as JSON")
    return parser


def cmd_eval(args: argparse.Namespace) -> int:
    import json

    from kg.evaluate import format_table, read_jsonl, score
    from kg.export.jsonl import measure_record
    from kg.normalise import ActorNormaliser
    from kg.pipeline import build, rules_for

    gold = read_jsonl(args.gold)
    result = build(args.inputs, rules=rules_for(args.rules))
    normaliser = ActorNormaliser(result.rules)
    scores = score(gold, [measure_record(m, normaliser) for m in result.measures])
    print(json.dumps(scores) if args.json else format_table(scores))
    return 0


def cmd_build(args: argparse.Namespace) -> int:
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


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        return {"build": cmd_build, "eval": cmd_eval}[args.command](args)
    except KGError as err:
        print(f"kg: error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
