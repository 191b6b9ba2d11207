"""The one way the project says a date: known answers for ``continuum.core.dates`` and its filters."""

from __future__ import annotations

from datetime import UTC, date, datetime

from django.template import Context, Template

from continuum.core.dates import day_words, moment_words


def test_a_single_digit_day_has_no_leading_zero() -> None:
    assert day_words(date(2026, 3, 7)) == "7 Mar 2026"


def test_december_and_its_long_form() -> None:
    assert day_words(date(2026, 12, 7)) == "7 Dec 2026"
    assert day_words(date(2026, 12, 31), long=True) == "31 December 2026"


def test_nothing_recorded_reads_as_nothing() -> None:
    assert day_words(None) == ""
    assert moment_words(None) == ""


def test_a_moment_near_midnight_utc_in_summer_time_is_the_next_day_in_london() -> None:
    # 23:30 UTC on 1 July 2026 is 00:30 on 2 July in British Summer Time (UTC+1).
    late = datetime(2026, 7, 1, 23, 30, tzinfo=UTC)
    assert day_words(late) == "2 Jul 2026"
    assert moment_words(late) == "2 Jul 2026 00:30"
    assert moment_words(late, long=True) == "2 July 2026 00:30"


def test_a_moment_in_winter_is_utc_itself() -> None:
    # 23:30 UTC on 7 December 2026 is 23:30 GMT: the same day.
    assert moment_words(datetime(2026, 12, 7, 23, 30, tzinfo=UTC)) == "7 Dec 2026 23:30"


def test_the_template_filters_say_the_same() -> None:
    page = Template(
        "{% load date_words %}{{ d|day_words }}|{{ d|day_words:'long' }}|"
        "{{ at|moment_words }}|{{ none|day_words }}"
    ).render(Context({"d": date(2026, 12, 7), "at": datetime(2026, 7, 1, 23, 30, tzinfo=UTC), "none": None}))
    assert page == "7 Dec 2026|7 December 2026|2 Jul 2026 00:30|"


def test_the_weekday_forms_of_the_home_page_and_the_clocks() -> None:
    # 7 December 2026 is a Monday.
    assert day_words(date(2026, 12, 7), long=True, weekday=True) == "Monday 7 December 2026"
    assert day_words(date(2026, 12, 7), weekday=True, year=False) == "Mon 7 Dec"
