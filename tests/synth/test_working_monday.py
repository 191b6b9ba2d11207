"""Issue 11 point 3: the demo borough lives in the present, and on a Monday it looks like one.

The demo borough (seed and years of ``./run demo``) is simulated up to a fixed
Monday, loaded once for the module through the demo's own loader, and the
clock is set to that Monday as ``./run demo --as-of`` sets it. Then the work
trays, the MASH queue and the oversight queue must look like a working day,
not a backlog:

* 85-95% of the assessments completed in the last three months took 45
  working days or fewer (the calibration's definition);
* the median case-holding worker has at most 3 overdue items in "My work";
* 40-80 contacts received on the Monday or the Friday before await a decision;
* no decision awaiting a manager's oversight is more than 5 working days old.

Loading five years takes a minute or two; it is done once, in a transaction
rolled back when the module ends.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
from django.db import transaction
from django.db.models import F
from django.test import override_settings
from django.utils import timezone

import continuum.synth.simulate
from continuum.core import clock
from continuum.core.clock import END_OF_WORKING_DAY
from continuum.core.models import SyntheticBorough
from continuum.core.timescales import Status
from continuum.core.working_days import WorkingDayCalendar
from continuum.journey.models import Contact
from continuum.journey.worktray import work_tray
from continuum.people.caseloads import CASE_HOLDING_ROLES, caseloads
from continuum.synth.calibration import yearly_figures
from continuum.synth.demo import DEMO_SEED, DEMO_YEARS, describe_demo_borough, ensure_demo_borough
from continuum.synth.load import borough_from_database
from continuum.synth.model import Borough
from continuum.synth.simulate import SimConfig, simulate
from tests import boroughs

MONDAY = date(2026, 11, 30)
CAL = WorkingDayCalendar()
FRIDAY = CAL.add_working_days(MONDAY, -1)


@pytest.fixture(scope="module")
def simulated() -> Borough:
    return boroughs.simulated(SimConfig(years=DEMO_YEARS, seed=DEMO_SEED, as_of=MONDAY))


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """The demo borough as ``./run demo --as-of 2026-11-30`` loads it, rolled back afterwards."""
    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch, transaction.atomic():
        patch.setenv("CONTINUUM_LA_CODE", "302")  # the loader's default would outlive the module
        # The demo's own loader, drawing the session's copy of the borough instead of a second one.
        patch.setattr(continuum.synth.simulate, "simulate", boroughs.simulated)
        with override_settings(CONTINUUM_AS_OF=MONDAY.isoformat()):
            assert ensure_demo_borough(as_of=MONDAY)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def on_monday(loaded: None, db: None) -> Iterator[None]:
    with override_settings(CONTINUUM_AS_OF=MONDAY.isoformat()):
        assert clock.today() == MONDAY
        yield


def test_the_borough_reports_five_complete_years_and_runs_on_to_the_monday(simulated: Borough) -> None:
    assert MONDAY.weekday() == 0
    assert date(2026, 11, 27) == FRIDAY
    assert simulated.extracted_on == MONDAY
    assert simulated.years == [(date(y, 4, 1), date(y + 1, 3, 31)) for y in range(2021, 2026)]
    taken = datetime.combine(MONDAY, END_OF_WORKING_DAY)
    assert max(c.contact_datetime for c in simulated["contacts"]) <= taken
    assert max(r.cin_referral_date for r in simulated["referrals"]) == MONDAY
    assert max(v.visit_date for v in simulated["visits"]) <= MONDAY
    # A contact still awaiting its decision has nothing behind it yet.
    waiting = [c for c in simulated["contacts"] if c.mash_decision_datetime is None]
    assert waiting
    assert all(c.referral_id is None and c.mash_outcome is None for c in waiting)


def test_as_of_and_last_year_end_exclude_each_other() -> None:
    with pytest.raises(ValueError, match="as_of or last_year_end"):
        simulate(SimConfig(years=1, as_of=MONDAY, last_year_end=date(2026, 3, 31)))


def test_the_borough_remembers_its_day(on_monday: None) -> None:
    row = SyntheticBorough.objects.get()
    assert (row.as_of, row.seed, row.years) == (MONDAY, DEMO_SEED, DEMO_YEARS)
    assert describe_demo_borough(MONDAY) == "The synthetic borough is as of Monday 30 November 2026 (today)."
    assert describe_demo_borough(MONDAY + timedelta(days=5)) == (
        "The synthetic borough is as of Monday 30 November 2026, "
        "5 days before today (Saturday 5 December 2026). "
        "Run ./run demo --refresh to bring it up to today; records you entered are kept."
    )


def test_assessments_of_the_last_three_months_are_mostly_within_45_working_days(on_monday: None) -> None:
    window = (date(2026, 9, 1), MONDAY)
    back = borough_from_database(years=[window], extracted_on=MONDAY, child_population=1)
    figures = yearly_figures(back)[0]
    assert figures["assessments"] > 500  # about 240 a month
    assert 0.85 <= figures["assessments_45wd"] <= 0.95, figures["assessments_45wd"]


def test_the_median_case_holder_has_at_most_three_overdue_items(on_monday: None) -> None:
    holders = [c for c in caseloads(MONDAY) if c.count and c.role in CASE_HOLDING_ROLES]
    assert len(holders) > 40
    overdue = [
        sum(1 for line in work_tray(worker=c.worker_id) if line.status is Status.OVERDUE)  # as "My work"
        for c in holders
    ]
    assert statistics.median(overdue) <= 3, sorted(overdue)


def test_the_mash_queue_holds_the_monday_and_the_friday_before(on_monday: None) -> None:
    waiting = Contact.objects.filter(decision_at__isnull=True)
    days = [timezone.localdate(c.received_at) for c in waiting]
    recent = sum(1 for d in days if d in (MONDAY, FRIDAY))
    assert 40 <= recent <= 80, recent
    assert min(days) >= MONDAY - timedelta(days=7)  # nothing left over from weeks ago


def test_the_oversight_queue_holds_only_the_last_five_working_days(on_monday: None) -> None:
    waiting = Contact.objects.filter(decision_at__isnull=False, manager_oversight_at__isnull=True)
    oldest_allowed = CAL.add_working_days(MONDAY, -5)
    decided = sorted(timezone.localdate(c.decision_at) for c in waiting)
    assert decided, "some recent decisions await oversight"
    assert decided[0] >= oldest_allowed, decided[:5]
    overseen = Contact.objects.filter(manager_oversight_at__isnull=False)
    assert overseen.count() > 50_000
    # By the MASH team manager, after the decision, and never after the records were taken.
    manager = overseen.values_list("manager_oversight_by__role", "manager_oversight_by__team__team_type")
    assert set(manager.distinct()) == {("team_manager", "mash")}
    taken = timezone.make_aware(datetime.combine(MONDAY, END_OF_WORKING_DAY))
    latest = overseen.order_by("-manager_oversight_at").first()
    assert latest is not None
    assert latest.manager_oversight_at <= taken
    assert not overseen.filter(manager_oversight_at__lt=F("decision_at")).exists()
