"""The guideline's scoring (GUIDELINE.md, "Scoring"), behind ``kg eval``.

Gold files hold one sentence a line with its measures; predictions are flat, one measure a
line.  Per source file, measures are matched one-to-one by character F1 of their text, best
pairs first; a pair counts at F1 >= 0.5 (>= 0.8 for strict).  Actor links count where the
actors match after normalisation (or one contains the other); goal links at character F1
>= 0.5.

The counts are kept per source file and summed, so one file's scores, a genre's (its files'
counts summed, micro-averaged like the overall) and the overall scores all come from one match.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path, PurePath
from typing import Any

from kg.errors import InputError

_DROP = re.compile(r"[\s\"'“”‘’《》「」『』,，。、；;：:！!？?（）()\[\]【】…—-]")
Row = dict[str, Any]
Scores = dict[str, dict[str, float | int]]
UNLISTED = "(no genre)"
"""The genre of a gold file the genres table does not name."""


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


def _read_text(path: Path, what: str) -> str:
    """A file's text, or an :class:`InputError` naming it: ``kg eval`` reports a bad path as
    ``kg: error: ...`` instead of a traceback."""
    if path.is_dir():
        raise InputError(f"{what} is a folder, not a file", path=str(path))
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{what} not found", path=str(path)) from None
    except OSError as err:
        raise InputError(f"cannot read {what}: {err.strerror or err}", path=str(path)) from err
    except UnicodeDecodeError as err:
        raise InputError(f"{what} is not UTF-8 text (byte {err.start})", path=str(path)) from err


def read_jsonl(path: Path, what: str = "JSON lines file") -> list[Row]:
    """The JSON objects of a ``.jsonl`` file, one a line; blank lines are skipped.

    Every line must be an object: the scorer reads keys from each, and a stray array or
    number would otherwise fail deep inside the matching with no line to point at.  Lines
    end at a line feed only (not ``str.splitlines``): a raw U+2028 in a JSON string is no break.
    """
    rows = []
    for n, line in enumerate(_read_text(path, what).split("\n"), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            raise InputError(f"{path}:{n}: not JSON: {err}") from err
        if not isinstance(row, dict):
            raise InputError(f"{path}:{n}: expected a JSON object, not {type(row).__name__}")
        rows.append(row)
    return rows


def read_gold(path: Path) -> list[Row]:
    """A gold file in the guideline's format, checked before any extraction is spent on it:
    at least one line, every measure an object with a ``text``."""
    rows = read_jsonl(path, "gold file")
    if not rows:
        raise InputError("gold file holds no annotations", path=str(path))
    for n, row in enumerate(rows, 1):
        measures = row.get("measures", [row])
        if not isinstance(measures, list) or not all(
                isinstance(m, dict) and isinstance(m.get("text"), str) for m in measures):
            raise InputError(f"{path}: record {n}: every measure needs a \"text\"")
    return rows


def read_genres(path: Path) -> dict[str, str]:
    """File name -> genre, from a markdown table with ``file`` and ``genre`` columns (as in a
    data set's SOURCES.md) or from tab-separated ``file<TAB>genre`` lines.

    Only the base name of each file is kept, as the scorer keys sources by base name.
    """
    lines = [line.strip() for line in _read_text(path, "genres file").splitlines()]
    markdown = any(line.startswith("|") for line in lines)
    pairs = _markdown_pairs(lines) if markdown else _tsv_pairs(lines, path)
    genres = {PurePath(name).name: genre for name, genre in pairs if name and genre}
    if not genres:
        where = "a markdown table with 'file' and 'genre' columns" if markdown else "file<TAB>genre lines"
        raise InputError(f"no genres found: expected {where}", path=str(path))
    return genres


def _cells(line: str) -> list[str]:
    return [cell.strip().strip("`").strip() for cell in line.strip().strip("|").split("|")]


def _markdown_pairs(lines: list[str]) -> list[tuple[str, str]]:
    """(file, genre) from the first markdown table whose header has both columns."""
    pairs: list[tuple[str, str]] = []
    columns: tuple[int, int] | None = None
    for line in lines:
        if not line.startswith("|"):
            if columns is not None and pairs:
                break  # the table has ended
            continue
        cells = _cells(line)
        if columns is None:
            names = [c.lower() for c in cells]
            if "file" in names and "genre" in names:
                columns = names.index("file"), names.index("genre")
        elif not all(re.fullmatch(r":?-+:?", c) for c in cells) and len(cells) > max(columns):
            pairs.append((cells[columns[0]], cells[columns[1]]))
    return pairs


def _tsv_pairs(lines: list[str], path: Path) -> list[tuple[str, str]]:
    """(file, genre) from ``file<TAB>genre`` lines; blank and ``#`` lines and a header are skipped."""
    pairs: list[tuple[str, str]] = []
    for n, line in enumerate(lines, 1):
        if not line or line.startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        if len(fields) < 2:
            raise InputError(f"{path}:{n}: expected file<TAB>genre")
        if [f.lower() for f in fields[:2]] != ["file", "genre"]:
            pairs.append((fields[0], fields[1]))
    return pairs


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


_LINKS: tuple[tuple[str, Callable[[str, str], bool], str], ...] = (
    ("a", actor_eq, "actors"), ("g", goal_eq, "goals"))


def _tally(gms: list[Row], pms: list[Row]) -> Counter[str]:
    """The counts of one source file: summed over files they give micro-averaged scores."""
    t: Counter[str] = Counter()
    pairs = _match(gms, pms, 0.5)
    t["m_tp"] += len(pairs)
    t["s_tp"] += len(_match(gms, pms, 0.8))
    t["m_p"] += len(pms)
    t["m_g"] += len(gms)
    for key, eq, name in _LINKS:
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
    return t


def _tallies(gold_rows: Iterable[Row], pred_rows: Iterable[Row]) -> dict[str, Counter[str]]:
    """Counts per gold source file, by name; predictions for files not in the gold are ignored."""
    gold = _by_source(gold_rows)
    pred = _by_source(pred_rows)
    return {src: _tally(gms, pred.get(src, [])) for src, gms in sorted(gold.items())}


def _scores(t: Counter[str]) -> Scores:
    return {
        "measures": _prf(t["m_tp"], t["m_p"], t["m_tp"], t["m_g"]),
        "measures_strict": _prf(t["s_tp"], t["m_p"], t["s_tp"], t["m_g"]),
        "actor_links": _prf(t["a_tp_p"], t["a_p"], t["a_tp_g"], t["a_g"]),
        "goal_links": _prf(t["g_tp_p"], t["g_p"], t["g_tp_g"], t["g_g"]),
        "actors_found": _prf(t["f_tp_p"], t["f_p"], t["f_tp_g"], t["f_g"]),
    }


def _total(tallies: Iterable[Counter[str]]) -> Counter[str]:
    total: Counter[str] = Counter()
    for t in tallies:
        total.update(t)
    return total


def score(gold_rows: Iterable[Row], pred_rows: Iterable[Row]) -> Scores:
    """Scores of the predictions against the gold; only sources present in the gold count."""
    return _scores(_total(_tallies(gold_rows, pred_rows).values()))


def score_per_file(gold_rows: Iterable[Row], pred_rows: Iterable[Row],
                   genres: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Scores per gold source file (``per_file``, by base name) and ``overall``, the same as
    :func:`score`; with ``genres`` (file name -> genre) also ``per_genre``.

    One overall figure hides a genre the rules do not fit; the rows per file and per genre
    show where the misses are.  A genre's scores pool its files' counts, as the overall does;
    gold files the genres do not name (by base name, as sources are keyed) fall under
    :data:`UNLISTED`.
    """
    tallies = _tallies(gold_rows, pred_rows)
    out: dict[str, Any] = {
        "overall": _scores(_total(tallies.values())),
        "per_file": {src: _scores(t) for src, t in tallies.items()},
    }
    if genres is not None:
        by_name = {PurePath(name).name: genre for name, genre in genres.items()}
        out["per_genre"] = {genre: _scores(_total(tallies[src] for src in files))
                            for genre, files in _group(tallies, by_name).items()}
    return out


def _group(sources: Iterable[str], genres: Mapping[str, str]) -> dict[str, list[str]]:
    """Sources by genre, genres in the order the table lists them, :data:`UNLISTED` last."""
    order = {genre: i for i, genre in enumerate(dict.fromkeys(genres.values()))}
    groups: dict[str, list[str]] = defaultdict(list)
    for src in sources:
        groups[genres.get(src, UNLISTED)].append(src)
    return dict(sorted(groups.items(), key=lambda kv: order.get(kv[0], len(order))))


def format_table(result: Scores) -> str:
    return "\n".join(
        f"{name:15s} P {r['p']:.3f}  R {r['r']:.3f}  F1 {r['f1']:.3f}  (pred {r['pred']}, gold {r['gold']})"
        for name, r in result.items()
    )


_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("strict P", "measures_strict", "p"), ("strict R", "measures_strict", "r"), ("strict F1", "measures_strict", "f1"),
    ("meas P", "measures", "p"), ("meas R", "measures", "r"), ("meas F1", "measures", "f1"),
    ("actor F1", "actor_links", "f1"), ("goal F1", "goal_links", "f1"),
    ("pred", "measures", "pred"), ("gold", "measures", "gold"),
)


def _width(text: str) -> int:
    """Columns a terminal gives the text: CJK characters (a genre's 管理办法) take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cell(value: float | int) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def format_rows(label: str, rows: Mapping[str, Scores], overall: Scores) -> str:
    """One line per row (a file or a genre) and a last ``overall`` line: strict and loose
    measure P/R/F1, actor-link and goal-link F1, and the measure counts."""
    named = {**rows, "overall": overall}
    first = max(_width(name) for name in (label, *named))
    widths = [max(len(head), 5) for head, _, _ in _COLUMNS]

    def line(name: str, cells: list[str]) -> str:
        padded = (cell.rjust(w) for cell, w in zip(cells, widths))
        return (name + " " * (first - _width(name)) + "  " + "  ".join(padded)).rstrip()

    out = [line(label, [head for head, _, _ in _COLUMNS])]
    out += [line(name, [_cell(s[metric][key]) for _, metric, key in _COLUMNS]) for name, s in named.items()]
    return "\n".join(out)
