"""``measures.jsonl``: one JSON object per measure, in the flat form ``score.py`` reads."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kg.export.atomic import write_text
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


# Characters that json.dumps leaves raw but that str.splitlines() and JavaScript treat as line
# breaks: escaped, so that one record is one line for every reader.
_LINE_BREAKS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})
_HAS_LINE_BREAK = re.compile("[\u2028\u2029\x85]")


def json_line(record: dict[str, Any]) -> str:
    """One record as one line of JSON, readable by any JSON Lines reader."""
    line = json.dumps(record, ensure_ascii=False)
    return line.translate(_LINE_BREAKS) if _HAS_LINE_BREAK.search(line) else line


def write_jsonl(measures: Iterable[Measure], path: Path, normaliser: ActorNormaliser | None = None) -> None:
    normaliser = normaliser or ActorNormaliser()
    write_text(path, "".join(json_line(measure_record(m, normaliser)) + "\n" for m in measures))
