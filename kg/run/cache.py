"""Extraction results kept between builds, so a rebuild re-extracts only the files that changed.

An entry is keyed by everything that decides a file's result: its path and bytes, the rule
set's digest, the segmenter, and a digest of the extractor's own code, so that editing a rule,
a file or the code never serves a stale result. Entries are pickled ``DocumentResult`` objects
,
written atomically; a damaged or unreadable entry is a miss, never an error.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from functools import lru_cache
from pathlib import Path

from kg.export.atomic import write_bytes
from kg.model import DocumentResult

log = logging.getLogger(__name__)

_PACKAGE = Path(__file__).resolve().parents[1]  # the kg package: all of its code


def default_cache_dir() -> Path:
    """``$POLICYKG_CACHE``, else ``$XDG_CACHE_HOME/policykg``, else ``~/.cache/policykg``."""
    if os.environ.get("POLICYKG_CACHE"):
        return Path(os.environ["POLICYKG_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "policykg"


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of the package's Python sources: a changed extractor invalidates every entry."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(str(path.relative_to(_PACKAGE)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class ResultCache:
    """A folder of extraction results; ``get`` and ``put`` by (path, bytes, rules, segmenter)."""

    def __init__(self, folder: Path, rules_digest: str, segmenter: str) -> None:
        self.folder = Path(folder)
        self._salt = f"{code_digest()}\0{rules_digest}\0{segmenter}\0".encode()
        self.hits = 0
        self.misses = 0

    def key(self, path: str, data: bytes) -> str:
        return hashlib.sha256(self._salt + path.encode() + b"\0" + data).hexdigest()

    def _file(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, key: str) -> DocumentResult | None:
        try:
            result = pickle.loads(self._file(key).read_bytes())
        except FileNotFoundError:
            result = None
        except Exception as err:  # noqa: BLE001 - a damaged entry is a miss, never a failed build
            log.warning("ignoring a damaged cache entry %s: %s", self._file(key), err)
            result = None
        if isinstance(result, DocumentResult):
            self.hits += 1
            return result
        self.misses += 1
        return None

    def put(self, key: str, result: DocumentResult) -> None:
        self.put_pickled(key, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))

    def put_pickled(self, key: str, data: bytes) -> None:
        """Store a result already pickled (by the worker that made it)."""
        try:
            write_bytes(self._file(key), data, durable=False)  # a torn entry is a miss
        except Exception as err:  # noqa: BLE001 - an unwritable cache costs speed, not the build
            log.warning("cannot write to the cache %s: %s", self.folder, err)
