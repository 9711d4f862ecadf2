"""Extract measures, with their actors and goals, from segmented sentences.

``measures(sentences, nlp, rules)`` is a generator of ``Measure`` records; it reads each
sentence with ``SentenceReader`` and maps sentence-local spans back to source-file offsets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from kg.extract import rule_ids as R
from kg.extract.attributes import instrument, parse_quantities, parse_time
from kg.extract.lexicon import Lexicon, Tagged, prefix_at
from kg.extract.measures import Found, SentenceReader
from kg.model import Measure, Mention, Sentence
from kg.normalise import ActorNormaliser
from kg.rulebook import Rulebook
from kg.vocab import ActorType, Stance

if TYPE_CHECKING:
    from spacy.language import Language

EXAMPLE_OPENERS = re.compile(r"^(?:比如|例如|譬如|如|像)[，,：:]")
AGENT_TYPES = (ActorType.GOVERNMENT.value, ActorType.PARTY.value, ActorType.PLACE.value)
_DONE = re.compile(r"(?<![为除罢])了(?![解如])")  # the aspect particle, not 为了/了解


def measures(sentences: Iterable[Sentence], nlp: Language, rules: Rulebook) -> Iterator[Measure]:
    """Measures of the sentences, in order; sentences must come in document order."""
    lex = Lexicon(rules)
    reader = SentenceReader(lex)
    normaliser = ActorNormaliser(rules)
    sentences = list(sentences)
    example_of: tuple[int, int] | None = None  # (article, paragraph) of an open example passage
    # Layout has already cut the sentences: only the tokenizer runs on each one.
    for sentence, doc in zip(sentences, map(nlp.make_doc, (s.text for s in sentences))):
        place = (sentence.article.index, sentence.paragraph)
        if EXAMPLE_OPENERS.match(sentence.text):
            example_of = place
        elif example_of != place:
            example_of = None
        tagged = Tagged.from_doc(doc)
        found = reader.read(tagged, heading=sentence.heading)
        if example_of and not _example_gives_measures(sentence.text, found, normaliser, lex):
            continue
        yield from _records(sentence, found, rules)


def _example_gives_measures(text: str, found: list[Found], normaliser: ActorNormaliser, lex: Lexicon) -> bool:
    """An example of what a body of government did, or of what should be done, gives measures;
    an example of what a company did or a technology can do does not (GUIDELINE)."""
    actors = [text[a:b] for f in found for (a, b), _ in f.actors]
    if any(normaliser.actor_type(normaliser.canonical(a)) in AGENT_TYPES for a in actors):
        return True
    if "了" in text or "能够" in text:
        return False
    return any(cue in lex.normative for f in found for cue in f.cues)


def _records(sentence: Sentence, found: list[Found], rules: Rulebook) -> Iterator[Measure]:
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
        stance, cue = _stance(text, f, rules)
        kind, instrument_cue = instrument(text[f.span[0]:f.span[1]], rules)
        yield Measure(
            text=sentence.raw[f.span[0]:f.span[1]],
            start=start,
            end=end,
            rule=f.rule,
            sentence=sentence,
            actors=tuple(actors.values()),
            goals=goals,
            targets=tuple(_mention(sentence, s, R.TARGET_FOR) for s in f.targets),
            stance=stance,
            stance_cue=cue,
            instrument=kind,
            instrument_cue=instrument_cue,
            time=time,
            year=year,
            quantities=parse_quantities(text[f.span[0]:f.span[1]]),
        )


def _mention(sentence: Sentence, span: tuple[int, int], rule: str) -> Mention:
    start, end = sentence.span(*span)
    return Mention(sentence.raw[span[0]:span[1]], start, end, rule)


def _stance(text: str, f: Found, rules: Rulebook) -> tuple[str, str | None]:
    """How strongly the text asks for the measure: the cue nearest before its verb decides."""
    measure = text[f.span[0]:f.span[1]]
    neg = prefix_at(measure, 0, rules.function_words["negation"])
    if neg and rules.stance.get(neg) == Stance.PROHIBIT.value:
        return Stance.PROHIBIT.value, neg
    for cue in reversed(f.cues):
        if cue in rules.stance:
            return rules.stance[cue], cue
    if _DONE.search(text):
        return Stance.REPORT.value, "了"  # 过去一年，我们新增……，完成了全年目标任务
    return Stance.PROPOSE.value, None
