"""Subjects by position: the noun phrase that opens a clause before its modal is its subject.

``采购人应当在……作出答复``, ``期货交易场所不得……``, ``海关可以……``: whatever the head noun,
the words before ``应当/不得/可以/必须/要`` name who is to act, and the measure starts after
the modal (or at ``不得``/``负责``, which stay in the span).  The subject is an actor when its
head is an agent's (a suffix of the actor table, or a place or organisation by jieba's tag);
a thing in subject position (``智能化系统应当……``, ``该规划应当……``) names no actor, and the
measure still starts at its verb.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.actors import ActorList, role_opener, read_actor_list
from kg.extract.lexicon import Lexicon, Tagged

MAX_SUBJECT = 80
_GLOSS = re.compile(r"^[（(][^）)]{1,12}[）)]")  # 相关部门（单位）应当: a gloss after the name
# The words read here are classes of kg/rules/function_words.tsv: subject-modal (the modals a
# subject stands before), kept-modal (不得, 负责: they stay in the span), weak-modal (words of
# their own too: a verb must follow), clausal-modal, permission-modal, subject-link (adverbs
# between subject and modal: 建设单位也应当) and subject-frame (采购人在收到质疑后应当……).


@dataclass(frozen=True)
class Subject:
    """The subject of a clause: its actors (None for a thing), and where its modal stands."""

    actors: ActorList | None
    modal_at: int
    modal: str
    thing: bool = False  # a thing, not an agent that names no one (我们, 有条件的地区)


def subject_before_modal(lex: Lexicon, t: Tagged, i: int, j: int) -> Subject | None:
    """``SUBJECT (adverbs) MODAL VP`` at ``i``; None when the clause has no such shape."""
    text = t.text
    for found in lex.modal_re.finditer(text, i + 2, min(j - 1, i + MAX_SUBJECT)):
        k, modal = found.start(), found.group()
        if k not in t.starts or k + len(modal) not in t.ends or k + len(modal) >= j:
            continue
        if modal in lex.weak_modal and not lex._verb_or_modifier_follows(t, k + len(modal), j):
            continue  # 需要的资金, 可靠: not a modal before a verb phrase
        return _subject(lex, t, i, _before_links(lex, text, i, k), k, j, modal)
    return None


def _before_links(lex: Lexicon, text: str, i: int, k: int) -> int:
    """Where the subject ends, before the adverbs that lead to the modal at ``k``."""
    moved = True
    while moved:
        moved = False
        for link in lex.subject_link:
            if k - len(link) > i and text.startswith(link, k - len(link)):
                k -= len(link)
                moved = True
                break
    return k


def _subject(lex: Lexicon, t: Tagged, i: int, end: int, k: int, j: int, modal: str) -> Subject | None:
    text = t.text
    actors = read_actor_list(lex, t, i, end, positional=True)
    if actors is not None and not actors.pronoun:
        rest = _GLOSS.sub("", text[actors.end:end])
        if not rest or rest.startswith(lex.subject_frame):
            return Subject(actors, k, modal)
        whole = _whole_name(lex, t, i, end)
        if whole is not None:
            return Subject(whole, k, modal)  # 县级以上人民政府有关部门, 非银行支付机构: one name
        # 经济区管委会辖区新建民用建筑: the name only opens a longer noun phrase
    if actors is not None and actors.pronoun and actors.end >= end:
        return Subject(None, k, modal)  # 我们要, 各地要: no actor, but the verb phrase starts here
    head = lex.strip_determiner(text[text.rfind("的", i, end) + 1:end]) if "的" in text[i:end] else ""
    if head in lex.non_actors and lex.actor_type(head) != "other":
        return Subject(None, k, modal)  # 有条件的地区可以……: agents, though they name no one
    if _names_a_thing(lex, t, i, end) and (modal not in lex.clausal_modal or not lex.verb_at(t, i, end)):
        # 确定项目拟达到……: a verb phrase before a weak modal is a clause, not a subject
        return Subject(None, k, modal, thing=True)
    return None


def _names_a_thing(lex: Lexicon, t: Tagged, i: int, end: int) -> bool:
    """A noun phrase (not a verb phrase, not a purpose or support clause) in subject position:
    ``智能化系统``, ``新建……的民用建筑``; its last word is a noun."""
    text = t.text
    if lex.support.longest(text, i, end) or text.startswith(("使", "让", "确保", "为了", "只有", "如果"), i):
        return False
    last = end - 1
    while last > i and last not in t.starts:
        last -= 1
    if text[end - 1] == "的" and end - i >= 3:
        return True  # 列入禁止使用目录的不得……: a headless relative clause names what is meant
    tag = t.tag(last)
    return (tag.startswith("n") or tag in ("l", "vn", "j")) and tag != "nr" and "，" not in text[i:end]


def _whole_name(lex: Lexicon, t: Tagged, i: int, end: int) -> ActorList | None:
    """The whole subject as one name, when it ends in an agent's suffix and holds no list,
    clause or preposition (the list reader stops at the first name inside it)."""
    text = t.text
    start = lex.determiner_end(text, i, end)
    name = text[start:end]
    if role_opener(lex, t, start, end):
        return None
    if any(ch in name for ch in "、，的和及或与") or any(t.tag(x) == "p" for x in range(start, end) if x in t.starts):
        return None
    if not lex.names_an_agent(name) or name in lex.non_actors:
        return None
    return ActorList(((start, end),), end)
