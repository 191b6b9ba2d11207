"""Due items for a child and work trays: known answers worked by hand, every status, and query counts.

Dates are worked in the comments. English bank holidays used below:
2024: 1 Jan, 29 Mar, 1 Apr, 6 May, 27 May, 26 Aug, 25–26 Dec; 2025: 1 Jan.
Records are built through the journey and people services only.
"""

from __future__ import annotations

from datetime import date, datetime
from itertools import count

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from continuum.core.timescales import DueItem, Status
from continuum.journey import services as s
from continuum.journey.models import CINEpisode, CLAEpisode, CPPlan
from continuum.journey.worktray import DueSubject, due_items_for_child, work_tray
from continuum.people import services as people
from continuum.people.models import Child, Team, Worker
from tests.journey.conftest import at

pytestmark = pytest.mark.django_db

_names = count(1)


# --- Builders (services only) ---------------------------------------------------------------


def new_child(by: User | None, born: date = date(2015, 5, 1)) -> Child:
    n = next(_names)
    return s.register_child(
        first_name=f"Child{n}", last_name="Test", person_birth_date=born, sex="F", ethnicity="WBRI", by=by
    )


def new_team(name: str | None = None) -> Team:
    return people.create_team(name=name or f"Team {next(_names)}", team_type="intervention_planning")


def new_worker(team: Team, role: str = "social_worker") -> Worker:
    return people.create_worker(
        first_name="Worker", last_name=str(next(_names)), start_date=date(2020, 1, 1), team=team, role=role
    )


def referral(child: Child, by: User | None, on: date) -> CINEpisode:
    return s.open_referral(
        child=child, cin_referral_date=on, referral_source="6", primary_need_code="N1", by=by
    )


def cp_child(by: User | None, *, sd_on: date, icpc_on: date) -> tuple[Child, CINEpisode, CPPlan]:
    """A child with a referral, a strategy discussion starting an s47, an ICPC deciding a plan, the plan."""
    child = new_child(by)
    episode = referral(child, by, sd_on)
    sd = s.hold_strategy_discussion(cin_episode=episode, held_on=sd_on, decision_s47=True, by=by)
    s47 = s.start_s47(cin_episode=episode, s47_actual_start_date=sd_on, strategy_discussion=sd, by=by)
    icpc = s.hold_icpc(cin_episode=episode, conference_date=icpc_on, outcome="plan", section47=s47, by=by)
    plan = s.start_cp_plan(icpc=icpc, initial_category_of_abuse="NEG", by=by)
    return child, episode, plan


def cla_child(
    by: User | None, *, decom: date, born: date = date(2012, 6, 15), **kw: object
) -> tuple[Child, CLAEpisode]:
    child = new_child(by, born=born)
    episode = s.start_cla_episode(
        child=child, decom=decom, ls="C2", cin="N1", place="U1", in_borough=True, by=by, **kw
    )
    return child, episode


def only(items: list[DueItem], code: str) -> list[DueItem]:
    return [i for i in items if i.rule_code == code]


def last(items: list[DueItem], code: str) -> DueItem:
    return only(items, code)[-1]


# --- Referral and assessment: every status ---------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "status"),
    [
        # Referral Mon 4 Mar 2024 + 45 working days (29 Mar, 1 Apr, 6 May are bank holidays)
        # = Thu 9 May 2024. Due soon from 5 working days before: 8, 7, 3, 2, 1 May → Wed 1 May.
        (date(2024, 4, 30), Status.DUE),
        (date(2024, 5, 1), Status.DUE_SOON),
        (date(2024, 5, 9), Status.DUE_SOON),  # the due date itself is still on time
        (date(2024, 5, 13), Status.OVERDUE),
    ],
)
def test_assessment_clock_statuses_before_completion(officer: User, as_of: date, status: Status) -> None:
    child = new_child(officer)
    referral(child, officer, date(2024, 3, 4))
    item = last(due_items_for_child(child, as_of=as_of), "assessment_45wd")
    assert item.due == date(2024, 5, 9)
    assert item.status is status
    assert item.subject.record_type == "referral"


@pytest.mark.parametrize(
    ("authorised", "status"),
    [(date(2024, 5, 9), Status.DONE_ON_TIME), (date(2024, 5, 10), Status.DONE_LATE)],
)
def test_assessment_done_on_time_or_late(officer: User, authorised: date, status: Status) -> None:
    child = new_child(officer)
    episode = referral(child, officer, date(2024, 3, 4))
    a = s.start_assessment(cin_episode=episode, assessment_actual_start_date=date(2024, 3, 5), by=officer)
    s.complete_assessment(
        assessment=a,
        assessment_authorisation_date=authorised,
        assessment_factors=["1A"],
        child_seen=True,
        outcome="nfa",
        expected_version=a.version,
        by=officer,
    )
    items = due_items_for_child(child, as_of=date(2024, 6, 3))
    (item,) = only(items, "assessment_45wd")
    assert (item.due, item.done, item.status) == (date(2024, 5, 9), authorised, status)
    # Done: nothing outstanding for the assessment.
    assert not only(
        due_items_for_child(child, as_of=date(2024, 6, 3), outstanding_only=True), "assessment_45wd"
    )
    # Seen from before the authorisation, it was still outstanding: the as-of view is reproducible.
    assert (
        last(due_items_for_child(child, as_of=date(2024, 5, 8)), "assessment_45wd").status is Status.DUE_SOON
    )


def test_referral_nfa_has_no_assessment_clock(officer: User) -> None:
    child = new_child(officer)
    s.open_referral(
        child=child, cin_referral_date=date(2024, 3, 4), referral_source="6", referral_nfa=True, by=officer
    )
    assert not only(due_items_for_child(child, as_of=date(2024, 6, 3)), "assessment_45wd")


# --- Front door and missing ---------------------------------------------------------------------


def test_mash_decision_from_the_time_received(officer: User) -> None:
    child = new_child(officer)
    # Received Fri 5 Jul 2024 10:00 + 1 working day = Mon 8 Jul 2024.
    contact = s.record_contact(
        child=child, received_at=at(2024, 7, 5), referral_source="6", consent="obtained", by=officer
    )
    assert last(due_items_for_child(child, as_of=date(2024, 7, 5)), "mash_decision").status is Status.DUE_SOON
    item = last(due_items_for_child(child, as_of=date(2024, 7, 9)), "mash_decision")
    assert (item.due, item.status) == (date(2024, 7, 8), Status.OVERDUE)
    s.record_mash_decision(
        contact=contact,
        initial_brag="G",
        final_brag="G",
        decision_at=at(2024, 7, 8, 16),
        outcome="advice",
        expected_version=contact.version,
        by=officer,
    )
    assert (
        last(due_items_for_child(child, as_of=date(2024, 7, 9)), "mash_decision").status
        is Status.DONE_ON_TIME
    )
    assert due_items_for_child(child, as_of=date(2024, 7, 9), outstanding_only=True) == []


def test_return_home_interview_72_hours_across_the_clock_change(officer: User) -> None:
    child = new_child(officer)
    # Returned 15:00 GMT Fri 29 Mar 2024; 72 hours later is 16:00 BST Mon 1 Apr (clocks went forward 31 Mar).
    episode = s.record_missing_episode(
        child=child,
        missing="M",
        mis_start=at(2024, 3, 28, 20),
        mis_end=at(2024, 3, 29, 15),
        where_from="home",
        by=officer,
    )
    item = last(due_items_for_child(child, as_of=date(2024, 3, 31)), "rhi_offer")
    assert item.due == date(2024, 4, 1)
    assert item.due_at is not None
    assert (item.due_at.hour, item.due_at.utcoffset().total_seconds()) == (
        16,
        3600,
    )
    assert item.status is Status.DUE_SOON  # due-soon window: 24 hours before
    s.record_return_home_interview(
        missing_episode=episode,
        rhi_offered_at=at(2024, 4, 1, 15, 30),
        rhi_accepted=True,
        expected_version=episode.version,
        by=officer,
    )
    assert last(due_items_for_child(child, as_of=date(2024, 4, 2)), "rhi_offer").status is Status.DONE_ON_TIME


# --- Child protection: ICPC, core group, reviews, visits, 2-year flag ----------------------------


def test_cp_plan_with_visits(officer: User) -> None:
    # Strategy discussion Mon 8 Jan 2024 → ICPC due +15 working days = Mon 29 Jan 2024; held Wed 24 Jan.
    child, _episode, plan = cp_child(officer, sd_on=date(2024, 1, 8), icpc_on=date(2024, 1, 24))
    # First core group: 24 Jan + 10 working days = Wed 7 Feb 2024; held Tue 6 Feb.
    s.record_core_group(cp_plan=plan, meeting_date=date(2024, 2, 6), by=officer)
    # CP visits every 10 working days from the plan start:
    #   first due Wed 7 Feb; visited Fri 2 Feb (seen) → on time.
    #   next due 2 Feb + 10 wd = Fri 16 Feb; a visit on Wed 14 Feb where the child was NOT seen does not
    #   count; seen Tue 20 Feb → late.
    #   next due 20 Feb + 10 wd = Tue 5 Mar.
    s.record_visit(
        child=child, kind="cp", visit_date=date(2024, 2, 2), seen=True, seen_alone=True, by=officer
    )
    s.record_visit(child=child, kind="cp", visit_date=date(2024, 2, 14), seen=False, by=officer)
    s.record_visit(
        child=child, kind="cp", visit_date=date(2024, 2, 20), seen=True, seen_alone=True, by=officer
    )

    items = due_items_for_child(child, as_of=date(2024, 3, 1))
    (icpc,) = only(items, "icpc_15wd")
    assert (icpc.due, icpc.done, icpc.status) == (date(2024, 1, 29), date(2024, 1, 24), Status.DONE_ON_TIME)
    assert icpc.subject.record_type == "strategy_discussion"
    (core,) = only(items, "first_core_group")
    assert (core.due, core.status) == (date(2024, 2, 7), Status.DONE_ON_TIME)
    visits = only(items, "cp_visit")
    assert [(v.due, v.done, v.status) for v in visits] == [
        (date(2024, 2, 7), date(2024, 2, 2), Status.DONE_ON_TIME),
        (date(2024, 2, 16), date(2024, 2, 20), Status.DONE_LATE),
        # Due soon from 5 working days before Tue 5 Mar: 4 Mar, 1 Mar, 29, 28, 27 Feb → Tue 27 Feb.
        (date(2024, 3, 5), None, Status.DUE_SOON),
    ]
    assert all(v.subject == DueSubject(child.pk, "cp_plan", plan.pk) for v in visits)
    # First review: 24 Jan + 3 months = Wed 24 Apr 2024.
    assert last(items, "cp_first_review").due == date(2024, 4, 24)
    assert last(items, "cp_first_review").status is Status.DUE
    # 2-year flag: 24 Jan 2026, "due soon" (escalate) from 21 months, 24 Oct 2025.
    flag = last(items, "cp_plan_2y_warning")
    assert (flag.due, flag.status) == (date(2026, 1, 24), Status.DUE)
    assert (
        last(due_items_for_child(child, as_of=date(2025, 10, 24)), "cp_plan_2y_warning").status
        is Status.DUE_SOON
    )

    # A week later the visit is overdue (by 1 day on Wed 6 Mar).
    later = due_items_for_child(child, as_of=date(2024, 3, 6), outstanding_only=True)
    assert [(i.due, i.status) for i in only(later, "cp_visit")] == [(date(2024, 3, 5), Status.OVERDUE)]

    # Review on Wed 17 Apr 2024 (on time); the next is 6 months after the actual review: Thu 17 Oct 2024.
    plan.refresh_from_db()
    s.hold_cp_review(
        cp_plan=plan,
        conference_date=date(2024, 4, 17),
        outcome="continue_plan",
        expected_version=plan.version,
        by=officer,
    )
    reviews = only(due_items_for_child(child, as_of=date(2024, 5, 1)), "cp_first_review") + only(
        due_items_for_child(child, as_of=date(2024, 5, 1)), "cp_review_repeat"
    )
    assert [(r.rule_code, r.due, r.status) for r in reviews] == [
        ("cp_first_review", date(2024, 4, 24), Status.DONE_ON_TIME),
        ("cp_review_repeat", date(2024, 10, 17), Status.DUE),
    ]


def test_s47_finding_no_conference_needed_stops_the_icpc_clock(officer: User) -> None:
    child = new_child(officer)
    episode = referral(child, officer, date(2024, 1, 8))
    sd = s.hold_strategy_discussion(
        cin_episode=episode, held_on=date(2024, 1, 8), decision_s47=True, by=officer
    )
    s47 = s.start_s47(
        cin_episode=episode, s47_actual_start_date=date(2024, 1, 8), strategy_discussion=sd, by=officer
    )
    assert last(due_items_for_child(child, as_of=date(2024, 1, 10)), "icpc_15wd").status is Status.DUE
    s.complete_s47(
        section47=s47,
        completed_on=date(2024, 1, 19),
        outcome="not_substantiated",
        expected_version=s47.version,
        by=officer,
    )
    assert not only(
        due_items_for_child(child, as_of=date(2024, 2, 5)), "icpc_15wd"
    )  # due 29 Jan, after the stop


def test_ending_the_cp_plan_settles_the_2_year_flag_and_stops_the_plan_clocks(officer: User) -> None:
    child, _episode, plan = cp_child(officer, sd_on=date(2024, 1, 8), icpc_on=date(2024, 1, 24))
    s.end_cp_plan(cp_plan=plan, cpp_end_date=date(2024, 3, 20), expected_version=plan.version, by=officer)
    outstanding = due_items_for_child(child, as_of=date(2024, 4, 1), outstanding_only=True)
    assert {i.rule_code for i in outstanding} <= {"assessment_45wd"}
    history = due_items_for_child(child, as_of=date(2024, 4, 1))
    assert last(history, "cp_plan_2y_warning").status is Status.DONE_ON_TIME
    # The CP visit missed on 7 Feb (no visits at all) stays overdue in the history after the plan ended.
    assert only(history, "cp_visit")[0].status is Status.OVERDUE


# --- Looked after: reviews, IRO, visits per placement, health, PEP --------------------------------


def test_cla_child_with_a_placement_change(officer: User) -> None:
    team = new_team()
    iro = new_worker(team, role="iro")
    # Born 15 Jun 2012: 12 in 2024, so yearly health assessments and PEPs apply.
    child, episode = cla_child(officer, decom=date(2024, 7, 1))
    # IRO: Mon 1 Jul + 5 working days = Mon 8 Jul; allocated Wed 3 Jul → on time.
    s.allocate(child=child, team=team, worker=iro, role="iro", start_date=date(2024, 7, 3), by=officer)
    # First review: 1 Jul + 20 working days = Mon 29 Jul; held Thu 25 Jul → on time;
    # second review 3 months after it: Fri 25 Oct 2024.
    s.record_cla_review(child=child, review=date(2024, 7, 25), review_code="PN1", by=officer)
    # First placement: visit within 1 week (Mon 8 Jul), seen Fri 5 Jul; then every 6 weeks from
    # the visit: Fri 16 Aug; seen Wed 14 Aug; next would be Wed 25 Sep, after the move.
    s.record_visit(
        child=child, kind="cla", visit_date=date(2024, 7, 5), seen=True, seen_alone=True, by=officer
    )
    s.record_visit(
        child=child, kind="cla", visit_date=date(2024, 8, 14), seen=True, seen_alone=True, by=officer
    )
    # Move on Mon 2 Sep 2024: the new placement needs a visit within 1 week, by Mon 9 Sep.
    new_episode = s.change_placement(
        cla_episode=episode,
        on=date(2024, 9, 2),
        place="U2",
        in_borough=False,
        reason_place_change="CARPL",
        expected_version=episode.version,
        by=officer,
    )

    items = due_items_for_child(child, as_of=date(2024, 9, 4))
    assert [(i.due, i.status) for i in only(items, "iro_allocated")] == [
        (date(2024, 7, 8), Status.DONE_ON_TIME)
    ]
    assert [
        (i.rule_code, i.due, i.status)
        for i in items
        if i.rule_code.startswith("cla_") and "review" in i.rule_code
    ] == [
        ("cla_first_review", date(2024, 7, 29), Status.DONE_ON_TIME),
        ("cla_second_review", date(2024, 10, 25), Status.DUE),
    ]
    first_placement = episode.placement_id
    second_placement = new_episode.placement_id
    by_placement = {
        p: [
            (i.rule_code, i.due, i.status)
            for i in items
            if i.subject.record_type == "placement" and i.subject.record_id == p
        ]
        for p in (first_placement, second_placement)
    }
    assert by_placement[first_placement] == [
        ("cla_visit_new_placement", date(2024, 7, 8), Status.DONE_ON_TIME),
        ("cla_visit_year_one", date(2024, 8, 16), Status.DONE_ON_TIME),
    ]
    assert by_placement[second_placement] == [("cla_visit_new_placement", date(2024, 9, 9), Status.DUE)]
    # Health assessment: yearly, from becoming looked after: 1 Jul 2025. PEP every 6 months: 1 Jan 2025.
    assert last(items, "health_assessment_annual").due == date(2025, 7, 1)
    assert last(items, "pep_review").due == date(2025, 1, 1)
    assert not only(items, "health_assessment_under5")

    # Due soon from 2 working days before Mon 9 Sep (Thu 5 Sep); overdue on Tue 10 Sep.
    def new_placement_visit(as_of: date) -> Status:
        return last(due_items_for_child(child, as_of=as_of), "cla_visit_new_placement").status

    assert new_placement_visit(date(2024, 9, 5)) is Status.DUE_SOON
    assert new_placement_visit(date(2024, 9, 10)) is Status.OVERDUE
    # In the tray only the new placement's visit shows; the old placement's clock has ended.
    tray = due_items_for_child(child, as_of=date(2024, 9, 10), outstanding_only=True)
    visits = [i for i in tray if i.subject.record_type == "placement"]
    assert [(i.subject.record_id, i.due, i.status) for i in visits] == [
        (second_placement, date(2024, 9, 9), Status.OVERDUE)
    ]


def test_long_term_placement_moves_to_three_monthly_visits_after_a_year(officer: User) -> None:
    child, _episode = cla_child(officer, decom=date(2023, 1, 2), permanence_plan="long_term_fostering")
    # Visits: 6 Jan 2023 (week one), then six-weekly: 17 Feb, 31 Mar, 12 May, 23 Jun, 4 Aug, 15 Sep,
    # 27 Oct, 8 Dec 2023 (all on their due dates), then 5 Jan 2024: the year ends 2 Jan 2024, so the
    # next is 3 months after the 5 Jan visit: Fri 5 Apr 2024.
    for d in [
        "2023-01-06",
        "2023-02-17",
        "2023-03-31",
        "2023-05-12",
        "2023-06-23",
        "2023-08-04",
        "2023-09-15",
        "2023-10-27",
        "2023-12-08",
        "2024-01-05",
    ]:
        s.record_visit(
            child=child, kind="cla", visit_date=date.fromisoformat(d), seen=True, seen_alone=True, by=officer
        )
    item = last(due_items_for_child(child, as_of=date(2024, 1, 10)), "cla_visit_long_term")
    assert (item.due, item.status) == (date(2024, 4, 5), Status.DUE)


def test_health_assessments_under_five_then_yearly_and_pep_from_five(officer: User) -> None:
    # Born 10 Mar 2020; looked after from Mon 15 Jan 2024 (aged 3).
    child, _episode = cla_child(officer, decom=date(2024, 1, 15), born=date(2020, 3, 10))
    # Six-monthly: due 15 Jul 2024, done 1 Jul; due 1 Jan 2025, done 20 Dec 2024; the next (20 Jun 2025)
    # is after the 5th birthday (10 Mar 2025), so the under-5 clock stops and the yearly clock runs from
    # the last assessment: due 20 Dec 2025.
    s.record_health_assessment(child=child, assessment_date=date(2024, 7, 1), kind="review", by=officer)
    s.record_health_assessment(child=child, assessment_date=date(2024, 12, 20), kind="review", by=officer)
    items = due_items_for_child(child, as_of=date(2025, 4, 1))
    assert [(i.due, i.status) for i in only(items, "health_assessment_under5")] == [
        (date(2024, 7, 15), Status.DONE_ON_TIME),
        (date(2025, 1, 1), Status.DONE_ON_TIME),
    ]
    assert [(i.due, i.status) for i in only(items, "health_assessment_annual")] == [
        (date(2025, 12, 20), Status.DUE)
    ]
    # PEP from the 5th birthday (school age): 10 Mar 2025 + 6 months = 10 Sep 2025. None before then.
    assert [(i.due, i.status) for i in only(items, "pep_review")] == [(date(2025, 9, 10), Status.DUE)]
    assert not only(due_items_for_child(child, as_of=date(2025, 3, 1)), "pep_review")


# --- Courts, early help, care leavers -------------------------------------------------------------


def test_care_proceedings_early_help_and_care_leaver(officer: User) -> None:
    child = new_child(officer, born=date(2006, 2, 1))
    # Care proceedings issued Mon 1 Jul 2024: 26 weeks *beginning with* that day = Sun 29 Dec 2024.
    episode = referral(child, officer, date(2024, 6, 3))
    s.start_care_proceedings(cin_episode=episode, application_date=date(2024, 7, 1), by=officer)
    # Early help from Fri 31 May 2024: flagged at 9 months = 28 Feb 2025 (clamped), due soon from 28 Jan.
    s.start_early_help(child=child, eha_start_date=date(2024, 5, 31), by=officer)
    items = due_items_for_child(child, as_of=date(2025, 2, 1))
    assert [(i.due, i.status) for i in only(items, "care_proceedings_26wk")] == [
        (date(2024, 12, 29), Status.OVERDUE)
    ]
    assert [(i.due, i.status) for i in only(items, "early_help_open_9m")] == [
        (date(2025, 2, 28), Status.DUE_SOON)
    ]

    # Care leaver from 1 Feb 2024 (18th birthday): contact every 2 months, only when in touch.
    leaver = new_child(officer, born=date(2006, 2, 1))
    cla = s.start_cla_episode(
        child=leaver, decom=date(2023, 6, 1), ls="V2", cin="N1", place="U1", in_borough=True, by=officer
    )
    s.end_cla_episode(
        cla_episode=cla, dec=date(2024, 2, 1), rec="E11", expected_version=cla.version, by=officer
    )
    record = s.register_care_leaver(
        child=leaver, eligibility_category="former_relevant", start_date=date(2024, 2, 1), by=officer
    )
    # Due 1 Apr 2024; "NO" on 20 Mar does not count; "YES" on 28 Mar → on time; next 28 May 2024.
    s.record_care_leaver_contact(
        care_leaver=record, contact_date=date(2024, 3, 20), in_touch="NO", by=officer
    )
    s.record_care_leaver_contact(
        care_leaver=record, contact_date=date(2024, 3, 28), in_touch="YES", by=officer
    )
    contacts = only(due_items_for_child(leaver, as_of=date(2024, 5, 1)), "care_leaver_contact")
    assert [(i.due, i.done, i.status) for i in contacts] == [
        (date(2024, 4, 1), date(2024, 3, 28), Status.DONE_ON_TIME),
        (date(2024, 5, 28), None, Status.DUE),
    ]
    # The duty ends at 25 (1 Feb 2031): nothing is due after it.
    assert all(i.due <= date(2031, 2, 1) for i in contacts)


# --- Closed cases ---------------------------------------------------------------------------------


def test_a_closed_case_produces_nothing_further(officer: User) -> None:
    child = new_child(officer)
    team = new_team()
    worker = new_worker(team)
    allocation = s.allocate(child=child, team=team, worker=worker, start_date=date(2024, 3, 4), by=officer)
    episode = referral(child, officer, date(2024, 3, 4))
    a = s.start_assessment(cin_episode=episode, assessment_actual_start_date=date(2024, 3, 4), by=officer)
    s.complete_assessment(
        assessment=a,
        assessment_authorisation_date=date(2024, 5, 9),
        assessment_factors=["1A"],
        child_seen=True,
        outcome="cin_plan",
        expected_version=a.version,
        by=officer,
    )
    # CIN plan from Fri 10 May 2024: visit due within 4 weeks, Fri 7 Jun; seen Mon 3 Jun (on time);
    # next due 1 Jul, after the plan ends on 20 Jun, so it never falls due.
    plan = s.start_cin_plan(cin_episode=episode, cin_plan_start_date=date(2024, 5, 10), by=officer)
    s.record_visit(
        child=child, kind="cin", visit_date=date(2024, 6, 3), seen=True, seen_alone=True, by=officer
    )
    assert [
        i.rule_code for i in due_items_for_child(child, as_of=date(2024, 6, 10), outstanding_only=True)
    ] == ["cin_visit"]
    s.end_cin_plan(
        cin_plan=plan, cin_plan_end_date=date(2024, 6, 20), expected_version=plan.version, by=officer
    )
    episode.refresh_from_db()
    s.close_cin_episode(
        cin_episode=episode,
        cin_closure_date=date(2024, 6, 20),
        reason_for_closure="RC1",
        expected_version=episode.version,
        by=officer,
    )
    s.end_allocation(
        allocation=allocation, end_date=date(2024, 6, 20), expected_version=allocation.version, by=officer
    )

    as_of = date(2024, 10, 1)
    assert due_items_for_child(child, as_of=as_of, outstanding_only=True) == []
    history = due_items_for_child(child, as_of=as_of)
    assert [(i.rule_code, i.due, i.status) for i in history] == [
        ("assessment_45wd", date(2024, 5, 9), Status.DONE_ON_TIME),
        ("cin_visit", date(2024, 6, 7), Status.DONE_ON_TIME),
    ]
    assert work_tray(worker=worker, as_of=as_of) == []
    assert work_tray(team=team, as_of=as_of) == []
    # Looking back to when the case was open, the tray showed the CIN visit.
    assert [line.rule_code for line in work_tray(worker=worker, as_of=date(2024, 6, 10))] == ["cin_visit"]


def test_death_stops_every_clock(officer: User) -> None:
    child = new_child(officer)
    referral(child, officer, date(2024, 3, 4))
    child.refresh_from_db()
    s.record_child_death(
        child=child, person_death_date=date(2024, 3, 20), expected_version=child.version, by=officer
    )
    assert due_items_for_child(child, as_of=date(2024, 6, 1), outstanding_only=True) == []


# --- Work trays -------------------------------------------------------------------------------------


def test_work_tray_sorted_by_urgency(officer: User) -> None:
    team = new_team()
    worker = new_worker(team)
    as_of = date(2024, 5, 13)
    # Four referrals, as of Mon 13 May 2024 (29 Mar, 1 Apr, 6 May and 27 May are bank holidays):
    # Mon 26 Feb 2024 + 45 wd = Wed 1 May → overdue 12 days.
    # Mon 4 Mar 2024 + 45 wd = Thu 9 May → overdue 4 days.
    # Mon 11 Mar 2024 + 45 wd = Thu 16 May → due soon (from Thu 9 May).
    # Tue 2 Apr 2024 + 45 wd = Thu 6 Jun → due (due soon only from Thu 30 May).
    expected = []
    for referred, due, status, late in [
        (date(2024, 3, 4), date(2024, 5, 9), Status.OVERDUE, 4),
        (date(2024, 4, 2), date(2024, 6, 6), Status.DUE, 0),
        (date(2024, 2, 26), date(2024, 5, 1), Status.OVERDUE, 12),
        (date(2024, 3, 11), date(2024, 5, 16), Status.DUE_SOON, 0),
    ]:
        child = new_child(officer)
        s.allocate(child=child, team=team, worker=worker, start_date=referred, by=officer)
        referral(child, officer, referred)
        expected.append((child.pk, due, status, late))
    tray = work_tray(worker=worker, as_of=as_of)
    got = [(line.child_id, line.due, line.status, line.days_overdue) for line in tray]
    assert got == sorted(
        expected, key=lambda e: ({Status.OVERDUE: 0, Status.DUE_SOON: 1, Status.DUE: 2}[e[2]], -e[3], e[1])
    )
    assert got[0][3] == 12
    assert all(line.worker_id == worker.pk and line.team_id == team.pk for line in tray)


def test_team_tray_includes_unallocated_cases_and_service_tray_includes_the_front_door(officer: User) -> None:
    team = new_team()
    worker = new_worker(team)
    held = new_child(officer)
    s.allocate(child=held, team=team, worker=worker, start_date=date(2024, 3, 4), by=officer)
    referral(held, officer, date(2024, 3, 4))
    waiting = new_child(officer)
    s.allocate(child=waiting, team=team, start_date=date(2024, 3, 4), by=officer)  # with the team, no worker
    referral(waiting, officer, date(2024, 3, 4))
    at_mash = new_child(officer)  # a contact awaiting a MASH decision, allocated to nobody
    s.record_contact(
        child=at_mash, received_at=at(2024, 5, 10), referral_source="6", consent="obtained", by=officer
    )
    as_of = date(2024, 5, 13)
    assert {line.child_id for line in work_tray(worker=worker, as_of=as_of)} == {held.pk}
    team_tray = work_tray(team=team, as_of=as_of)
    assert {line.child_id for line in team_tray} == {held.pk, waiting.pk}
    assert {line.worker_id for line in team_tray if line.child_id == waiting.pk} == {None}
    service = work_tray(as_of=as_of)
    assert {line.child_id for line in service} >= {held.pk, waiting.pk, at_mash.pk}
    assert [line.rule_code for line in service if line.child_id == at_mash.pk] == ["mash_decision"]


def _busy_child(by: User | None, team: Team, worker: Worker, n: int) -> None:
    """A child with a bit of everything, so every table the tray reads has rows."""
    child = new_child(by, born=date(2012, 6, 15))
    s.allocate(child=child, team=team, worker=worker, start_date=date(2023, 12, 1), by=by)
    if n % 2 == 0:
        _c, _e, plan = cp_child(by, sd_on=date(2024, 1, 8), icpc_on=date(2024, 1, 24))
        s.allocate(child=_c, team=team, worker=worker, start_date=date(2024, 1, 8), by=by)
        s.record_core_group(cp_plan=plan, meeting_date=date(2024, 2, 6), by=by)
        s.record_visit(child=_c, kind="cp", visit_date=date(2024, 2, 2), seen=True, seen_alone=True, by=by)
    episode = s.start_cla_episode(
        child=child, decom=date(2024, 1, 2), ls="C2", cin="N1", place="U1", in_borough=True, by=by
    )
    s.record_visit(child=child, kind="cla", visit_date=date(2024, 1, 5), seen=True, seen_alone=True, by=by)
    s.record_cla_review(child=child, review=date(2024, 1, 25), review_code="PN1", by=by)
    s.record_health_assessment(child=child, assessment_date=date(2024, 1, 20), kind="initial", by=by)
    s.record_pep(child=child, pep_date=date(2024, 1, 22), by=by)
    s.change_placement(
        cla_episode=episode,
        on=date(2024, 2, 5),
        place="U2",
        in_borough=True,
        reason_place_change="CARPL",
        expected_version=episode.version,
        by=by,
    )
    s.record_missing_episode(
        child=child,
        missing="M",
        mis_start=at(2024, 2, 10),
        mis_end=at(2024, 2, 11),
        where_from="placement_in_borough",
        by=by,
    )
    s.record_contact(child=child, received_at=at(2024, 2, 12), referral_source="6", consent="obtained", by=by)
    s.start_early_help(child=child, eha_start_date=date(2023, 12, 1), by=by)


def _queries(**kwargs: object) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        lines = work_tray(as_of=date(2024, 3, 1), **kwargs)  # type: ignore[arg-type]
    return len(ctx.captured_queries), len(lines)


def test_work_tray_query_count_does_not_grow_with_children(officer: User) -> None:
    small_team, big_team = new_team(), new_team()
    small_worker, big_worker = new_worker(small_team), new_worker(big_team)
    for n in range(2):
        _busy_child(officer, small_team, small_worker, n)
    for n in range(8):
        _busy_child(officer, big_team, big_worker, n)
    small_q, small_lines = _queries(team=small_team)
    big_q, big_lines = _queries(team=big_team)
    assert big_lines > small_lines > 0
    assert small_q == big_q, (small_q, big_q)
    assert big_q <= 30
    assert _queries(worker=big_worker)[0] == big_q
    # The whole service reads the same tables once more, to find open work with no case holder.
    assert _queries()[0] <= big_q + 1


def test_due_items_for_child_accepts_an_id_and_rules(officer: User) -> None:
    from continuum.core.timescale_defaults import DEFAULT_RULES

    child = new_child(officer)
    referral(child, officer, date(2024, 3, 4))
    by_id = due_items_for_child(child.pk, as_of=date(2024, 4, 1), rules=DEFAULT_RULES)
    assert by_id == due_items_for_child(child, as_of=date(2024, 4, 1))
    # A rule the council has switched off produces nothing.
    without = [r for r in DEFAULT_RULES if r.code != "assessment_45wd"]
    assert not only(due_items_for_child(child, as_of=date(2024, 4, 1), rules=without), "assessment_45wd")
    assert due_items_for_child(999_999_999, as_of=date(2024, 4, 1)) == []


def test_cp_review_chain_from_a_datetime_free_start(officer: User) -> None:
    """A plan starting on 30 Nov: the first review falls at the end of February, never in March."""
    child, _e, _plan = cp_child(officer, sd_on=date(2023, 11, 10), icpc_on=date(2023, 11, 30))
    item = last(due_items_for_child(child, as_of=date(2023, 12, 1)), "cp_first_review")
    assert item.due == date(2024, 2, 29)  # 2024 is a leap year: 30 Nov + 3 months = 29 Feb
    assert isinstance(item.counted_from, date)
    assert not isinstance(item.counted_from, datetime)
