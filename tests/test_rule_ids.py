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


def test_the_registry_names_every_declared_id_once_per_construction() -> None:
    from kg.extract.measures import CLAUSE_STEPS, SENTENCE_STEPS, SentenceReader

    steps = CLAUSE_STEPS + SENTENCE_STEPS
    emitted = {rule for step in steps for rule in step.emits}
    assert emitted == set(rule_ids.RULES)
    assert all(callable(getattr(SentenceReader, step.method)) for step in steps)


def test_function_words_come_from_the_rule_file_and_user_rules_extend_them(tmp_path) -> None:
    from kg.errors import RuleError
    from kg.extract.lexicon import Lexicon
    from kg.rulebook import load_rulebook

    builtin = Lexicon(default_rulebook())
    assert builtin.separator[:2] == ("以及", "或者")  # longest first: 以及 before 以
    assert "应当" in builtin.subject_modal and "应当" in builtin.require_modal
    (tmp_path / "function_words.tsv").write_text("务须\tsubject-modal\n", encoding="utf-8")
    extended = Lexicon(load_rulebook([tmp_path]))
    assert "务须" in extended.subject_modal and extended.modal_re.search("承运人务须告知")
    (tmp_path / "function_words.tsv").write_text("务须\tmodal\n", encoding="utf-8")
    with pytest.raises(RuleError, match="expected one of"):
        load_rulebook([tmp_path])
