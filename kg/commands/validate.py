"""``kg validate``: check an RDF graph against the policykg SHACL shapes (shacl-rust, or pySHACL)."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.commands.options import check_file, whole_number

HELP = "check an RDF graph against the policykg SHACL shapes; exit 1 if it does not conform"

DEFAULT_GRAPH = Path("output") / "graph.ttl"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("graph", nargs="*", type=Path, metavar="GRAPH",
                   help=f"RDF file(s), validated together (default: {DEFAULT_GRAPH})")
    p.add_argument("--shapes", type=Path, default=None, metavar="FILE",
                   help="SHACL shapes to use instead of the shipped kg/export/shapes.ttl")
    p.add_argument("--format", choices=("text", "turtle"), default="text",
                   help="text: a readable report (default); turtle: the SHACL validation report")
    p.add_argument("--engine", choices=("auto", "shacl-rust", "pyshacl"), default="auto",
                   help="auto (default): shacl-rust, falling back to pySHACL if it is missing or fails")
    p.add_argument("--limit", type=whole_number(0), default=50, metavar="N",
                   help="list at most N problems in the text report (default 50)")


def run(args: argparse.Namespace) -> int:
    from kg.rdf import validate_files

    paths = [check_file(path, "graph file", hint=" (run `kg build` first)" if path == DEFAULT_GRAPH else "")
             for path in args.graph or [DEFAULT_GRAPH]]
    if args.shapes is not None:
        check_file(args.shapes, "shapes file")
    report = validate_files(paths, shapes=args.shapes, engine=args.engine)
    if args.format == "turtle":
        print(report.report_graph.serialize(format="turtle"), end="")
    else:
        print(report.text(limit=args.limit))
    return 0 if report.conforms else 1
