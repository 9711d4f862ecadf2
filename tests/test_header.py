"""The official-document header (GB/T 9704-2012 and the way sites publish it): a table of
variants for each field, then whole headers from text and from a page's metadata table."""

from __future__ import annotations

import pytest

from kg.model import Header

from kg.ingest.header import NOTE_LINE, document_number, from_lines, from_table, kind_of, merged, parse_date

NUMBERS = [
    ("国发〔2024〕7号", "国发〔2024〕7号"),
    ("国办发[2024]37号", "国办发〔2024〕37号"),
    ("国办发［2024］37号", "国办发〔2024〕37号"),
    ("京政发（2023）第5号", "京政发〔2023〕5号"),
    ("财税(2019)13号", "财税〔2019〕13号"),
    ("沪府规【2022】12号", "沪府规〔2022〕12号"),
    ("渝府发 〔2021〕 10 号", "渝府发〔2021〕10号"),
    ("国发〔2024〕007号", "国发〔2024〕7号"),
    ("工信部联规〔2023〕221号", "工信部联规〔2023〕221号"),
    ("文号：发改高技〔2024〕1号", "发改高技〔2024〕1号"),
    ("没有文号的一行字", None),
    ("2024年7月24日", None),
]

DATES = [
    ("2024年7月24日", "2024-07-24"),
    ("2024年07月04日", "2024-07-04"),
    ("2024-07-24", "2024-07-24"),
    ("2024.7.24", "2024-07-24"),
    ("2024/7/4", "2024-07-04"),
    ("二〇二四年七月二十四日", "2024-07-24"),
    ("二〇二三年十二月三十一日", "2023-12-31"),
    ("二〇二〇年一月十日", "2020-01-10"),
    ("二○一九年十月一日", "2019-10-01"),
    ("成文日期：2024年02月29日", "2024-02-29"),
    ("2023年2月30日", None),  # no such day
    ("第七条", None),
]

KINDS = [
    ("国务院关于印发新一代人工智能发展规划的通知", "通知"),
    ("关于加快建设全国统一大市场的意见", "意见"),
    ("关于推动能源电子产业发展的指导意见", "指导意见"),
    ("重庆市绿色建筑条例", "条例"),
    ("专利代理条例（2018年修订）", "条例"),
    ("网络交易监督管理办法", "管理办法"),
    ("“十四五”数字经济发展规划", "规划"),
    ("《数字中国建设整体布局规划》", "规划"),
    ("推动大规模设备更新和消费品以旧换新行动方案", "行动方案"),
    ("国务院关于修改部分行政法规的决定", "决定"),
    ("政府工作报告", "工作报告"),
    ("关于同意设立某示范区的批复", "批复"),
    ("中华人民共和国国务院令", "令"),
    ("人工智能发展的几点思考", None),
]


@pytest.mark.parametrize("text, expected", NUMBERS, ids=[f"n{k:02d}" for k in range(1, len(NUMBERS) + 1)])
def test_document_numbers_are_normalised(text, expected):
    assert document_number(text) == expected


@pytest.mark.parametrize("text, expected", DATES, ids=[f"d{k:02d}" for k in range(1, len(DATES) + 1)])
def test_dates_in_figures_and_characters(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("title, expected", KINDS, ids=[f"k{k:02d}" for k in range(1, len(KINDS) + 1)])
def test_the_kind_is_the_titles_last(title, expected):
    assert kind_of(title) == expected


NOTICE = [
    "国办发〔2024〕37号",
    "国务院办公厅关于加快推进人工智能产业发展的通知",
    "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
    "为加快推进人工智能产业发展，经国务院同意，现就有关事项通知如下。",
    "三、加强组织保障。各地区、各部门要加强统筹协调，抓好贯彻落实。",
    "国务院办公厅",
    "2024年7月24日",
    "（此件公开发布）",
]

HEADERS = [
    ("a notice: number, title, addressees, signature and date", NOTICE,
     Header(issuers=("国务院办公厅",), number="国办发〔2024〕37号", title=NOTICE[1],
            addressees=("各省、自治区、直辖市人民政府", "国务院各部委、各直属机构"), written="2024-07-24", kind="通知")),
    ("two issuers sign, the date in characters",
     ["财政部 税务总局关于延续实施有关个人所得税优惠政策的公告", "现将有关政策公告如下：", "一、……。",
      "财政部 税务总局", "二〇二三年八月十八日"],
     Header(issuers=("财政部", "税务总局"), title="财政部 税务总局关于延续实施有关个人所得税优惠政策的公告",
            written="2023-08-18", kind="公告")),
    ("issuers from the title when nothing is signed",
     ["工业和信息化部 国家发展改革委关于推动能源电子产业发展的指导意见", "能源电子产业是生产能源、服务能源、应用能源的电子信息技术及产品的总称。"],
     Header(issuers=("工业和信息化部", "国家发展改革委"),
            title="工业和信息化部 国家发展改革委关于推动能源电子产业发展的指导意见", kind="指导意见")),
    ("a commentary: no header at all",
     ["积极抢占人工智能产业应用制高点", "■王峥", "党的二十届四中全会提出，全面实施“人工智能+”行动。"],
     Header()),
    ("a regulation's title, no issuer before 关于",
     ["重庆市绿色建筑条例", "第一章　总则", "第一条　为了推进绿色建筑发展，制定本条例。"],
     Header(title="重庆市绿色建筑条例", kind="条例")),
    ("a date in the text is not the date of writing",
     ["关于做好2024年春耕生产工作的通知", "各区县农业农村委：", "2024年3月1日前完成春耕备耕。", "请认真贯彻执行。"],
     Header(title="关于做好2024年春耕生产工作的通知", addressees=("各区县农业农村委",), kind="通知")),
]


@pytest.mark.parametrize("what, lines, expected", HEADERS, ids=[h[0] for h in HEADERS])
def test_a_header_from_the_text(what, lines, expected):
    assert from_lines(lines) == expected


TABLE = {"索  引  号：": "000014349/2024-00071", "主题分类：": "科技、教育\\科技", "发文机关：": "国务院办公厅",
         "成文日期：": "2024年07月24日", "标　　题：": "国务院办公厅关于加快推进人工智能产业发展的通知",
         "发文字号：": "国办发[2024]37号", "发布日期：": "2024年07月29日"}


def test_a_header_from_a_pages_metadata_table():
    assert from_table(TABLE) == Header(
        issuers=("国务院办公厅",), number="国办发〔2024〕37号", title="国务院办公厅关于加快推进人工智能产业发展的通知",
        written="2024-07-24", published="2024-07-29", kind="通知")


def test_several_issuers_in_a_table_cell():
    assert from_table({"发文机关": "国家发展改革委、财政部、商务部"}).issuers == ("国家发展改革委", "财政部", "商务部")


def test_the_table_wins_and_the_text_fills_in():
    page = from_table({"发文机关": "国务院办公厅", "发布日期": "2024-07-29"})
    text = from_lines(NOTICE)
    both = merged(page, text)
    assert both.published == "2024-07-29" and both.number == "国办发〔2024〕37号"
    assert both.addressees == text.addressees and both.issuers == ("国务院办公厅",)


NOTES = [
    ("2014年11月24日 中华人民共和国国务院令第656号公布", True),
    ("（2014年11月24日中华人民共和国国务院令第656号公布 根据2019年3月24日《国务院关于修改部分行政法规的决定》修订）", True),
    ("根据2019年3月24日《国务院关于修改部分行政法规的决定》修订", True),
    ("2002年12月28日 《国务院关于修改〈中华人民共和国专利法实施细则〉的决定》第一次修订", True),
    ("2006年3月1日 施行", True),
    ("2024年3月1日前完成春耕备耕。", False),
    ("第一条 为整合不动产登记职责，制定本条例。", False),
]


@pytest.mark.parametrize("line, is_note", NOTES, ids=[f"note{k:02d}" for k in range(1, len(NOTES) + 1)])
def test_promulgation_and_revision_notes_are_told_apart(line, is_note):
    assert bool(NOTE_LINE.match(line)) is is_note


REGULATION = ["不动产登记暂行条例", "2014年11月24日 中华人民共和国国务院令第656号公布",
              "根据2019年3月24日《国务院关于修改部分行政法规的决定》修订", "第一章 总则",
              "第一条 为整合不动产登记职责，规范登记行为，制定本条例。",
              "第二条 不动产登记机构应当依法办理登记。"]


def test_a_regulations_notes_give_its_decree_number_and_date():
    assert from_lines(REGULATION) == Header(issuers=("国务院",), number="国务院令第656号", title="不动产登记暂行条例",
                                            published="2014-11-24", kind="暂行条例")


def test_a_regulations_notes_are_neither_sections_nor_measures():
    from kg.pipeline import extract_text

    document = extract_text("\n".join(REGULATION), name="reg.txt")
    assert not any("公布" in s.text or "修订" in s.text for s in document.sentences)
    assert {m.sentence.section for m in document.measures} <= {"第一章 总则", "第一条", "第二条"}
    assert document.source.header.number == "国务院令第656号"


def test_a_government_page_gives_its_header():
    from kg.ingest import read_source

    from .conftest import DATA

    header = read_source(DATA / "formats" / "gov_page.html").header
    assert header == Header(issuers=("国务院办公厅",), number="国办发〔2024〕37号",
                            title="国务院办公厅关于加快推进人工智能产业发展的通知",
                            addressees=("各省、自治区、直辖市人民政府", "国务院各部委、各直属机构"),
                            written="2024-07-24", published="2024-07-29", kind="通知")


def test_the_addressee_line_is_the_headers_not_a_measure():
    from kg.pipeline import extract_text

    document = extract_text("\n".join(NOTICE), name="notice.txt")
    assert document.source.header.addressees == ("各省、自治区、直辖市人民政府", "国务院各部委、各直属机构")
    assert not any("直属机构" in m.text or "人民政府" in m.text for m in document.measures)
    assert not any(s.text.endswith("：") for s in document.sentences)
    assert {"加强组织保障", "加强统筹协调", "抓好贯彻落实"} <= {m.text for m in document.measures}


@pytest.mark.parametrize("header, name, lines, year", [
    (Header(written="2024-07-24", published="2024-07-29"), "x_2019.txt", [], 2024),  # the header first
    (Header(published="2023-01-09"), "x.txt", ["2019年1月1日"], 2023),
    (Header(), "2017_gwr.txt", ["政府工作报告", "——2016年3月5日在第十二届全国人民代表大会第四次会议上"], 2016),
    (Header(), "1954_gwr.txt", ["各位代表：", "现在，我代表国务院报告工作。"], 1954),  # else the file's name
    (Header(), "发票管理办法(2019-03-02).txt", ["第一条 为了加强发票管理，制定本办法。"], 2019),
    (Header(), "000_d9011c0d964e4d98.txt", ["积极抢占人工智能产业应用制高点"], None),  # no year in 9011
    (Header(), "report-12019.txt", [], None),  # part of a longer number
])
def test_a_documents_year(header, name, lines, year):
    from kg.ingest.header import document_year

    assert document_year(header, name, lines) == year
