"""The page of a graph too large to draw: an overview that means something, and every measure
in a compact index the page searches and draws from.

A corpus of a hundred thousand measures cannot be drawn node by node, and a sample of its most
connected nodes shows articles and sections, not measures. So above the page's node cap the
page opens on an aggregate: the actors that carry most measures (sized by how many), the goals
most pursued, the instrument types, and the documents (grouped by issuing body and year where
their header says so, else one per file), with an edge from an actor to each, weighted by the
measures behind it. Every measure of the graph stays in the page, as columns of a compact
index (:func:`corpus_index`); clicking an overview node or edge lists the measures behind it,
and the search box finds any actor, goal, document or measure and draws it with its links.

The index is columns of numbers and strings, not records: the ids of measures, actors and
goals are rebuilt in the page from their parts, and sentences, section headings and rule ids
are stored once each.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx


#: How many of each kind the overview draws: enough to see who does what, few enough that
#: its labels can be read at once.
OVERVIEW_ACTORS = 120
OVERVIEW_GOALS = 50
OVERVIEW_GROUPS = 60
#: An actor's strongest links of each kind drawn (to goals, to documents): more would be a
#: hairball, and the panel lists them all.
LINKS_PER_ACTOR = 5
#: The page holds at most this many measures (about 30 MB with their sentences); a larger
#: graph keeps the first ones in file order, and the page says so (``kg view`` shows any part).
INDEX_MAX_MEASURES = 250_000


#: Actor types' colours in the overview, so that who acts reads at a glance.
ACTOR_TYPE_COLOURS = {"government": "#38761d", "party": "#cc0000", "enterprise": "#e06666",
                      "financial": "#bf9000", "research": "#3d85c6", "social": "#674ea7",
                      "public": "#a64d79", "place": "#45818e", "other": "#8a8a8a"}
#: The overview's geometry, in canvas pixels: a page-shaped block (about 2,400 by 1,500),
#: documents in columns on the left, actors in the middle, goals on the right.
_SIDE_X = 1050
_SIDE_ROWS = 25
_SIDE_ROW = 60
_ACTOR_COLUMNS = 8
_ACTOR_COLUMN = 160
_ACTOR_ROW = 90
#: Documents are squares in a column: kept small enough not to cover each other.
_GROUP_SIZE = 24


@dataclass(frozen=True)
class Overview:
    """The overview's nodes and edges (records as :mod:`kg.export.html` makes them), with
    positions; the page holds them beside the article list and the index."""

    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]


class _Table:
    """Strings stored once, referred to by position."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self._index: dict[str, int] = {}

    def ref(self, text: str) -> int:
        if text not in self._index:
            self._index[text] = len(self.items)
            self.items.append(text)
        return self._index[text]


def document_group(issuers: Sequence[str], year: int, label: str, source: str) -> tuple[str, str]:
    """(group id, label) of an article: its first issuing body and year where the header gives
    them, else its file, known by ``label`` (the title of a file's one article, or its name)."""
    if issuers:
        key = f"{issuers[0]} · {year}" if year else issuers[0]
        return f"group:{key}", key
    return f"group:{source}", label if label and label != source else source


def corpus_index(graph: nx.MultiDiGraph, articles: Sequence[list[Any]],
                 sentence_ref: Callable[[Any], int]) -> dict[str, Any]:
    """Every measure (up to :data:`INDEX_MAX_MEASURES`) as columns, with the actors, goals,
    sections, rules and document groups they refer to.

    ``articles`` is the page's article list (id, label, source, issuers, year);
    ``sentence_ref`` stores a sentence in the page's text table and gives its position.
    """
    nodes, succ, pred = graph._node, graph._succ, graph._pred
    article_at = {row[0]: i for i, row in enumerate(articles)}
    groups = _Table()
    group_labels: dict[int, str] = {}
    article_group = []
    per_file = Counter(row[2] for row in articles)
    per_title = Counter(row[1] for row in articles)
    for row in articles:
        # a file is known by its one article's title, unless other files share it (政府工作报告)
        named = per_file[row[2]] == 1 and per_title[row[1]] == 1
        gid, label = document_group(row[3], row[4], row[1] if named else row[2], row[2])
        g = groups.ref(gid)
        group_labels.setdefault(g, label)
        article_group.append(g)
    actors, goals, sections, rules = _Table(), _Table(), _Table(), _Table()
    stances, instruments = _Table(), _Table()
    columns: dict[str, list[Any]] = {name: [] for name in (
        "text", "art", "sec", "s", "start", "end", "stance", "inst", "actors", "targets", "goals", "rule", "echoes")}
    position: dict[Any, int] = {}
    measures = sorted((n for n, a in nodes.items() if a.get("kind") == "measure"), key=_measure_order(nodes))
    total = len(measures)
    for m in measures[:INDEX_MAX_MEASURES]:
        a = nodes[m]
        home, section = _home(m, succ, nodes)
        if home not in article_at:
            continue
        position[m] = len(columns["text"])
        columns["text"].append(str(a.get("text") or a.get("label") or ""))
        columns["art"].append(article_at[home])
        columns["sec"].append(sections.ref(str(nodes[section].get("label") or "")) if section else -1)
        columns["s"].append(sentence_ref(a.get("sentence")))
        columns["start"].append(_int(a.get("start")))
        columns["end"].append(_int(a.get("end")))
        columns["stance"].append(stances.ref(str(a.get("stance") or "")))
        columns["inst"].append(instruments.ref(str(a.get("instrument") or "")))
        columns["rule"].append(rules.ref(str(a.get("rule") or "")))
        columns["actors"].append(sorted({actors.ref(u) for u in pred[m] if nodes[u].get("kind") == "actor"}))
        targets, goal_refs = set(), set()
        for v in succ[m]:
            kind = nodes[v].get("kind")
            if kind == "actor":
                targets.add(actors.ref(v))
            elif kind == "goal":
                goal_refs.add(goals.ref(v))
        columns["targets"].append(sorted(targets))
        columns["goals"].append(sorted(goal_refs))
    # the measures of other files each one echoes (kg.assemble.echoes), by position
    for m, i in position.items():
        ends = [v for v, keys in succ[m].items() if "echoes" in keys] + [u for u, keys in pred[m].items() if "echoes" in keys]
        columns["echoes"].append(sorted(position[e] for e in ends if e in position))
    return {
        "total": total,
        "kept": len(columns["text"]),
        "measures": columns,
        "actors": [[nid, str(nodes[nid].get("label") or nid), str(nodes[nid].get("actor_type") or ""),
                    str(nodes[nid].get("surface") or "")] for nid in actors.items],
        "goals": [[nid, str(nodes[nid].get("label") or nid)] for nid in goals.items],
        "groups": [[gid, group_labels[i]] for i, gid in enumerate(groups.items)],
        "articleGroup": article_group,
        "sections": sections.items,
        "rules": rules.items,
        "stances": stances.items,
        "instruments": instruments.items,
    }


def _measure_order(nodes: Mapping[Any, Mapping[str, Any]]) -> Callable[[Any], tuple[str, int, int]]:
    def key(m: Any) -> tuple[str, int, int]:
        a = nodes[m]
        return str(a.get("source") or ""), _int(a.get("start")), _int(a.get("end"))
    return key


def _int(value: Any) -> int:
    return value if type(value) is int else 0


def _home(measure: Any, succ: Mapping[Any, Mapping[Any, Any]],
          nodes: Mapping[Any, Mapping[str, Any]]) -> tuple[Any, Any]:
    """(article, section or None) a measure stands in, following the schema's edges."""
    for v in succ[measure]:
        kind = nodes[v].get("kind")
        if kind == "article":
            return v, None
        if kind == "section":
            return next((t for t in succ[v] if nodes[t].get("kind") == "article"), None), v
    return None, None


def overview(index: Mapping[str, Any], instrument_names: Mapping[str, str]) -> Overview:
    """The aggregate the page of a large graph opens on (see the module's docstring)."""
    m = index["measures"]
    actor_count, goal_count, group_count = Counter(), Counter(), Counter()
    to_goal: dict[int, Counter] = defaultdict(Counter)
    to_group: dict[int, Counter] = defaultdict(Counter)
    to_inst: dict[int, Counter] = defaultdict(Counter)
    for i, actors in enumerate(m["actors"]):
        group = index["articleGroup"][m["art"][i]]
        group_count[group] += 1
        inst = index["instruments"][m["inst"][i]]
        for g in m["goals"][i]:
            goal_count[g] += 1
        for a in sorted({*actors, *m["targets"][i]}):  # an actor's measures: as actor or as target
            actor_count[a] += 1
            to_group[a][group] += 1
            if inst:
                to_inst[a][inst] += 1
            for g in m["goals"][i]:
                to_goal[a][g] += 1
    top_actors = _top(actor_count, OVERVIEW_ACTORS, lambda a: index["actors"][a][1])
    top_goals = _top(goal_count, OVERVIEW_GOALS, lambda g: index["goals"][g][1])
    top_groups = _top(group_count, OVERVIEW_GROUPS, lambda g: index["groups"][g][1])
    inst_count = Counter(index["instruments"][i] for i in m["inst"])
    nodes: list[dict[str, Any]] = []

    def add(nid: str, kind: str, label: str, count: int, ref: list[Any]) -> None:
        size = node_size(count)
        nodes.append({"id": nid, "kind": kind, "label": label, "n": count, "ref": ref,
                      "size": min(size, _GROUP_SIZE) if kind == "group" else size})

    for g in top_groups:
        add(index["groups"][g][0], "group", index["groups"][g][1], group_count[g], ["group", g])
    for a in top_actors:
        add(index["actors"][a][0], "actor", index["actors"][a][1], actor_count[a], ["actor", a])
    for g in top_goals:
        add(index["goals"][g][0], "goal", index["goals"][g][1], goal_count[g], ["goal", g])
    for code in sorted(c for c in inst_count if c):
        add(f"instrument:{code}", "instrument", instrument_names.get(code, code), inst_count[code], ["inst", code])
    shown_goals, shown_groups = set(top_goals), set(top_groups)
    edges: list[dict[str, Any]] = []

    def link(u: str, v: str, relation: str, weight: int, ref: list[Any]) -> None:
        edges.append({"id": f"o{len(edges)}", "from": u, "to": v, "relation": relation, "w": weight,
                      "ref": ref, "s": -1, "a": -1})

    for a in top_actors:
        aid = index["actors"][a][0]
        for g, w in _strongest(to_group[a], shown_groups):
            link(aid, index["groups"][g][0], "document", w, ["group", g])
        for g, w in _strongest(to_goal[a], shown_goals):
            link(aid, index["goals"][g][0], "goal", w, ["goal", g])
        for code, w in sorted(to_inst[a].items()):
            link(aid, f"instrument:{code}", "instrument", w, ["inst", code])
    for record in nodes:
        if record["kind"] == "actor":
            record["colour"] = ACTOR_TYPE_COLOURS.get(index["actors"][record["ref"][1]][2], ACTOR_TYPE_COLOURS["other"])
    _place(nodes, edges)
    return Overview(nodes=nodes, edges=edges)


def _place(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> None:
    """Positions that read left to right, documents -> actors -> goals, instrument types below.

    Documents and goals stand in columns, busiest at the top; each actor goes to the height
    of the documents and goals it is linked to (weighted), then actors fill the middle rows in
    that order, so that most links run level rather than across the page.
    """
    by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in nodes:
        by_kind[record["kind"]].append(record)
    y: dict[str, float] = {}
    for kind, side in (("group", -1), ("goal", 1)):
        column = by_kind[kind]
        rows = min(len(column), _SIDE_ROWS)
        gap = max([_SIDE_ROW, *(2.2 * r["size"] for r in column)])  # a few big squares stay apart
        for i, record in enumerate(column):
            col, row = divmod(i, _SIDE_ROWS)
            record["x"] = side * (_SIDE_X + col * 2 * _ACTOR_COLUMN)
            record["y"] = round((row - (rows - 1) / 2) * (gap if len(column) <= _SIDE_ROWS else _SIDE_ROW))
            y[record["id"]] = record["y"]
    pull: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for e in edges:
        if e["to"] in y:
            weight = math.log2(1 + e["w"])
            pull[e["from"]][0] += weight * y[e["to"]]
            pull[e["from"]][1] += weight
    actors = by_kind["actor"]

    def height(record: dict[str, Any]) -> tuple[float, str]:
        total, weight = pull[record["id"]]
        return (total / weight if weight else 0.0), record["id"]

    rows = math.ceil(len(actors) / _ACTOR_COLUMNS) or 1
    for slot, record in enumerate(sorted(actors, key=height)):
        row, column = divmod(slot, _ACTOR_COLUMNS)
        shift = _ACTOR_COLUMN / 2 if row % 2 else 0  # staggered rows keep labels apart
        record["x"] = round((column - (_ACTOR_COLUMNS - 1) / 2) * _ACTOR_COLUMN + shift)
        record["y"] = round((row - (rows - 1) / 2) * _ACTOR_ROW)
    bottom = max((r["y"] for r in nodes if "y" in r), default=0) + 2 * _ACTOR_ROW
    instruments = by_kind["instrument"]
    for i, record in enumerate(instruments):
        record["x"], record["y"] = round((i - (len(instruments) - 1) / 2) * 3 * _ACTOR_COLUMN), bottom


def _top(counts: Counter, n: int, name: Callable[[int], str]) -> list[int]:
    """The ``n`` most counted, ties by name: the same overview for the same graph."""
    return sorted(counts, key=lambda k: (-counts[k], name(k)))[:n]


def _strongest(counts: Counter, shown: set[int]) -> list[tuple[int, int]]:
    ranked = sorted(((k, w) for k, w in counts.items() if k in shown), key=lambda kw: (-kw[1], kw[0]))
    return ranked[:LINKS_PER_ACTOR]


def node_size(count: int) -> int:
    """An overview node's size: it grows with the log of its measures, so a hub of thousands
    stays within reach of one of ten."""
    return int(min(10 + 9 * math.log10(1 + count), 48))
