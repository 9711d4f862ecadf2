"""``kg validate``: check an RDF graph against the policykg SHACL shapes (pySHACL)."""

from __future__ import annotations

import argparse
import warnings
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
    p.add_argument("--limit", type=whole_number(0), default=50, metavar="N",
                   help="list at most N problems in the text report (default 50)")


def run(args: argparse.Namespace) -> int:
    from kg.errors import InputError
    from kg.rdftools import load_graph, validate_graph

    paths = [check_file(path, "graph file", hint=" (run `kg build` first)" if path == DEFAULT_GRAPH else "")
             for path in args.graph or [DEFAULT_GRAPH]]
    if args.shapes is not None:
        check_file(args.shapes, "shapes file")
    graph = load_graph(paths)
    with warnings.catch_warnings():  # rdflib's Dataset calls its own deprecated API
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"rdflib\.")
        empty = next(iter(graph.triples((None, None, None))), None) is None
    if empty:
        # Every graph conforms when there is nothing in it: say so instead of "conforms".
        raise InputError(f"no triples in {', '.join(map(str, paths))}: nothing to validate")
    report = validate_graph(graph, shapes=args.shapes, source=", ".join(map(str, paths)))
    if args.format == "turtle":
        print(report.report_graph.serialize(format="turtle"), end="")
    else:
        print(report.text(limit=args.limit))
    return 0 if report.conforms else 1
