"""Word ``.docx`` files: the body's paragraphs and tables in document order (python-docx).

Headers, footers, comments and text boxes are not the document's text and are left out. A
table's rows come one a line, each cell once (a merged cell is not repeated).
"""

from __future__ import annotations

import io
import zipfile

from kg.errors import InputError

EXTENSIONS = (".docx",)


def looks_like_docx(data: bytes) -> bool:
    """A zip archive holding ``word/document.xml``."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def read_docx(data: bytes, name: str) -> tuple[str, str]:
    """(the document's text, one paragraph or table row a line; "docx")."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as err:  # noqa: BLE001 - python-docx raises many kinds on a damaged file
        raise InputError(f"damaged Word file: {type(err).__name__}: {err}", path=name) from err
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(block, document).text)
        elif tag == "tbl":
            for row in Table(block, document).rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = cell.text.strip()
                    if text and (not cells or cells[-1] != text):
                        cells.append(text)
                lines.append("　".join(cells))
    text = "\n".join(lines)
    if not text.strip():
        raise InputError("a Word file with no text", path=name)
    return text, "docx"
