"""Known answers for every EHC clock (calendar weeks, so bank holidays never move a due date)."""

from __future__ import annotations

from datetime import date

import pytest

from continuum.core.timescale_defaults import DEFAULT_RULES_BY_CODE as RULES
from continuum.core.timescales import Status
from continuum.send import clocks
from continuum.send.models import AdviceRequest, EHCPlan, EHCRequest

RECEIVED = date(2024, 9, 2)  # a Monday


def _request(**kw: object) -> EHCRequest:
    return EHCRequest(pk=1, child_id=1, requested_by="parent", received_on=RECEIVED, **kw)


def _by_label(journey: list[clocks.JourneyClock]) -> dict[str, clocks.JourneyClock]:
    return {c.label: c for c in journey}


def test_every_clock_from_the_request_in_calendar_weeks() -> None:
    advice = [
        AdviceRequest(kind="education", requested_on=date(2024, 9, 10)),
        AdviceRequest(kind="health", requested_on=date(2024, 9, 10), received_on=date(2024, 10, 30)),
    ]
    request = _request(assess_decision="assess", assess_decided_on=date(2024, 10, 14))
    got = _by_label(clocks.journey(request, advice, RULES, as_of=date(2024, 10, 20)))
    assert got["Decision whether to assess"].item.due == date(2024, 10, 14)  # 6 weeks
    assert got["Decision whether to assess"].item.status is Status.DONE_ON_TIME  # on the due day
    assert got["Advice: education"].item.due == date(2024, 10, 22)  # 6 weeks from its own request
    assert got["Advice: education"].item.status is Status.DUE_SOON  # within the week before
    assert got["Advice: health"].item.status is Status.DUE_SOON  # received later than as-of: not known yet
    assert got["Decision whether to issue a plan"].item.due == date(2024, 12, 23)  # 16 weeks
    # 20 weeks across Christmas and New Year: calendar weeks, no bank-holiday shift.
    assert got["Final plan issued"].item.due == date(2025, 1, 20)
    assert got["Final plan issued"].item.status is Status.DUE


def test_late_advice_and_a_late_plan() -> None:
    advice = [AdviceRequest(kind="health", requested_on=date(2024, 9, 10), received_on=date(2024, 10, 30))]
    request = _request(
        assess_decision="assess",
        assess_decided_on=date(2024, 10, 15),
        issue_decision="issue",
        issue_decided_on=date(2024, 12, 20),
        final_issued_on=date(2025, 1, 21),
    )
    got = _by_label(clocks.journey(request, advice, RULES, as_of=date(2025, 2, 1)))
    assert got["Decision whether to assess"].item.status is Status.DONE_LATE  # one day over 6 weeks
    assert got["Advice: health"].item.status is Status.DONE_LATE
    assert got["Decision whether to issue a plan"].item.status is Status.DONE_ON_TIME
    assert got["Final plan issued"].item.status is Status.DONE_LATE  # 20 Jan was the last day


def test_an_overdue_decision_shows_as_overdue() -> None:
    got = _by_label(clocks.journey(_request(), [], RULES, as_of=date(2024, 10, 15)))
    assert got["Decision whether to assess"].item.status is Status.OVERDUE


def test_a_refusal_stops_the_later_clocks() -> None:
    request = _request(assess_decision="refuse", assess_decided_on=date(2024, 10, 1))
    assert clocks.stopped_on(request) == date(2024, 10, 1)
    assert [c.label for c in clocks.journey(request, [], RULES, as_of=date(2025, 3, 1))] == [
        "Decision whether to assess"
    ]


def test_no_plan_stops_the_final_clock_and_withdrawal_stops_all_later_ones() -> None:
    request = _request(
        assess_decision="assess",
        assess_decided_on=date(2024, 10, 1),
        issue_decision="not_issue",
        issue_decided_on=date(2024, 12, 2),
    )
    labels = [c.label for c in clocks.journey(request, [], RULES, as_of=date(2025, 3, 1))]
    assert labels == ["Decision whether to assess", "Decision whether to issue a plan"]
    withdrawn = _request(
        assess_decision="assess", assess_decided_on=date(2024, 10, 1), withdrawn_on=date(2024, 11, 1)
    )
    labels = [c.label for c in clocks.journey(withdrawn, [], RULES, as_of=date(2025, 3, 1))]
    assert labels == ["Decision whether to assess"]  # 16 and 20 weeks fall after the withdrawal


@pytest.mark.parametrize(
    ("issued", "reasons", "on_time", "weeks", "excluded"),
    [
        (date(2025, 1, 20), [], True, 20, False),  # the last day
        (date(2025, 1, 21), [], False, 20, False),  # one day late
        (date(2025, 2, 17), ["school_closure"], False, 24, True),  # summer closure: allowed
        (date(2025, 2, 17), ["personal_circumstances"], False, 24, True),
        (date(2025, 2, 17), ["absent_from_area"], False, 24, True),
        (date(2025, 2, 17), ["late_advice"], False, 24, False),  # Code 9.42: not an exception
        (date(2025, 2, 17), ["missed_appointment"], False, 24, False),  # excuses advice only
        (date(2025, 2, 17), ["other", "absent_from_area"], False, 24, True),
    ],
)
def test_timeliness_with_and_without_exceptions(
    issued: date, reasons: list[str], on_time: bool, weeks: int, excluded: bool
) -> None:
    got = clocks.timeliness(_request(final_issued_on=issued), reasons, RULES)
    assert got == clocks.Timeliness(on_time=on_time, weeks=weeks, excluded=excluded)


def test_no_timeliness_before_the_plan() -> None:
    assert clocks.timeliness(_request(), ["school_closure"], RULES) is None


def test_every_exception_names_its_source() -> None:
    assert {k for k, v in clocks.EXCEPTIONS.items() if v.excludable} == {
        "school_closure",
        "personal_circumstances",
        "absent_from_area",
    }
    assert all(v.citation for v in clocks.EXCEPTIONS.values())


@pytest.mark.parametrize(
    ("issued", "reviews", "as_of", "expected"),
    [
        (date(2025, 1, 20), [], date(2025, 6, 1), [(date(2026, 1, 20), Status.DUE)]),
        (date(2025, 1, 20), [], date(2025, 12, 24), [(date(2026, 1, 20), Status.DUE_SOON)]),  # 4 weeks ahead
        (date(2024, 2, 29), [], date(2025, 3, 1), [(date(2025, 2, 28), Status.OVERDUE)]),  # leap day clamps
        (
            date(2025, 1, 20),
            [date(2026, 1, 15)],
            date(2026, 2, 1),
            [
                (date(2026, 1, 20), Status.DONE_ON_TIME),
                (date(2027, 1, 15), Status.DUE),
            ],  # from the last review
        ),
        (
            date(2025, 1, 20),
            [date(2026, 3, 2)],
            date(2026, 4, 1),
            [(date(2026, 1, 20), Status.DONE_LATE), (date(2027, 3, 2), Status.DUE)],
        ),
    ],
)
def test_annual_review_within_12_months_of_the_last(
    issued: date, reviews: list[date], as_of: date, expected: list[tuple[date, Status]]
) -> None:
    plan = EHCPlan(pk=1, child_id=1, issued_on=issued)
    got = clocks.annual_reviews(plan, reviews, RULES, as_of)
    assert [(i.due, i.status) for i in got] == expected


def test_a_ceased_plan_has_no_review_after_it() -> None:
    plan = EHCPlan(
        pk=1, child_id=1, issued_on=date(2025, 1, 20), ceased_on=date(2025, 9, 1), cease_reason="moved_la"
    )
    assert clocks.annual_reviews(plan, [], RULES, date(2026, 6, 1)) == []


def test_a_council_can_switch_a_clock_off() -> None:
    rules = {k: v for k, v in RULES.items() if k != clocks.ADVICE}
    advice = [AdviceRequest(kind="education", requested_on=date(2024, 9, 10))]
    labels = [c.label for c in clocks.journey(_request(), advice, rules, as_of=date(2024, 9, 20))]
    assert "Advice: education" not in labels
