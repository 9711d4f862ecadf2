"""SHACL validation of a policykg graph, and its report in words."""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.export.namespace import ONTOLOGY_IRI, SHAPES_FILE
from kg.rdf.load import check_files, format_of, load_graph, load_store, one_line
from kg.rdf.printing import compact
from kg.rdf.sparql import PREFIXES

log = logging.getLogger(__name__)

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


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
    from rdflib import Dataset, Graph
    from rdflib.namespace import RDF, RDFS, SH

    if not hasattr(data, "query"):
        paths = check_files(list(data))
        data = load_graph(paths)
        source = ", ".join(map(str, paths))
    if isinstance(data, Dataset):  # validate the union of its graphs
        union = Graph()
        union += ((s, p, o) for s, p, o, _ in data.quads((None, None, None, None)))
        data = union
    shapes_path = Path(shapes) if shapes else SHAPES_FILE
    try:
        shapes_graph = Graph().parse(shapes_path, format=format_of(shapes_path)[0])
    except InputError:
        raise
    except Exception as err:
        raise InputError(f"cannot read the shapes {shapes_path}: {one_line(err)}") from err
    conforms, report, _ = validate(data, shacl_graph=shapes_graph, inference="none",
                                   abort_on_first=False, allow_warnings=False)
    issues = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        kinds = sorted(str(k)[len(ONTOLOGY_IRI):] for k in data.objects(focus, RDF.type)
                       if str(k).startswith(ONTOLOGY_IRI))
        label = min(data.objects(focus, RDFS.label), key=str, default=None)  # the same whatever the order
        severity = report.value(result, SH.resultSeverity)
        issues.append(_issue(focus, kinds, label, report.value(result, SH.resultPath),
                             report.value(result, SH.value), report.value(result, SH.resultMessage),
                             severity, report.value(result, SH.sourceConstraintComponent)))
    issues.sort(key=lambda i: (i.focus, i.path, i.message, i.value))
    return ValidationReport(bool(conforms), issues, len(data), source, report)


def _issue(focus: Any, kinds: list[str], label: Any, path: Any, value: Any, message: Any, severity: Any,
           component: Any) -> Issue:
    """An :class:`Issue` from a result's rdflib terms, whichever engine found it."""
    component = str(component or "").rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
    return Issue(
        focus=str(focus),
        focus_kind=kinds[0] if kinds else "",
        focus_label=str(label) if label is not None else "",
        path=str(path or ""),
        value=_term_text(value),
        message=str(message or f"violates sh:{component}"),
        severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
        constraint=f"sh:{_camel(component)}" if component else "",
    )


def _term_text(node: Any) -> str:
    """A value as the report shows it: a prefixed name or <IRI>, a literal cut at 60 characters."""
    from rdflib import Literal, URIRef

    if node is None:
        return ""
    if isinstance(node, URIRef):
        return compact(str(node)) if str(node).startswith(tuple(PREFIXES.values())) else f"<{node}>"
    if isinstance(node, Literal):
        return node.n3() if len(str(node)) <= 60 else Literal(str(node)[:59] + "…").n3()
    return str(node)


# --------------------------------------------------------------------------- engines

#: ``kg validate --engine``: shacl-rust (Rust, default when installed) or pySHACL. On the graph
#: of policy-corpus (1.8 million triples) shacl-rust took 12 s and 0.9 GB, pySHACL 3 min 47 s
#: and 2.8 GB, with the same results on the seeds, on hand-broken graphs of every constraint
#: in shapes.ttl, and on a 5% cut of the corpus with 4,111 results.
VALIDATORS = ("auto", "shacl-rust", "pyshacl")
#: Formats shacl-rust reads itself; others (and several files) go to it as merged N-Triples.
_RUST_READS = {".ttl": "turtle", ".turtle": "turtle", ".nt": "nt", ".ntriples": "nt"}


class _EngineFailed(Exception):
    """shacl-rust could not validate these shapes or data: pySHACL is asked instead."""


def validate_files(paths: Sequence[Path], *, shapes: Path | None = None, engine: str = "auto") -> ValidationReport:
    """Validate the union of the graph files against the shapes (default: the shipped ones).

    ``engine``: ``auto`` runs shacl-rust, and pySHACL if shacl-rust is not installed or fails
    on these shapes (a warning says so); ``shacl-rust`` or ``pyshacl`` runs that one only.
    A graph of no triples is an :class:`InputError`: every graph conforms when it is empty.
    """
    if engine not in VALIDATORS:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(VALIDATORS)}")
    paths = check_files(list(paths))
    source = ", ".join(map(str, paths))
    shapes_path = Path(shapes) if shapes else SHAPES_FILE
    if engine != "pyshacl":
        try:
            return _validate_rust(paths, shapes_path, source)
        except _EngineFailed as err:
            if engine == "shacl-rust":
                raise InputError(f"shacl-rust cannot validate {source}: {err}") from err
            log.warning("shacl-rust cannot validate %s (%s); validating with pySHACL instead", source, err)
    graph = load_graph(paths)
    if next(iter(graph.triples((None, None, None))), None) is None:
        raise InputError(f"no triples in {source}: nothing to validate")
    return validate_graph(graph, shapes=shapes_path, source=source)


def _validate_rust(paths: list[Path], shapes_path: Path, source: str) -> ValidationReport:
    import pyoxigraph as ox

    try:
        import shacl_rust
    except ImportError as err:
        raise _EngineFailed("it is not installed (pip install shacl-rust)") from err
    store = load_store(paths)
    triples = int(next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value)
    if not triples:
        raise InputError(f"no triples in {source}: nothing to validate")
    merged = None
    if len(paths) == 1 and paths[0].suffix.lower() in _RUST_READS:
        data = paths[0]
    else:
        fd, name = tempfile.mkstemp(suffix=".nt", prefix=".policykg-validate-")
        os.close(fd)
        merged = data = Path(name)
        store.dump(str(merged), format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    try:
        report = shacl_rust.validate_file(str(data), str(shapes_path), experimental_index=True)
    except Exception as err:  # noqa: BLE001 - any failure of the engine falls back to pySHACL
        raise _EngineFailed(one_line(err)) from err
    finally:
        if merged is not None:
            merged.unlink(missing_ok=True)
    results = report.get("results") or []
    issues = [_rust_issue(store, r) for r in results]
    issues.sort(key=lambda i: (i.focus, i.path, i.message, i.value))
    return ValidationReport(bool(report["conforms"]), issues, triples, source, _RustReport(bool(report["conforms"]), results))


def _rust_issue(store: Any, result: Mapping[str, Any]) -> Issue:
    """An :class:`Issue` from a shacl-rust result (terms as N-Triples text): the focus node's
    class and label are read from the store, as pySHACL's path reads them from the graph."""
    import pyoxigraph as ox
    from rdflib.util import from_n3

    focus = from_n3(result["focusNode"])
    subject = ox.NamedNode(str(focus)) if result["focusNode"].startswith("<") else ox.BlankNode(str(focus))
    kinds = sorted(q.object.value[len(ONTOLOGY_IRI):] for q in store.quads_for_pattern(
        subject, ox.NamedNode(RDF_TYPE), None, ox.DefaultGraph()) if q.object.value.startswith(ONTOLOGY_IRI))
    label = min((q.object.value for q in store.quads_for_pattern(
        subject, ox.NamedNode(RDFS_LABEL), None, ox.DefaultGraph())), default=None)
    messages = result.get("messages") or []
    path = result.get("resultPath") or ""
    return _issue(focus, kinds, label, from_n3(path) if path else None,
                  from_n3(result["value"]) if result.get("value") else None,
                  messages[-1] if messages else None,  # the shape's sh:message comes last
                  from_n3(result.get("severity") or "<http://www.w3.org/ns/shacl#Violation>"),
                  from_n3(result.get("sourceConstraintComponent") or "<>"))


class _RustReport:
    """shacl-rust's results as a SHACL validation report graph, made when asked for
    (``kg validate --format turtle``): a large graph's report is large."""

    def __init__(self, conforms: bool, results: list[Mapping[str, Any]]) -> None:
        self.conforms = conforms
        self.results = results

    def graph(self) -> Any:
        from rdflib import BNode, Graph, Literal, URIRef
        from rdflib.namespace import RDF, SH
        from rdflib.util import from_n3

        g = Graph()
        g.bind("sh", SH)
        report = BNode()
        g.add((report, RDF.type, SH.ValidationReport))
        g.add((report, SH.conforms, Literal(self.conforms)))
        for r in self.results:
            node = BNode()
            g.add((report, SH.result, node))
            g.add((node, RDF.type, SH.ValidationResult))
            g.add((node, SH.focusNode, from_n3(r["focusNode"])))
            if r.get("resultPath"):
                g.add((node, SH.resultPath, from_n3(r["resultPath"])))
            if r.get("value"):
                g.add((node, SH.value, from_n3(r["value"])))
            if r.get("messages"):
                g.add((node, SH.resultMessage, Literal(r["messages"][-1])))
            g.add((node, SH.resultSeverity, URIRef(str(from_n3(r.get("severity") or "<" + str(SH.Violation) + ">")))))
            if r.get("sourceConstraintComponent"):
                g.add((node, SH.sourceConstraintComponent, from_n3(r["sourceConstraintComponent"])))
            shape = r.get("sourceShape") or ""
            g.add((node, SH.sourceShape, from_n3(shape) if shape.startswith("<") else BNode()))
        return g

    def serialize(self, **kwargs: Any) -> str:
        return self.graph().serialize(**kwargs)
