"""``kg show``: the measures of one actor, or of one source document, with citations.

Reads what ``kg build`` wrote (``measures.jsonl`` and ``graph.graphml``, with :func:`kg.load`)
and prints one row per measure: where it stands (``file:line``), its stance, its text and the
goals it serves, aligned as ``kg query`` aligns its tables (or as CSV).

The build records each measure's file by name and its offsets in the decoded file. To turn an
offset into a line number the file itself is read: it is looked for under ``--input`` (default
``seeds/``, the input of a plain ``kg build``, in the current folder and beside the build's
folder), searched recursively, and used only if the measures' text stands at their offsets
in it. A measure whose file is not found is cited as ``file@offset`` (a character offset)
instead, and a note on stderr says so.
"""

from __future__ import annotations

import argparse
import bisect
import difflib
import glob
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

HELP = "print the measures of one actor or one source document, with stance, goals and file:line"

DEFAULT_FROM = Path("output")
DEFAULT_INPUT = Path("seeds")
KINDS = ("actor", "document")
FORMATS = ("table", "csv")

_SPACE = re.compile(r"\s+")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# The build writes ASCII punctuation next to Chinese as full-width (kg.ingest): the same here.
_FULL = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"})


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.epilog = ("A measure is cited as file:line, the line of the source file it starts on, when the "
                "file is found under --input; else as file@offset, its character offset in the file. "
                "An actor is found by its normalised name (高校) or any form the texts write "
                "(高等院校); a document by its file name or path.")
    p.add_argument("kind", choices=KINDS, metavar="actor|document",
                   help="actor: the measures an actor carries out or is aimed at; document: the measures of one file")
    p.add_argument("name", metavar="NAME|FILE", help="the actor's name, or the document's file name or path")
    p.add_argument("--from", dest="source", type=Path, default=DEFAULT_FROM, metavar="OUTPUT_DIR",
                   help=f"the folder `kg build` wrote (default: {DEFAULT_FROM}/)")
    p.add_argument("--input", type=Path, action="append", default=[], metavar="INPUT",
                   help="file or folder the build read, to find the source files for line numbers "
                        f"(repeatable; default: {DEFAULT_INPUT}/ here and beside OUTPUT_DIR)")
    p.add_argument("--format", choices=FORMATS, default="table", metavar="table|csv",
                   help="table (default), or CSV (SPARQL results CSV, as kg query writes)")
    p.add_argument("--max-width", type=int, default=48, metavar="N",
                   help="cut table cells at N columns (0: never; default 48)")


def run(args: argparse.Namespace) -> int:
    import kg
    from kg.errors import KGError
    from kg.rdf import format_result

    if args.format not in FORMATS:  # argparse checks it; this is for callers building args
        raise KGError(f"unknown format {args.format!r}; choose one of {', '.join(FORMATS)}")
    pg = kg.load(args.source)
    inputs = list(args.input) or _default_inputs(args.source)
    if args.kind == "actor":
        columns = ["cite", "role", "stance", "measure", "goals"]
        rows = actor_rows(pg.graph, pg.records, args.name)
    else:
        columns = ["cite", "stance", "actors", "measure", "goals"]
        rows, given = document_rows(pg.records, args.name)
        if given is not None:
            inputs.insert(0, given)
    sources = SourceFinder(inputs, pg.records)
    cited = [(sources.cite(record), *rest) for record, *rest in rows]
    missing = sorted(sources.not_found)
    if missing:
        where = ", ".join(str(p) for p in inputs)
        print(f"kg: note: {', '.join(missing)} not found under {where}: cited as file@offset "
              f"(give the build's inputs with --input)", file=sys.stderr)
    text = format_result(_result(columns, cited), args.format, max_width=args.max_width)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def _default_inputs(output: Path) -> list[Path]:
    """``seeds/``, where a plain ``kg build`` reads, here and beside the build's folder."""
    found: list[Path] = []
    for folder in (DEFAULT_INPUT, output.parent / DEFAULT_INPUT):
        if folder.resolve() not in [f.resolve() for f in found]:
            found.append(folder)
    return found


# --------------------------------------------------------------------------- rows


def _joined(items: Iterable[Any] | None) -> str:
    return "；".join(str(i) for i in items or () if i)


def actor_rows(graph: Any, records: Sequence[Mapping[str, Any]], query: str) -> list[tuple]:
    """(record, role, stance, measure, goals) of each measure the actor named ``query`` carries
    out (role ``actor``) or is aimed at (``target``), in file order.

    ``query`` is the actor's normalised name, a form the texts write, or a form the alias
    table normalises to a name; else :class:`~kg.errors.KGError` names the closest.
    """
    from kg.assemble.tables import measure_id

    node = find_actor(graph, query)
    roles: dict[str, list[str]] = {}
    for _, measure, relation in graph.out_edges(node, data="relation"):
        if relation == "actor":
            roles.setdefault(measure, []).append("actor")
    for measure, _, relation in graph.in_edges(node, data="relation"):
        if relation == "target":
            roles.setdefault(measure, []).append("target")
    rows = []
    for record in records:
        role = roles.get(measure_id(record))
        if role:
            rows.append((record, ", ".join(sorted(set(role))), record.get("stance") or "",
                         record.get("text") or "", _joined(record.get("goals"))))
    return rows


def find_actor(graph: Any, query: str) -> Any:
    """The node of the actor ``query`` names (see :func:`actor_rows`)."""
    from kg.errors import KGError

    wanted = _SPACE.sub("", query)
    actors = {node: attrs for node, attrs in graph.nodes(data=True) if attrs.get("kind") == "actor"}
    names = {str(attrs.get("name", attrs.get("label", node))): node for node, attrs in actors.items()}
    if wanted in names:
        return names[wanted]
    surfaces: dict[str, Any] = {}
    for node, attrs in actors.items():
        for form in str(attrs.get("surface", "")).split(" | "):
            if form:
                surfaces.setdefault(form, node)
    if wanted in surfaces:
        return surfaces[wanted]
    if wanted:
        from kg.normalise import ActorNormaliser
        from kg.pipeline import rules_for

        canonical = ActorNormaliser(rules_for(())).canonical(wanted)
        if canonical in names:
            return names[canonical]
    raise KGError(f"no actor named {query!r}; {_closest(wanted, [*names, *surfaces], 'actors', list(names))}")


def document_rows(records: Sequence[Mapping[str, Any]], query: str) -> tuple[list[tuple], Path | None]:
    """(record, stance, actors, measure, goals) of each measure of the document ``query`` (a
    file name, or a path whose name the build recorded), in file order; and the path itself
    if it is a file, to cite lines from."""
    from kg.errors import KGError

    path = Path(query)
    name = path.name
    sources = list(dict.fromkeys(str(r.get("source", "")) for r in records))
    if name not in sources:
        raise KGError(f"no document named {name!r} in the build; {_closest(name, sources, 'documents')}")
    rows = [(r, r.get("stance") or "", _joined(r.get("actor_names") or r.get("actors")),
             r.get("text") or "", _joined(r.get("goals")))
            for r in records if r.get("source") == name]
    return rows, (path if path.is_file() else None)


def _closest(query: str, choices: Sequence[str], what: str, known: Sequence[str] | None = None) -> str:
    """``closest: a, b, c`` (difflib, among ``choices``), or if none is close a few of the
    ``known`` names (default: the choices)."""
    close = difflib.get_close_matches(query, list(dict.fromkeys(choices)), n=5, cutoff=0.3)
    if close:
        return "closest: " + ", ".join(close)
    unique = list(dict.fromkeys(choices if known is None else known))
    if not unique:
        return f"the build has no {what}"
    return f"closest: none; the {len(unique)} {what} include " + ", ".join(unique[:5])


def _result(columns: list[str], rows: list[tuple]) -> Any:
    """Rows as a query result, so that ``kg query``'s formatters print them."""
    from kg.rdf import QueryResult, Term

    return QueryResult("select", columns, [tuple(Term("literal", str(v)) if v != "" else None for v in row)
                                           for row in rows])


# --------------------------------------------------------------------------- citations


class SourceFinder:
    """Cites a measure as ``file:line`` from its source file, found under the inputs, or as
    ``file@offset`` where that file is not found (its names are kept in ``not_found``)."""

    def __init__(self, inputs: Sequence[Path], records: Sequence[Mapping[str, Any]]) -> None:
        self.inputs = list(inputs)
        self._records: dict[str, list[Mapping[str, Any]]] = {}
        for record in records:
            self._records.setdefault(str(record.get("source", "")), []).append(record)
        self._lines: dict[str, list[int] | None] = {}
        self.not_found: set[str] = set()

    def cite(self, record: Mapping[str, Any]) -> str:
        name, start = str(record.get("source", "")), int(record.get("start", 0))
        if name not in self._lines:
            self._lines[name] = self._line_starts(name)
        starts = self._lines[name]
        if starts is None:
            self.not_found.add(name)
            return f"{name}@{start}"
        return f"{name}:{bisect.bisect_right(starts, start)}"

    def _line_starts(self, name: str) -> list[int] | None:
        """Offsets where the lines of the file ``name`` begin, if it is found and matches."""
        mine = self._records.get(name, [])
        for path in self._candidates(name):
            text = _read(path)
            # the file the build read if (nearly) every measure stands at its offsets in it
            if text is not None and sum(_stands_at(text, r) for r in mine) >= 0.9 * len(mine):
                return [0, *(m.end() for m in _LINE_BREAK.finditer(text))]
        return None

    def _candidates(self, name: str) -> Iterable[Path]:
        for root in self.inputs:
            if root.is_file():
                if root.name == name:
                    yield root
            elif root.is_dir():
                if (root / name).is_file():
                    yield root / name
                yield from sorted(p for p in root.rglob(glob.escape(name)) if p.is_file() and p.parent != root)


def _read(path: Path) -> str | None:
    """The file decoded as the build decoded it, or None if it cannot be read."""
    from kg.errors import InputError
    from kg.ingest import read_source

    try:
        return read_source(path).text
    except InputError:
        return None


def _stands_at(text: str, record: Mapping[str, Any]) -> bool:
    """Whether the measure's text is the file's text at its offsets (whitespace aside)."""
    def norm(s: str) -> str:
        return _SPACE.sub("", s).translate(_FULL)

    try:
        return norm(text[int(record["start"]):int(record["end"])]) == norm(str(record.get("text", "")))
    except (KeyError, TypeError, ValueError):
        return False
