"""Annex A List 2's "Organisation completing assessment" in words, not the record's codes.

The lists give the column no labels (``annex_a_lists.csv``: a string), so an inspector reads what
is written: the lead professional's agency as the early help form words it ("Children's social
care", "Education", "Housing"), never ``CHILDRENS_SOCIAL_CARE``. An agency already in words (an
imported record) is written as it is; none recorded is blank.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from continuum.returns.export.annex_a import export_annex_a
from tests.metrics.builders import table

COLUMN = "Organisation completing assessment"


def test_the_lead_professionals_agency_is_written_in_words(tmp_path: Path) -> None:
    agencies = [
        "CHILDRENS_SOCIAL_CARE",  # as the analytical table holds the record's code (upper case)
        "EDUCATION",
        "HOUSING",
        "HEALTH",
        "OTHER",
        "youth_justice",  # the record's own spelling, lower case
        "School nurse",  # in words already
        None,  # none recorded
    ]
    tables = {
        "children": table("children", {"la_child_id": "E1", "person_birth_date": "2015-01-01"}),
        "early_help": table(
            "early_help",
            *(
                {
                    "la_child_id": "E1",
                    "eha_start_date": f"2025-05-{day:02d}",
                    "lead_professional_agency": agency,
                }
                for day, agency in enumerate(agencies, start=1)
            ),
        ),
    }
    path, counts = export_annex_a(tables, tmp_path / "annex_a.xlsx", date(2026, 3, 31))
    assert counts["list_2"] == len(agencies)
    head, *body = load_workbook(path, read_only=True)["List 2"].iter_rows(values_only=True)
    column = head.index(COLUMN)
    assert [r[column] if column < len(r) else None for r in body] == [
        "Children's social care",
        "Education",
        "Housing",
        "Health",
        "Other",
        "Youth justice",
        "School nurse",
        None,
    ]
