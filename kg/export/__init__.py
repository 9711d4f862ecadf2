"""Exporters, one module per output format: jsonl (measures), rdf (Turtle and friends), html."""
