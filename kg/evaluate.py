"""The guideline's scoring (GUIDELINE.md, "Scoring"), behind ``kg eval``.

Gold files hold one sentence a line with its measures; predictions are flat, one measure a
line.  Per source file, measures are matched one-to-one by character F1 of their text, best
pairs first; a pair counts at F1 >= 0.5 (>= 0.8 for strict).  Actor links count where the
actors match after normalisation (or one contains the other); goal links at character F1
>= 0.5.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path, PurePath
from typing import Any

from kg.errors import InputError

_DROP = re.compile(r"[\s\"'“”‘’《》「」『』,，。、；;：:！!？?（）()\[\]【】…—-]")
Row = dict[str, Any]


def _chars(s: str) -> Counter[str]:
    return Counter(_DROP.sub("", s))


def char_f1(a: str, b: str) -> float:
    ca, cb = _chars(a), _chars(b)
    common = sum((ca & cb).values())
    if not common:
        return 0.0
    p, r = common / sum(ca.values()), common / sum(cb.values())
    return 2 * p * r / (p + r)


def norm_actor(s: str) -> str:
    return _DROP.sub("", s).rstrip("等")


def actor_eq(a: str, b: str) -> bool:
    a, b = norm_actor(a), norm_actor(b)
    return bool(a and b) and (a == b or a in b or b in a)


def goal_eq(a: str, b: str) -> bool:
    return char_f1(a, b) >= 0.5


def read_jsonl(path: Path) -> list[Row]:
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as err:
                    raise InputError(f"{path}:{n}: not JSON: {err}") from err
    return rows


def _flatten(rows: Iterable[Row]) -> list[Row]:
    """Gold rows (a sentence with its measures) and flat rows alike, as flat measures."""
    flat: list[Row] = []
    for row in rows:
        if "measures" in row:
            flat.extend({**m, "source": row.get("source")} for m in row["measures"])
        else:
            flat.append(row)
    return flat


def _by_source(rows: Iterable[Row]) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = defaultdict(list)
    for m in _flatten(rows):
        out[PurePath(str(m.get("source", ""))).name].append(m)
    return out


def _match(gold: list[Row], pred: list[Row], least: float) -> list[tuple[int, int]]:
    pairs = sorted(
        ((char_f1(g["text"], p["text"]), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(pred)),
        reverse=True,
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for value, gi, pi in pairs:
        if value < least:
            break
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


def _prf(tp_p: int, n_p: int, tp_g: int, n_g: int) -> dict[str, float | int]:
    p = tp_p / n_p if n_p else 0.0
    r = tp_g / n_g if n_g else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(f, 3), "pred": n_p, "gold": n_g}


def score(gold_rows: Iterable[Row], pred_rows: Iterable[Row]) -> dict[str, dict[str, float | int]]:
    """Scores of the predictions against the gold; only sources present in the gold count."""
    gold = _by_source(gold_rows)
    pred = {src: ms for src, ms in _by_source(pred_rows).items() if src in gold}
    t: Counter[str] = Counter()
    links: tuple[tuple[str, Callable[[str, str], bool], str], ...] = (
        ("a", actor_eq, "actors"), ("g", goal_eq, "goals"))
    for src, gms in gold.items():
        pms = pred.get(src, [])
        pairs = _match(gms, pms, 0.5)
        t["m_tp"] += len(pairs)
        t["s_tp"] += len(_match(gms, pms, 0.8))
        t["m_p"] += len(pms)
        t["m_g"] += len(gms)
        for key, eq, name in links:
            t[key + "_p"] += sum(len(m.get(name) or []) for m in pms)
            t[key + "_g"] += sum(len(m.get(name) or []) for m in gms)
            for gi, pi in pairs:
                gl, pl = gms[gi].get(name) or [], pms[pi].get(name) or []
                t[key + "_tp_p"] += sum(any(eq(x, y) for y in gl) for x in pl)
                t[key + "_tp_g"] += sum(any(eq(x, y) for x in pl) for y in gl)
        ga = {norm_actor(a) for m in gms for a in m.get("actors") or []} - {""}
        pa = {norm_actor(a) for m in pms for a in m.get("actors") or []} - {""}
        t["f_p"] += len(pa)
        t["f_g"] += len(ga)
        t["f_tp_p"] += sum(any(actor_eq(x, y) for y in ga) for x in pa)
        t["f_tp_g"] += sum(any(actor_eq(x, y) for x in pa) for y in ga)
    return {
        "measures": _prf(t["m_tp"], t["m_p"], t["m_tp"], t["m_g"]),
        "measures_strict": _prf(t["s_tp"], t["m_p"], t["s_tp"], t["m_g"]),
        "actor_links": _prf(t["a_tp_p"], t["a_p"], t["a_tp_g"], t["a_g"]),
        "goal_links": _prf(t["g_tp_p"], t["g_p"], t["g_tp_g"], t["g_g"]),
        "actors_found": _prf(t["f_tp_p"], t["f_p"], t["f_tp_g"], t["f_g"]),
    }


def format_table(result: dict[str, dict[str, float | int]]) -> str:
    return "\n".join(
        f"{name:15s} P {r['p']:.3f}  R {r['r']:.3f}  F1 {r['f1']:.3f}  (pred {r['pred']}, gold {r['gold']})"
        for name, r in result.items()
    )
