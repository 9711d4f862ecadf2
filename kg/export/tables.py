"""The graph as flat tables for spreadsheets: ``kg export --format xlsx|csv``.

Five tables, one sheet of a workbook or one CSV file each:

=============  ===========================================================================
table          one row per
=============  ===========================================================================
measures       measure, with the fields of ``measures.jsonl`` (``goal_details`` left out:
               the goals table holds each goal's time, year and quantities)
actors         actor: name, type, surface forms, measures as actor and as target, articles
goals          goal: text, measures serving it, articles, time, year, quantities
documents      source file: articles and their titles, measures, actors, goals
edges          edge of the graph, with its provenance (file, start, end, rule, sentence)
=============  ===========================================================================

Cells are typed so that a spreadsheet and ``pandas.read_csv`` see what the graph holds:
counts and offsets are integers (``Int64``, pandas' nullable integer, where a value can be
missing: a year, an edge's offsets), a missing value is an empty cell (never ``nan``, never
``0`` for "no year"), text is text (``""`` when empty), and a list (the actors of a measure)
is one cell, its items joined by "；" (:data:`LIST_SEPARATOR`).

CSV files are UTF-8 with a byte order mark, so that Excel opens the Chinese correctly, and
:func:`read_csv` (``pandas.read_csv`` with :func:`csv_dtypes`) reads them back equal to the
tables. Workbooks are written by openpyxl through pandas, an optional dependency:
``pip install 'policykg[xlsx]'``.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import KGError, OutputError

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

log = logging.getLogger(__name__)

#: The tables, in the order of the workbook's sheets.
TABLES = ("measures", "actors", "goals", "documents", "edges")
#: Formats ``kg export`` writes.
FORMATS = ("xlsx", "csv", "gexf")
#: What joins the items of a list in one cell.
LIST_SEPARATOR = "；"
#: The workbook ``kg export --format xlsx`` writes into its folder.
WORKBOOK = "policykg.xlsx"
#: The GEXF file ``kg export --format gexf`` writes into its folder.
GEXF = "graph.gexf"

#: Chinese names of the tables (sheet names with ``zh``) and of their columns (headers), in
#: one place. A ``table.column`` key names a column whose meaning differs between tables.
ZH: Mapping[str, str] = {
    # tables
    "table.measures": "措施",
    "table.actors": "行动者",
    "table.goals": "目标",
    "table.documents": "文件",
    "table.edges": "关系",
    "table.nodes": "节点",
    # columns
    "id": "编号",
    "source": "来源文件",
    "edges.source": "源节点",
    "edges.target": "指向节点",
    "key": "键",
    "relation": "关系",
    "kind": "类别",
    "label": "标签",
    "file": "文件",
    "article": "文章",
    "section": "章节",
    "heading": "是否标题",
    "sentence": "句子",
    "sentence_start": "句子起点",
    "sentence_end": "句子终点",
    "start": "起点",
    "end": "终点",
    "text": "文本",
    "measures.text": "措施",
    "goals.text": "目标",
    "actors": "行动者",
    "documents.actors": "行动者数",
    "actor_names": "行动者规范名",
    "actor_types": "行动者类型",
    "targets": "对象",
    "goals": "目标",
    "documents.goals": "目标数",
    "stance": "立场",
    "stance_cue": "立场依据词",
    "instrument": "政策工具",
    "instrument_cue": "工具依据词",
    "time": "时间",
    "year": "年份",
    "quantities": "数量",
    "rule": "规则",
    "actor_rules": "行动者规则",
    "goal_rules": "目标规则",
    "name": "行动者",
    "type": "类型",
    "surface": "原文写法",
    "as_actor": "作为行动者的措施数",
    "as_target": "作为对象的措施数",
    "score": "相似度",
    "issued": "发文数",
    "articles": "文章",
    "documents.articles": "文章数",
    "measures": "措施数",
    "titles": "文章标题",
    "documents.kind": "文种",
    "documents.number": "发文字号",
    "issuers": "发文机关",
    "written": "成文日期",
    "published": "发布日期",
}

# Columns of the measures table, in order: the keys of measures.jsonl, goal_details left out.
_MEASURE_COLUMNS = (
    "id", "source", "article", "section", "heading", "text", "actors", "actor_names",
    "actor_types", "targets", "goals", "stance", "stance_cue", "instrument", "instrument_cue",
    "time", "year", "quantities", "start", "end", "sentence", "sentence_start", "sentence_end",
    "rule", "actor_rules", "goal_rules",
)
_MEASURE_INTS = ("start", "end", "sentence_start", "sentence_end")

# Excel's limits: rows per sheet, characters per cell.
_EXCEL_ROWS = 1_048_576
_EXCEL_CELL = 32_767


class MissingDependencyError(KGError, ImportError):
    """An optional dependency is not installed; the message says which extra brings it."""


def zh_name(table: str, column: str) -> str:
    """The Chinese header of ``column`` in ``table`` (the column's own name if it has none)."""
    return ZH.get(f"{table}.{column}") or ZH.get(column) or column


def sheet_name(table: str, *, zh: bool = False) -> str:
    """The sheet (and, in English, the CSV file) name of ``table``."""
    return ZH.get(f"table.{table}", table) if zh else table


# --------------------------------------------------------------------------- cell values


def _text(value: Any) -> str:
    """A text cell: ``""`` for nothing, lists joined (see :func:`_joined`)."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return _joined(value)
    if (isinstance(value, float) and value != value) or type(value).__name__ == "NAType":
        return ""  # NaN, pandas.NA
    return str(value)


def _joined(items: Iterable[Any]) -> str:
    """A list as one cell: quantities by their text, everything else as text, joined by "；"."""
    out = []
    for item in items:
        if isinstance(item, Mapping):
            item = item.get("text") or "".join(str(item.get(k, "")) for k in ("comparator", "value", "unit"))
        if item is not None and item != "":
            out.append(str(item))
    return LIST_SEPARATOR.join(out)


def _year(value: Any) -> int | None:
    """A year, or None for none (the graph writes 0 for "no year")."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year or None


def _frame(rows: list[dict[str, Any]], columns: Sequence[str], *, ints: Iterable[str] = (),
           nullable: Iterable[str] = (), bools: Iterable[str] = ()) -> pd.DataFrame:
    """A table with its columns typed: ``ints`` int64, ``nullable`` Int64 (None: missing),
    ``bools`` bool, and every other column text (``str``, ``""`` for nothing)."""
    import pandas as pd

    data = {}
    ints, nullable, bools = set(ints), set(nullable), set(bools)
    for column in columns:
        values = [row.get(column) for row in rows]
        if column in ints:
            data[column] = pd.Series(values, dtype="int64")
        elif column in nullable:
            data[column] = pd.Series(pd.array(values, dtype="Int64"))
        elif column in bools:
            data[column] = pd.Series([bool(v) for v in values], dtype="bool")
        else:
            data[column] = pd.Series([_text(v) for v in values], dtype="str")
    return pd.DataFrame(data, columns=list(columns))


# --------------------------------------------------------------------------- the tables


def measures_table(records: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """One row per measure, in file order (see the module's docstring)."""
    from kg.assemble.tables import measure_id

    rows = []
    for record in records:
        row = {column: record.get(column) for column in _MEASURE_COLUMNS}
        row["id"] = measure_id(record)
        row["year"] = _year(record.get("year"))
        rows.append(row)
    return _frame(rows, _MEASURE_COLUMNS, ints=_MEASURE_INTS, nullable=("year",), bools=("heading",))


def actors_table(graph: nx.MultiDiGraph) -> pd.DataFrame:
    """One row per actor, busiest first: :func:`kg.assemble.tables.actor_table`, flattened."""
    from kg.assemble.tables import actor_table

    table = actor_table(graph)
    columns = list(table.columns)
    return _frame(table.to_dict("records"), columns, ints=("as_actor", "as_target", "issued"))


def goals_table(graph: nx.MultiDiGraph, records: Iterable[Mapping[str, Any]] = ()) -> pd.DataFrame:
    """One row per goal, most pursued first: :func:`kg.assemble.tables.goal_table`, flattened.

    ``year`` is empty where the goal has none; ``quantities`` are the numbers as the text
    writes them (``超过70%``), from the first measure naming the goal in ``records`` (the
    graph's own form, ``>70%; =1000家``, where no record names it): a cell starting with
    ``=`` would be a formula to a spreadsheet.
    """
    from kg.assemble import goal_key
    from kg.assemble.tables import goal_table

    quantities: dict[str, str] = {}
    for record in records:
        for detail in record.get("goal_details") or ():
            quantities.setdefault(f"goal:{goal_key(str(detail.get('text', '')))}",
                                  _joined(detail.get("quantities") or ()))
    table = goal_table(graph)
    rows = table.to_dict("records")
    for row in rows:
        row["year"] = _year(row["year"])
        if row["id"] in quantities:
            row["quantities"] = quantities[row["id"]]
    return _frame(rows, list(table.columns), ints=("measures",), nullable=("year",))


def documents_table(graph: nx.MultiDiGraph, records: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """One row per source file: :func:`kg.assemble.tables.document_table`, flattened."""
    from kg.assemble.tables import document_table

    table = document_table(graph, records)
    records = table.astype(object).where(table.notna(), None).to_dict("records")
    return _frame(records, list(table.columns), ints=("articles", "measures", "actors", "goals"), nullable=("year",))


def edges_table(graph: nx.MultiDiGraph) -> pd.DataFrame:
    """One row per edge: :func:`kg.assemble.tables.edge_table`, with its offsets as integers (empty on
    the edges that come from no sentence: section and article)."""
    from kg.assemble.tables import edge_table

    return _typed(edge_table(graph))


def nodes_table(graph: nx.MultiDiGraph) -> pd.DataFrame:
    """Every node with all its attributes (:func:`kg.assemble.tables.node_table`): ``nodes.csv``."""
    from kg.assemble.tables import node_table

    return _typed(node_table(graph))


def _typed(table: pd.DataFrame) -> pd.DataFrame:
    """A table of graph attributes typed per column. The graph holds strings and integers
    only (kg.assemble), but a pandas column of integers with gaps is float (``1049.0``): such a
    column becomes Int64, empty where missing; integers stay int64, and every other column,
    mixed ones included, is text, ``""`` where missing."""
    import pandas as pd

    typed = {}
    for column in table.columns:
        values = table[column]
        kind = values.dtype.kind
        if kind in "iub":
            typed[column] = values
        elif kind == "f" and values.dropna().map(float.is_integer).all() and values.notna().any():
            typed[column] = values.astype("Int64")
        else:
            typed[column] = pd.Series([_text(v) for v in values], index=values.index, dtype="str")
    return pd.DataFrame(typed, columns=list(table.columns))


def tables(graph: nx.MultiDiGraph, records: Sequence[Mapping[str, Any]], *,
           zh: bool = False, names: Sequence[str] = TABLES) -> dict[str, pd.DataFrame]:
    """The tables ``names`` (default: :data:`TABLES`; ``nodes`` too on request), by name.

    ``zh``: Chinese column headers (:data:`ZH`); the keys stay the English table names.
    """
    makers = {
        "measures": lambda: measures_table(records),
        "actors": lambda: actors_table(graph),
        "goals": lambda: goals_table(graph, records),
        "documents": lambda: documents_table(graph, records),
        "edges": lambda: edges_table(graph),
        "nodes": lambda: nodes_table(graph),
    }
    unknown = [n for n in names if n not in makers]
    if unknown:
        raise KGError(f"unknown table {', '.join(map(repr, unknown))}; choose from {', '.join(makers)}")
    out = {}
    for name in names:
        table = makers[name]()
        if zh:
            table = table.rename(columns={c: zh_name(name, c) for c in table.columns})
        out[name] = table
    return out


# --------------------------------------------------------------------------- CSV


def csv_bytes(table: pd.DataFrame) -> bytes:
    """The table as CSV: UTF-8 with a byte order mark (Excel reads it as UTF-8), CRLF line
    ends (RFC 4180), a header row, empty cells for missing values."""
    return table.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def csv_dtypes(table: pd.DataFrame) -> dict[str, Any]:
    """The ``dtype=`` argument of ``pandas.read_csv`` that reads the table's CSV back as it was."""
    return {column: dtype for column, dtype in table.dtypes.items()}


def read_csv(path: str | Path, dtypes: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """A CSV file written by :func:`write_csv`, read back: ``dtypes`` from :func:`csv_dtypes`
    (text where not given), empty cells empty text or ``<NA>``, never ``nan``."""
    import pandas as pd

    return pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False,
                       dtype=dict(dtypes) if dtypes is not None else "str")


def write_csv(tables: Mapping[str, pd.DataFrame], folder: Path) -> list[Path]:
    """One ``<table>.csv`` per table in ``folder`` (English file names, also with Chinese
    headers), each written atomically; returns the paths."""
    from kg.export.atomic import write_bytes

    folder = Path(folder)
    paths = []
    for name, table in tables.items():
        path = folder / f"{name}.csv"
        write_bytes(path, csv_bytes(table))
        paths.append(path)
    return paths


# --------------------------------------------------------------------------- Excel


def require_openpyxl() -> Any:
    """The openpyxl module, or :class:`MissingDependencyError` naming the extra to install."""
    try:
        import openpyxl
    except ImportError as err:
        raise MissingDependencyError(
            "writing .xlsx needs openpyxl, which is not installed: pip install 'policykg[xlsx]' "
            "(or export CSV: --format csv)") from err
    return openpyxl


# Characters a worksheet cannot hold (XML 1.0 control characters): written as U+FFFD.
_NOT_IN_SHEET = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _sheet_safe(table: pd.DataFrame, name: str) -> pd.DataFrame:
    """The table with its text as a worksheet can hold it: control characters replaced,
    cells cut at Excel's 32,767 characters (logged)."""
    if len(table) + 1 > _EXCEL_ROWS:
        raise OutputError(f"the {name} table has {len(table):,} rows, more than a worksheet holds "
                          f"({_EXCEL_ROWS - 1:,}); export CSV instead: --format csv")
    table = table.copy()
    for column in table.columns:
        if str(table[column].dtype) not in ("str", "string", "object"):
            continue
        values = table[column]
        if values.str.contains(_NOT_IN_SHEET, regex=True).any():
            values = values.str.replace(_NOT_IN_SHEET, "\ufffd", regex=True)
        too_long = values.str.len() > _EXCEL_CELL
        if too_long.any():
            log.warning("%s.%s: %d cells longer than Excel's %d characters, cut", name, column,
                        int(too_long.sum()), _EXCEL_CELL)
            values = values.where(~too_long, values.str.slice(0, _EXCEL_CELL - 1) + "…")
        table[column] = values
    return table


def xlsx_bytes(tables: Mapping[str, pd.DataFrame], *, zh: bool = False) -> bytes:
    """A workbook with one sheet per table (named in Chinese with ``zh``): header row frozen,
    columns sized to their contents, integers as numbers, empty cells for missing values, and
    text always text (a cell starting with ``=`` is not taken for a formula)."""
    import pandas as pd

    require_openpyxl()
    from openpyxl.utils import get_column_letter

    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, table in tables.items():
            sheet = sheet_name(name, zh=zh)
            _sheet_safe(table, name).to_excel(writer, sheet_name=sheet, index=False)
            ws = writer.sheets[sheet]
            ws.freeze_panes = "A2"
            for index, column in enumerate(ws.iter_cols(), 1):
                width = 0
                for number, cell in enumerate(column):
                    if cell.data_type == "f":  # text, not a formula: openpyxl takes "=…" for one
                        cell.data_type = "s"
                    if number < 200 and cell.value is not None:
                        width = max(width, sum(2 if ord(c) > 0x2e7f else 1 for c in str(cell.value)))
                ws.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 6), 60)
    return buffer.getvalue()


def write_xlsx(tables: Mapping[str, pd.DataFrame], path: Path, *, zh: bool = False) -> Path:
    """The workbook of :func:`xlsx_bytes`, written atomically to ``path``."""
    from kg.export.atomic import write_bytes

    write_bytes(Path(path), xlsx_bytes(tables, zh=zh))
    return Path(path)
