"""Community safety's periods come from metrics.periods: known answers for each place that used to
work them out itself (the IOM page's month ends, the ASB page's default twelve months, the crime
summary's months and financial year, the pack's last day, MARAC's quarters)."""

from __future__ import annotations

from datetime import date

from django.test import RequestFactory

from continuum.community_safety import marac, pack
from continuum.web.community_safety import pages, views


def test_the_iom_matrix_is_drawn_at_the_end_of_each_of_twelve_months() -> None:
    ends = pages._month_ends(date(2012, 3, 15))
    assert ends[:3] == [date(2011, 4, 30), date(2011, 5, 31), date(2011, 6, 30)]
    assert ends[-3:] == [date(2012, 1, 31), date(2012, 2, 29), date(2012, 3, 15)]  # a leap year
    assert len(ends) == 12


def test_the_asb_page_defaults_to_the_twelve_months_to_the_latest_call() -> None:
    query = RequestFactory().get("/community-safety/asb/").GET
    span = pages._period(query, date(2013, 1, 10))
    assert (span.first, span.last, span.errors) == (date(2012, 2, 1), date(2013, 1, 10), [])
    span = pages._period(query, None)
    assert (span.first, span.last, span.errors) == (None, None, [])


def test_a_month_in_an_old_link_is_written_yyyy_mm_and_nothing_else() -> None:
    field = views.MonthRangeForm.base_fields["first"]
    assert field.from_text("2012-04") == {"month": "4", "year": "2012"}  # type: ignore[attr-defined]
    for bad in ("2012-4", "2012-13", "Q1-2012", "April 2012", "12-04", ""):
        assert field.from_text(bad) is None  # type: ignore[attr-defined]


def test_the_packs_last_day_and_the_quarters() -> None:
    assert pack.Period(date(2012, 4, 1), date(2012, 2, 1)).end == date(2012, 2, 29)
    assert pack.Period(date(2012, 4, 1), date(2012, 9, 1)).end == date(2012, 9, 30)
    assert marac.quarter_of(date(2025, 4, 1)) == (2025, 1)  # Q1 of 2025-26 is April to June 2025
    assert marac.quarter_of(date(2025, 6, 30)) == (2025, 1)
    assert marac.quarter_of(date(2026, 3, 31)) == (2025, 4)
    assert marac.Quarter(2025, 1).label == "Q1 2025-26"
    assert marac.Quarter(1999, 4).label == "Q4 1999-00"


def test_a_bad_span_is_said_in_the_same_words_for_days_and_months() -> None:
    query = RequestFactory().get("/community-safety/asb/", {"from": "2012-4-1", "to": "2012-03-31"}).GET
    span = pages._period(query, None)
    assert (span.first, span.last) == (None, None)
    assert span.errors == [
        ("id_first-day", "First day must be a date written as YYYY-MM-DD, like 2012-04-01")
    ]
    query = RequestFactory().get("/community-safety/asb/", {"from": "2012-04-01", "to": "2012-03-31"}).GET
    assert pages._period(query, None).errors == [
        ("id_last-day", "The last day must be the same as or after the first day")
    ]
    query = RequestFactory().get("/", {"from": "2012-05", "to": "2012-4"}).GET
    span = views.read_range(views.MonthRangeForm, query, "month", {"first": "2012-04", "last": "2012-09"})
    assert (span.first, span.last) == (None, None)
    assert span.errors == [("id_last-month", "Last month must be a month written as YYYY-MM, like 2012-09")]
    query = RequestFactory().get("/", {"from": "2012-05", "to": "2012-04"}).GET
    assert views.read_range(views.MonthRangeForm, query, "month", {}).errors == [
        ("id_last-month", "The last month must be the same as or after the first month")
    ]


def test_the_iom_page_looks_back_three_whole_months_whatever_the_day() -> None:
    """30 September and 15 March both start from the month three before theirs (it was 92 days back,
    which gave 1 June for the first but 1 November, four months, for the second)."""
    from continuum.web.community_safety.pages import default_since

    assert default_since(date(2012, 9, 30)) == date(2012, 6, 1)
    assert default_since(date(2013, 3, 15)) == date(2012, 12, 1)
    assert default_since(date(2013, 1, 1)) == date(2012, 10, 1)
