"""Options shared by the subcommands. The argparse types check before any work, so a bad
option costs nothing and writes nothing; heavy modules are imported only where needed."""

from __future__ import annotations

import argparse
import stat
from collections.abc import Callable
from pathlib import Path

from kg.errors import InputError, OutputError


def whole_number(minimum: int, floor: str = "") -> Callable[[str], int]:
    """A type for a whole number of at least ``minimum``; ``floor`` names the minimum in the
    message (``"0 (no limit)"``)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be {floor or minimum} or more, not {value}")
        return value

    return parse


def fraction(*, zero: bool) -> Callable[[str], float]:
    """A type for a score from 0 to 1; 0 itself only where ``zero`` allows it (a threshold
    of 0 that switches a feature off)."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if not (0 <= value <= 1 if zero else 0 < value <= 1):
            bounds = "from 0 to 1" if zero else "above 0 and at most 1"
            raise argparse.ArgumentTypeError(f"a score {bounds}, not {text!r}")
        return value

    return parse


def checked(validate: Callable[[str], object]) -> Callable[[str], str]:
    """A type that keeps the text when ``validate`` accepts it; its ``ValueError`` is the message."""

    def parse(text: str) -> str:
        try:
            validate(text)
        except ValueError as err:
            raise argparse.ArgumentTypeError(str(err)) from None
        return text

    return parse


def add_cache_options(p: argparse.ArgumentParser) -> None:
    """``--no-cache`` and ``--cache-dir``: the commands that extract share kg build's cache."""
    p.add_argument("--no-cache", action="store_true",
                   help="extract every file again instead of reusing the results of unchanged files")
    p.add_argument("--cache-dir", type=Path, default=None, metavar="DIR",
                   help="where results are kept between builds (default: $POLICYKG_CACHE or ~/.cache/policykg)")


def cache_dir(args: argparse.Namespace) -> Path | None:
    """The cache folder the options ask for, or None for no cache.

    A ``--cache-dir`` that can never be a folder (a file, or a path under a file) is a bad
    option, said before any work; one that cannot be written only costs the cache (a warning).
    """
    from kg.run.cache import default_cache_dir

    if args.no_cache:
        return None
    if args.cache_dir is None:
        return default_cache_dir()
    folder = Path(args.cache_dir)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"--cache-dir is a file, not a folder: {folder}")
    existing = folder
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    if not existing.is_dir():
        raise OutputError(f"--cache-dir cannot be created: {existing} is a file, not a folder")
    return folder


def counted(n: int, noun: str) -> str:
    """``1 file``, ``2 files``, ``0 files``: a count and its noun, singular only for one."""
    return f"{n} {noun}" + ("" if n == 1 else "s")


def check_file(path: Path, what: str, *, hint: str = "") -> Path:
    """``path`` if it is a regular file with something in it; otherwise an :class:`InputError`
    that says what is wrong with it (``graph file not found: x.ttl``), before any work.

    ``what`` names the file's role; ``hint`` is added to the not-found message.
    """
    path = Path(path)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise InputError(f"{what} not found: {path}{hint}") from None
    except NotADirectoryError:
        raise InputError(f"{what} not found: {path} (a part of the path is a file, not a folder)") from None
    except OSError as err:
        raise InputError(f"cannot read the {what} {path}: {err.strerror or err}") from err
    if stat.S_ISDIR(mode):
        raise InputError(f"{what} is a folder, not a file: {path}")
    if not stat.S_ISREG(mode):
        raise InputError(f"{what} is not a regular file: {path}")
    try:
        with path.open("rb") as f:
            while chunk := f.read(1 << 16):  # up to the first byte that is not white space
                if chunk.strip():
                    return path
    except OSError as err:
        raise InputError(f"cannot read the {what} {path}: {err.strerror or err}") from err
    raise InputError(f"{what} is empty: {path}")
