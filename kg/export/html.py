"""Render the policy graph as one self-contained, interactive HTML page (pyvis / vis-network).

The page must open from ``file://`` on a machine with no network, so nothing is loaded from a
CDN: vis-network's JS and CSS are copied inline from the copy pyvis ships, and we render with
our own Jinja template because pyvis's template pulls Bootstrap and CSS from remote hosts.

Document text is untrusted (a policy sentence may contain ``</script>``), so all graph data is
embedded as JSON with ``<``, ``>`` and ``&`` escaped, in a non-executable
``<script type="application/json">`` block, and tooltips are built in JS with ``textContent``.

The output is deterministic: nodes and edges are sorted by id, edge ids are assigned after
sorting, the browser layout uses a fixed random seed, and nothing time-dependent is written.
"""

from __future__ import annotations

import json
import logging
import pathlib
from collections import Counter
from typing import Any

import jinja2
import networkx as nx
import pyvis
from markupsafe import Markup
from pyvis.network import Network

from kg.errors import OutputError
from kg.export.atomic import write_text

log = logging.getLogger(__name__)

_TEMPLATE_DIR = pathlib.Path(__file__).parent / "templates"
_TEMPLATE_NAME = "graph.html.j2"
_VIS_DIR = pathlib.Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"

#: kind -> (colour, vis shape, legend text). Order is the legend order.
KIND_STYLES: dict[str, tuple[str, str, str]] = {
    "article": ("#1f4e79", "box", "文章 article"),
    "section": ("#6fa8dc", "box", "章节 section"),
    "measure": ("#e69138", "dot", "措施 measure"),
    "actor": ("#38761d", "diamond", "主体 actor"),
    "goal": ("#8e44ad", "star", "目标 goal"),
}
_OTHER_STYLE = ("#999999", "dot", "其他 other")

#: relation -> edge colour, so the kind of link is visible without hovering.
RELATION_COLOURS: dict[str, str] = {
    "actor": "#38761d",
    "target": "#cc0000",
    "goal": "#8e44ad",
    "section": "#9fb7cc",
    "article": "#9fb7cc",
}

#: Long measure sentences make the canvas unreadable; the full text stays in the tooltip.
_MAX_LABEL = 16
#: Bounded stabilisation keeps big graphs from spinning forever; JS turns physics off after.
_STABILIZATION_ITERATIONS = 200
#: vis's "improved layout" (Kamada-Kawai) is slow on large graphs; only use it for small ones.
_IMPROVED_LAYOUT_MAX_NODES = 150

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


def _node_tip(node_id: str, attrs: dict[str, Any]) -> list[list[str]]:
    """Tooltip rows (name, value) for a node; rendered as plain text in the browser."""
    kind = str(attrs.get("kind", ""))
    rows = [["kind", kind], ["label", str(attrs.get("label", node_id))]]
    extra: tuple[str, ...] = {
        "measure": ("sentence", "source", "article", "section", "rule", "stance"),
        "article": ("title", "authors", "affiliation", "source"),
        "section": ("article", "source"),
        "actor": ("actor_type", "surface"),
    }.get(kind, ())
    rows += [[k, str(attrs[k])] for k in extra if attrs.get(k) not in (None, "")]
    rows.append(["id", node_id])
    return rows


def _edge_tip(relation: str, attrs: dict[str, Any]) -> list[list[str]]:
    """Tooltip rows for an edge: the relation and, where known, its evidence."""
    rows = [["relation", relation]]
    if attrs.get("sentence"):
        rows.append(["evidence", str(attrs["sentence"])])
    if attrs.get("rule"):
        rows.append(["rule", str(attrs["rule"])])
    if attrs.get("source"):
        span = f"{attrs['source']}"
        if attrs.get("start") is not None and attrs.get("end") is not None:
            span += f" [{attrs['start']}:{attrs['end']}]"
        rows.append(["source", span])
    return rows


def _build_network(graph: nx.MultiDiGraph) -> Network:
    """Translate the graph into pyvis nodes and edges in a stable order."""
    net = Network(directed=True, cdn_resources="in_line")
    for node_id, attrs in sorted(graph.nodes(data=True), key=lambda item: str(item[0])):
        nid = str(node_id)
        kind = str(attrs.get("kind", ""))
        colour, shape, _ = KIND_STYLES.get(kind, _OTHER_STYLE)
        label = str(attrs.get("label", nid))
        net.add_node(
            nid,
            label=_short(label) or nid,
            shape=shape,
            color=colour,
            font={"color": "#ffffff" if kind == "article" else "#222222"},
            title=_node_tip(nid, attrs),
            kind=kind,
            full_label=label,
        )
    edges = sorted(
        graph.edges(keys=True, data=True),
        key=lambda e: (str(e[0]), str(e[1]), str(e[2])),
    )
    for index, (u, v, key, attrs) in enumerate(edges):
        relation = str(attrs.get("relation", key))
        net.add_edge(
            str(u),
            str(v),
            id=f"e{index}",
            relation=relation,
            title=_edge_tip(relation, attrs),
            color=RELATION_COLOURS.get(relation, "#999999"),
        )
    return net


def _options(node_count: int) -> dict[str, Any]:
    """vis-network options: fixed seed, bounded stabilisation, plain-text hover popups."""
    return {
        "layout": {
            "randomSeed": 7,
            "improvedLayout": node_count <= _IMPROVED_LAYOUT_MAX_NODES,
        },
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120},
            "stabilization": {
                "enabled": True,
                "iterations": _STABILIZATION_ITERATIONS,
                "updateInterval": 25,
                "fit": True,
            },
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
        "nodes": {
            "font": {
                "face": "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif",
                "size": 14,
            },
            "borderWidth": 1,
            "size": 14,
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "smooth": {"enabled": True, "type": "continuous"},
            "width": 1,
        },
    }


def _read_asset(name: str, closing_tag: str) -> str:
    """Read a vis asset for inlining; neutralise any sequence that would close its tag."""
    path = _VIS_DIR / name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:  # pyvis installed without its bundled vis copy
        raise OutputError(f"cannot read vis-network asset {path}: {exc}") from exc
    # "<\/script" means the same inside JS strings and regexes, but cannot end the element.
    return text.replace(closing_tag, "<\\/" + closing_tag[2:])


def render_html(graph: nx.MultiDiGraph, *, title: str = "policykg") -> str:
    """Return the page as a string (separate from writing, so it can be tested or served)."""
    net = _build_network(graph)
    nodes, edges, _, _, _, _ = net.get_network_data()
    counts = Counter(str(kind) for _, kind in graph.nodes(data="kind"))
    legend = [
        {"kind": kind, "label": text, "colour": colour, "shape": shape,
         "count": counts.get(kind, 0)}
        for kind, (colour, shape, text) in KIND_STYLES.items()
    ]
    others = sum(n for kind, n in counts.items() if kind not in KIND_STYLES)
    if others:
        colour, shape, text = _OTHER_STYLE
        legend.append({"kind": "other", "label": text, "colour": colour, "shape": shape,
                       "count": others})
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATE_DIR)),
        autoescape=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    template = env.get_template(_TEMPLATE_NAME)
    data = {"nodes": nodes, "edges": edges, "options": _options(len(nodes))}
    return template.render(
        title=title,
        legend=legend,
        node_count=len(nodes),
        edge_count=len(edges),
        data_json=Markup(_safe_json(data)),
        vis_js=Markup(_read_asset("vis-network.min.js", "</script")),
        vis_css=Markup(_read_asset("vis-network.css", "</style")),
    )


def write_html(graph: nx.MultiDiGraph, path: pathlib.Path, *, title: str = "policykg") -> None:
    """Write the interactive view to ``path`` atomically, so a reader never sees half a page."""
    path = pathlib.Path(path)
    html = render_html(graph, title=title)
    write_text(path, html)
    log.info("wrote HTML graph (%d nodes, %d edges) to %s",
             graph.number_of_nodes(), graph.number_of_edges(), path)
