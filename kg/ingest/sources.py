"""One file's bytes to its text, whatever its format."""

from __future__ import annotations

import logging
from pathlib import Path

from kg.errors import InputError
from kg.ingest.decode import decode
from kg.ingest.files import read_bytes
from kg.model import SourceText

log = logging.getLogger(__name__)

def source_from_bytes(path: str, data: bytes) -> SourceText:
    """Decode one file's bytes; every reason they cannot be used is an :class:`InputError`.

    Separate from reading so that the bytes can be shipped to another process or machine.
    """
    text, encoding = decode(data, path)
    if not text.strip():
        raise InputError("empty file" if not text else "only whitespace, no text", path=path)
    return SourceText(path=path, name=Path(path).name, text=text, encoding=encoding)


def read_source(path: Path) -> SourceText:
    """Read and decode one file; every reason it cannot be used is an :class:`InputError`."""
    return source_from_bytes(str(path), read_bytes(path))


