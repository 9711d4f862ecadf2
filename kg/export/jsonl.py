"""``measures.jsonl``: one JSON object per measure, in the flat form ``score.py`` reads."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kg.export.atomic import write_text
from kg.model import Measure


def measure_record(m: Measure) -> dict[str, Any]:
    """The measure as plain JSON data, with its provenance."""
    s = m.sentence
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
        "stance": m.stance,
        "start": m.start,
        "end": m.end,
        "sentence_start": s.start,
        "sentence_end": s.end,
        "rule": m.rule,
        "actor_rules": [a.rule for a in m.actors],
        "goal_rules": [g.rule for g in m.goals],
    }


def write_jsonl(measures: Iterable[Measure], path: Path) -> None:
    lines = (json.dumps(measure_record(m), ensure_ascii=False, sort_keys=False) for m in measures)
    write_text(path, "".join(line + "\n" for line in lines))
