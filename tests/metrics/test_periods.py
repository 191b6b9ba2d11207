"""Period labels: what each one covers, the derived comparison periods, and bad input."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from continuum.metrics.periods import (
    PeriodError,
    PeriodKind,
    month_period,
    months_between,
    parse_financial_year,
    parse_month,
    parse_period,
    period_of,
)


@pytest.mark.parametrize(
    ("label", "start", "end", "kind"),
    [
        ("2024-07", date(2024, 7, 1), date(2024, 7, 31), PeriodKind.MONTH),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), PeriodKind.MONTH),  # leap year
        ("Q1-2024", date(2024, 4, 1), date(2024, 6, 30), PeriodKind.QUARTER),  # financial Q1 = Apr-Jun
        ("Q3-2024", date(2024, 10, 1), date(2024, 12, 31), PeriodKind.QUARTER),
        (
            "Q4-2024",
            date(2025, 1, 1),
            date(2025, 3, 31),
            PeriodKind.QUARTER,
        ),  # Q4 is in the next calendar year
        ("2024-25", date(2024, 4, 1), date(2025, 3, 31), PeriodKind.FINANCIAL_YEAR),
        ("1999-00", date(1999, 4, 1), date(2000, 3, 31), PeriodKind.FINANCIAL_YEAR),
        ("FY2011-12", date(2011, 4, 1), date(2012, 3, 31), PeriodKind.FINANCIAL_YEAR),
        ("2011-12", date(2011, 12, 1), date(2011, 12, 31), PeriodKind.MONTH),  # the clash: month wins
        ("R12-2024-07", date(2023, 8, 1), date(2024, 7, 31), PeriodKind.ROLLING_12),
        ("R12-2024-12", date(2024, 1, 1), date(2024, 12, 31), PeriodKind.ROLLING_12),
        (" q2-2024 ", date(2024, 7, 1), date(2024, 9, 30), PeriodKind.QUARTER),  # case and spaces forgiven
    ],
)
def test_labels(label: str, start: date, end: date, kind: PeriodKind) -> None:
    p = parse_period(label)
    assert (p.start, p.end, p.kind) == (start, end, kind)


@pytest.mark.parametrize(
    "label",
    [
        "2024-13",
        "2024-00",
        "2024-27",
        "Q5-2024",
        "Q0-2024",
        "R12-2024-13",
        "",
        "July 2024",
        "2024-7",
        "FY2024-26",
    ],
)
def test_bad_labels_say_what_is_accepted(label: str) -> None:
    with pytest.raises(PeriodError) as err:
        parse_period(label)
    assert label.strip() in str(err.value) or "financial year" in str(err.value)


def test_non_string_is_an_error() -> None:
    with pytest.raises(PeriodError, match="must be a string"):
        parse_period(2024)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("label", "previous", "last_year"),
    [
        ("2024-01", "2023-12", "2023-01"),
        ("Q1-2024", "Q4-2023", "Q1-2023"),
        ("Q4-2024", "Q3-2024", "Q4-2023"),
        ("2024-25", "2023-24", "2023-24"),
        ("R12-2024-07", "R12-2024-06", "R12-2023-07"),
        ("R12-2024-01", "R12-2023-12", "R12-2023-01"),
    ],
)
def test_comparison_periods(label: str, previous: str, last_year: str) -> None:
    p = parse_period(label)
    assert p.previous().label == previous
    assert p.same_period_last_year().label == last_year


def test_months_and_last_12_months() -> None:
    fy = parse_period("2024-25")
    assert [m.label for m in fy.months()][:2] == ["2024-04", "2024-05"]
    assert len(fy.months()) == 12
    assert fy.months()[-1].label == "2025-03"
    q1 = parse_period("Q1-2024")
    last12 = q1.last_12_months()
    assert (last12[0].label, last12[-1].label, len(last12)) == ("2023-07", "2024-06", 12)


@given(st.integers(1990, 2100), st.integers(1, 12))
def test_month_labels_round_trip(year: int, month: int) -> None:
    p = month_period(year, month)
    assert parse_period(p.label) == p
    r12 = parse_period(f"R12-{p.label}")
    assert r12.end == p.end
    assert len(r12.months()) == 12
    assert r12.months()[-1] == p


def test_an_annual_reports_year_is_always_a_financial_year() -> None:
    # "2011-12" is December 2011 to parse_period, but April 2011 to March 2012 to an annual report.
    assert (parse_financial_year("2011-12").start, parse_financial_year("2011-12").end) == (
        date(2011, 4, 1),
        date(2012, 3, 31),
    )
    assert parse_financial_year(" fy1999-00 ").end == date(2000, 3, 31)
    assert parse_financial_year("2024-25").kind is PeriodKind.FINANCIAL_YEAR
    for bad in ("2024-26", "2024-07", "2024", "24-25", "", "2024/25"):
        with pytest.raises(PeriodError, match="financial year written like 2024-25"):
            parse_financial_year(bad)


@given(st.integers(min_value=1900, max_value=2998))
def test_every_financial_year_label_reads_back(first: int) -> None:
    label = f"{first}-{(first + 1) % 100:02d}"
    year = parse_financial_year(label)
    assert (year.start, year.end, year.label) == (date(first, 4, 1), date(first + 1, 3, 31), label)


def test_a_period_in_words_for_a_caption() -> None:
    assert parse_period("2026-10").words == "October 2026"
    assert parse_period("Q1-2026").words == "April to June 2026"
    assert parse_period("2025-26").words == "April 2025 to March 2026"
    assert parse_period("R12-2026-10").words == "12 months to October 2026"
    assert parse_financial_year("2011-12").words == "April 2011 to March 2012"


def test_the_period_a_day_falls_in() -> None:
    """Known answers: Q1 of 2025-26 is April-June 2025; a day in March 2026 is in Q4 of 2025-26."""
    q1 = period_of(date(2025, 5, 15), PeriodKind.QUARTER)
    assert (q1.label, q1.start, q1.end, q1.words) == (
        "Q1-2025",
        date(2025, 4, 1),
        date(2025, 6, 30),
        "April to June 2025",
    )
    assert period_of(date(2026, 3, 31), PeriodKind.QUARTER).label == "Q4-2025"
    assert period_of(date(2026, 3, 31), PeriodKind.FINANCIAL_YEAR).label == "2025-26"
    assert period_of(date(2025, 4, 1), PeriodKind.FINANCIAL_YEAR).label == "2025-26"
    assert period_of(date(2024, 2, 10)).end == date(2024, 2, 29)
    assert period_of(date(2024, 7, 3), PeriodKind.ROLLING_12).label == "R12-2024-07"


@given(st.dates(date(1900, 4, 1), date(2998, 12, 31)), st.sampled_from(list(PeriodKind)))  # labels: 1900-2999
def test_a_day_is_inside_its_period(day: date, kind: PeriodKind) -> None:
    period = period_of(day, kind)
    assert period.start <= day <= period.end
    assert period.kind is kind
    reread = parse_financial_year if kind is PeriodKind.FINANCIAL_YEAR else parse_period  # 2011-12
    assert reread(period.label) == period


def test_the_months_between_two_days() -> None:
    """Known answer: the months of 2025-26 run April 2025 to March 2026."""
    months = months_between(date(2025, 4, 1), date(2026, 3, 31))
    assert [m.label for m in months][:2] == ["2025-04", "2025-05"]
    assert (len(months), months[-1].label) == (12, "2026-03")
    assert months == parse_financial_year("2025-26").months()
    assert months_between(date(2025, 4, 30), date(2025, 4, 1)) == [month_period(2025, 4)]  # days ignored
    assert months_between(date(2025, 5, 1), date(2025, 4, 30)) == []


def test_a_month_is_read_only_as_a_month() -> None:
    assert parse_month(" 2012-04 ") == month_period(2012, 4)
    for bad in ("2012-13", "2012-4", "2012-00", "Q1-2012", "2012", "", "1812-04"):
        with pytest.raises(PeriodError):
            parse_month(bad)
