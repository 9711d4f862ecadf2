"""Attributes coded by hand in policy research: instrument, time, quantity, actor type, aliases."""

from __future__ import annotations

import pytest

from kg.extract.attributes import instrument, parse_quantities, parse_time
from kg.normalise import ActorNormaliser
from kg.rulebook import default_rulebook


@pytest.mark.parametrize(
    "measure, expected",
    [
        ("加强高校和职业院校的人工智能专业建设", ("supply", "专业建设")),
        ("设立专项资金", ("supply", "专项资金")),
        ("建设开放算力平台", ("supply", "算力平台")),
        ("开展消费领域验证试点", ("demand", "试点")),
        ("常态化发布人工智能应用场景机会清单", ("demand", "机会清单")),
        ("扩大政府采购", ("demand", "政府采购")),
        ("建立人工智能安全监管制度", ("environment", "制度")),
        ("制定科学合理的产业政策和发展规划", ("environment", "发展规划")),
        ("落实减税降费政策", ("environment", "政策")),
        ("坚守底线", (None, None)),
    ],
)
def test_instrument_type_and_cue(measure: str, expected: tuple[str | None, str | None]) -> None:
    assert instrument(measure, default_rulebook()) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("到2027年，全市数字化改造覆盖率超过70%", ("到2027年", 2027)),
        ("2025年底前完成改造", ("2025年底", 2025)),
        ("到“十五五”末，基本建成", ("到“十五五”末", None)),
        ("加强合作", (None, None)),
    ],
)
def test_time(text: str, expected: tuple[str | None, int | None]) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("覆盖率超过70%", [(">", 70.0, "%")]),
        ("培育1000家专精特新企业", [("=", 1000.0, "家")]),
        ("新增城镇就业1.2万人以上", [(">=", 12000.0, "人")]),
        ("国内生产总值增长5%左右，赤字率不超过3%", [("~", 5.0, "%"), ("<=", 3.0, "%")]),
        ("加强合作", []),
    ],
)
def test_quantities(text: str, expected: list[tuple[str, float, str]]) -> None:
    assert [(q.comparator, q.value, q.unit) for q in parse_quantities(text)] == expected


@pytest.mark.parametrize(
    "surface, canonical, kind",
    [
        ("高等院校", "高校", "research"),
        ("工信部", "工业和信息化部", "government"),
        ("发改委", "国家发展和改革委员会", "government"),
        ("“小巨人”企业等", "小巨人企业", "enterprise"),
        ("法人金融机构", "法人金融机构", "financial"),
        ("党员干部", "党员干部", "party"),
        ("两江新区", "两江新区", "place"),
        ("行业组织", "行业组织", "social"),
        ("创作者", "创作者", "public"),
        # the state's name before a national body goes (an issuer line names it so)
        ("中华人民共和国国务院", "国务院", "government"),
        ("中华人民共和国海关总署", "海关总署", "government"),
        ("中华人民共和国科技部", "科学技术部", "government"),
        ("中华人民共和国政府", "中华人民共和国政府", "government"),  # too short a rest: 政府 alone is any government
        ("中华人民共和国", "中华人民共和国", "place"),
        ("中华人民共和国仲裁机构", "中华人民共和国仲裁机构", "social"),  # not a body of government
        ("中央军委", "中央军事委员会", "government"),
    ],
)
def test_actor_normalisation_and_type(surface: str, canonical: str, kind: str) -> None:
    norm = ActorNormaliser()
    assert norm.canonical(surface) == canonical
    assert norm.actor_type(canonical) == kind


def test_one_node_per_actor_across_spellings(seed_build) -> None:
    g = seed_build.graph
    actors = {d["name"]: d for _, d in g.nodes(data=True) if d["kind"] == "actor"}
    assert "高校" in actors and "高等院校" not in actors
    assert "高等院校" in actors["高校"]["surface"]
