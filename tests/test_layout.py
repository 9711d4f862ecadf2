"""Articles, bylines, author notes, sections and layout duplicates on real newspaper pages."""

from __future__ import annotations

from kg.ingest import read_source
from kg.extract.document import extract_source
from kg.nlp import make_nlp
from kg.rulebook import default_rulebook

from .conftest import SEEDS


def _layout(name: str):
    rules = default_rulebook()
    source = read_source(SEEDS / name)
    page = extract_source(source, rules, make_nlp(rules))
    return page.articles, page.sentences


def test_seed_000_has_four_articles_with_titles_and_authors() -> None:
    articles, _ = _layout("000_d9011c0d964e4d98.txt")
    assert [(a.title, a.authors) for a in articles] == [
        ("积极抢占人工智能产业应用制高点", ("王峥",)),
        ("以数字技术赋能提高文化领域治理水平", ("刘畅", "李思佳")),
        ("持续激发干部队伍内生动力与整体活力", ("张世杰",)),
        # the last article's title is printed after its text
        ("党员干部增强党性要进一步到位", ("何海燕",)),
    ]
    assert articles[1].affiliation == "西南大学马克思主义学院"


def test_no_sentence_holds_bylines_notes_or_promotion() -> None:
    _, sentences = _layout("000_d9011c0d964e4d98.txt")
    for s in sentences:
        assert "■" not in s.text and "（作者" not in s.text and "扫码" not in s.text


def test_layout_duplicates_are_kept_once() -> None:
    _, sentences = _layout("000_d9011c0d964e4d98.txt")
    texts = [s.text for s in sentences]
    assert len(texts) == len(set(texts))
    assert sum(t.startswith("三要健全帮带机制") for t in texts) == 1


def test_sentence_offsets_point_into_the_source() -> None:
    source = read_source(SEEDS / "000_d9011c0d964e4d98.txt")
    _, sentences = _layout("000_d9011c0d964e4d98.txt")
    for s in sentences:
        raw = "".join(source.text[s.start:s.end].split())
        assert raw.replace(",", "，").replace(":", "：").replace(";", "；").replace("(", "（").replace(")", "）") \
            == "".join(s.text.split())


def test_headings_open_sections() -> None:
    _, sentences = _layout("004_ac37f28be0b98557.txt")
    headings = [s.text for s in sentences if s.heading]
    assert "开展“人工智能+”行动要做好“加法”" in headings
    assert "减少技术风险，确保安全可靠。" in headings
    assert not any(h.startswith("政府、企业") for h in headings)
    under = next(s for s in sentences if s.text.startswith("加强对数据的加密和防护"))
    assert under.section == "减少伦理隐患，坚守道德底线"
    assert under.article.title == "以辩证思维准确把握和开展“人工智能+”行动"
