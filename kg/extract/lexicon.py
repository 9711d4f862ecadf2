"""Look-ups of the rule lexicons in a tagged sentence.

Matching works on characters (longest entry first) so that jieba's segmentation does not hide
a verb (``深入基层/l``), and consults jieba's word boundaries and tags where a lexicon alone
would misread (``集成电路`` is not the verb ``集成``).
"""

from __future__ import annotations

import re

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kg.rulebook import Rulebook

MAX_WORD = 7
_COUNT = re.compile(r"[一二三四五六七八九十百千两几多\d]+(?:个|家|类|大)?")
_COUNT_FIRSTS = frozenset("一二三四五六七八九十百千两几多0123456789")
# 将X列入Y, 将X明确为Y: 将 marks an object that a resultative verb then places somewhere.
_DISPOSAL = re.compile(r"将[^，；。！？]{1,25}?[\u4e00-\u9fff](?:为|成|入|到|至|给)")


@dataclass(frozen=True)
class Tagged:
    """A sentence with jieba's token boundaries and a tag per character."""

    text: str
    starts: frozenset[int]
    ends: frozenset[int]
    tags: tuple[str, ...]

    @classmethod
    def from_words(cls, words: list[str], tags: list[str]) -> Tagged:
        """From a sentence's tokens, as their texts and tags."""
        starts, ends, per_char = set(), set(), []
        i = 0
        for word, tag in zip(words, tags):
            starts.add(i)
            i += len(word)
            ends.add(i)
            per_char.extend([tag] * len(word))
        return cls("".join(words), frozenset(starts), frozenset(ends), tuple(per_char))

    def word_end(self, i: int) -> int:
        """Where the word holding character ``i`` ends (``i`` + 1 past the last word)."""
        for end in range(i + 1, len(self.text) + 1):  # a word is a few characters long
            if end in self.ends:
                return end
        return i + 1

    def tag(self, i: int) -> str:
        return self.tags[i] if 0 <= i < len(self.tags) else ""


_DERIVED: dict[tuple[int, Callable[..., Any]], tuple[object, Any]] = {}


def derived(table: object, make: Callable[[Any], Any]) -> Any:
    """``make(table)``, computed once per rule table object: the tables live as long as their
    rulebook, and a look-up by identity costs less than hashing a whole table."""
    entry = _DERIVED.get((id(table), make))
    if entry is None or entry[0] is not table:
        entry = _DERIVED[(id(table), make)] = (table, make(table))
    return entry[1]


class WordList:
    """A rule table (a set of words, or a dict keyed by them) asked where its entries stand
    in a text. The shape that makes the look-ups cheap (first characters, entry lengths) is
    computed once per table; the extractor asks a million times per megabyte of text."""

    __slots__ = ("firsts", "lasts", "lengths", "top", "words")

    def __init__(self, words: frozenset[str] | dict[str, Any]) -> None:
        self.words = words
        self.firsts = frozenset(w[0] for w in words if w)
        self.lasts = frozenset(w[-1] for w in words if w)
        self.lengths = tuple(sorted({len(w) for w in words if w}, reverse=True))
        self.top = min(MAX_WORD, self.lengths[0] if self.lengths else 0)

    def __contains__(self, word: object) -> bool:
        return word in self.words

    def __getitem__(self, word: str) -> Any:
        return self.words[word]  # type: ignore[index] - dict tables only

    def longest(self, text: str, i: int, j: int | None = None) -> str:
        """The longest entry that ``text`` has at ``i`` (ending by ``j``), of at most MAX_WORD
        characters; '' if none."""
        if i >= len(text) or text[i] not in self.firsts:  # most positions start no entry
            return ""
        words = self.words
        for size in range(min(self.top, (len(text) if j is None else j) - i), 0, -1):
            if text[i:i + size] in words:
                return text[i:i + size]
        return ""

    def ends_at(self, text: str, i: int, j: int) -> bool:
        """Whether an entry (as :meth:`longest` reads them) ends at ``j`` and starts at ``i``
        or later: a look-up per entry length, not a scan of the positions."""
        if j <= i or text[j - 1] not in self.lasts:
            return False
        words = self.words
        for size in self.lengths:
            if size <= self.top and j - size >= i and text[j - size:j] in words:
                return True
        return False

    def suffix(self, text: str) -> str:
        """The longest entry that ``text`` ends with ('' if none): a look-up per entry length."""
        if not text or text[-1] not in self.lasts:  # most names end with no entry's last character
            return ""
        words, n = self.words, len(text)
        for size in self.lengths:
            if size <= n and text[-size:] in words:
                return text[-size:]
        return ""

    def ends_before(self, text: str, k: int, min_size: int = 1) -> bool:
        """Whether an entry of at least ``min_size`` characters ends just before ``k``."""
        words = self.words
        return any(min_size <= size <= k and text[k - size:k] in words for size in self.lengths)


def word_list(table: frozenset[str] | dict[str, Any]) -> WordList:
    """The :class:`WordList` of a rule table, made once per table."""
    return derived(table, WordList)


def prefix_at(text: str, i: int, words: tuple[str, ...]) -> str:
    """The first of ``words`` that ``text`` has at ``i`` ('' if none); one C-level test
    answers the common case, where none is there."""
    if not text.startswith(words, i):
        return ""
    return next(w for w in words if text.startswith(w, i))


def _alternation(words: tuple[str, ...]) -> re.Pattern[str]:
    """One regular expression that finds any of ``words``, the longest first."""
    return re.compile("|".join(map(re.escape, words)))


class Lexicon:
    """The rulebook's word lists, asked about positions in a ``Tagged`` sentence."""

    def __init__(self, rules: Rulebook) -> None:
        self.rules = rules
        self.verbs = word_list(rules.verbs)
        self.support = word_list(rules.support_verbs)
        self.modifiers = word_list(rules.modifiers)
        self.nonmeasure = word_list(rules.nonmeasure_verbs)
        self.noun_verbs = word_list(rules.noun_verbs)
        self.reporting = word_list(rules.reporting_verbs)
        self.growth = word_list(rules.growth_verbs)
        self.frames = word_list(rules.frames)
        self.evaluative = word_list(rules.evaluative)
        self.actor_types = word_list(rules.actor_types)
        self.zones = word_list(rules.zones)
        self.markers = rules.goal_markers
        self.non_actors = rules.non_actors
        self.determiners = tuple(sorted(rules.determiners, key=len, reverse=True))
        # The closed classes of function_words.tsv as attributes: lex.require_modal,
        # lex.separator, lex.role_opener … (each a tuple, longest word first).
        for name, words in rules.function_words.items():
            setattr(self, name.replace("-", "_"), words)
        self.modal_re = derived(rules.function_words["subject-modal"], _alternation)
        self.role_firsts = frozenset(w[0] for w in rules.function_words["role-opener"])

    def verb_at(self, t: Tagged, i: int, j: int, *, strict: bool = False) -> int:
        """Length of an action verb at ``i`` (0 if none); ``strict`` asks for word boundaries.

        A negation (不得, 禁止) before the verb belongs to it: dropping it reverses the meaning.
        """
        neg = prefix_at(t.text, i, self.negation)
        k = i + len(neg)
        word = self.verbs.longest(t.text, k, j)
        blocked = self.nonmeasure.longest(t.text, k, j)
        if blocked and len(blocked) >= len(word):
            return 0
        if word:
            if strict and (k not in t.starts or k + len(word) not in t.ends or not t.tag(k).startswith("v")):
                return 0
            return len(neg) + len(word)
        if not strict and k in t.starts and t.tag(k) in ("v", "vd", "vi") and k < j:
            end = min(t.word_end(k), j)
            if t.text[k:end] in self.verb_modal or (end - k == 1 and j - k <= 2):
                return 0  # 要/能/会 are modals; a lone 答 or 问 is no measure
            return len(neg) + end - k
        if neg and neg in self.verbs:
            return len(neg)  # 禁止在保护区内新建排污口: the prohibition heads the measure
        return 0

    def skip_modifiers(self, t: Tagged, i: int, j: int) -> tuple[int, list[str]]:
        """Advance past stance words and adverbs that stand before a verb; return the cues."""
        cues: list[str] = []
        text = t.text
        while i < j:
            word = self.modifiers.longest(text, i, j) or self._adverb_token(t, i, j)
            after = i + len(word)
            if not word or after >= j or not self._verb_or_modifier_follows(t, after, j):
                break  # 深入基层, 坚持系统观念: the word is the verb here
            if word in self.co_actor_alone and not self.verb_at(t, after, j):
                break  # 联合相关企业推出X: a co-actor follows, not a verb
            if word in self.verb_modal and after not in t.ends and t.tag(i).startswith("v"):
                break  # 应对, 要求: a modal's character opening a verb of its own
            if word == "将" and (text.endswith(self.require_modal + self.permission_modal, 0, i)
                                or _DISPOSAL.match(text, i, j)):
                break  # 应当将X报Y备案, 将X明确为Y: 将 marks the object (GUIDELINE: keep 将X)
            if word in self.verbs and self._names_a_thing(t, after, j):
                break  # 坚持改革创新, 加快创新应用开发速度: the word heads; 加快建设X is 建设X
            cues.append(word)
            i = after + (1 if t.text.startswith("地", after) else 0)
        return i, cues

    def _adverb_token(self, t: Tagged, i: int, j: int) -> str:
        """An adverb by jieba's tag (适度, 统筹) that the lexicon lacks; never a negation."""
        if i not in t.starts or t.tag(i) not in ("d", "ad") or t.text[i] in "不没未非别勿莫无":
            return ""
        word = t.text[i:t.word_end(i)]
        return "" if word in self.verbs else word  # 公开采购意向: a verb of the lexicon heads

    def _names_a_thing(self, t: Tagged, i: int, j: int) -> bool:
        """A verb that is a noun here: one that often names a thing, or the first of a list."""
        text = t.text
        verb = self.verbs.longest(text, i, j)
        return bool(verb) and (verb in self.noun_verbs or text[i + len(verb):i + len(verb) + 1] in ("、", "等"))

    def _verb_or_modifier_follows(self, t: Tagged, i: int, j: int, depth: int = 0) -> bool:
        """Whether a verb phrase starts at ``i``, perhaps after more modifiers (系统掌握).

        An idiom is an object, not a verb phrase: 坚持稳中求进 keeps 坚持."""
        text = t.text
        if i in t.starts and t.tag(i) in ("i", "l") and len(self.verbs.longest(text, i, j)) < 2 \
                and not self.modifiers.longest(text, i, j) and not self.frame_at(t, i, j):
            return False  # (结合实际 opens a framing phrase, not an idiom object)
        modifier = self.modifiers.longest(text, i, j)
        return bool(
            self.verb_at(t, i, j)
            or (modifier and depth < 4 and self._verb_or_modifier_follows(t, i + len(modifier), j, depth + 1))
            or self.support.longest(text, i, j)
            or text.startswith(self.object_marker + self.phrase_opener, i)
            or self.frame_at(t, i, j)
        )

    def frame_at(self, t: Tagged, i: int, j: int) -> str:
        """The framing-phrase opener at ``i``; a one-character opener must be a word (在, not 在线)."""
        opener = self.frames.longest(t.text, i, j)
        if len(opener) == 1 and i + 1 not in t.ends:
            return ""
        return opener

    def agent_suffix(self, name: str) -> str:
        """The longest suffix of ``name`` in the actor type table ('' if none): a set look-up
        per suffix length, not a scan of the table (this runs for every candidate name)."""
        return self.actor_types.suffix(name)

    def names_an_agent(self, name: str) -> str:
        """The agent suffix ``name`` ends in, when the name is more than that suffix's bare
        word: ``重庆市``, ``两江新区``, ``政府``; not ``城镇`` or ``全市`` (a one-character suffix
        needs a name of three). '' otherwise."""
        suffix = self.agent_suffix(name)
        return suffix if suffix and len(name) >= (3 if len(suffix) == 1 else 2) else ""

    def actor_type(self, name: str) -> str:
        """The type of the longest suffix of ``name`` in the actor type table."""
        suffix = self.agent_suffix(name)
        return self.rules.actor_types[suffix] if suffix else "other"

    def determiner_end(self, text: str, k: int, j: int) -> int:
        """Where a name may start at ``k``: past the determiners and the count before it
        (各有关部门 -> 部门, 八部门 -> 部门); 本级, 本届, 本市 stay whole (本级人民政府 names
        one body, 本市 a place). Positions, not slices: this runs for every list item."""
        determiners = self.determiners
        while text.startswith(determiners, k):
            word = next(w for w in determiners if text.startswith(w, k))
            rest = k + len(word)
            if j - rest <= 1 or text.startswith(("级", "届"), rest) or word == "本" and text[rest] in "市省县区镇乡村州":
                break
            k = rest
        if k < j and text[k] in _COUNT_FIRSTS:
            m = _COUNT.match(text, k, j)
            if m and m.end() < j and len(self.actor_types.longest(text, m.end(), j)) >= 2:
                k = m.end()  # 八部门: a number before a category is a quantifier
        return k

    def strip_determiner(self, text: str) -> str:
        """``text`` without the determiners and count it opens with (see determiner_end)."""
        return text[self.determiner_end(text, 0, len(text)):]
