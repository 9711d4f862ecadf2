"""The sentence splitter, the only one in policykg: a spaCy component that sets
``token.is_sent_start``.

A sentence ends after a run of final marks (``。！？!?``) and the closing quotes or brackets
after them; ``；`` does not end one (a measure's clauses stay together), and a line break
does (a paragraph is a line: no sentence crosses one). A "sentence" longer than :data:`MAX_SENTENCE` characters is a layout accident (a run-on
line, a table) and is cut, at a clause mark where there is one, so that reading stays linear.
"""

from __future__ import annotations

from functools import lru_cache

import numpy
from spacy.attrs import IDX, ORTH, SENT_START
from spacy.language import Language
from spacy.strings import StringStore
from spacy.tokens import Doc

from kg.ingest.paragraphs import CLOSERS, SENTENCE_FINAL
from kg.segment import LEADING_SPACE

LINE_BREAKS = ("\n", "\r\n", "\r")
MAX_SENTENCE = 500
#: Where an over-long sentence is cut, latest first (past half its length).
_CUT_MARKS = "；，;,、 "


#: What layout (:mod:`kg.segment.layout`) says of a doc's sentences, by their place among
#: them, for the components after this one: which are headings, and which repeat an earlier one.
for _name in ("headings", "repeated"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=frozenset())


def sentence_bounds(doc: Doc) -> list[tuple[int, int, int, int]]:
    """(first token, end token, start char, end char) of each sentence of ``doc``, from its
    arrays: ``doc.sents`` would make a Span object for each."""
    if not len(doc):
        return []
    table = doc.to_array([SENT_START, IDX])
    starts = numpy.flatnonzero(table[:, 0] == 1).tolist()
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    idx = table[:, 1].tolist()
    idx.append(idx[-1] + len(doc[-1].text))
    ends = starts[1:] + [len(doc)]
    return [(a, b, idx[a], idx[b]) for a, b in zip(starts, ends)]


@lru_cache(maxsize=8)
def _hashes(strings: StringStore) -> tuple[frozenset[int], ...]:
    """The string hashes of the marks the splitter looks for, once per vocabulary."""
    return tuple(frozenset(strings.add(c) for c in chars)
                 for chars in (SENTENCE_FINAL, CLOSERS, LINE_BREAKS, LEADING_SPACE, _CUT_MARKS))


@Language.component("policy_sentencizer")
def policy_sentencizer(doc: Doc) -> Doc:
    """Set the sentences of ``doc`` (token texts are read as string hashes: no Token objects)."""
    if not len(doc):
        return doc
    strings = doc.vocab.strings
    final, closer, breaks, space, cut = _hashes(strings)
    table = doc.to_array([ORTH, IDX])
    orths, idx = table[:, 0].tolist(), table[:, 1].tolist()
    idx.append(idx[-1] + len(strings[orths[-1]]))  # where the text ends
    # SENT_START is 1 at a sentence's first token and -1 elsewhere, in spaCy's uint64 arrays.
    starts = numpy.full((len(doc), 1), numpy.iinfo(numpy.uint64).max, dtype=numpy.uint64)
    sentence = 0  # the token the current sentence starts at
    # 0: in the text, 1: in final marks, 2: in closers after them, 3: after a line break
    state = 0
    for i, orth in enumerate(orths):
        if orth in breaks:
            state = 3  # the line break ends the sentence; whatever follows starts one
            continue
        if state == 3 or state and orth not in closer and not (state == 1 and orth in final):
            _mark(orths, idx, starts, sentence, i, space, cut)
            sentence, state = i, 0
        if orth in final:
            state = 1
        elif state and orth in closer:
            state = 2
    _mark(orths, idx, starts, sentence, len(orths), space, cut)
    doc.from_array([SENT_START], starts)
    return doc


def _mark(orths: list[int], idx: list[int], starts: numpy.ndarray, begin: int, end: int,
          space: frozenset[int], cut: frozenset[int]) -> None:
    """Start a sentence at token ``begin``; cut the sentence up to ``end`` in pieces of at most
    :data:`MAX_SENTENCE` characters (after its leading spaces), at the latest clause mark past
    half a piece, else at the last word that fits."""
    starts[begin] = 1
    while begin < end and orths[begin] in space:
        begin += 1
    while begin < end and idx[end] - idx[begin] > MAX_SENTENCE:
        first = idx[begin]
        mark = fits = None
        k = begin + 1
        while k < end and idx[k] <= first + MAX_SENTENCE:
            fits = k
            if orths[k - 1] in cut and idx[k - 1] > first + MAX_SENTENCE // 2:
                mark = k
            k += 1
        begin = mark or fits or begin + 1
        if begin < end:
            starts[begin] = 1
