"""Decoding and normalisation keep every character's way back to the source file."""

from __future__ import annotations

import pytest

from kg.errors import InputError
from kg.ingest import decode, paragraphs
from kg.model import SourceText
from kg.rulebook import default_rulebook

TEXT = "开展场景创新的产学研合作,支持高校、科\n\n研院所开展研究,提升能力。"


@pytest.mark.parametrize(
    "data, encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("utf-16"), "utf-16"),
    ],
)
def test_decode_detects_encoding(data: bytes, encoding: str) -> None:
    text, found = decode(data)
    assert text == TEXT
    assert found == encoding


def test_decode_refuses_binary() -> None:
    with pytest.raises(InputError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00")


def _paras(text: str) -> list:
    return paragraphs(SourceText("t.txt", "t.txt", text, "utf-8"), default_rulebook())


def test_layout_break_inside_sentence_is_joined_with_offsets() -> None:
    (para,) = _paras(TEXT)
    assert "科研院所" in para.text
    # every normalised character maps back to the same (or its full-width) character
    for ch, at in zip(para.text, para.offsets):
        assert ch == TEXT[at] or (ch, TEXT[at]) in {("，", ","), ("；", ";"), ("：", ":")}


def test_half_width_punctuation_between_chinese_becomes_full_width() -> None:
    (para,) = _paras("加强合作,形成合力;确保安全:可靠。Version 1,2")
    assert para.text == "加强合作，形成合力；确保安全：可靠。Version 1,2"


def test_promotional_line_is_dropped() -> None:
    paras = _paras("加强合作，形成合力。\n\n扫码关注!《重庆日报》理论信息服务栏目")
    assert [p.text for p in paras] == ["加强合作，形成合力。"]


def test_title_is_not_joined_to_body() -> None:
    paras = _paras("积极抢占人工智能产业应用制高点\n\n■王峥\n\n党的二十届四中全会提出，全面实施行动。")
    assert [p.text for p in paras][:2] == ["积极抢占人工智能产业应用制高点", "■王峥"]
