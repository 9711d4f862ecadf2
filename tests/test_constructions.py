"""Construction tables: what the extractor must output, per GUIDELINE.md, for one construction
at a time.

Every sentence here is written for this file in the style of Chinese laws, State Council
regulations, government work reports, notices and newspaper commentary; none is taken from
the dev sets or the seeds.  Actor names are mostly ones that the rule lists do not contain
(海关, 工会, 采购人, 注册会计师, 承运人, 欧盟, 日本, ...): the extractor has to find an actor by
its position in the sentence, not by its name.

Each row is (input text, the full expected output in sentence order), and each expected
measure is (measure text, [actors], [goals]).  Actors are copied as written, without
determiners (各, 有关, 相关, 其, 本, 各级, 任何) and without 等.  Expected values follow the
guideline, never the extractor's current output.
"""

from __future__ import annotations

import pytest

from kg.model import SourceText
from kg.pipeline import extract_source
from kg.rulebook import default_rulebook

M = tuple[str, list[str], list[str]]  # measure text, actors, goals
Row = tuple[str, list[M]]


@pytest.fixture(scope="module")
def run():
    from kg.nlp import make_nlp
    rules = default_rulebook()
    nlp = make_nlp(rules)

    def extract(text):
        ms = extract_source(SourceText("t.txt", "t.txt", text, "str"), rules, nlp).measures
        return [(m.text, [a.text for a in m.actors], [g.text for g in m.goals]) for m in ms]
    return extract


def ids(rows: list[Row]) -> list[str]:
    return [f"{k:02d}" for k in range(1, len(rows) + 1)]


# 1. SUBJECT + 应当/不得/可以/必须/应/要/负责 + VP: the subject in front of the modal is the
# actor, whatever its name.  The measure starts at the verb (不得 is kept, the modal is not;
# the article number is not part of the span).  A subject that is a thing (a building, a
# fund, data) is not an agent: the measure has no actor.
SUBJECT_BY_POSITION: list[Row] = [
    ("第十二条　海关应当对进出境运输工具实施监管。",
     [("对进出境运输工具实施监管", ["海关"], [])]),
    ("第二十三条　采购人应当编制政府采购实施计划。",
     [("编制政府采购实施计划", ["采购人"], [])]),
    ("税务师事务所可以承办涉税鉴证业务。",
     [("承办涉税鉴证业务", ["税务师事务所"], [])]),
    ("评审专家不得泄露评审情况。",
     [("不得泄露评审情况", ["评审专家"], [])]),
    ("董事会秘书负责公司信息披露事务。",
     [("负责公司信息披露事务", ["董事会秘书"], [])]),
    ("工会要维护职工的合法权益。",
     [("维护职工的合法权益", ["工会"], [])]),
    ("欧盟应取消对中国电动汽车加征的反补贴税。",
     [("取消对中国电动汽车加征的反补贴税", ["欧盟"], [])]),
    ("日本应当停止向海洋排放核污染水。",
     [("停止向海洋排放核污染水", ["日本"], [])]),
    ("联合国粮农组织必须加强对成员国的技术援助。",
     [("加强对成员国的技术援助", ["联合国粮农组织"], [])]),
    # things as subjects: the measure starts at the verb and has no actor
    ("第十六条　公共建筑应当设置无障碍设施。",
     [("设置无障碍设施", [], [])]),
    ("风险补偿资金应当用于弥补合作银行的贷款损失。",
     [("用于弥补合作银行的贷款损失", [], [])]),
    ("重要数据应当实行分类分级保护。",
     [("实行分类分级保护", [], [])]),
]


# 2. Clean boundaries: an actor never starts with 报/经/未经/向/由/对/依照/按照, a pronoun or a
# determiner, or the tail of 或者/以及/及其; 报X批准 names no actor X; a condition clause
# (未经……许可, ……的，) is not a measure; a list gives one actor per item.
CLEAN_BOUNDARIES: list[Row] = [
    ("重大行政决策方案应当报国务院批准。",
     [("报国务院批准", [], [])]),
    ("省级人民政府应当将补偿标准报国务院备案。",
     [("将补偿标准报国务院备案", ["省级人民政府"], [])]),
    ("未经海关许可，任何单位和个人不得开拆海关监管货物。",
     [("不得开拆海关监管货物", ["单位", "个人"], [])]),
    ("县级以上人民政府及其有关部门应当加强对安全生产工作的监督管理。",
     [("加强对安全生产工作的监督管理", ["县级以上人民政府", "部门"], [])]),
    ("发展改革、财政、税务等部门应当落实结构性减税政策。",
     [("落实结构性减税政策", ["发展改革", "财政", "税务", "部门"], [])]),
    ("违反本条例规定的，由海关没收违法所得。",
     [("没收违法所得", ["海关"], [])]),
    ("对举报属实的，税务机关应当给予奖励。",
     [("给予奖励", ["税务机关"], [])]),
    ("依照本法规定，村民委员会应当召开村民会议。",
     [("召开村民会议", ["村民委员会"], [])]),
    ("按照属地管理原则，乡镇人民政府负责本辖区的防汛工作。",
     [("负责本辖区的防汛工作", ["乡镇人民政府"], [])]),
    ("各成员国应当履行公约规定的义务。",
     [("履行公约规定的义务", ["成员国"], [])]),
    ("注册会计师或者会计师事务所不得出具虚假审计报告。",
     [("不得出具虚假审计报告", ["注册会计师", "会计师事务所"], [])]),
    ("采购人以及采购代理机构应当保存采购文件。",
     [("保存采购文件", ["采购人", "采购代理机构"], [])]),
]


# 3. Support verbs: SUPPORT-VERB + AGENT + VP gives the inner VP as the measure and the agent
# (each item of a list, X and then Y of X等Y) as its actors.  A non-agent noun after the
# support verb, or an inner verb of growth only, gives one measure for the whole, no actor.
PIVOT: list[Row] = [
    ("鼓励工会开展职工技能竞赛。",
     [("开展职工技能竞赛", ["工会"], [])]),
    ("引导村民委员会或者村民小组开展土地经营权流转。",
     [("开展土地经营权流转", ["村民委员会", "村民小组"], [])]),
    ("督促承运人落实安全生产主体责任。",
     [("落实安全生产主体责任", ["承运人"], [])]),
    ("要求期货交易场所完善风险监测指标体系。",
     [("完善风险监测指标体系", ["期货交易场所"], [])]),
    ("支持中国中车、中远海运等企业开拓国际市场。",
     [("开拓国际市场", ["中国中车", "中远海运", "企业"], [])]),
    ("组织评审专家开展现场核查。",
     [("开展现场核查", ["评审专家"], [])]),
    ("帮助外贸经营者应对贸易摩擦。",
     [("应对贸易摩擦", ["外贸经营者"], [])]),
    ("允许境外律师事务所设立代表机构。",
     [("设立代表机构", ["境外律师事务所"], [])]),
    ("鼓励和引导社会力量参与养老服务。",
     [("参与养老服务", ["社会力量"], [])]),
    # not pivots: a sector or a zone after the support verb; an inner verb of growth only
    ("推动加工贸易产业转型升级。",
     [("推动加工贸易产业转型升级", [], [])]),
    ("支持跨境电商综合试验区建设。",
     [("支持跨境电商综合试验区建设", [], [])]),
    ("支持个体工商户发展。",
     [("支持个体工商户发展", [], [])]),
]


# 4. Carry-over: an actor named before a chain of VPs is the actor of each, across ，and ；,
# until another subject is named; never into the next sentence.  由X + VP and X会同Y + VP
# name their agents (both X and Y for 会同).
CARRY_OVER: list[Row] = [
    ("海关应当建立风险管理制度，加强对进出口货物的查验。",
     [("建立风险管理制度", ["海关"], []),
      ("加强对进出口货物的查验", ["海关"], [])]),
    ("出租人应当按照约定交付租赁物；在租赁期限内保持租赁物符合约定的用途。",
     [("交付租赁物", ["出租人"], []),
      ("保持租赁物符合约定的用途", ["出租人"], [])]),
    ("日本应当停止排放核污染水，接受国际社会的长期监督。",
     [("停止排放核污染水", ["日本"], []),
      ("接受国际社会的长期监督", ["日本"], [])]),
    ("采购人应当编制采购文件，采购代理机构应当保存采购档案。",
     [("编制采购文件", ["采购人"], []),
      ("保存采购档案", ["采购代理机构"], [])]),
    ("承运人应当核对货物信息；托运人应当如实申报货物品名。",
     [("核对货物信息", ["承运人"], []),
      ("申报货物品名", ["托运人"], [])]),
    # two sentences: the actor of the first does not reach the second
    ("税务机关应当加强纳税服务。简化办税流程，推行电子发票。",
     [("加强纳税服务", ["税务机关"], []),
      ("简化办税流程", [], []),
      ("推行电子发票", [], [])]),
    ("注册会计师应当保持职业独立性。不得泄露客户的商业秘密。",
     [("保持职业独立性", ["注册会计师"], []),
      ("不得泄露客户的商业秘密", [], [])]),
    # 由X + VP
    ("符合条件的申请项目，由评审专家进行现场评审。",
     [("进行现场评审", ["评审专家"], [])]),
    ("村内道路建设项目，由村民委员会负责筹集资金，组织施工。",
     [("负责筹集资金", ["村民委员会"], []),
      ("组织施工", ["村民委员会"], [])]),
    # X会同Y + VP
    ("国务院财政部门会同海关总署制定关税减免的具体办法。",
     [("制定关税减免的具体办法", ["国务院财政部门", "海关总署"], [])]),
    ("商务主管部门应当会同海关建立信息共享机制，通报进出口情况。",
     [("建立信息共享机制", ["商务主管部门", "海关"], []),
      ("通报进出口情况", ["商务主管部门", "海关"], [])]),
    ("由海关会同市场监管部门开展联合执法检查。",
     [("开展联合执法检查", ["海关", "市场监管部门"], [])]),
]


# 5. Spans: the measure starts at its verb: no subject, no modal, no stance word, no manner
# adverb, no framing phrase.  Chapter titles, definitions and scope articles give no measure.
SPANS: list[Row] = [
    ("海关应当依法查处走私行为。",
     [("查处走私行为", ["海关"], [])]),
    ("承运人应当及时通知收货人。",
     [("通知收货人", ["承运人"], [])]),
    ("评审专家应当严格遵守评审纪律。",
     [("遵守评审纪律", ["评审专家"], [])]),
    ("注册会计师应当独立、客观、公正地执行审计业务。",
     [("执行审计业务", ["注册会计师"], [])]),
    ("村民委员会必须切实加强村务管理。",
     [("加强村务管理", ["村民委员会"], [])]),
    ("大力发展跨境电子商务。",
     [("发展跨境电子商务", [], [])]),
    ("加快建设国际航运中心。",
     [("建设国际航运中心", [], [])]),
    ("围绕主导产业开展精准招商。",
     [("开展精准招商", [], [])]),
    ("第一章　总则\n第二条　出租人应当交付租赁物。",
     [("交付租赁物", ["出租人"], [])]),
    ("第五章　附则\n第三十条　税务师事务所应当建立档案管理制度。",
     [("建立档案管理制度", ["税务师事务所"], [])]),
    ("本办法所称评审专家，是指以独立身份参加政府采购评审的人员。",
     []),
    ("本条例适用于中华人民共和国境内的期货交易及其相关活动。",
     []),
]


# 6. Goals: a purpose word (以, 从而, 确保, 为了, 为X提供支撑) or a sentence-final clause headed by
# a word of the closed result list (降低, 减少, 提高, ...) is a goal of every measure of the
# sentence; result clauses keep their verb, purpose words are left out.  A final clause
# headed by 促进/推进/形成, a result verb before a ；, and 加快 + verb are measures.
GOALS: list[Row] = [
    ("税务机关应当简化办税流程，降低纳税人的办税成本。",
     [("简化办税流程", ["税务机关"], ["降低纳税人的办税成本"])]),
    ("海关应当优化通关流程，以提高口岸通关效率。",
     [("优化通关流程", ["海关"], ["提高口岸通关效率"])]),
    ("简化外汇登记手续，从而降低企业跨境融资成本。",
     [("简化外汇登记手续", [], ["降低企业跨境融资成本"])]),
    ("海关应当加强对跨境电商零售进口商品的监管，确保商品质量安全。",
     [("加强对跨境电商零售进口商品的监管", ["海关"], ["商品质量安全"])]),
    ("建设国际航运中心，为建设海洋强国提供支撑。",
     [("建设国际航运中心", [], ["建设海洋强国"])]),
    ("为了规范政府采购评审专家管理，根据《中华人民共和国政府采购法》，制定本办法。",
     [("制定本办法", [], ["规范政府采购评审专家管理"])]),
    ("税务机关应当精简涉税资料，压缩办税时间，减少纳税人往返次数。",
     [("精简涉税资料", ["税务机关"], ["减少纳税人往返次数"]),
      ("压缩办税时间", ["税务机关"], ["减少纳税人往返次数"])]),
    ("采购人应当公开采购意向；采购代理机构应当优化采购流程，提高采购效率。",
     [("公开采购意向", ["采购人"], ["提高采购效率"]),
      ("优化采购流程", ["采购代理机构"], ["提高采购效率"])]),
    # not goals
    ("村民委员会应当完善村规民约，减少矛盾纠纷；定期公布村务。",
     [("完善村规民约", ["村民委员会"], []),
      ("减少矛盾纠纷", ["村民委员会"], []),
      ("公布村务", ["村民委员会"], [])]),
    ("海关应当推行通关便利化措施，促进对外贸易发展。",
     [("推行通关便利化措施", ["海关"], []),
      ("促进对外贸易发展", ["海关"], [])]),
    ("完善社区养老服务网络，形成覆盖城乡的养老服务体系。",
     [("完善社区养老服务网络", [], []),
      ("形成覆盖城乡的养老服务体系", [], [])]),
    ("完善海外仓布局，加快建设国际物流通道。",
     [("完善海外仓布局", [], []),
      ("建设国际物流通道", [], [])]),
]


@pytest.mark.parametrize("text, expected", SUBJECT_BY_POSITION, ids=ids(SUBJECT_BY_POSITION))
def test_subject_by_position(run, text, expected):
    assert run(text) == expected


@pytest.mark.parametrize("text, expected", CLEAN_BOUNDARIES, ids=ids(CLEAN_BOUNDARIES))
def test_clean_boundaries(run, text, expected):
    assert run(text) == expected


@pytest.mark.parametrize("text, expected", PIVOT, ids=ids(PIVOT))
def test_pivot(run, text, expected):
    assert run(text) == expected


@pytest.mark.parametrize("text, expected", CARRY_OVER, ids=ids(CARRY_OVER))
def test_carry_over(run, text, expected):
    assert run(text) == expected


@pytest.mark.parametrize("text, expected", SPANS, ids=ids(SPANS))
def test_spans(run, text, expected):
    assert run(text) == expected


@pytest.mark.parametrize("text, expected", GOALS, ids=ids(GOALS))
def test_goals(run, text, expected):
    assert run(text) == expected


# 7. The rest of the registry: co-actors (联合X共同), bodies named by 依托X, a goal carried
# after 让, 立足X alone, the verb phrases listed in 通过X、Y等方式, 以X before the verb,
# and 为X naming a beneficiary (not an actor: it is the measure's target).
OTHER: list[Row] = [
    ("联合港口企业共同建设多式联运枢纽。",
     [("建设多式联运枢纽", ["港口企业"], [])]),
    ("依托自由贸易试验区、综合保税区等开放平台，开展跨境数据流动试点。",
     [("开展跨境数据流动试点", ["自由贸易试验区", "综合保税区"], [])]),
    ("完善人才公寓供给，让青年人才引得进，还能留得住。",
     [("完善人才公寓供给", [], ["青年人才引得进，还能留得住"])]),
    ("完善人才公寓供给，让青年人才引得进，留得住。",
     [("完善人才公寓供给", [], ["青年人才引得进", "留得住"])]),
    ("立足县域资源禀赋。",
     [("立足县域资源禀赋", [], [])]),
    ("通过发放消费券、举办促销活动等方式，提振居民消费。",
     [("发放消费券", [], []), ("举办促销活动", [], []), ("提振居民消费", [], [])]),
    ("以数字化改造提升传统产业竞争力。",
     [("以数字化改造提升传统产业竞争力", [], [])]),
    ("为中小微企业提供低成本融资服务。",
     [("提供低成本融资服务", [], [])]),
    ("支持退役军人在县域创办小微企业。",
     [("在县域创办小微企业", ["退役军人"], [])]),
    ("在县域推广农村电商服务站。",
     [("在县域推广农村电商服务站", [], [])]),
    # a noun phrase before 由X / a modal names what the rule is about: no measure of its own
    ("申报专项资金的项目，由县级财政部门报市级财政部门审核。",
     [("报市级财政部门审核", ["县级财政部门"], [])]),
    # 联合X before the verb names a co-actor, it is no adverb
    ("市政府还联合港口企业推出集装箱运输补贴计划。",
     [("推出集装箱运输补贴计划", ["市政府", "港口企业"], [])]),
    # 将X缴入Y after a modal: 将 marks the object and stays in the span
    ("纳税人应当将应纳税款缴入国库。",
     [("将应纳税款缴入国库", ["纳税人"], [])]),
    # 各地 before a name only qualifies it; a copula's subject carries into the next clause
    ("各地市场监管部门要加强食品安全抽检。",
     [("加强食品安全抽检", ["市场监管部门"], [])]),
    ("社会组织是基层治理的重要力量，要积极参与社区服务。",
     [("参与社区服务", ["社会组织"], [])]),
    # a number before the category is a quantifier; a time word after the names is no name
    ("财政部、税务总局等三部门日前印发减税公告。",
     [("印发减税公告", ["财政部", "税务总局", "部门"], [])]),
    # a zone after a support verb is acted on, it is no agent (GUIDELINE)
    ("支持综合保税区拓展保税维修业务。",
     [("支持综合保税区拓展保税维修业务", [], [])]),
    # 向X before the verb names an addressee, not part of the measure
    ("申请人可以向海关申请行政复议。",
     [("申请行政复议", ["申请人"], [])]),
    # partners named by 联合 inside a support construction act too
    ("支持平台企业联合科研院所开展算法攻关。",
     [("开展算法攻关", ["平台企业", "科研院所"], [])]),
    # X + 融通发展: a verb of growth, so the whole is one measure with no actor
    ("推动大中小企业融通发展。",
     [("推动大中小企业融通发展", [], [])]),
    # departments listed before 等 + category, with a gloss in brackets before the modal
    ("公安、交通运输、应急管理等有关部门（机构）应当按照职责分工做好道路交通安全工作。",
     [("做好道路交通安全工作", ["公安", "交通运输", "应急管理", "部门"], [])]),
    # a document before a support or reporting verb names no actor; the agent follows
    ("实施方案还鼓励有关地方给予小微企业培训补贴。",
     [("给予小微企业培训补贴", ["地方"], [])]),
    ("规划提出，到2030年建成一批零碳园区。",
     [("建成一批零碳园区", [], [])]),
    # abbreviated names as agents; an idiom verb after them, and the agents carry on
    ("鼓励央企、国企先行先试，探索数据资产入表路径。",
     [("先行先试", ["央企", "国企"], []), ("探索数据资产入表路径", ["央企", "国企"], [])]),
    # a subject before a condition clause carries into the obligation after it
    ("报关企业在办理报关手续时，应当如实申报进出口货物的商品编码。",
     [("申报进出口货物的商品编码", ["报关企业"], [])]),
]


@pytest.mark.parametrize("text, expected", OTHER, ids=ids(OTHER))
def test_other_constructions(run, text, expected):
    assert run(text) == expected


def test_for_names_a_target_not_an_actor():
    from kg.nlp import make_nlp

    rules = default_rulebook()
    [measure] = extract_source(SourceText("t.txt", "t.txt", "为中小微企业提供低成本融资服务。", "str"),
                               rules, make_nlp(rules)).measures
    assert [t.text for t in measure.targets] == ["中小微企业"] and not measure.actors


ALL_TABLES = (SUBJECT_BY_POSITION, CLEAN_BOUNDARIES, PIVOT, CARRY_OVER, SPANS, GOALS, OTHER)
