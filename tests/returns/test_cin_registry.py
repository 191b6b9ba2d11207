"""The rule registry matches the DfE list, and rule sets change year to year by add/remove."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from continuum.core.working_days import WorkingDayCalendar
from continuum.returns.cin import REGISTRY, RULESETS, parse_cin, ruleset_for
from continuum.returns.cin.engine import _connect
from continuum.returns.cin.registry import CinRule, RuleSet, reference_date_of, rule
from continuum.returns.cin.schema import ELEMENT_OF
from tests.returns.cin_xml import message, write

SPEC = Path(__file__).resolve().parents[2] / "continuum" / "specs" / "cin_validation_rules_2025_26.csv"


def _spec_rows() -> dict[str, dict[str, str]]:
    with SPEC.open(encoding="utf-8", newline="") as fh:
        return {row["code"]: row for row in csv.DictReader(fh)}


def test_2025_26_rule_set_is_exactly_the_dfe_list() -> None:
    spec = _spec_rows()
    assert len(spec) == 109
    assert sorted(RULESETS["2025-26"].codes) == sorted(spec)


@pytest.mark.parametrize("code", sorted(_spec_rows()))
def test_message_and_severity_are_the_dfe_text(code: str) -> None:
    row = _spec_rows()[code]
    registered = REGISTRY[code]
    assert registered.message == row["message"]
    assert registered.severity.value == row["severity"]


def test_every_rule_names_real_tables_and_dfe_fields() -> None:
    tables = {"header", "return", "children", "disabilities", "cin_details", "assessments"}
    tables |= {"assessment_factors", "cin_plan_dates", "section47", "cp_plans", "cp_reviews"}
    groups = {"CINdetails", "Assessments", "Section47", "ChildProtectionPlans", "CINPlanDates"}
    for r in REGISTRY.values():
        assert r.table in tables, r.code
        assert r.fields, r.code
        assert set(r.fields) <= set(ELEMENT_OF.values()) | groups, r.code
        assert r.doc, f"rule {r.code} has no docstring saying why"


def test_reference_date_of_collection_year() -> None:
    assert reference_date_of("2025-26") == date(2026, 3, 31)
    assert RULESETS["2025-26"].reference_date == date(2026, 3, 31)
    with pytest.raises(ValueError, match="2025-26"):
        reference_date_of("2025")
    with pytest.raises(ValueError, match="does not follow"):
        reference_date_of("2025-27")


def test_next_year_is_previous_year_plus_changes() -> None:
    new = CinRule(
        code="9999",
        severity=REGISTRY["8500"].severity,
        message="A made-up rule for the test",
        table="children",
        fields=("LAchildID",),
        sql="SELECT child_id, line FROM children WHERE la_child_id = 'C1'",
        doc="test",
    )
    base = RULESETS["2025-26"]
    nxt = base.next_year("2026-27").add(new).remove("8945Q", "8950Q")
    assert nxt.year == "2026-27"
    assert nxt.reference_date == date(2027, 3, 31)
    assert len(nxt) == len(base) + 1 - 2
    assert "9999" in nxt.codes
    assert "8945Q" not in nxt.codes
    assert len(base) == 109  # the earlier year is untouched
    changed = nxt.add(CinRule(**{**new.__dict__, "message": "Reworded"}))
    assert [r.message for r in changed.rules if r.code == "9999"] == ["Reworded"]
    with pytest.raises(KeyError, match="not in the 2026-27 rule set"):
        nxt.remove("8945Q")


def test_registering_a_code_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="registered twice"):

        @rule("8500", table="children", fields=["LAchildID"])
        def _again() -> str:
            return "SELECT 1"


def test_unknown_year_is_a_clear_error() -> None:
    with pytest.raises(KeyError, match="known years: 2025-26"):
        ruleset_for("1999-00")
    assert isinstance(ruleset_for(None), RuleSet)


@pytest.mark.parametrize("reference", ["2026-03-31", "2025-03-31", "2027-03-31"])
def test_working_day_scalars_match_the_calendar(tmp_path: Path, reference: str) -> None:
    """The SQL join on the working-day table gives the calendar's own answers."""
    calendar = WorkingDayCalendar()
    tables = parse_cin(write(tmp_path, message(reference_date=reference)))
    con = _connect(tables, RULESETS["2025-26"], calendar)
    row = con.sql("SELECT * FROM census").to_arrow_table().to_pylist()[0]
    ref = date.fromisoformat(reference)
    start = date(ref.year - 1, 4, 1)
    assert row["reference_date"] == ref
    assert row["collection_start"] == start
    assert row["start_minus_1wd"] == calendar.add_working_days(start, -1)
    assert row["ref_minus_15wd"] == calendar.add_working_days(ref, -15)
    assert row["ref_minus_45wd"] == calendar.add_working_days(ref, -45)


def test_working_day_scalars_when_reference_date_is_not_a_working_day(tmp_path: Path) -> None:
    calendar = WorkingDayCalendar(extra_closures=[date(2026, 3, 31)])
    tables = parse_cin(write(tmp_path, message()))
    con = _connect(tables, RULESETS["2025-26"], calendar)
    (row,) = con.sql("SELECT ref_minus_15wd, ref_minus_45wd FROM census").fetchall()
    assert row == (
        calendar.add_working_days(date(2026, 3, 31), -15),
        calendar.add_working_days(date(2026, 3, 31), -45),
    )
