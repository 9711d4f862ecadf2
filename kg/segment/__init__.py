"""Stage 2, segment: a file's paragraphs become articles, sections and sentences.

The spaCy pipeline does the cutting (:mod:`kg.segment.tokenizer` puts jieba's words and tags
on tokens, :mod:`kg.segment.sentencizer` sets the sentences); :mod:`kg.segment.layout` reads
the page around them (titles, bylines, headings, repeated lines). This module stays free of
spaCy, so that choosing a segmenter costs no import.
"""

from __future__ import annotations

import os

from kg.errors import RuleError

#: Spaces a sentence does not start with.
LEADING_SPACE = " \t\u3000"
#: The segmenters the tokenizer can run; ``POLICYKG_SEGMENTER`` picks one.
SEGMENTERS = ("rjieba", "jieba")


def segmenter() -> str:
    """The segmenter in use: rjieba (jieba-rs, tagging ~60x faster) unless the environment says jieba."""
    name = os.environ.get("POLICYKG_SEGMENTER", "rjieba").strip().lower() or "rjieba"
    if name not in SEGMENTERS:
        raise RuleError(f"POLICYKG_SEGMENTER must be one of {', '.join(SEGMENTERS)}, not {name!r}")
    return name
