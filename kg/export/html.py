"""Render the policy graph as one self-contained, interactive HTML page (vis-network).

The page must open from ``file://`` on a machine with no network, so nothing is loaded from
anywhere: vis-network's JS and CSS (the copy pyvis ships) and our own ``graph.js`` and
``graph.css`` are inlined, fonts are the reader's own Chinese fonts (a CSS font stack), and a
Content-Security-Policy makes the browser refuse any request the page might still try.

Document text is untrusted (a policy sentence may contain ``</script>``), so all graph data is
embedded as JSON with ``<``, ``>`` and ``&`` escaped, in a non-executable
``<script type="application/json">`` block, and the page builds every element from it with
``textContent``; vis draws labels on a canvas and shows string tooltips as text.

Large graphs must open fast, so the layout is computed here, not in the browser: articles are
placed apart with their sections and measures around them, then a short force refinement
(springs along edges, repulsion between near nodes found through a grid) tidies it. The page
turns vis physics off and only draws. A graph larger than ``max_nodes`` opens on an
overview instead: the actors that carry most measures, with the goals, documents and
instrument types they are linked to, and every measure one click or search away
(:mod:`kg.export.overview`).

The output is deterministic, across machines too (``output/graph.html`` is committed and CI
rebuilds it): nodes and edges are sorted by id, the layout uses only elementwise IEEE
arithmetic and sequential sums, positions are snapped to a 1/1024 grid after every step (so
a last-bit difference in a platform's ``cos`` cannot grow) and written as integers, and
nothing time-dependent is written.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import logging
import math
import pathlib
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import jinja2
import networkx as nx
import numpy as np
from markupsafe import Markup

from kg.errors import OutputError
from kg.export.atomic import write_text
from kg.assemble.graph import article_homes, node_kinds, with_scalars
from kg.vocab import Instrument, Stance

log = logging.getLogger(__name__)

_TEMPLATE_DIR = pathlib.Path(__file__).parent / "templates"
_TEMPLATE_NAME = "graph.html.j2"

#: The page keeps this many nodes by default: a 3,000-node page still opens in about a second.
DEFAULT_MAX_NODES = 3000


def node_cap(option: int | None) -> int | None:
    """``max_nodes`` from a user's option: unset -> the default, 0 -> no limit."""
    if option is None:
        return DEFAULT_MAX_NODES
    return option or None

#: The reader's Chinese fonts, used for the page and for labels drawn on the canvas.
FONT_STACK = ('"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", '
              '"Microsoft YaHei", "WenQuanYi Micro Hei", "Noto Sans SC", sans-serif')


@dataclass(frozen=True)
class KindStyle:
    """How one node kind looks: fill colour, vis shape, legend glyph and text, label size."""

    colour: str
    shape: str
    glyph: str
    legend: str
    font_size: int


#: Order is the legend order. Every shape is size-based, so size can show degree.
KIND_STYLES: dict[str, KindStyle] = {
    "article": KindStyle("#1f4e79", "square", "■", "文章 article", 26),
    "section": KindStyle("#5b9bd5", "triangle", "▲", "章节 section", 14),
    "measure": KindStyle("#e69138", "dot", "●", "措施 measure", 11),
    "actor": KindStyle("#38761d", "diamond", "◆", "主体 actor", 15),
    "goal": KindStyle("#8e44ad", "star", "★", "目标 goal", 11),
}
OTHER_STYLE = KindStyle("#999999", "dot", "●", "其他 other", 12)
#: The kinds only the overview of a large graph draws (kg.export.overview).
OVERVIEW_STYLES: dict[str, KindStyle] = {
    "group": KindStyle("#1f4e79", "square", "■", "文件 documents", 16),
    "instrument": KindStyle("#7f6000", "hexagon", "⬢", "政策工具 instrument type", 16),
}

#: relation -> edge colour, so the kind of link is visible without hovering.
RELATION_COLOURS: dict[str, str] = {
    "actor": "#38761d",
    "target": "#cc0000",
    "goal": "#8e44ad",
    "section": "#9fb7cc",
    "article": "#9fb7cc",
    "issuer": "#b45f06",
    "echoes": "#e69138",
    # the overview's weighted links, from an actor
    "document": "#9fb7cc",
    "instrument": "#c9b458",
}

#: Display names of measure attribute values, for the filters (value "" means "not classified").
INSTRUMENT_NAMES = {Instrument.SUPPLY.value: "供给型 supply", Instrument.DEMAND.value: "需求型 demand",
                    Instrument.ENVIRONMENT.value: "环境型 environment", "": "未分类 none"}
STANCE_NAMES = {Stance.REQUIRE.value: "要求 require", Stance.ENCOURAGE.value: "鼓励 encourage",
                Stance.PROHIBIT.value: "禁止 prohibit", Stance.PROPOSE.value: "提出 propose",
                Stance.REPORT.value: "已做 report", "": "未标 none"}

#: Attributes shown first in the side panel; the rest follow in name order.
_ATTRIBUTE_ORDER = ("stance", "instrument", "actor_type", "surface", "title", "authors",
                    "affiliation", "document_kind", "document_number", "issuers", "addressees",
                    "written", "published", "document_title", "source", "article", "section", "time", "year", "quantities",
                    "rule", "span", "sentence span")
#: Attributes the panel shows elsewhere (label, evidence) or that only the graph needs.
_HIDDEN_ATTRIBUTES = frozenset({"kind", "label", "sentence", "text", "name", "heading"})

#: Long measure sentences make the canvas unreadable; the full text is in the tooltip and panel.
_MAX_LABEL = 16
_MAX_ARTICLE_LABEL = 24

#: Ideal edge length of the layout, in canvas pixels; small graphs get up to 2.5 times more,
#: so that their labels, drawn large once the view is fitted, do not pile up.
_EDGE_LENGTH = 60.0
_ROOMY_UP_TO_NODES = 300
#: Force-refinement steps: enough to untangle the seed placement, few enough for 3,000 nodes.
_LAYOUT_STEPS = 60
#: Positions are snapped to this grid after every step, so platforms cannot drift apart.
_SNAP = 1024.0
_GOLDEN_ANGLE = math.pi * (3.0 - math.sqrt(5.0))

#: Above this many nodes the page hides edges while dragging or zooming, to stay fluid.
_FAST_INTERACTION_NODES = 1000

_JSON_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def _safe_json(value: Any) -> str:
    """JSON that cannot end a <script> block or open markup when embedded in HTML."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.translate(_JSON_ESCAPES)


def _short(text: str, limit: int = _MAX_LABEL) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _kind(attrs: Mapping[str, Any]) -> str:
    kind = str(attrs.get("kind", ""))
    return kind if kind in KIND_STYLES else "other"


# --------------------------------------------------------------------------- selection


def _snap(values: np.ndarray) -> np.ndarray:
    return np.round(values * _SNAP) / _SNAP


def _sunflower(count: int, spacing: float) -> tuple[np.ndarray, np.ndarray]:
    """Evenly spread points in a disc (Vogel's spiral): a dense, overlap-free seed."""
    index = np.arange(count, dtype=np.float64)
    radius = spacing * np.sqrt(index + 0.5)
    angle = index * _GOLDEN_ANGLE
    return _snap(radius * np.cos(angle)), _snap(radius * np.sin(angle))


def _edge_length(node_count: int) -> float:
    return _EDGE_LENGTH * min(2.5, max(1.0, math.sqrt(_ROOMY_UP_TO_NODES / max(node_count, 1))))


def _group_radius(size: int, k: float) -> float:
    """Radius a group of ``size`` nodes takes once refined (measured: 0.55 k sqrt(size))."""
    return k * (0.55 * math.sqrt(size) + 0.5)


def _shelf_centres(radii: list[float], aspect: float = 1.6) -> list[tuple[float, float]]:
    """Pack discs (largest first) left to right in rows of a wide rectangle, like a screen.

    Rows are simple, linear in the number of groups and deterministic; each disc sits on its
    row's middle line, and the refinement's gravity closes what gaps remain.
    """
    area = sum((2 * r) ** 2 for r in radii)
    width = max(math.sqrt(area * aspect), 2 * max(radii, default=0.0))
    rows: list[list[int]] = []
    x = 0.0
    for i, r in enumerate(radii):
        if not rows or x + 2 * r > width:  # a full row (or none yet): start the next one
            rows.append([])
            x = 0.0
        rows[-1].append(i)
        x += 2 * r
    centres: list[tuple[float, float]] = [(0.0, 0.0)] * len(radii)
    y = 0.0
    for row in rows:
        height = 2 * max(radii[i] for i in row)
        x = 0.0
        for i in row:
            centres[i] = (x + radii[i], y + height / 2)
            x += 2 * radii[i]
        y += height
    return centres


def _seed_positions(order: list[Any], homes: Mapping[Any, tuple[Any, ...]], k: float) -> np.ndarray:
    """Starting positions: one disc per article, packed apart; nodes of several articles between.

    Starting from the document structure lets a short refinement finish the layout, where a
    random start would need hundreds of steps.
    """
    groups: dict[str, list[int]] = {}
    shared: list[int] = []
    for index, node in enumerate(order):
        home = homes.get(node, ())
        if len(home) > 1:
            shared.append(index)
        else:
            groups.setdefault(str(home[0]) if home else "", []).append(index)
    keys = sorted(groups, key=lambda key: (-len(groups[key]), key))
    centres = dict(zip(keys, _shelf_centres([_group_radius(len(groups[key]), k) for key in keys])))
    xy = np.zeros((len(order), 2))
    for key in keys:
        members = groups[key]
        px, py = _sunflower(len(members), k * 0.7)
        xy[members, 0] = px + centres[key][0]
        xy[members, 1] = py + centres[key][1]
    ox, oy = _sunflower(len(shared), k * 0.5)
    for j, index in enumerate(shared):
        points = [centres.get(str(a), (0.0, 0.0)) for a in homes[order[index]]]
        xy[index, 0] = sum(p[0] for p in points) / len(points) + ox[j]
        xy[index, 1] = sum(p[1] for p in points) / len(points) + oy[j]
    return _snap(xy)


#: Cell offsets that visit each pair of neighbouring grid cells once.
_HALF_NEIGHBOURHOOD = ((0, 0), (1, -1), (1, 0), (1, 1), (0, 1))


def _near_pairs(x: np.ndarray, y: np.ndarray, reach: float) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (i, j) of nodes in the same or adjacent grid cells of side ``reach``.

    Repulsion between far nodes barely moves anything; a grid finds the near pairs in about
    linear time, where all pairs would be quadratic (9 million for 3,000 nodes).
    """
    cx = np.floor(x / reach).astype(np.int64)
    cy = np.floor(y / reach).astype(np.int64)
    cx -= cx.min()
    cy -= cy.min()
    width = int(cy.max()) + 3
    key = (cx + 1) * width + (cy + 1)
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    count = len(order)
    first, second = [], []
    for dx, dy in _HALF_NEIGHBOURHOOD:
        wanted = sorted_key + dx * width + dy
        lo = np.searchsorted(sorted_key, wanted, "left")
        hi = np.searchsorted(sorted_key, wanted, "right")
        if dx == 0 and dy == 0:  # same cell: each unordered pair once
            lo = np.maximum(lo, np.arange(count) + 1)
        sizes = np.maximum(hi - lo, 0)
        total = int(sizes.sum())
        if not total:
            continue
        owner = np.repeat(np.arange(count), sizes)
        offset = np.arange(total) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        first.append(order[owner])
        second.append(order[np.repeat(lo, sizes) + offset])
    if not first:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    return np.concatenate(first), np.concatenate(second)


def _refine(xy: np.ndarray, tails: np.ndarray, heads: np.ndarray, weights: np.ndarray,
            steps: int, k: float) -> np.ndarray:
    """Fruchterman-Reingold with grid-limited repulsion and a cooling step cap.

    Only elementwise arithmetic, ``sqrt`` and sequential ``bincount`` sums are used, all
    exactly rounded in IEEE arithmetic whatever SIMD a CPU has, and positions are snapped after
    each step, so machines agree (checked with numpy's AVX2/AVX-512 dispatch switched off).
    """
    reach = 2.0 * k
    x, y = xy[:, 0].copy(), xy[:, 1].copy()
    n = len(x)
    for step in range(steps):
        limit = k * (2.0 * (1.0 - step / steps) + 0.05)
        fx = np.zeros(n)
        fy = np.zeros(n)
        i, j = _near_pairs(x, y, reach)
        dx, dy = x[i] - x[j], y[i] - y[j]
        d2 = dx * dx + dy * dy
        near = d2 < reach * reach
        i, j, dx, dy, d2 = i[near], j[near], dx[near], dy[near], d2[near]
        push = k * k / np.maximum(d2, 0.01 * k * k)  # k^2/d along the unit vector
        fx += np.bincount(i, dx * push, n) - np.bincount(j, dx * push, n)
        fy += np.bincount(i, dy * push, n) - np.bincount(j, dy * push, n)
        ex, ey = x[tails] - x[heads], y[tails] - y[heads]
        pull = np.sqrt(ex * ex + ey * ey) / k * weights  # d^2/k along the unit vector
        fx += np.bincount(heads, ex * pull, n) - np.bincount(tails, ex * pull, n)
        fy += np.bincount(heads, ey * pull, n) - np.bincount(tails, ey * pull, n)
        fx -= 0.01 * x  # gentle gravity keeps separate components in view
        fy -= 0.01 * y
        length = np.sqrt(fx * fx + fy * fy)
        scale = np.minimum(length, limit) / np.maximum(length, 1e-9)
        x = _snap(x + fx * scale)
        y = _snap(y + fy * scale)
    return np.stack([x, y], axis=1)


# --------------------------------------------------------------------------- layout


def layout(graph: nx.MultiDiGraph, homes: Mapping[Any, tuple[Any, ...]] | None = None,
           *, steps: int = _LAYOUT_STEPS) -> dict[Any, tuple[int, int]]:
    """Canvas positions (integer pixels) for every node, the same for the same graph."""
    order = sorted(graph.nodes, key=str)
    if not order:
        return {}
    homes = article_homes(graph) if homes is None else homes
    index = {node: i for i, node in enumerate(order)}
    spread = [max(1, len(homes.get(node, ()))) for node in order]
    pairs = sorted((index[u], index[v]) for u, v in graph.edges() if u != v)
    tails = np.array([u for u, _ in pairs], dtype=np.int64)
    heads = np.array([v for _, v in pairs], dtype=np.int64)
    # A node in many articles (a busy actor) would pull them all into one lump: its springs
    # are weaker, by the number of its articles, so each article keeps its own cluster.
    weights = np.array([1.0 / max(spread[u], spread[v]) for u, v in pairs])
    k = _edge_length(len(order))
    xy = _refine(_seed_positions(order, homes, k), tails, heads, weights, steps, k)
    xy -= _snap((xy.min(axis=0) + xy.max(axis=0)) / 2)  # centre the bounding box, exactly
    return {node: (round(xy[i, 0]), round(xy[i, 1])) for i, node in enumerate(order)}  # ints


# --------------------------------------------------------------------------- page data


class _Texts:
    """Evidence sentences stored once and referred to by index: a sentence behind several
    edges and its measure would otherwise be embedded many times."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self._index: dict[str, int] = {}

    def ref(self, text: Any) -> int:
        text = str(text or "")
        if not text:
            return -1
        if text not in self._index:
            self._index[text] = len(self.items)
            self.items.append(text)
        return self._index[text]


def _node_size(degree: int) -> int:
    """Area grows with degree, capped so a hub does not cover its neighbours."""
    return int(min(8 + 4 * math.sqrt(degree), 44))


def _attributes(attrs: Mapping[str, Any]) -> list[list[str]]:
    """(name, value) rows for the side panel: the known ones first, empty values left out.

    A value and the cue that decided it read as one row (``encourage · 鼓励``), and offsets as
    spans (``1573–1593``), so the panel stays short enough to see the evidence below it.
    """
    merged = {name: value for name, value in attrs.items() if value not in (None, "")}
    for name in ("stance", "instrument"):
        cue = merged.pop(f"{name}_cue", "")
        if name in merged and cue:
            merged[name] = f"{merged[name]} · {cue}"
    for name, start, end in (("span", "start", "end"), ("sentence span", "sentence_start", "sentence_end")):
        if start in merged and end in merged:
            merged[name] = f"{merged.pop(start)}–{merged.pop(end)}"
    if merged.get("year") == 0:
        del merged["year"]
    names = [n for n in _ATTRIBUTE_ORDER if n in merged]
    names += sorted(n for n in merged if n not in _ATTRIBUTE_ORDER and n not in _HIDDEN_ATTRIBUTES)
    return [[name, str(merged[name])] for name in names]


def _node_record(node: Any, attrs: Mapping[str, Any], *, degree: int, position: tuple[int, int],
                 articles: Iterable[int], texts: _Texts) -> dict[str, Any]:
    kind = _kind(attrs)
    label = str(attrs.get("label", node))
    record: dict[str, Any] = {
        "id": str(node),
        "kind": kind,
        "label": label,
        "short": _short(label, _MAX_ARTICLE_LABEL if kind == "article" else _MAX_LABEL) or str(node),
        "x": position[0],
        "y": position[1],
        "size": _node_size(degree),
        "degree": degree,
        "a": list(articles),
        "attrs": _attributes(attrs),
    }
    if kind == "measure":
        record["instrument"] = str(attrs.get("instrument") or "")
        record["stance"] = str(attrs.get("stance") or "")
        record["s"] = texts.ref(attrs.get("sentence"))
    if attrs.get("surface"):
        record["surface"] = str(attrs["surface"])
    return record


def _edge_record(index: int, u: Any, v: Any, key: Any, attrs: Mapping[str, Any], *,
                 article: int, texts: _Texts) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": f"e{index}",
        "from": str(u),
        "to": str(v),
        "relation": str(attrs.get("relation", key)),
        "s": texts.ref(attrs.get("sentence")),
        "a": article,
    }
    for name in ("rule", "source", "start", "end", "score"):
        if attrs.get(name) not in (None, ""):
            record[name] = attrs[name]
    return record


def _edge_article(u: Any, v: Any, kinds: Mapping[Any, str],
                  homes: Mapping[Any, tuple[Any, ...]], article_index: Mapping[Any, int]) -> int:
    """The article of an edge's evidence: that of its measure end, if it has one."""
    for end in (u, v):
        if kinds.get(end) == "measure" and homes.get(end):
            return article_index.get(homes[end][0], -1)
    return -1


def _article_entry(graph: nx.MultiDiGraph, node: Any) -> list[Any]:
    """An article for the page's filters: id, label, source file, issuing bodies and year.

    The issuing bodies are the actors its ``issuer`` links point at (named as the actor
    nodes are); the year is the document's (``document_year``: its date of writing, else of
    publication, else a date in its opening lines or its file name), 0 where nothing says.
    """
    attrs = graph.nodes[node]
    dated = str(attrs.get("document_year") or attrs.get("written") or attrs.get("published") or "")
    issuers = sorted({str(graph.nodes[v].get("label") or v) for _, v, relation
                      in graph.out_edges(node, data="relation") if relation == "issuer"})
    return [str(node), str(attrs.get("label") or node), str(attrs.get("source") or ""), issuers,
            int(dated[:4]) if dated[:4].isdigit() else 0]


def _choices(values: Iterable[str], names: Mapping[str, str]) -> list[list[Any]]:
    """Filter options (value, display name, count) in the names' order, then the rest."""
    counts = Counter(values)
    order = [v for v in names if v in counts] + sorted(v for v in counts if v not in names)
    return [[v, names.get(v, v), counts[v]] for v in order]


#: vis draws nodes in list order and a click picks the one drawn last: articles and sections,
#: the large containers, go first, so that a measure, actor or goal over one stays clickable.
_CONTAINERS = {"article": 0, "section": 1}


def _draw_layer(kinds: Mapping[Any, str], node: Any) -> int:
    return _CONTAINERS.get(kinds.get(node, ""), 2)


def graph_data(graph: nx.MultiDiGraph, *, max_nodes: int | None = DEFAULT_MAX_NODES,
               focus: Collection[str] = ()) -> dict[str, Any]:
    """Everything the page shows, as JSON-ready data: what ``render_html`` embeds.

    A graph of more than ``max_nodes`` nodes is not drawn node by node: the page opens on an
    overview and holds every measure in an index it searches and draws from
    (:mod:`kg.export.overview`).
    """
    graph = with_scalars(graph)  # the page shows one string per attribute
    if max_nodes is not None and max_nodes < 1:
        raise ValueError(f"max_nodes must be at least 1 (or None for no limit), not {max_nodes}")
    if max_nodes is not None and graph.number_of_nodes() > max_nodes:
        return _overview_data(graph, max_nodes)
    homes = article_homes(graph)
    kinds = node_kinds(graph)
    articles = sorted((n for n, k in kinds.items() if k == "article"), key=str)
    article_index = {a: i for i, a in enumerate(articles)}
    positions = layout(graph, homes)
    texts = _Texts()
    nodes = [
        _node_record(node, attrs, degree=graph.degree(node), position=positions[node],
                     articles=[article_index[a] for a in homes.get(node, ())], texts=texts)
        for node, attrs in sorted(graph.nodes(data=True), key=lambda item: (_draw_layer(kinds, item[0]), str(item[0])))
    ]
    edge_list = sorted(graph.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2])))
    edges = [
        _edge_record(i, u, v, key, attrs, texts=texts,
                     article=_edge_article(u, v, kinds, homes, article_index))
        for i, (u, v, key, attrs) in enumerate(edge_list)
    ]
    measures = [n for n in nodes if n["kind"] == "measure"]
    return {
        "meta": {
            "nodes_total": graph.number_of_nodes(),
            "edges_total": graph.number_of_edges(),
            "nodes": len(nodes),
            "edges": len(edges),
            "overview": False,
            "max_nodes": max_nodes,
        },
        "articles": [_article_entry(graph, a) for a in articles],
        "instruments": _choices((n["instrument"] for n in measures), INSTRUMENT_NAMES),
        "stances": _choices((n["stance"] for n in measures), STANCE_NAMES),
        "texts": texts.items,
        "nodes": nodes,
        "edges": edges,
        "focus": sorted(str(f) for f in focus if f in graph),
        "styles": _styles(KIND_STYLES),
        "relations": RELATION_COLOURS,
        "options": _options(len(nodes)),
    }


def _styles(styles: Mapping[str, KindStyle]) -> dict[str, dict[str, Any]]:
    """The node styles the page's script draws with, ``other`` last."""
    return {kind: {"colour": s.colour, "shape": s.shape, "font": s.font_size}
            for kind, s in [*styles.items(), ("other", OTHER_STYLE)]}


def _overview_data(graph: nx.MultiDiGraph, max_nodes: int) -> dict[str, Any]:
    """The page data of a graph above the node cap: the overview to draw and every measure in
    the index the page searches and draws from (:mod:`kg.export.overview`)."""
    from kg.export.overview import corpus_index, overview

    kinds = node_kinds(graph)
    articles = [_article_entry(graph, a) for a in sorted((n for n, k in kinds.items() if k == "article"), key=str)]
    texts = _Texts()
    index = corpus_index(graph, articles, texts.ref)
    view = overview(index, INSTRUMENT_NAMES)
    order = {"group": 0, "instrument": 1}
    nodes = []
    for record in sorted(view.nodes, key=lambda r: (order.get(r["kind"], 2), r["id"])):
        kind, count = record["kind"], record["n"]
        attrs = [["measures", str(count)]]
        if kind == "actor":
            attrs.insert(0, ["actor_type", index["actors"][record["ref"][1]][2]])
        nodes.append({**record, "short": _short(record["label"], _MAX_ARTICLE_LABEL) or record["id"],
                      "degree": count, "a": [], "attrs": attrs})
    measures = index["measures"]
    return {
        "meta": {
            "nodes_total": graph.number_of_nodes(),
            "edges_total": graph.number_of_edges(),
            "nodes": len(nodes),
            "edges": len(view.edges),
            "overview": True,
            "measures": index["total"],
            "kept": index["kept"],
            "max_nodes": max_nodes,
        },
        "articles": articles,
        "instruments": _choices((index["instruments"][i] for i in measures["inst"]), INSTRUMENT_NAMES),
        "stances": _choices((index["stances"][i] for i in measures["stance"]), STANCE_NAMES),
        "texts": texts.items,
        "nodes": nodes,
        "edges": view.edges,
        "corpus": index,
        "focus": [],
        "styles": _styles({**KIND_STYLES, **OVERVIEW_STYLES}),
        "relations": RELATION_COLOURS,
        "options": _options(len(nodes), overview=True),
    }


def _options(node_count: int, *, overview: bool = False) -> dict[str, Any]:
    """vis-network options: positions are given, so physics and layout are off."""
    big = node_count > _FAST_INTERACTION_NODES
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "physics": {"enabled": False},
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "multiselect": False,
        },
        "nodes": {
            "font": {"face": FONT_STACK, "size": 12, "color": "#222222",
                     "strokeWidth": 3, "strokeColor": "#ffffff"},
            "borderWidth": 1,
            "borderWidthSelected": 3,
            # Small labels are not drawn: measures and goals get theirs when zoomed in.
            "scaling": {"label": {"drawThreshold": 9 if overview else 8}},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.4}},
            "smooth": False,
            "width": 1,
            "selectionWidth": 2,
            "hoverWidth": 1.5,
            "font": {"face": FONT_STACK, "size": 13, "color": "#222222",
                     "strokeWidth": 4, "strokeColor": "#ffffff", "align": "middle"},
        },
    } | ({"edges": {"arrows": {"to": {"enabled": False}}, "smooth": False, "selectionWidth": 2,
                    "scaling": {"min": 1, "max": 9}, "color": {"opacity": 0.45},
                    "font": {"face": FONT_STACK, "size": 13, "color": "#222222",
                             "strokeWidth": 4, "strokeColor": "#ffffff", "align": "middle"}}}
         if overview else {})


# --------------------------------------------------------------------------- page


def _vis_dir() -> pathlib.Path:
    """pyvis's bundled vis-network, found without importing pyvis (which imports IPython)."""
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise OutputError("pyvis is not installed: it ships the vis-network the page inlines")
    return pathlib.Path(next(iter(spec.submodule_search_locations))) / "templates" / "lib" / "vis-9.1.2"


@functools.cache
def _read_asset(path: pathlib.Path, closing_tag: str) -> str:
    """Read a script or style for inlining; neutralise any sequence that would close its tag."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:  # pyvis installed without its bundled vis copy, or a broken install
        raise OutputError(f"cannot read page asset {path}: {exc}") from exc
    # "<\/script" means the same inside JS strings and regexes, but cannot end the element.
    return text.replace(closing_tag, "<\\/" + closing_tag[2:])


def _legend(nodes: Iterable[Mapping[str, Any]], *, overview: bool = False) -> list[dict[str, Any]]:
    """Legend rows (and kind filters) with the number of nodes of each kind on the page."""
    counts = Counter(node["kind"] for node in nodes)
    items = list(KIND_STYLES.items()) + (list(OVERVIEW_STYLES.items()) if overview else [])
    if counts.get("other"):
        items.append(("other", OTHER_STYLE))
    return [{"kind": kind, "label": s.legend, "colour": s.colour, "glyph": s.glyph,
             "count": counts.get(kind, 0)} for kind, s in items]


def render_html(graph: nx.MultiDiGraph, *, title: str = "policykg",
                max_nodes: int | None = DEFAULT_MAX_NODES, focus: Collection[str] = ()) -> str:
    """Return the page as a string (separate from writing, so it can be tested or served).

    ``focus``: node ids the page selects when it opens (``kg view`` passes its centre).
    """
    data = graph_data(graph, max_nodes=max_nodes, focus=focus)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATE_DIR)),
        autoescape=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    vis = _vis_dir()
    return env.get_template(_TEMPLATE_NAME).render(
        title=title,
        meta=data["meta"],
        legend=_legend(data["nodes"], overview=bool(data["meta"].get("overview"))),
        issuers=any(article[3] for article in data["articles"]),
        echoes=any(edge["relation"] == "echoes" for edge in data["edges"])
        or any(data.get("corpus", {}).get("measures", {}).get("echoes", ())),
        font_stack=Markup(FONT_STACK),  # our constant; quotes must stay quotes in CSS
        data_json=Markup(_safe_json(data)),
        vis_js=Markup(_read_asset(vis / "vis-network.min.js", "</script")),
        vis_css=Markup(_read_asset(vis / "vis-network.css", "</style")),
        page_js=Markup(_read_asset(_TEMPLATE_DIR / "graph.js", "</script")),
        page_css=Markup(_read_asset(_TEMPLATE_DIR / "graph.css", "</style")),
    )


def write_html(graph: nx.MultiDiGraph, path: pathlib.Path, *, title: str = "policykg",
               max_nodes: int | None = DEFAULT_MAX_NODES, focus: Collection[str] = ()) -> None:
    """Write the interactive view to ``path`` atomically, so a reader never sees half a page."""
    path = pathlib.Path(path)
    html = render_html(graph, title=title, max_nodes=max_nodes, focus=focus)
    write_text(path, html)
    if max_nodes is not None and graph.number_of_nodes() > max_nodes:
        log.info("HTML graph of %d nodes (above %d) opens on an overview; search and clicks draw "
                 "its measures", graph.number_of_nodes(), max_nodes)
    log.info("wrote HTML graph (%d nodes, %d edges) to %s",
             graph.number_of_nodes(), graph.number_of_edges(), path)
