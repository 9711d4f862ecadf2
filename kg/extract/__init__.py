"""Stage 3, extract: measures, with their actors and goals, from segmented sentences.

The ``policy_measures`` spaCy component (:mod:`kg.extract.component`) reads each sentence with
the construction registry (:mod:`kg.extract.measures`); ``measures(sentences, doc)`` turns what
it found into ``Measure`` records, sentence-local spans mapped back to source-file offsets.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from kg.extract import rule_ids as R
from kg.extract.attributes import parse_quantities, parse_time
from kg.extract.measures import Found
from kg.model import Measure, Mention, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Doc


def measures(sentences: list[Sentence | None], doc: Doc) -> Iterator[Measure]:
    """Measures of one doc, in order: what ``policy_measures`` read in it, as records with
    their sentence's provenance (``sentences[k]``: the record of its ``k``-th sentence)."""
    for reading in doc._.readings:
        sentence = sentences[reading.sentence]
        if sentence is not None:
            yield from _records(sentence, reading.found)


def _records(sentence: Sentence, found: tuple[Found, ...]) -> Iterator[Measure]:
    text = sentence.text
    time, year = parse_time(text)
    goals = tuple(
        replace(_mention(sentence, f.span, f.rule), time=time, year=year,
                quantities=parse_quantities(text[f.span[0]:f.span[1]]))
        for f in found if f.kind == "goal"
    )
    for f in found:
        if f.kind != "measure":
            continue
        start, end = sentence.span(*f.span)
        actors: dict[str, Mention] = {}
        for span, rule in f.actors:
            mention = _mention(sentence, span, rule)
            actors.setdefault(mention.text, mention)
        yield Measure(
            text=sentence.raw[f.span[0]:f.span[1]],
            start=start,
            end=end,
            rule=f.rule,
            sentence=sentence,
            actors=tuple(actors.values()),
            goals=goals,
            targets=tuple(_mention(sentence, s, R.TARGET_FOR) for s in f.targets),
            stance=f.stance,
            stance_cue=f.stance_cue,
            instrument=f.instrument,
            instrument_cue=f.instrument_cue,
            time=time,
            year=year,
            quantities=parse_quantities(text[f.span[0]:f.span[1]]),
        )


def _mention(sentence: Sentence, span: tuple[int, int], rule: str) -> Mention:
    start, end = sentence.span(*span)
    return Mention(sentence.raw[span[0]:span[1]], start, end, rule)
