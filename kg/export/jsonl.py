"""``measures.jsonl``: one JSON object per measure, in the flat form ``score.py`` reads."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson

from kg.export.atomic import write_bytes
from kg.model import Measure, Quantity
from kg.normalise import ActorNormaliser


def _quantities(qs: tuple[Quantity, ...]) -> list[dict[str, Any]]:
    return [{"text": q.text, "value": q.value, "unit": q.unit, "comparator": q.comparator} for q in qs]


def measure_record(m: Measure, normaliser: ActorNormaliser | None = None) -> dict[str, Any]:
    """The measure as plain JSON data, with its attributes and provenance."""
    s = m.sentence
    normaliser = normaliser or ActorNormaliser()
    names = [normaliser.canonical(a.text) for a in m.actors]
    return {
        "source": s.source,
        "article": s.article.label,
        "section": s.section,
        "sentence": s.raw,
        "heading": s.heading,
        "text": m.text,
        "actors": [a.text for a in m.actors],
        "goals": [g.text for g in m.goals],
        "targets": [t.text for t in m.targets],
        "actor_names": names,
        "actor_types": [normaliser.actor_type(n) for n in names],
        "stance": m.stance,
        "stance_cue": m.stance_cue,
        "instrument": m.instrument,
        "instrument_cue": m.instrument_cue,
        "time": m.time,
        "year": m.year,
        "quantities": _quantities(m.quantities),
        "goal_details": [
            {"text": g.text, "time": g.time, "year": g.year, "quantities": _quantities(g.quantities)}
            for g in m.goals
        ],
        "start": m.start,
        "end": m.end,
        "sentence_start": s.start,
        "sentence_end": s.end,
        "rule": m.rule,
        "actor_rules": [a.rule for a in m.actors],
        "goal_rules": [g.rule for g in m.goals],
    }


# Characters that JSON encoders leave raw but that str.splitlines() and JavaScript treat as
# line breaks: escaped, so that one record is one line for every reader.
_LINE_BREAKS = {"\u2028".encode(): b"\\u2028", "\u2029".encode(): b"\\u2029", "\x85".encode(): b"\\u0085"}
_LINE_BREAK = re.compile(b"|".join(_LINE_BREAKS))


def json_line_bytes(record: dict[str, Any]) -> bytes:
    """One record as one line of compact JSON in UTF-8, with its newline.

    orjson writes it: the encoding of measures.jsonl was a tenth of a large build with the
    standard library's encoder, and the bytes are plain JSON either way."""
    line = orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE)
    return _LINE_BREAK.sub(lambda m: _LINE_BREAKS[m.group()], line) if _LINE_BREAK.search(line) else line


def json_line(record: dict[str, Any]) -> str:
    """One record as one line of JSON (without its newline), readable by any JSON Lines reader."""
    return json_line_bytes(record)[:-1].decode("utf-8")


def write_jsonl(measures: Iterable[Measure], path: Path, normaliser: ActorNormaliser | None = None) -> None:
    normaliser = normaliser or ActorNormaliser()
    write_bytes(path, b"".join(json_line_bytes(measure_record(m, normaliser)) for m in measures))
