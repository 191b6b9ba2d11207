"""Shared Word (DOCX) output for reports written with python-docx: headings, paragraphs and tables.

Why a module of its own: the improvement plan's committee report and the partnership's annual report
both give officers a Word copy to edit beside the PDF, drawn from the same content as the HTML; one
table writer keeps their tables alike (a header row in bold, "Table Grid" rules).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def add_table(document: Any, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> Any:
    """A ruled table with a bold header row; every cell is text."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    return table
