"""Web pages: the article body only, paragraphs kept, by trafilatura.

Government sites wrap a document in navigation, breadcrumbs, share buttons, related links and
a footer; trafilatura (a maintained main-content extractor) keeps the body and its paragraph
breaks. Tried on pages in the layout of www.gov.cn and provincial sites: it drops the
metadata table above the body and keeps
the title, the document number line and the signature.
"""

from __future__ import annotations

import logging
import re

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


#: Labels a page's metadata block has beside the header's: each ends the value before it
#: (``发布日期：2024年07月29日 来源：中国政府网``), and is read no further.
_OTHER_LABELS = ("索引号", "主题分类", "主题词", "体裁分类", "组配分类", "来源", "信息来源", "分享到", "字号",
                 "有效性", "公开方式", "生成日期", "浏览次数", "责任编辑", "打印")
#: Labels read from a table or definition list only: in a line of text, ``名称：`` may be the body's.
_TABLE_ONLY = frozenset({"名称"})
#: An element of at most this many characters may hold ``label：value`` pairs; longer ones are
#: the body, or a container of everything.
_LABELLED_MAX = 200


def metadata_table(markup: str) -> dict[str, str]:
    """The document's metadata as the page lays it out: label and value cells of a table
    (``发文机关：`` | ``国务院办公厅``), a definition list (``<dt>`` | ``<dd>``), or short elements
    that say ``发文机关：国务院办公厅`` (a list item, a line of spans; several pairs in one line).
    The first value given for a label wins, tables first."""
    from lxml import html as lxml_html

    from kg.ingest.header import TABLE_KEYS, table_label

    try:
        tree = lxml_html.fromstring(markup)
    except (ValueError, TypeError) as err:  # lxml refuses some encodings declared in the text
        log.debug("no metadata table read: %s", err)
        return {}
    rows: dict[str, str] = {}
    for row in tree.iter("tr"):
        cells = [_text(cell) for cell in row if cell.tag in ("td", "th")]
        for label, value in zip(cells, cells[1:]):
            if table_label(label) in TABLE_KEYS:
                rows.setdefault(table_label(label), value)
    for term in tree.iter("dt"):
        value = term.getnext()
        if value is not None and value.tag == "dd" and table_label(_text(term)) in TABLE_KEYS:
            rows.setdefault(table_label(_text(term)), _text(value))
    labelled = _labelled_pairs([key for key in TABLE_KEYS if key not in _TABLE_ONLY], _OTHER_LABELS)
    for element in tree.iter("li", "p", "div", "span", "td"):
        text = _text(element)
        if len(text) > _LABELLED_MAX or not labelled.match(text):
            continue
        pairs = list(labelled.finditer(text))
        for this, following in zip(pairs, [*pairs[1:], None]):
            value = text[this.end():following.start() if following else len(text)].strip()
            label = table_label(this.group("label"))
            if value and label in TABLE_KEYS:
                rows.setdefault(label, value)
    return rows


def _text(element: object) -> str:
    return " ".join(element.text_content().split())  # type: ignore[attr-defined]


def _labelled_pairs(keys: list[str], others: tuple[str, ...]) -> re.Pattern[str]:
    """``label：`` for each label, its characters possibly spaced (``标　　题：``)."""
    spaced = ("[\\s\u3000]*".join(map(re.escape, key)) for key in sorted([*keys, *others], key=len, reverse=True))
    return re.compile(f"\\s*(?P<label>{'|'.join(spaced)})[\\s\u3000]*[：:]\\s*")


def _has_body(text: str) -> bool:
    """A line that is not page furniture (the promotional and furniture lines of
    kg/rules/promo.txt, which the paragraphs drop anyway): a page of a footer alone has none."""
    from kg.rulebook import default_rulebook

    furniture = default_rulebook().promo
    return any(line.strip() and not any(p.search(line.strip()) for p in furniture) for line in text.splitlines())
