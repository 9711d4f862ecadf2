"""``kg build``: extract measures from .txt files and write the graph."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.commands.view import node_limit

HELP = "extract measures from .txt files and write the graph"


def _base_iri(text: str) -> str:
    """argparse type: an absolute IRI without a fragment, checked before any work is done."""
    from kg.export.rdf import normalise_base

    try:
        normalise_base(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None
    return text


def _rdf_formats(text: str) -> str:
    """argparse type: comma-separated RDF format names, checked before any work is done."""
    from kg.export.rdf import parse_formats

    try:
        parse_formats([text])
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None
    return text


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="*", type=Path, default=[Path("seeds")],
                   help=".txt files or folders, searched recursively (default: seeds/)")
    p.add_argument("--out", type=Path, default=Path("output"), help="output folder (default: output/)")
    p.add_argument("--rules", type=Path, action="append", default=[],
                   help="a folder of extra rule files, in the format of kg/rules (repeatable)")
    p.add_argument("--base-iri", type=_base_iri, default=None,
                   help="base IRI of the RDF data (default: https://w3id.org/policykg/data/)")
    p.add_argument("--rdf-format", type=_rdf_formats, action="append", default=[], metavar="FORMAT",
                   help="also write graph.nt, graph.jsonld or graph.trig: nt, json-ld, trig "
                        "(repeatable or comma-separated; graph.ttl is always written)")
    p.add_argument("--html-max-nodes", type=node_limit, default=None, metavar="N",
                   help="the HTML page keeps the N most connected nodes (default 3000; 0: all)")
    p.add_argument("--strict", action="store_true", help="stop at the first bad input file")


def run(args: argparse.Namespace) -> int:
    from kg.pipeline import build, check_out, rules_for, write_outputs

    check_out(args.out)
    result = build(args.inputs, rules=rules_for(args.rules), strict=args.strict)
    paths = write_outputs(result, args.out, base_iri=args.base_iri, rdf_formats=args.rdf_format,
                          html_max_nodes=args.html_max_nodes)
    s = result.summary()
    skipped = f" ({s['skipped']} skipped)" if s["skipped"] else ""
    files = f"{s['files']} file" + ("" if s["files"] == 1 else "s")
    print(f"{files}{skipped}, {s['articles']} articles, {s['sentences']} sentences -> "
          f"{s['measures']} measures, {s['actors']} actors, {s['goals']} goals in {s['seconds']:.1f} s")
    for path in paths:
        print(f"  wrote {path}")
    for path, reason in result.skipped:
        print(f"kg: skipped {path}: {reason}", file=sys.stderr)
    return 3 if result.skipped else 0
