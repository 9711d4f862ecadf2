"""Query results as a table, CSV, JSON or N-Triples, for the terminal and for scripts."""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import unicodedata
from urllib.parse import unquote

from kg.rdf.sparql import PREFIXES, QueryResult, Term

log = logging.getLogger(__name__)

OUTPUT_FORMATS = ("table", "csv", "json")


def compact(iri: str) -> str:
    """``pkg:Supply`` for vocabulary IRIs; other IRIs in angle brackets, percent-decoded so
    that Chinese names read as such (display only)."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and re.fullmatch(r"[A-Za-z_][\w\-]*", iri[len(ns):]):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{unquote(iri)}>"


def _display(term: Term | None) -> str:
    if term is None:
        return ""
    if term.kind == "uri":
        return compact(term.value)
    if term.kind == "bnode":
        return f"_:{term.value}"
    return term.value


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1
               for c in text)


def _fit(text: str, limit: int) -> str:
    text = " ".join(text.split())  # newlines and tabs would break the table
    if limit <= 0 or _width(text) <= limit:
        return text
    out, used = [], 0
    for c in text:
        w = _width(c)
        if used + w > limit - 1:
            break
        out.append(c)
        used += w
    return "".join(out) + "…"


def _pad(text: str, width: int, right: bool) -> str:
    space = " " * (width - _width(text))
    return space + text if right else text + space


def _numeric(term: Term | None) -> bool:
    return term is not None and term.kind == "literal" and bool(term.datatype) and any(
        term.datatype.endswith(t) for t in ("#integer", "#decimal", "#double", "#float", "#int", "#long")
    )


def format_table(result: QueryResult, *, max_width: int = 48) -> str:
    """A plain-text table (CJK characters count two columns; cells cut at ``max_width``)."""
    if result.kind == "ask":
        return "true" if result.boolean else "false"
    if result.kind == "graph":
        return format_graph(result)
    header = list(result.variables)
    cells = [[_fit(_display(t), max_width) for t in row] for row in result.rows]
    numeric = [bool(result.rows) and all(_numeric(row[i]) or row[i] is None for row in result.rows)
               for i in range(len(header))]
    widths = [max([_width(h)] + [_width(r[i]) for r in cells]) for i, h in enumerate(header)]
    lines = ["  ".join(_pad(h, widths[i], numeric[i]) for i, h in enumerate(header)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(_pad(c, widths[i], numeric[i]) for i, c in enumerate(row)).rstrip() for row in cells]
    n = len(result.rows)
    lines.append(f"({n} row{'s' if n != 1 else ''})")
    return "\n".join(lines)


def format_csv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results CSV: full IRIs, literals' lexical forms, CRLF line ends."""
    if result.kind == "ask":
        return "true\r\n" if result.boolean else "false\r\n"
    if result.kind == "graph":
        return format_graph(result)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(["" if t is None else (f"_:{t.value}" if t.kind == "bnode" else t.value)
                         for t in row])
    return buffer.getvalue()


def _json_term(term: Term) -> dict[str, str]:
    if term.kind == "uri":
        return {"type": "uri", "value": term.value}
    if term.kind == "bnode":
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.lang:
        out["xml:lang"] = term.lang
    elif term.datatype:
        out["datatype"] = term.datatype
    return out


def format_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON."""
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)})
    if result.kind == "graph":
        return format_graph(result)
    bindings = [
        {var: _json_term(t) for var, t in zip(result.variables, row) if t is not None}
        for row in result.rows
    ]
    return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}},
                      ensure_ascii=False, indent=2)


def format_graph(result: QueryResult) -> str:
    """CONSTRUCT/DESCRIBE results as sorted N-Triples."""
    return "".join(sorted({f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in result.triples}))


def format_result(result: QueryResult, fmt: str = "table", *, max_width: int = 48) -> str:
    if fmt == "table":
        return format_table(result, max_width=max_width)
    if fmt == "csv":
        return format_csv(result)
    if fmt == "json":
        return format_json(result)
    raise ValueError(f"unknown output format {fmt!r}; choose one of {', '.join(OUTPUT_FORMATS)}")
