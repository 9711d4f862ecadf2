"""A file's text as paragraphs: layout line breaks joined, promotional lines dropped, every
character's offset in the source kept."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass

from kg.ingest.chinese import simplified
from kg.ingest.header import INVISIBLE, NOTE_LINE
from kg.model import OffsetMap, SourceText
from kg.rulebook import Rulebook

log = logging.getLogger(__name__)

_CJK = r"\u3400-\u9fff\uf900-\ufaff"
# ASCII punctuation that stands for its full-width form when it touches a Chinese character.
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"}
_HALF_RE = re.compile(rf"(?<=[{_CJK}“”\"])[,;:!?]|[,;:](?=[{_CJK}“”])|\((?=[{_CJK}])|(?<=[{_CJK}])\)")
#: What ends a sentence, and the closing quotes and brackets that may follow it: the one
#: definition the sentence splitter, layout and the PDF reader share.
SENTENCE_FINAL = "。！？!?"
CLOSERS = "”’\"'）)」』》】"
_SPACE = " \t\u3000\u00a0\ufeff"
_BYLINE_MARKS = "■□●◆▲★☆"
# A numbered heading on its own line (一、总体要求 / （一）… / 1．… / 第一章): never a broken line.
NUMBERED = re.compile(r"^(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、|\d+[．.、]|第[一二三四五六七八九十百]+[章节编部分条])")


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of normalised text; ``offsets[i]`` is the source offset of ``text[i]``."""

    text: str
    offsets: OffsetMap

    @property
    def start(self) -> int:
        return self.offsets[0]

    @property
    def end(self) -> int:
        return self.offsets[-1] + 1

    def __add__(self, other: Paragraph) -> Paragraph:
        return Paragraph(self.text + other.text, self.offsets + other.offsets)


def _raw_lines(text: str) -> Iterator[Paragraph]:
    """Non-blank lines, trimmed, with full-width punctuation where the text is Chinese, and in
    simplified characters (:mod:`kg.ingest.chinese`; the offsets still point at the file's own)."""
    for match in re.finditer(r"[^\r\n]+", text):
        line, base = match.group(), match.start()
        left = len(line) - len(line.lstrip(_SPACE))
        right = len(line.rstrip(_SPACE))
        if left >= right:
            continue
        body = simplified(_HALF_RE.sub(lambda m: _HALF_TO_FULL[m.group()], line[left:right]))
        yield Paragraph(body, OffsetMap.run(base + left, right - left))


def _ends_sentence(text: str) -> bool:
    text = text.rstrip(INVISIBLE) or text  # a line of nothing visible is no sentence's end
    return text.rstrip(CLOSERS)[-1:] in SENTENCE_FINAL


def _is_broken(previous: Paragraph, following: Paragraph) -> bool:
    """A body paragraph cut by the page layout: long, punctuated, and with no final mark.

    A bracketed note (``（作者单位：……）``) and a byline (``■王峥``) are never joined.
    """
    t = previous.text
    return (
        (len(t) >= 25 or any(mark in t for mark in "，。；")) and any(mark in t for mark in "，。；、")
        and not _ends_sentence(t) and not NUMBERED.match(t)
        and not t.endswith(("）", ")")) and following.text[:1] not in _BYLINE_MARKS
    )


def paragraphs(source: SourceText, rules: Rulebook) -> list[Paragraph]:
    """The file's paragraphs, with layout breaks joined and promotional lines dropped."""
    out: list[Paragraph] = []
    names = source.header.addressees
    addressed = {"，".join(names) + end for end in ("：", ":")} if names else set()
    for para in _raw_lines(source.text):
        if any(p.search(para.text) for p in rules.promo):
            log.debug("%s: dropped promotional line %r", source.name, para.text[:30])
            continue
        if NOTE_LINE.match(para.text):  # 2014年11月24日 国务院令第656号公布: the header's, not text
            log.debug("%s: dropped a promulgation note %r", source.name, para.text[:30])
            continue
        if para.text.rstrip(INVISIBLE) in addressed:  # 各省、自治区、直辖市人民政府，……：the header's addressees
            log.debug("%s: dropped the addressee line %r", source.name, para.text[:30])
            continue
        if out and _is_broken(out[-1], para):
            out[-1] = out[-1] + para
        else:
            out.append(para)
    return out
