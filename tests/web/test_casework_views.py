"""The journey's casework forms through the test client: who may use them, what they save, what they refuse.

Each form is posted with answers worked out by hand and the rows the service
wrote are checked; refusals (the form's, the service's, the policy's) are
checked by their exact words, and every page view leaves its access-log entry.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from continuum.core import roles
from continuum.core.models import AccessLogEntry
from continuum.journey import services as s
from continuum.journey.models import (
    Assessment,
    CareLeaverContact,
    CINEpisode,
    CINPlan,
    CLAEpisode,
    CLAReview,
    Conference,
    CoreGroup,
    CPPlan,
    MissingEpisode,
    Placement,
)
from continuum.people.models import Allocation, TeamType
from continuum.people.services import create_team, create_worker

pytestmark = pytest.mark.django_db

REFERRAL = date(2024, 1, 10)
ICPC = date(2024, 1, 31)


def make_world(make_user: Any, *, with_cp_plan: bool = False) -> dict[str, Any]:
    """A team with a manager and two workers, a QA officer, and a child with an open referral held by Sam."""
    team = create_team(name="Intervention North", team_type=TeamType.INTERVENTION_PLANNING)
    users = {
        "tm": make_user("tm", roles.TEAM_MANAGER),
        "sw": make_user("sw", roles.SOCIAL_WORKER),
        "sw2": make_user("sw2", roles.SOCIAL_WORKER),
        "qa": make_user("qa", roles.QA_OFFICER),
        "analyst": make_user("analyst", roles.PERFORMANCE_ANALYST),
    }
    start = date(2020, 1, 1)
    create_worker(
        first_name="Tia",
        last_name="Manager",
        start_date=start,
        team=team,
        role="team_manager",
        user=users["tm"],
    )
    sam = create_worker(first_name="Sam", last_name="Worker", start_date=start, team=team, user=users["sw"])
    kit = create_worker(first_name="Kit", last_name="Second", start_date=start, team=team, user=users["sw2"])
    child = s.register_child(
        first_name="Ada", last_name="Casechild", person_birth_date=date(2010, 6, 1), by=None
    )
    episode = s.open_referral(
        child=child, cin_referral_date=REFERRAL, referral_source="6", primary_need_code="N1", by=None
    )
    s.allocate(child=child, team=team, worker=sam, start_date=REFERRAL, by=None)
    world = {"users": users, "child": child, "episode": episode, "team": team, "sam": sam, "kit": kit}
    if with_cp_plan:
        discussion = s.hold_strategy_discussion(
            cin_episode=episode, held_on=REFERRAL, decision_s47=True, agencies_present=["police"], by=None
        )
        s.start_s47(
            cin_episode=episode, s47_actual_start_date=REFERRAL, strategy_discussion=discussion, by=None
        )
        icpc = s.hold_icpc(cin_episode=episode, conference_date=ICPC, outcome="plan", by=None)
        world["plan"] = s.start_cp_plan(icpc=icpc, initial_category_of_abuse="NEG", by=None)
    return world


@pytest.fixture
def world(make_user) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return make_world(make_user)


@pytest.fixture
def cp_world(make_user) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return make_world(make_user, with_cp_plan=True)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def day(prefix: str, value: date) -> dict[str, str]:
    return {
        f"{prefix}-day": str(value.day),
        f"{prefix}-month": str(value.month),
        f"{prefix}-year": str(value.year),
    }


def url(name: str, world: dict[str, Any], *more: int) -> str:
    return reverse(name, args=[world["child"].pk, *more])


def page_text(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def hidden(response, name: str) -> str:  # type: ignore[no-untyped-def]
    """The value of a hidden field on a rendered form (the version and what the page showed)."""
    form = response.context["form"]
    return str(form[name].value())


# --- Who may use the forms --------------------------------------------------------------------


def test_allocation_is_for_team_managers_and_every_attempt_is_logged(world) -> None:
    child = world["child"]
    allocate = url("child-allocate", world)
    assert client_for(world["users"]["tm"]).get(allocate).status_code == 200
    assert (
        AccessLogEntry.objects.filter(
            user=world["users"]["tm"], action="child.allocation.new", record_id=str(child.pk)
        ).count()
        == 1
    )
    for name in ("sw", "qa", "analyst"):
        response = client_for(world["users"][name]).get(allocate)
        assert response.status_code == 403, name
        assert "Casechild" not in page_text(response)
        assert (
            AccessLogEntry.objects.filter(
                user=world["users"][name], action="child.refused", record_id=str(child.pk)
            ).count()
            == 1
        )


# --- Allocation ------------------------------------------------------------------------------


def test_manager_reallocates_and_the_old_allocation_ends_the_same_day_with_its_reason(world) -> None:
    tm = client_for(world["users"]["tm"])
    response = tm.post(
        url("child-allocate", world),
        {
            "worker": str(world["kit"].pk),
            **day("start_date", date(2024, 3, 4)),
            "previous_end_reason": "LEFTRL",
        },
    )
    assert response.status_code == 302
    rows = list(Allocation.objects.filter(child=world["child"]).order_by("start_date"))
    assert [(a.worker, a.start_date, a.end_date, a.end_reason) for a in rows] == [
        (world["sam"], REFERRAL, date(2024, 3, 4), "LEFTRL"),
        (world["kit"], date(2024, 3, 4), None, ""),
    ]


def test_allocation_refuses_a_worker_from_outside_the_list_and_an_impossible_date(world) -> None:
    tm = client_for(world["users"]["tm"])
    response = tm.post(
        url("child-allocate", world), {"worker": "999999", **day("start_date", date(2024, 2, 1))}
    )
    assert "Select a valid choice" in page_text(response)
    response = tm.post(
        url("child-allocate", world),
        {
            "worker": str(world["kit"].pk),
            "start_date-day": "30",
            "start_date-month": "2",
            "start_date-year": "2024",
        },
    )
    assert "Date the worker takes the case must be a real date: February 2024 has 29 days" in page_text(
        response
    )
    assert Allocation.objects.filter(child=world["child"]).count() == 1


def test_ending_an_allocation_someone_else_has_just_changed_is_refused_with_what_changed(world) -> None:
    allocation = Allocation.objects.get(child=world["child"])
    address = url("child-allocation-end", world, allocation.pk)
    tm = client_for(world["users"]["tm"])
    opened = tm.get(address)
    answers = {"version": hidden(opened, "version"), "seen_state": hidden(opened, "seen_state")}
    # Meanwhile another manager moves the case to Kit, which ends Sam's allocation.
    s.allocate(
        child=world["child"],
        team=world["team"],
        worker=world["kit"],
        start_date=date(2024, 3, 4),
        previous_end_reason="LEFTRL",
        by=None,
    )
    clash = tm.post(address, {**answers, **day("end_date", date(2024, 6, 1)), "end_reason": "OTHERS"})
    body = page_text(clash)
    assert clash.status_code == 200
    assert "This record was changed by someone else while you were editing it" in body
    assert "End date is now: 4 Mar 2024" in body
    assert '<option value="OTHERS" selected>' in body
    allocation.refresh_from_db()
    assert (allocation.end_date, allocation.end_reason) == (date(2024, 3, 4), "LEFTRL")
    # Saving again on the new version meets the service's rule, in its words.
    again = tm.post(
        address,
        {
            "version": hidden(clash, "version"),
            "seen_state": hidden(clash, "seen_state"),
            **day("end_date", date(2024, 6, 1)),
        },
    )
    assert "the allocation has already ended." in page_text(again)


# --- Referral, assessment, CIN plans --------------------------------------------------------------


def test_starting_an_assessment_gives_it_to_the_worker_holding_the_case(world) -> None:
    response = client_for(world["users"]["sw"]).post(
        url("child-assessment-new", world), day("assessment_actual_start_date", date(2024, 1, 12))
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get(child=world["child"])
    assert (assessment.assessment_actual_start_date, assessment.worker) == (date(2024, 1, 12), world["sam"])


def test_an_assessment_before_the_referral_is_refused_with_the_reason_and_the_date_kept(world) -> None:
    response = client_for(world["users"]["sw"]).post(
        url("child-assessment-new", world), day("assessment_actual_start_date", date(2024, 1, 2))
    )
    body = page_text(response)
    assert response.status_code == 200
    assert (
        f"Cannot start an assessment for child {world['child'].la_child_id}: the assessment start date "
        "(2 Jan 2024) is before the referral date (10 Jan 2024)."
    ) in body
    assert 'name="assessment_actual_start_date-day" type="text" inputmode="numeric" value="2"' in body
    assert not Assessment.objects.filter(child=world["child"]).exists()


def test_cin_plan_start_end_and_referral_closure(world) -> None:
    sw = client_for(world["users"]["sw"])
    assert (
        sw.post(url("child-cin-plan-new", world), day("cin_plan_start_date", date(2024, 2, 1))).status_code
        == 302
    )
    plan = CINPlan.objects.get(child=world["child"])
    address = url("child-cin-plan-end", world, plan.pk)
    opened = sw.get(address)
    ended = sw.post(
        address,
        {
            "version": hidden(opened, "version"),
            "seen_state": hidden(opened, "seen_state"),
            **day("cin_plan_end_date", date(2024, 6, 30)),
        },
    )
    assert ended.status_code == 302
    plan.refresh_from_db()
    assert plan.cin_plan_end_date == date(2024, 6, 30)
    # Closing is submitting the closure for a manager's sign-off (issue 18 point 2): the old
    # address leads there, and the referral closes only when the manager authorises it.
    sent = sw.get(url("child-referral-close", world, world["episode"].pk))
    close = reverse("child-sign-off", args=[world["child"].pk, "closure", world["episode"].pk])
    assert (sent.status_code, sent["Location"]) == (302, close)
    answers = {"summary": "The plan has ended: needs met.", **day("cin_closure_date", date(2024, 7, 1))}
    missing_reason = sw.post(close, answers)
    assert "Select the reason for closure" in page_text(missing_reason)
    assert sw.post(close, {**answers, "reason_for_closure": "RC7"}).status_code == 302
    assert CINEpisode.objects.get(pk=world["episode"].pk).cin_closure_date is None
    assert client_for(world["users"]["tm"]).post(close, {"answer": "authorise"}).status_code == 302
    episode = CINEpisode.objects.get(pk=world["episode"].pk)
    assert (episode.cin_closure_date, episode.reason_for_closure) == (date(2024, 7, 1), "RC7")


# --- Child protection plans ---------------------------------------------------------------------


def test_core_group_review_and_the_review_that_ends_the_plan(cp_world) -> None:
    world = cp_world
    plan = world["plan"]
    sw = client_for(world["users"]["sw"])
    response = sw.post(
        url("child-core-group-new", world, plan.pk),
        {**day("meeting_date", date(2024, 2, 14)), "agencies_present": ["health", "education"]},
    )
    assert response.status_code == 302
    meeting = CoreGroup.objects.get(cp_plan=plan)
    assert (meeting.meeting_date, meeting.agencies_present) == (date(2024, 2, 14), ["health", "education"])
    review = url("child-cp-review-new", world, plan.pk)
    opened = sw.get(review)
    answers = {"version": hidden(opened, "version"), "seen_state": hidden(opened, "seen_state")}
    response = sw.post(
        review,
        {
            **answers,
            **day("conference_date", date(2024, 4, 25)),
            "outcome": "continue_plan",
            "latest_category_of_abuse": "EMO",
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.latest_category_of_abuse, plan.cpp_end_date) == ("EMO", None)
    assert Conference.objects.filter(cp_plan=plan, kind="review", conference_date=date(2024, 4, 25)).exists()


def test_ending_a_plan_someone_else_just_reviewed_says_what_changed_then_saves_deliberately(cp_world) -> None:
    world = cp_world
    plan = world["plan"]
    address = url("child-cp-plan-end", world, plan.pk)
    sw = client_for(world["users"]["sw"])
    opened = sw.get(address)
    answers = {"version": hidden(opened, "version"), "seen_state": hidden(opened, "seen_state")}
    # Meanwhile a manager records a review that changes the category.
    s.hold_cp_review(
        cp_plan=plan,
        conference_date=date(2024, 4, 25),
        outcome="continue_plan",
        latest_category_of_abuse="PHY",
        expected_version=plan.version,
        by=world["users"]["tm"],
    )
    clash = sw.post(address, {**answers, **day("cpp_end_date", date(2024, 8, 1))})
    body = page_text(clash)
    assert clash.status_code == 200
    assert "This record was changed by someone else while you were editing it" in body
    assert "Latest category of abuse is now: PHY Physical abuse" in body
    assert 'name="cpp_end_date-day" type="text" inputmode="numeric" value="1"' in body
    assert CPPlan.objects.get(pk=plan.pk).cpp_end_date is None
    # The form moved on to the new version: saving again, knowingly, goes through.
    again = sw.post(
        address,
        {
            "version": hidden(clash, "version"),
            "seen_state": hidden(clash, "seen_state"),
            **day("cpp_end_date", date(2024, 8, 1)),
        },
    )
    assert again.status_code == 302
    assert CPPlan.objects.get(pk=plan.pk).cpp_end_date == date(2024, 8, 1)


# --- Looked after ------------------------------------------------------------------------------------


CARE = {
    "ls": "V2",
    "cin": "N1",
    "place": "U6",
    "place_provider": "PR1",
    "in_borough": "yes",
    "pl_post": "se1 7qp",
}


def test_care_starts_then_a_change_of_placement_splits_the_episode_then_care_ceases(world) -> None:
    sw = client_for(world["users"]["sw"])
    child = world["child"]
    assert sw.post(url("child-cla-new", world), {**CARE, **day("decom", date(2024, 3, 1))}).status_code == 302
    first = CLAEpisode.objects.get(child=child)
    assert (first.decom, first.rne, first.ls, first.place, first.pl_post, first.cin_episode_id) == (
        date(2024, 3, 1),
        "S",
        "V2",
        "U6",
        "SE1 7QP",
        world["episode"].pk,
    )
    address = url("child-placement-change", world, first.pk)
    opened = sw.get(address)
    answers = {"version": hidden(opened, "version"), "seen_state": hidden(opened, "seen_state")}
    move = {
        **answers,
        **day("on", date(2024, 5, 20)),
        "rne": "P",
        "reason_place_change": "CARPL",
        "place": "K2",
        "place_provider": "PR4",
        "in_borough": "no",
    }
    assert sw.post(address, move).status_code == 302
    episodes = list(CLAEpisode.objects.filter(child=child).order_by("decom", "pk"))
    assert [(e.decom, e.dec, e.rec, e.rne, e.place, e.ls) for e in episodes] == [
        (date(2024, 3, 1), date(2024, 5, 20), "X1", "S", "U6", "V2"),
        (date(2024, 5, 20), None, "", "P", "K2", "V2"),
    ]
    placements = list(Placement.objects.filter(child=child).order_by("start_date"))
    assert [(p.start_date, p.end_date, p.place) for p in placements] == [
        (date(2024, 3, 1), date(2024, 5, 20), "U6"),
        (date(2024, 5, 20), None, "K2"),
    ]
    # The old episode's form is now stale: the same answers are refused, nothing overwritten.
    stale = sw.post(address, move)
    assert "This record was changed by someone else while you were editing it" in page_text(stale)
    assert CLAEpisode.objects.filter(child=child).count() == 2
    second = episodes[1]
    end = url("child-cla-end", world, second.pk)
    opened = sw.get(end)
    answers = {"version": hidden(opened, "version"), "seen_state": hidden(opened, "seen_state")}
    assert sw.post(end, {**answers, **day("dec", date(2024, 9, 2)), "rec": "E4A"}).status_code == 302
    second.refresh_from_db()
    assert (second.dec, second.rec) == (date(2024, 9, 2), "E4A")


def test_change_of_legal_status_with_the_placement_needs_the_new_status(world) -> None:
    child = world["child"]
    first = s.start_cla_episode(
        child=child, decom=date(2024, 3, 1), ls="V2", cin="N1", place="U6", in_borough=True, by=None
    )
    sw = client_for(world["users"]["sw"])
    address = url("child-placement-change", world, first.pk)
    opened = sw.get(address)
    response = sw.post(
        address,
        {
            "version": hidden(opened, "version"),
            "seen_state": hidden(opened, "seen_state"),
            **day("on", date(2024, 2, 1)),
            "rne": "T",
            "reason_place_change": "CARPL",
            "place": "K2",
            "in_borough": "yes",
            "pl_post": "NOTACODE",
        },
    )
    body = page_text(response)
    assert "Select the new legal status: the change you chose includes one" in body
    assert "Enter a real placement postcode, like SE1 7QP" in body
    assert 'value="NOTACODE"' in body
    assert CLAEpisode.objects.filter(child=child).count() == 1


def test_a_review_is_recorded_against_the_episode_covering_its_date_and_refused_outside_care(world) -> None:
    child = world["child"]
    episode = s.start_cla_episode(
        child=child, decom=date(2024, 3, 1), ls="C2", cin="N1", place="U4", in_borough=True, by=None
    )
    sw = client_for(world["users"]["sw"])
    before = sw.post(
        url("child-cla-review-new", world), {**day("review", date(2024, 2, 1)), "review_code": "PN1"}
    )
    assert (
        f"Cannot record a looked-after review for child {child.la_child_id}: "
        "the child was not looked after on the review date (1 Feb 2024)."
    ) in page_text(before)
    impossible = sw.post(
        url("child-cla-review-new", world),
        {"review-day": "31", "review-month": "4", "review-year": "2024", "review_code": "PN1"},
    )
    assert "Date of the review must be a real date: April 2024 has 30 days" in page_text(impossible)
    done = sw.post(
        url("child-cla-review-new", world), {**day("review", date(2024, 3, 20)), "review_code": "PN1"}
    )
    assert done.status_code == 302
    assert list(
        CLAReview.objects.filter(child=child).values_list("review", "review_code", "cla_episode_id")
    ) == [(date(2024, 3, 20), "PN1", episode.pk)]


# --- Missing episodes and care leavers -------------------------------------------------------


def local(y: int, m: int, d: int, h: int, mi: int) -> datetime:
    return timezone.make_aware(datetime(y, m, d, h, mi))


def test_missing_from_home_then_the_return_and_interview_saved_together(world) -> None:
    sw = client_for(world["users"]["sw"])
    child = world["child"]
    bad_time = sw.post(
        url("child-missing-new", world),
        {"missing": "M", "where_from": "home", **day("start_date", date(2024, 4, 5)), "start_time": "25:10"},
    )
    assert "Time the child went missing must be a real time: hours 0 to 23 and minutes 0 to 59" in page_text(
        bad_time
    )
    response = sw.post(
        url("child-missing-new", world),
        {"missing": "M", "where_from": "home", **day("start_date", date(2024, 4, 5)), "start_time": "21:30"},
    )
    assert response.status_code == 302
    episode = MissingEpisode.objects.get(child=child)
    assert (episode.mis_start, episode.mis_end) == (local(2024, 4, 5, 21, 30), None)
    address = url("child-missing-return", world, episode.pk)
    opened = sw.get(address)
    answers = {"version": hidden(opened, "version"), "seen_state": hidden(opened, "seen_state")}
    # An interview offered before the return is refused, and the return is not saved either.
    early = sw.post(
        address,
        {
            **answers,
            **day("end_date", date(2024, 4, 6)),
            "end_time": "08:00",
            "rhi_offered": "yes",
            **day("rhi_date", date(2024, 4, 6)),
            "rhi_time": "07:00",
            "rhi_accepted": "yes",
        },
    )
    assert "before the child returned" in page_text(early)
    assert MissingEpisode.objects.get(pk=episode.pk).mis_end is None
    done = sw.post(
        address,
        {
            **answers,
            **day("end_date", date(2024, 4, 6)),
            "end_time": "08:00",
            "rhi_offered": "yes",
            **day("rhi_date", date(2024, 4, 7)),
            "rhi_time": "10:00",
            "rhi_accepted": "yes",
        },
    )
    assert done.status_code == 302
    episode.refresh_from_db()
    assert (episode.mis_end, episode.rhi_offered_at, episode.rhi_accepted) == (
        local(2024, 4, 6, 8, 0),
        local(2024, 4, 7, 10, 0),
        True,
    )


def test_care_leaver_contact_records_accommodation_and_activity_together(world) -> None:
    child = world["child"]
    sw = client_for(world["users"]["sw"])
    not_yet = sw.get(url("child-care-leaver-contact-new", world))
    assert not_yet.status_code == 302
    s.start_cla_episode(
        child=child, decom=date(2024, 3, 1), ls="V2", cin="N1", place="U6", in_borough=True, by=None
    )
    s.register_care_leaver(child=child, eligibility_category="eligible", start_date=date(2024, 6, 1), by=None)
    address = url("child-care-leaver-contact-new", world)
    half = sw.post(address, {**day("contact_date", date(2024, 7, 1)), "in_touch": "YES", "accom": "U1"})
    assert "Select the main activity: accommodation and activity are recorded together" in page_text(half)
    assert 'value="U1" selected' in page_text(half)
    done = sw.post(
        address,
        {
            **day("contact_date", date(2024, 7, 1)),
            "in_touch": "YES",
            "accom": "U1",
            "activ": "F2",
            "staying_put": "no",
        },
    )
    assert done.status_code == 302
    assert list(
        CareLeaverContact.objects.filter(child=child).values_list(
            "contact_date", "in_touch", "accom", "activ"
        )
    ) == [(date(2024, 7, 1), "YES", "U1", "F2")]


def test_the_record_page_links_to_the_forms_that_apply(cp_world) -> None:
    world = cp_world
    body = page_text(client_for(world["users"]["sw"]).get(url("child-record", world)))
    plan = world["plan"]
    for address in (
        url("child-assessment-new", world),
        url("child-core-group-new", world, plan.pk),
        url("child-cp-review-new", world, plan.pk),
        url("child-cp-plan-end", world, plan.pk),
        reverse("child-sign-off", args=[world["child"].pk, "closure", world["episode"].pk]),
        url("child-cla-new", world),
        url("child-missing-new", world),
    ):
        assert f'href="{address}"' in body, address
    assert url("child-care-leaver-contact-new", world) not in body
