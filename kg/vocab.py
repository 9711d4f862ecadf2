"""The graph's closed choices, defined once: stance, policy-instrument type and actor type.

The extractor, the rule files' validation (``kg/rulebook.py``), the RDF mapping
(``kg/export/namespace.py``) and the graph page (``kg/export/html.py``) all take their values
from here, so that a value cannot exist in one place and not in another.  Records and outputs
carry the plain string (``Stance.REQUIRE.value == "require"``): that is what ``measures.jsonl``,
GraphML and the page hold.
"""

from __future__ import annotations

from enum import Enum


class _Choice(str, Enum):
    """A closed choice that reads as its value wherever it is printed or formatted."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)

    @classmethod
    def values(cls) -> tuple[str, ...]:
        return tuple(member.value for member in cls)


class Stance(_Choice):
    """How strongly the text asks for a measure (GUIDELINE's stance table)."""

    REQUIRE = "require"      # 要, 应当, 必须
    ENCOURAGE = "encourage"  # 鼓励, 支持, 引导
    PROHIBIT = "prohibit"    # 不得, 禁止
    REPORT = "report"        # done: 了, 已
    PROPOSE = "propose"      # a plain imperative


class Instrument(_Choice):
    """Policy-instrument type after Rothwell & Zegveld."""

    SUPPLY = "supply"
    DEMAND = "demand"
    ENVIRONMENT = "environment"


class ActorType(_Choice):
    """The type of an actor, from the longest suffix of its name in actor_types.tsv."""

    GOVERNMENT = "government"
    PARTY = "party"
    ENTERPRISE = "enterprise"
    FINANCIAL = "financial"
    RESEARCH = "research"
    SOCIAL = "social"
    PUBLIC = "public"
    PLACE = "place"
    OTHER = "other"  # a name no suffix of the table matches; not a value of the rule file
