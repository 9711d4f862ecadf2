"""Our spaCy registrations: the jieba tagger and the policy sentence splitter.

Imported only when a pipeline is built (it imports spaCy); also listed under the
``spacy_factories`` and ``spacy_tokenizers`` entry points so a saved pipeline loads anywhere.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry

from kg.nlp import CLOSERS, SENTENCE_FINAL, JiebaTagger
from kg.rulebook import default_rulebook


@registry.tokenizers("policykg.jieba_tagger")
def make_jieba_tagger(userdict: str = "") -> Callable[[Language], JiebaTagger]:
    """jieba.posseg as spaCy's tokenizer, with the policy user dictionary."""

    def create(nlp: Language) -> JiebaTagger:
        return JiebaTagger(nlp.vocab, userdict or default_rulebook().userdict)

    return create


@Language.component("policy_sentencizer")
def policy_sentencizer(doc: Doc) -> Doc:
    """Sentences end at 。！？!? and the closing quotes after them; ；does not end one."""
    end = False
    for token in doc:
        if token.i == 0:
            token.is_sent_start = True
        elif end and token.text not in CLOSERS:
            token.is_sent_start = True
            end = False
        else:
            token.is_sent_start = False
        if token.text[-1:] in SENTENCE_FINAL:
            end = True
    return doc
