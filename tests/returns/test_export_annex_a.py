"""Annex A workbook of the synthetic borough: every list's headings, and every cell a cleaner accepts."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from continuum.returns.export.annex_a import NOT_FILLED, export_annex_a
from tests.returns.test_annex_a_columns import assert_cells_in_lists
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


def test_the_synthetic_borough_passes_a_cleaner(tmp_path: Path) -> None:
    """Every yes/no, source and category cell is one of its list's codes; the care leavers'
    accommodation is a believable mix (no "Deported" fifth); filled columns are filled."""
    path, _ = export_annex_a(synth_tables(), tmp_path / "annex_a.xlsx", date(2025, 3, 31), months=12)
    wb = load_workbook(path, read_only=True)
    got = {}
    for name in wb.sheetnames:
        head, *body = wb[name].iter_rows(values_only=True)
        got[name] = [dict(zip(head, r + (None,) * (len(head) - len(r)), strict=True)) for r in body]
    assert_cells_in_lists(got)
    # No cell holds one of the record's codes (CHILDRENS_SOCIAL_CARE), which is not words: the
    # columns the lists give no labels (List 2's organisation) are written in words too.
    codes = {
        (sheet, column, value)
        for sheet, rows in got.items()
        for r in rows
        for column, value in r.items()
        if isinstance(value, str) and re.fullmatch(r"[A-Z]+(?:_[A-Z]+)*", value) and len(value) > 3
    }
    assert not codes, sorted(codes)[:5]
    assert {r["Organisation completing assessment"] for r in got["List 2"]} >= {"Education", "Housing"}
    accommodation = Counter(r["Type of Accommodation"] for r in got["List 9"] if r["Type of Accommodation"])
    total = sum(accommodation.values())
    assert total > 50
    assert accommodation["f) Deported"] / total < 0.02
    assert accommodation["k) Independent living"] == max(accommodation.values())
    for sheet, column in [
        ("List 4", "Was the child assessed as requiring LA children's social care support?"),
        ("List 5", "Number of Section 47 Enquiries in the last 12 months"),
        ("List 7", "Date of the Last Statutory Visit"),
        ("List 7", "Was the Child Seen Alone?"),
        ("List 7", "Date of latest review conference"),
        ("List 8", "Date of Last IRO Visit / Contact to the Child"),
        ("List 3", "Allocated Worker"),
        ("List 9", "Allocated Worker"),
    ]:
        assert any(r[column] is not None for r in got[sheet]), (sheet, column)
