"""Web pages: the article body only, paragraphs kept, by trafilatura.

Government sites wrap a document in navigation, breadcrumbs, share buttons, related links and
a footer; trafilatura (a maintained main-content extractor) keeps the body and its paragraph
breaks. Tried on pages in the layout of www.gov.cn and provincial sites: it drops the
metadata table above the body and keeps
the title, the document number line and the signature.
"""

from __future__ import annotations

import logging

from kg.errors import InputError
from kg.ingest.decode import decode

log = logging.getLogger(__name__)

EXTENSIONS = (".html", ".htm", ".shtml")


def looks_like_html(data: bytes) -> bool:
    """Markup at the start: a doctype, or an <html>, <head> or <body> tag."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<meta", b"<?xml")) and (
        b"<html" in data[:8192].lower() or b"<body" in data[:8192].lower())


def read_html(data: bytes, name: str) -> tuple[str, str, dict[str, str]]:
    """(the body's text, one paragraph a line; the page's encoding; its metadata table)."""
    import trafilatura

    markup, encoding = decode(data, name)
    logging.getLogger("trafilatura").setLevel(logging.ERROR)  # it warns at length about short pages
    text = trafilatura.extract(markup, include_tables=True, include_comments=False, include_images=False,
                               include_links=False, deduplicate=False, favor_recall=True, output_format="txt")
    if not text or not _has_body(text):
        raise InputError("a web page with no body text", path=name)
    return text, f"{encoding} (html)", metadata_table(markup)


def metadata_table(markup: str) -> dict[str, str]:
    """The label and value cells of a page's metadata table (``发文机关：`` | ``国务院办公厅``)."""
    from lxml import html as lxml_html

    from kg.ingest.header import TABLE_KEYS, table_label

    try:
        tree = lxml_html.fromstring(markup)
    except (ValueError, TypeError) as err:  # lxml refuses some encodings declared in the text
        log.debug("no metadata table read: %s", err)
        return {}
    rows: dict[str, str] = {}
    for row in tree.iter("tr"):
        cells = [" ".join(cell.text_content().split()) for cell in row if cell.tag in ("td", "th")]
        for label, value in zip(cells, cells[1:]):
            if table_label(label) in TABLE_KEYS:
                rows.setdefault(table_label(label), value)
    return rows


def _has_body(text: str) -> bool:
    """A line that is not page furniture (the promotional and furniture lines of
    kg/rules/promo.txt, which the paragraphs drop anyway): a page of a footer alone has none."""
    from kg.rulebook import default_rulebook

    furniture = default_rulebook().promo
    return any(line.strip() and not any(p.search(line.strip()) for p in furniture) for line in text.splitlines())
