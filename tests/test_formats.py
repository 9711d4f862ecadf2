"""Real documents in: web pages, Word and PDF files beside text and Markdown.

Every file here is made by a real tool in the test (python-docx, reportlab with a CJK font
that needs no download, pypdf) or is a committed page in the layout of a government site.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import read_source
from kg.pipeline import build

from .conftest import DATA
from .test_cli import run_kg

PAGE = DATA / "formats" / "gov_page.html"
LINES = [
    "国务院办公厅关于加快推进人工智能产业发展的通知",
    "为加快推进人工智能产业发展，经国务院同意，现就有关事项通知如下。",
    "一、强化创新能力。各地区要完善人工智能创新体系，支持高校和科研院所开展基础研究，鼓励企业加大研发投入，"
    "提高关键核心技术自主可控水平。",
    "二、扩大应用场景。有关部门要开放一批重点行业应用场景，推动人工智能在制造、医疗、教育等领域深度应用。",
    "三、加强组织保障。各地区、各部门要加强统筹协调，抓好贯彻落实。",
]
NAV = '<div class="nav"><a href="/">首页</a> | <a href="/zhengce/">政策</a> | <a>互动</a></div>'
FOOTER = '<div class="footer"><p>版权所有：中国政府网 | 京ICP备05070218号</p></div>'


def write_txt(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_html(path: Path, lines: list[str]) -> Path:
    body = "".join(f"<p>{line}</p>\n" for line in lines[1:])
    path.write_text(
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{lines[0]}</title>'
        "<script>var tracker = 1;</script><style>p {{ margin: 0 }}</style></head><body>"
        f'{NAV}<div class="article"><h1>{lines[0]}</h1><div id="UCAP-CONTENT">{body}</div>'
        '<div class="share">分享到：<a>微信</a><a>微博</a></div></div>'
        f'<div class="related"><h3>相关文件</h3><ul><li><a>关于促进数字经济发展的意见</a></li></ul></div>{FOOTER}'
        "</body></html>", encoding="utf-8")
    return path


def write_docx(path: Path, lines: list[str]) -> Path:
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "国务院办公厅文件"  # not the document's text
    document.sections[0].footer.paragraphs[0].text = "— 1 —"
    document.add_heading(lines[0], level=1)
    for line in lines[1:]:
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "责任单位", "科技部"
    document.save(str(path))
    return path


def pdf_bytes(pages: list[list[str]], *, header: str | None = None, width: int = 30) -> bytes:
    """A PDF of these pages' lines, each line cut every ``width`` characters as a PDF lays
    text out, with a page number (and a running header) on every page."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))  # a built-in CJK font: no download
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer)
    for number, lines in enumerate(pages, 1):
        sheet.setFont("STSong-Light", 12)
        y = 800
        if header:
            sheet.drawString(50, 820, header)
        for line in lines:
            for i in range(0, len(line), width):
                sheet.drawString(50, y, line[i:i + width])
                y -= 18
        sheet.drawString(280, 40, f"— {number} —")
        sheet.showPage()
    sheet.save()
    return buffer.getvalue()


def write_pdf(path: Path, lines: list[str]) -> Path:
    path.write_bytes(pdf_bytes([lines]))
    return path


WRITERS = {"txt": write_txt, "md": write_txt, "html": write_html, "docx": write_docx, "pdf": write_pdf}


def measures_of(path: Path) -> list[tuple[str, list[str], list[str]]]:
    [document] = build([path]).documents
    return [(m.text, [a.text for a in m.actors], [g.text for g in m.goals]) for m in document.measures]


def test_the_same_text_gives_the_same_measures_in_every_format(tmp_path: Path) -> None:
    expected = measures_of(write_txt(tmp_path / "notice.txt", LINES))
    assert len(expected) >= 8
    for ext, write in WRITERS.items():
        assert measures_of(write(tmp_path / f"notice-{ext}.{ext}", LINES)) == expected, ext


def test_a_pdf_printed_by_a_browser_reads_as_its_text(tmp_path: Path) -> None:
    """Chromium's PDFs map shared glyphs to radicals (⼈⼯ for 人工) in their text layer, and
    its title, set large, fills its lines: the text comes out right all the same."""
    import subprocess

    from .test_html_browser import CHROMIUM, REQUIRED

    if not Path(CHROMIUM).exists():
        if REQUIRED:
            pytest.fail(f"KG_REQUIRE_BROWSER is set but there is no chromium at {CHROMIUM}")
        pytest.skip(f"no chromium at {CHROMIUM}")
    page = tmp_path / "notice.html"
    page.write_text("<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'><style>"
                    "body{width:15cm;font-size:16pt} h1{font-size:18pt}</style></head><body>"
                    f"<h1>{LINES[0]}</h1>" + "".join(f"<p>{line}</p>" for line in LINES[1:]) + "</body></html>",
                    encoding="utf-8")
    pdf = tmp_path / "notice.pdf"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf}", page.as_uri()],
                   capture_output=True, timeout=120, check=True)
    import pypdf

    layer = "".join(p.extract_text() for p in pypdf.PdfReader(pdf).pages)
    assert any("\u2e80" <= c <= "\u2fdf" for c in layer)  # what the file holds: radicals
    text = read_source(pdf).text
    assert text.splitlines() == LINES
    assert measures_of(pdf) == measures_of(write_txt(tmp_path / "notice.txt", LINES))


def test_a_folder_of_every_format_builds_them_all(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    for ext, write in WRITERS.items():
        write(folder / f"notice.{ext}", LINES)
    shutil.copy(PAGE, folder / "page.shtml")
    result = build([folder])
    assert sorted(Path(d.source.path).suffix for d in result.documents) == [
        ".docx", ".html", ".md", ".pdf", ".shtml", ".txt"]
    assert result.skipped == ()


def test_a_government_page_gives_its_body_only() -> None:
    text = read_source(PAGE).text
    assert "各地区要完善人工智能创新体系" in text and "抓好贯彻落实。" in text
    for furniture in ("首页", "请输入关键词", "版权所有", "相关文件", "var _hmt", ".bd1", "分享到", "索引号"):
        assert furniture not in text, furniture
    lines = text.splitlines()
    assert "一、强化创新能力。各地区要完善人工智能创新体系，" in "".join(lines)  # paragraphs kept whole
    assert len(lines) >= 8


def test_word_gives_body_and_tables_but_not_headers_and_footers(tmp_path: Path) -> None:
    text = read_source(write_docx(tmp_path / "n.docx", LINES)).text
    lines = text.splitlines()
    assert lines[:len(LINES)] == LINES
    assert lines[-1] == "责任单位　科技部"
    assert "国务院办公厅文件" not in text and "— 1 —" not in text


def test_pdf_lines_are_rejoined_and_page_furniture_dropped(tmp_path: Path) -> None:
    # one paragraph runs from the first page onto the second
    first, second = LINES[:3], LINES[3:]
    path = tmp_path / "n.pdf"
    path.write_bytes(pdf_bytes([first + [second[0][:60]], [second[0][60:], *second[1:]], ["（此件公开发布）"]],
                               header="国务院办公厅文件"))
    lines = read_source(path).text.splitlines()
    assert lines == [*LINES, "（此件公开发布）"]


# --------------------------------------------------------------------------- bad input


def _scanned_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer)
    sheet.rect(50, 50, 400, 600, fill=1)  # a page image: marks, no text
    sheet.showPage()
    sheet.save()
    return buffer.getvalue()


def _encrypted_pdf() -> bytes:
    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf_bytes([LINES]))))
    writer.encrypt(user_password="secret", owner_password="owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _damaged_docx(tmp_path: Path) -> bytes:
    data = write_docx(tmp_path / "whole.docx", LINES).read_bytes()
    return data[:len(data) // 2]


def _docx_of_broken_xml() -> bytes:
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document><w:body><w:p>")
    return buffer.getvalue()


BAD = [
    ("scan.pdf", lambda tmp: _scanned_pdf(), "no text layer: scanned PDF"),
    ("locked.pdf", lambda tmp: _encrypted_pdf(), "encrypted PDF (it needs a password)"),
    ("cut.pdf", lambda tmp: pdf_bytes([LINES])[:300], "damaged PDF"),
    ("cut.docx", _damaged_docx, "not a Word file, though named .docx"),
    ("broken.docx", lambda tmp: _docx_of_broken_xml(), "damaged Word file"),
    ("empty.html", lambda tmp: f"<html><body>{NAV}{FOOTER}</body></html>".encode(), "a web page with no body text"),
    ("report.docx", lambda tmp: pdf_bytes([LINES]), "a PDF file, though named .docx"),
    ("notes.pdf", lambda tmp: "\n".join(LINES).encode(), "not a PDF, though named .pdf"),
    ("notice.txt", lambda tmp: pdf_bytes([LINES]), "a PDF, though named .txt"),
]


@pytest.mark.parametrize("name, make, reason", BAD, ids=[b[0] for b in BAD])
def test_a_bad_document_is_skipped_with_its_reason(tmp_path: Path, name, make, reason) -> None:
    path = tmp_path / name
    path.write_bytes(make(tmp_path))
    with pytest.raises(InputError) as caught:
        read_source(path)
    assert caught.value.reason.startswith(reason), caught.value.reason


def test_bad_documents_do_not_stop_the_others(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    write_docx(folder / "good.docx", LINES)
    for name, make, _ in BAD:
        (folder / name).write_bytes(make(tmp_path))
    out = tmp_path / "out"
    done = run_kg("build", str(folder), "--out", str(out))
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.count("kg: skipped") == len(BAD)
    records = [json.loads(line) for line in (out / "measures.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {r["source"] for r in records} == {"good.docx"}


# --------------------------------------------------------------------------- traditional characters

TRADITIONAL = "各地區要完善創新體系，鼓勵企業加大研發投入，提高創新能力。"
SIMPLIFIED = "各地区要完善创新体系，鼓励企业加大研发投入，提高创新能力。"


def test_traditional_text_is_read_as_simplified_and_quoted_as_written() -> None:
    from kg.pipeline import extract_text

    def spans(text: str) -> list[tuple[int, int, int]]:
        return [(m.start, m.end, len(m.actors)) for m in extract_text(text).measures]

    assert spans(TRADITIONAL) == spans(SIMPLIFIED) != []
    measure = extract_text(TRADITIONAL).measures[-1]
    assert measure.text == "加大研發投入" and [a.text for a in measure.actors] == ["企業"]  # the file's own words
    assert [g.text for g in measure.goals] == ["提高創新能力"]


def test_a_traditional_actor_is_the_same_node_as_its_simplified_name() -> None:
    import kg

    pg = kg.build([TRADITIONAL, SIMPLIFIED])
    actors = {attrs["name"]: attrs["surface"] for _, attrs in pg.graph.nodes(data=True) if attrs["kind"] == "actor"}
    assert actors == {"企业": ("企业", "企業")}


# --------------------------------------------------------------------------- the header, carried


def test_the_documents_table_gives_each_files_header(tmp_path: Path) -> None:
    import kg

    notice = write_docx(tmp_path / "notice.docx", ["国办发〔2024〕37号", *LINES, "国务院办公厅", "2024年7月24日"])
    pg = kg.build([PAGE, notice])
    rows = {row.file: row for row in pg.documents.itertuples()}
    page, word = rows["gov_page.html"], rows["notice.docx"]
    assert (page.kind, page.number, page.issuers, page.written, page.published) == (
        "通知", "国办发〔2024〕37号", ["国务院办公厅"], "2024-07-24", "2024-07-29")
    assert (word.kind, word.number, word.issuers, word.written) == (
        "通知", "国办发〔2024〕37号", ["国务院办公厅"], "2024-07-24")
    assert word.titles == [LINES[0]]  # the header's title, not the number line above it
    # saved and loaded back (GraphML), and exported, the header is still there
    pg.save(tmp_path / "out")
    assert kg.load(tmp_path / "out").documents.equals(pg.documents)
    pg.to_csv(tmp_path / "csv", tables=("documents",))
    assert "通知,国办发〔2024〕37号,国务院办公厅,2024-07-24,2024-07-29" in (
        tmp_path / "csv" / "documents.csv").read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("engine", ["shacl-rust", "pyshacl"])
def test_the_issuing_body_is_an_actor_and_the_kind_a_concept(tmp_path: Path, engine: str) -> None:
    import kg
    from rdflib import RDF, RDFS, Graph, Literal, Namespace

    from kg.rdf.validate import validate_files

    pkg, kind = Namespace("https://w3id.org/policykg/ontology#"), Namespace("https://w3id.org/policykg/kinds#")
    # 财政部 issues the notice and is asked to act in it: one node, one resource, both roles
    notice = write_docx(tmp_path / "notice.docx", ["财政部关于加强科研经费管理的通知", "各省、自治区、直辖市财政厅（局）：",
                                                   "财政部要加强资金保障。", "高校要完善经费管理制度。",
                                                   "财政部", "二〇二四年三月五日"])
    pg = kg.build([notice])
    article = next(n for n, a in pg.graph.nodes(data=True) if a["kind"] == "article")
    assert [(v, r) for _, v, r in pg.graph.out_edges(article, data="relation")] == [("actor:财政部", "issuer")]
    row = pg.actors.set_index("name").loc["财政部"]
    assert (row["issued"], row["as_actor"], row["articles"]) == (1, 1, [pg.graph.nodes[article]["label"]])
    assert pg.actors.set_index("name").loc["高校", "issued"] == 0

    pg.save(tmp_path / "out")
    rdf = Graph().parse(tmp_path / "out" / "graph.ttl")
    (doc,) = rdf.subjects(RDF.type, pkg.Article)
    (body,) = rdf.objects(doc, pkg.issuedBy)
    assert (body, RDF.type, pkg.Actor) in rdf and (body, RDFS.label, Literal("财政部", lang="zh")) in rdf
    assert set(rdf.subjects(pkg.hasActor, body))  # the measure 财政部 carries out points at the same IRI
    assert list(rdf.objects(doc, pkg.documentKind)) == [kind.Notice]
    assert not list(rdf.triples((None, pkg.issuer, None)))
    report = validate_files([tmp_path / "out" / "graph.ttl"], engine=engine)
    assert report.conforms, report.text()
    # a kind outside the scheme, and an issuer that is not an actor, are caught
    broken = tmp_path / "broken.ttl"
    broken.write_text((tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8") +
                      f"\n<{doc}> <{pkg.documentKind}> <https://example.org/notice> ; "
                      f"<{pkg.issuedBy}> <https://example.org/nobody> .\n", encoding="utf-8")
    messages = {issue.message for issue in validate_files([broken], engine=engine).issues}
    assert any("pkg:issuedBy" in m for m in messages) and any("pkg:documentKind" in m for m in messages)


def test_an_untitled_report_is_labelled_by_its_file_not_its_salutation(tmp_path: Path) -> None:
    import kg

    report = tmp_path / "2013_gwr.txt"
    report.write_text("各位代表：\n\n　　现在，我代表国务院，向大会报告政府工作，请各位代表审议。\n\n一、过去五年工作回顾\n\n"
                      "　　我们要坚持稳中求进，各地区要加快转变经济发展方式。\n", encoding="utf-8")
    pg = kg.build([report])
    assert [a for _, a in pg.graph.nodes(data="label") if a in ("2013_gwr.txt", "各位代表：")] == ["2013_gwr.txt"]
    assert set(pg.measures["article"]) == {"2013_gwr.txt"}


@pytest.mark.parametrize("radical, ideograph", [("⼈", "人"), ("⼯", "工"), ("⺠", "民"), ("⻔", "门"), ("⻓", "长"),
                                                ("⼀", "一"), ("〈", "〈")])
def test_radical_code_points_are_read_as_the_ideographs_they_look_like(radical: str, ideograph: str) -> None:
    from kg.ingest.chinese import ideographs, simplified

    assert ideographs(f"甲{radical}乙") == simplified(f"甲{radical}乙") == f"甲{ideograph}乙"


def test_a_text_pasted_from_a_pdf_keeps_its_characters_in_the_evidence(tmp_path: Path) -> None:
    import kg

    pasted = tmp_path / "pasted.txt"
    pasted.write_text("各级⼈⺠政府要加快发展⼈⼯智能产业。\n", encoding="utf-8")
    from kg.ingest.chinese import ideographs

    pg, clean = kg.build([pasted]), kg.build(["各级人民政府要加快发展人工智能产业。\n"])
    assert list(pg.measures["text"]) == ["发展⼈⼯智能产业"]  # quoted as the file has it
    assert [ideographs(t) for t in pg.measures["text"]] == list(clean.measures["text"])
    assert list(pg.measures["actor_names"]) == list(clean.measures["actor_names"]) == [["人民政府"]]


@pytest.mark.parametrize("layout", [
    # a list of labelled items, the label in its own span (provincial sites)
    '<ul class="xxgk"><li><span>索 引 号：</span>11440000006939/2024-00071</li><li><span>发布机构：</span>国务院办公厅</li>'
    '<li><span>成文日期：</span>2024-07-24</li><li><span>文　　号：</span>国办发〔2024〕37号</li>'
    '<li><span>发布日期：</span>2024-07-29</li></ul>',
    # a definition list
    '<dl><dt>发文机关</dt><dd>国务院办公厅</dd><dt>成文日期</dt><dd>2024年07月24日</dd><dt>发文字号</dt>'
    '<dd>国办发〔2024〕37号</dd><dt>发布日期</dt><dd>2024年07月29日</dd></dl>',
    # several pairs on one line, other labels among them
    '<div class="info">发文机关：国务院办公厅 成文日期：2024年07月24日 发文字号：国办发〔2024〕37号</div>'
    '<div class="date">发布日期：2024年07月29日 来源：中国政府网 【字体：大 中 小】</div>',
])
def test_metadata_in_lists_and_lines_is_read_like_a_table(tmp_path: Path, layout: str) -> None:
    page = PAGE.read_text(encoding="utf-8")
    start, end = page.index('<table class="bd1"'), page.index("</table>") + len("</table>")
    variant = tmp_path / "page.html"
    variant.write_text(page[:start] + layout + page[end:], encoding="utf-8")
    from kg.ingest.html import metadata_table

    rows = metadata_table(variant.read_text(encoding="utf-8"))  # the text's own header says less
    assert len(rows) == 4 and rows.get("发文机关", rows.get("发布机构")) == "国务院办公厅", rows
    header = read_source(variant).header
    assert (header.issuers, header.number, header.written, header.published, header.kind) == (
        ("国务院办公厅",), "国办发〔2024〕37号", "2024-07-24", "2024-07-29", "通知")
    assert read_source(variant).text == read_source(PAGE).text  # the body, whatever the metadata's layout


@pytest.mark.parametrize("head, title", [
    # the title broken over two lines by the layout, the speaker's name below it
    ("\u200b\n\n政府工作报\n告\n\n——2017年3月5日在第十二届全国人民代表大会第五次会议上\n\n国务院总理\n　李克强\n\n各位代表：\n\n",
     "政府工作报告"),
    # a salutation with a zero-width joiner after its colon is still no title
    ("各位代表：\u200d\n\n", "2015_gwr.txt"),
])
def test_a_work_reports_title_is_its_title_line_not_its_speaker_or_salutation(tmp_path: Path, head: str,
                                                                            title: str) -> None:
    import kg

    report = tmp_path / "2015_gwr.txt"
    report.write_text(head + "现在，我代表国务院，向大会报告政府工作，请予审议。\n\n一、过去一年工作回顾\n\n"
                      "我们要坚持稳中求进，各地区要加快转变经济发展方式。\n", encoding="utf-8")
    assert set(kg.build([report]).measures["article"]) == {title}
