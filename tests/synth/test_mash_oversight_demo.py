"""The synthetic borough records the MASH team manager's oversight as a real team does.

Why: the demo team manager's home page said 94 MASH decisions were awaiting oversight, three
working days' worth of a busy MASH: the loader drew an oversight 0 to 5 working days after each
decision, so on any day most of the week's decisions still waited. A MASH team manager reads the
day's decisions that day (most), the next morning (some) or, away for a day or two, a little later.

Known answers:

* a decision made on Christmas Eve 2026 after 17:25 is overseen in working hours on 29, 30 or
  31 December (25 to 28 December are bank holidays and a weekend), mostly on the 29th;
* in a small borough loaded as at a Wednesday's close, no decision made more than three working
  days before (so none made more than five) awaits oversight, the day's own may, and the queue
  holds fewer decisions than the borough makes in a working day;
* nine in ten of the last quarter's decisions were overseen on the day or the next working day,
  and a few later; every oversight is by a MASH team manager, on a working day, in working hours.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from continuum.core.clock import END_OF_WORKING_DAY
from continuum.core.working_days import WorkingDayCalendar
from continuum.journey.models import Contact
from continuum.synth.loading.front_door import oversight_at
from continuum.synth.model import Borough
from continuum.synth.params import Params
from continuum.synth.simulate import SimConfig
from tests import boroughs

CAL = WorkingDayCalendar()
WEDNESDAY = date(2025, 11, 12)
SMALL = SimConfig(
    years=1,
    seed=3,
    warm_up_years=3,
    as_of=WEDNESDAY,
    params=replace(Params(), new_children_per_year=1500.0, uasc_per_year=6.0),
)
CLOSE = datetime.combine(WEDNESDAY, END_OF_WORKING_DAY)


def test_a_christmas_eve_decision_is_overseen_after_the_bank_holidays() -> None:
    decided = datetime(2026, 12, 24, 17, 26)  # the earliest oversight, 5 minutes on, is after 17:30
    taken = datetime(2027, 1, 8, 17, 30)
    times = [
        oversight_at(SimpleNamespace(contact_id=f"CT{n:06d}", mash_decision_datetime=decided), CAL, taken)
        for n in range(400)
    ]
    assert all(t is not None and time(9, 0) <= t.time() <= END_OF_WORKING_DAY for t in times)
    days = Counter(t.date() for t in times if t is not None)
    assert set(days) == {date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31)}
    assert days[date(2026, 12, 29)] >= 0.8 * len(times)  # same day (out of hours) or next day: 90%


def test_an_oversight_after_the_records_were_taken_is_not_recorded() -> None:
    decided = datetime(2025, 11, 12, 16, 0)
    contacts = [SimpleNamespace(contact_id=f"CT{n:06d}", mash_decision_datetime=decided) for n in range(50)]
    assert all(oversight_at(c, CAL, decided) is None for c in contacts)
    undecided = SimpleNamespace(contact_id="CT000001", mash_decision_datetime=None)
    assert oversight_at(undecided, CAL, CLOSE) is None


@pytest.fixture(scope="module")
def small() -> Borough:
    return boroughs.simulated(SMALL)


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, small: Borough) -> Iterator[None]:  # type: ignore[no-untyped-def]
    with boroughs.loaded_for_the_module(django_db_blocker, small):
        yield


@pytest.mark.django_db
def test_only_the_last_days_decisions_await_oversight(loaded: None) -> None:
    assert WEDNESDAY.weekday() == 2
    awaiting = Contact.objects.filter(decision_at__isnull=False, manager_oversight_at__isnull=True)
    days = Counter(timezone.localdate(c.decision_at) for c in awaiting)
    assert days[WEDNESDAY] > 0, "the day's own decisions may still await oversight"
    assert min(days) >= CAL.add_working_days(WEDNESDAY, -3), sorted(days.items())
    # A working day's decisions, averaged over the last four weeks' working days.
    since = CAL.add_working_days(WEDNESDAY, -20)
    month = Contact.objects.filter(decision_at__date__gt=since, decision_at__date__lte=WEDNESDAY).count()
    assert awaiting.count() < month / 20, (awaiting.count(), month / 20)


@pytest.mark.django_db
def test_most_decisions_are_overseen_the_same_or_next_working_day(loaded: None) -> None:
    quarter = Contact.objects.filter(
        decision_at__date__gte=WEDNESDAY - timedelta(days=91),
        decision_at__date__lte=CAL.add_working_days(WEDNESDAY, -4),
    ).values_list("decision_at", "manager_oversight_at")
    assert len(quarter) > 500
    lags = Counter()
    for decided, overseen in quarter:
        assert overseen is not None
        assert overseen >= decided
        local = timezone.localtime(overseen)
        assert CAL.is_working_day(local.date())
        assert time(9, 0) <= local.time() <= END_OF_WORKING_DAY
        lags[min(CAL.working_days_between(timezone.localdate(decided), local.date()), 9)] += 1
    within_a_day = lags[0] + lags[1]
    assert within_a_day >= 0.85 * len(quarter), sorted(lags.items())
    assert len(quarter) > within_a_day, "a few are overseen later"
    assert max(lags) <= 3, sorted(lags.items())


@pytest.mark.django_db
def test_oversight_is_by_the_mash_team_managers(loaded: None) -> None:
    overseers = set(
        Contact.objects.filter(manager_oversight_at__isnull=False).values_list(
            "manager_oversight_by__role", "manager_oversight_by__team__team_type"
        )
    )
    assert overseers == {("team_manager", "mash")}
    assert not Contact.objects.filter(manager_oversight_at__isnull=False, manager_oversight_by=None).exists()
