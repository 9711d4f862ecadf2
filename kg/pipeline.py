"""The whole flow: ingest -> layout -> segment -> extract -> assemble -> export."""

from __future__ import annotations

import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from kg.errors import InputError, OutputError, RuleError
from kg.model import DocumentResult, Measure
from kg.extract.document import extract_file, extract_source, extract_text  # noqa: F401 - the API
from kg.rulebook import Rulebook, default_rulebook, load_rulebook
from kg.run.heap import collector_paused

if TYPE_CHECKING:

    from kg.run.cache import ResultCache

log = logging.getLogger(__name__)

DEFAULT_INPUT = Path("seeds")
DEFAULT_OUT = Path("output")
#: Why a file that decodes to text but yields not one sentence is skipped (a file of bylines,
#: author notes or promotional lines only).
NO_SENTENCES = "no sentences"


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
        from kg.assemble import node_kinds

        kinds = list(node_kinds(self.graph).values())
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
    """The built-in rules, with the entries of the ``rule_dirs`` folders (``--rules``) added.

    A folder that is missing or a file, and a rule file that is a folder or not UTF-8, is a
    :class:`RuleError` naming it; a folder with no rule file in it adds nothing, with a warning.
    """
    if not rule_dirs:
        return default_rulebook()
    for folder in map(Path, rule_dirs):
        if folder.exists() and not folder.is_dir():
            raise RuleError(f"--rules takes a folder of rule files, not a file: {folder}")
        if not folder.exists():
            continue  # load_rulebook says it is not found
        files = sorted(folder.glob("*.t[xs][tv]"))
        if not files:
            log.warning("%s holds no rule files (.txt or .tsv named as in kg/rules): it adds nothing", folder)
        for path in files:
            if not path.is_file():  # a folder, or a FIFO that reading would wait on forever
                raise RuleError(f"{path}: a {'folder' if path.is_dir() else 'special file'}, not a rule file")
            try:
                path.read_bytes().decode("utf-8")
            except OSError as err:
                raise RuleError(f"{path}: cannot read: {err.strerror or err}") from err
            except UnicodeDecodeError as err:
                raise RuleError(f"{path}: not UTF-8 text (byte {err.start})") from err
    return load_rulebook(rule_dirs)


def build(inputs: Iterable[str | Path] = (DEFAULT_INPUT,), *, rules: Rulebook | None = None,
          strict: bool = False, workers: int = 1, client: Any = None, cache_dir: Path | None = None,
          on_file: Callable[[str], None] | None = None, texts: Sequence[tuple[str, str]] = (),
          link_threshold: float | None = None) -> BuildResult:
    """Extract every input file, and every ``(name, text)`` of ``texts`` after them, and
    assemble the graph. A text goes the same way as a file's bytes (workers, cache), so
    that ``kg.build`` of a string has every option a folder has.

    A bad path or file (missing, unreadable, empty, binary, undecodable, or text in which not
    one sentence is found) is skipped and listed in ``BuildResult.skipped``; with ``strict``
    the first one raises :class:`InputError` instead. With no usable file at all,
    :class:`InputError` either way.

    ``workers`` > 1 extracts in a process pool, ``client`` (a ``dask.distributed.Client``) on
    a Dask cluster; the result is the same as in one process. ``cache_dir`` keeps each file's
    result, so that unchanged files are not extracted again. ``on_file`` is called with each
    file's path as it is done (a progress bar). Measures of different files that say nearly
    the same are linked (``echoes``, :mod:`kg.assemble.echoes`) at ``link_threshold`` (None:
    the default, 0: no links).
    """
    from kg.assemble import GraphBuilder
    from kg.ingest import find_inputs, read_bytes
    from kg.normalise import ActorNormaliser
    from kg.run.workers import POOL_MIN_BYTES, Job, Skipped, run_jobs

    started = time.perf_counter()
    rules = rules or default_rulebook()
    found = find_inputs(inputs)
    skipped = list(found.skipped)
    if strict and skipped:
        raise InputError(skipped[0][1], path=skipped[0][0])
    cache = _cache(cache_dir, rules)
    keys: dict[str, str] = {}

    def jobs() -> Iterator[Job | Skipped]:
        for path in found.files:
            try:
                yield Job(str(path), read_bytes(path))
            except InputError as err:
                yield Skipped(str(path), err.reason)
        for name, text in texts:
            yield Job(name, text.encode("utf-8"))

    def items() -> Iterator[Job | DocumentResult | Skipped]:
        for job in jobs():
            if isinstance(job, Skipped):
                yield job
                continue
            if cache is not None:
                keys[job.path] = cache.key(job.path, job.data)
                hit = cache.get(keys[job.path])
                if hit is not None:
                    yield hit
                    continue
            yield job

    workers = min(workers, len(found.files) + len(texts))  # one file is one job: more workers would idle
    size = sum(p.stat().st_size for p in found.files) + sum(len(text.encode("utf-8")) for _, text in texts)
    if workers > 1 and client is None and size < POOL_MIN_BYTES:
        log.info("%d workers asked for, but the input is small: extracting in this process", workers)
        workers = 1
    documents: list[DocumentResult] = []
    graph = GraphBuilder(ActorNormaliser(rules))

    def keep(outcome: DocumentResult | Skipped, data: bytes) -> None:
        """Store a worker's result as pickled; its key is used up, so it is not stored again."""
        key = keys.pop(outcome.source.path, None) if isinstance(outcome, DocumentResult) else None
        if cache is not None and key is not None:
            cache.put_pickled(key, data)

    with collector_paused():
        for outcome in run_jobs(items(), rules, workers=workers, client=client, keep=keep):
            if isinstance(outcome, Skipped):
                if strict:
                    raise InputError(outcome.reason, path=outcome.path)
                log.info("skipped %s: %s", outcome.path, outcome.reason)
                skipped.append((outcome.path, outcome.reason))
            elif not outcome.sentences:  # text, but nothing read as a sentence: said, not lost
                if strict:
                    raise InputError(NO_SENTENCES, path=outcome.source.path)
                log.info("skipped %s: %s", outcome.source.path, NO_SENTENCES)
                skipped.append((outcome.source.path, NO_SENTENCES))
            else:
                documents.append(outcome)
                graph.add(outcome.articles, outcome.measures, outcome.source.header, outcome.source.year)  # meanwhile, the workers go on
                key = keys.pop(outcome.source.path, None)
                if cache is not None and key is not None:
                    cache.put(key, outcome)
            if on_file is not None:
                on_file(outcome.path if isinstance(outcome, Skipped) else outcome.source.path)
        if cache is not None:
            log.info("cache %s: %d files reused, %d extracted", cache.folder, cache.hits, cache.misses)
        if not documents:
            reasons = "; ".join(f"{path}: {reason}" for path, reason in skipped)
            raise InputError(f"no usable input ({reasons})" if reasons else "no input given")
        corpus = graph.finish(link_threshold)
    return BuildResult(tuple(documents), corpus, time.perf_counter() - started, rules, tuple(skipped))


def _cache(cache_dir: Path | None, rules: Rulebook) -> ResultCache | None:
    if cache_dir is None:
        return None
    from kg.run.cache import ResultCache
    from kg.segment import segmenter

    return ResultCache(cache_dir, rules.digest, segmenter())


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
                  rdf_formats: Sequence[str] = (), html_max_nodes: int | None = None,
                  parallel: bool = False) -> list[Path]:
    """Write what ``kg build`` writes for ``result`` into ``out``; see :func:`write_graph_outputs`."""
    from kg.export.jsonl import measure_record
    from kg.normalise import ActorNormaliser

    normaliser = ActorNormaliser(result.rules)
    records = (measure_record(m, normaliser) for m in result.measures)  # made as they are written
    return write_graph_outputs(result.graph, records, out,
                               base_iri=base_iri, rdf_formats=rdf_formats, html_max_nodes=html_max_nodes,
                               parallel=parallel)


def write_graph_outputs(graph: nx.MultiDiGraph, records: Iterable[dict[str, Any]], out: Path = DEFAULT_OUT, *,
                        base_iri: str | None = None, rdf_formats: Sequence[str] = (),
                        html_max_nodes: int | None = None, parallel: bool = False) -> list[Path]:
    """Write measures.jsonl (``records``), the RDF files, graph.graphml and graph.html into
    ``out``, each file atomically; from a graph alone, so that a reloaded build saves too.

    ``rdf_formats`` adds serialisations beside graph.ttl (nt, json-ld, trig); the ontology and
    SHACL shapes are written with them so that the folder is self-describing.
    ``html_max_nodes``: the page keeps this many most-connected nodes (None: the default).
    ``parallel``: write the RDF, the longest to make, in a second process meanwhile.
    """
    from kg.export.atomic import atomic_writer
    from kg.export.graphml import write_graphml
    from kg.export.html import node_cap, write_html
    from kg.export.jsonl import json_line_bytes
    from kg.export.rdf import parse_formats, write_rdf_outputs

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
    with collector_paused():  # the graph is millions of objects no collection would free
        graphml, html, jsonl = out / "graph.graphml", out / "graph.html", out / "measures.jsonl"
        rdf = partial(write_rdf_outputs, graph, out, formats=rdf_formats, base_iri=base_iri)
        rdf_done = _in_background(rdf) if parallel else _done(rdf())
        try:
            with atomic_writer(jsonl) as f:  # piece by piece: a large corpus is never one string
                f.writelines(map(json_line_bytes, records))
            write_graphml(graph, graphml)
            write_html(graph, html, title="policykg", max_nodes=node_cap(html_max_nodes))
        except BaseException:
            with suppress(Exception):  # the first error is the one to report
                rdf_done()  # the second process is not left writing behind our back
            raise
        return [jsonl, *rdf_done(), graphml, html]


def _done(value: Any) -> Callable[[], Any]:
    return lambda: value


_BACKGROUND: dict[str, Any] = {}


def _call_background() -> Any:
    job = _BACKGROUND
    return job["fn"](*job["args"], **job["kwargs"])


def _in_background(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Callable[[], Any]:
    """Run ``fn(*args, **kwargs)`` in a forked process; return a function that waits for its
    result (or raises its exception). The arguments are inherited by the fork, not pickled:
    a large graph would take longer to send than to write. Without fork, it runs here."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if "fork" not in multiprocessing.get_all_start_methods():
        return _done(fn(*args, **kwargs))
    _BACKGROUND.update(fn=fn, args=args, kwargs=kwargs)
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
    future = pool.submit(_call_background)

    def wait() -> Any:
        try:
            return future.result()
        finally:
            pool.shutdown()
            _BACKGROUND.clear()

    return wait
