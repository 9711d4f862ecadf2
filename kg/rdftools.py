"""Load, query and validate policykg RDF: the library behind ``kg query`` and ``kg validate``.

Two query engines answer the same SPARQL 1.1 and give the same rows:

* **rdflib** (pure Python) for the graphs ``kg build`` writes from a few documents;
* **Oxigraph** (``pyoxigraph``, Rust) for large graphs: a million triples load in ~3 s and each
  example query answers in under 2 s (``tests/bench/bench_rdf.py``; rdflib: ~45 s and 5-30 s).

``engine="auto"`` picks Oxigraph when the graph files together exceed
:data:`OXIGRAPH_THRESHOLD_BYTES`.  Query results come back engine-neutral
(:class:`QueryResult`, :class:`Term`), so printing them does not depend on the engine.

Named graphs (TriG, N-Quads) are merged into the default graph for querying, as the union of
all graphs with duplicates removed (a file's graph repeats the actors and goals it uses), and
stay available to ``GRAPH ?g { ... }``.

Example queries ship in ``kg/queries/*.rq`` (:func:`example_queries`); a query parameter is a
one-variable ``VALUES ?name { ... }`` block that :func:`set_params` rewrites, so the files run
unchanged, with their default values, in Jena, GraphDB or any SPARQL store.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import unicodedata
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from kg.errors import InputError, KGError
from kg.export.namespace import ONTOLOGY_IRI, SHAPES_FILE

log = logging.getLogger(__name__)

#: ``engine="auto"`` switches to Oxigraph above this many bytes of graph files: about 80,000
#: triples of Turtle as kg build writes it, which rdflib loads in ~5 s and Oxigraph in ~0.3 s
#: (rdflib's time grows linearly from there; see tests/bench/bench_rdf.py).
OXIGRAPH_THRESHOLD_BYTES = 5_000_000

ENGINES = ("auto", "rdflib", "oxigraph")
OUTPUT_FORMATS = ("table", "csv", "json")

#: The example queries shipped with the package.
QUERIES_DIR = Path(__file__).resolve().parent / "queries"

#: Prefixes every query may use without declaring them (a query's own PREFIX wins).
PREFIXES: Mapping[str, str] = {
    "pkg": ONTOLOGY_IRI,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "sh": "http://www.w3.org/ns/shacl#",
}

# suffix -> (rdflib parser name, pyoxigraph RdfFormat attribute, holds named graphs)
_SUFFIXES: Mapping[str, tuple[str, str, bool]] = {
    ".ttl": ("turtle", "TURTLE", False),
    ".turtle": ("turtle", "TURTLE", False),
    ".nt": ("nt", "N_TRIPLES", False),
    ".ntriples": ("nt", "N_TRIPLES", False),
    ".jsonld": ("json-ld", "JSON_LD", False),
    ".json": ("json-ld", "JSON_LD", False),
    ".trig": ("trig", "TRIG", True),
    ".nq": ("nquads", "N_QUADS", True),
    ".nquads": ("nquads", "N_QUADS", True),
    ".rdf": ("xml", "RDF_XML", False),
    ".owl": ("xml", "RDF_XML", False),
    ".xml": ("xml", "RDF_XML", False),
    ".n3": ("n3", "N3", False),
}

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class QueryError(KGError):
    """A SPARQL query cannot be read, parsed or parameterised."""


# --------------------------------------------------------------------------- files


def _format_of(path: Path) -> tuple[str, str, bool]:
    fmt = _SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise InputError(
            f"{path}: cannot tell the RDF format from the file name; use one of "
            + ", ".join(sorted(_SUFFIXES))
        )
    return fmt


def _check_files(paths: Sequence[Path]) -> list[Path]:
    if not paths:
        raise InputError("no graph file given")
    out = []
    for p in paths:
        path = Path(p)
        if not path.is_file():
            raise InputError(f"graph file not found: {path}" + (" (run `kg build` first)"
                                                              if path.name == "graph.ttl" else ""))
        _format_of(path)
        out.append(path)
    return out


def choose_engine(paths: Sequence[Path], engine: str = "auto") -> str:
    """``rdflib`` or ``oxigraph``: ``auto`` goes by the files' total size."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if engine != "auto":
        return engine
    size = sum(Path(p).stat().st_size for p in paths)
    return "oxigraph" if size > OXIGRAPH_THRESHOLD_BYTES else "rdflib"


def load_graph(paths: Sequence[Path]) -> Any:
    """Parse the files into one rdflib graph (a ``Dataset`` whose default graph is the union of
    its named graphs if any file holds named graphs)."""
    from rdflib import Dataset, Graph

    paths = _check_files(paths)
    quads = any(_format_of(p)[2] for p in paths)
    with warnings.catch_warnings():
        # rdflib 7's own Dataset/TriG code calls its deprecated ConjunctiveGraph API.
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"rdflib\.")
        graph = Dataset(default_union=True) if quads else Graph()
        for path in paths:
            fmt = _format_of(path)[0]
            try:
                graph.parse(path, format=fmt)
            except Exception as err:  # rdflib's parsers raise many unrelated types
                raise InputError(f"cannot parse {path} as {fmt}: {_one_line(err)}") from err
    return graph


def load_store(paths: Sequence[Path]) -> Any:
    """Load the files into an in-memory Oxigraph store; named graphs are also merged into the
    default graph (duplicates removed), so queries see the union as rdflib does."""
    import pyoxigraph as ox

    paths = _check_files(paths)
    store = ox.Store()
    quads = False
    for path in paths:
        _, ox_name, has_graphs = _format_of(path)
        quads |= has_graphs
        try:
            store.bulk_load(path=str(path), format=getattr(ox.RdfFormat, ox_name))
        except (SyntaxError, ValueError, OSError) as err:
            raise InputError(f"cannot parse {path}: {_one_line(err)}") from err
    if quads:
        store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    return store


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split()) or type(err).__name__


# --------------------------------------------------------------------------- queries


def example_queries() -> dict[str, Path]:
    """Name (file stem) -> path of each example query shipped in ``kg/queries``."""
    return {p.stem: p for p in sorted(QUERIES_DIR.glob("*.rq"))}


def describe_query(text: str) -> str:
    """A query's title (its first comment line up to the colon) and its parameters."""
    title, params = "", []
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith("#"):
            if line:
                break
            continue
        line = line.lstrip("#").strip()
        if not title:
            title = line.split(":", 1)[0].strip()
        if line.lower().startswith("parameter"):
            params += re.findall(r"\?(\w+)", line.split("(", 1)[0])
    return title + "".join(f"  [--param {p}=...]" for p in params)


def read_query(query: str) -> str:
    """SPARQL text from ``query``: a path to a ``.rq`` file, the name of an example query
    (``measures-per-actor``), or the SPARQL itself."""
    text = query.strip()
    if text.lower().endswith((".rq", ".sparql")) and "\n" not in text:
        path = Path(text)
        if not path.is_file():
            raise QueryError(f"query file not found: {path}")
        try:
            return path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as err:
            raise QueryError(f"cannot read {path}: {err}") from err
    examples = example_queries()
    if text in examples:
        return examples[text].read_text(encoding="utf-8")
    if not re.search(r"\b(select|ask|construct|describe)\b", text, re.IGNORECASE):
        raise QueryError(
            f"{query!r} is neither a .rq file, an example query ({', '.join(examples)}) nor SPARQL"
        )
    return query


def sparql_value(value: str) -> str:
    """A command-line value as a SPARQL term: ``<iri>`` stays an IRI, anything else becomes
    a string literal (queries compare ``STR(?label)`` so that ``@zh`` tags do not matter)."""
    if value.startswith("<") and value.endswith(">") and not re.search(r'[\s<>"{}|\\^`]', value[1:-1]):
        return value
    escaped = (value.replace("\\", "\\\\").replace('"', '\\"')
               .replace("\n", "\\n").replace("\r", "\\r"))
    return f'"{escaped}"'


def set_params(query: str, params: Mapping[str, str]) -> str:
    """Replace the data of ``VALUES ?name { ... }`` with each parameter's value."""
    for name, value in params.items():
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"bad parameter name {name!r}")
        block = re.compile(r"(VALUES\s+\?" + name + r"\s*\{)[^{}]*(\})", re.IGNORECASE)
        if not block.search(query):
            raise QueryError(f"the query has no `VALUES ?{name} {{ ... }}` block for --param {name}")
        term = sparql_value(value)
        query = block.sub(lambda m, term=term: f"{m.group(1)} {term} {m.group(2)}", query)
    return query


@dataclass(frozen=True, order=True)
class Term:
    """An RDF term, the same whichever engine produced it.

    ``kind`` is ``uri``, ``bnode``, ``literal`` or ``triple``; a literal has ``lang`` or a
    ``datatype`` (None for a plain ``xsd:string``).
    """

    kind: str
    value: str
    lang: str | None = None
    datatype: str | None = None

    def n3(self) -> str:
        if self.kind == "uri":
            return f"<{self.value}>"
        if self.kind == "bnode":
            return f"_:{self.value}"
        if self.kind == "triple":
            return f"<< {self.value} >>"
        text = (self.value.replace("\\", "\\\\").replace('"', '\\"')
                .replace("\n", "\\n").replace("\r", "\\r"))
        if self.lang:
            return f'"{text}"@{self.lang}'
        if self.datatype:
            return f'"{text}"^^<{self.datatype}>'
        return f'"{text}"'


@dataclass
class QueryResult:
    """``kind``: ``select`` (variables and rows), ``ask`` (boolean) or ``graph`` (triples of a
    CONSTRUCT or DESCRIBE)."""

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Term, Term, Term]] = field(default_factory=list)
    engine: str = ""


def _from_rdflib(node: Any) -> Term | None:
    from rdflib import BNode, Literal, URIRef

    if node is None:
        return None
    if isinstance(node, URIRef):
        return Term("uri", str(node))
    if isinstance(node, BNode):
        return Term("bnode", str(node))
    if isinstance(node, Literal):
        datatype = str(node.datatype) if node.datatype is not None else None
        if datatype == _XSD_STRING:
            datatype = None
        return Term("literal", str(node), node.language, None if node.language else datatype)
    return Term("literal", str(node))


def _from_oxigraph(node: Any) -> Term | None:
    import pyoxigraph as ox

    if node is None:
        return None
    if isinstance(node, ox.NamedNode):
        return Term("uri", node.value)
    if isinstance(node, ox.BlankNode):
        return Term("bnode", node.value)
    if isinstance(node, ox.Literal):
        lang = node.language
        datatype = node.datatype.value if node.datatype is not None else None
        if lang or datatype in (_XSD_STRING, _RDF_LANGSTRING):
            datatype = None
        return Term("literal", node.value, lang, datatype)
    return Term("triple", str(node))


def query_graph(graph: Any, query: str) -> QueryResult:
    """Run ``query`` on a loaded rdflib graph (:func:`load_graph`)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"rdflib\.")
        try:
            result = graph.query(query, initNs=dict(PREFIXES))
            kind = result.type
            if kind == "SELECT":
                variables = [str(v) for v in result.vars]
                rows = [tuple(_from_rdflib(value) for value in row) for row in result]
                return QueryResult("select", variables, rows, engine="rdflib")
            if kind == "ASK":
                return QueryResult("ask", boolean=bool(result.askAnswer), engine="rdflib")
            triples = [tuple(_from_rdflib(t) for t in triple) for triple in result]
            return QueryResult("graph", triples=triples, engine="rdflib")  # type: ignore[arg-type]
        except KGError:
            raise
        except Exception as err:  # pyparsing and evaluation errors
            raise QueryError(f"SPARQL error (rdflib): {_one_line(err)}") from err


def query_store(store: Any, query: str) -> QueryResult:
    """Run ``query`` on a loaded Oxigraph store (:func:`load_store`)."""
    import pyoxigraph as ox

    try:
        result = store.query(query, prefixes=dict(PREFIXES))
        if isinstance(result, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(result), engine="oxigraph")
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            rows = [tuple(_from_oxigraph(s[v]) for v in variables) for s in result]
            return QueryResult("select", variables, rows, engine="oxigraph")
        triples = [(_from_oxigraph(t.subject), _from_oxigraph(t.predicate), _from_oxigraph(t.object))
                   for t in result]
        return QueryResult("graph", triples=triples, engine="oxigraph")  # type: ignore[arg-type]
    except (SyntaxError, ValueError, OSError, RuntimeError) as err:
        raise QueryError(f"SPARQL error (oxigraph): {_one_line(err)}") from err


def run_query(
    query: str,
    paths: Sequence[Path],
    *,
    engine: str = "auto",
    params: Mapping[str, str] | None = None,
) -> QueryResult:
    """Load ``paths`` with the chosen engine and run ``query`` (SPARQL text) on them."""
    paths = _check_files(paths)
    if params:
        query = set_params(query, params)
    chosen = choose_engine(paths, engine)
    log.info("querying %s with %s", ", ".join(map(str, paths)), chosen)
    if chosen == "oxigraph":
        return query_store(load_store(paths), query)
    return query_graph(load_graph(paths), query)


# --------------------------------------------------------------------------- printing


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


# --------------------------------------------------------------------------- validation


@dataclass(frozen=True)
class Issue:
    """One SHACL validation result, with what a reader needs to find the resource."""

    focus: str
    focus_kind: str  # the pkg: class of the focus node ("Measure"), or ""
    focus_label: str
    path: str
    value: str
    message: str
    severity: str
    constraint: str = ""  # the SHACL constraint component, e.g. "sh:minCount"


@dataclass
class ValidationReport:
    conforms: bool
    issues: list[Issue]
    triples: int
    source: str = "graph"
    report_graph: Any = None  # the SHACL validation report, an rdflib Graph

    def text(self, *, limit: int = 50) -> str:
        """The report for people: one block per resource, one line per broken constraint."""
        if self.conforms:
            return f"{self.source}: conforms to the policykg shapes ({self.triples} triples)"
        resources: dict[tuple[str, str, str], list[Issue]] = {}
        for issue in self.issues:
            resources.setdefault((issue.focus_kind, issue.focus_label, issue.focus), []).append(issue)
        n = len(self.issues)
        problems = f"{n} problem{'s' if n != 1 else ''}"
        on = f"{len(resources)} resource{'s' if len(resources) != 1 else ''}"
        lines = [f"{self.source}: does not conform to the policykg shapes: {problems} on {on} ({self.triples} triples)"]
        shown = 0
        for (kind, label, focus), issues in sorted(resources.items()):
            if shown >= limit:
                lines.append(f"... and {n - shown} more (--format turtle gives the full report)")
                break
            name = " ".join(x for x in (kind or "resource", f"「{label}」" if label else "") if x)
            lines.append(f"{name} <{focus}>")
            for issue in issues:
                where = " ".join(x for x in (compact(issue.path) if issue.path else "",
                                             f"({issue.constraint})" if issue.constraint else "") if x)
                value = f"; value {issue.value}" if issue.value else ""
                severity = "" if issue.severity == "Violation" else f"[{issue.severity}] "
                lines.append(f"  - {severity}{where + ': ' if where else ''}{issue.message}{value}")
                shown += 1
        return "\n".join(lines)


def _camel(name: str) -> str:
    """``MinCount`` -> ``minCount``, ``SPARQL`` -> ``sparql`` (SHACL's own spelling)."""
    return name[:1].lower() + name[1:] if name[1:2].islower() else name.lower()


def validate_graph(data: Any, *, shapes: Path | None = None, source: str = "graph") -> ValidationReport:
    """Check an rdflib graph (or graph files) against the policykg shapes with pySHACL."""
    from pyshacl import validate
    from rdflib import Dataset, Graph, Literal, URIRef
    from rdflib.namespace import RDF, RDFS, SH

    if not hasattr(data, "query"):
        paths = _check_files(list(data))
        data = load_graph(paths)
        source = ", ".join(map(str, paths))
    if isinstance(data, Dataset):  # validate the union of its graphs
        union = Graph()
        union += ((s, p, o) for s, p, o, _ in data.quads((None, None, None, None)))
        data = union
    shapes_path = Path(shapes) if shapes else SHAPES_FILE
    try:
        shapes_graph = Graph().parse(shapes_path, format=_format_of(shapes_path)[0])
    except InputError:
        raise
    except Exception as err:
        raise InputError(f"cannot read the shapes {shapes_path}: {_one_line(err)}") from err
    conforms, report, _ = validate(data, shacl_graph=shapes_graph, inference="none",
                                   abort_on_first=False, allow_warnings=False)

    def text(node: Any) -> str:
        if node is None:
            return ""
        if isinstance(node, URIRef):
            return compact(str(node)) if str(node).startswith(tuple(PREFIXES.values())) else f"<{node}>"
        if isinstance(node, Literal):
            return node.n3() if len(str(node)) <= 60 else Literal(str(node)[:59] + "…").n3()
        return str(node)

    issues = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        kinds = sorted(str(k)[len(ONTOLOGY_IRI):] for k in data.objects(focus, RDF.type)
                       if str(k).startswith(ONTOLOGY_IRI))
        label = data.value(focus, RDFS.label)
        severity = report.value(result, SH.resultSeverity)
        component = str(report.value(result, SH.sourceConstraintComponent) or "")
        component = component.rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
        issues.append(Issue(
            focus=str(focus),
            focus_kind=kinds[0] if kinds else "",
            focus_label=str(label) if label is not None else "",
            path=str(report.value(result, SH.resultPath) or ""),
            value=text(report.value(result, SH.value)),
            message=str(report.value(result, SH.resultMessage) or f"violates sh:{component}"),
            severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            constraint=f"sh:{_camel(component)}" if component else "",
        ))
    issues.sort(key=lambda i: (i.focus, i.path, i.message, i.value))
    return ValidationReport(bool(conforms), issues, len(data), source, report)

