"""``kg diff OLD NEW``: what a new version of a document (or a set of documents) changed.

Each side is a file, a folder, or a saved build (a folder with ``measures.jsonl``); files and
folders are built first, with the cache ``kg build`` uses. The measures are matched one to
one (:mod:`kg.compare.diff`) and printed as a table of what changed, was added or dropped
(``--all`` lists the kept too), as JSON or CSV, or written side by side as a page (``--html``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kg.commands.options import add_cache_options, cache_dir, fraction

HELP = "compare the measures of two versions: kept, changed (stance, actors, quantity, time), added, dropped"
FORMATS = ("table", "json", "csv")


def add_arguments(p: argparse.ArgumentParser) -> None:
    from kg.compare import DEFAULT_THRESHOLD

    p.add_argument("old", type=Path, metavar="OLD", help="the old version: a file, a folder or a saved build")
    p.add_argument("new", type=Path, metavar="NEW", help="the new version: a file, a folder or a saved build")
    p.add_argument("--format", choices=FORMATS, default="table", metavar="table|json|csv",
                   help="table (default: the changed, added and dropped), JSON lines, or CSV")
    p.add_argument("--all", action="store_true", help="list the kept measures too")
    p.add_argument("--html", type=Path, metavar="FILE", help="also write the two versions side by side to FILE")
    p.add_argument("--threshold", type=fraction(zero=False), default=DEFAULT_THRESHOLD, metavar="SCORE",
                   help=f"how alike two measures must be to match, 0 to 1 (default {DEFAULT_THRESHOLD})")
    p.add_argument("--max-width", type=int, default=40, metavar="N", help="cut table cells at N columns (default 40)")
    add_cache_options(p)


def run(args: argparse.Namespace) -> int:
    from kg.commands.show import _result
    from kg.compare.diff import diff, summary
    from kg.rdf import format_result

    table = diff(args.old, args.new, threshold=args.threshold, cache_dir=cache_dir(args))
    shown = table if args.all else table[table["kind"] != "kept"]
    if args.html:
        from kg.compare.page import write

        write(table, args.html, str(args.old), str(args.new))
        print(f"kg: wrote {args.html}", file=sys.stderr)
    if args.format == "json":
        for row in shown.astype(object).where(shown.notna(), None).to_dict("records"):
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return 0
    columns = ["kind", "changes", "old_text", "new_text", "old_stance", "new_stance", "old_actors", "new_actors"]
    rows = [[_cell(v) for v in row] for row in shown[columns].itertuples(index=False)]
    if args.format == "table":
        print(summary(table))
    text = format_result(_result(columns, rows), args.format, max_width=args.max_width)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def _cell(value: object) -> str:
    if isinstance(value, list):
        return "、".join(map(str, value))
    return "" if value is None or value != value else str(value)  # NaN and NA are not equal to themselves
