"""Traditional Chinese read as simplified, character for character (OpenCC ``t2s``).

The rules and the dictionary are simplified, so a text in traditional characters is read in
simplified ones; but its offsets, and the evidence quoted from it, stay those of the file. So
the conversion must keep every character in its place: a text whose phrase-level conversion
would change its length is converted one character at a time.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _converter() -> Any:  # an opencc.OpenCC; opencc has no types
    import opencc

    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """``text`` in simplified characters, the same length, each character in its place."""
    converted = _converter().convert(text)
    if converted == text or len(converted) == len(text):
        return converted
    return "".join(c if len(c := _converter().convert(ch)) == 1 else ch for ch in text)
