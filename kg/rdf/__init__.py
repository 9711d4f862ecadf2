"""Load, query and validate policykg RDF: the library behind ``kg query`` and ``kg validate``,
one module per job: :mod:`kg.rdf.load` (files into an engine), :mod:`kg.rdf.sparql` (queries and
results), :mod:`kg.rdf.printing` (results as text) and :mod:`kg.rdf.validate` (SHACL).

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

from kg.rdf.load import ENGINES, OXIGRAPH_THRESHOLD_BYTES, choose_engine, load_graph, load_store
from kg.rdf.printing import (
    OUTPUT_FORMATS, compact, format_csv, format_graph, format_json, format_result, format_table,
)
from kg.rdf.sparql import (
    PREFIXES, QUERIES_DIR, QueryError, QueryResult, Term, describe_query, example_queries, query_graph,
    query_store, read_query, run_query, set_params, sparql_value,
)
from kg.rdf.validate import VALIDATORS, Issue, ValidationReport, validate_files, validate_graph

__all__ = [
    "ENGINES", "OUTPUT_FORMATS", "OXIGRAPH_THRESHOLD_BYTES", "PREFIXES", "QUERIES_DIR", "Issue", "QueryError",
    "QueryResult", "Term", "ValidationReport", "choose_engine", "compact", "describe_query", "example_queries",
    "format_csv", "format_graph", "format_json", "format_result", "format_table", "load_graph", "load_store",
    "query_graph", "query_store", "read_query", "run_query", "set_params", "sparql_value", "validate_graph",
    "VALIDATORS", "validate_files",
]
