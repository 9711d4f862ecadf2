"""``kg diff --html``: the two versions side by side, one row per changed, added or dropped
measure, the differences between the two sentences marked.

A static page: no script, nothing loaded (a Content-Security-Policy says so), every string
from a document escaped. The kept measures are counted, not listed: they are the bulk of a
new version and say nothing the counts do not.
"""

from __future__ import annotations

import difflib
import html
from pathlib import Path
from typing import Any

import pandas as pd

from kg.compare.diff import summary

_STYLE = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       margin: 16px; color: #222; font-size: 14px; }
h1 { font-size: 18px; } .summary { color: #555; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border-top: 1px solid #ddd; padding: 6px 8px; vertical-align: top; text-align: left; line-height: 1.6; }
th.kind { width: 7em; } td.kind { font-weight: 600; }
tr.changed td.kind { color: #b45f06; } tr.added td.kind { color: #38761d; } tr.dropped td.kind { color: #cc0000; }
del { background: #f4cccc; text-decoration: line-through; } ins { background: #d9ead3; text-decoration: none; }
.measure { font-weight: 600; } .where { color: #888; font-size: 12px; } .aspects { color: #b45f06; font-size: 12px; }
"""


def _esc(value: Any) -> str:
    return html.escape("" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value))


def _marked(a: str, b: str) -> tuple[str, str]:
    """Both sentences, with what only the old one has in <del> and only the new one in <ins>."""
    old, new = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            old.append(_esc(a[i1:i2]))
            new.append(_esc(b[j1:j2]))
        else:
            if i2 > i1:
                old.append(f"<del>{_esc(a[i1:i2])}</del>")
            if j2 > j1:
                new.append(f"<ins>{_esc(b[j1:j2])}</ins>")
    return "".join(old), "".join(new)


def _side(row: pd.Series, side: str, sentence: str) -> str:
    if row[f"{side}_text"] is None or pd.isna(row[f"{side}_text"]):
        return ""
    where = f"{_esc(row[f'{side}_source'])} [{_esc(row[f'{side}_start'])}–{_esc(row[f'{side}_end'])}] · {_esc(row[f'{side}_stance'])}"
    actors = "、".join(row[f"{side}_actors"] or ())
    return (f'<div class="measure">{_esc(row[f"{side}_text"])}</div><div>{sentence}</div>'
            f'<div class="where">{where}{" · " + _esc(actors) if actors else ""}</div>')


def render(table: pd.DataFrame, old_name: str, new_name: str) -> str:
    """The page, as a string."""
    rows = []
    for _, row in table[table["kind"] != "kept"].iterrows():
        a, b = str(row["old_sentence"] or ""), str(row["new_sentence"] or "")
        old_sentence, new_sentence = _marked(a, b) if row["kind"] == "changed" else (_esc(a), _esc(b))
        aspects = f'<div class="aspects">{_esc(", ".join(row["changes"]))}</div>' if row["changes"] else ""
        rows.append(f'<tr class="{row["kind"]}"><td class="kind">{row["kind"]}{aspects}</td>'
                    f'<td>{_side(row, "old", old_sentence)}</td><td>{_side(row, "new", new_sentence)}</td></tr>')
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>kg diff: {_esc(old_name)} → {_esc(new_name)}</title><style>{_STYLE}</style></head>
<body><h1>{_esc(old_name)} → {_esc(new_name)}</h1>
<p class="summary">{_esc(summary(table))}</p>
<table><thead><tr><th class="kind">kind</th><th>{_esc(old_name)}</th><th>{_esc(new_name)}</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table></body></html>
"""


def write(table: pd.DataFrame, path: Path, old_name: str, new_name: str) -> Path:
    from kg.export.atomic import write_text

    write_text(Path(path), render(table, old_name, new_name))
    return Path(path)
