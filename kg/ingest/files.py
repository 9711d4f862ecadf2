"""Find the input files a build reads, and read their bytes."""

from __future__ import annotations

import logging
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.ingest import docx, html, pdf

log = logging.getLogger(__name__)

TEXT_EXTENSIONS = (".txt", ".md")
#: What a folder is searched for: text and Markdown, web pages, Word files and PDFs.
EXTENSIONS = TEXT_EXTENSIONS + html.EXTENSIONS + docx.EXTENSIONS + pdf.EXTENSIONS
NO_INPUT_FILES = "no .txt, .md, .html, .docx or .pdf files in this folder"

@dataclass(frozen=True)
class Inputs:
    """The files a build reads, and the paths it passed over with the reason for each."""

    files: tuple[Path, ...]
    skipped: tuple[tuple[str, str], ...]


def _is_regular(path: Path) -> bool:
    """A regular file (a FIFO or a device named ``.txt`` would block or never end)."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def find_inputs(paths: Iterable[str | Path]) -> Inputs:
    """Expand files and folders (recursively) into a sorted list of input files (a folder is
    searched for every extension in :data:`EXTENSIONS`; a file named on its own is read
    whatever its name).

    A path that does not exist, a folder with no ``.txt`` file and anything that is not a
    regular file are not errors here but entries in ``skipped``: a batch goes on past them,
    and the caller decides whether that is fatal (``--strict``, or nothing left to read).
    """
    found: list[Path] = []
    skipped: list[tuple[str, str]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.suffix.lower() in EXTENSIONS and not p.is_dir())
            if not inside:
                skipped.append((str(path), NO_INPUT_FILES))
            for p in inside:
                if _is_regular(p):
                    found.append(p)
                else:
                    skipped.append((str(p), _why_not_regular(p)))
        elif _is_regular(path):
            found.append(path)
        elif path.exists() or path.is_symlink():
            skipped.append((str(path), _why_not_regular(path)))
        else:
            skipped.append((str(path), "input not found"))
    unique = sorted(set(found), key=lambda p: (p.name, str(p)))
    return Inputs(tuple(unique), tuple(skipped))


def _why_not_regular(path: Path) -> str:
    if path.is_symlink() and not path.exists():
        return "cannot read: a link to nothing"
    return "not a regular file"


def read_bytes(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror or err}", path=str(path)) from err


