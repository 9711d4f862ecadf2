"""What a new version changed: the measures of two sides matched one to one, and each pair
told as kept or changed, and the rest as added or dropped.

A side is a file, a folder, or a saved build (a folder holding ``measures.jsonl``). Two
measures match when their texts are alike (character bigrams, Dice), helped by their
sentences and by the actors and goals they share; each measure matches at most one, the
best pairs first. Candidates come from an index of the new side's bigrams, so two corpora
of thousands of measures are not compared pair by pair.

A matched pair is *changed* when what an analyst codes differs: the stance (``不得`` ->
``可以``), the actors, a quantity (``70%`` -> ``80%``) or a time or deadline (``到2027年`` ->
``到2030年``, ``30日内`` -> ``15日内``) in the measure's own clause or goals, or the measure's
wording; else it is *kept*, even if another clause of its sentence changed.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from kg.compare import DEFAULT_THRESHOLD

#: How much each likeness counts: the measure's text, its sentence, its actors and goals.
_WEIGHTS = (0.6, 0.25, 0.15)
#: Candidates scored for each old measure: those sharing most bigrams with it.
_CANDIDATES = 40

KINDS = ("changed", "added", "dropped", "kept")
#: The aspects a changed pair differs in, in the order they are reported.
ASPECTS = ("stance", "actors", "quantity", "time", "wording")
COLUMNS = ["kind", "changes", "score", "old_text", "new_text", "old_stance", "new_stance",
           "old_actors", "new_actors", "old_numbers", "new_numbers", "old_times", "new_times",
           "old_sentence", "new_sentence", "old_source", "old_start", "old_end",
           "new_source", "new_start", "new_end"]

_CLAUSE_END = "，；。：！？,;:!?\n"
_TIME = re.compile(r"(?:到|至|于|在)?(?:19|20)\d{2}年(?:底|末|前)?|[\d一二三四五六七八九十百两]+个?(?:工作日|日|天|周|月|年)(?:内|以内|之内)?")
_PLACE = re.compile(r"第[\d一二三四五六七八九十百零〇两]+[条款项章节目]")
_NUMBER = re.compile(r"\d+(?:\.\d+)?\s*(?:%|％|个百分点|万亿|亿|万|元|家|个|人|项|次|倍|千瓦|吨|公里)?")


@dataclass(frozen=True)
class Measure:
    """One side's measure, as the diff reads it."""

    record: Mapping[str, Any]
    grams: frozenset[str]
    sentence_grams: frozenset[str]
    ends: frozenset[str]  # actors and goals
    numbers: frozenset[str]
    times: frozenset[str]

    @classmethod
    def of(cls, record: Mapping[str, Any]) -> Measure:
        text, sentence = str(record.get("text") or ""), str(record.get("sentence") or "")
        scope = " ".join([_clause(sentence, text), *map(str, record.get("goals") or ())])
        scope = _PLACE.sub(" ", scope)  # 第12条: a renumbered article is no changed quantity
        times = frozenset(_TIME.findall(scope)) | ({str(record["time"])} if record.get("time") else frozenset())
        # a year is a time, not a quantity: numbers are read with the times taken out
        numbers = frozenset(n.strip() for n in _NUMBER.findall(_TIME.sub(" ", scope)))
        return cls(record, _grams(text), _grams(sentence),
                   frozenset(map(str, [*(record.get("actor_names") or ()), *(record.get("goals") or ())])),
                   numbers, times)


def _grams(text: str) -> frozenset[str]:
    text = re.sub(r"\s+", "", text)
    return frozenset(text[i:i + 2] for i in range(len(text) - 1)) or frozenset([text])


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 1.0


def _clause(sentence: str, text: str) -> str:
    """The clause of ``sentence`` that holds ``text`` (the sentence if it is not there)."""
    at = sentence.find(text)
    if at < 0:
        return sentence
    start = max((sentence.rfind(c, 0, at) for c in _CLAUSE_END), default=-1) + 1
    ends = [i for c in _CLAUSE_END if (i := sentence.find(c, at + len(text))) >= 0]
    return sentence[start:min(ends) if ends else len(sentence)]


def score(old: Measure, new: Measure) -> float:
    """How alike two measures are, 0 to 1."""
    ends = _dice(old.ends, new.ends) if old.ends or new.ends else 1.0
    w_text, w_sentence, w_ends = _WEIGHTS
    return w_text * _dice(old.grams, new.grams) + w_sentence * _dice(old.sentence_grams, new.sentence_grams) + w_ends * ends


def match(old: Sequence[Measure], new: Sequence[Measure],
          threshold: float = DEFAULT_THRESHOLD) -> list[tuple[int, int, float]]:
    """One-to-one pairs (old index, new index, score), best first, each above ``threshold``."""
    index: dict[str, list[int]] = defaultdict(list)
    for j, m in enumerate(new):
        for gram in m.grams:
            index[gram].append(j)
    pairs = []
    for i, m in enumerate(old):
        shared = Counter(j for gram in m.grams for j in index.get(gram, ()))
        for j, _ in shared.most_common(_CANDIDATES):
            s = score(m, new[j])
            if s >= threshold:
                pairs.append((s, i, j))
    pairs.sort(key=lambda p: (-p[0], abs(p[1] / max(len(old), 1) - p[2] / max(len(new), 1)), p[1], p[2]))
    used_old, used_new, found = set(), set(), []
    for s, i, j in pairs:
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            found.append((i, j, round(s, 3)))
    return found


def changes(old: Measure, new: Measure) -> list[str]:
    """The aspects in which a matched pair differs (:data:`ASPECTS`)."""
    a, b = old.record, new.record
    found = []
    if a.get("stance") != b.get("stance"):
        found.append("stance")
    if set(a.get("actor_names") or ()) != set(b.get("actor_names") or ()):
        found.append("actors")
    if old.numbers != new.numbers:
        found.append("quantity")
    if old.times != new.times:
        found.append("time")
    if re.sub(r"\s+", "", str(a.get("text") or "")) != re.sub(r"\s+", "", str(b.get("text") or "")):
        found.append("wording")
    return found


def diff_records(old: Iterable[Mapping[str, Any]], new: Iterable[Mapping[str, Any]],
                 threshold: float = DEFAULT_THRESHOLD) -> pd.DataFrame:
    """The diff of two sides' measure records (``measures.jsonl``), one row per measure or pair:
    changed first, then added, dropped and kept, each in document order (:data:`COLUMNS`)."""
    olds, news = [Measure.of(r) for r in old], [Measure.of(r) for r in new]
    pairs = match(olds, news, threshold)
    rows = []
    for i, j, s in pairs:
        found = changes(olds[i], news[j])
        rows.append(_row("changed" if found else "kept", found, s, olds[i], news[j]))
    matched_old, matched_new = {i for i, _, _ in pairs}, {j for _, j, _ in pairs}
    rows += [_row("dropped", [], None, m, None) for i, m in enumerate(olds) if i not in matched_old]
    rows += [_row("added", [], None, None, m) for j, m in enumerate(news) if j not in matched_new]
    order = {kind: n for n, kind in enumerate(KINDS)}
    rows.sort(key=lambda r: (order[r["kind"]], str(r["new_source"] or r["old_source"]),
                             r["new_start"] if r["new_start"] is not None else r["old_start"]))
    table = pd.DataFrame(rows, columns=COLUMNS)
    table["score"] = table["score"].astype("Float64")
    for side in ("old", "new"):
        for name in ("start", "end"):
            table[f"{side}_{name}"] = table[f"{side}_{name}"].astype("Int64")
    return table


def _row(kind: str, found: list[str], s: float | None, old: Measure | None, new: Measure | None) -> dict[str, Any]:
    row: dict[str, Any] = {"kind": kind, "changes": found, "score": s}
    for side, m in (("old", old), ("new", new)):
        r = m.record if m else {}
        row.update({
            f"{side}_text": r.get("text"), f"{side}_stance": r.get("stance"),
            f"{side}_actors": list(r.get("actor_names") or ()) if m else None,
            f"{side}_numbers": sorted(m.numbers) if m else None, f"{side}_times": sorted(m.times) if m else None,
            f"{side}_sentence": r.get("sentence"), f"{side}_source": r.get("source"),
            f"{side}_start": r.get("start"), f"{side}_end": r.get("end"),
        })
    return row


def read_side(path: str | Path, **build_options: Any) -> list[dict[str, Any]]:
    """The measure records of one side: a saved build's, or those of building the file or folder."""
    import kg
    from kg.errors import InputError

    path = Path(path)
    if path.is_dir() and (path / "measures.jsonl").is_file():
        return kg.load(path).records
    if not path.exists():
        raise InputError(f"nothing to compare: {path} does not exist")
    return kg.build([path], **build_options).records


def diff(old: str | Path, new: str | Path, *, threshold: float = DEFAULT_THRESHOLD,
         **build_options: Any) -> pd.DataFrame:
    """``kg.diff(a, b)``: the measures of two versions (files, folders or saved builds) compared."""
    return diff_records(read_side(old, **build_options), read_side(new, **build_options), threshold)


def summary(table: pd.DataFrame) -> str:
    """``changed 12 · added 3 · dropped 2 · kept 240``, and what the changes were."""
    counts = table["kind"].value_counts()
    head = " · ".join(f"{kind} {int(counts.get(kind, 0))}" for kind in KINDS)
    aspects = Counter(a for found in table["changes"] for a in found)
    detail = ", ".join(f"{a} {aspects[a]}" for a in ASPECTS if aspects[a])
    return head + (f" (changed: {detail})" if detail else "")
