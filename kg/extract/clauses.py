"""Cut a sentence into clauses at ``，；：`` and trim what no span should hold.

A clause keeps the index of its ``；``-segment: an actor named in one segment does not carry
into the next, and a goal "at the end of the sentence" is looked for across segments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CUT = re.compile(r"[，；：,;:]")
_TRIM = " \t\u3000。！？!?…—-"
OPEN_QUOTES = "“‘\"'「『"
CLOSE_QUOTES = "”’\"'」』"
# Ordinals and item markers that open a clause but are not part of any span.
ENUMERATION = re.compile(
    r"^(?:第[一二三四五六七八九十百零〇\d]+[条章节款项]\s*"
    r"|[一二三四五六七八九十]+[是要则来]"
    r"|[（(][一二三四五六七八九十\d]+[)）]\s*"
    r"|\d+[．.、]\s*|[一二三四五六七八九十]+、"
    r"|其[一二三四五六七八九十]"
    r"|首先|其次|再次|最后|第[一二三四五六七八九十]|另一方面|一方面)"
)


@dataclass(frozen=True)
class Clause:
    """A clause as a sentence-local span ``[i, j)``, its ``；``-segment and closing mark."""

    i: int
    j: int
    segment: int
    mark: str


def trim(text: str, i: int, j: int) -> tuple[int, int]:
    """Drop spaces, final marks and quotes that have lost their partner at the cut."""
    while i < j and text[i] in _TRIM:
        i += 1
    while j > i and text[j - 1] in _TRIM:
        j -= 1
    changed = True
    while changed and i < j:
        changed = False
        piece = text[i:j]
        if piece[0] not in OPEN_QUOTES and piece[-1] not in CLOSE_QUOTES:
            break  # no quote at either end: nothing to drop (most clauses)
        opens = sum(piece.count(q) for q in "“‘「『")
        closes = sum(piece.count(q) for q in "”’」』")
        if piece[0] in OPEN_QUOTES and (opens > closes or (piece[-1] in CLOSE_QUOTES and opens == 1 == closes)):
            i += 1
            changed = True
            if piece[-1] in CLOSE_QUOTES and opens == 1 == closes:
                j -= 1
        elif piece[-1] in CLOSE_QUOTES and closes > opens:
            j -= 1
            changed = True
        while i < j and text[i] in _TRIM:
            i += 1
        while j > i and text[j - 1] in _TRIM:
            j -= 1
    return i, j


def _quoted(text: str) -> set[int]:
    """Positions inside a closed pair of ``“……”`` or ``《……》``: a comma there is part of a
    quoted name (推动“资源节约型，环境友好型”社会建设), not a clause break."""
    inside: set[int] = set()
    for m in re.finditer(r"“[^“”]{1,40}”|《[^《》]{1,40}》", text):
        inside.update(range(m.start() + 1, m.end() - 1))
    return inside


def split_clauses(text: str) -> list[Clause]:
    clauses: list[Clause] = []
    segment, start = 0, 0
    quoted = _quoted(text) if "“" in text or "《" in text else set()
    for m in [m for m in _CUT.finditer(text) if m.start() not in quoted] + [None]:
        end = m.start() if m else len(text)
        i, j = trim(text, start, end)
        if i < j:
            clauses.append(Clause(i, j, segment, m.group() if m else ""))
        if m and m.group() in "；;":
            segment += 1
        start = m.end() if m else len(text)
    return clauses


def strip_enumeration(text: str, i: int, j: int) -> int:
    m = ENUMERATION.match(text[i:j])
    return i + m.end() if m and i + m.end() < j else i
