"""Comparison across documents: what a new version changed (:mod:`kg.compare.diff`).

Constants the command line needs live here, so that ``kg --help`` imports no pandas."""

#: Below this score two measures are not the same measure (``kg diff --threshold``).
DEFAULT_THRESHOLD = 0.5
