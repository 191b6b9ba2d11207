"""Independent reviewing officers in the synthetic borough (continuum/synth/iro.py, added at load).

Hand-built cases pin the design (allocation days in working days, bank holidays,
periods joined by X1, the cap at the end of care, nothing after the extraction
date, the pool's size and spread); a loaded small borough shows every period of
care with its IRO, the work tray's ``iro_allocated`` clock done, reviews
chaired, and every workforce figure unchanged.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date

import pytest
from django.db import connection

from continuum.core.timescales import Status, load_rules, rules_by_code
from continuum.core.working_days import WorkingDayCalendar
from continuum.journey import models as j
from continuum.journey.worktray import due_items_for_child
from continuum.metrics.engine import Engine
from continuum.metrics.extract import extract_tables
from continuum.metrics.periods import financial_year_period
from continuum.people import models as p
from continuum.synth.calibration import yearly_figures
from continuum.synth.iro import (
    STANDARD_WORKING_DAYS,
    TEAM_NAME,
    CarePeriod,
    IroAllocation,
    allocation_day,
    bucket,
    delay_for,
    periods_of_care,
    plan_iros,
)
from continuum.synth.load import borough_from_database, kept_history_start, violations
from continuum.synth.model import Borough, CLAEpisode
from continuum.synth.parquet import borough_tables
from tests.boroughs import loaded_for_the_module, simulated

from .test_load import SMALL

CAL = WorkingDayCalendar()


def _episode(child: str, n: int, decom: date, dec: date | None = None, rec: str | None = None) -> CLAEpisode:
    return CLAEpisode(
        "100", f"E{child}{n}", child, f"P{child}", decom, "S", "C2", "N1", "U1", dec=dec, rec=rec
    )


def _borough(episodes: list[CLAEpisode], extracted_on: date = date(2025, 6, 30)) -> Borough:
    b = Borough("100", "Hand-built", 1, [(date(2025, 4, 1), date(2026, 3, 31))], extracted_on, 1000)
    b.tables["cla_episodes"] = episodes
    return b


# --- The design, by hand --------------------------------------------------------------------------


def test_delay_buckets_give_half_on_the_day_nine_in_ten_within_five_working_days() -> None:
    assert STANDARD_WORKING_DAYS == 5
    assert [delay_for(b) for b in (0, 49, 50, 54, 55, 89, 90, 91, 99)] == [0, 0, 1, 5, 1, 5, 6, 7, 15]
    delays = Counter(delay_for(b) for b in range(100))
    assert delays[0] == 50
    assert sum(n for d, n in delays.items() if d <= STANDARD_WORKING_DAYS) == 90
    assert max(delays) == 15


def test_bucket_is_a_fixed_hash_of_child_and_start_of_care() -> None:
    # SHA-256, not Python's salted hash(): the same every run (values pinned once).
    assert bucket("1000000001", date(2025, 5, 2)) == 0
    assert bucket("1000000008", date(2025, 6, 20)) == 96
    assert bucket("1000000001", date(2025, 9, 1)) == 25


def test_allocation_day_counts_working_days_past_weekends_and_bank_holidays() -> None:
    friday = date(2025, 5, 2)  # Monday 5 May 2025 is the early May bank holiday
    assert allocation_day(friday, 0, CAL) == friday
    assert allocation_day(friday, 1, CAL) == date(2025, 5, 6)
    assert allocation_day(friday, 5, CAL) == date(2025, 5, 12)  # 6, 7, 8, 9, 12 May
    # Care starting on a Saturday: "on the day" is the next working day.
    assert allocation_day(date(2025, 5, 3), 0, CAL) == date(2025, 5, 6)


def test_periods_of_care_join_episodes_ended_x1_on_the_next_start() -> None:
    episodes = [
        _episode("A", 2, date(2025, 5, 20), date(2025, 6, 10), "E13"),
        _episode("A", 1, date(2025, 5, 2), date(2025, 5, 20), "X1"),
        # Ended with E13 on the day the next began: two periods, not one.
        _episode("F", 1, date(2025, 4, 7), date(2025, 4, 14), "E13"),
        _episode("F", 2, date(2025, 4, 14)),
    ]
    assert periods_of_care(episodes) == [
        CarePeriod("A", date(2025, 5, 2), date(2025, 6, 10)),
        CarePeriod("F", date(2025, 4, 7), date(2025, 4, 14)),
        CarePeriod("F", date(2025, 4, 14), None),
    ]


def test_plan_on_a_hand_built_borough() -> None:
    """Each allocation worked out by hand from the bucket (pinned above or printed beside it)."""
    a, b, c, d, e, f = "1000000001", "1000000002", "1000000029", "1000000008", "1000000003", "1000000018"
    borough = _borough(
        [
            # A: Fri 2 May, bucket 0 -> on the day; two episodes joined by X1, one allocation.
            _episode(a, 1, date(2025, 5, 2), date(2025, 5, 20), "X1"),
            _episode(a, 2, date(2025, 5, 20), date(2025, 6, 10), "E13"),
            # B: Sat 3 May, bucket 41 -> "on the day" = Tue 6 May (Mon 5 May a bank holiday).
            _episode(b, 1, date(2025, 5, 3)),
            # C: Mon 2 June to Thu 5 June, bucket 98 -> 14 working days, capped at the end of care.
            _episode(c, 1, date(2025, 6, 2), date(2025, 6, 5), "E13"),
            # D: Fri 20 June, bucket 96 -> 12 working days = 8 July, after the extraction on
            # 30 June: not allocated yet.
            _episode(d, 1, date(2025, 6, 20)),
            # E: Mon 2 June, bucket 59 -> 5 working days = Mon 9 June, the last day of the standard.
            _episode(e, 1, date(2025, 6, 2)),
            # F: Mon 7 April to 14 April, bucket 93 -> 9 working days, capped at 14 April; then
            # a new period from 14 April, bucket 52 -> 3 working days = Thu 17 April.
            _episode(f, 1, date(2025, 4, 7), date(2025, 4, 14), "E13"),
            _episode(f, 2, date(2025, 4, 14)),
        ]
    )
    assert [bucket(b, date(2025, 5, 3)), bucket(c, date(2025, 6, 2)), bucket(e, date(2025, 6, 2))] == [
        41,
        98,
        59,
    ]
    assert [bucket(f, date(2025, 4, 7)), bucket(f, date(2025, 4, 14))] == [93, 52]
    plan = plan_iros(borough)
    (worker,) = plan.workers  # 4 children at most at once: one IRO
    assert (worker.sw_id, worker.start_date) == ("IRO100001", date(2025, 4, 14))
    iro = worker.sw_id
    assert plan.allocations == [
        IroAllocation(f, iro, date(2025, 4, 14), date(2025, 4, 14), date(2025, 4, 7)),
        IroAllocation(f, iro, date(2025, 4, 17), None, date(2025, 4, 14)),
        IroAllocation(a, iro, date(2025, 5, 2), date(2025, 6, 10), date(2025, 5, 2)),
        IroAllocation(b, iro, date(2025, 5, 6), None, date(2025, 5, 3)),
        IroAllocation(c, iro, date(2025, 6, 5), date(2025, 6, 5), date(2025, 6, 2)),
        IroAllocation(e, iro, date(2025, 6, 9), None, date(2025, 6, 2)),
    ]
    # Within the standard: every one made (D is not), counted as the tray counts.
    on_time = [CAL.working_days_between(x.care_start, x.start_date) <= 5 for x in plan.allocations]
    assert on_time == [True] * 6


def test_pool_is_sized_for_about_sixty_children_each_and_spread_evenly() -> None:
    children = [f"10000{n:05d}" for n in range(121)]
    plan = plan_iros(_borough([_episode(ch, 1, date(2025, 4, 1)) for ch in children]))
    assert len(plan.workers) == 3  # ceil(121 / 60)
    assert sorted(Counter(x.sw_id for x in plan.allocations).values()) == [40, 40, 41]
    assert plan_iros(_borough([])).workers == []


# --- A loaded borough -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small() -> Borough:
    return simulated(SMALL)


@pytest.fixture(scope="module")
def loaded(small: Borough, django_db_setup, django_db_blocker) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Loaded once for the three tests below, which read it; rolled back at the end."""
    with loaded_for_the_module(django_db_blocker, small):
        yield


@pytest.mark.django_db
def test_every_period_of_care_has_its_iro_and_the_tray_shows_the_clock_done(
    small: Borough, loaded: None
) -> None:
    plan = plan_iros(small)
    periods = periods_of_care(small["cla_episodes"])
    assert len(periods) > 50
    # Every period of care has an IRO allocation from its start (or the planned day) to its end.
    iro = p.Allocation.objects.filter(role=p.AllocationRole.IRO)
    got = Counter(
        (a.child.la_child_id, a.start_date, a.end_date, a.worker.sw_id, a.team.name)
        for a in iro.select_related("child", "worker", "team")
    )
    assert got == Counter(
        (x.la_child_id, x.start_date, x.end_date, x.sw_id, TEAM_NAME) for x in plan.allocations
    )
    assert len(plan.allocations) == len(periods)  # none fell after the extraction date
    for period, alloc in zip(
        sorted(periods, key=lambda x: (x.la_child_id, x.start)),
        sorted(plan.allocations, key=lambda x: (x.la_child_id, x.care_start)),
        strict=True,
    ):
        assert (alloc.la_child_id, alloc.care_start, alloc.end_date) == (
            period.la_child_id,
            period.start,
            period.end,
        )
        assert period.start <= alloc.start_date <= (period.end or small.extracted_on)
    workers = p.Worker.objects.filter(role=p.WorkerRole.IRO)
    assert workers.count() == len(plan.workers) >= 1
    assert {w.team.team_type for w in workers} == {p.TeamType.IRO_CP_CHAIRS}
    # The share within the local standard: 9 in 10 by design, as the tray counts it.
    on_time = sum(CAL.working_days_between(x.care_start, x.start_date) <= 5 for x in plan.allocations)
    assert 0.85 <= on_time / len(plan.allocations) <= 0.95
    # The work tray: the iro_allocated clock of every period is done, on time or late as planned.
    rules = rules_by_code(load_rules())
    statuses: Counter[Status] = Counter()
    for child_id in j.CLAEpisode.objects.values_list("child_id", flat=True).distinct():
        for item in due_items_for_child(child_id, small.extracted_on, rules):
            if item.rule_code == "iro_allocated":
                statuses[item.status] += 1
    assert statuses[Status.OVERDUE] == 0
    assert statuses[Status.DONE_ON_TIME] == on_time
    assert statuses[Status.DONE_LATE] == len(plan.allocations) - on_time
    # One chronology event per allocation, saying what it is.
    told = j.ChronologyEvent.objects.filter(
        record_type="allocation", what="Independent reviewing officer allocated (synthetic load)"
    )
    assert told.count() == len(plan.allocations)
    # The invariants still hold (ONE_OPEN_ALLOCATION per role, workers in post, dates).
    with connection.cursor() as cursor:
        assert violations(cursor, kept_history_start(small)) == []


@pytest.mark.django_db
def test_reviews_are_chaired_by_the_iro_allocated_that_day(small: Borough, loaded: None) -> None:
    reviews = j.CLAReview.objects.select_related("child")
    assert reviews.exists()
    for r in reviews:
        held = p.Allocation.objects.filter(
            child=r.child, role=p.AllocationRole.IRO, start_date__lte=r.review
        ).exclude(end_date__lt=r.review)
        expected = held.order_by("-start_date").values_list("worker_id", flat=True).first()
        assert r.iro_id == expected, r.pk
    assert reviews.filter(iro__isnull=False).count() >= 0.9 * reviews.count()


@pytest.mark.django_db
def test_the_iros_change_no_figure(small: Borough, loaded: None) -> None:
    """IROs neither hold cases nor count as social workers: every figure is the simulation's."""
    back = borough_from_database(
        years=small.years, extracted_on=small.extracted_on, child_population=small.child_population
    )
    assert yearly_figures(back) == yearly_figures(small)
    from_db = Engine(extract_tables(code=small.la_code))
    simulated = Engine(borough_tables(small))
    for start, _ in small.years:
        period = financial_year_period(start.year)
        for code in ("caseload_avg", "agency_worker_share", "sw_changes"):
            db, sim = from_db.run_one(code, period), simulated.run_one(code, period)
            assert (db.numerator, db.denominator) == (sim.numerator, sim.denominator), code
        # By team (the case holder's team on the day): no child moves to the IROs' team.
        for code in ("sw_changes", "cla_open"):
            assert _by_team(from_db, code, period) == _by_team(simulated, code, period), code


def _by_team(engine: Engine, code: str, period: object) -> dict[str | None, int]:
    names = {
        r["team_id"]: r["team_name"] for r in engine.sql("SELECT team_id, team_name FROM teams").to_pylist()
    }
    rows = engine.run_one(code, period, breakdown="team").breakdown or []
    return {names.get(r["group"]): r["numerator"] for r in rows}
