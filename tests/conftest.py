"""Shared fixtures: one build of the seeds per test session (extraction takes seconds)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory) -> Path:
    """Every `kg` a test runs keeps its results in a cache of this session, not the user's."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("POLICYKG_CACHE", str(folder))
        yield folder


@pytest.fixture(scope="session")
def seed_build():
    from kg.pipeline import build

    return build([SEEDS])


@pytest.fixture(scope="session")
def seed_out(seed_build, tmp_path_factory) -> Path:
    from kg.pipeline import write_outputs

    out = tmp_path_factory.mktemp("out")
    write_outputs(seed_build, out)
    return out
