"""Actor lists: ``政府、企业、科研机构和高校``, ``X、Y等高校、科研院所``, ``各类主体``.

An actor list is read where a sentence names who is to act: as the subject before a modal
(``党员干部要……``) or as the agent after a support verb (``鼓励人工智能企业探索……``).
Each item must end in an actor suffix or be a named actor in the type table; anything else
(``人工智能``, ``数据``) is not an actor and the list is not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.lexicon import Lexicon, Tagged, prefix_at

MAX_NAME = 40  # no actor's name is longer; the bound keeps reading linear
# jieba's tags of place and organisation names: an actor by its tag when no list names it.
PROPER_TAGS = ("ns", "nt")
# 所 before these is the particle of 所称/所列/所需, not the 所 of 派出所.
_SUO_PARTICLE = frozenset("称述列指需得有属在说用涉")
# 各区县要……, 各成员单位应……: "each of a kind" names no actor either (GUIDELINE: 各地).
_EACH = re.compile(r"(各[\u4e00-\u9fff]{1,5}?)(?=要|应|须|必须|需要|可|积极|切实|认真|进一步|都|均|共同)")
# The word classes an actor list reads (kg/rules/function_words.tsv): separators between its
# items, role openers no name starts with (报国务院批准, 向公安机关报告, 未经海关许可), pronoun
# agents that name no one, and the words that may follow a list.


@dataclass(frozen=True)
class ActorList:
    """Items of an actor list as sentence-local spans, and where the list ends."""

    items: tuple[tuple[int, int], ...]
    end: int
    pronoun: bool = False


def read_actor_list(lex: Lexicon, t: Tagged, i: int, j: int, *, positional: bool = False) -> ActorList | None:
    """Read an actor list at ``i``; None when the words there do not name actors.

    ``positional``: the words stand before a modal (``采购人应当``), where a name that opens
    with a verb (``编制单位``, ``注册会计师``) is still a name when its head is an agent's.
    """
    text = t.text
    k = i
    while True:  # 各地区各部门: a run of agents that name no one
        pronoun = prefix_at(text, k, lex.pronoun_agent)
        if not pronoun:
            break
        k += len(pronoun)
    if k > i:
        named = read_actor_list(lex, t, k, j, positional=positional) \
            if k < j and text[k] not in "，、" and not prefix_at(text, k, lex.separator) else None
        if named is not None and not named.pronoun and named.items[0][0] == k:
            return named  # 各地工业和信息化主管部门: the pronoun only qualifies the name after it
        return ActorList((), k, pronoun=True)
    items: list[tuple[int, int]] = []
    k = i
    while k < j:
        start = k
        start = lex.determiner_end(text, k, j)
        end = _agent_end(lex, t, start, start, j)
        while end != -1 and not _boundary(lex, t, end, j, text[start:end]):
            end = _agent_end(lex, t, start, end, j)
        if end == -1:
            break
        lasts = lex.actor_types.lasts
        # 非银行|支付机构: only a verb by jieba's tag alone (not one of the lexicon's) may hide
        # the rest of a name
        longer = _agent_end(lex, t, start, end, min(j, end + 4)) \
            if t.tag(end) == "v" and end in t.starts and any(ch in lasts for ch in text[end + 1:end + 5]) else -1
        if longer != -1 and not any(ch in text[end:longer] for ch in "的等") and _boundary(lex, t, longer, j, text[start:longer]) \
                and not prefix_at(text, end, lex.separator) and not role_opener(lex, t, end, j) \
                and not prefix_at(text, end, lex.co_actor) and not lex.verbs.longest(text, end, longer):
            end = longer  # 非银行支付机构: the name runs on to the next agent's suffix
        if role_opener(lex, t, start, end):
            break  # 报国务院批准, 向公安机关报告, 未经海关许可: not the agent of what follows
        start = _after_relative(lex, text, start, end)
        name = text[start:end]
        if name in lex.non_actors or any(t.tag(x) == "p" for x in range(start + 1, end)):
            break  # 高质量数据在西部数据交易中心: a preposition inside is no name
        if start in t.starts and t.tag(start) == "v" and not (positional and _strong_head(lex, name)):
            break  # 预计全年减轻企业: a name does not start with a verb (编制单位 before 应当 does)
        if not positional and end - start > 5 and any(
                x in t.starts and t.tag(x) == "v" and lex.verbs.longest(text, x, end) for x in range(start + 1, end - 1)):
            break  # 综合考虑国内外环境和重庆: a verb phrase, not a name
        items.append((start, end))
        k = end
        if text.startswith("等", k):
            k += 1  # X、Y等高校、科研院所: the categories after 等 are actors too
            if _agent_end(lex, t, k, k, j) != -1:
                continue
            if 2 <= j - k <= 8 and not _boundary(lex, t, k, j) and t.tag(k).startswith("n") \
                    and not any(lex.verbs.longest(text, x, j) for x in range(k, j)):
                items.append((k, j))  # 两江新区、高新区等产业高地: the category closes the clause
                k = j
                break
        sep = prefix_at(text, k, lex.separator)
        if sep == "及其" and text.startswith(("他", "它"), k + 2):
            sep = "及"  # 及其他有关部门: 其他 is the determiner, not 其
        if not sep:
            break
        k += len(sep)
    if not items:
        if role_opener(lex, t, i, j):
            return None
        listed = _list_before_category(lex, t, i, j)
        if listed is not None:
            return listed
        each = _EACH.match(text, i, j)
        return ActorList((), each.end(), pronoun=True) if each else None
    end = items[-1][1]
    if text.startswith("等", end):
        end += 1
    return ActorList(tuple(items), end)


def _agent_end(lex: Lexicon, t: Tagged, start: int, after: int, j: int) -> int:
    """End of the shortest name from ``start`` that ends after ``after`` in an actor suffix,
    or that is a place or organisation by jieba's tag (美国, 欧盟, 海关: names no list holds)."""
    text = t.text
    for end in range(after + 1, min(j, start + MAX_NAME) + 1):
        if text[end - 1] in "、，；,;":
            return -1
        piece = text[start:end]
        if piece in lex.rules.actor_types and len(piece) >= 2:
            return end
        suffix = lex.names_an_agent(piece)
        if suffix and not (suffix == "所" and text[end:end + 1] in _SUO_PARTICLE):
            return end  # 重庆市, 两江新区; not 城镇, 全市, nor 前款所(称)
        if end in t.ends and end - 1 >= start and t.tags[end - 1] in PROPER_TAGS and len(piece) >= 2 \
                and _token_start(t, end) == start and piece not in lex.non_actors:
            return end
    return -1


def _token_start(t: Tagged, end: int) -> int:
    """Where the word that ends at ``end`` starts."""
    k = end - 1
    while k > 0 and k not in t.starts:
        k -= 1
    return k


def _boundary(lex: Lexicon, t: Tagged, k: int, j: int, name: str = "") -> bool:
    """Whether an actor name may end at ``k``: a list separator, 等, a verb phrase or the end.

    jieba's verb tag is trusted after an organisation's suffix (科研人员尝试), not after a
    place name, which often starts a longer name (重庆通用人工智能研究院).
    """
    text = t.text
    if k >= j or text.startswith(("等", "（", "(") + lex.separator + lex.after_name + lex.object_marker, k):
        return True  # （单位）: a gloss in brackets closes the name before it
    if text[k] in lex.role_firsts and role_opener(lex, t, k, j):
        return True  # 市建设行政主管部门报省建设行政主管部门评审: the name ends before 报
    if k not in t.starts and text[k - 1] not in "”\"'":
        return False
    if t.tag(k) == "t" and k in t.starts and lex.modifiers.longest(text, k, j):
        return True  # 工业和信息化部近日印发: a time word after a name
    if t.tag(k) in ("d", "zg") and name and t.tag(k - 1) in PROPER_TAGS and t.word_end(k) - k <= 2 \
            and not lex.verbs.longest(text, k, j):
        return True  # 美国很早就……, 法国和欧盟都宣布: an adverb after a place's name
    trusted_tag = t.tag(k) in ("v", "vd") and lex.actor_type(name) not in ("place", "other")
    return bool(
        trusted_tag
        or lex.verbs.longest(text, k, j)
        or lex.modifiers.longest(text, k, j)
        or lex.support.longest(text, k, j)
        or lex.frame_at(t, k, j)
        or lex.nonmeasure.longest(text, k, j)
    )


def role_opener(lex: Lexicon, t: Tagged, start: int, end: int) -> bool:
    """Whether the phrase opens with a preposition or verb standing as a word of its own."""
    word = prefix_at(t.text, start, lex.role_opener)
    return bool(word) and start + len(word) < end and (len(word) > 1 or start + 1 in t.ends)


def _after_relative(lex: Lexicon, text: str, start: int, end: int) -> int:
    """``具备资质的检测机构`` names ``检测机构``: the shortest span that names the actor
    leaves out a relative clause, when what follows its ``的`` is a name by itself."""
    cut = text.rfind("的", start, end)
    if cut < 0 or end - cut - 1 < 2:
        return start
    rest = lex.strip_determiner(text[cut + 1:end])
    return end - len(rest) if _strong_head(lex, rest) or rest in lex.rules.actor_types else start


def _strong_head(lex: Lexicon, name: str) -> bool:
    """A name whose head is an agent's (单位, 机构, 人, 者, 员, 师 …), not a place's."""
    suffix = lex.agent_suffix(name)
    return bool(suffix) and (len(name) > len(suffix) or name in lex.rules.actor_types) \
        and lex.actor_type(name) != "place"


_LISTED = re.compile(r"((?:[\u4e00-\u9fff]{1,8}、)+[\u4e00-\u9fff]{1,8})等")


def _list_before_category(lex: Lexicon, t: Tagged, i: int, j: int) -> ActorList | None:
    """``发展改革、财政、税务等部门``, ``中国中车、中远海运等企业``: items that name no agent by
    themselves are actors when the category after ``等`` is one (GUIDELINE: ``X等高校``)."""
    m = _LISTED.match(t.text, i, j)
    if not m:
        return None
    k = m.end()
    k = lex.determiner_end(t.text, k, j)
    end = _agent_end(lex, t, k, k, j)
    while end != -1 and not _boundary(lex, t, end, j, t.text[k:end]):
        end = _agent_end(lex, t, k, end, j)
    if end == -1:
        return None  # 加强、完善等措施: the category names no agent
    items, start = [], i
    for piece in m.group(1).split("、"):
        items.append((start, start + len(piece)))
        start += len(piece) + 1
    return ActorList((*items, (k, end)), end)
