"""The spaCy pipeline policykg runs: ``spacy.blank("zh")`` with our tokenizer and two components.

``make_nlp()`` gives ``policykg.jieba_tagger`` (jieba's words and tags on tokens, the policy
user dictionary), ``policy_sentencizer`` (the sentences) and ``policy_measures`` (measures,
actors and goals in ``doc.spans``). All three are registered spaCy factories, so that a
pipeline of your own can add them by name. spaCy is imported only when a pipeline is made, so
``kg --help`` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.rulebook import Rulebook, default_rulebook

if TYPE_CHECKING:
    from spacy.language import Language

MAX_LENGTH = 200_000_000


def make_nlp(rules: Rulebook | None = None) -> Language:
    """A blank Chinese pipeline: the jieba tagger, the sentencizer and the measure reader, all
    with ``rules`` (default: the built-in rules)."""
    import spacy

    import kg.extract.component
    import kg.segment.sentencizer
    import kg.segment.tokenizer  # noqa: F401 - each registers its factory with spaCy

    rules = rules or default_rulebook()
    nlp = spacy.blank(
        "zh",
        config={"nlp": {"tokenizer": {"@tokenizers": "policykg.jieba_tagger", "userdict": rules.userdict}}},
    )
    # spaCy refuses texts over a million characters, for the memory its parser and NER would
    # take; this pipeline has neither, and a whole law or report is one doc per article.
    nlp.max_length = MAX_LENGTH
    nlp.add_pipe("policy_sentencizer")
    nlp.add_pipe(kg.extract.component.NAME).use(rules)
    return nlp
