"""Actor names: one canonical form per actor, and its type, from the alias and type tables.

The surface form a text uses stays in the provenance; only graph nodes are merged.
"""

from __future__ import annotations

import re

from kg.ingest.chinese import simplified
from kg.rulebook import Rulebook, default_rulebook

_NOISE = re.compile(r"[\s\"'“”‘’「」『』《》]")


class ActorNormaliser:
    """Maps a surface form (``高等院校``) to its canonical name (``高校``) and actor type."""

    def __init__(self, rules: Rulebook | None = None) -> None:
        self.rules = rules or default_rulebook()
        self._aliases = self.rules.aliases
        self._types = self.rules.actor_types

    def canonical(self, surface: str) -> str:
        """The actor's name: the alias table's, in simplified characters (a traditional text
        names the same actors), without the state's name before a national body."""
        name = simplified(_NOISE.sub("", surface)).rstrip("等")
        for state in self.rules.state_names:
            rest = name[len(state):]
            # a body of government after it (not 政府 alone, any government's name)
            if name.startswith(state) and len(rest) >= 3 and self.actor_type(rest) == "government":
                name = rest
                break
        return self._aliases.get(name, name)

    def actor_type(self, name: str) -> str:
        """The type of the longest matching suffix (or whole name) in the type table."""
        for size in range(len(name), 0, -1):
            kind = self._types.get(name[-size:])
            if kind:
                return kind
        return "other"
