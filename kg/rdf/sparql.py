"""SPARQL over a loaded graph: example queries, parameters, and engine-neutral results."""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import KGError
from kg.export.namespace import ONTOLOGY_IRI
from kg.rdf.load import check_files, choose_engine, load_graph, load_store, one_line

log = logging.getLogger(__name__)

#: The example queries shipped with the package.
QUERIES_DIR = Path(__file__).resolve().parents[1] / "queries"

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

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class QueryError(KGError):
    """A SPARQL query cannot be read, parsed or parameterised."""


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
            raise QueryError(f"SPARQL error (rdflib): {one_line(err)}") from err


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
        raise QueryError(f"SPARQL error (oxigraph): {one_line(err)}") from err


def run_query(
    query: str,
    paths: Sequence[Path],
    *,
    engine: str = "auto",
    params: Mapping[str, str] | None = None,
) -> QueryResult:
    """Load ``paths`` with the chosen engine and run ``query`` (SPARQL text) on them."""
    paths = check_files(paths)
    if params:
        query = set_params(query, params)
    chosen = choose_engine(paths, engine)
    log.info("querying %s with %s", ", ".join(map(str, paths)), chosen)
    if chosen == "oxigraph":
        return query_store(load_store(paths), query)
    return query_graph(load_graph(paths), query)
