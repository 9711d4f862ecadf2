"""Load the rule files under ``kg/rules/`` (and any user rule folders) into one ``Rulebook``.

Rules are data so that users extend them without touching code: ``kg build --rules DIR`` reads
files of the same names from DIR and adds their entries to the built-in ones.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from kg.errors import RuleError
from kg.vocab import ActorType, Instrument, Stance

_WORD_LISTS = (
    "verbs", "support_verbs", "growth_verbs", "modifiers", "reporting_verbs",
    "nonmeasure_verbs", "noun_verbs", "evaluative", "non_actors", "determiners", "zones", "state_names",
)
_TABLES = ("stance", "goal_markers", "framing", "actor_types", "actor_aliases", "instruments", "function_words")
# The closed classes of function_words.tsv, each read by one construction of the extractor.
FUNCTION_CLASSES = (
    "require-modal", "ability-modal", "subject-modal", "permission-modal", "kept-modal", "weak-modal",
    "clausal-modal", "topic-modal", "normative", "negation", "subject-link", "subject-frame", "separator",
    "role-opener", "pronoun-agent", "after-name", "connective", "co-actor", "together", "condition-end",
    "object-marker", "host-frame", "name-frame", "intensifier", "result-push", "verb-modal", "phrase-opener",
    "co-actor-alone", "document",
)


def _lines(text: str) -> Iterable[str]:
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip() if not raw.lstrip().startswith("^") else raw.rstrip()
        if line.strip():
            yield line


@dataclass(frozen=True)
class Frame:
    """A framing phrase: opener, the words that close it, and what it is when nothing follows."""

    opener: str
    closers: tuple[str, ...]
    kind: str


@dataclass(frozen=True)
class Rulebook:
    """Every lexicon and table the extractor reads, plus a digest of their content."""

    words: dict[str, frozenset[str]]
    stance: dict[str, str]
    goal_markers: dict[str, str]
    frames: dict[str, Frame]
    actor_types: dict[str, str]
    aliases: dict[str, str]
    instruments: dict[str, str]
    function_words: dict[str, tuple[str, ...]]
    promo: tuple[re.Pattern[str], ...]
    userdict: str
    digest: str

    def __hash__(self) -> int:
        return hash(self.digest)

    def __getattr__(self, name: str) -> frozenset[str]:
        words = object.__getattribute__(self, "words")
        if name in words:
            return words[name]
        raise AttributeError(name)


def _read_texts(folders: tuple[Path, ...]) -> dict[str, list[tuple[str, str]]]:
    """File stem -> [(origin, text)], built-ins first, then each user folder in order."""
    texts: dict[str, list[tuple[str, str]]] = {}
    builtin = resources.files("kg") / "rules"
    for entry in sorted(builtin.iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".txt", ".tsv")):
            texts.setdefault(entry.name.rsplit(".", 1)[0], []).append((f"kg/rules/{entry.name}", entry.read_text("utf-8")))
    for folder in folders:
        if not folder.is_dir():
            raise RuleError(f"rules folder not found: {folder}")
        for path in sorted(folder.glob("*.t[xs][tv]")):
            stem = path.stem
            if stem not in _WORD_LISTS + _TABLES + ("promo", "userdict"):
                raise RuleError(f"{path}: unknown rule file; expected one of "
                                f"{', '.join(sorted(_WORD_LISTS + _TABLES + ('promo', 'userdict')))}")
            texts.setdefault(stem, []).append((str(path), path.read_text("utf-8")))
    return texts


def _table(entries: list[tuple[str, str]], columns: int) -> list[tuple[str, list[str]]]:
    rows = []
    for origin, text in entries:
        for n, line in enumerate(_lines(text), 1):
            cells = line.split("\t")
            if len(cells) < columns:
                raise RuleError(f"{origin}: line {n} needs {columns} tab-separated columns: {line!r}")
            rows.append((origin, [c.strip() for c in cells]))
    return rows


_CHOICES = {
    "stance": set(Stance.values()),
    "goal_markers": {"purpose", "purpose-carry", "result", "support"},
    "instruments": set(Instrument.values()),
    "actor_types": set(ActorType.values()) - {ActorType.OTHER.value},
}


def _choice_table(texts: dict[str, list[tuple[str, str]]], stem: str) -> dict[str, str]:
    """A two-column table whose second column is one of a closed set of values."""
    table = {}
    for origin, (key, value, *_) in _table(texts[stem], 2):
        if value not in _CHOICES[stem]:
            raise RuleError(f"{origin}: {key!r} has {value!r}; expected one of {', '.join(sorted(_CHOICES[stem]))}")
        table[key] = value
    return table


def _function_words(texts: dict[str, list[tuple[str, str]]]) -> dict[str, tuple[str, ...]]:
    """Class -> its words, longest first (the extractor matches them at a position, and the
    longest must win: 以及 before 以), in file order within a length."""
    classes: dict[str, list[str]] = {name: [] for name in FUNCTION_CLASSES}
    for origin, (word, name, *_) in _table(texts["function_words"], 2):
        if name not in classes:
            raise RuleError(f"{origin}: {word!r} has class {name!r}; expected one of {', '.join(FUNCTION_CLASSES)}")
        if word not in classes[name]:
            classes[name].append(word)
    return {name: tuple(sorted(words, key=len, reverse=True)) for name, words in classes.items()}


def load_rulebook(extra: Iterable[Path] = ()) -> Rulebook:
    """Read the built-in rules and those in ``extra`` folders (their entries are added)."""
    texts = _read_texts(tuple(Path(p) for p in extra))
    missing = [s for s in _WORD_LISTS + _TABLES + ("promo", "userdict") if s not in texts]
    if missing:
        raise RuleError(f"rule files missing from kg/rules: {', '.join(missing)}")
    words = {
        stem: frozenset(w for _, text in texts[stem] for line in _lines(text) for w in line.split())
        for stem in _WORD_LISTS
    }
    frames = {}
    for _, (opener, closers, kind) in _table(texts["framing"], 3):
        frames[opener] = Frame(opener, tuple(c for c in closers.split("|") if c and c != "-"), kind)
    promo = []
    for origin, text in texts["promo"]:
        for line in _lines(text):
            try:
                promo.append(re.compile(line.strip()))
            except re.error as err:
                raise RuleError(f"{origin}: bad regular expression {line!r}: {err}") from err
    digest = hashlib.sha256()
    for stem in sorted(texts):
        for _, text in texts[stem]:
            digest.update(stem.encode() + b"\0" + text.encode("utf-8"))
    return Rulebook(
        words=words,
        stance=_choice_table(texts, "stance"),
        goal_markers=_choice_table(texts, "goal_markers"),
        frames=frames,
        actor_types=_choice_table(texts, "actor_types"),
        aliases={k: v for _, (k, v, *_) in _table(texts["actor_aliases"], 2)},
        instruments=_choice_table(texts, "instruments"),
        function_words=_function_words(texts),
        promo=tuple(promo),
        userdict="\n".join(text for _, text in texts["userdict"]),
        digest=digest.hexdigest()[:16],
    )


@lru_cache(maxsize=1)
def default_rulebook() -> Rulebook:
    """The built-in rules, read once per process."""
    return load_rulebook()
