"""The official-document header: who issued a document, its number, title, addressees, dates
and kind, as GB/T 9704-2012 lays them out and as government sites publish them.

Read from a web page's metadata table (``发文机关：``, ``发文字号：``, ``成文日期：`` …) and from
the text itself: the number line (``国发〔2024〕7号``), the title (``国务院关于……的通知``, whose
issuers stand before ``关于``), the addressee line ending in ``：``, and the signature and date
at the end. What is not there stays empty; nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from kg.model import Header

#: Characters that print as nothing (zero-width space, joiners, word joiner, BOM): a line
#: ending ``：`` and then one of them still ends with its colon.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"

#: Where the document kinds are listed (kind, concept name, English label, broader kind).
KINDS_FILE = Path(__file__).resolve().parent.parent / "rules" / "document_kinds.tsv"


@dataclass(frozen=True)
class DocumentKind:
    """A kind of document a title can end with (``通知``), and how the RDF names it."""

    kind: str
    concept: str  # local name of its SKOS concept (Notice)
    english: str
    broader: str | None  # the wider kind (指导意见 -> 意见), if any


def read_kinds(path: Path = KINDS_FILE) -> tuple[DocumentKind, ...]:
    """The document kinds of ``path``, in file order (comments and blank lines skipped)."""
    kinds = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) not in (3, 4) or not all(cells[:3]):
            raise ValueError(f"{path}:{number}: expected kind, concept, English[, broader]: {line!r}")
        kinds.append(DocumentKind(cells[0], cells[1], cells[2], cells[3] if len(cells) == 4 else None))
    return tuple(kinds)


DOCUMENT_KINDS = read_kinds()
#: Document kinds, longest first: the title's last one is the document's (a notice that
#: issues a plan, ``关于印发……方案的通知``, is a notice).
KINDS = tuple(sorted((k.kind for k in DOCUMENT_KINDS), key=len, reverse=True))

# 国发〔2024〕7号, 国办发[2024]37号, 京政发（2023）第5号, 财税〔2019〕13号
_NUMBER = re.compile(
    r"(?P<org>[\u4e00-\u9fff]{1,10}?)\s*[〔\[［(（【]\s*(?P<year>(?:19|20)\d{2})\s*[〕\]］)）】]\s*"
    r"第?\s*(?P<no>\d{1,5})\s*号")
_DIGITS = {c: n for n, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "O": 0, "Ｏ": 0}
_ARABIC_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*(?:年|[-./])\s*(?P<m>\d{1,2})\s*(?:月|[-./])\s*(?P<d>\d{1,2})\s*日?")
_CHINESE_DATE = re.compile(r"(?P<y>[〇一二三四五六七八九零○OＯ]{4})年(?P<m>[一二三四五六七八九十]{1,2})月"
                           r"(?P<d>[一二三四五六七八九十]{1,3})日")
# A body of government, as a signature or issuer line names it.
_ORGAN = re.compile(r"^[\u4e00-\u9fff（）()]{2,30}(?:国务院|办公厅|办公室|委员会|人民政府|政府|部|委|局|署|院|会|厅|总局|"
                    r"中心|银行|党委|委员会办公室|领导小组|中央|省委|市委|县委|法院|检察院|分行)$")
# A promulgation, revision or effective-date note under a regulation's title: metadata, not
# text (2014年11月24日 中华人民共和国国务院令第656号公布；根据……《……决定》修订；2006年3月1日 施行).
_NOTE = (r"(?:根据\s*)?(?:\d{4}|[〇一二三四五六七八九零○]{4})年\d{1,2}月\d{1,2}日[^。；;（）()]{0,90}?"
         r"(?:发布|公布|施行|修订|修正|通过|批准|起施行|第[一二三四五六七八九十]+次修订)")
NOTE_LINE = re.compile(rf"^[（(]?\s*{_NOTE}(?:\s*[，,；;、]?\s*{_NOTE})*\s*[)）]?$")
_DECREE = re.compile(r"(?:中华人民共和国)?(?P<org>[\u4e00-\u9fff]{2,12}?)令\s*[（(]?第\s*(?P<no>\d+)\s*号[)）]?")
# An addressee: ``各……`` or a body (主送机关 name bodies of government, units, enterprises).
_ADDRESSEE = re.compile(r"^各|(?:人民政府|政府|部门|部|委|局|署|厅|办|院|会|单位|机构|企业|公司|银行|学校|党委|党组)$")
#: The labels of a page's metadata table, by the header field each gives.
TABLE_KEYS = {
    "发文机关": "issuers", "发布机关": "issuers", "发文单位": "issuers", "制发机关": "issuers", "发布机构": "issuers",
    "发文字号": "number", "文号": "number", "标题": "title", "名称": "title",
    "成文日期": "written", "发布日期": "published", "公布日期": "published", "主送机关": "addressees",
}
_LIST = re.compile(r"[、，,；;\s]+")


def document_number(text: str) -> str | None:
    """The first document number in ``text``, normalised to ``机关代字〔年份〕序号号``."""
    m = _NUMBER.search(text)
    return f"{m['org']}〔{m['year']}〕{int(m['no'])}号" if m else None


def _chinese_number(text: str) -> int:
    """一 .. 三十一 (the month and day of a date written in characters)."""
    if "十" not in text:
        return _DIGITS[text]
    tens, _, ones = text.partition("十")
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0)


def parse_date(text: str) -> str | None:
    """The first date in ``text`` as ISO ``YYYY-MM-DD`` (``2024年7月24日``, ``2024-07-24``,
    ``二〇二四年七月二十四日``), or None if there is no valid one."""
    m = _ARABIC_DATE.search(text)
    if m:
        y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    else:
        m = _CHINESE_DATE.search(text)
        if not m:
            return None
        y = int("".join(str(_DIGITS[c]) for c in m["y"]))
        mo, d = _chinese_number(m["m"]), _chinese_number(m["d"])
    try:
        return date(y, mo, d).isoformat()
    except ValueError:
        return None


def kind_of(title: str | None) -> str | None:
    """The document kind the title ends with (``……的通知`` -> ``通知``)."""
    if not title:
        return None
    bare = re.sub(r"[（(][^（）()]*[)）]$", "", title.strip()).rstrip()  # 条例（试行）, 办法（2024年修订）
    bare = bare.rstrip("》」”\"'").rstrip()
    return next((kind for kind in KINDS if bare.endswith(kind)), None)


def issuers_in_title(title: str | None) -> tuple[str, ...]:
    """The bodies before ``关于`` in a title (``财政部 税务总局关于……``), if they read as bodies."""
    if not title or "关于" not in title:
        return ()
    names = tuple(n for n in _LIST.split(title.split("关于", 1)[0]) if n)
    return names if names and all(_ORGAN.match(n) for n in names) else ()


def table_label(text: str) -> str:
    """A metadata table's label without its spacing and colon (``标　　题：`` -> ``标题``)."""
    return re.sub(r"[\s\u3000：:]", "", text)


def from_table(rows: dict[str, str]) -> Header:
    """A header from a page's metadata table (``{"发文机关": "国务院办公厅", …}``)."""
    fields: dict[str, object] = {}
    for key, value in rows.items():
        name = TABLE_KEYS.get(table_label(key))
        value = value.strip()
        if not name or not value:
            continue
        if name in ("issuers", "addressees"):
            fields[name] = tuple(n for n in _LIST.split(value) if n)
        elif name == "number":
            fields[name] = document_number(value) or value
        elif name in ("written", "published"):
            fields[name] = parse_date(value)
        else:
            fields[name] = value
    header = Header(**fields)  # type: ignore[arg-type]
    return replace(header, kind=kind_of(header.title))


def from_lines(lines: list[str]) -> Header:
    """A header from a document's own lines: its number line, title, addressees, and the
    signature and date at its end (each only where the text has one)."""
    lines = [line.strip().strip(INVISIBLE) for line in lines if line.strip().strip(INVISIBLE)]
    head, tail = lines[:8], lines[-6:]
    number = next((document_number(line) for line in head if is_number_line(line)), None)
    notes = [line for line in head if NOTE_LINE.match(line)]
    decree = next((m for line in notes if (m := _DECREE.search(line))), None)
    published = next((parse_date(line) for line in notes if re.search(r"(?:发布|公布)[)）]?$", line)), None)
    title = next((line for line in head if is_title(line)), None)
    addressees: tuple[str, ...] = ()
    for line in head:
        names = tuple(n for n in re.split(r"[，,]", line.rstrip("：:")) if n)
        if line.endswith(("：", ":")) and len(line) <= 80 and names and all(map(_ADDRESSEE.search, names)):
            addressees = names
            break
    written = None
    signature: list[str] = []
    for line in reversed(tail):
        when = parse_date(line) if _is_date_line(line) else None
        if when and written is None and not signature:
            written = when
        elif written and _ORGAN.match(line):
            signature.insert(0, line)
        elif written:
            break
    issuers = tuple(n for line in signature for n in _LIST.split(line) if n) or issuers_in_title(title)
    if decree:  # 中华人民共和国国务院令第656号: the State Council's decree number 656
        number = number or f"{decree['org']}令第{int(decree['no'])}号"
        issuers = issuers or (decree["org"],)
    return Header(issuers=issuers, number=number, title=title, addressees=addressees, written=written,
                  published=published, kind=kind_of(title))


def merged(first: Header, second: Header) -> Header:
    """``first`` (a page's metadata table), with what it lacks from ``second`` (the text)."""
    return Header(**{name: getattr(first, name) or getattr(second, name) for name in Header.__dataclass_fields__})


def is_number_line(line: str) -> bool:
    """A line that is a document number (beside a signer's name, at most)."""
    m = _NUMBER.search(line)
    return bool(m) and len(line) - len(m.group()) <= 12


def is_title(line: str) -> bool:
    """A line that reads as a document's title: it ends in a document kind, not a sentence."""
    return 6 <= len(line) <= 80 and kind_of(line) is not None and not line.endswith(("。", "：", ":"))


def _is_date_line(line: str) -> bool:
    """A line that is a date and nothing else (the date under a signature)."""
    bare = line.strip("（）() \u3000")
    return bool(_ARABIC_DATE.fullmatch(bare) or _CHINESE_DATE.fullmatch(bare))


# A year in a file name: 1954_gwr.txt, 发票管理办法(2019-03-02).txt, plan-2024.docx; not part of a
# longer number.
_NAME_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
#: How many opening lines a dated line is looked for in (``——2017年3月5日在……会议上``).
_DATED_LINES = 8


def document_year(header: Header, name: str, lines: list[str]) -> int | None:
    """The year a document is of, for counts over time: its header's date of writing, else of
    publication, else the first date among its opening ``lines``, else a year in its file
    ``name``; None where nothing says."""
    for when in (header.written, header.published):
        if when:
            return int(when[:4])
    for line in [line for line in lines if line.strip()][:_DATED_LINES]:
        when = parse_date(line)
        if when:
            return int(when[:4])
    found = _NAME_YEAR.search(name)
    return int(found.group(1)) if found else None
