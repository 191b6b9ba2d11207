"""Annex A workbook: every list's headings, filled lists, note rows for the rest."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from continuum.returns.export.annex_a import NOT_FILLED, export_annex_a
from tests.returns.test_export_cin import synth_tables


def test_lists(tmp_path: Path) -> None:
    path, counts = export_annex_a(synth_tables(), tmp_path / "annex_a.xlsx", date(2025, 3, 31), months=6)
    wb = load_workbook(path, read_only=True)
    assert len(wb.sheetnames) == 11
    assert counts["list_3"] > 0
    assert counts["list_7"] > 0
    for lst, why in NOT_FILLED.items():
        rows = list(wb[lst.replace("_", " ").title()].iter_rows(values_only=True))
        assert rows[0][0] in ("Child Unique ID", "Individual adopter identifier")
        assert why in rows[1][0]
