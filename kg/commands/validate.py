"""``kg validate``: check an RDF graph against the policykg SHACL shapes (pySHACL)."""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = "check an RDF graph against the policykg SHACL shapes; exit 1 if it does not conform"

DEFAULT_GRAPH = Path("output") / "graph.ttl"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("graph", nargs="*", type=Path, metavar="GRAPH",
                   help=f"RDF file(s), validated together (default: {DEFAULT_GRAPH})")
    p.add_argument("--shapes", type=Path, default=None, metavar="FILE",
                   help="SHACL shapes to use instead of the shipped kg/export/shapes.ttl")
    p.add_argument("--format", choices=("text", "turtle"), default="text",
                   help="text: a readable report (default); turtle: the SHACL validation report")
    p.add_argument("--limit", type=int, default=50, metavar="N",
                   help="list at most N problems in the text report (default 50)")


def run(args: argparse.Namespace) -> int:
    from kg.rdftools import validate_graph

    report = validate_graph(args.graph or [DEFAULT_GRAPH], shapes=args.shapes)
    if args.format == "turtle":
        print(report.report_graph.serialize(format="turtle"), end="")
    else:
        print(report.text(limit=args.limit))
    return 0 if report.conforms else 1
