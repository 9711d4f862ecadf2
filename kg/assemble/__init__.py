"""Stage 4, assemble: the extracted measures of every file become one networkx graph
(:mod:`kg.assemble.graph`, whose docstring is the schema), and what is read from that graph
lives beside it: pandas tables (:mod:`kg.assemble.tables`) and the views around one actor or
article (:mod:`kg.assemble.views`)."""

from kg.assemble.graph import (
    GraphBuilder, article_id, build_graph, degrees, edges, goal_key, in_edges, measure_id, node_kinds, out_edges,
    section_id,
)

__all__ = ["GraphBuilder", "article_id", "build_graph", "degrees", "edges", "goal_key", "in_edges", "measure_id",
           "node_kinds", "out_edges", "section_id"]
