"""``kg view``: write and open an interactive page of one actor's or one article's neighbourhood.

The whole graph of a large corpus is too much to read; an analyst asking "what is 工信部 asked
to do?" wants that actor, its measures and what hangs off them. The graph is rebuilt from the
inputs (a build takes seconds and needs no saved state), cut down, and written as the same
offline page ``kg build`` writes, with the centre selected and its evidence in the side panel.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from kg.commands.options import add_cache_options, cache_dir, counted, whole_number
from kg.errors import OutputError

log = logging.getLogger(__name__)

HELP = "write and open an interactive HTML view of one actor or article and its neighbourhood"



#: argparse type of a node limit for the HTML page: a whole number, 0 meaning no limit.
node_limit = whole_number(0, "0 (no limit)")
_depth = whole_number(1)


def resolve_node_limit(value: int | None) -> int | None:
    """The ``max_nodes`` for ``write_html`` from an option: unset -> the default, 0 -> no limit.

    The rule lives in kg.export.html, which the parser must not import (numpy, jinja2).
    """
    from kg.export.html import node_cap

    return node_cap(value)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="*", type=Path, default=[Path("seeds")],
                   help="files (.txt .md .html .docx .pdf) or folders, searched recursively (default: seeds/)")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--actor", metavar="NAME",
                       help="the actor NAME (an alias such as 工信部 works) and what lies within --depth links")
    which.add_argument("--article", metavar="TITLE",
                       help="every article whose title contains TITLE, with its sections and measures "
                            "and what lies within --depth - 1 links of those measures")
    p.add_argument("--depth", type=_depth, default=2, help="how far the neighbourhood reaches (default: 2)")
    p.add_argument("--out", type=Path, default=Path("output") / "view.html",
                   help="the page to write (default: output/view.html)")
    p.add_argument("--rules", type=Path, action="append", default=[],
                   help="a folder of extra rule files, in the format of kg/rules (repeatable)")
    p.add_argument("--max-nodes", type=node_limit, default=None, metavar="N",
                   help="above N nodes the page opens on an overview, 0 for no limit (default: as kg build)")
    p.add_argument("--no-open", action="store_true", help="write the page but do not open a browser")
    add_cache_options(p)


def run(args: argparse.Namespace) -> int:
    import webbrowser

    from kg.export.html import write_html
    from kg.normalise import ActorNormaliser
    from kg.assemble.views import actor_view, article_view
    from kg.pipeline import build, check_out, rules_for
    from kg.run.workers import default_workers

    out = Path(args.out)
    # Before any work: a page that cannot be written costs no build.
    if out.is_dir():
        raise OutputError(f"--out is a folder, not a file: {out} (name the page: {out / 'view.html'})")
    if out.parent.exists() and not out.parent.is_dir():
        raise OutputError(f"cannot write {out}: {out.parent} is a file, not a folder")
    check_out(out.parent)
    rules = rules_for(args.rules)
    result = build(args.inputs, rules=rules, workers=default_workers(), cache_dir=cache_dir(args))
    graph = result.graph
    if args.actor:
        centres, view = actor_view(graph, args.actor, ActorNormaliser(rules), args.depth)
        about = graph.nodes[centres[0]]["label"]
    elif args.article:
        centres, view = article_view(graph, args.article, args.depth)
        about = "、".join(f"《{graph.nodes[a]['label']}》" for a in centres)
    else:
        centres, view, about = [], graph, "all"
    write_html(view, args.out, title=f"policykg · {about}", max_nodes=resolve_node_limit(args.max_nodes),
               focus=centres)
    print(f"wrote {args.out}: {about}, {counted(view.number_of_nodes(), 'node')}, "
          f"{counted(view.number_of_edges(), 'edge')}")
    for path, reason in result.skipped:
        print(f"kg: skipped {path}: {reason}", file=sys.stderr)
    if not args.no_open and not webbrowser.open(Path(args.out).resolve().as_uri()):
        print(f"  no browser to open; open {args.out} yourself", file=sys.stderr)
    return 3 if result.skipped else 0
