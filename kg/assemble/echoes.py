"""Cross-document links: a measure echoes the measures of *other* documents that say nearly the
same (``加强组织领导`` in a plan and in the notice that issues it; a national measure taken up
by a province).

Likeness is the Jaccard index of the two texts' character bigrams. Comparing every pair is
quadratic (10^10 pairs for policy-corpus), so candidates come from MinHash locality-sensitive
hashing: each distinct text gets :data:`_HASHES` min-hashes of its bigrams, cut into bands of
:data:`_ROWS`; texts that agree on a whole band share a bucket, and only texts sharing a bucket
are compared exactly. With 8 bands of 4, two texts of likeness 0.7 meet with probability 0.9,
of 0.5 with 0.4, of 0.3 with 0.06. Identical texts are one text. Each measure keeps its
:data:`LINKS_PER_MEASURE` best echoes, so a formula repeated in five hundred documents
(``抓好贯彻落实``) gives a few links each, not a quarter of a million.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import networkx as nx
import numpy as np

log = logging.getLogger(__name__)

#: The default likeness (Jaccard of character bigrams) above which two measures echo:
#: ``继续实施人才强国战略`` and ``实施人才强国战略`` (0.78) do, ``对个人处500元以上5000元以下罚款``
#: and ``对个人处5000元以上5万元以下的罚款`` (0.71) just do.
DEFAULT_LINK_THRESHOLD = 0.7
#: How many echoes each measure keeps at most: its best, ties in document order.
LINKS_PER_MEASURE = 5
_BANDS, _ROWS = 8, 4
_HASHES = _BANDS * _ROWS
_PRIME = (1 << 31) - 1
#: A bucket this full is one formula written everywhere: its texts are compared with their
#: neighbours in it only, which keeps the work linear.
_BUCKET_MAX = 200


def bigrams(text: str) -> frozenset[str]:
    text = "".join(text.split())
    return frozenset(text[i:i + 2] for i in range(len(text) - 1)) or frozenset([text])


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def _signatures(grams: Sequence[frozenset[str]]) -> np.ndarray:
    """Min-hashes (texts x _HASHES) of each text's bigrams, the same on every run and machine."""
    vocabulary: dict[str, int] = {}
    # bigrams numbered in sorted order, not a set's (hash-seeded) order: the same ids every run
    ids = [np.array(sorted(vocabulary.setdefault(g, len(vocabulary)) for g in sorted(gs)), dtype=np.int64)
           for gs in grams]
    rng = np.random.default_rng(20261206)
    a = rng.integers(1, _PRIME, size=_HASHES, dtype=np.int64)
    b = rng.integers(0, _PRIME, size=_HASHES, dtype=np.int64)
    lengths = np.array([len(x) for x in ids])
    flat = np.concatenate(ids) if ids else np.zeros(0, dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]) if len(ids) else np.zeros(0, dtype=np.int64)
    signatures = np.empty((len(ids), _HASHES), dtype=np.int64)
    for h in range(_HASHES):
        hashed = (a[h] * flat + b[h]) % _PRIME
        signatures[:, h] = np.minimum.reduceat(hashed, starts) if len(ids) else hashed[:0]
    return signatures


def similar_texts(texts: Sequence[str], threshold: float) -> dict[int, list[tuple[int, float]]]:
    """For each distinct text (by position), the other texts at least ``threshold`` alike."""
    grams = [bigrams(t) for t in texts]
    signatures = _signatures(grams)
    candidates: set[tuple[int, int]] = set()
    for band in range(_BANDS):
        buckets: dict[bytes, list[int]] = defaultdict(list)
        block = signatures[:, band * _ROWS:(band + 1) * _ROWS]
        for i, row in enumerate(block):
            buckets[row.tobytes()].append(i)
        for members in buckets.values():
            if len(members) > _BUCKET_MAX:  # one formula everywhere: neighbours only
                members = sorted(members, key=lambda i: texts[i])
                pairs = ((x, y) for n, x in enumerate(members) for y in members[n + 1:n + 1 + LINKS_PER_MEASURE])
            else:
                pairs = ((x, y) for n, x in enumerate(members) for y in members[n + 1:])
            candidates.update((min(x, y), max(x, y)) for x, y in pairs)
    found: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for x, y in candidates:
        score = jaccard(grams[x], grams[y])
        if score >= threshold:
            found[x].append((y, score))
            found[y].append((x, score))
    return found


def echoes(measures: Sequence[tuple[Any, str, str]], threshold: float = DEFAULT_LINK_THRESHOLD,
           per_measure: int = LINKS_PER_MEASURE) -> list[tuple[Any, Any, float]]:
    """Echo links among ``measures`` (id, document, text), each pair once (ids in order):
    measures of different documents whose texts are at least ``threshold`` alike, each
    measure keeping its ``per_measure`` best."""
    by_text: dict[str, list[int]] = defaultdict(list)
    for k, (_, _, text) in enumerate(measures):
        by_text[text].append(k)
    texts = list(by_text)
    alike = similar_texts(texts, threshold)
    best: dict[int, list[tuple[float, int]]] = {}
    for t, text in enumerate(texts):
        group = by_text[text]
        near = [(1.0, j) for j in group] + [(s, j) for u, s in alike.get(t, ()) for j in by_text[texts[u]]]
        near.sort(key=lambda sj: (-sj[0], sj[1]))
        for i in group:
            document = measures[i][1]
            kept = []
            for s, j in near:
                if measures[j][1] != document:
                    kept.append((s, j))
                    if len(kept) == per_measure:
                        break
            best[i] = kept
    links: dict[tuple[int, int], float] = {}
    for i, kept in best.items():
        for s, j in kept:
            links[(min(i, j), max(i, j))] = round(s, 3)
    return sorted(((measures[i][0], measures[j][0], s) for (i, j), s in links.items()),
                  key=lambda e: (str(e[0]), str(e[1])))


def link_echoes(graph: nx.MultiDiGraph, threshold: float = DEFAULT_LINK_THRESHOLD) -> int:
    """Add an ``echoes`` edge (with its ``score``) between measures of different files that say
    nearly the same; return how many. A ``threshold`` of 0 or less adds none."""
    if threshold <= 0:
        return 0
    measures = [(n, str(a.get("source") or ""), str(a.get("text") or a.get("label") or ""))
                for n, a in graph.nodes(data=True) if a.get("kind") == "measure"]
    found = echoes(sorted(measures, key=lambda m: str(m[0])), threshold)
    for u, v, score in found:
        graph.add_edge(u, v, key="echoes", relation="echoes", score=score)
    log.info("%d echo links between measures of different files (likeness >= %s)", len(found), threshold)
    return len(found)


def similar_to(graph: nx.MultiDiGraph, measure: Any) -> Iterable[tuple[Any, float]]:
    """The measures that ``measure`` echoes, or that echo it, with their scores."""
    for _, v, attrs in graph.out_edges(measure, data=True):
        if attrs.get("relation") == "echoes":
            yield v, attrs.get("score", 0.0)
    for u, _, attrs in graph.in_edges(measure, data=True):
        if attrs.get("relation") == "echoes":
            yield u, attrs.get("score", 0.0)
