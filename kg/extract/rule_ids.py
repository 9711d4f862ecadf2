"""Every rule id the extractor can put on a measure, actor, goal or target, declared once.

An id names the construction of policy language that produced a record (``measure.verb``,
``actor.subject-modal``); a detail after ``:`` names the word that triggered it
(``measure.verb:建设``, ``goal.purpose:确保``).  The output carries the id, so a user can see
which rule made a triple; tests check that every id emitted is declared here and that every
id declared here is exercised by a test sentence.
"""

from __future__ import annotations

RULES: dict[str, str] = {}


def _rule(rule_id: str, doc: str) -> str:
    RULES[rule_id] = doc
    return rule_id


def base(rule_id: str) -> str:
    """The declared id of an emitted one (``measure.verb:建设`` -> ``measure.verb``)."""
    return rule_id.split(":", 1)[0]


# measures
MEASURE_VERB = _rule("measure.verb", "a clause that starts with an action verb of the lexicon")
MEASURE_POS_VERB = _rule("measure.pos-verb", "a clause that starts with a verb by jieba's tag")
MEASURE_OBJECT_MARKER = _rule("measure.object-marker", "对X/将X/把X before its verb: the object stays in the span")
MEASURE_MEANS_FIRST = _rule("measure.means-first", "以X + verb: the means stays in the span")
MEASURE_PLACE_FIRST = _rule("measure.place-first", "在X + VP where 在X closes no framing phrase: the place stays in the span")
MEASURE_MEANS = _rule("measure.means", "each verb phrase listed in 通过X、Y等方式")
MEASURE_FRAME_ALONE = _rule("measure.frame-alone", "聚焦X， / 立足X， with no verb after it: the phrase itself")
MEASURE_SUPPORT_INNER = _rule("measure.support-inner", "SUPPORT-VERB + AGENT + VP: the inner verb phrase")
MEASURE_SUPPORT_WHOLE = _rule("measure.support-whole", "a support verb with no agent after it heads the measure")
MEASURE_SUPPORT_GROWTH = _rule("measure.support-growth", "支持X发展: support verb + agent + a verb of growth, one measure")
# actors
ACTOR_SUBJECT = _rule("actor.subject", "the agent named before the clause's verb phrase")
ACTOR_SUBJECT_MODAL = _rule("actor.subject-modal", "the noun phrase before 应当/不得/可以/必须/要: the subject by position")
ACTOR_CARRY = _rule("actor.carry", "a subject carried across ；until another is named")
ACTOR_SUPPORT_AGENT = _rule("actor.support-agent", "the agent after a support verb (鼓励企业……)")
ACTOR_CHAIN = _rule("actor.chain", "partners joined to the chain by 与X共同")
ACTOR_CO_ACTOR = _rule("actor.co-actor", "联合X / 会同X / 与X共同: co-actors of the clause")
ACTOR_FRAME = _rule("actor.frame", "依托X: the bodies a framing phrase names carry what follows")
# goals
GOAL_PURPOSE = _rule("goal.purpose", "a purpose marker (为了, 以便, 确保, 使, 以 after the measures)")
GOAL_CARRY = _rule("goal.carry", "clauses after 使/让 continue its goal")
GOAL_SUPPORT = _rule("goal.support", "为X提供支撑/保障: X is the goal")
GOAL_RESULT = _rule("goal.result", "a result clause (降低/提高/实现……) after the sentence's measures")
# targets
TARGET_FOR = _rule("target.for", "为X + VP: X is the beneficiary, not the actor")
