"""The Python API: build a policy graph, or load a saved one, and work with it in a notebook.

>>> import kg
>>> pg = kg.build("seeds/")                     # files, folders, or the text itself
>>> pg.measures.head()                          # pandas tables: measures, actors, goals
>>> pg.query("actor-profile", name="高校")      # SPARQL, or an example query's name
>>> pg                                          # in Jupyter or VS Code: the graph, inline
>>> pg.save("output/")                          # what `kg build` writes; kg.load reads it

``kg build`` and this module share one pipeline (:mod:`kg.pipeline`), so a graph built here
and saved is the one the command line would have written.
"""

from __future__ import annotations

import functools
import html
import json
import logging
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from kg.errors import InputError

if TYPE_CHECKING:  # pandas, rdflib and spaCy are imported when first needed
    import pandas as pd
    from rdflib import Graph

    from kg.pipeline import BuildResult
    from kg.rulebook import Rulebook

log = logging.getLogger(__name__)

PathLike = str | os.PathLike

#: Above this many nodes the inline view opens on the overview (kg.export.overview), so a
#: notebook stays responsive; the page still holds every measure (22 MB for policy-corpus).
INLINE_MAX_NODES = 600
INLINE_HEIGHT_PX = 600

#: ``engine="auto"`` queries with Oxigraph above this many nodes and edges (about 100,000
#: triples): rdflib would take seconds per query there (see kg.rdf).
OXIGRAPH_ABOVE = 20_000

# A string is text, not a path, if it holds a line break or Chinese (CJK ideographs and
# punctuation, full-width forms) and does not look like a file name.
_CJK = re.compile("[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")



# --------------------------------------------------------------------------- build and load


def _is_text(item: str | os.PathLike) -> bool:
    """Whether an input is the text itself: a str that is no existing path and holds a line
    break, or Chinese without ending in ``.txt`` or a path separator."""
    if not isinstance(item, str):
        return False
    try:
        if Path(item).exists():
            return False
    except (OSError, ValueError):  # too long for a file name, or a NUL: not a path
        return True
    if "\n" in item or "\r" in item:
        return True
    looks_like_path = item.rstrip().lower().endswith(".txt") or item.rstrip().endswith(("/", os.sep))
    return bool(_CJK.search(item)) and not looks_like_path


def _rulebook(rules: PathLike | Sequence[PathLike] | Rulebook | None) -> Rulebook:
    from kg.pipeline import rules_for
    from kg.rulebook import Rulebook

    if isinstance(rules, Rulebook):
        return rules
    if rules is None:
        return rules_for(())
    dirs = [rules] if isinstance(rules, (str, os.PathLike)) else list(rules)
    return rules_for([Path(d) for d in dirs])


def build(inputs: PathLike | Iterable[PathLike] = "seeds", *,
          rules: PathLike | Sequence[PathLike] | Rulebook | None = None,
          strict: bool = False, workers: int = 1, cache_dir: PathLike | None = None,
          client: Any = None, link_threshold: float | None = None) -> PolicyGraph:
    """Extract the measures of ``inputs`` and assemble the graph, as ``kg build`` does.

    ``inputs`` is a ``.txt`` file, a folder (searched recursively), the text itself, or a list
    of any of these. A str is taken as text when it is no existing path and holds a line break
    or Chinese (and does not end in ``.txt`` or ``/``); texts are named ``text-1.txt``,
    ``text-2.txt``... in the graph. ``rules``: folders of extra rule files (``--rules``).

    Bad files are skipped and listed in :attr:`PolicyGraph.skipped`; with ``strict`` the
    first raises :class:`~kg.errors.InputError`, as does having nothing usable at all.

    ``workers``, ``cache_dir`` and ``client`` (a ``dask.distributed.Client``) are those of
    :func:`kg.pipeline.build`: a process pool, a result cache, a Dask cluster;
    ``link_threshold`` the likeness above which measures of different files are linked
    (default 0.7; 0: no links).

    >>> pg = kg.build("seeds/")
    >>> pg = kg.build("archive/", workers=2, cache_dir="~/.cache/policykg")
    >>> pg = kg.build("鼓励企业加大研发投入，提升自主创新能力。\\n")
    """
    from kg import pipeline

    texts: list[str] = []
    paths: list[Path] = []
    for item in [inputs] if isinstance(inputs, (str, os.PathLike)) else inputs:
        if _is_text(item):
            texts.append(str(item))
        else:
            paths.append(Path(item))
    named = [(f"text-{number}.txt", text) for number, text in enumerate(texts, 1)]
    return PolicyGraph.from_result(pipeline.build(
        paths, rules=_rulebook(rules), strict=strict, workers=workers, client=client,
        cache_dir=Path(cache_dir).expanduser() if cache_dir else None, texts=named,
        link_threshold=link_threshold))


def load(folder: PathLike = "output") -> PolicyGraph:
    """The graph a build saved in ``folder`` (``kg build --out`` or :meth:`PolicyGraph.save`),
    read back from ``graph.graphml`` and ``measures.jsonl`` without extracting anything again.

    >>> pg = kg.load("output/")
    """
    from kg.export.graphml import read_graphml

    folder = Path(folder)
    if not folder.is_dir():
        what = "not a folder" if folder.exists() else "no such folder"
        raise InputError(f"{what}; give the folder `kg build --out` or PolicyGraph.save wrote",
                         path=str(folder))
    graphml, jsonl = folder / "graph.graphml", folder / "measures.jsonl"
    missing = [p.name for p in (graphml, jsonl) if not p.is_file()]
    if missing:
        raise InputError(f"{' and '.join(missing)} missing: not a saved build "
                         f"(run `kg build --out {folder}` or PolicyGraph.save)", path=str(folder))
    try:
        graph = read_graphml(graphml)
    except Exception as err:  # ElementTree, networkx and value errors, on a damaged file
        raise InputError(f"cannot read the graph: {' '.join(str(err).split())}", path=str(graphml)) from err
    records = _read_records(jsonl)
    kinds = [k for _, k in graph.nodes(data="kind")]
    if kinds.count("measure") != len(records):
        log.warning("%s: %d measures in graph.graphml but %d in measures.jsonl; were they written "
                    "by different builds?", folder, kinds.count("measure"), len(records))
    return PolicyGraph(graph, records)


def _read_records(path: Path) -> list[dict[str, Any]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"cannot read: {err}", path=str(path)) from err
    records = []
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError as err:
            raise InputError(f"line {number} is not JSON: {err.msg}", path=str(path)) from err
    return records


# --------------------------------------------------------------------------- the graph


class PolicyGraph:
    """A policy graph with its measures: tables, SPARQL, the interactive view and exports.

    ``graph`` is the networkx ``MultiDiGraph`` (schema in :mod:`kg.assemble`), ``records`` the
    measures as ``measures.jsonl`` holds them. The tables and the RDF graph are computed on
    first use and kept: change ``graph`` and make a new ``PolicyGraph`` to see the change.

    >>> pg.actors.head()                            # who is asked to do most
    >>> pg.query("top-goals")
    >>> pg.to_gexf("policy.gexf")                   # for Gephi
    """

    def __init__(self, graph: nx.MultiDiGraph, records: Iterable[dict[str, Any]], *,
                 skipped: Iterable[tuple[str, str]] = (), result: BuildResult | None = None) -> None:
        self.graph = graph
        self.records = list(records)
        #: Inputs the build passed over, as (path, reason).
        self.skipped = tuple(skipped)
        self._result = result  # kept so that save() writes exactly what `kg build` writes

    @classmethod
    def from_result(cls, result: BuildResult) -> PolicyGraph:
        """Wrap a :func:`kg.pipeline.build` result."""
        from kg.export.jsonl import measure_record
        from kg.normalise import ActorNormaliser

        normaliser = ActorNormaliser(result.rules)
        return cls(result.graph, (measure_record(m, normaliser) for m in result.measures),
                   skipped=result.skipped, result=result)

    # ----------------------------------------------------------------------- tables

    @functools.cached_property
    def measures(self) -> pd.DataFrame:
        """One row per measure: its node ``id`` and the fields of ``measures.jsonl`` (lists
        stay lists), with the sentence and offsets it comes from."""
        from kg.assemble.tables import measure_table

        return measure_table(self.records)

    @functools.cached_property
    def actors(self) -> pd.DataFrame:
        """One row per actor: ``id``, ``name``, ``type``, ``surface`` forms, measures
        ``as_actor`` and ``as_target``, articles ``issued`` (as the document header's issuing
        body), ``articles``; busiest first."""
        from kg.assemble.tables import actor_table

        return actor_table(self.graph)

    @functools.cached_property
    def goals(self) -> pd.DataFrame:
        """One row per goal: ``id``, ``text``, ``measures`` serving it, ``articles``, ``time``,
        ``year``, ``quantities``; most pursued first."""
        from kg.assemble.tables import goal_table

        return goal_table(self.graph)

    @functools.cached_property
    def documents(self) -> pd.DataFrame:
        """One row per source file: its document header (``kind``, ``number``, ``issuers``,
        ``written``, ``published``; empty where it has none), then ``articles``, ``titles``,
        ``measures``, ``actors`` and ``goals``; in file-name order."""
        from kg.assemble.tables import document_table

        return document_table(self.graph, self.records)

    def per_year(self, by: str = "instrument") -> pd.DataFrame:
        """Measures per document year and ``instrument``, ``stance`` or ``actor_type``: how the
        mix moves over time (see :func:`kg.assemble.tables.per_year`). A document's year is
        its header's, else a date in its opening lines or its file name."""
        from kg.assemble.tables import per_year

        return per_year(self.graph, self.records, by)

    def similar(self, measure_id: str) -> pd.DataFrame:
        """The measures of other files that echo ``measure_id`` (``measure:FILE:START-END``, the
        measures table's ``id``), best first: ``id``, ``score``, ``text``, ``source``, ``article``."""
        import pandas as pd

        from kg.assemble.echoes import similar_to
        from kg.errors import InputError

        if measure_id not in self.graph or self.graph.nodes[measure_id].get("kind") != "measure":
            raise InputError(f"no measure {measure_id!r} in the graph")
        rows = [{"id": m, "score": score, "text": self.graph.nodes[m].get("text"),
                 "source": self.graph.nodes[m].get("source"), "article": self.graph.nodes[m].get("article")}
                for m, score in similar_to(self.graph, measure_id)]
        rows.sort(key=lambda r: (-r["score"], r["id"]))
        return pd.DataFrame(rows, columns=["id", "score", "text", "source", "article"])

    def counts(self) -> dict[str, int]:
        """Number of files and of nodes of each kind."""
        kinds = [k for _, k in self.graph.nodes(data="kind")]
        files = {a.get("source") for _, a in self.graph.nodes(data=True) if a.get("kind") == "article"}
        return {"files": len(files), **{f"{k}s": kinds.count(k) for k in ("article", "measure", "actor", "goal")}}

    # ----------------------------------------------------------------------- RDF and SPARQL

    @functools.cached_property
    def rdf(self) -> Graph:
        """The graph in RDF (rdflib), in the policykg ontology, as ``graph.ttl`` holds it."""
        from kg.export.rdf import to_rdf

        return to_rdf(self.graph)

    @functools.cached_property
    def _store(self) -> Any:
        """The RDF in an in-memory Oxigraph store, for large graphs."""
        import pyoxigraph as ox

        from kg.export.rdf import serialise

        store = ox.Store()
        store.bulk_load(serialise(self.graph, "nt"), format=ox.RdfFormat.N_TRIPLES)
        return store

    def query(self, sparql: str, /, *, engine: str = "auto", **params: Any) -> pd.DataFrame:
        """Run SPARQL and return the rows as a table, one column per variable.

        ``sparql`` is the query, a ``.rq`` file or an example's name (``kg query --list``:
        ``measures-per-actor``, ``top-goals``, ``co-actors``, ``instrument-mix``,
        ``section-measures``, ``actor-profile``). Keywords set the query's ``VALUES ?name``
        blocks. Numbers come back as ``int``/``float``; vocabulary IRIs as ``pkg:Supply``.
        ``engine``: ``rdflib``, ``oxigraph``, or ``auto`` (Oxigraph for large graphs); so a
        query parameter called ``engine`` must be set with :func:`kg.rdf.set_params`.

        >>> pg.query("actor-profile", name="高校")
        >>> pg.query("SELECT (COUNT(*) AS ?n) WHERE { ?m a pkg:Measure }")
        """
        from kg import rdf
        from kg.assemble.tables import result_frame

        if engine not in rdf.ENGINES:
            raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(rdf.ENGINES)}")
        text = rdf.read_query(sparql)
        if params:
            text = rdf.set_params(text, {name: str(value) for name, value in params.items()})
        if engine == "auto":
            size = self.graph.number_of_nodes() + self.graph.number_of_edges()
            engine = "oxigraph" if size > OXIGRAPH_ABOVE else "rdflib"
        if engine == "oxigraph":
            return result_frame(rdf.query_store(self._store, text))
        return result_frame(rdf.query_graph(self.rdf, text))

    # ----------------------------------------------------------------------- views

    def to_html(self, path: PathLike | None = None, *, title: str = "policykg",
                max_nodes: int | None = None) -> str | Path:
        """The interactive page ``graph.html`` (offline, self-contained): written to ``path``
        and its path returned, or returned as a string. ``max_nodes``: above this many nodes
        (default 3,000; 0 for no limit) the page opens on an overview, every measure one click
        or search away."""
        from kg.export.html import DEFAULT_MAX_NODES, render_html, write_html

        limit = DEFAULT_MAX_NODES if max_nodes is None else (max_nodes or None)
        if path is None:
            return render_html(self.graph, title=title, max_nodes=limit)
        write_html(self.graph, Path(path), title=title, max_nodes=limit)
        return Path(path)

    def _repr_html_(self) -> str:
        """The interactive page inline, in a sandboxed iframe.

        pyvis's notebook mode needs Jupyter's own JavaScript loading and shows nothing in VS
        Code; an iframe with the page in ``srcdoc`` works in both, offline, and the sandbox
        (scripts, but no same-origin access) keeps the page away from the notebook.
        """
        from kg.export.html import render_html

        page = render_html(self.graph, title="policykg", max_nodes=INLINE_MAX_NODES)
        return (f'<iframe srcdoc="{html.escape(page, quote=True)}" sandbox="allow-scripts" '
                f'title="policykg graph" loading="lazy" '
                f'style="width:100%;height:{INLINE_HEIGHT_PX}px;border:1px solid #ccc"></iframe>')

    def __repr__(self) -> str:
        c = self.counts()
        skipped = f", {len(self.skipped)} skipped" if self.skipped else ""
        return (f"<PolicyGraph: {c['files']} files{skipped}, {c['articles']} articles, "
                f"{c['measures']} measures, {c['actors']} actors, {c['goals']} goals>")

    # ----------------------------------------------------------------------- files

    def save(self, out: PathLike = "output", *, base_iri: str | None = None,
             rdf_formats: Sequence[str] = (), html_max_nodes: int | None = None) -> list[Path]:
        """Write what ``kg build --out`` writes into ``out``, each file atomically; returns the
        paths. ``rdf_formats`` adds ``nt``, ``json-ld``, ``trig`` beside ``graph.ttl``.

        >>> pg.save("my-output/"); kg.load("my-output/")
        """
        from kg.pipeline import write_graph_outputs

        return write_graph_outputs(self.graph, self.records, Path(out), base_iri=base_iri,
                                   rdf_formats=rdf_formats, html_max_nodes=html_max_nodes)

    def to_graphml(self, path: PathLike) -> Path:
        """GraphML with every attribute and its type (yEd, Cytoscape, Gephi; :func:`load`)."""
        from kg.export.graphml import write_graphml

        write_graphml(self.graph, Path(path))
        return Path(path)

    def to_gexf(self, path: PathLike) -> Path:
        """GEXF for Gephi. Offsets ``start``/``end`` are named ``char_start``/``char_end``
        there: under their own names Gephi would read them as time intervals."""
        from kg.export.gexf import write_gexf

        return write_gexf(self.graph, Path(path))

    def to_tables(self, *, zh: bool = False) -> dict[str, pd.DataFrame]:
        """The tables ``kg export`` writes, by name: ``measures``, ``actors``, ``goals``,
        ``documents``, ``edges`` (:mod:`kg.export.tables`). Flat and typed for a spreadsheet:
        integers stay integers (``Int64`` where a value can be missing), a missing value is
        empty, a list is one cell joined by "；". ``zh``: Chinese column headers.

        Unlike :attr:`measures`, lists are text here; the CSV files of :meth:`to_csv` read
        back equal to these tables (:func:`kg.export.tables.read_csv`).

        >>> pg.to_tables()["documents"]
        """
        from kg.export.tables import tables

        return tables(self.graph, self.records, zh=zh)

    def to_excel(self, path: PathLike, *, zh: bool = False) -> Path:
        """A workbook with one sheet per table of :meth:`to_tables`, written atomically.
        ``zh``: Chinese sheet names and column headers. Needs openpyxl
        (``pip install 'policykg[xlsx]'``); without it raises
        :class:`~kg.export.tables.MissingDependencyError`, an ``ImportError``.

        >>> pg.to_excel("policy.xlsx", zh=True)
        """
        from kg.export.tables import require_openpyxl, write_xlsx

        require_openpyxl()  # before the tables are made
        return write_xlsx(self.to_tables(zh=zh), Path(path), zh=zh)

    def to_csv(self, folder: PathLike, *, tables: Sequence[str] = ("nodes", "edges"),
               zh: bool = False) -> list[Path]:
        """One ``<table>.csv`` per table in ``folder``, each written atomically; returns the
        paths. UTF-8 with a byte order mark (Excel reads the Chinese right), typed as
        :meth:`to_tables` (``1049``, not ``1049.0``; empty, not ``nan``).

        ``tables``: by default ``nodes.csv`` (id, kind, label, every attribute) and
        ``edges.csv`` (source, target, key, relation, provenance: file, start, end, rule,
        sentence); any of ``measures``, ``actors``, ``goals``, ``documents``, ``edges``,
        ``nodes``. ``zh``: Chinese column headers (the file names stay English).

        >>> pg.to_csv("tables/", tables=("measures", "actors", "goals", "documents", "edges"))
        """
        from kg.export.tables import tables as make_tables
        from kg.export.tables import write_csv

        if isinstance(tables, str):
            tables = (tables,)
        return write_csv(make_tables(self.graph, self.records, zh=zh, names=tables), Path(folder))
