"""One file's bytes to its text, whatever its format: plain text and Markdown, web pages,
Word files and PDFs, each by its reader module. The format is read from the content and
must agree with the extension: a PDF named ``.docx`` (or a text named ``.pdf``) is skipped
with that reason, never read as what it is not."""

from __future__ import annotations

import logging
from pathlib import Path

from kg.errors import InputError
from kg.ingest import docx, html, pdf
from kg.ingest.decode import decode
from kg.ingest.files import TEXT_EXTENSIONS, read_bytes
from kg.ingest.header import document_year, from_lines, from_table, merged
from kg.model import SourceText

log = logging.getLogger(__name__)


def file_format(name: str, data: bytes) -> str:
    """``text``, ``html``, ``docx`` or ``pdf``: what the content is, checked against the extension."""
    suffix = Path(name).suffix.lower()
    found = "pdf" if pdf.looks_like_pdf(data) else "docx" if docx.looks_like_docx(data) else None
    claimed = "docx" if suffix in docx.EXTENSIONS else "pdf" if suffix in pdf.EXTENSIONS else None
    if claimed and found != claimed:
        what = f"a {found.upper()} file" if found else "not a " + ("Word file" if claimed == "docx" else "PDF")
        raise InputError(f"{what}, though named {suffix}", path=name)
    if found and not claimed:
        raise InputError(f"a {'Word file' if found == 'docx' else 'PDF'}, though named {suffix or 'without an extension'}",
                         path=name)
    if found:
        return found
    return "html" if suffix in html.EXTENSIONS or html.looks_like_html(data) and suffix not in TEXT_EXTENSIONS \
        else "text"


def source_from_bytes(path: str, data: bytes) -> SourceText:
    """One file's text; every reason it cannot be used is an :class:`InputError`.

    Separate from reading so that the bytes can be shipped to another process or machine.
    For a web page, a Word file or a PDF, the text is what the reader extracted, and offsets
    (the evidence of every measure) are offsets in that text.
    """
    if not data:
        raise InputError("empty file", path=path)
    fmt = file_format(path, data)
    table: dict[str, str] = {}
    if fmt == "pdf":
        text, encoding = pdf.read_pdf(data, path)
    elif fmt == "docx":
        text, encoding = docx.read_docx(data, path)
    elif fmt == "html":
        text, encoding, table = html.read_html(data, path)
    else:
        text, encoding = decode(data, path)
    if not text.strip():
        raise InputError("empty file" if not text else "only whitespace, no text", path=path)
    return source_from_text(path, text, encoding=encoding, table=table)


def source_from_text(path: str, text: str, *, encoding: str = "str", table: dict[str, str] | None = None) -> SourceText:
    """A file's text with its header: from a page's metadata ``table``, and from the text."""
    lines = text.splitlines()
    found = merged(from_table(table or {}), from_lines(lines))
    name = Path(path).name
    return SourceText(path=path, name=name, text=text, encoding=encoding, header=found,
                      year=document_year(found, name, lines))


def read_source(path: Path) -> SourceText:
    """Read one file into text; every reason it cannot be used is an :class:`InputError`."""
    return source_from_bytes(str(path), read_bytes(path))
