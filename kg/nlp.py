"""The spaCy pipeline: ``spacy.blank("zh")`` with a jieba tokenizer that also tags, and our
sentence splitter, registered as spaCy factories so a saved pipeline loads anywhere.

There is no pretrained Chinese pipeline to load here, and none is needed: the extractor reads
jieba's word boundaries and part-of-speech tags (``token.tag_``) together with rule lexicons.
spaCy is imported only when a pipeline is built, so ``kg --help`` stays fast.
"""

from __future__ import annotations

import logging
import tempfile
from functools import lru_cache
from typing import TYPE_CHECKING

from kg.rulebook import Rulebook, default_rulebook

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

SENTENCE_FINAL = "。！？!?"
#: A "sentence" this long with no comma is not prose (a scraped run-on line, a table, noise);
#: jieba's HMM costs about half a millisecond per unknown character, so such text is cut
#: with the dictionary alone.
HMM_MAX_BARE = 120
_CLAUSE_MARKS = frozenset("，。；、,;！？：:")
CLOSERS = "”’\"'）)」』》】"


@lru_cache(maxsize=4)
def _jieba(userdict: str):  # noqa: ANN202 - jieba has no types
    """A jieba tokenizer of its own (not the global one) with the policy user dictionary."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=True) as f:
        f.write(userdict)
        f.flush()
        tokenizer.load_userdict(f.name)
    return jieba.posseg.POSTokenizer(tokenizer)


class JiebaTagger:
    """spaCy tokenizer: jieba.posseg words, with jieba's tag kept in ``token.tag_``."""

    def __init__(self, vocab, userdict: str) -> None:  # noqa: ANN001 - spaCy Vocab
        self.vocab = vocab
        self.userdict = userdict

    def __call__(self, text: str) -> Doc:
        from spacy.tokens import Doc

        hmm = len(text) < HMM_MAX_BARE or not _CLAUSE_MARKS.isdisjoint(text)
        pairs = [(p.word, p.flag) for p in _jieba(self.userdict).cut(text, HMM=hmm) if p.word]
        words = [w for w, _ in pairs]
        doc = Doc(self.vocab, words=words, spaces=[False] * len(words))
        for token, (_, flag) in zip(doc, pairs):
            token.tag_ = flag
        return doc


def make_nlp(rules: Rulebook | None = None) -> Language:
    """A blank Chinese pipeline with the jieba tagger and the policy sentence splitter."""
    import spacy

    import kg.components  # noqa: F401 - registers our tokenizer and components with spaCy

    rules = rules or default_rulebook()
    nlp = spacy.blank(
        "zh",
        config={"nlp": {"tokenizer": {"@tokenizers": "policykg.jieba_tagger", "userdict": rules.userdict}}},
    )
    nlp.add_pipe("policy_sentencizer")
    return nlp
