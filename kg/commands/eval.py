"""``kg eval``: build from inputs and score the measures against a gold file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from kg.commands.options import add_cache_options, cache_dir, check_file

HELP = "build from INPUTs and score the measures against a gold file"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("gold", type=Path, help="gold .jsonl in the guideline's format")
    p.add_argument("inputs", nargs="*", type=Path, default=[Path("seeds")],
                   help="files (.txt .md .html .docx .pdf) or folders (default: seeds/)")
    p.add_argument("--rules", type=Path, action="append", default=[], help="a folder of extra rule files")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    p.add_argument("--per-file", action="store_true",
                   help="also score each gold file (one row per file, then overall; JSON key per_file)")
    p.add_argument("--genres", type=Path, default=None, metavar="FILE",
                   help="also score each genre: FILE is a markdown table with file and genre columns "
                        "(as in SOURCES.md) or file<TAB>genre lines (JSON key per_genre)")
    add_cache_options(p)


def run(args: argparse.Namespace) -> int:
    from kg.evaluate import read_genres, read_gold, score_per_file
    from kg.export.jsonl import measure_record
    from kg.normalise import ActorNormaliser
    from kg.pipeline import build, rules_for
    from kg.run.workers import default_workers

    # Both files are read before extraction: a bad path fails at once and costs nothing.
    gold = read_gold(check_file(args.gold, "gold file"))
    genres = read_genres(check_file(args.genres, "genres file")) if args.genres else None
    # The same workers and cache as kg build: scoring after a build re-extracts nothing, and
    # a rule edited between two runs re-extracts everything (the rules' digest is in the key).
    result = build(args.inputs, rules=rules_for(args.rules), workers=default_workers(),
                   cache_dir=cache_dir(args))
    normaliser = ActorNormaliser(result.rules)
    scores = score_per_file(gold, [measure_record(m, normaliser) for m in result.measures], genres)
    print(_render(scores, args))
    for path, reason in result.skipped:  # scored without them: said, and the status says so
        print(f"kg: skipped {path}: {reason}", file=sys.stderr)
    return 3 if result.skipped else 0


def _render(scores: dict[str, Any], args: argparse.Namespace) -> str:
    """The overall block as before (the README shows it), then the tables asked for."""
    import json

    from kg.evaluate import format_rows, format_table

    if args.json:
        out = dict(scores["overall"])
        if args.per_file:
            out["per_file"] = scores["per_file"]
        if "per_genre" in scores:
            out["per_genre"] = scores["per_genre"]
        return json.dumps(out, ensure_ascii=False)
    blocks = [format_table(scores["overall"])]
    if args.per_file:
        blocks.append(format_rows("file", scores["per_file"], scores["overall"]))
    if "per_genre" in scores:
        blocks.append(format_rows("genre", scores["per_genre"], scores["overall"]))
    return "\n\n".join(blocks)
