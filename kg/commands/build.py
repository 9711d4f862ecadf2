"""``kg build``: extract measures from policy documents and write the graph."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.commands.options import add_cache_options, cache_dir, checked, counted, fraction, whole_number
from kg.commands.view import node_limit
from kg.errors import KGError

HELP = "extract measures from policy documents (text, web pages, Word, PDF) and write the graph"


def _valid_base_iri(text: str) -> None:
    from kg.export.rdf import normalise_base

    normalise_base(text)


def _valid_rdf_formats(text: str) -> None:
    from kg.export.rdf import parse_formats

    parse_formats([text])


#: Above this many measures the RDF is written in a second process (below, forking costs more).
PARALLEL_WRITE_MEASURES = 20_000


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="*", type=Path, default=[Path("seeds")],
                   help="files (.txt .md .html .docx .pdf) or folders, searched recursively (default: seeds/)")
    p.add_argument("--out", type=Path, default=Path("output"), help="output folder (default: output/)")
    p.add_argument("--rules", type=Path, action="append", default=[],
                   help="a folder of extra rule files, in the format of kg/rules (repeatable)")
    p.add_argument("--base-iri", type=checked(_valid_base_iri), default=None,
                   help="base IRI of the RDF data (default: https://w3id.org/policykg/data/)")
    p.add_argument("--rdf-format", type=checked(_valid_rdf_formats), action="append", default=[], metavar="FORMAT",
                   help="also write graph.nt, graph.jsonld or graph.trig: nt, json-ld, trig "
                        "(repeatable or comma-separated; graph.ttl is always written)")
    p.add_argument("--link-threshold", type=fraction(zero=True), default=None, metavar="SCORE",
                   help="link measures of different files whose texts are at least this alike, 0 to 1 "
                        "(Jaccard of character bigrams; default 0.7; 0: no links)")
    p.add_argument("--html-max-nodes", type=node_limit, default=None, metavar="N",
                   help="above N nodes the HTML page opens on an overview of actors, goals and documents, "
                        "every measure one click or search away (default 3000; 0: no limit)")
    p.add_argument("--strict", action="store_true", help="stop at the first bad input file")
    p.add_argument("--workers", type=whole_number(1), default=None, metavar="N",
                   help="extract in N processes (default: one per core; small inputs use one)")
    add_cache_options(p)
    p.add_argument("--dask", metavar="SCHEDULER", default=None,
                   help="extract on a Dask cluster: a scheduler address (tcp://host:8786), "
                        "or 'local' for a cluster on this machine (needs the dask extra)")


def run(args: argparse.Namespace) -> int:
    from kg.pipeline import build, check_out, rules_for, write_outputs
    from kg.run.workers import default_workers

    check_out(args.out)
    workers = args.workers or default_workers()
    with _progress() as on_file, _dask_client(args.dask, workers) as client:
        result = build(args.inputs, rules=rules_for(args.rules), strict=args.strict,
                       workers=workers, client=client,
                       cache_dir=cache_dir(args),
                       on_file=on_file, link_threshold=args.link_threshold)
    # A large graph's RDF is written in a second process meanwhile, if there is a second core
    # (whatever --workers said of extraction, which is over by now).
    paths = write_outputs(result, args.out, base_iri=args.base_iri, rdf_formats=args.rdf_format,
                          html_max_nodes=args.html_max_nodes,
                          parallel=default_workers() > 1 and len(result.measures) > PARALLEL_WRITE_MEASURES)
    print(summary_line(result.summary()))
    for path in paths:
        print(f"  wrote {path}")
    for path, reason in result.skipped:
        print(f"kg: skipped {path}: {reason}", file=sys.stderr)
    return 3 if result.skipped else 0


def summary_line(s: dict[str, int | float]) -> str:
    """``2 files, 5 articles, 260 sentences -> 484 measures, 36 actors, 70 goals in 1.0 s``,
    each noun singular for one (``1 file (1 skipped), 1 article, ...``)."""
    skipped = f" ({s['skipped']} skipped)" if s["skipped"] else ""
    made = ", ".join(counted(int(s[key]), key[:-1]) for key in ("measures", "actors", "goals"))
    return (f"{counted(int(s['files']), 'file')}{skipped}, {counted(int(s['articles']), 'article')}, "
            f"{counted(int(s['sentences']), 'sentence')} -> {made} in {s['seconds']:.1f} s")


@contextmanager
def _progress() -> Iterator[Callable[[str], None] | None]:
    """A progress bar over files on an interactive terminal; nothing in CI, pipes or logs."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
        yield None
        return
    from tqdm import tqdm

    with tqdm(desc="extracting", unit=" files", leave=False, file=sys.stderr) as bar:
        yield lambda _path: bar.update()


@contextmanager
def _dask_client(scheduler: str | None, workers: int) -> Iterator[object | None]:
    """A Dask client for ``--dask``: 'local' starts a cluster of processes on this machine."""
    if scheduler is None:
        yield None
        return
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise KGError("--dask needs Dask: pip install 'policykg[dask]'") from None
    if scheduler != "local" and "://" not in scheduler and ":" not in scheduler:
        raise KGError(f"--dask takes a scheduler address such as tcp://host:8786, or 'local'; "
                      f"got {scheduler!r}")
    if scheduler == "local":
        with LocalCluster(n_workers=workers, threads_per_worker=1,
                          processes=True, dashboard_address=None) as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(scheduler, timeout=30)
    except (OSError, ValueError, TypeError) as err:  # unreachable, or an address Dask cannot read
        raise KGError(f"cannot reach the Dask scheduler {scheduler}: {' '.join(str(err).split())}") from err
    with client:
        yield client
