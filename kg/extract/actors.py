"""Actor lists: ``政府、企业、科研机构和高校``, ``X、Y等高校、科研院所``, ``各类主体``.

An actor list is read where a sentence names who is to act: as the subject before a modal
(``党员干部要……``) or as the agent after a support verb (``鼓励人工智能企业探索……``).
Each item must end in an actor suffix or be a named actor in the type table; anything else
(``人工智能``, ``数据``) is not an actor and the list is not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.lexicon import OBJECT_MARKERS, Lexicon, Tagged, prefix_at

MAX_NAME = 40  # no actor's name is longer; the bound keeps reading linear
SEPARATORS = ("以及", "、", "和", "及", "与", "或", "同")
PRONOUN_AGENTS = ("我们", "我国", "国家", "全党", "各地区", "各地", "各部门", "各方面", "各方", "全社会", "社会各界", "人们", "大家",
                  "有关方面", "各有关方面", "各单位")
# 各区县要……, 各成员单位应……: "each of a kind" names no actor either (GUIDELINE: 各地).
_EACH = re.compile(r"(各[\u4e00-\u9fff]{1,5}?)(?=要|应|须|必须|需要|可|积极|切实|认真|进一步|都|均|共同)")
# What may follow an actor list: the verb phrase it carries out, or the end of the clause.
_AFTER = ("作为", "在", "从", "以", "为", "对", "将", "把", "向", "与", "同", "按照", "依法", "通过", "围绕", "共同")


@dataclass(frozen=True)
class ActorList:
    """Items of an actor list as sentence-local spans, and where the list ends."""

    items: tuple[tuple[int, int], ...]
    end: int
    pronoun: bool = False


def read_actor_list(lex: Lexicon, t: Tagged, i: int, j: int) -> ActorList | None:
    """Read an actor list at ``i``; None when the words there do not name actors."""
    text = t.text
    k = i
    while True:  # 各地区各部门: a run of agents that name no one
        pronoun = prefix_at(text, k, PRONOUN_AGENTS)
        if not pronoun:
            break
        k += len(pronoun)
    if k > i:
        return ActorList((), k, pronoun=True)
    items: list[tuple[int, int]] = []
    k = i
    while k < j:
        start = k
        det = lex.strip_determiner(text[k:j])
        start = j - len(det)
        end = _agent_end(lex, text, start, start, j)
        while end != -1 and not _boundary(lex, t, end, j, text[start:end]):
            end = _agent_end(lex, text, start, end, j)
        if end == -1:
            break
        name = text[start:end]
        if name in lex.non_actors or any(t.tag(x) == "p" for x in range(start + 1, end)):
            break  # 高质量数据在西部数据交易中心: a preposition inside is no name
        if start in t.starts and t.tag(start) == "v":
            break  # 预计全年减轻企业: a name does not start with a verb
        items.append((start, end))
        k = end
        if text.startswith("等", k):
            k += 1  # X、Y等高校、科研院所: the categories after 等 are actors too
            if _agent_end(lex, text, k, k, j) != -1:
                continue
            if 2 <= j - k <= 8 and not _boundary(lex, t, k, j) and t.tag(k).startswith("n") \
                    and not any(lex.verbs.longest(text, x, j) for x in range(k, j)):
                items.append((k, j))  # 两江新区、高新区等产业高地: the category closes the clause
                k = j
                break
        sep = prefix_at(text, k, SEPARATORS)
        if not sep:
            break
        k += len(sep)
    if not items:
        each = _EACH.match(text, i, j)
        return ActorList((), each.end(), pronoun=True) if each else None
    end = items[-1][1]
    if text.startswith("等", end):
        end += 1
    return ActorList(tuple(items), end)


def _agent_end(lex: Lexicon, text: str, start: int, after: int, j: int) -> int:
    """End of the shortest name from ``start`` that ends after ``after`` in an actor suffix."""
    for end in range(after + 1, min(j, start + MAX_NAME) + 1):
        if text[end - 1] in "、，；,;":
            return -1
        piece = text[start:end]
        if piece in lex.rules.actor_types and len(piece) >= 2:
            return end
        suffix = lex.agent_suffix(piece)
        if suffix and len(piece) >= (3 if len(suffix) == 1 else 2):
            return end  # 重庆市, 两江新区; not 城镇, 全市
    return -1


def _boundary(lex: Lexicon, t: Tagged, k: int, j: int, name: str = "") -> bool:
    """Whether an actor name may end at ``k``: a list separator, 等, a verb phrase or the end.

    jieba's verb tag is trusted after an organisation's suffix (科研人员尝试), not after a
    place name, which often starts a longer name (重庆通用人工智能研究院).
    """
    text = t.text
    if k >= j or text.startswith(("等",) + SEPARATORS + _AFTER + OBJECT_MARKERS, k):
        return True
    if k not in t.starts and text[k - 1] not in "”\"'":
        return False
    trusted_tag = t.tag(k) in ("v", "vd") and lex.actor_type(name) not in ("place", "other")
    return bool(
        trusted_tag
        or lex.verbs.longest(text, k, j)
        or lex.modifiers.longest(text, k, j)
        or lex.support.longest(text, k, j)
        or lex.frame_at(t, k, j)
        or lex.nonmeasure.longest(text, k, j)
    )
