"""The records that flow between the pipeline's stages.

ingest -> ``SourceText`` -> layout -> ``Article``/``Sentence`` -> extract -> ``Measure``
-> graph -> exporters.  Every record is a frozen dataclass: hashable, free of spaCy objects,
and serialisable, so a stage can be tested, cached or run in another process on its own.

All character offsets (``start``/``end``) index the *decoded source file* (``SourceText.text``),
never the normalised text, so that a user can always find a triple's evidence in the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SourceText:
    """One decoded input file."""

    path: str
    name: str
    text: str
    encoding: str


@dataclass(frozen=True)
class Article:
    """One article of a source file (a newspaper page may hold several)."""

    source: str
    index: int
    title: str | None
    authors: tuple[str, ...] = ()
    affiliation: str | None = None
    start: int = 0
    end: int = 0

    @property
    def label(self) -> str:
        """The title, or a stand-in that still tells articles apart."""
        return self.title or f"{self.source} #{self.index + 1}"


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article, in normalised form, with its place in the source file."""

    source: str
    article: Article
    section: str | None
    text: str
    start: int
    end: int
    index: int
    heading: bool = False
    paragraph: int = 0
    # Offsets in the source file of every character of ``text`` (len(offsets) == len(text)).
    offsets: tuple[int, ...] = field(default=(), repr=False, compare=False)
    # The source file's own characters at those offsets (``,`` where ``text`` has ``，``):
    # what users see, and what the output quotes.
    raw: str = field(default="", repr=False, compare=False)

    def span(self, i: int, j: int) -> tuple[int, int]:
        """Source-file offsets of ``text[i:j]``."""
        if i >= j:
            at = self.offsets[i] if i < len(self.offsets) else self.end
            return at, at
        return self.offsets[i], self.offsets[j - 1] + 1


@dataclass(frozen=True)
class Quantity:
    """A number with its unit and how it bounds the target (``超过70%`` -> > 70 %)."""

    text: str
    value: float
    unit: str
    comparator: str = "="


@dataclass(frozen=True)
class Mention:
    """A piece of a sentence that names an actor, a goal or a target.

    Goals also carry the time of their sentence (``到2027年``) and their quantities.
    """

    text: str
    start: int
    end: int
    rule: str
    time: str | None = None
    year: int | None = None
    quantities: tuple[Quantity, ...] = ()


@dataclass(frozen=True)
class Measure:
    """A policy measure: a verb phrase with its object, who is to carry it out, and to what end."""

    text: str
    start: int
    end: int
    rule: str
    sentence: Sentence
    actors: tuple[Mention, ...] = ()
    goals: tuple[Mention, ...] = ()
    targets: tuple[Mention, ...] = ()
    stance: str = "propose"
    stance_cue: str | None = None
    instrument: str | None = None
    instrument_cue: str | None = None
    time: str | None = None
    year: int | None = None
    quantities: tuple[Quantity, ...] = ()


@dataclass(frozen=True)
class DocumentResult:
    """What extraction yields for one source file."""

    source: SourceText
    articles: tuple[Article, ...]
    sentences: tuple[Sentence, ...]
    measures: tuple[Measure, ...]
