"""Cells a spreadsheet cannot run: the one guard every CSV and XLSX writer uses.

A text cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is read by Excel, LibreOffice and Google Sheets as a formula, so a value
typed into a record (a child's id of ``=HYPERLINK("//e.x")``, say) would run
when an analyst opens the export (CSV or formula injection). Such text gets a
leading apostrophe, which spreadsheets show as text; numbers, including
negative ones written as text, pass unchanged so figures stay figures.

Writers of Python rows call :func:`safe_cell` / :func:`safe_row`; writers of
Arrow tables (the returns' failures, thousands of rows) call
:func:`safe_arrow_table`, which applies the same rule column by column without
leaving Arrow.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

#: What a spreadsheet reads as the start of a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_STARTS_LIKE_FORMULA = r"^[=+\-@\t\r]"
#: A plain decimal number ("-5", "+1.5", "-2e3"): left alone, a spreadsheet reads it as the number.
_NUMBER = r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$"
_NUMBER_RE = re.compile(_NUMBER)


def safe_cell(value: Any) -> Any:
    """``value`` as a spreadsheet may hold it: formula-looking text quoted, anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER_RE.match(value):
        return "'" + value
    return value


def safe_row(row: Iterable[Any]) -> list[Any]:
    """One row through :func:`safe_cell`."""
    return [safe_cell(value) for value in row]


def safe_arrow_table(table: pa.Table) -> pa.Table:
    """The table with every text column through the same rule as :func:`safe_cell`, vectorised."""
    columns = []
    for field, column in zip(table.schema, table.columns, strict=True):
        if pa.types.is_string(field.type) or pa.types.is_large_string(field.type):
            risky = pc.and_(
                pc.match_substring_regex(column, _STARTS_LIKE_FORMULA),
                pc.invert(pc.match_substring_regex(column, _NUMBER)),
            )
            quoted = pc.binary_join_element_wise(
                pa.scalar("'", field.type), column, pa.scalar("", field.type)
            )
            column = pc.if_else(pc.fill_null(risky, False), quoted, column)
        columns.append(column)
    return pa.Table.from_arrays(columns, schema=table.schema)
