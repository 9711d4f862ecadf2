"""The records that flow between the pipeline's stages.

ingest -> ``SourceText`` -> layout -> ``Article``/``Sentence`` -> extract -> ``Measure``
-> graph -> exporters.  Every record is a frozen dataclass: hashable, free of spaCy objects,
and serialisable, so a stage can be tested, cached or run in another process on its own.

All character offsets (``start``/``end``) index the *decoded source file* (``SourceText.text``),
never the normalised text, so that a user can always find a triple's evidence in the file.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field

from kg.vocab import Stance


@dataclass(frozen=True)
class OffsetMap:
    """Where each character of a normalised string sits in the source file.

    Stored as runs of consecutive characters (a line is one run), not one integer per
    character, so that a 50 MB file costs a few integers per line, not gigabytes.
    """

    starts: tuple[int, ...] = ()  # index in the normalised string where each run begins
    sources: tuple[int, ...] = ()  # offset in the source file of that run's first character
    length: int = 0

    @classmethod
    def run(cls, source_start: int, length: int) -> OffsetMap:
        return cls((0,), (source_start,), length) if length else cls()

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, i: int) -> int:
        if i < 0:
            i += self.length
        if not 0 <= i < self.length:
            raise IndexError(i)
        k = bisect_right(self.starts, i) - 1
        return self.sources[k] + i - self.starts[k]

    def __iter__(self) -> Iterator[int]:
        for k, (start, source) in enumerate(zip(self.starts, self.sources)):
            end = self.starts[k + 1] if k + 1 < len(self.starts) else self.length
            yield from range(source, source + end - start)

    def __add__(self, other: OffsetMap) -> OffsetMap:
        shifted = tuple(s + self.length for s in other.starts)
        return OffsetMap(self.starts + shifted, self.sources + other.sources, self.length + other.length)

    def slice(self, i: int, j: int) -> OffsetMap:
        """The map of ``text[i:j]``."""
        i, j = max(i, 0), min(j, self.length)
        if i >= j:
            return OffsetMap()
        first = bisect_right(self.starts, i) - 1
        last = bisect_right(self.starts, j - 1) - 1
        starts = [0] + [s - i for s in self.starts[first + 1:last + 1]]
        sources = [self.sources[first] + i - self.starts[first]] + list(self.sources[first + 1:last + 1])
        return OffsetMap(tuple(starts), tuple(sources), j - i)

    def pieces(self) -> Iterator[tuple[int, int]]:
        """(source start, source end) of each run, for copying the source's own characters."""
        for k, (start, source) in enumerate(zip(self.starts, self.sources)):
            end = self.starts[k + 1] if k + 1 < len(self.starts) else self.length
            yield source, source + end - start


@dataclass(frozen=True)
class Header:
    """What an official document's header says (:mod:`kg.ingest.header`); empty where it says
    nothing: issuing bodies, document number (``国发〔2024〕7号``), title, addressees, dates of
    writing and publication (ISO), and the kind read from the title (``通知``)."""

    issuers: tuple[str, ...] = ()
    number: str | None = None
    title: str | None = None
    addressees: tuple[str, ...] = ()
    written: str | None = None
    published: str | None = None
    kind: str | None = None


@dataclass(frozen=True)
class SourceText:
    """One input file, as text: a text file decoded, or what a reader took from a web page,
    a Word file or a PDF (``encoding`` says which), with its document header."""

    path: str
    name: str
    text: str
    encoding: str
    header: Header = Header()
    #: the year the document is of: its header's date of writing, else of publication, else
    #: the first date in its opening lines, else a year in its file name; None if none says
    year: int | None = None


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
        """The title, or a stand-in that still tells articles apart: the file's name for its
        first article (a work report printed with no title line is its file), with ``#N`` after
        it for the others."""
        return self.title or (f"{self.source} #{self.index + 1}" if self.index else self.source)


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
    # Where every character of ``text`` sits in the source file (len(offsets) == len(text)).
    offsets: OffsetMap = field(default_factory=OffsetMap, repr=False, compare=False)
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
    stance: str = Stance.PROPOSE.value
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
