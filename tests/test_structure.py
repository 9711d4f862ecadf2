"""Structure policy texts use: 第X章/第X条, 一、/（一）/1．headings, 一是……二是…… items."""

from __future__ import annotations

import pytest

from kg.assemble import measure_id, section_id

from .conftest import DATA


@pytest.fixture(scope="module")
def docs():
    from kg.pipeline import build

    result = build([DATA / "regulation.txt", DATA / "work_report.txt"])
    return {d.source.name: d for d in result.documents}, result.graph


def sections_of(doc) -> dict[str, str | None]:
    return {m.text: m.sentence.section for m in doc.measures}


def test_regulation_title_chapters_and_articles(docs) -> None:
    by_name, _ = docs
    reg = by_name["regulation.txt"]
    assert [a.title for a in reg.articles] == ["重庆市绿色建筑条例"]
    headings = [s.text for s in reg.sentences if s.heading]
    assert headings == ["第一章　总则", "第二章　规划与建设"]
    sections = sections_of(reg)
    assert sections["编制绿色建筑专篇"] == "第五条"
    assert sections["不得使用国家明令淘汰的建筑材料"] == "第六条"
    assert sections["加强监督检查"] == "第六条"
    # a definition is no measure, and the article number is not part of a span
    assert not any("绿色建筑，是指" in m.sentence.text for m in reg.measures)
    assert not any(m.text.startswith("第") for m in reg.measures)


def test_numbered_headings_open_sections(docs) -> None:
    by_name, _ = docs
    report = by_name["work_report.txt"]
    sections = sections_of(report)
    assert sections["实施提振消费专项行动"] == "（一）大力提振消费、提高投资效益，全方位扩大国内需求"
    assert sections["开展新技术新产品新场景大规模应用示范行动"] == "1．培育壮大新兴产业和未来产业"
    assert sections["加快制造业数字化转型"] == "2．推动传统产业改造提升"
    heading = next(s for s in report.sentences if s.text.startswith("（二）"))
    assert heading.heading


def test_measure_under_a_heading_links_to_its_section(docs) -> None:
    by_name, graph = docs
    report = by_name["work_report.txt"]
    m = next(m for m in report.measures if m.text == "实施提振消费专项行动")
    sid = section_id(m.sentence.article, m.sentence.section)
    assert graph.has_edge(measure_id(m), sid, key="section")
    assert graph.nodes[sid]["kind"] == "section"


def test_run_in_items_are_not_headings_and_their_ordinals_are_not_spans(run_text) -> None:
    doc = run_text("强化数字技术赋能。一是构建数据要素融通体系，畅通信息共享渠道。二是打造数字适配场景。")
    assert [m.text for m in doc.measures] == ["强化数字技术赋能", "构建数据要素融通体系", "畅通信息共享渠道", "打造数字适配场景"]
    assert [s.heading for s in doc.sentences] == [True, False, False]


@pytest.fixture(scope="module")
def run_text():
    from kg.pipeline import extract_text

    return extract_text
