"""The synthetic borough visits three-monthly only where it records long-term fostering.

Why: reg 28(2)(c) of the Care Planning Regulations 2010 allows visits every 3 months after a
placement's first year only where the placement is intended to last until 18; any other is
visited every 6 weeks for as long as it lasts. The work tray and the visits indicator read that
from the permanence plan (long-term fostering). The simulator used to visit every placement
about every 12 weeks after a year while recording no plan, so the demo's trays showed many
looked-after children overdue for a visit who were visited just as the simulator meant.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from itertools import pairwise

import pytest

from continuum.journey.models import CLAEpisode, PermanencePlan
from continuum.journey.worktray import next_due_for_child
from continuum.people.models import Child
from continuum.synth.journey.draws import add_years
from continuum.synth.model import Borough, Visit
from continuum.synth.model import CLAEpisode as SimEpisode
from tests.boroughs import loaded_for_the_module, simulated

from .conftest import END
from .test_load import SMALL

FOSTER = {"U1", "U2", "U3", "U4", "U5", "U6"}
#: Six-weekly visits are drawn about 38 days apart (standard deviation 4): none is 8 weeks apart.
SIX_WEEKLY_AT_MOST = 56


@pytest.fixture(scope="module")
def small() -> Borough:
    return simulated(SMALL)


def _visits_in(episode: SimEpisode, visits: list[Visit]) -> list[Visit]:
    end = episode.dec or date.max
    return sorted((v for v in visits if episode.decom <= v.visit_date < end), key=lambda v: v.visit_date)


def _episodes_with_visits(borough: Borough) -> Iterator[tuple[SimEpisode, list[Visit]]]:
    visits: dict[str, list[Visit]] = defaultdict(list)
    for v in borough["visits"]:
        if v.visit_type == "CLA":
            visits[v.la_child_id].append(v)
    for e in borough["cla_episodes"]:
        yield e, _visits_in(e, visits[e.la_child_id])


def test_only_long_term_fostering_is_visited_three_monthly_after_its_first_year(small: Borough) -> None:
    long_gaps = 0
    for e, visits in _episodes_with_visits(small):
        for earlier, later in pairwise(visits):
            if (later.visit_date - earlier.visit_date).days > 60:
                long_gaps += 1
                assert e.long_term is True, e
                assert e.permanence_plan == "LONG_TERM_FOSTERING", e
                assert e.place in FOSTER, e
                assert earlier.visit_date >= add_years(e.decom, 1), (e, earlier)
    assert long_gaps > 20  # the borough has long-term foster placements, visited so


def test_every_other_placement_is_visited_six_weekly_however_long_it_lasts(small: Borough) -> None:
    lasted_a_year, missed = 0, 0
    for e, visits in _episodes_with_visits(small):
        if e.long_term:
            continue
        assert e.permanence_plan is None, e
        if (e.dec or END) > add_years(e.decom, 1):
            lasted_a_year += 1
        for earlier, later in pairwise(visits):
            assert (later.visit_date - earlier.visit_date).days <= SIX_WEEKLY_AT_MOST, (e, earlier, later)
        # Between the visits where the child was seen, a longer gap only where a visit was missed.
        seen = [v for v in visits if v.seen]
        for earlier, later in pairwise(seen):
            if (later.visit_date - earlier.visit_date).days > SIX_WEEKLY_AT_MOST:
                missed += 1
                assert any(earlier.visit_date < v.visit_date < later.visit_date for v in visits), e
    assert lasted_a_year > 5  # children's homes and the like that lasted a year are among them
    assert missed > 0  # and the simulator's missed visits are still there


def test_a_plan_is_recorded_once_a_foster_placement_has_lasted_a_year_and_kept_through_the_placement(
    small: Borough,
) -> None:
    for e in small["cla_episodes"]:
        if not e.long_term:
            continue
        assert e.place in FOSTER, e
    by_child: dict[str, list[SimEpisode]] = defaultdict(list)
    for e in small["cla_episodes"]:
        by_child[e.la_child_id].append(e)
    for episodes in by_child.values():
        episodes.sort(key=lambda e: e.decom)
        for before, after in pairwise(episodes):
            # A change of legal status alone (RNE L) is the same placement: the plan stays.
            if after.rne == "L" and before.dec == after.decom and before.long_term:
                assert after.permanence_plan == "LONG_TERM_FOSTERING", after


# --- The case record ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def loaded(small: Borough, django_db_setup, django_db_blocker) -> Iterator[None]:  # type: ignore[no-untyped-def]
    with loaded_for_the_module(django_db_blocker, small):
        yield


@pytest.mark.django_db
def test_the_case_record_holds_the_plans_and_the_work_tray_reads_them(small: Borough, loaded: None) -> None:
    planned = sum(1 for e in small["cla_episodes"] if e.permanence_plan == "LONG_TERM_FOSTERING")
    assert planned > 0
    assert CLAEpisode.objects.filter(permanence_plan=PermanencePlan.LONG_TERM_FOSTERING).count() == planned
    assert CLAEpisode.objects.exclude(permanence_plan="").count() == planned
    # Each child in a long-term foster placement on the borough's last day whose last visit was
    # after the placement's first year: the work tray's next visit is the three-monthly one.
    as_of = END
    visits: dict[str, list[date]] = defaultdict(list)
    for v in small["visits"]:
        if v.visit_type == "CLA":
            visits[v.la_child_id].append(v.visit_date)
    checked = 0
    for e in small["cla_episodes"]:
        if not (e.long_term and e.rne != "L" and e.decom <= as_of and e.dec is None):
            continue
        done = [d for d in visits[e.la_child_id] if e.decom <= d <= as_of]
        if len(done) < 2 or max(done) < add_years(e.decom, 1):
            continue
        child = Child.objects.get(la_child_id=e.la_child_id)
        (item,) = [i for i in next_due_for_child(child, as_of) if i.subject.record_type == "placement"]
        assert item.rule_code == "cla_visit_long_term", (e, item)
        checked += 1
    assert checked > 0
