"""Sentence tables: a Chinese sentence in, the guideline's measures, actors and goals out.

Sentences come from the seeds and from each genre the extractor must read: national and
municipal government work reports, action plans, regulations (第X条), newspaper commentary
and policy explainers.  Expected values follow GUIDELINE.md, not the extractor's output.
"""

from __future__ import annotations

import pytest

from kg.model import Measure, SourceText
from kg.pipeline import extract_source
from kg.rulebook import default_rulebook

M = tuple[str, list[str], list[str]]  # measure text, actors, goals


@pytest.fixture(scope="module")
def run():
    from kg.nlp import make_nlp

    rules = default_rulebook()
    nlp = make_nlp(rules)

    def extract(text: str) -> list[Measure]:
        return list(extract_source(SourceText("t.txt", "t.txt", text, "str"), rules, nlp).measures)

    return extract


def table(measures: list[Measure]) -> list[M]:
    return [(m.text, [a.text for a in m.actors], [g.text for g in m.goals]) for m in measures]


SEED_SENTENCES: list[tuple[str, list[M]]] = [
    (
        ("开展场景创新的产学研合作,支持重庆大学人工智能研究院、重庆通用人工智能研究院等高校、科"
         "研院所、新型研发机构,探索将人工智能技术用于重大科学研究和技术开发的应用场景。"),
        [
            ("开展场景创新的产学研合作", [], []),
            ("探索将人工智能技术用于重大科学研究和技术开发的应用场景",
             ["重庆大学人工智能研究院", "重庆通用人工智能研究院", "高校", "科研院所", "新型研发机构"], []),
        ],
    ),
    (
        "大力支持专精特新“小巨人”企业、初创企业等积极开展应用创新,参与城市和产业场景建设,通过场景创新实现业务增长。",
        [
            ("开展应用创新", ["专精特新“小巨人”企业", "初创企业"], ["实现业务增长"]),
            ("参与城市和产业场景建设", ["专精特新“小巨人”企业", "初创企业"], ["实现业务增长"]),
        ],
    ),
    ("减少技术风险，确保安全可靠。", [("减少技术风险", [], ["安全可靠"])]),
    (
        "鼓励人工智能企业探索建立伦理安全治理制度,对涉及生命健康、公共安全等重点领域人工智能应用开展风险评估。",
        [
            ("探索建立伦理安全治理制度", ["人工智能企业"], []),
            ("对涉及生命健康、公共安全等重点领域人工智能应用开展风险评估", ["人工智能企业"], []),
        ],
    ),
    (
        "政府、企业、科研机构和高校应加强合作，形成产学研用协同创新的格局。",
        [
            ("加强合作", ["政府", "企业", "科研机构", "高校"], []),
            ("形成产学研用协同创新的格局", ["政府", "企业", "科研机构", "高校"], []),
        ],
    ),
    ("加强对数据的加密和防护，防止数据被非法获取和篡改。", [("加强对数据的加密和防护", [], ["防止数据被非法获取和篡改"])]),
    # an example of what a company did gives no measure
    ("比如，华为近年来在人工智能领域不断加大研发投入，推出了昇腾芯片和盘古大模型。", []),
    # a statement of fact, and an evaluative clause, give none
    ("人工智能作为引领新一轮科技革命和产业变革的战略性技术，正在深刻改变人类生产生活方式。", []),
    ("构建良好的人工智能生态系统，是开展“人工智能+”行动的重要保障。", []),
    # a topic clause before a modal is not a measure
    ("开展“人工智能+”行动，要加大对基础研究和关键核心技术的投入，推动关键核心技术研究协同攻关。",
     [("加大对基础研究和关键核心技术的投入", [], []), ("推动关键核心技术研究协同攻关", [], [])]),
]

GENRE_SENTENCES: list[tuple[str, list[M]]] = [
    # a two-word support verb opening the sentence is no subject; a name before a modal is
    ("教育引导青年学生树立正确的价值观，自觉践行社会主义核心价值观。",
     [("树立正确的价值观", ["青年学生"], []), ("践行社会主义核心价值观", ["青年学生"], [])]),
    ("组织部门要加强干部日常监督管理。",
     [("加强干部日常监督管理", ["组织部门"], [])]),
    # a trend is no measure; a quantifier is not part of the actor
    ("当前，新一轮科技革命加速演进，许多企业要加快数字化转型。",
     [("加快数字化转型", ["企业"], [])]),
    # national government work report
    ("今年要着力扩大国内需求，实施更加积极的财政政策。",
     [("扩大国内需求", [], []), ("实施更加积极的财政政策", [], [])]),
    ("深入实施创新驱动发展战略，加快建设科技强国。",
     [("实施创新驱动发展战略", [], []), ("建设科技强国", [], [])]),
    ("各级政府要坚持过紧日子，严格控制一般性支出。",
     [("坚持过紧日子", ["政府"], []), ("控制一般性支出", ["政府"], [])]),
    ("稳就业、稳企业、稳市场，保民生。",
     [("稳就业", [], []), ("稳企业", [], []), ("稳市场", [], []), ("保民生", [], [])]),
    ("支持民营企业参与国家重大战略实施，依法保护民营企业产权和企业家权益。",
     [("参与国家重大战略实施", ["民营企业"], []), ("保护民营企业产权和企业家权益", ["民营企业"], [])]),
    # municipal work report and action plan
    ("市发展改革委、市经济信息委要会同有关部门制定实施方案，确保各项任务落到实处。",
     [("制定实施方案", ["市发展改革委", "市经济信息委", "部门"], ["各项任务落到实处"])]),
    ("鼓励金融机构加大对小微企业的信贷支持力度，降低企业融资成本。",
     [("加大对小微企业的信贷支持力度", ["金融机构"], ["降低企业融资成本"])]),
    ("支持高校、科研院所与企业共建联合实验室，加快科技成果转化。",
     [("共建联合实验室", ["高校", "科研院所", "企业"], ["加快科技成果转化"])]),
    ("到2027年，全市规模以上工业企业数字化改造覆盖率超过70%，培育1000家专精特新企业。",
     [("培育1000家专精特新企业", [], [])]),
    # regulations
    ("第五条 建设单位应当编制绿色建筑专篇，并对拟采用的绿色技术进行可行性分析。",
     [("编制绿色建筑专篇", ["建设单位"], []), ("对拟采用的绿色技术进行可行性分析", ["建设单位"], [])]),
    ("第十二条 施工单位不得使用国家明令淘汰的建筑材料。",
     [("不得使用国家明令淘汰的建筑材料", ["施工单位"], [])]),
    ("第八条 县级以上人民政府应当将绿色建筑发展纳入国民经济和社会发展规划。",
     [("将绿色建筑发展纳入国民经济和社会发展规划", ["县级以上人民政府"], [])]),
    ("第二条 本条例所称绿色建筑，是指在全寿命期内节约资源、保护环境的建筑。", []),
    ("禁止在饮用水水源保护区内新建排污口。", [("禁止在饮用水水源保护区内新建排污口", [], [])]),
    # commentary
    ("要以新需求引领新供给，扩大有效投资，以新供给创造新需求。",
     [("以新需求引领新供给", [], ["新供给创造新需求"]), ("扩大有效投资", [], ["新供给创造新需求"])]),
    ("开展“人工智能+”行动，必须坚持系统观念。", [("坚持系统观念", [], [])]),
    # policy explainer
    ("为了降低企业负担，国家对小微企业实行增值税减免。",
     [("对小微企业实行增值税减免", [], ["降低企业负担"])]),
    ("通过制定政策、提供资金支持等方式，引导社会资本参与乡村振兴。",
     [("制定政策", [], []), ("提供资金支持", [], []), ("参与乡村振兴", ["社会资本"], [])]),
]


@pytest.mark.parametrize("sentence, expected", SEED_SENTENCES + GENRE_SENTENCES)
def test_sentence_table(run, sentence: str, expected: list[M]) -> None:
    assert table(run(sentence)) == expected


@pytest.mark.parametrize(
    "sentence, stances",
    [
        ("第十二条 施工单位不得使用国家明令淘汰的建筑材料。", ["prohibit"]),
        ("建设单位应当编制绿色建筑专篇。", ["require"]),
        ("鼓励金融机构加大信贷支持力度。", ["encourage"]),
        ("过去一年，我们完成了全年目标任务。", ["report"]),
        ("建设国际应用开源平台。", ["propose"]),
    ],
)
def test_stance(run, sentence: str, stances: list[str]) -> None:
    assert [m.stance for m in run(sentence)] == stances


def test_target_is_the_beneficiary_not_the_actor(run) -> None:
    (m,) = run("为开发者提供开发工具和测试环境。")
    assert m.text == "提供开发工具和测试环境"
    assert [t.text for t in m.targets] == ["开发者"]
    assert m.actors == ()


def test_measure_offsets_map_into_the_text(run) -> None:
    text = "第五条 建设单位应当编制绿色建筑专篇，并对拟采用的绿色技术进行可行性分析。"
    for m in run(text):
        assert text[m.start:m.end] == m.text
        for a in m.actors:
            assert text[a.start:a.end] == a.text
