"""The build's data goes down the floors once: ingest -> segment -> extract -> assemble -> export.

Every import of the package is read from the source (lazy imports inside functions too), so
that a cycle or a stage reaching back up to a later one fails here, not in a reader's head.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).resolve().parents[1] / "kg"
STAGES = ("kg.ingest", "kg.segment", "kg.extract", "kg.assemble", "kg.export")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> nx.DiGraph:
    """kg module -> kg modules it imports, anywhere in its source."""
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            for target in targets:
                if target in modules and target != name and not name.startswith(target + "."):
                    graph.add_edge(name, target)
    return graph


def _stage(module: str) -> int | None:
    for n, stage in enumerate(STAGES):
        if module == stage or module.startswith(stage + "."):
            return n
    return None


def test_no_import_cycles():
    cycles = list(nx.simple_cycles(import_graph()))
    assert cycles == []


def test_no_stage_imports_a_later_one():
    backwards = [(a, b) for a, b in import_graph().edges
                 if _stage(a) is not None and _stage(b) is not None and _stage(b) > _stage(a)]
    assert backwards == []


def test_the_checker_sees_lazy_imports():
    """The pipeline imports the stages inside its functions: they must show here."""
    assert {"kg.assemble", "kg.run.workers"} <= set(import_graph().successors("kg.pipeline"))
