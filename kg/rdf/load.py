"""Reading RDF files into rdflib or Oxigraph: the format by suffix, the engine by size."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from kg.errors import InputError

log = logging.getLogger(__name__)

#: ``engine="auto"`` switches to Oxigraph above this many bytes of graph files: about 80,000
#: triples of Turtle as kg build writes it, which rdflib loads in ~5 s and Oxigraph in ~0.3 s
#: (rdflib's time grows linearly from there; see tests/bench/bench_rdf.py).
OXIGRAPH_THRESHOLD_BYTES = 5_000_000

ENGINES = ("auto", "rdflib", "oxigraph")
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


def format_of(path: Path) -> tuple[str, str, bool]:
    fmt = _SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise InputError(
            f"{path}: cannot tell the RDF format from the file name; use one of "
            + ", ".join(sorted(_SUFFIXES))
        )
    return fmt


def check_files(paths: Sequence[Path]) -> list[Path]:
    if not paths:
        raise InputError("no graph file given")
    out = []
    for p in paths:
        path = Path(p)
        if not path.is_file():
            raise InputError(f"graph file not found: {path}" + (" (run `kg build` first)"
                                                              if path.name == "graph.ttl" else ""))
        format_of(path)
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

    paths = check_files(paths)
    quads = any(format_of(p)[2] for p in paths)
    with warnings.catch_warnings():
        # rdflib 7's own Dataset/TriG code calls its deprecated ConjunctiveGraph API.
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"rdflib\.")
        graph = Dataset(default_union=True) if quads else Graph()
        for path in paths:
            fmt = format_of(path)[0]
            try:
                graph.parse(path, format=fmt)
            except Exception as err:  # rdflib's parsers raise many unrelated types
                raise InputError(f"cannot parse {path} as {fmt}: {one_line(err)}") from err
    return graph


def load_store(paths: Sequence[Path]) -> Any:
    """Load the files into an in-memory Oxigraph store; named graphs are also merged into the
    default graph (duplicates removed), so queries see the union as rdflib does."""
    import pyoxigraph as ox

    paths = check_files(paths)
    store = ox.Store()
    quads = False
    for path in paths:
        _, ox_name, has_graphs = format_of(path)
        quads |= has_graphs
        try:
            store.bulk_load(path=str(path), format=getattr(ox.RdfFormat, ox_name))
        except (SyntaxError, ValueError, OSError) as err:
            raise InputError(f"cannot parse {path}: {one_line(err)}") from err
    if quads:
        store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    return store


def one_line(err: BaseException) -> str:
    return " ".join(str(err).split()) or type(err).__name__
