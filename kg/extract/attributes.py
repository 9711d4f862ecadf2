"""Attributes policy researchers code by hand: instrument type, time and quantity.

Instruments follow Rothwell & Zegveld (supply, demand, environment) from the cue table
``kg/rules/instruments.tsv``; times (``到2027年``) and quantities (``超过70%``, ``1000家``) are
parsed into fields so that targets can be compared across documents.
"""

from __future__ import annotations

import re

from kg.extract.lexicon import derived
from kg.model import Quantity
from kg.rulebook import Rulebook

_YEAR = re.compile(r"(?:到|至|在)?\s*(?P<year>(?:19|20)\d{2})\s*年(?P<when>底|末|前|以前|年底|年末)?")
_PLAN_END = re.compile(r"(?:到|至)?\s*“?(?P<plan>[一二三四五六七八九十]{2,3})五”?\s*(?:时期)?(?P<when>末|期末)")
_COMPARATORS = (
    ("不低于", ">="), ("不少于", ">="), ("不超过", "<="), ("不高于", "<="), ("超过", ">"), ("高于", ">"),
    ("突破", ">"), ("达到", "="), ("达", "="), ("提高到", "="), ("提升至", "="), ("提高至", "="),
    ("降至", "="), ("降低到", "="), ("控制在", "<="), ("以内", "<="), ("以上", ">="), ("以下", "<="),
    ("左右", "~"), ("约", "~"),
)
_UNITS = ("个百分点", "%", "‰", "万亿元", "亿元", "万元", "元", "万吨", "吨", "万人", "人", "家", "个", "项", "所",
          "座", "公里", "千米", "平方米", "亩", "万亩", "千瓦", "万千瓦", "亿千瓦", "台", "套", "倍", "次", "户", "件", "条")
_NUMBER = re.compile(
    r"(?P<pre>不低于|不少于|不超过|不高于|超过|高于|突破|提高到|提高至|提升至|降至|降低到|控制在|达到|达|约)?"
    r"(?P<num>\d+(?:\.\d+)?)\s*(?P<mult>万亿|亿|万|千|百)?\s*"
    r"(?P<unit>" + "|".join(sorted((re.escape(u) for u in _UNITS), key=len, reverse=True)) + r")"
    r"(?P<post>以上|以下|以内|左右)?"
)
_MULT = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3, "百": 1e2}


def _last_cue_pattern(cues: dict[str, str]) -> re.Pattern[str] | None:
    """The cues reversed, longest first: searched in a reversed text, the first match is the
    cue that ends last in the text, and the longest of those that end there."""
    alternatives = "|".join(re.escape(c[::-1]) for c in sorted(cues, key=len, reverse=True) if c)
    return re.compile(alternatives) if alternatives else None


def instrument(text: str, rules: Rulebook) -> tuple[str | None, str | None]:
    """(instrument type, cue) of a measure: the cue ending last, the longer one at a tie."""
    pattern = derived(rules.instruments, _last_cue_pattern)  # compiled once per rulebook
    m = pattern.search(text[::-1]) if pattern is not None else None
    if m is None:
        return None, None
    cue = m.group()[::-1]
    return rules.instruments[cue], cue


def parse_time(text: str) -> tuple[str | None, int | None]:
    """The time phrase of a sentence (``到2027年``) and its year, if it names one."""
    m = _YEAR.search(text)
    if m:
        return m.group().strip(), int(m["year"])
    m = _PLAN_END.search(text)
    if m:
        return m.group().strip(), None
    return None, None


def parse_quantities(text: str) -> tuple[Quantity, ...]:
    """Every number with a unit (``超过70%``, ``1000家``, ``1.2万亿元以上``) in the text."""
    out = []
    for m in _NUMBER.finditer(text):
        value = float(m["num"]) * _MULT.get(m["mult"] or "", 1)
        comparator = dict(_COMPARATORS).get(m["pre"] or m["post"] or "", "=")
        out.append(Quantity(text=m.group(), value=value, unit=m["unit"], comparator=comparator))
    return tuple(out)
