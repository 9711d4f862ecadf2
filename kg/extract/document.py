"""One document through the first three stages: ingest, segment, extract.

Extraction is per file and pure (bytes or text + rules -> ``DocumentResult``): this is what a
worker runs (:mod:`kg.run.workers`) and what ``kg.pipeline.build`` assembles.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from kg.model import Article, DocumentResult, Measure, Sentence, SourceText
from kg.rulebook import Rulebook, default_rulebook

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)


def extract_file(path: Path, rules: Rulebook, nlp: Language) -> DocumentResult:
    """Read one file and extract its measures."""
    from kg.ingest import read_source

    return extract_source(read_source(path), rules, nlp)


def extract_text(text: str, *, name: str = "text.txt", rules: Rulebook | None = None) -> DocumentResult:
    """Extract measures from a string, as if it were a file called ``name``."""
    from kg.nlp import make_nlp

    rules = rules or default_rulebook()
    from kg.ingest.sources import source_from_text

    return extract_source(source_from_text(name, text), rules, make_nlp(rules))


def extract_source(source: SourceText, rules: Rulebook, nlp: Language) -> DocumentResult:
    """One file through segment and extract: layout reads an article's docs, the rest of the
    pipeline (``policy_measures``) reads each doc, and the doc is let go."""
    from kg.extract import measures
    from kg.ingest import paragraphs
    from kg.segment.layout import SENTENCIZER, layout

    articles: list[Article] = []
    sentences: list[Sentence] = []
    found: list[Measure] = []
    reads = layout(source, paragraphs(source, rules), rules, nlp)
    for doc, read in nlp.pipe(((r.doc, r) for r in reads), as_tuples=True, disable=[SENTENCIZER]):
        if not articles or articles[-1] is not read.article:
            articles.append(read.article)
        sentences.extend(s for s in read.sentences if s is not None)
        found.extend(measures(read.sentences, doc))
    log.info("%s: %d article(s), %d sentence(s), %d measure(s)", source.name, len(articles), len(sentences), len(found))
    return DocumentResult(source, tuple(articles), tuple(sentences), tuple(found))
