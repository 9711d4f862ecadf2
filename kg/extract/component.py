"""``policy_measures``: the extractor as a spaCy component.

It reads every sentence of a doc (set by ``policy_sentencizer``) with the construction
registry of :mod:`kg.extract.measures`, and puts what it finds in ``doc.spans["measures"]``
and ``doc.spans["goals"]``, with span extensions::

    nlp = kg.make_nlp()                 # or: nlp.add_pipe("policy_measures") in your own
    doc = nlp("各地区要完善机制，推动企业加大研发投入。")
    for span in doc.spans["measures"]:
        span.text, span._.actors, span._.goals, span._.stance, span._.rule

A sentence listed in ``doc._.repeated`` (by :mod:`kg.segment.layout`) is not read; one in
``doc._.headings`` is read as a heading. Spans are widened to whole tokens; the exact offsets
are in ``doc._.readings`` (what ``kg build`` turns into records).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.attrs import ORTH, TAG
from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extract.attributes import instrument
from kg.extract.lexicon import Lexicon, Tagged, prefix_at
from kg.extract.measures import Found, SentenceReader
from kg.normalise import ActorNormaliser
from kg.rulebook import Rulebook, default_rulebook
from kg.segment import LEADING_SPACE
from kg.segment.sentencizer import policy_sentencizer, sentence_bounds
from kg.vocab import ActorType, Stance

NAME = "policy_measures"
EXAMPLE_OPENERS = re.compile(r"^(?:比如|例如|譬如|如|像)[，,：:]")
AGENT_TYPES = (ActorType.GOVERNMENT.value, ActorType.PARTY.value, ActorType.PLACE.value)
_DONE = re.compile(r"(?<![为除罢])了(?![解如])")  # the aspect particle, not 为了/了解
_LINE_BREAKS = ("\n", "\r\n", "\r")


@dataclass(frozen=True)
class Reading:
    """What was found in one sentence: its place among ``doc.sents``, where its text (after
    leading spaces) starts in the doc, the text, and the measures and goals, whose spans are
    offsets into ``text``."""

    sentence: int
    start: int
    text: str
    found: tuple[Found, ...]


def _found(span: Span) -> tuple[Reading, Found]:
    r, f = map(int, span.id_.split(":"))
    reading = span.doc._.readings[r]
    return reading, reading.found[f]


def _actors(span: Span) -> list[str]:
    reading, found = _found(span)
    return [reading.text[a:b] for (a, b), _ in found.actors]


def _goals(span: Span) -> list[str]:
    """The goals of the measure's sentence (every measure of a sentence serves them)."""
    reading, _ = _found(span)
    return [reading.text[g.span[0]:g.span[1]] for g in reading.found if g.kind == "goal"]


_EXTENSIONS = {
    "actors": _actors,
    "goals": _goals,
    "stance": lambda span: _found(span)[1].stance,
    "instrument": lambda span: _found(span)[1].instrument,
    "rule": lambda span: _found(span)[1].rule,
}
for _name, _getter in _EXTENSIONS.items():
    if not Span.has_extension(_name):
        Span.set_extension(_name, getter=_getter)
if not Doc.has_extension("readings"):
    Doc.set_extension("readings", default=None)


class PolicyMeasures:
    """The component; ``use(rules)`` swaps its rulebook (``kg build --rules``)."""

    def __init__(self, rules: Rulebook | None = None) -> None:
        self.use(rules or default_rulebook())

    def use(self, rules: Rulebook) -> None:
        self.rules = rules
        self.lex = Lexicon(rules)
        self.reader = SentenceReader(self.lex)
        self.normaliser = ActorNormaliser(rules)

    def __call__(self, doc: Doc) -> Doc:
        readings: list[Reading] = []
        if len(doc) and not doc.has_annotation("SENT_START"):
            policy_sentencizer(doc)  # a pipeline with no sentence splitter before this
        if len(doc):
            strings = doc.vocab.strings
            table = doc.to_array([ORTH, TAG])
            words = [strings[orth] for orth in table[:, 0].tolist()]
            tags = [strings[tag] for tag in table[:, 1].tolist()]
            readings = list(self._read(doc, words, tags))
        doc._.readings = readings
        groups: dict[str, list[Span]] = {"measures": [], "goals": []}
        for r, reading in enumerate(readings):
            for f, found in enumerate(reading.found):
                a, b = found.span
                span = doc.char_span(reading.start + a, reading.start + b, label=found.rule,
                                     alignment_mode="expand", span_id=f"{r}:{f}")
                if span is not None:
                    groups[f"{found.kind}s"].append(span)
        for name, spans in groups.items():
            doc.spans[name] = spans
        return doc

    def _read(self, doc: Doc, words: list[str], tags: list[str]) -> Iterator[Reading]:
        example_of: int | None = None  # the paragraph of an open example passage
        paragraph = 0
        headings, repeated = doc._.headings, doc._.repeated
        for k, (begin, end, start, _) in enumerate(sentence_bounds(doc)):
            if begin and words[begin - 1] in _LINE_BREAKS:
                paragraph += 1
            while begin < end and words[begin] in LEADING_SPACE:
                start += len(words[begin])
                begin += 1
            while end > begin and words[end - 1] in _LINE_BREAKS:
                end -= 1
            if begin == end or k in repeated:
                continue
            tagged = Tagged.from_words(words[begin:end], tags[begin:end])
            if EXAMPLE_OPENERS.match(tagged.text):
                example_of = paragraph
            elif example_of != paragraph:
                example_of = None
            found = self.reader.read(tagged, heading=k in headings)
            if example_of is not None and not self._example_gives_measures(tagged.text, found):
                continue
            for f in found:
                if f.kind == "measure":
                    f.stance, f.stance_cue = self._stance(tagged.text, f)
                    f.instrument, f.instrument_cue = instrument(tagged.text[f.span[0]:f.span[1]], self.rules)
            if found:
                yield Reading(k, start, tagged.text, tuple(found))

    def _example_gives_measures(self, text: str, found: list[Found]) -> bool:
        """An example of what a body of government did, or of what should be done, gives measures;
        an example of what a company did or a technology can do does not (GUIDELINE)."""
        normaliser = self.normaliser
        actors = [text[a:b] for f in found for (a, b), _ in f.actors]
        if any(normaliser.actor_type(normaliser.canonical(a)) in AGENT_TYPES for a in actors):
            return True
        if "了" in text or "能够" in text:
            return False
        return any(cue in self.lex.normative for f in found for cue in f.cues)

    def _stance(self, text: str, f: Found) -> tuple[str, str | None]:
        """How strongly the text asks for the measure: the cue nearest before its verb decides."""
        rules = self.rules
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


@Language.factory(NAME)
def make_policy_measures(nlp: Language, name: str) -> PolicyMeasures:
    """The component with the built-in rules (``kg.make_nlp(rules)`` gives it others)."""
    return PolicyMeasures()
