"""``kg view``: write and open an interactive page of one actor's or one article's neighbourhood.

The whole graph of a large corpus is too much to read; an analyst asking "what is 工信部 asked
to do?" wants that actor, its measures and what hangs off them. The graph is rebuilt from the
inputs (a build takes seconds and needs no saved state), cut down, and written as the same
offline page ``kg build`` writes, with the centre selected and its evidence in the side panel.
"""

from __future__ import annotations

import argparse
import difflib
import logging
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from kg.commands.options import add_cache_options, cache_dir, counted, whole_number
from kg.errors import InputError, OutputError

if TYPE_CHECKING:  # heavy modules are imported inside run, so that `kg --help` stays fast
    import networkx as nx

    from kg.normalise import ActorNormaliser

log = logging.getLogger(__name__)

HELP = "write and open an interactive HTML view of one actor or article and its neighbourhood"

#: How many close names an error message offers.
_CANDIDATES = 8
_SPACE = re.compile(r"\s+")


#: argparse type of a node limit for the HTML page: a whole number, 0 meaning no limit.
node_limit = whole_number(0, "0 (no limit)")
_depth = whole_number(1)


def resolve_node_limit(value: int | None) -> int | None:
    """The ``max_nodes`` for ``write_html`` from an option: unset -> the default, 0 -> no limit.

    The rule lives in kg.export.html, which the parser must not import (numpy, jinja2).
    """
    from kg.export.html import node_cap

    return node_cap(value)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="*", type=Path, default=[Path("seeds")],
                   help=".txt files or folders, searched recursively (default: seeds/)")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--actor", metavar="NAME",
                       help="the actor NAME (an alias such as 工信部 works) and what lies within --depth links")
    which.add_argument("--article", metavar="TITLE",
                       help="every article whose title contains TITLE, with its sections and measures "
                            "and what lies within --depth - 1 links of those measures")
    p.add_argument("--depth", type=_depth, default=2, help="how far the neighbourhood reaches (default: 2)")
    p.add_argument("--out", type=Path, default=Path("output") / "view.html",
                   help="the page to write (default: output/view.html)")
    p.add_argument("--rules", type=Path, action="append", default=[],
                   help="a folder of extra rule files, in the format of kg/rules (repeatable)")
    p.add_argument("--max-nodes", type=node_limit, default=None, metavar="N",
                   help="keep the N most connected nodes, 0 for all (default: as kg build)")
    p.add_argument("--no-open", action="store_true", help="write the page but do not open a browser")
    add_cache_options(p)


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
    """Nodes within ``depth`` links of any centre, whichever way the links point."""
    seen = set(centres)
    frontier = list(seen)
    for _ in range(depth):
        step = {n for node in frontier for n in (*graph.successors(node), *graph.predecessors(node))}
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
    from kg.export.html import article_homes

    articles = find_articles(graph, title)
    homes = article_homes(graph)
    inside = {n for n, kind in graph.nodes(data="kind")
              if kind in ("article", "section", "measure") and set(homes.get(n, ())) & set(articles)}
    measures = [n for n in inside if graph.nodes[n].get("kind") == "measure"]
    return articles, graph.subgraph(_with_structure(graph, inside | _ball(graph, measures, depth - 1))).copy()


def run(args: argparse.Namespace) -> int:
    import webbrowser

    from kg.export.html import write_html
    from kg.normalise import ActorNormaliser
    from kg.pipeline import build, check_out, rules_for
    from kg.workers import default_workers

    out = Path(args.out)
    # Before any work: a page that cannot be written costs no build.
    if out.is_dir():
        raise OutputError(f"--out is a folder, not a file: {out} (name the page: {out / 'view.html'})")
    if out.parent.exists() and not out.parent.is_dir():
        raise OutputError(f"cannot write {out}: {out.parent} is a file, not a folder")
    check_out(out.parent)
    rules = rules_for(args.rules)
    result = build(args.inputs, rules=rules, workers=default_workers(), cache_dir=cache_dir(args))
    graph = result.graph
    if args.actor:
        centres, view = actor_view(graph, args.actor, ActorNormaliser(rules), args.depth)
        about = graph.nodes[centres[0]]["label"]
    elif args.article:
        centres, view = article_view(graph, args.article, args.depth)
        about = "、".join(f"《{graph.nodes[a]['label']}》" for a in centres)
    else:
        centres, view, about = [], graph, "all"
    write_html(view, args.out, title=f"policykg · {about}", max_nodes=resolve_node_limit(args.max_nodes),
               focus=centres)
    print(f"wrote {args.out}: {about}, {counted(view.number_of_nodes(), 'node')}, "
          f"{counted(view.number_of_edges(), 'edge')}")
    for path, reason in result.skipped:
        print(f"kg: skipped {path}: {reason}", file=sys.stderr)
    if not args.no_open and not webbrowser.open(Path(args.out).resolve().as_uri()):
        print(f"  no browser to open; open {args.out} yourself", file=sys.stderr)
    return 3 if result.skipped else 0
