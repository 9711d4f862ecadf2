"""spaCy's tokenizer for policy Chinese: jieba's words, with jieba's tag in ``token.tag_``.

There is no pretrained Chinese pipeline to load here, and none is needed: the extractor reads
jieba's word boundaries and part-of-speech tags together with rule lexicons. Registered as the
``policykg.jieba_tagger`` tokenizer, so that a saved pipeline loads anywhere.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

from kg.rulebook import default_rulebook
from kg.segment import segmenter

#: A "sentence" this long with no comma is not prose (a scraped run-on line, a table, noise);
#: jieba's HMM costs about half a millisecond per unknown character, so such text is cut
#: with the dictionary alone.
HMM_MAX_BARE = 120
_CLAUSE_MARKS = frozenset("，。；、,;！？：:")


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


def tag_words(text: str, userdict: str, backend: str) -> list[tuple[str, str]]:
    """(word, part-of-speech tag) pairs of ``text``; the words put together are ``text``."""
    if backend == "rjieba":
        return [(w, t) for w, t in _rjieba(userdict).tag(text, False) if w]
    hmm = len(text) < HMM_MAX_BARE or not _CLAUSE_MARKS.isdisjoint(text)
    return [(p.word, p.flag) for p in _jieba(userdict).cut(text, HMM=hmm) if p.word]


class JiebaTagger:
    """spaCy tokenizer: jieba's words, with jieba's tag kept in ``token.tag_``."""

    def __init__(self, vocab: Vocab, userdict: str, backend: str | None = None) -> None:
        self.vocab = vocab
        self.userdict = userdict
        self.backend = backend or segmenter()

    def __call__(self, text: str) -> Doc:
        pairs = tag_words(text, self.userdict, self.backend)
        words = [w for w, _ in pairs]
        return Doc(self.vocab, words=words, spaces=[False] * len(words), tags=[t for _, t in pairs])

    # The user dictionary is in the pipeline's config: nothing else to save or load.
    def to_disk(self, path: Any, *, exclude: Iterable[str] = ()) -> None:
        """Nothing to write: ``nlp.to_disk`` saves the config, which holds the dictionary."""

    def from_disk(self, path: Any, *, exclude: Iterable[str] = ()) -> JiebaTagger:
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return b""

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> JiebaTagger:
        return self


@registry.tokenizers("policykg.jieba_tagger")
def make_jieba_tagger(userdict: str = "") -> Callable[[Language], JiebaTagger]:
    """jieba (or jieba-rs) as spaCy's tokenizer, with the policy user dictionary."""

    def create(nlp: Language) -> JiebaTagger:
        return JiebaTagger(nlp.vocab, userdict or default_rulebook().userdict)

    return create
