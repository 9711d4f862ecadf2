"""spaCy for real: ``nlp(text)`` runs the tokenizer, the one sentence splitter and the
measure reader, and a spaCy user can put our components in a pipeline of their own."""

from __future__ import annotations

import pytest
import spacy

from kg.nlp import make_nlp
from kg.pipeline import extract_text
from kg.segment.sentencizer import MAX_SENTENCE

TEXT = "各地区要完善机制，推动企业加大研发投入，提高创新能力。国务院有关部门应当加强指导。"


@pytest.fixture(scope="module")
def nlp():
    return make_nlp()


def measures(doc) -> list[tuple[str, list[str], list[str], str, str]]:
    return [(s.text, s._.actors, s._.goals, s._.stance, s._.rule) for s in doc.spans["measures"]]


# (text, the sentences the splitter cuts it into)
SENTENCES = [
    ("政府要推动发展。企业要加强合作！", ["政府要推动发展。", "企业要加强合作！"]),
    ("真的吗？！是的。", ["真的吗？！", "是的。"]),  # a run of final marks ends one sentence
    ("他说：“要加强合作。”随后散会。", ["他说：“要加强合作。”", "随后散会。"]),  # closers stay
    ("完善机制；加强指导。", ["完善机制；加强指导。"]),  # ；does not end a sentence
    ("加强指导\n推动发展。", ["加强指导\n", "推动发展。"]),  # a line break does
    ("第一条\n”引号开头的段落。", ["第一条\n", "”引号开头的段落。"]),  # no sentence crosses one
    ("没有句号的一句话", ["没有句号的一句话"]),
]


@pytest.mark.parametrize("text, expected", SENTENCES, ids=[f"{k:02d}" for k in range(1, len(SENTENCES) + 1)])
def test_the_sentencizer_sets_the_sentences(nlp, text, expected):
    assert [s.text for s in nlp(text).sents] == expected


def test_an_overlong_sentence_is_cut_at_a_clause_mark(nlp):
    clause = "推动企业加大研发投入，"
    doc = nlp(clause * 100 + "提高创新能力。")
    pieces = [s.text for s in doc.sents]
    assert len(pieces) > 1 and "".join(pieces) == doc.text
    assert all(len(p) <= MAX_SENTENCE for p in pieces)
    assert all(p.endswith("，") for p in pieces[:-1])


def test_tokens_carry_jiebas_words_and_tags(nlp):
    doc = nlp("国务院有关部门应当加强指导。")
    assert [t.text for t in doc][:2] == ["国务院", "有关"]
    assert all(t.tag_ for t in doc)
    assert doc[0].tag_ == "nt"


def test_measures_are_spans_with_actors_goals_stance_and_rule(nlp):
    doc = nlp(TEXT)
    assert measures(doc) == [
        ("完善机制", [], ["提高创新能力"], "require", "measure.verb:完善"),
        ("加大研发投入", ["企业"], ["提高创新能力"], "encourage", "measure.support-inner:推动"),
        ("加强指导", ["国务院有关部门"], [], "require", "measure.verb:加强"),
    ]
    assert [s.text for s in doc.spans["goals"]] == ["提高创新能力"]
    assert doc.spans["measures"][0].label_ == "measure.verb:完善"


def test_the_component_finds_what_the_build_records(nlp):
    records = extract_text(TEXT).measures
    doc = nlp(TEXT)
    assert [(m.text, [a.text for a in m.actors], [g.text for g in m.goals], m.stance, m.rule) for m in records] \
        == measures(doc)


def test_pipe_gives_what_call_gives(nlp):
    texts = [TEXT, "鼓励社会资本参与。", ""]
    assert [measures(d) for d in nlp.pipe(texts)] == [measures(nlp(t)) for t in texts]


def test_a_pipeline_of_your_own_can_add_the_components():
    own = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "policykg.jieba_tagger"}}})
    own.add_pipe("sentencizer")  # spaCy's own splitter: the reader takes the sentences it is given
    own.add_pipe("policy_measures")
    assert measures(own(TEXT)) == measures(make_nlp()(TEXT))


def test_the_reader_splits_sentences_itself_when_nothing_did():
    own = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "policykg.jieba_tagger"}}})
    own.add_pipe("policy_measures")
    assert measures(own(TEXT)) == measures(make_nlp()(TEXT))


def test_a_saved_pipeline_loads_and_reads_alike(nlp, tmp_path):
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == ["policy_sentencizer", "policy_measures"]
    doc = loaded(TEXT)
    assert measures(doc) == measures(nlp(TEXT))


def test_paragraphs_of_one_doc_are_read_apart(nlp):
    """An example passage (比如，……) ends with its paragraph: the next line gives measures again."""
    same = nlp("比如，某企业开发了新产品。该企业推出了新服务。")
    assert [s.text for s in same.spans["measures"]] == []  # what a company did is no measure
    apart = nlp("比如，某企业开发了新产品。\n该企业推出了新服务。")
    assert [s.text for s in apart.spans["measures"]] == ["推出了新服务"]
