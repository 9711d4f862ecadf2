"""Split a file's paragraphs into articles, sections and sentences.

A newspaper theory page holds several articles, each a title, a byline (``■王峥``), the text
and an author note (``（作者系……）``); a title may be printed after its article.  A government
plan or regulation is one article whose headings (``（一）大力提振消费``, ``第一章　总则``,
``提升人工智能场景创新能力。``) open sections.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from typing import TYPE_CHECKING

from kg.ingest.header import is_number_line, is_title
from kg.ingest.paragraphs import CLOSERS, SENTENCE_FINAL, Paragraph, _ends_sentence
from kg.model import Article, Sentence, SourceText
from kg.rulebook import Rulebook
from kg.segment import LEADING_SPACE

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

#: The name of the sentence splitter in a pipeline (:mod:`kg.segment.sentencizer`).
SENTENCIZER = "policy_sentencizer"

_BYLINE = re.compile(r"^[■□●◆▲★☆]\s*(?P<names>[\u4e00-\u9fff·]{2,4}(?:[\s、，]+[\u4e00-\u9fff·]{2,4})*)$")
_AUTHOR_NOTE = re.compile(r"^（\s*作者(?:系|为|是|单位[：:]?|简介[：:]?)\s*(?P<who>.*?)）$")
_ENUMERATED = re.compile(r"^(?:[一二三四五六七八九十]+[是要则个]|第[一二三四五六七八九十百]+[，、条]|其[一二三四五六七八九十])")
NUMBERED_HEADING = re.compile(
    r"^(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、|\d+[．.、]|第[一二三四五六七八九十百]+[章节编部分])\s*"
)
_REGULATION_ARTICLE = re.compile(r"^第[一二三四五六七八九十百零〇\d]+条")
_PUNCT = re.compile(r"[，。；：、！？,.;:!?“”\"'（）()《》\s]")
HEADING_MAX = 32
TITLE_MAX = 40


@dataclass
class _Draft:
    """An article while its paragraphs are being collected."""

    titles: list[Paragraph] = field(default_factory=list)
    authors: tuple[str, ...] = ()
    affiliation: str | None = None
    body: list[Paragraph] = field(default_factory=list)
    closed: bool = False


def _title_like(p: Paragraph) -> bool:
    """A line that can be an article's title: short, no final mark, no clause break, and not a
    numbered heading (``第一章　总则`` and ``一、总体要求`` open sections, not articles)."""
    text = p.text
    return (len(text) <= TITLE_MAX and not _ends_sentence(text) and "，" not in text and "；" not in text
            and not NUMBERED_HEADING.match(text) and not _REGULATION_ARTICLE.match(text))


def _title(draft: _Draft, document_title: str | None) -> str | None:
    """The article's title among its title-like lines: the document header's title if it is
    one of them, else the last that reads as a document's title (it ends in a kind:
    ``政府工作报告`` over the speaker's ``国务院总理 李克强`` below it), else the last that is not
    a document number (``国办发〔2024〕37号``)."""
    lines = [p.text for p in draft.titles]
    if document_title in lines:
        return document_title
    named = [line for line in lines if not is_number_line(line)]
    # a title the layout broke over two lines (政府工作报 / 告) is read whole
    titled = [line for line in named if is_title(line)] or [
        a + b for a, b in zip(named, named[1:]) if is_title(a + b) and not is_title(b)]
    if titled:
        return titled[-1]
    return named[-1] if named else (lines[-1] if lines else None)


def split_articles(paragraphs: list[Paragraph]) -> list[_Draft]:
    drafts: list[_Draft] = [_Draft()]
    for p in paragraphs:
        current = drafts[-1]
        byline = _BYLINE.match(p.text)
        note = _AUTHOR_NOTE.match(p.text)
        if byline:
            if current.body or current.authors:
                drafts.append(_Draft())
                current = drafts[-1]
            current.authors = tuple(n for n in re.split(r"[\s、，]+", byline["names"]) if n)
        elif note:
            current.affiliation = note["who"].split("，")[0].strip() or None
            current.closed = True
        elif current.closed or (not current.body and _title_like(p)):
            if current.closed:
                drafts.append(_Draft())
                current = drafts[-1]
            if _title_like(p):
                current.titles.append(p)
            else:
                current.body.append(p)
        else:
            current.body.append(p)
    # A title printed after its article: the last draft holds titles but no text.
    if len(drafts) > 1 and not drafts[-1].body and drafts[-1].titles and not drafts[-2].titles:
        drafts[-2].titles = drafts[-1].titles
        drafts.pop()
    # Title-like lines with no text after them are the text, never dropped: a one-line file, or
    # a short one whose last sentence has no final mark (鼓励企业加大研发投入). layout() takes
    # the first of several such lines as the title.
    for draft in drafts:
        if not draft.body:
            draft.body, draft.titles = draft.titles, []
    return [d for d in drafts if d.body]


def _starts_with_verb(text: str, rules: Rulebook) -> bool:
    i = 0
    while True:
        for size in (5, 4, 3, 2, 1):
            word = text[i:i + size]
            if word in rules.verbs:
                return True
        for size in (5, 4, 3, 2, 1):
            if text[i:i + size] in rules.modifiers:
                i += size
                break
        else:
            return text.startswith("以")


def is_heading(text: str, *, paragraph_initial: bool, more_follows: bool, rules: Rulebook) -> bool:
    """A short paragraph-initial sentence naming the topic of what follows (GUIDELINE)."""
    if not _ends_sentence(text):
        return True  # a section title on a line of its own
    if not paragraph_initial or _ENUMERATED.match(text):
        return False
    if NUMBERED_HEADING.match(text) and len(_PUNCT.sub("", text)) <= HEADING_MAX:
        return True  # （二）因地制宜发展新质生产力，加快建设现代化产业体系。
    if not more_follows:
        return False
    text = text[NUMBERED_HEADING.match(text).end():] if NUMBERED_HEADING.match(text) else text
    bare = _PUNCT.sub("", text)
    return len(bare) <= HEADING_MAX and text.count("，") <= 1 and _starts_with_verb(text, rules)


@dataclass(frozen=True)
class Read:
    """One spaCy doc of a file, read by layout: its article, and ``sentences[k]``, the record
    of the doc's ``k``-th sentence (None for a repeated one, in ``doc._.repeated``, or one of
    spaces only). An article's paragraphs are the lines of its docs."""

    article: Article
    doc: Doc
    sentences: list[Sentence | None]


#: A doc holds an article's paragraphs up to this many characters: spaCy's per-doc costs are
#: paid once for many paragraphs, and a huge file (or one line of megabytes) never becomes one
#: doc of millions of tokens.
DOC_CHARS = 50_000
# Where an over-long paragraph is cut between docs: after a sentence's final marks and closers.
_SENTENCE_END = re.compile(rf"[{SENTENCE_FINAL}]+[{CLOSERS}]*(?![{CLOSERS}{SENTENCE_FINAL}])")

Piece = tuple[int, int, int]  # (paragraph, start, end): a paragraph's text, or part of it


def layout(source: SourceText, paragraphs: list[Paragraph], rules: Rulebook, nlp: Language) -> Iterator[Read]:
    """The file's docs, article by article, with their articles and sentences (layout
    duplicates dropped, first kept): a generator, so that an article's docs are made when it
    is read and can be let go after (a file of millions of characters is never all docs).

    ``nlp`` runs up to its sentencizer over each article's docs (at most :data:`DOC_CHARS`
    characters each); ``doc._.headings`` and ``doc._.repeated`` then say which of their
    sentences are, for the components after the sentencizer.
    """
    from kg.segment.sentencizer import sentence_bounds

    seen: set[str] = set()
    index = 0  # the sentence's place in the file
    drafts = split_articles(paragraphs)
    titles: list[str | None] = []
    for draft in drafts:
        title = _title(draft, source.header.title)
        if title is None and len(draft.body) > 1 and _title_like(draft.body[0]):
            title = draft.body.pop(0).text
        titles.append(title)
    for n, (draft, title) in enumerate(zip(drafts, titles)):
        article = Article(
            source=source.name, index=n, title=title, authors=draft.authors,
            affiliation=draft.affiliation, start=draft.body[0].start, end=draft.body[-1].end,
        )
        chunks = _chunks(draft.body)
        texts = ("\n".join(draft.body[p].text[i:j] for p, i, j in chunk) for chunk in chunks)
        docs = list(nlp.pipe(texts, disable=_after_sentencizer(nlp)))
        bounds = [sentence_bounds(doc) for doc in docs]
        sentences_of: list[list[Sentence | None]] = [[None] * len(b) for b in bounds]
        marks: list[tuple[set[int], set[int]]] = [(set(), set()) for _ in docs]  # headings, repeated
        by_paragraph: list[list[tuple[int, int, int, int]]] = [[] for _ in draft.body]
        for d, chunk in enumerate(chunks):
            for para, ordinal, i, j in _placed(draft.body, chunk, bounds[d]):
                by_paragraph[para].append((d, ordinal, i, j))
        alone = sum(map(len, by_paragraph)) == 1  # the article's only sentence heads nothing
        section: str | None = None
        for para_no, (p, spans) in enumerate(zip(draft.body, by_paragraph)):
            for k, (d, ordinal, i, j) in enumerate(spans):
                text = p.text[i:j]
                heading = is_heading(text, paragraph_initial=True, more_follows=len(spans) > 1, rules=rules) \
                    if k == 0 and not alone else False
                if heading:
                    section = text.rstrip("。！？!?")
                elif k == 0 and _REGULATION_ARTICLE.match(text):
                    section = _REGULATION_ARTICLE.match(text).group()  # 第五条 of a regulation
                key = _PUNCT.sub("", text)
                if key in seen:
                    marks[d][1].add(ordinal)
                    continue
                seen.add(key)
                if heading:
                    marks[d][0].add(ordinal)
                offsets = p.offsets.slice(i, j)
                sentences_of[d][ordinal] = Sentence(
                    source=source.name, article=article, section=section, text=text,
                    start=offsets[0], end=offsets[-1] + 1, index=index,
                    heading=heading, paragraph=para_no, offsets=offsets,
                    raw="".join(source.text[a:b] for a, b in offsets.pieces()),
                )
                index += 1
        for doc, (headings, repeated), mine in zip(docs, marks, sentences_of):
            doc._.headings, doc._.repeated = frozenset(headings), frozenset(repeated)
            yield Read(article, doc, mine)


def _chunks(body: list[Paragraph]) -> list[list[Piece]]:
    """An article's paragraphs, in docs of at most DOC_CHARS characters; a longer paragraph is
    cut after a sentence's end where it has one (else where the limit falls)."""
    pieces: list[Piece] = []
    for p, paragraph in enumerate(body):
        text, start = paragraph.text, 0
        while len(text) - start > DOC_CHARS:
            ends = [m.end() for m in _SENTENCE_END.finditer(text, start, start + DOC_CHARS)]
            cut = ends[-1] if ends else start + DOC_CHARS
            pieces.append((p, start, cut))
            start = cut
        pieces.append((p, start, len(text)))
    chunks: list[list[Piece]] = [[]]
    size = 0
    for piece in pieces:
        length = piece[2] - piece[1] + 1
        if chunks[-1] and size + length > DOC_CHARS:
            chunks.append([])
            size = 0
        chunks[-1].append(piece)
        size += length
    return chunks


def _placed(body: list[Paragraph], chunk: list[Piece],
            bounds: list[tuple[int, int, int, int]]) -> Iterator[tuple[int, int, int, int]]:
    """(paragraph, place in the doc, start, end in the paragraph) of each of a doc's sentences
    with text: the doc's sentences never cross a line break, so each lies in one piece."""
    piece, base = 0, 0  # the piece a sentence lies in, and where that piece starts in the doc
    for ordinal, (_, _, a, b) in enumerate(bounds):
        while piece + 1 < len(chunk) and a >= base + chunk[piece][2] - chunk[piece][1] + 1:
            base += chunk[piece][2] - chunk[piece][1] + 1
            piece += 1
        para, start, end = chunk[piece]
        i = _text_start(body[para].text, start + a - base)
        j = min(start + b - base, end)  # not the line break
        if i < j:
            yield para, ordinal, i, j


def _after_sentencizer(nlp: Language) -> list[str]:
    """The components after the sentencizer: they read what layout marks, so they run later."""
    names = nlp.pipe_names
    return names[names.index(SENTENCIZER) + 1:] if SENTENCIZER in names else []


def _text_start(text: str, start: int) -> int:
    """Where a sentence's text starts: after its leading spaces."""
    while start < len(text) and text[start] in LEADING_SPACE:
        start += 1
    return start
