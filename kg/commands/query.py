"""``kg query``: run SPARQL over the RDF export, with rdflib or Oxigraph."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.commands.options import check_file, whole_number

HELP = "run a SPARQL query (text, a .rq file or an example's name) over the RDF graph"

DEFAULT_GRAPH = Path("output") / "graph.ttl"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("query", nargs="?", metavar="QUERY",
                   help="SPARQL text, a .rq file, or the name of an example query (see --list)")
    p.add_argument("--graph", type=Path, action="append", default=[], metavar="FILE",
                   help="RDF file to query: .ttl .nt .jsonld .trig .nq .rdf (repeatable; "
                        f"default: {DEFAULT_GRAPH})")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table",
                   help="table (default), SPARQL CSV or SPARQL JSON results")
    p.add_argument("--engine", choices=("auto", "rdflib", "oxigraph"), default="auto",
                   help="query engine; auto (default): Oxigraph when the files exceed 5 MB, else rdflib")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="set the query's VALUES ?NAME { ... } block to VALUE (repeatable)")
    p.add_argument("--max-width", type=whole_number(0, "0 (never)"), default=48, metavar="N",
                   help="cut table cells at N columns (0: never; default 48)")
    p.add_argument("--list", action="store_true", help="list the example queries and exit")


def run(args: argparse.Namespace) -> int:
    from kg.rdf import (
        QueryError,
        describe_query,
        example_queries,
        format_result,
        read_query,
        run_query,
    )

    if args.list:
        examples = example_queries()
        width = max(map(len, examples), default=0)
        for name, path in examples.items():
            print(f"{name:<{width}}  {describe_query(path.read_text(encoding='utf-8'))}")
        return 0
    if not args.query:
        raise QueryError("give a QUERY (SPARQL text, a .rq file or an example's name), or --list")
    params = {}
    for item in args.param:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"--param takes NAME=VALUE, got {item!r}")
        params[name.strip()] = value
    asked = args.query.strip()
    if asked.lower().endswith((".rq", ".sparql")) and "\n" not in asked:
        check_file(Path(asked), "query file")
    query = read_query(args.query)
    graphs = [check_file(path, "graph file", hint=" (run `kg build` first)" if path == DEFAULT_GRAPH else "")
              for path in args.graph or [DEFAULT_GRAPH]]
    result = run_query(query, graphs, engine=args.engine, params=params)
    text = format_result(result, args.format, max_width=args.max_width)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0
