"""Every rule id the extractor emits is declared once in ``kg.extract.rule_ids``, and every
declared id is exercised by a sentence of the construction tables."""

from __future__ import annotations

import pytest

from kg.extract import rule_ids
from kg.model import SourceText
from kg.pipeline import extract_source
from kg.rulebook import default_rulebook
from tests.test_constructions import ALL_TABLES
from tests.test_extract import SEED_SENTENCES


@pytest.fixture(scope="module")
def emitted() -> set[str]:
    from kg.nlp import make_nlp

    rules = default_rulebook()
    nlp = make_nlp(rules)
    texts = [text for table in ALL_TABLES for text, _ in table] + [text for text, _ in SEED_SENTENCES]
    ids: set[str] = set()
    for text in texts:
        for m in extract_source(SourceText("t.txt", "t.txt", text, "str"), rules, nlp).measures:
            ids.add(m.rule)
            ids.update(x.rule for x in m.actors + m.goals + m.targets)
    return ids


def test_every_emitted_id_is_declared(emitted: set[str]) -> None:
    undeclared = {rule for rule in emitted if rule_ids.base(rule) not in rule_ids.RULES}
    assert not undeclared


def test_every_declared_id_is_exercised(emitted: set[str]) -> None:
    unexercised = set(rule_ids.RULES) - {rule_ids.base(rule) for rule in emitted}
    assert not unexercised, f"no test sentence exercises {sorted(unexercised)}"


def test_ids_are_declared_once() -> None:
    source = (rule_ids.__file__ and open(rule_ids.__file__, encoding="utf-8").read())
    for rule in rule_ids.RULES:
        assert source.count(f'"{rule}"') == 1, rule
