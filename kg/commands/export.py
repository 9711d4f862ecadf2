"""``kg export``: a build's outputs as spreadsheet tables (Excel, CSV) or GEXF for Gephi.

Reads what ``kg build`` wrote (``measures.jsonl`` and ``graph.graphml``, with :func:`kg.load`)
and writes into a folder: ``policykg.xlsx`` (one sheet per table), ``measures.csv``,
``actors.csv``, ``goals.csv``, ``documents.csv``, ``edges.csv``, or ``graph.gexf``. The
tables are those of :meth:`kg.api.PolicyGraph.to_tables` (:mod:`kg.export.tables`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "write a build's measures, actors, goals, documents and edges as Excel or CSV tables, or GEXF"

DEFAULT_FROM = Path("output")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.epilog = ("xlsx: one workbook, policykg.xlsx, with a sheet per table (needs openpyxl: "
                "pip install 'policykg[xlsx]'). csv: measures.csv, actors.csv, goals.csv, "
                "documents.csv, edges.csv, in UTF-8 with a byte order mark, so that Excel "
                "opens the Chinese correctly. gexf: graph.gexf, for Gephi. Integers stay "
                "integers, missing values are empty cells, and a list (the actors of a "
                "measure) is one cell joined by '；'. Each file is written atomically.")
    p.add_argument("dir", type=Path, metavar="DIR", help="folder to write the files into (made if missing)")
    p.add_argument("--from", dest="source", type=Path, default=DEFAULT_FROM, metavar="OUTPUT_DIR",
                   help=f"the folder `kg build` wrote (default: {DEFAULT_FROM}/)")
    p.add_argument("--format", required=True, metavar="xlsx|csv|gexf",
                   help="xlsx (one workbook), csv (one UTF-8 file with BOM per table) or gexf")
    p.add_argument("--zh", action="store_true",
                   help="Chinese column headers (措施, 行动者, 目标 ...) and sheet names; CSV file names stay English")


def run(args: argparse.Namespace) -> int:
    import kg
    from kg.errors import KGError, OutputError
    from kg.export.tables import FORMATS, GEXF, TABLES, WORKBOOK, require_openpyxl

    fmt = args.format.strip().lower().lstrip(".")
    if fmt not in FORMATS:
        raise KGError(f"unknown format {args.format!r}; choose one of {', '.join(FORMATS)}")
    out: Path = args.dir
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out} is a file, not a folder: give the folder to write into")
    if fmt == "xlsx":
        require_openpyxl()  # before loading anything
    if args.zh and fmt == "gexf":
        print("kg: note: --zh names table columns; GEXF keeps the graph's attribute names", file=sys.stderr)
    pg = kg.load(args.source)
    if fmt == "xlsx":
        paths = [pg.to_excel(out / WORKBOOK, zh=args.zh)]
    elif fmt == "csv":
        paths = pg.to_csv(out, tables=TABLES, zh=args.zh)
    else:
        paths = [pg.to_gexf(out / GEXF)]
    c = pg.counts()
    print(f"{c['measures']} measures, {c['actors']} actors, {c['goals']} goals, "
          f"{pg.graph.number_of_edges()} edges from {c['files']} files -> "
          + ", ".join(str(p) for p in paths))
    return 0
