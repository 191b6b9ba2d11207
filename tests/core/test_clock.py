"""The one clock: the real day and moment, or the ``CONTINUUM_AS_OF`` day a demo borough lives on."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.utils import timezone

from continuum.core import clock


@override_settings(CONTINUUM_AS_OF="")
def test_without_the_setting_the_clock_is_the_real_one() -> None:
    assert clock.as_of() is None
    assert clock.today() == timezone.localdate()
    assert abs(clock.now() - timezone.now()) < timedelta(seconds=5)


@override_settings(CONTINUUM_AS_OF="2026-11-30")
def test_the_as_of_day_is_today() -> None:
    assert clock.as_of() == date(2026, 11, 30)
    assert clock.today() == date(2026, 11, 30)


@override_settings(CONTINUUM_AS_OF="2026-11-30")
def test_now_is_on_the_as_of_day_after_its_working_hours() -> None:
    moment = clock.now()
    assert timezone.is_aware(moment)
    local = timezone.localtime(moment)
    assert local.date() == date(2026, 11, 30)
    # Never before the end of the day's working hours, when the demo borough's records were taken.
    assert local.time() >= clock.END_OF_WORKING_DAY == time(17, 30)
    later_of = max(timezone.localtime().time(), clock.END_OF_WORKING_DAY)
    assert abs(datetime.combine(date.min, local.time()) - datetime.combine(date.min, later_of)) < timedelta(
        seconds=5
    )


@override_settings(CONTINUUM_AS_OF="2026-03-29")
def test_now_on_a_clock_change_day_is_in_summer_time() -> None:
    # 29 March 2026: the clocks went forward at 01:00; 17:30 or later that day is BST (UTC+1).
    assert timezone.localtime(clock.now()).utcoffset() == timedelta(hours=1)


@override_settings(CONTINUUM_AS_OF="30/11/2026")
def test_a_badly_written_day_is_refused_in_one_sentence() -> None:
    with pytest.raises(ImproperlyConfigured, match="CONTINUUM_AS_OF must be a date written YYYY-MM-DD"):
        clock.today()


@override_settings(CONTINUUM_AS_OF="2026-11-30")
def test_the_services_future_date_check_uses_the_as_of_day() -> None:
    """A date after the as-of day is in the future for the services, though not for the real calendar."""
    from continuum.journey.errors import JourneyRuleError, Rule
    from continuum.journey.services._base import Step

    step = Step("record_test", "record a test", None, None)
    step.check_date(date(2026, 11, 30), "date")
    step.check_date(clock.now(), "time")
    with pytest.raises(JourneyRuleError) as caught:
        step.check_date(date(2026, 12, 1), "date")
    assert caught.value.rule == Rule.FUTURE_DATE
