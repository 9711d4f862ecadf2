"""Stage 1, ingest: find the input files, read each into text whatever its format, and
normalise that text into paragraphs with a map back to it.

Normalisation never loses the way back: every character of a ``Paragraph`` knows its offset
in the source's text, so measures found in normalised text can cite the source exactly. One
module per job: :mod:`~kg.ingest.files` (which files), :mod:`~kg.ingest.sources` (bytes to
text, by format: :mod:`~kg.ingest.html`, :mod:`~kg.ingest.docx`, :mod:`~kg.ingest.pdf`, and
:mod:`~kg.ingest.decode` for text files), :mod:`~kg.ingest.header` (the official-document
header), :mod:`~kg.ingest.chinese` (traditional characters) and :mod:`~kg.ingest.paragraphs`.
"""

from kg.ingest.decode import decode
from kg.ingest.files import Inputs, find_inputs, read_bytes
from kg.ingest.paragraphs import Paragraph, paragraphs
from kg.ingest.sources import read_source, source_from_bytes

__all__ = ["Inputs", "Paragraph", "decode", "find_inputs", "paragraphs", "read_bytes", "read_source",
           "source_from_bytes"]
