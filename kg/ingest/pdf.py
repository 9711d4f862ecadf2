"""PDF files with a text layer (pypdf): lines rejoined into paragraphs, page furniture dropped.

A PDF knows lines, not paragraphs. A line runs on into the next unless it ends a sentence
(``。！？`` and closers), is a good deal shorter than the page's full lines (a heading, or a
paragraph's last line), completes the document's title, or the next line opens a numbered item. Page numbers (``— 3 —``,
``-3-``, ``第3页 共9页``) are dropped, and so is a line that opens or closes most pages (a
running header or footer). A PDF with no text at all is a scan: skipped, with that reason.
pypdf is pure Python and reads Chinese through the fonts' Unicode maps and the predefined
CJK encodings; where a map gives radicals for ordinary characters (Chromium's and some office
tools' PDFs: about one character in ten), they are read as the ideographs they look like.
"""

from __future__ import annotations

import io
import re
from collections import Counter

from kg.errors import InputError
from kg.ingest.chinese import ideographs
from kg.ingest.header import is_title
from kg.ingest.paragraphs import CLOSERS, NUMBERED, SENTENCE_FINAL

EXTENSIONS = (".pdf",)

_PAGE_NUMBER = re.compile(r"^[\s—－\-–·•]*(?:\d+|第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?)[\s—－\-–·•]*$")
# A line that ends a sentence, or a colon or semicolon clause, ends its paragraph.
_SENTENCE_END = re.compile(rf"[{SENTENCE_FINAL}：:；;][{CLOSERS}]*$")
#: A line at most this share of the page's longest lines is a paragraph's last (or a heading).
_SHORT = 0.8
#: Within the first paragraphs (number line, title), one that reads as a document title ends
#: there, however wide: a title set large can fill its lines.
_HEAD_PARAGRAPHS = 3


def looks_like_pdf(data: bytes) -> bool:
    return b"%PDF-" in data[:1024]


def read_pdf(data: bytes, name: str) -> tuple[str, str]:
    """(the text, one paragraph a line; "pdf")."""
    import logging

    import pypdf

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a damaged file is said once, as a skip

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError("encrypted PDF (it needs a password)", path=name)
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except Exception as err:  # noqa: BLE001 - pypdf raises whatever its parser meets on a broken file
        raise InputError(f"damaged PDF: {type(err).__name__}: {err}", path=name) from err
    lines = [[line.strip() for line in page.splitlines() if line.strip()] for page in pages]
    if not any(lines):
        raise InputError("no text layer: scanned PDF", path=name)
    # Radical code points where the page shows ordinary characters (⼈⺠ for 人民) are the
    # producer's ToUnicode map, not the text: the text is ours to give right.
    return ideographs("\n".join(_paragraphs(_without_furniture(lines)))), "pdf"


def _without_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Pages without page numbers and without the running header and footer lines."""
    pages = [[line for line in page if not _PAGE_NUMBER.match(line)] for page in pages]
    if len(pages) >= 3:
        edges = Counter(line for page in pages if page for line in {page[0], page[-1]})
        running = {line for line, n in edges.items() if n >= max(3, len(pages) // 2 + 1)}
        pages = [[line for i, line in enumerate(page) if not (line in running and i in (0, len(page) - 1))]
                 for page in pages]
    return pages


def _paragraphs(pages: list[list[str]]) -> list[str]:
    """The lines of all pages rejoined into paragraphs (a paragraph may run across a page)."""
    lines = [line for page in pages for line in page]
    if not lines:
        return []
    full = sorted(map(len, lines))[int(len(lines) * 0.9)]  # a full line's length
    paragraphs: list[list[str]] = [[lines[0]]]
    for line in lines[1:]:
        last = paragraphs[-1][-1]
        if (_SENTENCE_END.search(last) or len(last) < _SHORT * full or NUMBERED.match(line)
                or (len(paragraphs) <= _HEAD_PARAGRAPHS and is_title("".join(paragraphs[-1])))):
            paragraphs.append([line])
        else:
            paragraphs[-1].append(line)  # the line runs on
    return ["".join(p) for p in paragraphs]
