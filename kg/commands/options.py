"""Options shared by the subcommands. The argparse types check before any work, so a bad
option costs nothing and writes nothing; heavy modules are imported only where needed."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path


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
    """The cache folder the options ask for, or None for no cache."""
    from kg.cache import default_cache_dir

    return None if args.no_cache else (args.cache_dir or default_cache_dir())
