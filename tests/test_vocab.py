"""The closed choices are defined once (kg.vocab) and every place that names them agrees."""

from __future__ import annotations

import pytest

from kg.export.html import INSTRUMENT_NAMES, STANCE_NAMES
from kg.export.namespace import ACTOR_TYPES, INSTRUMENTS, PKG, STANCES
from kg.rulebook import RuleError, default_rulebook, load_rulebook
from kg.vocab import ActorType, Instrument, Stance


@pytest.mark.parametrize("choice, mapping", [(Stance, STANCES), (Instrument, INSTRUMENTS), (ActorType, ACTOR_TYPES)])
def test_the_rdf_mapping_has_a_concept_for_every_value_and_no_other(choice, mapping) -> None:
    assert set(mapping) == set(choice.values())
    assert all(str(concept).startswith(str(PKG)) for concept in mapping.values())


@pytest.mark.parametrize("choice, names", [(Stance, STANCE_NAMES), (Instrument, INSTRUMENT_NAMES)])
def test_the_page_names_every_value(choice, names) -> None:
    assert set(names) - {""} == set(choice.values())


def test_the_rule_files_use_only_declared_values(tmp_path) -> None:
    rules = default_rulebook()
    assert set(rules.stance.values()) <= set(Stance.values())
    assert set(rules.instruments.values()) <= set(Instrument.values())
    assert set(rules.actor_types.values()) <= set(ActorType.values()) - {ActorType.OTHER.value}
    (tmp_path / "stance.tsv").write_text("务必\tinsist\n", encoding="utf-8")
    with pytest.raises(RuleError, match="expected one of"):
        load_rulebook([tmp_path])


def test_a_choice_reads_as_its_value() -> None:
    assert f"{Stance.REQUIRE}" == str(Stance.REQUIRE) == "require" == Stance.REQUIRE
    assert {Stance.REQUIRE: 1}["require"] == 1
