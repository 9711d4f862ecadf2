"""The whole flow: ingest -> layout -> segment -> extract -> assemble -> export."""

from __future__ import annotations

import logging
import os
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from kg.errors import InputError, OutputError
from kg.model import DocumentResult, Measure
from kg.rulebook import Rulebook, default_rulebook, load_rulebook

log = logging.getLogger(__name__)

DEFAULT_INPUT = Path("seeds")
DEFAULT_OUT = Path("output")


@dataclass(frozen=True)
class BuildResult:
    """Everything one build produced, before it is written anywhere."""

    documents: tuple[DocumentResult, ...]
    graph: nx.MultiDiGraph
    seconds: float
    rules: Rulebook
    skipped: tuple[tuple[str, str], ...] = ()

    @property
    def measures(self) -> list[Measure]:
        return [m for d in self.documents for m in d.measures]

    def summary(self) -> dict[str, int | float]:
        kinds = [k for _, k in self.graph.nodes(data="kind")]
        return {
            "files": len(self.documents),
            "skipped": len(self.skipped),
            "articles": sum(len(d.articles) for d in self.documents),
            "sentences": sum(len(d.sentences) for d in self.documents),
            "measures": len(self.measures),
            "actors": kinds.count("actor"),
            "goals": kinds.count("goal"),
            "seconds": round(self.seconds, 2),
        }


def rules_for(rule_dirs: Sequence[Path] = ()) -> Rulebook:
    return load_rulebook(rule_dirs) if rule_dirs else default_rulebook()


def extract_file(path: Path, rules: Rulebook, nlp) -> DocumentResult:  # noqa: ANN001 - spaCy Language
    """Read one file and extract its measures."""
    from kg.ingest import read_source

    return extract_source(read_source(path), rules, nlp)


def extract_text(text: str, *, name: str = "text.txt", rules: Rulebook | None = None) -> DocumentResult:
    """Extract measures from a string, as if it were a file called ``name``."""
    from kg.model import SourceText
    from kg.nlp import make_nlp

    rules = rules or default_rulebook()
    return extract_source(SourceText(path=name, name=name, text=text, encoding="str"), rules, make_nlp(rules))


def extract_source(source, rules: Rulebook, nlp) -> DocumentResult:  # noqa: ANN001
    from kg.extract import measures
    from kg.ingest import paragraphs
    from kg.layout import layout

    articles, sentences = layout(source, paragraphs(source, rules), rules)
    found = tuple(measures(sentences, nlp, rules))
    log.info("%s: %d articles, %d sentences, %d measures", source.name, len(articles), len(sentences), len(found))
    return DocumentResult(source, tuple(articles), tuple(sentences), found)


def build(inputs: Iterable[str | Path] = (DEFAULT_INPUT,), *, rules: Rulebook | None = None,
          strict: bool = False) -> BuildResult:
    """Extract every input file and assemble the graph.

    A bad path or file (missing, unreadable, empty, binary, undecodable) is skipped and listed
    in ``BuildResult.skipped``; with ``strict`` the first one raises :class:`InputError`
    instead. With no usable file at all, :class:`InputError` either way.
    """
    from kg.graph import build_graph
    from kg.ingest import find_inputs
    from kg.nlp import make_nlp
    from kg.normalise import ActorNormaliser

    started = time.perf_counter()
    rules = rules or default_rulebook()
    found = find_inputs(inputs)
    skipped = list(found.skipped)
    if strict and skipped:
        raise InputError(skipped[0][1], path=skipped[0][0])
    nlp = make_nlp(rules) if found.files else None
    documents: list[DocumentResult] = []
    for path in found.files:
        try:
            documents.append(extract_file(path, rules, nlp))
        except InputError as err:
            if strict:
                raise
            log.info("skipped %s", err)
            skipped.append((err.path or str(path), err.reason))
    if not documents:
        reasons = "; ".join(f"{path}: {reason}" for path, reason in skipped)
        raise InputError(f"no usable input ({reasons})" if reasons else "no input given")
    graph = build_graph(
        (a for d in documents for a in d.articles),
        (m for d in documents for m in d.measures),
        ActorNormaliser(rules),
    )
    return BuildResult(tuple(documents), graph, time.perf_counter() - started, rules, tuple(skipped))


def check_out(out: Path) -> None:
    """Fail early, before any work, if ``out`` cannot become a folder we can write into.

    Nothing is created: a probe file is made in the nearest existing folder and removed.
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise OutputError(f"--out is a file, not a folder: {out}")
    existing = out
    while not existing.exists():
        if existing.parent == existing:
            break
        existing = existing.parent
    if not existing.is_dir():
        raise OutputError(f"cannot create {out}: {existing} is a file, not a folder")
    try:
        fd, probe = tempfile.mkstemp(prefix=".policykg-probe.", dir=existing)
    except OSError as err:
        raise OutputError(f"cannot write into {existing}: {err.strerror or err}") from err
    os.close(fd)
    os.unlink(probe)


def write_outputs(result: BuildResult, out: Path = DEFAULT_OUT, *, base_iri: str | None = None,
                  rdf_formats: Sequence[str] = (), html_max_nodes: int | None = None) -> list[Path]:
    """Write measures.jsonl, the RDF files, graph.graphml and graph.html into ``out``; atomically.

    ``rdf_formats`` adds serialisations beside graph.ttl (nt, json-ld, trig); the ontology and
    SHACL shapes are written with them so that the folder is self-describing.
    ``html_max_nodes``: the page keeps this many most-connected nodes (None: the default).
    """
    from kg.export.graphml import write_graphml
    from kg.export.html import DEFAULT_MAX_NODES, write_html
    from kg.export.jsonl import write_jsonl
    from kg.export.rdf import parse_formats, write_rdf_outputs
    from kg.normalise import ActorNormaliser

    out = Path(out)
    try:
        parse_formats(rdf_formats)
    except ValueError as err:
        raise OutputError(str(err)) from err
    check_out(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"cannot create {out}: {err.strerror or err}") from err
    paths = [out / "measures.jsonl"]
    write_jsonl(result.measures, paths[0], ActorNormaliser(result.rules))
    paths += write_rdf_outputs(result.graph, out, formats=rdf_formats, base_iri=base_iri)
    paths.append(out / "graph.graphml")
    write_graphml(result.graph, paths[-1])
    paths.append(out / "graph.html")
    write_html(result.graph, paths[-1], title="policykg",
               max_nodes=DEFAULT_MAX_NODES if html_max_nodes is None else (html_max_nodes or None))
    return paths
