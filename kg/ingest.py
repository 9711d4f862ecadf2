"""Read input files: find them, decode them, and normalise their text with a map back to it.

Normalisation never loses the way back: every character of a ``Paragraph`` knows its offset
in the decoded source file, so measures found in normalised text can cite the source exactly.
"""

from __future__ import annotations

import codecs
import logging
import re
import stat
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.model import OffsetMap, SourceText
from kg.rulebook import Rulebook

log = logging.getLogger(__name__)

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
# ASCII punctuation that stands for its full-width form when it touches a Chinese character.
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"}
_HALF_RE = re.compile(rf"(?<=[{_CJK}“”\"])[,;:!?]|[,;:](?=[{_CJK}“”])|\((?=[{_CJK}])|(?<=[{_CJK}])\)")
_FINAL = "。！？!?"
_CLOSERS = "”’\"'）)」』》】"
_SPACE = " \t\u3000\u00a0\ufeff"
_BYLINE_MARKS = "■□●◆▲★☆"
# A numbered heading on its own line (一、总体要求 / （一）… / 1．… / 第一章): never a broken line.
_NUMBERED = re.compile(r"^(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、|\d+[．.、]|第[一二三四五六七八九十百]+[章节编部分条])")


@dataclass(frozen=True)
class Inputs:
    """The files a build reads, and the paths it passed over with the reason for each."""

    files: tuple[Path, ...]
    skipped: tuple[tuple[str, str], ...]


def _is_regular(path: Path) -> bool:
    """A regular file (a FIFO or a device named ``.txt`` would block or never end)."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def find_inputs(paths: Iterable[str | Path]) -> Inputs:
    """Expand files and folders (recursively) into a sorted list of ``.txt`` files.

    A path that does not exist, a folder with no ``.txt`` file and anything that is not a
    regular file are not errors here but entries in ``skipped``: a batch goes on past them,
    and the caller decides whether that is fatal (``--strict``, or nothing left to read).
    """
    found: list[Path] = []
    skipped: list[tuple[str, str]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*.txt") if not p.is_dir())
            if not inside:
                skipped.append((str(path), "no .txt files in this folder"))
            for p in inside:
                if _is_regular(p):
                    found.append(p)
                else:
                    skipped.append((str(p), _why_not_regular(p)))
        elif _is_regular(path):
            found.append(path)
        elif path.exists() or path.is_symlink():
            skipped.append((str(path), _why_not_regular(path)))
        else:
            skipped.append((str(path), "input not found"))
    unique = sorted(set(found), key=lambda p: (p.name, str(p)))
    return Inputs(tuple(unique), tuple(skipped))


def _why_not_regular(path: Path) -> str:
    if path.is_symlink() and not path.exists():
        return "cannot read: a link to nothing"
    return "not a regular file"


# A file with this many well-formed UTF-8 characters per bad byte run is UTF-8 with damage
# (GB18030 bytes read as UTF-8 form almost no well-formed multibyte characters).
_UTF8_PER_DAMAGE = 10
# Above this share of bad bytes among the non-ASCII bytes a file is not text at all; nor is
# one whose first 4,096 characters hold more than _CONTROL_SHARE of control characters.
_NOT_TEXT = 0.3
_CONTROL_SHARE = 0.05
_SHOWN_OFFSETS = 5
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")

_recorded = threading.local()


def _record(err: UnicodeDecodeError) -> tuple[str, int]:
    _recorded.spans.append((err.start, err.end))
    return "\ufffd", err.end


codecs.register_error("policykg-record", _record)


def _decode_recording(data: bytes, encoding: str) -> tuple[str, list[tuple[int, int]]]:
    """Decode with U+FFFD for bad bytes, and the (start, end) byte span of each: one pass."""
    _recorded.spans = []
    try:
        return data.decode(encoding, errors="policykg-record"), _recorded.spans
    finally:
        _recorded.spans = []


def _replaced(name: str, encoding: str, spans: list[tuple[int, int]]) -> str:
    count = sum(end - start for start, end in spans)
    shown = ", ".join(str(start) for start, _ in spans[:_SHOWN_OFFSETS])
    more = f" and {len(spans) - _SHOWN_OFFSETS} more places" if len(spans) > _SHOWN_OFFSETS else ""
    log.warning("%s: %d undecodable byte(s) in %s at byte offset %s%s: replaced with U+FFFD",
                name, count, encoding, shown, more)
    return encoding


def decode(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Return (text, encoding): a BOM first, then UTF-8, then GB18030; never a silent guess.

    A UTF-8 file with a few damaged bytes stays UTF-8 (GB18030 would accept many such byte
    strings and turn the whole file into nonsense): the bad bytes become U+FFFD and a warning
    names their byte offsets. A file that is neither, or is mostly control bytes, is refused.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text, spans = _decode_recording(data, encoding)
            if spans and encoding == "utf-16":
                raise InputError(f"UTF-16 byte order mark, but byte {spans[0][0]} is invalid", path=name)
            return _check_text(text, name), _replaced(name, encoding, spans) if spans else encoding
    if b"\x00" in data[:4096]:
        raise InputError("binary file (NUL bytes), not text", path=name)
    try:
        return _check_text(data.decode("utf-8"), name), "utf-8"
    except UnicodeDecodeError:
        pass
    text, spans = _decode_recording(data, "utf-8")
    well_formed = len(text) - len(text.encode("ascii", errors="ignore")) - len(spans)
    if well_formed >= _UTF8_PER_DAMAGE * len(spans):
        return _check_text(text, name), _replaced(name, "utf-8", spans)
    non_ascii = len(data) - len(data.decode("ascii", errors="ignore")) or 1
    bad = sum(end - start for start, end in spans)
    try:
        return _check_text(data.decode("gb18030"), name), "gb18030"
    except UnicodeDecodeError:
        pass
    gb_text, gb_spans = _decode_recording(data, "gb18030")
    gb_bad = sum(end - start for start, end in gb_spans)
    if min(bad, gb_bad) / non_ascii > _NOT_TEXT:
        raise InputError("not text: neither UTF-8 nor GB18030 nor UTF-16 with a byte order mark", path=name)
    if gb_bad < bad:
        return _check_text(gb_text, name), _replaced(name, "gb18030", gb_spans)
    return _check_text(text, name), _replaced(name, "utf-8", spans)


def _check_text(text: str, name: str) -> str:
    """Refuse decoded text that is mostly control characters (a binary file that decoded)."""
    head = text[:4096]
    if head and len(_CONTROL.findall(head)) > _CONTROL_SHARE * len(head):
        raise InputError("binary file (control bytes), not text", path=name)
    return text


def read_bytes(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror or err}", path=str(path)) from err


def source_from_bytes(path: str, data: bytes) -> SourceText:
    """Decode one file's bytes; every reason they cannot be used is an :class:`InputError`.

    Separate from reading so that the bytes can be shipped to another process or machine.
    """
    text, encoding = decode(data, path)
    if not text.strip():
        raise InputError("empty file" if not text else "only whitespace, no text", path=path)
    return SourceText(path=path, name=Path(path).name, text=text, encoding=encoding)


def read_source(path: Path) -> SourceText:
    """Read and decode one file; every reason it cannot be used is an :class:`InputError`."""
    return source_from_bytes(str(path), read_bytes(path))


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
    """Non-blank lines, trimmed, with full-width punctuation where the text is Chinese."""
    for match in re.finditer(r"[^\r\n]+", text):
        line, base = match.group(), match.start()
        left = len(line) - len(line.lstrip(_SPACE))
        right = len(line.rstrip(_SPACE))
        if left >= right:
            continue
        body = _HALF_RE.sub(lambda m: _HALF_TO_FULL[m.group()], line[left:right])
        yield Paragraph(body, OffsetMap.run(base + left, right - left))


def _ends_sentence(text: str) -> bool:
    return text.rstrip(_CLOSERS)[-1:] in _FINAL


def _is_broken(previous: Paragraph, following: Paragraph) -> bool:
    """A body paragraph cut by the page layout: long, punctuated, and with no final mark.

    A bracketed note (``（作者单位：……）``) and a byline (``■王峥``) are never joined.
    """
    t = previous.text
    return (
        (len(t) >= 25 or any(mark in t for mark in "，。；")) and any(mark in t for mark in "，。；、")
        and not _ends_sentence(t) and not _NUMBERED.match(t)
        and not t.endswith(("）", ")")) and following.text[:1] not in _BYLINE_MARKS
    )


def paragraphs(source: SourceText, rules: Rulebook) -> list[Paragraph]:
    """The file's paragraphs, with layout breaks joined and promotional lines dropped."""
    out: list[Paragraph] = []
    for para in _raw_lines(source.text):
        if any(p.search(para.text) for p in rules.promo):
            log.debug("%s: dropped promotional line %r", source.name, para.text[:30])
            continue
        if out and _is_broken(out[-1], para):
            out[-1] = out[-1] + para
        else:
            out.append(para)
    return out
