"""Finding 12: a demo loaded in the morning holds no contact received later that day.

A borough simulated up to today ran to the end of today's working hours
(17:30), so at 08:38 the MASH queue showed contacts received at 11:25, 13:55
and 16:09. The demo now takes its records at the moment it loads them; the
draws are the same, only what has not happened yet is left out.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from continuum.synth import demo
from continuum.synth.params import Params
from continuum.synth.simulate import SimConfig, simulate

DAY = date(2025, 11, 12)  # a Wednesday, a working day
MORNING = datetime.combine(DAY, time(8, 38))
SMALL = SimConfig(
    years=1,
    seed=1,
    warm_up_years=3,
    as_of=DAY,
    params=replace(Params(), new_children_per_year=1500.0, uasc_per_year=6.0),
)


@pytest.fixture(scope="module")
def boroughs():  # type: ignore[no-untyped-def]
    return simulate(SMALL), simulate(replace(SMALL, taken_at=MORNING))


def test_no_contact_is_received_or_decided_after_the_moment_taken(boroughs) -> None:  # type: ignore[no-untyped-def]
    whole_day, morning = boroughs
    later = [c for c in whole_day["contacts"] if c.contact_datetime > MORNING]
    assert later, "the uncapped borough has contacts later on the day (else this test proves nothing)"
    assert max(c.contact_datetime for c in morning["contacts"]) <= MORNING
    decided = [c.mash_decision_datetime for c in morning["contacts"] if c.mash_decision_datetime]
    assert max(decided) <= MORNING
    assert morning.extracted_at == MORNING


def test_the_draws_are_the_same_apart_from_the_cap(boroughs) -> None:  # type: ignore[no-untyped-def]
    whole_day, morning = boroughs
    kept = {c.contact_id: c.contact_datetime for c in whole_day["contacts"] if c.contact_datetime <= MORNING}
    assert {c.contact_id: c.contact_datetime for c in morning["contacts"]} == kept


def test_the_demo_takes_its_records_now_only_on_the_day_itself(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(demo.clock, "now", lambda: datetime(2025, 11, 12, 8, 38, tzinfo=ZoneInfo("UTC")))
    assert demo.taken_at(DAY) == MORNING  # London is on GMT in November
    assert demo.taken_at(date(2025, 11, 11)) is None  # a day already over runs to its end
