"""Sign-off (issue 18 point 2): the worker submits, a manager authorises or returns; nobody signs their own.

Known answers: the authorisation clock (5 working days from submission, a
local setting), the assessment's authorisation date being the manager's day,
the "awaiting my authorisation" tray, drafts kept through bad input.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.test import Client
from django.urls import reverse

from continuum.core import roles
from continuum.core.models import AccessLogEntry, TimescaleRule
from continuum.core.timescale_defaults import DEFAULT_RULES_BY_CODE
from continuum.core.timescales import LOCAL_ZONE, Status
from continuum.journey import services as s
from continuum.journey.models import Assessment, ChronologyEvent
from continuum.people.models import TeamType
from continuum.people.services import create_team, create_worker
from continuum.practice import signoff
from continuum.practice.models import Draft, SignOffStep

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 11, 30)  # a Monday


def test_authorisation_clock_known_answers() -> None:
    """Submitted Monday 23 November 2026: due 5 working days later, Monday 30 November."""
    rule = DEFAULT_RULES_BY_CODE[signoff.CLOCK_CODE]
    submitted = datetime(2026, 11, 23, 16, 0, tzinfo=LOCAL_ZONE)
    assert signoff.authorisation_clock(rule, submitted, date(2026, 11, 24)) == (
        date(2026, 11, 30),
        Status.DUE,
    )
    assert signoff.authorisation_clock(rule, submitted, date(2026, 11, 27)) == (
        date(2026, 11, 30),
        Status.DUE_SOON,
    )
    assert signoff.authorisation_clock(rule, submitted, date(2026, 12, 1)) == (
        date(2026, 11, 30),
        Status.OVERDUE,
    )
    # Submitted on a Friday: the weekend does not count.
    friday = datetime(2026, 11, 27, 9, 0, tzinfo=LOCAL_ZONE)
    assert signoff.authorisation_clock(rule, friday, AS_OF)[0] == date(2026, 12, 4)
    assert signoff.authorisation_clock(None, friday, AS_OF) == (None, None)


def test_the_clock_is_a_local_setting() -> None:
    TimescaleRule.objects.filter(code=signoff.CLOCK_CODE).update(interval=2)
    rule = signoff.clock_rule()
    assert rule is not None
    assert signoff.authorisation_clock(rule, date(2026, 11, 23), AS_OF) == (
        date(2026, 11, 25),
        Status.OVERDUE,
    )


@pytest.fixture
def world(make_user, settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = AS_OF.isoformat()
    sw = make_user("so-sw", roles.SOCIAL_WORKER)
    tm = make_user("so-tm", roles.TEAM_MANAGER)
    other_tm = make_user("so-tm2", roles.TEAM_MANAGER)
    elsewhere_tm = make_user("so-tm3", roles.TEAM_MANAGER)
    north = create_team(name="Sign North", team_type=TeamType.INTERVENTION_PLANNING)
    south = create_team(name="Sign South", team_type=TeamType.INTERVENTION_PLANNING)
    worker = create_worker(
        first_name="Sam", last_name="Worker", start_date=date(2020, 1, 1), team=north, user=sw
    )
    create_worker(
        first_name="Tess",
        last_name="Manager",
        start_date=date(2020, 1, 1),
        team=north,
        role="team_manager",
        user=tm,
    )
    create_worker(
        first_name="Tom",
        last_name="Deputy",
        start_date=date(2020, 1, 1),
        team=north,
        role="team_manager",
        user=other_tm,
    )
    create_worker(
        first_name="Ed",
        last_name="Else",
        start_date=date(2020, 1, 1),
        team=south,
        role="team_manager",
        user=elsewhere_tm,
    )
    kid = s.register_child(
        first_name="Signed", last_name="Child", person_birth_date=date(2015, 1, 1), by=None
    )
    episode = s.open_referral(child=kid, cin_referral_date=date(2026, 11, 2), referral_source="1A", by=None)
    s.allocate(child=kid, team=north, worker=worker, start_date=date(2026, 11, 2), by=None)
    assessment = s.start_assessment(
        cin_episode=episode, assessment_actual_start_date=date(2026, 11, 3), worker=worker, by=None
    )
    return {
        "sw": sw,
        "tm": tm,
        "other_tm": other_tm,
        "elsewhere_tm": elsewhere_tm,
        "child": kid,
        "assessment": assessment,
    }


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


SUBMISSION = {
    "child_seen": "yes",
    "outcome": "cin_plan",
    "assessment_factors": ["2A", "3A"],
    "summary": "Analysis: neglect of basic care; mother engaging; a CIN plan will support her.",
}


def _page(world) -> str:  # type: ignore[no-untyped-def]
    return reverse("child-sign-off", args=[world["child"].pk, "assessment", world["assessment"].pk])


def test_complete_assessment_leads_to_the_sign_off_page_without_a_date(world) -> None:  # type: ignore[no-untyped-def]
    client = _client(world["sw"])
    complete = reverse("child-assessment-complete", args=[world["child"].pk, world["assessment"].pk])
    response = client.get(complete)
    assert response["Location"] == _page(world)
    body = client.get(_page(world)).content.decode()
    assert "Submit for authorisation" in body
    assert "assessment_authorisation_date" not in body
    assert AccessLogEntry.objects.filter(
        user=world["sw"], action="child.signoff.view", record_id=str(world["child"].pk)
    ).exists()


def test_submit_return_resubmit_and_authorise_dated_by_the_manager(world) -> None:  # type: ignore[no-untyped-def]
    sw, tm, kid, assessment = _client(world["sw"]), _client(world["tm"]), world["child"], world["assessment"]
    assert sw.post(_page(world), SUBMISSION).status_code == 302
    sign_off = signoff.for_record("assessment", assessment.pk)
    assert signoff.latest_step(sign_off).step == SignOffStep.SUBMITTED
    # The worker cannot answer their own submission (no manager role), and may not submit twice.
    assert "Authorise" not in sw.get(_page(world)).content.decode().split("History")[0]
    # The manager returns it: comments are required.
    empty = tm.post(_page(world), {"answer": "return", "comments": ""}).content.decode()
    assert "Say what needs to change before it can be authorised" in empty
    assert (
        tm.post(_page(world), {"answer": "return", "comments": "Add the father's views."}).status_code == 302
    )
    assert signoff.latest_step(sign_off).step == SignOffStep.RETURNED
    again = sw.get(_page(world)).content.decode()
    assert "Add the father&#x27;s views." in again
    assert "Submit again for authorisation" in again
    assert 'value="2A" checked' in again  # the last submission is offered again
    assert sw.post(_page(world), {**SUBMISSION, "summary": "Father seen on 20/11."}).status_code == 302
    # Authorised: the date is the manager's day (the fixed today), not anything the worker typed.
    assert tm.post(_page(world), {"answer": "authorise", "comments": "Agreed."}).status_code == 302
    assessment.refresh_from_db()
    assert assessment.assessment_authorisation_date == AS_OF
    assert (assessment.outcome, assessment.child_seen, assessment.assessment_factors) == (
        "cin_plan",
        True,
        ["2A", "3A"],
    )
    assert [step.step for step in sign_off.steps.order_by("at", "pk")] == [
        "submitted",
        "returned",
        "submitted",
        "authorised",
    ]
    words = set(ChronologyEvent.objects.filter(child=kid).values_list("what", flat=True))
    assert {"Assessment submitted for authorisation", "Assessment authorised by a manager"} <= words
    assert "Assessment returned by a manager with comments" in words
    page = sw.get(_page(world)).content.decode()
    assert "Authorised" in page
    assert "Outcome: Child in need plan" in page or "Outcome:" in page


def test_nobody_authorises_their_own_work(world) -> None:  # type: ignore[no-untyped-def]
    tm = _client(world["tm"])
    assert tm.post(_page(world), SUBMISSION).status_code == 302  # a manager may submit work too
    own = tm.get(_page(world)).content.decode()
    assert "another manager must authorise or return it" in own
    sign_off = signoff.for_record("assessment", world["assessment"].pk)
    with pytest.raises(signoff.ActionRuleError, match="your own work"):
        signoff.authorise(sign_off, by=world["tm"])
    with pytest.raises(signoff.ActionRuleError, match="your own work"):
        signoff.return_for_changes(sign_off, by=world["tm"], comments="x")
    signoff.authorise(sign_off, by=world["other_tm"])
    world["assessment"].refresh_from_db()
    assert world["assessment"].assessment_authorisation_date == AS_OF


def test_the_assessments_own_worker_cannot_authorise_it(world, make_user) -> None:  # type: ignore[no-untyped-def]
    """A manager who holds the assessment as its worker is refused even when someone else submitted it."""
    world["assessment"].worker.user = None
    world["assessment"].worker.save()
    manager_worker = world["tm"].worker
    Assessment.objects.filter(pk=world["assessment"].pk).update(worker=manager_worker)
    sign_off = signoff.submit(
        child=world["child"],
        kind="assessment",
        record_id=world["assessment"].pk,
        by=world["other_tm"],
        proposed={"child_seen": True, "outcome": "nfa", "assessment_factors": ["1A"]},
    )
    with pytest.raises(signoff.ActionRuleError, match="your own assessment"):
        signoff.authorise(sign_off, by=world["tm"])


def test_awaiting_my_authorisation_tray(world) -> None:  # type: ignore[no-untyped-def]
    sw = _client(world["sw"])
    sw.post(_page(world), SUBMISSION)
    body = _client(world["tm"]).get(reverse("signoff-tray")).content.decode()
    assert "Assessment started 3 Nov 2026" in body
    assert "Sam Worker" in body or world["sw"].username in body
    assert "7 Dec 2026" in body  # submitted Monday 30 November: due 5 working days later
    assert "On track" in body
    assert AccessLogEntry.objects.filter(user=world["tm"], action="signoff.tray").exists()
    # Another team's manager does not see it; a social worker has no tray.
    assert (
        "Nothing is awaiting your authorisation"
        in _client(world["elsewhere_tm"]).get(reverse("signoff-tray")).content.decode()
    )
    assert sw.get(reverse("signoff-tray")).status_code == 403


def test_drafts_survive_bad_input_and_are_discarded_on_submit(world) -> None:  # type: ignore[no-untyped-def]
    sw = _client(world["sw"])
    saved = sw.post(_page(world), {"summary": "Half written", "save_draft": "1"})
    assert saved.status_code == 302
    assert Draft.objects.get(user=world["sw"]).data["summary"] == ["Half written"]
    reopened = sw.get(_page(world)).content.decode()
    assert "Half written" in reopened
    assert "Your draft saved" in reopened
    assert "govuk-error-summary" not in reopened  # a draft is not checked until submitted
    refused = sw.post(_page(world), {"summary": "More written", "child_seen": "yes"}).content.decode()
    assert "Select the factors identified at assessment" in refused
    assert Draft.objects.get(user=world["sw"]).data["summary"] == ["More written"]
    assert sw.post(_page(world), SUBMISSION).status_code == 302
    assert not Draft.objects.filter(user=world["sw"]).exists()


@pytest.mark.parametrize(
    "role", [roles.PARTNER_MEMBER, roles.PERFORMANCE_ANALYST, roles.BOARD_MEMBER], ids=lambda r: r.slug
)
def test_roles_without_child_records_are_refused(world, make_user, role) -> None:  # type: ignore[no-untyped-def]
    client = _client(make_user(f"so-{role.slug}", role))
    assert client.get(_page(world)).status_code == 403
    assert client.get(reverse("signoff-tray")).status_code == 403


def test_closure_is_applied_when_authorised_and_plans_are_signed_off(world) -> None:  # type: ignore[no-untyped-def]
    kid, sw = world["child"], _client(world["sw"])
    episode = world["assessment"].cin_episode
    signoff.authorise(
        signoff.submit(
            child=kid,
            kind="assessment",
            record_id=world["assessment"].pk,
            by=world["sw"],
            proposed={"child_seen": True, "outcome": "nfa", "assessment_factors": ["1A"]},
        ),
        by=world["tm"],
    )
    page = reverse("child-sign-off", args=[kid.pk, "closure", episode.pk])
    body = sw.get(page).content.decode()
    assert "Date the referral is to close" in body
    form = {
        "summary": "Assessment found no role for social care.",
        "cin_closure_date-day": "30",  # on the day the assessment was authorised: nothing after closure
        "cin_closure_date-month": "11",
        "cin_closure_date-year": "2026",
        "reason_for_closure": "RC8",
    }
    assert sw.post(page, form).status_code == 302
    episode.refresh_from_db()
    assert episode.cin_closure_date is None  # not closed until a manager authorises
    assert "To close on 30 Nov 2026" in _client(world["tm"]).get(page).content.decode()
    assert _client(world["tm"]).post(page, {"answer": "authorise"}).status_code == 302
    episode.refresh_from_db()
    assert (episode.cin_closure_date, episode.reason_for_closure) == (AS_OF, "RC8")


def test_a_plan_is_submitted_and_authorised(world) -> None:  # type: ignore[no-untyped-def]
    kid = world["child"]
    plan = s.start_cin_plan(
        cin_episode=world["assessment"].cin_episode, cin_plan_start_date=date(2026, 11, 20), by=None
    )
    page = reverse("child-sign-off", args=[kid.pk, "cin_plan", plan.pk])
    assert _client(world["sw"]).post(page, {"summary": "Plan agreed with mother."}).status_code == 302
    assert (
        _client(world["tm"]).post(page, {"answer": "authorise", "comments": "SMART enough."}).status_code
        == 302
    )
    assert signoff.latest_step(signoff.for_record("cin_plan", plan.pk)).step == SignOffStep.AUTHORISED
    assert "govuk-tag--green" in _client(world["sw"]).get(page).content.decode()
    # The plan page links to its sign-off.
    assert (
        page
        in _client(world["sw"]).get(reverse("child-plan", args=[kid.pk, "cin", plan.pk])).content.decode()
    )


def test_a_closure_the_rules_refuse_is_refused_when_submitted_not_left_in_the_tray(world) -> None:  # type: ignore[no-untyped-def]
    """An open plan: the closure could never be authorised, so the worker hears it at once."""
    kid, sw = world["child"], _client(world["sw"])
    episode = world["assessment"].cin_episode
    s.start_cin_plan(cin_episode=episode, cin_plan_start_date=date(2026, 11, 20), by=None)
    page = reverse("child-sign-off", args=[kid.pk, "closure", episode.pk])
    form = {
        "summary": "Family moving away.",
        "cin_closure_date-day": "30",
        "cin_closure_date-month": "11",
        "cin_closure_date-year": "2026",
        "reason_for_closure": "RC7",
    }
    refused = sw.post(page, form)
    assert refused.status_code == 200
    assert "end the child&#x27;s open plan before closing the referral" in refused.content.decode()
    assert signoff.for_record("closure", episode.pk) is None  # nothing waits in a tray
    episode.refresh_from_db()
    assert (episode.cin_closure_date, episode.reason_for_closure) == (None, "")  # the try was undone
