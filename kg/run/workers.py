"""Where extraction runs: in this process, in a pool of processes, or on a Dask cluster.

Extraction is per file and pure (bytes + rules -> ``DocumentResult``), so it spreads over
processes and machines without coordination. A job carries the file's bytes, not its path,
so a worker needs no shared file system. Results come back in input order whatever finishes
first, so every way of running gives the same output. At most ``window`` jobs are in flight,
so memory stays bounded however many files there are.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import pickle
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from kg.errors import InputError
from kg.model import DocumentResult
from kg.rulebook import Rulebook

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)

#: Below this much text a pool costs more to start than it saves.
POOL_MIN_BYTES = 400_000


@dataclass(frozen=True)
class Job:
    """One file to extract: its path as given (it names the source in the output) and bytes."""

    path: str
    data: bytes


@dataclass(frozen=True)
class Skipped:
    """A file that could not be used, and why."""

    path: str
    reason: str


Outcome = DocumentResult | Skipped


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@lru_cache(maxsize=2)
def _nlp(rules: Rulebook) -> Language:
    from kg.nlp import make_nlp

    return make_nlp(rules)


#: The rulebooks this process has seen, by digest: each job brings its own unpickled copy, and
#: what is derived from a rule table (look-up shapes, patterns) is kept per table object.
_RULEBOOKS: dict[str, Rulebook] = {}


def extract_job(job: Job, rules: Rulebook) -> Outcome:
    """Decode and extract one file; a bad file is a :class:`Skipped`, not an exception."""
    from kg.ingest import source_from_bytes
    from kg.extract.document import extract_source

    rules = _RULEBOOKS.setdefault(rules.digest, rules)  # the same content, the same object

    try:
        document = extract_source(source_from_bytes(job.path, job.data), rules, _nlp(rules))
    except InputError as err:
        return Skipped(err.path or job.path, err.reason)
    return document


def _start_worker(rules: Rulebook) -> None:
    """A pool process's start: load the pipeline, and pause the collector for the life of the
    process (:mod:`kg.run.heap`; a forked worker inherits the pause, a spawned one does not)."""
    _nlp(_RULEBOOKS.setdefault(rules.digest, rules))
    gc.disable()


def _pickled_job(job: Job, rules: Rulebook) -> bytes:
    """:func:`extract_job` in a pool process, its outcome pickled here: the parent unpickles
    these bytes once and can store the very same bytes in its cache, instead of pickling
    the outcome again."""
    return pickle.dumps(extract_job(job, rules), protocol=pickle.HIGHEST_PROTOCOL)


def _in_order(submit: Callable[[Job], Any], result: Callable[[Any], Outcome],
              items: Iterable[Job | Outcome], window: int) -> Iterator[Outcome]:
    """Submit jobs ``window`` ahead of the one awaited and yield outcomes in input order;
    finished items (cached results) pass through without counting against the window, so
    that while a job runs the results after it are read (and unpickled) meanwhile."""
    pending: deque[Any] = deque()
    in_flight = 0
    for item in items:
        if isinstance(item, Job):
            pending.append(submit(item))
            in_flight += 1
        else:
            pending.append(item)
        while in_flight > window:
            entry = pending.popleft()
            if not _finished(entry):
                in_flight -= 1
            yield _settle(entry, result)
    while pending:
        yield _settle(pending.popleft(), result)


def _finished(entry: Any) -> bool:
    return isinstance(entry, (DocumentResult, Skipped))


def _settle(entry: Any, result: Callable[[Any], Outcome]) -> Outcome:
    return entry if _finished(entry) else result(entry)


def run_jobs(items: Iterable[Job | Outcome], rules: Rulebook, *, workers: int = 1,
             client: Any = None,
             keep: Callable[[Outcome, bytes], None] | None = None) -> Iterator[Outcome]:
    """Extract every :class:`Job` in ``items`` (other items are results already known, say
    from the cache) and yield the outcomes in the order of ``items``.

    ``keep`` is called with each outcome that came pickled from a pool process, and its
    bytes, before it is yielded (the cache stores them as they are).

    ``client``: a ``dask.distributed.Client``; the rules go to every worker once. Otherwise
    ``workers`` > 1 forks a process pool. Each worker loads the pipeline as it starts, all at
    the same time; this process needs none, and stays smaller (it holds the results).
    """
    if client is not None:
        rules_on_cluster = client.scatter(rules, broadcast=True)
        window = 4 * max(1, sum(client.nthreads().values()))
        yield from _in_order(lambda job: client.submit(extract_job, job, rules_on_cluster, pure=False),
                             lambda future: future.result(), items, window)
        return
    if workers <= 1:
        yield from (extract_job(i, rules) if isinstance(i, Job) else i for i in items)
        return
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)

    def settle(future: Future) -> Outcome:
        data = future.result()
        outcome = pickle.loads(data)
        if keep is not None:
            keep(outcome, data)
        return outcome

    with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                             initializer=_start_worker, initargs=(rules,)) as pool:
        yield from _in_order(lambda job: pool.submit(_pickled_job, job, rules), settle, items, 4 * workers)
