"""Traditional Chinese read as simplified, character for character (OpenCC ``t2s``), and CJK
radicals as the ideographs they stand for.

The rules and the dictionary are simplified, so a text in traditional characters is read in
simplified ones; but its offsets, and the evidence quoted from it, stay those of the file. So
the conversion must keep every character in its place: a text whose phrase-level conversion
would change its length is converted one character at a time.

Text taken from PDFs, straight or pasted into a ``.txt``, often holds radical code points
where the page shows ordinary characters (``⼈⺠`` for ``人民``: the producing tool mapped the
shared glyph to the radical); they are read as the ideographs, one for one as well.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

_RADICALS_FILE = Path(__file__).with_name("radicals.tsv")
_RADICAL = re.compile("[\u2e80-\u2fdf\u2329\u232a]")


@lru_cache(maxsize=1)
def _radicals() -> dict[int, str]:
    """Radical code point -> ideograph: the Kangxi radicals by their compatibility
    decomposition, the supplement's by the Unicode table in radicals.tsv; and U+2329/U+232A,
    angle brackets that decompose to 〈〉."""
    table = {cp: unicodedata.normalize("NFKC", chr(cp)) for cp in range(0x2F00, 0x2FD6)}
    table |= {0x2329: "\u3008", 0x232A: "\u3009"}
    for line in _RADICALS_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            radical, ideograph = line.split("\t")
            table[ord(radical)] = ideograph
    return table


def ideographs(text: str) -> str:
    """``text`` with radical code points as the ideographs they look like (same length)."""
    return text.translate(_radicals()) if _RADICAL.search(text) else text


@lru_cache(maxsize=1)
def _converter() -> Any:  # an opencc.OpenCC; opencc has no types
    import opencc

    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """``text`` in simplified characters, the same length, each character in its place."""
    text = ideographs(text)
    converted = _converter().convert(text)
    if converted == text or len(converted) == len(text):
        return converted
    return "".join(c if len(c := _converter().convert(ch)) == 1 else ch for ch in text)
