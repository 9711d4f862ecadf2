"""Comparison across documents: what a new version changed (:mod:`kg.compare.diff`)."""
