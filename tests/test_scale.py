"""Parallel, cached and distributed builds give exactly what one process gives."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.run.cache import ResultCache
from kg.pipeline import build, write_outputs
from kg.run.workers import POOL_MIN_BYTES, Job, Skipped, extract_job, run_jobs

from .conftest import SEEDS
from .test_cli import OUTPUTS, run_kg


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough text for the process pool to be used: varied copies of the seeds, and a bad file."""
    folder = tmp_path_factory.mktemp("corpus")
    size = 0
    k = 0
    while size < POOL_MIN_BYTES * 1.2:
        for seed in sorted(SEEDS.glob("*.txt")):
            text = seed.read_text(encoding="utf-8").replace("。", f"（{k}）。")
            (folder / f"{seed.stem}-{k:03d}.txt").write_text(text, encoding="utf-8")
            size += len(text.encode("utf-8"))
        k += 1
    (folder / "zz-empty.txt").write_bytes(b"")
    return folder


def _outputs(result, out: Path) -> dict[str, bytes]:
    write_outputs(result, out)
    return {name: (out / name).read_bytes() for name in OUTPUTS}


@pytest.fixture(scope="module")
def single(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return _outputs(build([corpus], workers=1), tmp_path_factory.mktemp("single"))


def test_two_workers_write_the_same_bytes_as_one(corpus: Path, single: dict[str, bytes], tmp_path: Path) -> None:
    result = build([corpus], workers=2)
    assert result.skipped == ((str(corpus / "zz-empty.txt"), "empty file"),)
    assert _outputs(result, tmp_path) == single


def test_writing_in_a_second_process_gives_the_same_bytes(corpus: Path, single: dict[str, bytes],
                                                           tmp_path: Path) -> None:
    result = build([corpus], workers=2)
    write_outputs(result, tmp_path, parallel=True)
    assert {name: (tmp_path / name).read_bytes() for name in OUTPUTS} == single


def test_a_failed_write_waits_for_the_second_process(corpus: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The error of the main writer is the one raised, and the second process has finished
    (its file is whole) by then: a command that exits at once leaves nothing half-written."""
    import kg.export.html

    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError("disk full")

    result = build([corpus], workers=1)
    monkeypatch.setattr(kg.export.html, "write_html", broken)
    with pytest.raises(OSError, match="disk full"):
        write_outputs(result, tmp_path, parallel=True)
    assert (tmp_path / "graph.ttl").read_bytes().rstrip().endswith(b" .")  # the RDF, written meanwhile
    assert not list(tmp_path.glob(".*tmp*"))


def test_outcomes_keep_input_order_whatever_finishes_first() -> None:
    from kg.rulebook import default_rulebook

    rules = default_rulebook()
    jobs = [Job(f"{i}.txt", ("加强政策引导。" * (40 - 10 * i)).encode()) for i in range(4)]
    jobs.insert(2, Job("bad.txt", b""))
    outcomes = list(run_jobs(jobs, rules, workers=2))
    names = [o.path if isinstance(o, Skipped) else o.source.path for o in outcomes]
    assert names == ["0.txt", "1.txt", "bad.txt", "2.txt", "3.txt"]
    assert outcomes[2] == Skipped("bad.txt", "empty file")
    assert outcomes[0] == extract_job(jobs[0], rules)


def test_cached_results_are_read_ahead_but_jobs_stay_within_the_window() -> None:
    """While a job runs, the cached results after it are read meanwhile (a rebuild after one
    change waits for one extraction, not for it and then the reading); jobs in flight never
    exceed the window."""
    from kg.run.workers import _in_order

    cached = [Skipped(f"cached-{i}.txt", "stand-in for a cached result") for i in range(5)]
    items = [Job("a.txt", b"1"), *cached, Job("b.txt", b"2"), Job("c.txt", b"3")]
    consumed: list[str] = []
    in_flight: set[str] = set()
    widest = 0

    def feed() -> Iterator[Job | Skipped]:
        for item in items:
            consumed.append(item.path)
            yield item

    def submit(job: Job) -> str:
        nonlocal widest
        in_flight.add(job.path)
        widest = max(widest, len(in_flight))
        return job.path

    def result(path: str) -> Skipped:
        if path == "a.txt":
            assert consumed[:6] == ["a.txt", *(c.path for c in cached)]  # read ahead of a.txt
        in_flight.discard(path)
        return Skipped(path, "done")

    names = [o.path for o in _in_order(submit, result, feed(), window=1)]
    assert names == [i.path for i in items]
    assert widest == 2  # the awaited job and one (the window) ahead of it


def test_the_cache_reextracts_only_the_changed_file(corpus: Path, tmp_path: Path,
                                                     single: dict[str, bytes]) -> None:
    folder = tmp_path / "docs"
    shutil.copytree(corpus, folder)
    cache_dir = tmp_path / "cache"
    first = build([folder], cache_dir=cache_dir, workers=2)
    files = len(first.documents)
    again = build([folder], cache_dir=cache_dir)
    assert [d.measures for d in again.documents] == [d.measures for d in first.documents]
    assert _outputs(again, tmp_path / "again") == _outputs(first, tmp_path / "first")

    touched = min(folder.glob("*.txt"))
    touched.write_text(touched.read_text(encoding="utf-8") + "\n加强统筹协调。\n", encoding="utf-8")
    seen: list[str] = []
    rebuilt = build([folder], cache_dir=cache_dir, on_file=seen.append)
    assert len(seen) == files + 1  # every file reported, the bad one too
    extracted = [p for p in cache_dir.rglob("*.pickle")]
    assert len(extracted) == files + 1  # one new entry: only the touched file was extracted
    assert any(m.text == "加强统筹协调" for m in rebuilt.documents[0].measures)


def test_a_damaged_cache_entry_is_a_miss_not_an_error(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path, "rules", "rjieba")
    key = cache.key("a.txt", b"data")
    path = tmp_path / key[:2] / f"{key}.pickle"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a pickle")
    assert cache.get(key) is None
    assert cache.misses == 1


def test_the_cache_key_changes_with_rules_path_and_bytes(tmp_path: Path) -> None:
    a = ResultCache(tmp_path, "rules-1", "rjieba")
    b = ResultCache(tmp_path, "rules-2", "rjieba")
    assert a.key("a.txt", b"x") != b.key("a.txt", b"x")
    assert a.key("a.txt", b"x") != a.key("b.txt", b"x") != a.key("a.txt", b"y")


def test_a_dask_cluster_builds_the_same_graph(corpus: Path, single: dict[str, bytes], tmp_path: Path) -> None:
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        result = build([corpus], client=client)
    assert _outputs(result, tmp_path) == single


def test_cli_dask_local_and_workers_flags(tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    plain = run_kg("build", str(SEEDS), "--out", str(tmp_path / "plain"), "--no-cache")
    on_dask = run_kg("build", str(SEEDS), "--out", str(tmp_path / "dask"), "--dask", "local", "--workers", "2",
                     "--no-cache")
    assert plain.returncode == on_dask.returncode == 0, on_dask.stderr
    for name in OUTPUTS:
        assert (tmp_path / "plain" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes(), name
    assert "extracting" not in on_dask.stderr, "no progress bar when stderr is not a terminal"
    bad = run_kg("build", "--workers", "0")
    assert bad.returncode == 2 and "must be 1 or more" in bad.stderr
