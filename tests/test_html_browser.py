"""The HTML view in a real browser: Debian's chromium, driven by its chromedriver via selenium.

These tests open pages from ``file://`` and check what a reader gets: no console errors, no
requests, the graph's nodes and edges in vis's data sets, search, filters, focus, the side
panel, hostile labels that stay text, and a 3,000-node page that settles fast.

They are skipped (with the reason) when selenium, chromium or chromedriver is missing, unless
``KG_REQUIRE_BROWSER=1`` is set (CI sets it), when they fail instead: CI must not pass by
skipping them. ``python -m tests.test_html_browser docs/graph.png`` retakes the README's
screenshot.
"""

from __future__ import annotations

import contextlib
import json
import os
import pathlib
import shutil
import struct
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

import networkx as nx
import pytest

from kg.export.html import write_html
from kg.pipeline import BuildResult

ROOT = pathlib.Path(__file__).resolve().parent.parent

#: Debian's packages; CHROMIUM / CHROMEDRIVER override for other systems.
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = os.environ.get("CHROMEDRIVER") or shutil.which("chromedriver") or "/usr/bin/chromedriver"

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--no-first-run", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--window-size=1600,1000", "--lang=zh-CN")


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not pathlib.Path(path).is_file():
            return f"{path} not found (apt-get install -y {package})"
    return None


@contextlib.contextmanager
def chromium_driver() -> Iterator[Any]:
    """Headless chromium with a fresh profile, logging console messages and network events.

    Both paths are given, so selenium never runs Selenium Manager, which would go online.
    The profile folder is removed afterwards.
    """
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="kg-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


# --------------------------------------------------------------------------- fixtures and helpers

#: CI sets KG_REQUIRE_BROWSER=1: there a missing browser fails the tests instead of skipping them.
REQUIRED = os.environ.get("KG_REQUIRE_BROWSER", "") not in ("", "0")
MISSING = browser_missing()
pytestmark = pytest.mark.skipif(MISSING is not None and not REQUIRED, reason=str(MISSING))

#: Hostile text: each would set window.__pwned if the page ever parsed it as HTML or script.
HOSTILE = (
    '<img src=x onerror="window.__pwned=1">',
    "</script><script>window.__pwned=2</script>",
    '"><svg onload="window.__pwned=3">',
    "<iframe srcdoc=\"<script>parent.__pwned=4</script>\"></iframe>",
)


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    if MISSING:
        pytest.fail(f"KG_REQUIRE_BROWSER is set but {MISSING}")
    with chromium_driver() as d:
        yield d


@pytest.fixture(scope="module")
def seeds_graph(seed_build: BuildResult) -> nx.MultiDiGraph:
    return seed_build.graph


@pytest.fixture(scope="module")
def seeds_page(seeds_graph: nx.MultiDiGraph, tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    path = tmp_path_factory.mktemp("browser") / "graph.html"
    write_html(seeds_graph, path, title="policykg")
    return path


def open_page(driver: Any, path: pathlib.Path, timeout: float = 30.0) -> float:
    """Load the page from file:// and wait until it has drawn; return the settle time in ms.

    The console and network logs are emptied first, so what a test reads is this page's.
    """
    driver.get_log("browser"), driver.get_log("performance")
    driver.get(path.resolve().as_uri())
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        settled = driver.execute_script("return window.__settled || null")
        if settled:
            return float(settled)
        time.sleep(0.02)
    raise AssertionError(f"{path.name} did not settle in {timeout} s; console: {driver.get_log('browser')}")


def visible(driver: Any) -> set[str]:
    """Ids of the nodes vis currently shows."""
    return set(driver.execute_script("return kg.nodes.get({filter: (n) => !n.hidden}).map((n) => n.id)"))


def click_canvas_at(driver: Any, x: float, y: float) -> None:
    """A real pointer click at canvas-relative pixel (x, y), as a reader's mouse gives it."""
    from selenium.webdriver.common.action_chains import ActionChains

    box = driver.execute_script("const r = document.querySelector('#kg-graph canvas').getBoundingClientRect();"
                                "return [r.left, r.top];")
    ActionChains(driver).move_by_offset(0, 0).perform()  # make sure the pointer exists
    actions = ActionChains(driver)
    actions.w3c_actions.pointer_action.move_to_location(int(box[0] + x), int(box[1] + y))
    actions.w3c_actions.pointer_action.click()
    actions.perform()


def click_node(driver: Any, node_id: str) -> None:
    """Zoom onto the node and click it where vis draws it."""
    point = driver.execute_script(
        "const id = arguments[0]; kg.network.focus(id, {scale: 1.5, animation: false});"
        "kg.network.redraw(); return kg.network.canvasToDOM(kg.network.getPosition(id));", node_id)
    click_canvas_at(driver, point["x"], point["y"])


def panel_text(driver: Any) -> str:
    return driver.execute_script("return document.getElementById('kg-details').textContent")


def browser_errors(driver: Any) -> list[dict]:
    return [entry for entry in driver.get_log("browser") if entry["level"] in ("SEVERE", "ERROR")]


def requested_urls(driver: Any, page: pathlib.Path) -> list[str]:
    """URLs requested by the page, or by anything for the network, from the performance log.

    Chromium's own pages (a fresh profile's new-tab page loads chrome:// resources late)
    are not the page's doing, so only requests the page's document makes, and every request
    that would leave the machine, whoever makes it, count.
    """
    uri = page.resolve().as_uri()
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] != "Network.requestWillBeSent":
            continue
        params = message["params"]
        url = params["request"]["url"]
        if params.get("documentURL") == uri or url.split(":", 1)[0] in ("http", "https", "ws", "wss", "ftp"):
            urls.append(url)
    return urls


def rich_measure(graph: nx.MultiDiGraph, containing: str = "") -> str:
    """A measure with stance, instrument, an actor and a goal (preferring one whose label has
    ``containing``): chosen by what it has, not by offsets that change with the extractor."""
    def rich(node: str) -> bool:
        attrs = graph.nodes[node]
        return (attrs["kind"] == "measure" and bool(attrs.get("instrument")) and bool(attrs.get("stance"))
                and any(graph.nodes[a]["kind"] == "actor" for a in graph.predecessors(node))
                and any(graph.nodes[g]["kind"] == "goal" for g in graph.successors(node)))
    found = sorted(n for n in graph if rich(n))
    assert found, "the seeds have no measure with stance, instrument, actor and goal"
    return next((n for n in found if containing and containing in graph.nodes[n]["label"]), found[0])


def busiest(graph: nx.MultiDiGraph, kind: str) -> str:
    return min((n for n, k in graph.nodes(data="kind") if k == kind), key=lambda n: (-graph.degree(n), n))


def undirected_ball(graph: nx.MultiDiGraph, centre: str, depth: int) -> set[str]:
    return set(nx.ego_graph(graph.to_undirected(as_view=True), centre, radius=depth))


# --------------------------------------------------------------------------- tests


def test_loads_offline_without_errors_or_requests(driver: Any, seeds_page: pathlib.Path) -> None:
    open_page(driver, seeds_page)
    time.sleep(0.3)  # let anything late (fonts, favicons, timers) happen before we look
    assert browser_errors(driver) == []
    urls = requested_urls(driver, seeds_page)
    page = seeds_page.resolve().as_uri()
    assert page in urls, "the performance log saw no request at all: the check would be vacuous"
    assert [u for u in urls if u != page] == []
    assert driver.execute_script("return performance.getEntriesByType('resource').length") == 0
    # The console check is live: an error logged now is seen.
    driver.execute_script("console.error('probe')")
    assert any("probe" in e["message"] for e in browser_errors(driver))


def test_data_sets_match_the_graph(driver: Any, seeds_page: pathlib.Path, seeds_graph: nx.MultiDiGraph) -> None:
    open_page(driver, seeds_page)
    ids = driver.execute_script("return kg.nodes.getIds()")
    assert sorted(ids) == sorted(seeds_graph.nodes)
    edges = driver.execute_script(
        "return kg.edges.get().map((e) => [e.from, e.to, kg.data.edges.find((d) => d.id === e.id).relation])")
    expected = Counter((u, v, d["relation"]) for u, v, d in seeds_graph.edges(data=True))
    assert Counter(map(tuple, edges)) == expected
    assert visible(driver) == set(seeds_graph.nodes)
    # Drawn, not just loaded: the canvas holds coloured pixels.
    inked = driver.execute_script(
        "const c = document.querySelector('#kg-graph canvas'); const d = c.getContext('2d')"
        ".getImageData(0, 0, c.width, c.height).data; let n = 0;"
        "for (let i = 0; i < d.length; i += 4) if (d[i + 3] && (d[i] < 200 || d[i + 2] < 200)) n++; return n;")
    assert inked > 5000


def test_search_jumps_to_and_highlights_a_node(driver: Any, seeds_page: pathlib.Path,
                                               seeds_graph: nx.MultiDiGraph) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_page(driver, seeds_page)
    target = busiest(seeds_graph, "actor")
    query = seeds_graph.nodes[target]["label"]
    matching = {n for n, label in seeds_graph.nodes(data="label") if query in label}
    exact = min((n for n in matching if seeds_graph.nodes[n]["label"] == query),
                key=lambda n: (-seeds_graph.degree(n), n))
    box = driver.find_element(By.ID, "kg-search")
    box.send_keys(query)
    listed = driver.execute_script("return [...document.querySelectorAll('#kg-results button')].length")
    assert listed == min(len(matching), 30)
    assert set(driver.execute_script("return kg.network.getSelectedNodes()")) == matching  # highlighted
    assert f"{len(matching)} 个匹配" in driver.find_element(By.ID, "kg-search-count").text
    box.send_keys(Keys.ENTER)
    assert driver.execute_script("return kg.network.getSelectedNodes()") == [exact]  # exact match first
    assert driver.find_element(By.CSS_SELECTOR, "#kg-details h2").text == query
    off = driver.execute_script("const p = kg.network.getViewPosition(), q = kg.network.getPosition(arguments[0]);"
                                "return Math.hypot(p.x - q.x, p.y - q.y);", exact)
    assert off < 1, "the view did not jump to the node"
    box.clear()
    box.send_keys("没有这样的节点")
    assert driver.find_element(By.ID, "kg-search-count").text.startswith("0 ")


def test_filters_change_what_is_shown(driver: Any, seeds_page: pathlib.Path, seeds_graph: nx.MultiDiGraph) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    open_page(driver, seeds_page)
    kinds = dict(seeds_graph.nodes(data="kind"))
    everything = set(seeds_graph.nodes)

    driver.find_element(By.CSS_SELECTOR, "#kg-legend input[data-kind=measure]").click()
    assert visible(driver) == {n for n in everything if kinds[n] != "measure"}
    shown = len(everything) - sum(1 for k in kinds.values() if k == "measure")
    assert f"showing {shown} of {len(everything)} nodes" in driver.find_element(By.ID, "kg-status").text
    driver.find_element(By.CSS_SELECTOR, "#kg-legend input[data-kind=measure]").click()
    assert visible(driver) == everything

    Select(driver.find_element(By.ID, "kg-instrument")).select_by_value("supply")
    shown = visible(driver)
    supply = {n for n, v in seeds_graph.nodes(data="instrument") if v == "supply"}
    assert {n for n in shown if kinds[n] == "measure"} == supply
    actors = {n for n in shown if kinds[n] == "actor"}
    assert actors and all(any(m in supply for m in undirected_ball(seeds_graph, a, 1)) for a in actors)

    Select(driver.find_element(By.ID, "kg-stance")).select_by_value("encourage")
    measures = {n for n in visible(driver) if kinds[n] == "measure"}
    assert measures and all(seeds_graph.nodes[m]["stance"] == "encourage" for m in measures)
    assert measures < supply

    driver.find_element(By.ID, "kg-reset").click()
    assert visible(driver) == everything

    article = max(n for n in everything if kinds[n] == "article")
    Select(driver.find_element(By.ID, "kg-article")).select_by_visible_text(
        seeds_graph.nodes[article]["label"] + " · " + seeds_graph.nodes[article]["source"])
    shown = visible(driver)
    assert article in shown and len(shown) < len(everything)
    assert all(kinds[n] != "article" or n == article for n in shown)
    assert {n for n in shown if kinds[n] == "measure"} == {
        n for n, a in seeds_graph.nodes(data="article") if kinds[n] == "measure" and a == seeds_graph.nodes[article]["label"]}

    driver.find_element(By.ID, "kg-reset").click()
    source = min(seeds_graph.nodes[n]["source"] for n in everything if kinds[n] == "article")
    Select(driver.find_element(By.ID, "kg-source")).select_by_value(source)
    assert {n for n in visible(driver) if kinds[n] == "article"} == {
        n for n in everything if kinds[n] == "article" and seeds_graph.nodes[n]["source"] == source}


def test_issuer_and_year_filters_pick_documents_by_their_header(driver: Any, seeds_page: pathlib.Path,
                                                               tmp_path: pathlib.Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    import kg

    from .test_formats import write_docx

    open_page(driver, seeds_page)  # newspaper pages have no header: no such filters
    assert not driver.find_element(By.ID, "kg-issuer").is_displayed()
    assert not driver.find_element(By.ID, "kg-year").is_displayed()

    documents = [("财政部", "二〇二三年三月五日", "加强资金保障"), ("财政部", "2024年6月1日", "完善预算管理"),
                 ("科技部", "2024年9月9日", "支持基础研究")]
    files = [write_docx(tmp_path / f"{i}.docx", [f"{body}关于{what}的通知", f"{body}要{what}。",
                                                 "高校要加强科研诚信建设。", body, day])
             for i, (body, day, what) in enumerate(documents)]
    graph = kg.build(files).graph
    path = tmp_path / "issuers.html"
    write_html(graph, path)
    open_page(driver, path)
    kinds = dict(graph.nodes(data="kind"))
    articles = {graph.nodes[n]["source"]: n for n in graph if kinds[n] == "article"}
    issuer, year = Select(driver.find_element(By.ID, "kg-issuer")), Select(driver.find_element(By.ID, "kg-year"))
    assert [o.text for o in issuer.options] == ["全部 all", "财政部 (2)", "科学技术部 (1)"]  # as the actor is named
    assert [o.text for o in year.options] == ["全部 all", "2024 (2)", "2023 (1)"]

    issuer.select_by_value("财政部")
    shown = visible(driver)
    assert {n for n in shown if kinds[n] == "article"} == {articles["0.docx"], articles["1.docx"]}
    assert {"actor:财政部", "actor:高校"} <= shown and "actor:科学技术部" not in shown
    year.select_by_value("2024")  # both at once: 财政部's documents of 2024
    assert {n for n in visible(driver) if kinds[n] == "article"} == {articles["1.docx"]}
    issuer.select_by_value("")
    assert {n for n in visible(driver) if kinds[n] == "article"} == {articles["1.docx"], articles["2.docx"]}
    driver.find_element(By.ID, "kg-reset").click()
    assert visible(driver) == set(graph.nodes)
    assert not browser_errors(driver)


def test_echo_links_can_be_hidden_on_their_own(driver: Any, seeds_page: pathlib.Path,
                                               seeds_graph: nx.MultiDiGraph) -> None:
    from selenium.webdriver.common.by import By

    echo = [(u, v) for u, v, r in seeds_graph.edges(data="relation") if r == "echoes"]
    assert echo, "the two seed pages share a measure or two"
    open_page(driver, seeds_page)
    shown = "return kg.edges.get({filter: (e) => !e.hidden && kg.data.edges.find((d) => d.id === e.id).relation === 'echoes'}).length"
    assert driver.execute_script(shown) == len(echo)
    driver.find_element(By.ID, "kg-echoes").click()
    assert driver.execute_script(shown) == 0
    assert visible(driver) == set(seeds_graph.nodes)  # only the links go
    driver.find_element(By.ID, "kg-reset").click()
    assert driver.execute_script(shown) == len(echo)


def test_focus_shows_one_node_and_its_neighbourhood(driver: Any, seeds_page: pathlib.Path,
                                                    seeds_graph: nx.MultiDiGraph) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    open_page(driver, seeds_page)
    actor = busiest(seeds_graph, "actor")
    click_node(driver, actor)
    driver.find_element(By.ID, "kg-focus").click()
    assert visible(driver) == undirected_ball(seeds_graph, actor, 2)
    Select(driver.find_element(By.ID, "kg-depth")).select_by_value("1")
    assert visible(driver) == undirected_ball(seeds_graph, actor, 1)
    driver.find_element(By.ID, "kg-focus").click()
    assert visible(driver) == set(seeds_graph.nodes)


def test_clicking_a_node_fills_the_side_panel(driver: Any, seeds_page: pathlib.Path,
                                              seeds_graph: nx.MultiDiGraph) -> None:
    open_page(driver, seeds_page)
    measure = rich_measure(seeds_graph)
    attrs = seeds_graph.nodes[measure]
    click_node(driver, measure)
    assert driver.execute_script("return kg.network.getSelectedNodes()") == [measure]
    text = panel_text(driver)
    for expected in (attrs["label"], "措施 measure", attrs["stance"], attrs["instrument"], attrs["sentence"],
                     f"《{attrs['article']}》", attrs["source"], attrs["rule"]):
        assert expected in text, f"{expected!r} is not in the side panel"
    marked = driver.execute_script("return [...document.querySelectorAll('#kg-details mark')].map((m) => m.textContent)")
    assert attrs["label"] in marked  # the measure is highlighted in its sentence

    actor = busiest(seeds_graph, "actor")
    click_node(driver, actor)
    text = panel_text(driver)
    assert seeds_graph.nodes[actor]["label"] in text and seeds_graph.nodes[actor]["actor_type"] in text
    sentences = {d["sentence"] for _, _, d in seeds_graph.edges(actor, data=True)} | {
        d["sentence"] for _, _, d in seeds_graph.in_edges(actor, data=True)}
    assert sentences and all(s in text for s in sentences)


def test_edges_show_their_relation_on_hover_and_their_evidence_on_click(driver: Any, tmp_path: pathlib.Path) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    graph = hostile_graph()
    path = tmp_path / "edges.html"
    write_html(graph, path)
    open_page(driver, path)
    edge = driver.execute_script("return kg.data.edges.find((e) => e.relation === 'goal').id")
    point = driver.execute_script(
        "const e = kg.edges.get(arguments[0]); const a = kg.network.getPosition(e.from), b = kg.network.getPosition(e.to);"
        "kg.network.moveTo({position: {x: (a.x + b.x) / 2, y: (a.y + b.y) / 2}, scale: 2, animation: false});"
        "kg.network.redraw(); const c = document.querySelector('#kg-graph canvas');"
        "return {x: c.clientWidth / 2, y: c.clientHeight / 2};", edge)
    assert driver.execute_script("return kg.edges.get(arguments[0]).label", edge) == ""  # no clutter
    box = driver.execute_script("const r = document.querySelector('#kg-graph canvas').getBoundingClientRect();"
                                "return [r.left, r.top];")
    hover = ActionChains(driver)
    hover.w3c_actions.pointer_action.move_to_location(int(box[0] + point["x"]), int(box[1] + point["y"]))
    hover.perform()
    time.sleep(0.2)
    assert driver.execute_script("return kg.edges.get(arguments[0]).label", edge) == "goal"
    click_canvas_at(driver, point["x"], point["y"])
    text = panel_text(driver)
    sentence = next(d["sentence"] for _, _, d in graph.edges(data=True) if d["relation"] == "goal")
    assert "连线 edge: goal" in text and sentence in text and "rule" in text
    click_canvas_at(driver, 5, 5)  # move away: the label goes
    time.sleep(0.2)
    assert driver.execute_script("return kg.edges.get(arguments[0]).label", edge) == ""


def hostile_graph() -> nx.MultiDiGraph:
    """A small graph in the schema whose every document string is hostile markup."""
    g = nx.MultiDiGraph()
    src = HOSTILE[0] + ".txt"
    art, sec = f"article:{src}#1", f"section:{src}#1:{HOSTILE[2]}"
    m1, m2 = f"measure:{src}:10-30", f"measure:{src}:40-60"
    actor, goal = f"actor:{HOSTILE[0]}", f"goal:{HOSTILE[3]}"
    sentence = f"省发展改革委要{HOSTILE[1]}加大财政支持力度，{HOSTILE[3]}。"
    g.add_node(art, kind="article", label=HOSTILE[2], source=src, title=HOSTILE[2], authors=HOSTILE[0],
               affiliation="", start=0, end=100)
    g.add_node(sec, kind="section", label=HOSTILE[2], source=src, article=HOSTILE[2], heading=HOSTILE[2])
    g.add_node(m1, kind="measure", label=HOSTILE[1], text=HOSTILE[1], source=src, article=HOSTILE[2],
               section=HOSTILE[2], sentence=sentence, start=10, end=30, rule=HOSTILE[0], stance=HOSTILE[0],
               instrument=HOSTILE[2], heading=0)
    g.add_node(m2, kind="measure", label="完善体制机制", text="完善体制机制", source=src, article=HOSTILE[2],
               section="", sentence="完善体制机制。", start=40, end=60, rule="verb:完善", stance="propose",
               instrument="", heading=0)
    g.add_node(actor, kind="actor", label=HOSTILE[0], name=HOSTILE[0], surface=HOSTILE[0], actor_type=HOSTILE[3])
    g.add_node(goal, kind="goal", label=HOSTILE[3], text=HOSTILE[3])
    prov = {"source": src, "sentence": sentence, "start": 10, "end": 30, "rule": HOSTILE[1]}
    g.add_edge(sec, art, key="article", relation="article")
    g.add_edge(m1, sec, key="section", relation="section")
    g.add_edge(m2, art, key="article", relation="article")
    g.add_edge(actor, m1, key="actor", relation="actor", **prov)
    g.add_edge(m1, goal, key="goal", relation="goal", **prov)
    g.add_edge(m1, actor, key="target", relation="target", **prov)
    return g


def test_hostile_labels_run_no_script(driver: Any, tmp_path: pathlib.Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    graph = hostile_graph()
    path = tmp_path / "hostile.html"
    write_html(graph, path, title=HOSTILE[1], focus=[f"actor:{HOSTILE[0]}"])
    open_page(driver, path)
    # Use every way text reaches the page: search, jump, node and edge panels, filters, tooltips.
    box = driver.find_element(By.ID, "kg-search")
    box.send_keys("img src", Keys.ENTER)
    for node in graph.nodes:
        click_node(driver, node)
    driver.execute_script("kg.data.edges.forEach((e) => kg.network.selectEdges([e.id]));")
    Select(driver.find_element(By.ID, "kg-article")).select_by_index(1)
    Select(driver.find_element(By.ID, "kg-instrument")).select_by_index(1)
    time.sleep(0.3)
    assert driver.execute_script("return window.__pwned") is None
    assert driver.execute_script("return document.querySelectorAll('img, svg, iframe, object, embed').length") == 0
    assert driver.execute_script("return document.scripts.length") == 3
    assert driver.title == HOSTILE[1]
    assert HOSTILE[3] in panel_text(driver) or HOSTILE[2] in panel_text(driver)
    assert HOSTILE[0] in driver.execute_script("return document.getElementById('kg-results').textContent")
    assert browser_errors(driver) == []
    page = path.resolve().as_uri()
    assert [u for u in requested_urls(driver, path) if u != page] == []
    # The trap is live: the same text parsed as HTML does run (so the checks above mean something).
    driver.execute_script("document.body.insertAdjacentHTML('beforeend', arguments[0])", HOSTILE[0])
    time.sleep(0.3)
    assert driver.execute_script("return window.__pwned") == 1


# --------------------------------------------------------------------------- a corpus: overview


#: A measure text no generated measure has: searched verbatim, it must be found and drawn.
UNIQUE = "试点建设独一无二的数据交易所"


@pytest.fixture(scope="module")
def corpus_graph() -> nx.MultiDiGraph:
    """A generated corpus of 23,100 measures (30,000 nodes), one measure given a unique text."""
    from tests.bench.bench_html import synthetic_graph

    graph = synthetic_graph(30000)
    measure = next(n for n in sorted(graph) if graph.nodes[n]["kind"] == "measure"
                   and any(graph.nodes[u]["kind"] == "actor" for u in graph.predecessors(n))
                   and any(graph.nodes[v]["kind"] == "goal" for v in graph.successors(n)))
    graph.nodes[measure].update(text=UNIQUE, label=UNIQUE)
    # and it echoes a measure of another file
    echo = next(n for n in sorted(graph) if graph.nodes[n]["kind"] == "measure"
                and graph.nodes[n]["source"] != graph.nodes[measure]["source"])
    graph.add_edge(measure, echo, key="echoes", relation="echoes", score=0.8)
    return graph


@pytest.fixture(scope="module")
def corpus_page(corpus_graph: nx.MultiDiGraph, tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    path = tmp_path_factory.mktemp("corpus") / "graph.html"
    write_html(corpus_graph, path)
    return path


def measures_of(graph: nx.MultiDiGraph, actor: str) -> set[str]:
    return ({v for _, v, r in graph.out_edges(actor, data="relation") if r == "actor"}
            | {u for u, _, r in graph.in_edges(actor, data="relation") if r == "target"})


def panel_measures(driver: Any) -> list[str]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('#kg-details .measure-text')).map((e) => e.textContent)")


def test_a_corpus_opens_on_an_overview_of_its_links(driver: Any, corpus_page: pathlib.Path,
                                                    corpus_graph: nx.MultiDiGraph) -> None:
    assert sum(1 for _, k in corpus_graph.nodes(data="kind") if k == "measure") >= 20000
    open_page(driver, corpus_page)
    assert browser_errors(driver) == []
    shown = visible(driver)
    kinds = set(driver.execute_script("return kg.data.nodes.map((n) => n.kind)"))
    assert kinds == {"actor", "goal", "group", "instrument"}  # no articles or sections as dots
    assert driver.execute_script("return kg.edges.length") > len(shown)
    notice = driver.execute_script("return document.getElementById('kg-overview').innerText")
    assert "overview of 23100 measures" in notice


def test_clicking_an_actor_lists_its_measures_and_draws_one(driver: Any, corpus_page: pathlib.Path,
                                                           corpus_graph: nx.MultiDiGraph) -> None:
    from selenium.webdriver.common.by import By

    open_page(driver, corpus_page)
    actor = "actor:国务院"
    texts = {corpus_graph.nodes[m]["text"] for m in measures_of(corpus_graph, actor)}
    click_node(driver, actor)
    assert f"措施 measures ({len(measures_of(corpus_graph, actor))})" in panel_text(driver)
    listed = panel_measures(driver)
    assert len(listed) == 50 and set(listed) <= texts  # a page at a time
    driver.find_element(By.CSS_SELECTOR, "#kg-details button.more").click()
    assert len(panel_measures(driver)) == 100
    before = set(driver.execute_script("return kg.nodes.getIds()"))
    driver.find_element(By.CSS_SELECTOR, "#kg-details .evidence button.link").click()
    drawn = set(driver.execute_script("return kg.nodes.getIds()")) - before
    measure = next(n for n in drawn if n.startswith("measure:"))
    assert corpus_graph.nodes[measure]["text"] == listed[0]
    # drawn with its links as the graph has them: its actor is the overview's node
    linked = set(driver.execute_script(
        "const id = arguments[0]; return kg.edges.get().filter((e) => e.from === id || e.to === id)"
        ".map((e) => (e.from === id ? e.to : e.from))", measure))
    kinds = dict(corpus_graph.nodes(data="kind"))
    expected = {u for u in corpus_graph.predecessors(measure) if kinds[u] == "actor"} | {
        v for v in corpus_graph.successors(measure) if kinds[v] in ("actor", "goal")}
    articles = {a for a in linked if a.startswith("article:")}
    assert actor in linked and linked - articles == expected and len(articles) == 1
    assert driver.execute_script("return kg.data.nodes.find((n) => n.id === arguments[0]).label", measure) == listed[0]
    assert browser_errors(driver) == []


def test_an_overview_edge_lists_the_measures_behind_it(driver: Any, corpus_page: pathlib.Path,
                                                      corpus_graph: nx.MultiDiGraph) -> None:
    open_page(driver, corpus_page)
    edge = driver.execute_script("return kg.data.edges.find((e) => e.relation === 'goal' && e.w > 1)")
    behind = {m for m in measures_of(corpus_graph, edge["from"]) if corpus_graph.has_edge(m, edge["to"])}
    assert edge["w"] == len(behind)
    driver.execute_script("kg.network.selectEdges([arguments[0]]);", edge["id"])
    driver.execute_script("kg.showEdge(arguments[0])", edge["id"])
    assert f"措施 measures behind it ({len(behind)})" in panel_text(driver)
    assert set(panel_measures(driver)) <= {corpus_graph.nodes[m]["text"] for m in behind}


def test_search_finds_an_actor_off_the_canvas_and_a_measure_verbatim(driver: Any, corpus_page: pathlib.Path,
                                                                    corpus_graph: nx.MultiDiGraph) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_page(driver, corpus_page)
    on_canvas = set(driver.execute_script("return kg.nodes.getIds()"))
    actors = sorted((a for a, k in corpus_graph.nodes(data="kind") if k == "actor"),
                    key=lambda a: (-len(measures_of(corpus_graph, a)), a))
    few_dozen = next(a for a in actors if len(measures_of(corpus_graph, a)) <= 60)  # in the overview
    off_canvas = next(a for a in actors if a not in on_canvas)  # the busiest the overview leaves out
    box = driver.find_element(By.ID, "kg-search")
    for actor in (few_dozen, off_canvas):
        box.clear()
        box.send_keys(corpus_graph.nodes[actor]["label"], Keys.ENTER)
        assert actor in driver.execute_script("return kg.nodes.getIds()")
        texts = [corpus_graph.nodes[m]["text"] for m in measures_of(corpus_graph, actor)]
        assert sorted(panel_measures(driver)) == sorted(texts)
    assert off_canvas not in on_canvas and len(measures_of(corpus_graph, few_dozen)) >= 24
    box.clear()
    box.send_keys(UNIQUE, Keys.ENTER)
    [measure] = [n for n, t in corpus_graph.nodes(data="text") if t == UNIQUE]
    shown = visible(driver)
    ends = {u for u in corpus_graph.predecessors(measure) if corpus_graph.nodes[u]["kind"] == "actor"} | {
        v for v in corpus_graph.successors(measure) if corpus_graph.nodes[v]["kind"] == "goal"}
    assert measure in shown and ends and ends <= shown
    assert UNIQUE in panel_text(driver)
    [echo] = [v for _, v, r in corpus_graph.out_edges(measure, data="relation") if r == "echoes"]
    assert "呼应 echoes in other files (1)" in panel_text(driver)  # where it recurs, one click away
    assert panel_measures(driver)[-1] == corpus_graph.nodes[echo]["text"]
    driver.find_elements(By.CSS_SELECTOR, "#kg-details .evidence button.link")[-1].click()
    assert driver.execute_script("return kg.edges.get().some((e) => e.from === arguments[0] && e.to === arguments[1]"
                                 " || e.from === arguments[1] && e.to === arguments[0])", measure, echo)
    assert browser_errors(driver) == []


def test_filters_apply_to_the_overview(driver: Any, corpus_page: pathlib.Path) -> None:
    from selenium.webdriver.support.ui import Select

    from selenium.webdriver.common.by import By

    open_page(driver, corpus_page)
    everything = visible(driver)
    Select(driver.find_element(By.ID, "kg-instrument")).select_by_value("supply")
    shown = visible(driver)
    assert "instrument:supply" in shown and not {"instrument:demand", "instrument:environment"} & shown
    assert shown < everything
    driver.find_element(By.ID, "kg-reset").click()
    assert visible(driver) == everything


def test_3000_nodes_settle(driver: Any, tmp_path: pathlib.Path) -> None:
    """A page of 3,000 nodes finishes drawing without errors; how fast is for
    tests/bench/bench_html.py to print, not for a test to assert."""
    from tests.bench.bench_html import synthetic_graph

    path = tmp_path / "big.html"
    write_html(synthetic_graph(3000), path, max_nodes=3000)
    settled = open_page(driver, path)
    assert settled is not None and settled > 0
    assert driver.execute_script("return kg.nodes.length") == 3000
    assert browser_errors(driver) == []


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


def take_screenshot(driver: Any, graph: nx.MultiDiGraph, page: pathlib.Path, target: pathlib.Path) -> None:
    """The README's picture: one article of the seeds, a measure clicked and its panel filled.

    The zoom is where article, section and actor labels are drawn and measure labels are not.
    """
    open_page(driver, page)
    measure = rich_measure(graph, containing="信贷评估")  # 开展信贷评估、投资优化等智能金融服务创新
    driver.execute_script(
        "const m = kg.data.nodes.find((n) => n.id === arguments[0]);"
        "const ids = kg.data.nodes.filter((n) => n.a.length === 1 && n.a[0] === m.a[0]).map((n) => n.id);"
        "kg.network.fit({nodes: ids, animation: false});"
        "kg.network.moveTo({scale: Math.min(kg.network.getScale(), 0.6), animation: false}); kg.network.redraw();",
        measure)
    point = driver.execute_script("return kg.network.canvasToDOM(kg.network.getPosition(arguments[0]))", measure)
    click_canvas_at(driver, point["x"], point["y"])
    assert driver.execute_script("return kg.network.getSelectedNodes()") == [measure]
    click_canvas_at(driver, 3, 3)  # the pointer leaves; the selection and the panel stay
    driver.execute_script("kg.network.selectNodes([arguments[0]]);", measure)
    time.sleep(0.4)
    target.parent.mkdir(parents=True, exist_ok=True)
    assert driver.save_screenshot(str(target))


def test_screenshot(driver: Any, seeds_graph: nx.MultiDiGraph, seeds_page: pathlib.Path,
                    tmp_path: pathlib.Path) -> None:
    target = tmp_path / "graph.png"
    take_screenshot(driver, seeds_graph, seeds_page, target)
    data = target.read_bytes()
    assert png_size(data) == tuple(driver.execute_script("return [window.innerWidth, window.innerHeight]"))
    assert len(data) > 100_000  # a drawn graph, text and panel; a blank page is a few kB
    assert browser_errors(driver) == []


def corpus_screenshots(driver: Any, page: pathlib.Path, folder: pathlib.Path, actor: str) -> list[pathlib.Path]:
    """The README's pictures of a corpus page: its overview as it opens, and a drill-down (the
    actor searched, its measures listed, the first three drawn with their links)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    folder.mkdir(parents=True, exist_ok=True)
    overview, drill = folder / "overview.png", folder / "drilldown.png"
    open_page(driver, page)
    time.sleep(0.4)
    assert driver.save_screenshot(str(overview))
    driver.find_element(By.ID, "kg-search").send_keys(actor, Keys.ENTER)  # the panel lists its measures
    driver.execute_script(
        "const a = kg.data.corpus.actors.findIndex((x) => x[1] === arguments[0]);"
        "const drawn = kg.measuresOf(['actor', a]).slice(0, 4).map((i) => kg.draw(i));"
        "const ids = kg.data.nodes.filter((n) => n.y > Math.max(...kg.data.edges.filter((e) => e.w)"
        "  .map((e) => kg.network.getPosition(e.to).y))).map((n) => n.id);"
        "kg.network.fit({nodes: ids, animation: false});"
        "kg.network.selectNodes([kg.data.corpus.actors[a][0]]); kg.network.redraw();", actor)
    time.sleep(0.4)
    assert driver.save_screenshot(str(drill))
    return [overview, drill]


def main(argv: list[str]) -> int:
    """Retake the README's screenshots: ``python -m tests.test_html_browser docs/graph.png``, and
    those of a corpus from its build: ``python -m tests.test_html_browser --corpus BUILD docs/ ACTOR``."""
    from kg.pipeline import build

    reason = browser_missing()
    if reason:
        print(f"cannot take the screenshot: {reason}", file=sys.stderr)
        return 2
    if argv[:1] == ["--corpus"]:
        import kg

        graph = kg.load(argv[1]).graph
        with tempfile.TemporaryDirectory() as tmp, chromium_driver() as d:
            page = pathlib.Path(tmp) / "graph.html"
            write_html(graph, page, title="policykg")
            for path in corpus_screenshots(d, page, pathlib.Path(argv[2]), argv[3]):
                print(f"wrote {path}")
        return 0
    target = pathlib.Path(argv[0] if argv else ROOT / "docs" / "graph.png")
    graph = build([ROOT / "seeds"]).graph
    with tempfile.TemporaryDirectory() as tmp, chromium_driver() as d:
        page = pathlib.Path(tmp) / "graph.html"
        write_html(graph, page, title="policykg")
        take_screenshot(d, graph, page, target)
    print(f"wrote {target} ({png_size(target.read_bytes())[0]}x{png_size(target.read_bytes())[1]})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
