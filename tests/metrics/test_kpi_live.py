"""``./run kpi`` on the live database: records made through the journey services, figures worked out by hand.

The command runs without ``--parquet``, so it extracts the analytical tables
from the database the test runs against (the throwaway PostgreSQL), exactly as
it would from ``DATABASE_URL`` in production.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from continuum.cli import main
from continuum.journey import services as s
from continuum.people.models import Child

LONDON = ZoneInfo("Europe/London")


def _at(y: int, m: int, d: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(y, m, d, hour, minute, tzinfo=LONDON)


def _child(la_child_id: str, born: date) -> Child:
    return s.register_child(
        la_child_id=la_child_id,
        first_name="Test",
        last_name="Child",
        person_birth_date=born,
        sex="F",
        ethnicity="WBRI",
        by=None,
    )


def _in_care(child: Child, since: date) -> None:
    s.start_cla_episode(child=child, decom=since, ls="C2", cin="N1", place="U1", in_borough=True, by=None)


def _missing(child: Child, went: datetime, back: datetime, offered: datetime) -> None:
    episode = s.record_missing_episode(
        child=child, missing="M", mis_start=went, where_from="placement_in_borough", by=None
    )
    episode = s.end_missing_episode(missing_episode=episode, mis_end=back, expected_version=1, by=None)
    s.record_return_home_interview(
        missing_episode=episode,
        rhi_offered_at=offered,
        rhi_accepted=True,
        expected_version=episode.version,
        by=None,
    )


@pytest.fixture
def borough() -> None:
    """Three children; the answers for 2024-25 (period end 31 March 2025) are in each test."""
    # A: aged 12, in care since January 2023 (over 12 months at 31 March 2025).
    a = _child("KPI-A", date(2012, 5, 1))
    _in_care(a, date(2023, 1, 10))
    s.record_pep(child=a, pep_date=date(2024, 10, 1), by=None)  # due again 1 April 2025: up to date
    # Health assessment exactly 12 months before the period end: due on 31 March, in time.
    s.record_health_assessment(child=a, assessment_date=date(2024, 3, 31), kind="review", by=None)
    s.record_dental_check(child=a, check_date=date(2024, 3, 30), by=None)  # due 30 March 2025: overdue
    # Returned on Christmas Eve at 10:00, offered at 10:00 on 27 December: exactly 72 hours across
    # two bank holidays (clock hours, so in time).
    _missing(a, _at(2024, 12, 23, 20), _at(2024, 12, 24, 10), _at(2024, 12, 27, 10))
    # Returned 10 January 09:00, offered 13 January 09:01: one minute late.
    _missing(a, _at(2025, 1, 9, 22), _at(2025, 1, 10, 9), _at(2025, 1, 13, 9, 1))
    # B: aged 4 at the period end, in care since 2022: health assessments are due 6-monthly.
    b = _child("KPI-B", date(2020, 6, 1))
    _in_care(b, date(2022, 2, 1))
    s.record_health_assessment(child=b, assessment_date=date(2024, 9, 30), kind="review", by=None)
    s.record_dental_check(child=b, check_date=date(2024, 6, 1), by=None)
    # C: early help only. One episode April 2024 to February 2025, one started on 31 March 2025.
    c = _child("KPI-C", date(2016, 1, 1))
    first = s.start_early_help(child=c, eha_start_date=date(2024, 5, 1), by=None)
    s.end_early_help(early_help=first, eha_end_date=date(2025, 2, 3), expected_version=1, by=None)
    s.start_early_help(
        child=c, eha_start_date=date(2025, 3, 31), lead_professional_agency="education", by=None
    )


def _kpi(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, dict]:
    assert main(["kpi", "--period", "2024-25", "--format", "json", *args]) == 0
    return {e["code"]: e for e in json.loads(capsys.readouterr().out)}


@pytest.mark.django_db
def test_kpi_reads_the_live_database(borough: None, capsys: pytest.CaptureFixture[str]) -> None:
    codes = ("eh_opened", "eh_closed", "eh_open", "pep_up_to_date", "health_assessment_up_to_date")
    out = _kpi(
        capsys, *(x for code in (*codes, "dental_up_to_date", "rhi_offered_72h") for x in ("--code", code))
    )
    got = {code: (e["numerator"], e["denominator"], e["value"]) for code, e in out.items()}
    assert got == {
        "eh_opened": (2, None, 2),  # 1 May 2024 and 31 March 2025 (the year's last day)
        "eh_closed": (1, None, 1),
        "eh_open": (1, None, 1),  # the one started on 31 March
        "pep_up_to_date": (1, 1, 100.0),  # A only: B is 4
        "health_assessment_up_to_date": (1, 2, 50.0),  # A in time on the due day; B (under 5) late
        "dental_up_to_date": (1, 2, 50.0),  # A a day late; B in time
        "rhi_offered_72h": (1, 2, 50.0),  # Christmas: exactly 72 hours; January: a minute over
    }
    for entry in out.values():
        for key in (
            "code",
            "title",
            "value",
            "numerator",
            "denominator",
            "unit",
            "target",
            "rag",
            "comparators",
        ):
            assert key in entry
    assert out["health_assessment_up_to_date"]["rag"] == "R"  # 50% against green 95, amber 85
    assert set(out["health_assessment_up_to_date"]["comparators"]) == {
        "England",
        "London",
        "Statistical neighbours",
    }
    assert out["eh_opened"]["comparators"] == {}  # early help has no national collection


@pytest.mark.django_db
def test_kpi_other_period_kinds_on_the_live_database(
    borough: None, capsys: pytest.CaptureFixture[str]
) -> None:
    def value(period: str, code: str) -> object:
        assert main(["kpi", "--period", period, "--format", "json", "--code", code]) == 0
        (entry,) = json.loads(capsys.readouterr().out)
        return entry["value"]

    assert value("2024-05", "eh_opened") == 1
    assert value("Q1-2024", "eh_opened") == 1  # April-June 2024
    assert value("Q4-2024", "eh_closed") == 1  # January-March 2025
    assert value("R12-2025-02", "eh_opened") == 1  # March 2024 to February 2025
    assert value("2024-12", "rhi_offered_72h") == 100.0


@pytest.mark.django_db
def test_the_new_tables_extract_in_local_time_and_dfe_style_codes(borough: None) -> None:
    from continuum.metrics.extract import extract_tables
    from continuum.metrics.schema import schema_for

    tables = extract_tables()
    for name in ("early_help", "peps", "health_assessments", "dental_checks", "missing"):
        assert tables[name].schema.equals(schema_for(name), check_metadata=True), name
    christmas = min(tables["missing"].to_pylist(), key=lambda m: m["mis_start"])
    assert (christmas["mis_end"], christmas["mis_end_datetime"], christmas["rhi_offered_datetime"]) == (
        date(2024, 12, 24),
        datetime(2024, 12, 24, 10, 0),  # local time, naive (GMT in December)
        datetime(2024, 12, 27, 10, 0),
    )
    assert christmas["rhi_offered"] is True
    open_eh = [e for e in tables["early_help"].to_pylist() if e["eha_end_date"] is None]
    assert [(e["eha_start_date"], e["lead_professional_agency"]) for e in open_eh] == [
        (date(2025, 3, 31), "EDUCATION")
    ]
    kinds = sorted(h["health_assessment_type"] for h in tables["health_assessments"].to_pylist())
    assert kinds == ["REVIEW", "REVIEW"]
    assert sorted(d["dental_check_date"] for d in tables["dental_checks"].to_pylist()) == [
        date(2024, 3, 30),
        date(2024, 6, 1),
    ]
    (pep,) = tables["peps"].to_pylist()
    assert pep["pep_date"] == date(2024, 10, 1)
