"""The spaCy pipeline: ``spacy.blank("zh")`` with a jieba tokenizer that also tags, and our
sentence splitter, registered as spaCy factories so a saved pipeline loads anywhere.

There is no pretrained Chinese pipeline to load here, and none is needed: the extractor reads
jieba's word boundaries and part-of-speech tags (``token.tag_``) together with rule lexicons.
spaCy is imported only when a pipeline is built, so ``kg --help`` stays fast.
"""

from __future__ import annotations

import logging
import os
import tempfile
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from kg.rulebook import Rulebook, default_rulebook

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

log = logging.getLogger(__name__)

SENTENCE_FINAL = "。！？!?"
#: Where the tokenizer leaves its (word, tag) pairs in ``Doc.user_data`` for the extractor.
PAIRS_KEY = "policykg.pairs"
#: A "sentence" this long with no comma is not prose (a scraped run-on line, a table, noise);
#: jieba's HMM costs about half a millisecond per unknown character, so such text is cut
#: with the dictionary alone.
HMM_MAX_BARE = 120
_CLAUSE_MARKS = frozenset("，。；、,;！？：:")
CLOSERS = "”’\"'）)」』》】"


@lru_cache(maxsize=4)
def _jieba(userdict: str) -> Any:  # a jieba.posseg.POSTokenizer; jieba has no types
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


@lru_cache(maxsize=4)
def _rjieba(userdict: str) -> Any:  # an rjieba.Jieba; rjieba has no types
    """jieba-rs (through rjieba) with the same dictionary and tag set, and our user dictionary."""
    import rjieba

    tagger = rjieba.Jieba()
    for line in userdict.splitlines():
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[-1] if len(parts) > 1 and not parts[-1].isdigit() else None
        tagger.add_word(parts[0], freq, tag)
    return tagger


#: The segmenters the tokenizer can run; ``POLICYKG_SEGMENTER`` picks one.
SEGMENTERS = ("rjieba", "jieba")


def segmenter() -> str:
    """The segmenter in use: rjieba (jieba-rs, tagging ~60x faster) unless the environment says jieba."""
    name = os.environ.get("POLICYKG_SEGMENTER", "rjieba").strip().lower() or "rjieba"
    if name not in SEGMENTERS:
        from kg.errors import RuleError

        raise RuleError(f"POLICYKG_SEGMENTER must be one of {', '.join(SEGMENTERS)}, not {name!r}")
    return name


def tag_words(text: str, userdict: str, backend: str) -> list[tuple[str, str]]:
    """(word, part-of-speech tag) pairs of ``text``."""
    hmm = len(text) < HMM_MAX_BARE or not _CLAUSE_MARKS.isdisjoint(text)
    if backend == "rjieba":
        return [(w, t) for w, t in _rjieba(userdict).tag(text, False) if w]
    return [(p.word, p.flag) for p in _jieba(userdict).cut(text, HMM=hmm) if p.word]


class JiebaTagger:
    """spaCy tokenizer: jieba's words, with jieba's tag kept in ``token.tag_``."""

    def __init__(self, vocab: Vocab, userdict: str, backend: str | None = None) -> None:
        self.vocab = vocab
        self.userdict = userdict
        self.backend = backend or segmenter()

    def __call__(self, text: str) -> Doc:
        from spacy.tokens import Doc

        pairs = tag_words(text, self.userdict, self.backend)
        words = [w for w, _ in pairs]
        doc = Doc(self.vocab, words=words, spaces=[False] * len(words), tags=[t for _, t in pairs])
        doc.user_data[PAIRS_KEY] = pairs  # the extractor reads these, not Token objects
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
