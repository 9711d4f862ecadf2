"""Read one sentence clause by clause into measures, actors and goals (GUIDELINE.md).

Each clause is peeled from the left: item markers, stance words and adverbs, reporting frames
(``X指出，``), subjects (``党员干部要``), framing phrases (``依托……``, ``在……中``), purpose
markers (``确保``, ``让``) and support verbs with their agents (``鼓励企业``), until what is
left either starts with an action verb (a measure), or does not (no measure).  A last pass
turns result clauses after the measures (``……，降低成本。``) into goals.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from kg.extract.actors import ActorList, read_actor_list
from kg.extract.clauses import Clause, split_clauses, strip_enumeration, trim
from kg.extract.lexicon import Lexicon, Tagged, prefix_at
from kg.extract import rule_ids as R
from kg.extract.subjects import subject_before_modal

Span = tuple[int, int]
# The word lists a clause's reading consults are classes of kg/rules/function_words.tsv
# (lex.require_modal, lex.condition_end, …); what stays here are shapes, not words.
# 通过X、Y等方式: the listed verb phrases are measures (at the clause's end, or before its verb).
MEANS_THEN = re.compile(r"等(?:方式|途径|手段|形式|渠道|办法|措施|举措)")
MEANS = re.compile(MEANS_THEN.pattern + "$")
# 独立、客观、公正地执行: manner adverbs joined by 地 before the verb.
MANNER = re.compile(r"(?:[\u4e00-\u9fff]{1,4}、)*[\u4e00-\u9fff]{1,4}地")
# 第二章　设计, 第一节　一般规定: a chapter's title names a topic, it asks for nothing.
CHAPTER_TITLE = re.compile(r"^\s*第[一二三四五六七八九十百零〇\d]+[章节编]\s*[^，。；：,;:]{0,12}$")
_TITLE = re.compile(r"《[^》]{1,40}》")
# 融通发展, 集约发展: a verb of growth made of a manner and 发展 (GUIDELINE: 支持X发展).
GROWTH = re.compile(r"[\u4e00-\u9fff]{0,3}发展$")
# ……的项目, ……的设计方案文本: a noun phrase that a rule is about, before 由X or a modal.
TOPIC_NP = re.compile(r"的[\u4e00-\u9fff]{1,6}$")
# A run-in item (二是打造数字适配场景，以实际需求牵引技术赋能): its halves are both measures.
ENUMERATED_ITEM = re.compile(r"^[一二三四五六七八九十]+[是要]")




@dataclass
class Found:
    """A measure (or goal) span found in a clause, before offsets are mapped to the file."""

    span: Span
    rule: str
    kind: str = "measure"  # or "goal"
    actors: list[tuple[Span, str]] = field(default_factory=list)
    targets: list[Span] = field(default_factory=list)
    cues: list[str] = field(default_factory=list)
    segment: int = 0
    head: str = ""
    clause: int = 0
    # Set once the sentence is read (kg.extract.component): how strongly it is asked for, and
    # the kind of policy instrument, each with the word that says so.
    stance: str = ""
    stance_cue: str | None = None
    instrument: str | None = None
    instrument_cue: str | None = None


@dataclass
class _State:
    chain: list[Span] = field(default_factory=list)
    chain_rule: str = R.ACTOR_SUBJECT
    fact: str = ""  # "weak" after a statement's subject, "strong" once it says can/is doing
    carry_goal: bool = False
    segment: int = 0
    targets: list[Span] = field(default_factory=list)
    first_content: int | None = None  # index of the segment's first clause with content
    modal: str = ""  # the stance word that governs the segment's clauses (要, 应当, 鼓励)


@dataclass(frozen=True)
class Step:
    """One construction of the registry: the reader's method for it and the rule ids it emits."""

    method: str
    emits: tuple[str, ...]


# The construction registry, in the order a clause is read; each step's docstring says what it
# reads.  Goals come first (a purpose clause holds no measure), then frames that name no actor,
# subjects, framing phrases, support verbs, and last the verb phrase itself.
CLAUSE_STEPS = (
    Step("_carried_goal", (R.GOAL_CARRY,)),
    Step("_purpose_goal", (R.GOAL_PURPOSE,)),
    Step("_supported_goal", (R.GOAL_SUPPORT,)),
    Step("_reporting_frame", ()),
    Step("_statement", ()),
    Step("_condition", (R.ACTOR_SUBJECT,)),
    Step("_named_agent", (R.ACTOR_SUBJECT,)),
    Step("_subject", (R.ACTOR_SUBJECT_MODAL, R.ACTOR_SUBJECT)),
    Step("_co_actor", (R.ACTOR_CO_ACTOR, R.ACTOR_CHAIN)),
    Step("_framing", (R.MEASURE_FRAME_ALONE, R.MEASURE_MEANS, R.ACTOR_FRAME, R.TARGET_FOR)),
    Step("_supported", (R.MEASURE_SUPPORT_INNER, R.MEASURE_SUPPORT_WHOLE, R.MEASURE_SUPPORT_GROWTH,
                        R.ACTOR_SUPPORT_AGENT)),
    Step("_verb_phrase", (R.MEASURE_VERB, R.MEASURE_POS_VERB, R.MEASURE_OBJECT_MARKER, R.MEASURE_MEANS_FIRST,
                          R.MEASURE_PLACE_FIRST)),
)
# Passes over the whole sentence, after its clauses: the subject carried across ；and the
# result clauses that close a sentence.
SENTENCE_STEPS = (
    Step("read", (R.ACTOR_CARRY,)),
    Step("_closing_goals", (R.GOAL_RESULT,)),
)


@dataclass
class _At:
    """Where the reading of one clause stands: the sentence, the clause, what is left of it
    (``i`` to ``j``) and the stance words peeled so far."""

    t: Tagged
    c: Clause
    n: int
    i: int
    j: int
    cues: list[str]
    had_connective: bool = False
    by_agent: bool = False
    co_actors: ActorList | None = None


class SentenceReader:
    """Reads measures, actors and goals out of one tagged sentence."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.markers = {k: v for k, v in lex.markers.items()}
        self.result_verbs = frozenset(k for k, v in lex.markers.items() if v == "result")
        self.purpose = tuple(sorted((k for k, v in lex.markers.items() if v.startswith("purpose")),
                                    key=len, reverse=True))
        self.purpose_heads = frozenset(m[0] for m in self.purpose if m) | {"以"}
        self.support_objects = tuple(sorted((k for k, v in lex.markers.items() if v == "support"),
                                            key=len, reverse=True))
        self._content_end, self._enumerated = 0, False  # of the sentence being read
        self.steps: tuple[Callable[[_At, _State, list[Found]], bool], ...] = tuple(
            getattr(self, step.method) for step in CLAUSE_STEPS)

    # ---------------------------------------------------------------- sentence
    def read(self, t: Tagged, *, heading: bool = False) -> list[Found]:
        found: list[Found] = []
        if t.text.rstrip("”’」』）)").endswith(("？", "?")):
            return found  # a question asks; it does not propose
        if CHAPTER_TITLE.match(t.text):
            return found  # 第二章　设计, 第五章　附则: a chapter's title names a topic
        # Where the sentence's words end (before its final marks), and whether it is a run-in
        # item: asked of every clause, so read once per sentence.
        self._content_end = len(t.text.rstrip("。！？!?”’）)"))
        self._enumerated = bool(ENUMERATED_ITEM.match(t.text))
        state = _State()
        clauses = split_clauses(t.text)
        for n, clause in enumerate(clauses):
            if n and clauses[n - 1].mark in "：:" and state.chain_rule != R.ACTOR_SUPPORT_AGENT:
                state.chain = []  # 各县（区）人民政府，市直各单位：…… names addressees, not actors
            if clause.segment != state.segment:
                # The subject of a chain carries across ；until another is named (GUIDELINE:
                # actor); an agent after a support verb acts in its own segment only.
                carried = state.chain if state.chain_rule.startswith(R.ACTOR_SUBJECT) else []
                state = _State(segment=clause.segment, chain=carried,
                               chain_rule=R.ACTOR_CARRY if carried else R.ACTOR_SUBJECT)
            before = len(found)
            self._clause(t, clause, n, state, found)
            for f in found[before:]:  # 各级政府要坚持过紧日子，严格控制……: the modal governs the chain
                own = [cue for cue in f.cues if cue in self.lex.rules.stance]
                if own:
                    state.modal = own[-1]
                elif state.modal:
                    f.cues = [state.modal, *f.cues]
        self._evaluative(t, clauses, found)
        self._closing_goals(t.text, found)
        return _dedupe(t.text, [piece for f in found for piece in self._split_coordination(t, f)])

    # ---------------------------------------------------------------- clause
    def _clause(self, t: Tagged, c: Clause, n: int, st: _State, found: list[Found]) -> None:
        """Run the clause through the construction steps in order until one finishes it."""
        text = t.text
        i = strip_enumeration(text, c.i, c.j)
        at = _At(t, c, n, i, c.j, [], had_connective=text.startswith(("及", "以及", "和", "并"), i))
        at.i = self._peel(t, at.i, at.j, at.cues)
        for step in self.steps:
            if step(at, st, found):
                return

    # Each step (CLAUSE_STEPS) reads one construction of policy language at the clause's
    # current position. It returns True when the clause is finished, or moves ``at.i`` past
    # what it read and lets the next step go on.

    def _carried_goal(self, at: _At, st: _State, found: list[Found]) -> bool:
        """goal.carry: clauses after 使/让 continue its goal (让人才引得进，留得住)."""
        if not st.carry_goal:
            return False
        joins = at.had_connective or (at.cues and at.cues[0] in self.lex.connective) \
            or not self._verb_start(at.t, at.i, at.j)
        if found and found[-1].kind == "goal" and joins:
            found[-1].span = (found[-1].span[0], at.j)  # 让人才不仅能引进来，还能留得住
        else:
            found.append(Found((at.i, at.j), R.GOAL_CARRY, kind="goal", segment=at.c.segment))
        return True

    def _purpose_goal(self, at: _At, st: _State, found: list[Found]) -> bool:
        """goal.purpose: 为了/确保/以便…… and 以 after the measures open a goal clause."""
        text = at.t.text
        last = at.j >= self._content_end and not self._enumerated
        marker = self._purpose_marker(at.t, at.i, at.j, found, last)
        if not marker:
            return False
        k = at.i + len(marker)
        if k < at.j:
            found.append(Found(trim(text, k, at.j), f"{R.GOAL_PURPOSE}:{marker}", kind="goal",
                               segment=at.c.segment))
        st.carry_goal = self.markers.get(marker) == "purpose-carry"
        return True

    def _supported_goal(self, at: _At, st: _State, found: list[Found]) -> bool:
        """goal.support: 为X提供支撑/保障 names X as the goal."""
        span = self._support_goal(at.t.text, at.i, at.j)
        if span:
            found.append(Found(span, R.GOAL_SUPPORT, kind="goal", segment=at.c.segment))
        return bool(span)

    def _reporting_frame(self, at: _At, st: _State, found: list[Found]) -> bool:
        """党的二十届四中全会提出，…… / 习近平总书记强调：the frame gives nothing."""
        if self._reporting(at.t, at.i, at.j):
            return True
        if st.first_content is None:
            st.first_content = at.n
        return False

    def _statement(self, at: _At, st: _State, found: list[Found]) -> bool:
        """只有X，才能Y / X是Y: what follows states, it does not ask; 开展X行动，要……: the clause
        before the modal is its topic."""
        if "才" in at.cues or self._copula(at.t, at.i, at.j, st, at.c, found):
            st.fact = "strong"
            return True
        if at.cues and at.cues[0] in self.lex.require_modal and not st.chain and found \
                and found[-1].kind == "measure" and found[-1].clause == st.first_content \
                and found[-1].segment == at.c.segment:
            found.pop()
        return False

    def _condition(self, at: _At, st: _State, found: list[Found]) -> bool:
        """违反本条例规定的，…… / 建设单位在审查通过后，……: a condition, not a measure; a
        subject named before it still carries what follows (actor.subject)."""
        lex, text, i, j = self.lex, at.t.text, at.i, at.j
        if not text[i:j].endswith(self.lex.condition_end) or at.c.mark in ("", "。") or lex.support.longest(text, i, j):
            return False
        actors = read_actor_list(lex, at.t, i, j, positional=True)
        if actors and not actors.pronoun and actors.end < j:
            self._set_chain(st, actors, R.ACTOR_SUBJECT)
        return True

    def _named_agent(self, at: _At, st: _State, found: list[Found]) -> bool:
        """由X（负责）……: X is the agent (actor.subject); 作为X，: X acts in what follows."""
        lex, text = self.lex, at.t.text
        at.by_agent = text.startswith("由", at.i)
        if at.by_agent and at.i + 1 in at.t.ends:
            agents = read_actor_list(lex, at.t, at.i + 1, at.j)
            if agents and agents.end < at.j:
                self._set_chain(st, agents, R.ACTOR_SUBJECT)
                at.i = self._peel(at.t, agents.end, at.j, at.cues)
        if text.startswith("作为", at.i):
            actors = read_actor_list(lex, at.t, at.i + 2, at.j)
            if actors and actors.end == at.j:
                self._set_chain(st, actors, R.ACTOR_SUBJECT)
            return True
        at.i = _skip_core_prefix(text, at.i, at.j)
        return False

    def _subject(self, at: _At, st: _State, found: list[Found]) -> bool:
        """The subject of the clause: by position before a modal (actor.subject-modal), or a
        name before the verb phrase (actor.subject); a statement's subject ends the clause."""
        lex, t, text, j, cues = self.lex, at.t, at.t.text, at.j, at.cues
        at.i = self._document_subject(t, at.i, j)
        subject = subject_before_modal(lex, t, at.i, j)
        if (subject is not None or cues and cues[0] in self.lex.require_modal + self.lex.ability_modal or at.by_agent) \
                and found and found[-1].kind == "measure" and found[-1].clause == at.n - 1 \
                and found[-1].segment == at.c.segment and TOPIC_NP.search(text, *found[-1].span):
            # 申报三星级证书的项目，由X报Y评审 / 取得证书的建设项目，建设单位可以……: the clause
            # before names what the rule is about (a noun phrase), not a measure
            found.pop()
        if subject is not None:
            if subject.actors is not None:
                self._set_chain(st, subject.actors, R.ACTOR_SUBJECT_MODAL)
                st.fact = ""
            else:
                st.chain = []  # a thing in subject position: the named actor stops here
                if subject.thing and subject.modal in self.lex.permission_modal:
                    st.fact = "strong"  # 该系统可以自动识别: what a thing can do is no measure
                    return True
            at.i = subject.modal_at
            if subject.modal not in self.lex.kept_modal:
                cues.append(subject.modal)
                at.i += len(subject.modal)
            at.i = self._peel(t, at.i, j, cues)
        elif not self._verb_start(t, at.i, j) or self._noun_token(t, at.i, j):
            actors = read_actor_list(lex, t, at.i, j)
            supported = bool(actors) and self._support_reads(t, at.i, j, actors.end)
            if actors and (actors.pronoun or actors.end < j) and not supported:
                self._set_chain(st, actors, R.ACTOR_SUBJECT)
                st.fact = ""
                at.i = actors.end
                if text.startswith("作为", at.i):
                    return True
                at.i = self._peel(t, at.i, j, cues)
            elif self._noun_start(t, at.i, j) and not at.had_connective and not supported:
                st.fact = "weak"
        elif st.fact == "weak" and not cues:
            st.fact = ""  # a new verb phrase after a statement: 到2027年……超过70%，培育……
        return self._states(at, st, found)

    def _document_subject(self, t: Tagged, i: int, j: int) -> int:
        """``实施意见还鼓励X……``, ``《方案》明确……``: a document before a support or reporting
        verb names no actor; reading goes on at the verb."""
        text, lex = t.text, self.lex
        m = _TITLE.match(text, i, j)
        k = m.end() if m else i + len(prefix_at(text, i, lex.document))
        if k == i:
            return i
        while k < j and prefix_at(text, k, lex.subject_link):
            k += len(prefix_at(text, k, lex.subject_link))
        said = lex.reporting.longest(text, k, j)
        if said and k + len(said) >= j:
            return j  # 规划提出，……: the frame says who speaks, the content follows
        if lex.support.longest(text, k, j) or said:
            return k
        return i

    def _states(self, at: _At, st: _State, found: list[Found]) -> bool:
        """Whether the clause states a fact or an ability rather than asking for a measure."""
        cues = at.cues
        if any(cue in self.lex.require_modal for cue in cues):
            st.fact = ""
        elif st.fact and any(cue in self.lex.ability_modal + ("正在", "正", "已", "已经") for cue in cues):
            st.fact = "strong"
        if any(cue in self.lex.ability_modal for cue in cues) and not any(cue in self.lex.require_modal for cue in cues) \
                and found and found[-1].segment == at.c.segment and found[-1].kind == "measure" \
                and at.c.i > 0 and not st.chain:
            # "VP，可以……": the clause before is a topic and this one states an ability.
            found.pop()
            st.fact = "strong"
        return bool(st.fact)

    def _co_actor(self, at: _At, st: _State, found: list[Found]) -> bool:
        """与X共同 / 联合X / 会同X: co-actors of the clause (actor.co-actor), or partners that
        join the chain (actor.chain); a topic before a modal inside the clause is dropped first
        (加强党性修养必须强化理论武装)."""
        text = at.t.text
        at.i = self._drop_topic(at.t, at.i, at.j)
        co_actors = self._co_actors(at.t, at.i, at.j)
        if co_actors:
            at.i = co_actors.end
            while text.startswith(self.lex.together, at.i):
                at.i += 2
            at.i = self._peel(at.t, at.i, at.j, at.cues)
            if st.chain:
                # 推动国有企业……，与上下游企业共同推动X，共享Y: the partners join the chain, and
                # the support verb that follows is their own action, not the issuer's
                st.chain = st.chain + [s for s in co_actors.items if s not in st.chain]
                st.chain_rule = R.ACTOR_CHAIN
            else:
                at.co_actors = co_actors
        return False

    def _framing(self, at: _At, st: _State, found: list[Found]) -> bool:
        """依托/围绕/在……中/通过……: framing phrases are left out (GUIDELINE); a purpose marker
        after them opens a goal clause of its own."""
        at.i, _ = self._frames(at.t, at.i, at.j, st, at.c, at.cues, found)
        if at.i >= at.j:
            return True
        if self._purpose_marker(at.t, at.i, at.j, found):
            self._clause(at.t, Clause(at.i, at.j, at.c.segment, at.c.mark), at.n, st, found)
            return True
        return False

    def _supported(self, at: _At, st: _State, found: list[Found]) -> bool:
        """SUPPORT-VERB + AGENT + VP (measure.support-inner, -whole, -growth)."""
        support = self.lex.support.longest(at.t.text, at.i, at.j)
        if support:
            self._support(at.t, at.i, at.j, support, st, at.c, at.n, at.cues, found)
        return bool(support)

    def _verb_phrase(self, at: _At, st: _State, found: list[Found]) -> bool:
        """What is left starts with a verb: a measure (measure.verb, measure.pos-verb,
        measure.object-marker, measure.means-first, measure.place-first); an object list cut
        by a comma continues the measure before it."""
        t, i, j = at.t, at.i, at.j
        actors = [(s, st.chain_rule) for s in st.chain]
        if at.co_actors:
            actors += [(s, R.ACTOR_CO_ACTOR) for s in at.co_actors.items]
        rule = self._measure_rule(t, i, j)
        if rule:
            found.append(self._measure(t, i, j, rule, actors, at.cues, at.c.segment))
            found[-1].targets, st.targets = st.targets, []
            found[-1].clause = at.n
        elif found and found[-1].kind == "measure" and found[-1].segment == at.c.segment \
                and self._continues(t, i, j, at.had_connective):
            found[-1].span = (found[-1].span[0], j)
        return True

    # ---------------------------------------------------------------- pieces
    def _peel(self, t: Tagged, i: int, j: int, cues: list[str]) -> int:
        """Skip connectives, item markers, stance words and adverbs before the verb."""
        while True:
            k = strip_enumeration(t.text, i, j)
            manner = MANNER.match(t.text, k, j)  # 独立、客观、公正地执行: adverbs joined by 地
            if manner and t.tag(manner.end() - 1) == "uv" and self.lex.verb_at(t, manner.end(), j):
                k = manner.end()
            k, more = self.lex.skip_modifiers(t, k, j)
            cues.extend(more)
            if k == i:
                return i
            i = k

    def _purpose_marker(self, t: Tagged, i: int, j: int, found: list[Found], last: bool = False) -> str:
        text = t.text
        if text[i:i + 1] not in self.purpose_heads:
            return ""
        for marker in self.purpose:
            if text.startswith(marker, i) and i + len(marker) < j:
                if marker in ("使", "让") and not (i + 1 in t.ends or text.startswith("使得", i)):
                    return ""  # 使用, 让渡: a word of its own
                return marker
        if text.startswith("以", i) and i + 1 in t.ends and any(f.kind == "measure" for f in found) \
                and not text.startswith("以为", i) and (self._plain_verb(t, i + 1, j) or last):
            return "以"  # ……，以新需求引领新供给: 以 after the measures marks a goal
        return ""

    def _verb_word(self, t: Tagged, i: int, j: int) -> int:
        """Length of a verb at ``i`` from the lexicon, or a jieba verb of two characters or more
        (知信行统一 does not start with a verb: 知 alone is too weak a sign)."""
        n = len(self.lex.verbs.longest(t.text, i, j))
        if n:
            return n
        n = self.lex.verb_at(t, i, j)
        return n if n >= 2 else 0

    def _plain_verb(self, t: Tagged, i: int, j: int) -> bool:
        """A verb by jieba's tag and our lexicon both, and not one that often names a thing."""
        n = self.lex.verb_at(t, i, j, strict=True)
        return bool(n) and t.text[i:i + n] not in self.lex.noun_verbs

    def _support_reads(self, t: Tagged, i: int, j: int, end: int) -> bool:
        """Whether a "subject" from ``i`` to ``end`` is a support verb and its agent followed
        directly by the agent's verb (教育引导干部学纪知纪) rather than a name before a modal
        (组织部门要加强……), which stays a subject."""
        support = self.lex.support.longest(t.text, i, j)
        return len(support) >= 2 and i + len(support) < end and self.lex.verb_at(t, end, j) > 0

    def _support_goal(self, text: str, i: int, j: int) -> Span | None:
        """为X提供支撑/保障, 为X保驾护航: X is the goal."""
        if not text.startswith("为", i) or text.startswith(("为此", "为了"), i):
            return None
        piece = text[i:j]
        for obj in self.support_objects:
            if piece.endswith(obj):
                m = re.match(r"为(.+?)(?:提供|筑牢|夯实|奠定|创造|注入|增添|保驾护航|护航|作出|做出|贡献)", piece)
                if m:
                    return trim(text, i + 1, i + m.end(1))
        return None

    def _reporting(self, t: Tagged, i: int, j: int) -> bool:
        """``党的二十届四中全会提出`` / ``习近平总书记强调``: a frame that names no actor."""
        return self.lex.reporting.ends_at(t.text, i + 1, j) and not self._verb_start(t, i, j)

    def _verb_start(self, t: Tagged, i: int, j: int) -> bool:
        text = t.text
        return bool(
            self.lex.verb_at(t, i, j)
            or self.lex.support.longest(text, i, j)
            or self.lex.frame_at(t, i, j)
            or text.startswith(self.lex.object_marker, i)
            or text.startswith(("以", "为", "与", "同", "联合"), i)
        )

    def _copula(self, t: Tagged, i: int, j: int, st: _State, c: Clause, found: list[Found]) -> bool:
        """``坚定理想信念是党性修养之“根”``, ``VP，是……的关键抓手``: a statement, not a measure."""
        text = t.text
        if "是" not in text[i:j + 1]:  # most clauses: no scan of their positions at all
            return False
        for k in range(i, j):
            if k in t.starts and text.startswith(("是", "就是"), k) and t.tag(k) in ("v", "d"):
                word = "就是" if text.startswith("就是", k) else "是"
                if k + len(word) not in t.ends:
                    continue
                if k == i:
                    found[:] = [f for f in found if f.segment != c.segment]
                subject = read_actor_list(self.lex, t, i, k, positional=True) if k > i else None
                if subject and not subject.pronoun and subject.end == k:
                    self._set_chain(st, subject, R.ACTOR_SUBJECT)  # 企业是……的主体，要加大投入
                return True
        return False

    def _noun_token(self, t: Tagged, i: int, j: int) -> bool:
        """A noun token that merely begins with a verb (``建设单位``): read it as a name."""
        if i not in t.starts or not t.tag(i).startswith("n") or t.tag(i) == "vn":
            return False
        return t.word_end(i) - i > self.lex.verb_at(t, i, j) > 0

    def _noun_start(self, t: Tagged, i: int, j: int) -> bool:
        tag = t.tag(i)
        return i < j and (tag.startswith(("n", "r", "t", "s", "a", "b", "m", "j", "l")) or tag == "eng")

    def _set_chain(self, st: _State, actors: ActorList, rule: str) -> None:
        st.chain = list(actors.items)
        st.chain_rule = rule

    def _drop_topic(self, t: Tagged, i: int, j: int) -> int:
        if not self.lex.verb_at(t, i, j):
            return i
        text = t.text
        if not any(m in text[i + 2:j + 1] for m in self.lex.topic_modal):
            return i
        for k in range(i + 2, j - 1):
            if k not in t.starts:
                continue
            modal = prefix_at(text, k, self.lex.topic_modal)
            if modal and self.lex.verb_at(t, k + len(modal), j):
                return k + len(modal)
        return i

    def _co_actors(self, t: Tagged, i: int, j: int) -> ActorList | None:
        text = t.text
        word = prefix_at(text, i, self.lex.co_actor)
        if not word:
            return None
        actors = read_actor_list(self.lex, t, i + len(word), j)
        if actors and not actors.pronoun and (text.startswith(self.lex.together, actors.end) or word in self.lex.co_actor_alone):
            return actors
        return None

    def _frames(self, t: Tagged, i: int, j: int, st: _State, c: Clause, cues: list[str],
                found: list[Found]) -> tuple[int, str]:
        """Skip framing phrases; ``通过X、Y等方式`` and a lone ``聚焦X`` still give measures."""
        text, lex = t.text, self.lex
        rule = ""
        for _ in range(3):
            opener = lex.frame_at(t, i, j)
            if not opener:
                break
            frame = lex.frames[opener]
            body = i + len(opener)
            if opener == "为":
                targets = read_actor_list(lex, t, body, j)
                if targets and not targets.pronoun and targets.end < j and self._verb_start(t, targets.end, j):
                    st.targets = list(targets.items)
                    i = self._peel(t, targets.end, j, cues)
                    rule = "frame:为"
                    continue
            if opener in self.lex.host_frame:
                hosts = read_actor_list(lex, t, body, j)
                if hosts and not hosts.pronoun and (hosts.end == j or self._verb_start(t, hosts.end, j)):
                    # 依托两江新区、高新区等产业高地，……: the places named carry what follows
                    self._set_chain(st, hosts, f"{R.ACTOR_FRAME}:{opener}")
            if opener == "通过" and MEANS.search(text[body:j]):
                self._means(t, body, j, st, c, cues, found)
                return j, rule
            means = MEANS_THEN.search(text, body, j) if opener == "通过" else None
            if means and self._verb_start(t, means.end(), j):
                # 通过加大投资、成立工作组等方式推动X: the listed phrases, then the verb phrase
                self._means(t, body, means.end(), st, c, cues, found)
                i = self._peel(t, means.end(), j, cues)
                rule = f"frame:{opener}"
                continue
            end = self._frame_end(t, body, j, frame.closers, opener in self.lex.name_frame)
            if end < 0:
                break  # 以新需求引领新供给: an opener without its closer frames nothing
            if end >= j:
                if frame.kind == "measure-alone":
                    found.append(self._measure(t, i, j, f"{R.MEASURE_FRAME_ALONE}:{opener}",
                                               [(s, st.chain_rule) for s in st.chain], cues, c.segment))
                return j, rule
            rule = f"frame:{opener}"
            i = self._peel(t, end, j, cues)
        return i, rule

    def _frame_end(self, t: Tagged, body: int, j: int, closers: tuple[str, ...],
                   opener_of_name: bool = False) -> int:
        """Where a framing phrase ends: after its closer, or before the first verb that can
        head a measure (not one inside the phrase's noun phrase: 面向集成电路、汽车制造等行业)."""
        text, lex = t.text, self.lex
        if closers:
            if any(text[body:j].endswith(closer) for closer in closers):
                return j
            longest_first = sorted(closers, key=len, reverse=True)
            for k in range(body, j):
                if not text.startswith(closers, k):
                    continue
                for closer in longest_first:
                    if text.startswith(closer, k):
                        after = k + len(closer)
                        if self._verb_start(t, after, j) or lex.modifiers.longest(text, after, j):
                            return after
                        break
            return -1
        verb_first = lex.verb_at(t, body, j, strict=True)
        names = read_actor_list(lex, t, body, j) if opener_of_name or verb_first else None
        if not names and verb_first:
            return body  # 通过开展……: the verb phrase is the measure (向建设单位……: a name)
        if opener_of_name and names and not names.pronoun and names.end < j and "《" not in text[body:names.end] \
                and (lex.verb_at(t, names.end, j) or lex.verbs.longest(text, names.end, j)):
            return names.end  # 向建设行政主管部门申报X: the phrase is the name
        titles = _inside_titles(text, body, j)
        for k in range(body + 1, j):
            if k in titles:
                continue  # 根据《政府采购法》: words of a title frame nothing
            if text[k] in "对将把" and k in t.starts and k + 1 in t.ends and self._measure_rule(t, k, j):
                return k  # 按照X对Y实施监督管理: 对Y stays with its verb (GUIDELINE)
            n = lex.verb_at(t, k, j, strict=True)
            if not n or k + n >= j or text[k + n] in "等的、" or text[k - 1] in "的" \
                    or text.endswith(("有关", "相关", "各项"), body, k):
                continue  # 根据有关要求制订X: 要求 is a noun after a determiner
            verb = lex.verbs.longest(text, k, j)
            if verb in lex.noun_verbs and not lex.modifiers.ends_before(text, k, min_size=2):
                continue  # 城市治理, 场景创新: a noun here, unless an adverb stands before it
            return k
        for k in range(body + 1, j - 1) if opener_of_name else ():
            # 按照约定交付租赁物: a verb the lexicon lacks, by its tag
            if k not in t.starts or k in titles or t.word_end(k) - k < 2 or t.word_end(k) >= j:
                continue
            word = text[k:t.word_end(k)]
            if (t.tag(k) == "v" or word in lex.verbs) and word not in lex.noun_verbs \
                    and text[k - 1] not in "的《“" and text[t.word_end(k)] not in "等的、》”" \
                    and not text.endswith(("有关", "相关", "各项"), body, k):
                return k
        return j

    def _means(self, t: Tagged, body: int, j: int, st: _State, c: Clause, cues: list[str],
               found: list[Found]) -> None:
        """通过制定政策、提供资金支持等方式: each listed verb phrase is a measure."""
        text = t.text
        stop = body + MEANS.search(text[body:j]).start()
        for piece in re.finditer(r"[^、]+", text[body:stop]):
            a, b = body + piece.start(), body + piece.end()
            if self.lex.verb_at(t, a, b):
                found.append(self._measure(t, a, b, R.MEASURE_MEANS, [(s, st.chain_rule) for s in st.chain],
                                           cues, c.segment))

    def _support(self, t: Tagged, i: int, j: int, support: str, st: _State, c: Clause, n: int,
                 cues: list[str], found: list[Found]) -> None:
        """SUPPORT-VERB + ACTOR + VP: the inner VP is the measure and ACTOR its actor."""
        text, lex = t.text, self.lex
        k = i + len(support)
        while True:  # 支持督促指导, 鼓励和引导
            k2 = k + (1 if text.startswith(("和", "、", "并"), k) else 0)
            more = lex.support.longest(text, k2, j)
            if not more or lex.verb_at(t, k2, j) and not read_actor_list(lex, t, k2 + len(more), j):
                break
            k = k2 + len(more)
        head = text[i:k]
        cues = cues + [support]
        actors = read_actor_list(lex, t, k, j, positional=True)  # 鼓励开发建设单位……: a name
        if actors is not None and actors.pronoun and not self._inner_start(t, self._peel(t, actors.end, j, []), j):
            actors = None  # 推动我国人工智能……发展: no agent after all
        if actors is not None and actors.items and all(lex.zones.suffix(text[a:b]) for a, b in actors.items):
            actors = None  # 支持两江新区建设X: a zone is acted on, it is no agent (GUIDELINE)
        if actors is None or (not actors.pronoun and actors.end < j and not self._inner_start(t, actors.end, j)):
            # 推动产业升级: no agent, so the support verb heads the measure.  The subject of the
            # sentence still carries it (重庆……，推动X); an agent of an earlier support verb
            # does not (推动企业开展X，支持Y: 支持Y is the issuer's again).
            if st.chain_rule == R.ACTOR_SUPPORT_AGENT:
                st.chain = []
            if k < j:
                found.append(self._measure(t, i, j, f"{R.MEASURE_SUPPORT_WHOLE}:{support}",
                                           [(s, st.chain_rule) for s in st.chain], cues, c.segment))
                found[-1].clause = n
            return
        rule = R.ACTOR_SUPPORT_AGENT
        st.chain = list(actors.items)
        st.chain_rule = rule
        inner = self._peel(t, actors.end, j, cues)
        partners = self._co_actors(t, inner, j)
        if partners:  # 支持龙头企业联合高校、科研院所开展攻关: the partners act too
            actors = ActorList(actors.items + partners.items, partners.end)
            st.chain = list(actors.items)
            inner = partners.end
            while text.startswith(lex.together, inner):
                inner += 2
            inner = self._peel(t, inner, j, cues)
        if inner >= j:
            return  # the verb phrase follows in the next clause
        growth = lex.growth.longest(text, inner, j) or (text[inner:j] if text[inner:j] in lex.noun_verbs
                                                        or GROWTH.match(text, inner, j) else "")
        if growth and inner + len(growth) == j:  # 支持中小企业发展, 推动国有企业改革: one measure
            found.append(self._measure(t, i, j, f"{R.MEASURE_SUPPORT_GROWTH}:{support}", [], cues, c.segment))
            return
        inner, _ = self._frames(t, inner, j, st, c, cues, found)
        if inner >= j:
            return
        rule_id = self._measure_rule(t, inner, j)
        if rule_id:
            found.append(self._measure(t, inner, j, f"{R.MEASURE_SUPPORT_INNER}:{head}",
                                       [(s, rule) for s in actors.items], cues, c.segment))

    def _inner_start(self, t: Tagged, k: int, j: int) -> bool:
        text = t.text
        return bool(self._verb_start(t, k, j) or self.lex.modifiers.longest(text, k, j)
                    or text.startswith(("在", "从", "向"), k))

    def _measure_rule(self, t: Tagged, i: int, j: int) -> str:
        text = t.text
        head = self.lex.verbs.longest(text, i, j)
        if head and text[i + len(head):i + len(head) + 1] in ("与", "和", "及") \
                and self.lex.verbs.longest(text, i + len(head) + 1, j) == text[i + len(head) + 1:j]:
            return ""  # 规划与建设: two verbs with no object name a topic, not a measure
        if self.lex.verb_at(t, i, j):
            word = self.lex.verbs.longest(text, i, j)
            return f"{R.MEASURE_VERB}:{word}" if word else R.MEASURE_POS_VERB
        if text.startswith(self.lex.object_marker, i):
            verb = next((k for k in range(i + 2, j) if self.lex.verb_at(t, k, j)), None)
            said = self.lex.reporting.longest(text, verb, j) if verb is not None else ""
            if verb is not None and not (said and text[verb + len(said):verb + len(said) + 1] in ("", "，", "：", ",", ":")):
                return f"{R.MEASURE_OBJECT_MARKER}:{text[i]}"
            return ""
        if text.startswith(("在", "于"), i) and i + 1 in t.ends and not self.lex.frame_at(t, i, j) == "" \
                and self._frame_end(t, i + 1, j, self.lex.frames["在"].closers) < 0:
            verb = next((k for k in range(i + 2, j) if k in t.starts and self.lex.verb_at(t, k, j)), None)
            if verb is not None and verb < j - 1:
                return f"{R.MEASURE_PLACE_FIRST}:{text[i]}"  # 在中西部地区建功立业: no closer, no frame
        if text.startswith("以", i) and not text.startswith(("以便", "以期", "以及"), i) \
                and any(self.lex.verb_at(t, k, j) or text.startswith("为", k) for k in range(i + 2, j)):
            return f"{R.MEASURE_MEANS_FIRST}:以"
        return ""

    def _measure(self, t: Tagged, i: int, j: int, rule: str, actors: list[tuple[Span, str]], cues: list[str],
                 segment: int) -> Found:
        i, j = trim(t.text, i, j)
        head = self.lex.verbs.longest(t.text, i, j) or t.text[i:i + 2]
        return Found((i, j), rule, actors=list(actors), cues=list(cues), segment=segment, head=head)

    def _continues(self, t: Tagged, i: int, j: int, had_connective: bool) -> bool:
        """An object list cut by a comma (``优化导诊服务，在线问诊……等医疗辅助服务``)."""
        piece = t.text[i:j]
        if any(self.lex.nonmeasure.longest(t.text, k, j) for k in range(i, j)):
            return False
        if had_connective or "等" in piece:
            return True
        # 推动行业数据标准制定，数据平台建设: a short noun phrase that names an action
        return j - i <= 8 and (t.tag(j - 1) == "vn" or bool(self.lex.noun_verbs.suffix(piece)))

    # ---------------------------------------------------------------- sentence passes
    def _evaluative(self, t: Tagged, clauses: list[Clause], found: list[Found]) -> None:
        """``VP，是……的关键抓手``: the evaluated verb phrases are not measures."""
        text = t.text
        for c in clauses:
            piece = text[c.i:c.j]
            if self.lex.evaluative.suffix(piece) and (
                    re.search(r"(?:是|成为|作为)", piece) or len(piece) <= 6):
                found[:] = [f for f in found if f.span[0] >= c.j or f.segment != c.segment]

    def _closing_goals(self, text: str, found: list[Found]) -> None:
        """Result clauses after a sentence's measures are its goals (GUIDELINE: goals)."""
        measures = [f for f in found if f.kind == "measure"]
        if not measures:
            return
        for f in reversed(found):
            if f.kind == "goal":
                continue
            if f is measures[0]:
                break
            final = f is found[-1]
            if f.head in self.lex.intensifier and not final:
                break  # 加快X开放汇聚，满足Y: only the last clause is the goal
            if f.head in self.result_verbs or (f.head in self.lex.result_push and not f.actors and
                                               re.search(r"发展|实现", text[f.span[0]:f.span[1]])):
                f.kind = "goal"
                f.rule = f"{R.GOAL_RESULT}:{f.head}"
            else:
                break

    def _split_coordination(self, t: Tagged, f: Found) -> list[Found]:
        """``稳就业、稳企业``, ``汲取灵感并进行再创作``: different verbs give separate measures.

        One verb with a coordinated object (``加强数据的加密和防护``) and two verbs sharing one
        object (``制定并实施管理制度``) stay one measure.
        """
        if f.kind != "measure":
            return [f]
        text, (i, j) = t.text, f.span
        cuts = [i]
        for m in re.finditer(r"、|并(?!且)", text[i:j]):
            at, k = i + m.start(), i + m.end()
            if m.group() == "并":
                head = self.lex.verbs.longest(text, cuts[-1], j)
                if at - cuts[-1] <= len(head) or not self.lex.verb_at(t, k, j, strict=True):
                    continue  # 制定并实施: two verbs share one object
            elif not self._verb_word(t, self.lex.skip_modifiers(t, k, j)[0], j):
                return [f]  # 、 inside an object list
            cuts.append(k)
        if len(cuts) == 1:
            return [f]
        pieces = []
        for a, b in zip(cuts, cuts[1:] + [j + 1]):
            a, b = trim(text, self.lex.skip_modifiers(t, a, b - 1)[0], b - 1)
            verb = self._verb_word(t, a, b)
            if not verb or b - a <= verb:
                return [f]  # 发挥监测、预警、处置功能: verbs without objects name things
            pieces.append((a, b))
        if "等" in text[slice(*pieces[-1])]:
            return [f]
        return [Found(p, f.rule, f.kind, f.actors, f.targets, f.cues, f.segment,
                      self.lex.verbs.longest(text, *p), f.clause) for p in pieces]


def _inside_titles(text: str, i: int, j: int) -> set[int]:
    """Positions inside ``《……》`` between ``i`` and ``j``."""
    inside: set[int] = set()
    for m in _TITLE.finditer(text, i, j):
        inside.update(range(m.start(), m.end()))
    return inside


def _skip_core_prefix(text: str, i: int, j: int) -> int:
    """``以习近平同志为核心的党中央``: the attribute before a subject is not part of it."""
    m = re.match(r"以[^，。；]{1,12}?为核心的", text[i:j])
    return i + m.end() if m else i


def _dedupe(text: str, found: list[Found]) -> list[Found]:
    """A phrase repeated in one sentence (a layout duplicate) is one measure."""
    seen: set[tuple[str, str]] = set()
    out = []
    for f in found:
        key = (f.kind, text[f.span[0]:f.span[1]])
        if key not in seen and f.span[0] < f.span[1]:
            seen.add(key)
            out.append(f)
    return out
