"""Views of the graph around what a reader asks for: one actor and its neighbourhood, or the
articles whose title matches, each with the sections and articles its measures stand in
(``kg view --actor``, ``--article``; :meth:`kg.api.PolicyGraph` users can call them too)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

import networkx as nx

from kg.errors import InputError

if TYPE_CHECKING:
    from kg.normalise import ActorNormaliser

#: How many close names an error message offers.
_CANDIDATES = 8
_SPACE = re.compile(r"\s+")


def _squeeze(text: str) -> str:
    return _SPACE.sub("", text).casefold()


def _close(query: str, names: Iterable[str]) -> list[str]:
    """Names like ``query``: containing it or contained in it first, then similar spellings."""
    names = sorted(set(names))
    q = _squeeze(query)
    near = [n for n in names if q and (q in _squeeze(n) or _squeeze(n) in q)]
    near += difflib.get_close_matches(query, names, n=_CANDIDATES, cutoff=0.4)
    return list(dict.fromkeys(near))[:_CANDIDATES]


def find_actor(graph: nx.MultiDiGraph, name: str, normaliser: ActorNormaliser) -> str:
    """The actor node for ``name``: by its canonical form, then by a surface form seen in text."""
    canonical = normaliser.canonical(name.strip())
    actors = {n: a for n, a in graph.nodes(data=True) if a.get("kind") == "actor"}
    for node in (f"actor:{canonical}", f"actor:{name.strip()}"):
        if node in actors:
            return node
    for node, attrs in sorted(actors.items()):
        if name.strip() in str(attrs.get("surface", "")).split(" | "):
            return node
    labels = {str(a.get("label", n)): n for n, a in actors.items()}
    close = _close(canonical, labels)
    shown = f" (as {canonical})" if canonical != name.strip() else ""
    if close:
        hint = "close: " + ", ".join(close)
    else:
        busiest = sorted(labels, key=lambda label: (-graph.degree(labels[label]), label))[:_CANDIDATES]
        hint = "the most connected are: " + ", ".join(busiest) if busiest else "the graph has no actors"
    raise InputError(f"no actor {name!r}{shown} in the graph; {hint}")


def find_articles(graph: nx.MultiDiGraph, title: str) -> list[str]:
    """Article nodes whose title (or label) contains ``title``, ignoring spaces and case."""
    wanted = _squeeze(title)
    articles = {n: str(a.get("title") or a.get("label") or n)
                for n, a in graph.nodes(data=True) if a.get("kind") == "article"}
    found = sorted(n for n, t in articles.items() if wanted and wanted in _squeeze(t))
    if found:
        return found
    close = _close(title, articles.values()) or sorted(articles.values())[:_CANDIDATES]
    hint = "close: " + "; ".join(close) if close else "the graph has no articles"
    raise InputError(f"no article title contains {title!r}; {hint}")


def _ball(graph: nx.MultiDiGraph, centres: Iterable[str], depth: int) -> set[str]:
    """Nodes within ``depth`` links of any centre, whichever way the links point; echo links
    (likeness between files, not what a text says) are not followed."""
    seen = set(centres)
    frontier = list(seen)
    for _ in range(depth):
        step = {n for node in frontier
                for _, n, r in (*graph.out_edges(node, data="relation"), *(
                    (v, u, r) for u, v, r in graph.in_edges(node, data="relation")))
                if r != "echoes"}
        frontier = sorted(step - seen, key=str)
        seen |= step
    return seen


def _with_structure(graph: nx.MultiDiGraph, nodes: set[str]) -> set[str]:
    """``nodes`` and the sections and articles their measures and sections sit in.

    They cost a few nodes and give the view its context: where a measure comes from, and
    the page's article and file filters something to offer.
    """
    found = set(nodes)
    for kind in ("measure", "section"):
        for node in [n for n in found if graph.nodes[n].get("kind") == kind]:
            found |= {t for t in graph.successors(node) if graph.nodes[t].get("kind") in ("section", "article")}
    return found


def actor_view(graph: nx.MultiDiGraph, name: str, normaliser: ActorNormaliser,
               depth: int = 2) -> tuple[list[str], nx.MultiDiGraph]:
    """The actor's node, what lies within ``depth`` links of it, and where its measures stand."""
    centre = find_actor(graph, name, normaliser)
    return [centre], graph.subgraph(_with_structure(graph, _ball(graph, [centre], depth))).copy()


def article_view(graph: nx.MultiDiGraph, title: str, depth: int = 2) -> tuple[list[str], nx.MultiDiGraph]:
    """Matching articles, their sections and measures, and ``depth - 1`` links around the measures.

    Counting from the article itself would stop at its measures (article <- section <-
    measure), leaving out the actors and goals that make the view worth reading.
    """
    from kg.assemble.graph import article_homes

    articles = find_articles(graph, title)
    homes = article_homes(graph)
    inside = {n for n, kind in graph.nodes(data="kind")
              if kind in ("article", "section", "measure") and set(homes.get(n, ())) & set(articles)}
    measures = [n for n in inside if graph.nodes[n].get("kind") == "measure"]
    return articles, graph.subgraph(_with_structure(graph, inside | _ball(graph, measures, depth - 1))).copy()
