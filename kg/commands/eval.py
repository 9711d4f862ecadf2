"""``kg eval``: build from inputs and score the measures against a gold file."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.commands.options import add_cache_options, cache_dir

HELP = "build from INPUTs and score the measures against a gold file"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("gold", type=Path, help="gold .jsonl in the guideline's format")
    p.add_argument("inputs", nargs="*", type=Path, default=[Path("seeds")],
                   help=".txt files or folders (default: seeds/)")
    p.add_argument("--rules", type=Path, action="append", default=[], help="a folder of extra rule files")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    add_cache_options(p)


def run(args: argparse.Namespace) -> int:
    import json

    from kg.evaluate import format_table, read_jsonl, score
    from kg.export.jsonl import measure_record
    from kg.normalise import ActorNormaliser
    from kg.pipeline import build, rules_for
    from kg.workers import default_workers

    gold = read_jsonl(args.gold)
    # The same workers and cache as kg build: scoring after a build re-extracts nothing, and
    # a rule edited between two runs re-extracts everything (the rules' digest is in the key).
    result = build(args.inputs, rules=rules_for(args.rules), workers=default_workers(),
                   cache_dir=cache_dir(args))
    normaliser = ActorNormaliser(result.rules)
    scores = score(gold, [measure_record(m, normaliser) for m in result.measures])
    print(json.dumps(scores) if args.json else format_table(scores))
    return 0
