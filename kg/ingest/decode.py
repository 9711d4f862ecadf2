"""Decode a text file's bytes: UTF-8, GB18030 or UTF-16, damage recorded, binary refused."""

from __future__ import annotations

import codecs
import logging
import re
import threading

from kg.errors import InputError

log = logging.getLogger(__name__)

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))

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


