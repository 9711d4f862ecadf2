"""argparse types shared by the subcommands: checked before any work, so a bad option costs
nothing and writes nothing. Heavy modules are imported only by the validators that need them."""

from __future__ import annotations

import argparse
from collections.abc import Callable


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
