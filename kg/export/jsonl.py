"""``measures.jsonl``: one JSON object per measure, in the flat form ``score.py`` reads."""

from __future__ import annotations

import json
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


def write_jsonl(measures: Iterable[Measure], path: Path, normaliser: ActorNormaliser | None = None) -> None:
    normaliser = normaliser or ActorNormaliser()
    lines = (json.dumps(measure_record(m, normaliser), ensure_ascii=False) for m in measures)
    write_text(path, "".join(line + "\n" for line in lines))
