"""No report for a month or financial year that has not started: one rule for the page, CLI and job.

Known answers worked by hand, on 7 December 2026 (the demo's day): the latest month is December
2026 (still running, so "to date"); January 2027 has not started. The financial year running is
April 2026 to March 2027 (2026-27); 2027-28 has not started.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.test import override_settings

from continuum.cli import main
from continuum.metrics.periods import PeriodError, financial_year_period, month_period
from continuum.reports import performance_matters as pm
from continuum.reports.reportable import check_month, check_year, to_date_note

from .data import referrals_for_seed

TODAY = date(2026, 12, 7)


def test_the_month_running_may_be_reported_the_next_may_not() -> None:
    check_month(month_period(2026, 11), TODAY)
    check_month(month_period(2026, 12), TODAY)
    with pytest.raises(PeriodError) as refused:
        check_month(month_period(2027, 1), TODAY)
    assert str(refused.value) == (
        "January 2027 has not started yet. The latest month you can report on is December 2026 "
        "(its figures so far)"
    )


def test_the_year_running_may_be_reported_the_next_may_not() -> None:
    check_year(financial_year_period(2026), TODAY)
    with pytest.raises(PeriodError) as refused:
        check_year(financial_year_period(2030), TODAY)
    assert str(refused.value) == (
        "The financial year 2030-31 has not started yet. The latest year you can report on is 2026-27 "
        "(April 2026 to March 2027, its figures so far)"
    )


def test_a_month_still_running_says_so() -> None:
    assert to_date_note(month_period(2026, 12), TODAY) == (
        "December 2026 has not ended: its figures run to 7 December 2026 and will change."
    )
    assert to_date_note(month_period(2026, 11), TODAY) == ""


def test_the_report_itself_refuses_a_future_month() -> None:
    """The draft job and ``./run report`` both reach :func:`pm.build`, so the rule holds for them."""
    with pytest.raises(ValueError, match="January 2027 has not started yet"):
        pm.build(referrals_for_seed(), "2027-01", charts=(), today=TODAY)


def test_the_report_marks_the_month_still_running() -> None:
    report = pm.build(referrals_for_seed(), "2020-07", charts=(), today=date(2020, 7, 15))
    assert report.to_date == "July 2020 has not ended: its figures run to 15 July 2020 and will change."
    assert "July 2020 has not ended" in pm.render_html(report)
    ended = pm.build(referrals_for_seed(), "2020-07", charts=(), today=date(2020, 8, 1))
    assert ended.to_date == ""


@override_settings(CONTINUUM_AS_OF="2026-12-07")
def test_the_command_refuses_a_future_month_and_year(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = str(tmp_path / "out")
    month = main(["report", "performance-matters", "--month", "2027-01", "--out", out])
    assert month == 2
    assert "report: January 2027 has not started yet" in capsys.readouterr().err
    year = main(["report", "board-annual", "--data-up-to", "2030-06-01", "--out", out])
    assert year == 2
    assert "report: The financial year 2030-31 has not started yet" in capsys.readouterr().err
