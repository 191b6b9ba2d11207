"""Annex A Lists 10 (adoption) and 11 (adopters): known answers from hand-built tables, and the
synthetic borough's lists agreeing with its SSDA903 adoption records."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook

from continuum.returns.export.annex_a import NOT_FILLED, export_annex_a
from tests.returns.test_export_903 import _table, hand_built
from tests.returns.test_export_cin import synth_tables

AT = date(2025, 3, 31)  # the 12 months from 31 March 2024


def _sheet(path: Path, name: str) -> list[tuple]:
    """The sheet's rows, padded to the heading's width (read-only mode drops trailing blanks)."""
    rows = list(load_workbook(path, read_only=True)[name].iter_rows(values_only=True))
    return [tuple(r) + (None,) * (len(rows[0]) - len(r)) for r in rows]


def _d(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d)


def _adopter(aid: str, fam: str, sex: str, eth: str, enquiry: date, **more: object) -> dict:
    return {
        "adopter_id": aid,
        "family_id": fam,
        "sex": sex,
        "ethnicity": eth,
        "enquiry_date": enquiry,
        "fostering_for_adoption": False,
        **more,
    }


def tables() -> dict:
    t = hand_built()
    t["adoptions"] = _table(
        "adoptions",
        [
            # A1: adopted on 1 December 2024 by household F1.
            {
                "adoption_id": "p1",
                "la_child_id": "A1",
                "date_should_be_placed": date(2023, 8, 1),
                "date_placement_order": date(2023, 9, 1),
                "date_ffa_placed": date(2023, 10, 2),
                "date_match": date(2024, 4, 10),
                "date_placed": date(2024, 5, 1),
                "date_adoption_order": date(2024, 12, 1),
                "family_id": "F1",
            },
            # C3: the decision of July 2024 reversed in February 2025 (needs changed).
            {
                "adoption_id": "p2",
                "la_child_id": "C3",
                "date_should_be_placed": date(2024, 7, 1),
                "date_placed_ceased": date(2025, 2, 1),
                "reason_placed_ceased": "RD1",
            },
            # B2: a plan reversed before the period (left out), and one decided after the date (left out).
            {
                "adoption_id": "p3",
                "la_child_id": "B2",
                "date_should_be_placed": date(2022, 3, 1),
                "date_placed_ceased": date(2023, 1, 1),
                "reason_placed_ceased": "RD2",
            },
            {"adoption_id": "p4", "la_child_id": "B2", "date_should_be_placed": date(2025, 4, 2)},
        ],
    )
    t["adopters"] = _table(
        "adopters",
        [
            _adopter(
                "ADR1",
                "F1",
                "F",
                "WBRI",
                date(2022, 1, 5),
                stage1_start=date(2022, 1, 20),
                stage1_end=date(2022, 3, 20),
                stage2_start=date(2022, 4, 1),
                stage2_end=date(2022, 8, 1),
                application_date=date(2022, 4, 1),
                approval_date=date(2022, 9, 1),
                fostering_for_adoption=True,
            ),
            _adopter(
                "ADR2",
                "F1",
                "M",
                "BAFR",
                date(2022, 1, 5),
                disability=False,
                stage1_start=date(2022, 1, 20),
                stage1_end=date(2022, 3, 20),
                stage2_start=date(2022, 4, 1),
                stage2_end=date(2022, 8, 1),
                application_date=date(2022, 4, 1),
                approval_date=date(2022, 9, 1),
                fostering_for_adoption=True,
            ),
            _adopter(
                "ADR3",
                "F2",
                "F",
                "WBRI",
                date(2024, 11, 1),
                stage1_start=date(2024, 11, 20),
                stage1_end=date(2025, 4, 15),
            ),
            _adopter(
                "ADR4",
                "F3",
                "F",
                "WBRI",
                date(2023, 1, 1),
                left_date=date(2023, 6, 1),
                left_reason="WITHDREW",
            ),
            _adopter(
                "ADR5",
                "F4",
                "M",
                "WBRI",
                date(2024, 5, 1),
                disability=True,
                left_date=date(2025, 1, 10),
                left_reason="ON_HOLD",
            ),
        ],
    )
    return t


def test_list_10_known_answers(tmp_path: Path) -> None:
    """A1 entered care on 10 January 2023 (the period of the decision); C3 on 1 June 2024. B2's
    plans are outside the period. Ages on 31 March 2025: A1 12, C3 16."""
    path, counts = export_annex_a(tables(), tmp_path / "a.xlsx", AT)
    assert "list_10" not in NOT_FILLED
    rows = _sheet(path, "List 10")
    assert rows[0][:2] == ("Child Unique ID", "Family identifier")
    assert rows[1:] == [
        (
            "A1",
            None,
            "b) Female",
            "a) White",
            _d(2012, 6, 1),
            12,
            "No",
            _d(2023, 1, 10),
            _d(2023, 8, 1),
            _d(2023, 9, 1),
            _d(2024, 4, 10),
            _d(2024, 5, 1),
            _d(2024, 12, 1),
            None,
            None,
            _d(2023, 10, 2),
        ),
        (
            "C3",
            None,
            "b) Female",
            "a) White",
            _d(2009, 1, 1),
            16,
            "No",
            _d(2024, 6, 1),
            _d(2024, 7, 1),
            None,
            None,
            None,
            None,
            _d(2025, 2, 1),
            "a) Child’s needs changed",
            None,
        ),
    ]
    assert counts["list_10"] == 2


def test_list_11_known_answers(tmp_path: Path) -> None:
    """F1 (two adopters) was matched with A1 and adopted her in the period; F2's stage 1 ends after
    the date (blank); F3 left before the period (left out); F4 put the process on hold."""
    path, counts = export_annex_a(tables(), tmp_path / "a.xlsx", AT)
    rows = _sheet(path, "List 11")
    f1 = (
        _d(2022, 1, 5),
        _d(2022, 1, 20),
        _d(2022, 3, 20),
        _d(2022, 4, 1),
        _d(2022, 8, 1),
        _d(2022, 4, 1),
        _d(2022, 9, 1),
        _d(2024, 4, 10),
        _d(2024, 5, 1),
        1,
        _d(2024, 12, 1),
        None,
        None,
    )
    assert rows[1:] == [
        ("ADR1", "F1", "b) Female", "a) White", "Unknown", "Yes", *f1),
        ("ADR2", "F1", "a) Male", "d) Black or black British", "No", "Yes", *f1),
        (
            "ADR5",
            "F4",
            "a) Male",
            "a) White",
            "Yes",
            "No",
            _d(2024, 5, 1),
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            0,
            None,
            _d(2025, 1, 10),
            "b) Process on hold",
        ),
        (
            "ADR3",
            "F2",
            "b) Female",
            "a) White",
            "Unknown",
            "No",
            _d(2024, 11, 1),
            _d(2024, 11, 20),
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            0,
            None,
            None,
            None,
        ),
    ]
    assert counts["list_11"] == 4


def test_the_synthetic_borough_lists_agree_with_its_adoption_records(tmp_path: Path) -> None:
    """Every child adopted in the 12 months to 31 March 2025 is on List 10 with their order date,
    and every adopter on List 11 whose household adopted then shows the same date."""
    t = synth_tables()
    path, counts = export_annex_a(t, tmp_path / "a.xlsx", AT)
    adopted = {
        (r["la_child_id"], r["date_adoption_order"])
        for r in t["adoptions"].to_pylist()
        if r["date_adoption_order"] and date(2024, 3, 31) <= r["date_adoption_order"] <= AT
    }
    assert adopted
    list10 = _sheet(path, "List 10")
    heading = list10[0].index("Date of Adoption Order")
    shown = {(r[0], r[heading].date()) for r in list10[1:] if r[heading] is not None}
    assert shown == adopted
    assert counts["list_11"] > 0
    families = {
        r["family_id"]
        for r in t["adoptions"].to_pylist()
        if (r["la_child_id"], r["date_adoption_order"]) in adopted
    }
    list11 = _sheet(path, "List 11")
    order = list11[0].index("Date of Adoption Order")
    assert {r[1] for r in list11[1:] if r[order] is not None} == families
