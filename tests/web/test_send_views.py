"""SEND pages through the policy: the caseworker's list, recording a request, a request's timeline."""

from __future__ import annotations

import re
from datetime import date

import pytest

from continuum.core import roles
from continuum.core.models import AccessLogEntry
from continuum.people.models import Allocation, Child, TeamType
from continuum.people.services import create_team, create_worker
from continuum.send.models import EHCPlan, EHCRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_user, settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2024-12-20"
    team = create_team(name="SEND casework 1", team_type=TeamType.INTERVENTION_PLANNING)
    sw = make_user("send-sw", roles.SOCIAL_WORKER)
    create_worker(first_name="Sam", last_name="Case", start_date=date(2020, 1, 1), team=team, user=sw)
    mine = Child.objects.create(la_child_id="SEND-MINE", person_birth_date=date(2014, 2, 2))
    other = Child.objects.create(la_child_id="SEND-OTHER", person_birth_date=date(2013, 3, 3))
    Allocation.objects.create(child=mine, team=team, start_date=date(2024, 1, 1))
    return {
        "sw": sw,
        "mine": EHCRequest.objects.create(child=mine, requested_by="parent", received_on=date(2024, 9, 2)),
        "other": EHCRequest.objects.create(child=other, requested_by="school", received_on=date(2024, 9, 9)),
        "analyst": make_user("send-analyst", roles.PERFORMANCE_ANALYST),
    }


def test_the_list_shows_only_requests_for_people_the_worker_may_see(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["sw"])
    page = client.get("/send/").content.decode()
    assert f'data-request="{world["mine"].pk}"' in page
    assert f'data-request="{world["other"].pk}"' not in page
    assert "20 Jan 2025" in page  # the 20-week date of 2 Sep 2024
    assert "Overdue" in page  # the decision to assess was due 14 Oct


def test_the_timeline_is_policy_checked_and_logged(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["sw"])
    assert client.get(f"/send/requests/{world['other'].pk}/").status_code == 403
    response = client.get(f"/send/requests/{world['mine'].pk}/")
    assert response.status_code == 200
    assert AccessLogEntry.objects.filter(action="send.view", record_id=str(world["mine"].child_id)).exists()
    client.force_login(world["analyst"])
    assert client.get("/send/").status_code == 403
    assert client.get(f"/send/requests/{world['mine'].pk}/").status_code == 403


def test_recording_a_request_advice_and_an_exception(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["sw"])
    bad = client.post("/send/new/", {"la_child_id": "NOBODY", "requested_by": "parent"})
    assert bad.status_code == 400
    assert "No child or young person" in bad.content.decode() or "Enter" in bad.content.decode()
    # The person's open request is withdrawn first: one open request a person (edges finding 1).
    EHCRequest.objects.filter(pk=world["mine"].pk).update(withdrawn_on=date(2024, 11, 1))
    ok = client.post(
        "/send/new/",
        {
            "la_child_id": "SEND-MINE",
            "requested_by": "young_person",
            "received_on-day": "2",
            "received_on-month": "12",
            "received_on-year": "2024",
        },
    )
    assert ok.status_code == 302
    ehc = EHCRequest.objects.latest("pk")
    assert (ehc.requested_by, ehc.received_on) == ("young_person", date(2024, 12, 2))
    url = f"/send/requests/{ehc.pk}/"
    client.post(
        url,
        {
            "form": "advice",
            "kind": "health",
            "requested_on-day": "5",
            "requested_on-month": "12",
            "requested_on-year": "2024",
        },
    )
    client.post(
        url,
        {
            "form": "exception",
            "reason": "late_advice",
            "starts_on-day": "6",
            "starts_on-month": "12",
            "starts_on-year": "2024",
        },
    )
    page = client.get(url).content.decode()
    assert 'data-clock="ehc_advice"' in page
    assert "16 Jan 2025" in page  # advice: 6 weeks from 5 Dec
    assert "stays in the 20-week figure" in page
    foreign = client.post(
        "/send/new/",
        {
            "la_child_id": "SEND-OTHER",
            "requested_by": "parent",
            "received_on-day": "2",
            "received_on-month": "12",
            "received_on-year": "2024",
        },
    )
    assert foreign.status_code == 400  # may not record on a person they cannot see


# --- The whole journey through the forms (issue 24 point 1) -------------------------------------------


def _day(name: str, d: date) -> dict[str, str]:
    return {f"{name}-day": str(d.day), f"{name}-month": str(d.month), f"{name}-year": str(d.year)}


PLAN_ANSWERS = {
    "primary_need": "SLCN",
    "needs": "Speech and language: understands short sentences only.",
    "outcomes": "Takes part in class discussion by the end of Year 5.",
    "provision": "Speech and language therapy, 30 minutes a week.",
    "setting_name": "Riverside Primary",
    "setting_type": "mainstream",
    "out_of_borough": "no",
    "budget_requested": "yes",
    "budget_agreed": "yes",
    "budget_amount": "1200",
    "budget_purpose": "Short breaks",
}


def _seen(page: str) -> str:
    """The page's record of what the form was opened on (for explaining a clash)."""
    found = re.search(r'name="seen_state" value="([^"]*)"', page)
    assert found is not None
    return found.group(1)


def test_the_journey_in_forms_with_named_errors_and_clashes(client, world, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2026-11-30"
    client.force_login(world["sw"])
    ehc = world["mine"]
    url = f"/send/requests/{ehc.pk}/"
    page = client.get(url).content.decode()
    assert 'data-form="assess"' in page
    assert 'data-form="issue"' not in page
    opened = _seen(page)
    # Empty: each error names its question.
    empty = client.post(url, {"form": "assess", "version": "1"})
    assert empty.status_code == 400
    text = empty.content.decode()
    assert "Select whether the council will carry out an EHC needs assessment" in text
    assert "Enter the date of the decision to assess" in text
    # Before the request: refused on the date, with the date named.
    early = client.post(
        url,
        {
            "form": "assess",
            "version": "1",
            "assess_decision": "assess",
            **_day("assess_decided_on", date(2024, 8, 1)),
        },
    )
    assert early.status_code == 400
    assert "cannot be before 2 September 2024" in early.content.decode()
    ok = client.post(
        url,
        {
            "form": "assess",
            "version": "1",
            "assess_decision": "assess",
            **_day("assess_decided_on", date(2024, 10, 7)),
        },
    )
    assert ok.status_code == 302
    # A colleague's page, opened before that decision, cannot overwrite it.
    stale = client.post(
        url,
        {
            "form": "assess",
            "version": "1",
            "seen_state": opened,
            "assess_decision": "refuse",
            **_day("assess_decided_on", date(2024, 10, 8)),
        },
    )
    assert stale.status_code == 400
    assert "changed by someone else" in stale.content.decode()
    assert "Decision to assess is now: Agreed to assess" in stale.content.decode()
    ehc.refresh_from_db()
    assert (ehc.assess_decision, ehc.version) == ("assess", 2)
    assert (
        client.post(
            url,
            {
                "form": "issue",
                "version": "2",
                "issue_decision": "issue",
                **_day("issue_decided_on", date(2024, 12, 9)),
            },
        ).status_code
        == 302
    )
    assert (
        client.post(
            url, {"form": "draft", "version": "3", **_day("draft_issued_on", date(2024, 12, 16))}
        ).status_code
        == 302
    )
    consulted = client.post(
        url,
        {
            "form": "consultation",
            "setting_name": "Riverside Primary",
            "setting_type": "mainstream",
            **_day("consulted_on", date(2024, 12, 17)),
            **_day("responded_on", date(2024, 12, 30)),
            "accepts": "yes",
        },
    )
    assert consulted.status_code == 302
    assert "can meet the needs" in client.get(url).content.decode()
    # The final plan: the sections are required, the budget is checked, and it opens the plan.
    final = f"/send/requests/{ehc.pk}/final/"
    bare = client.post(final, {"form": "final", "version": "4", **_day("issued_on", date(2025, 1, 13))})
    assert bare.status_code == 400
    assert "Enter the special educational needs (section B)" in bare.content.decode()
    assert "Select the primary need" in bare.content.decode()
    wrong = client.post(
        final,
        {
            "form": "final",
            "version": "4",
            **_day("issued_on", date(2025, 1, 13)),
            **PLAN_ANSWERS,
            "budget_agreed": "",
            "budget_amount": "12x",
        },
    )
    assert "Select whether the personal budget asked for was agreed" in wrong.content.decode()
    assert "Personal budget must be an amount in pounds" in wrong.content.decode()
    issued = client.post(
        final, {"form": "final", "version": "4", **_day("issued_on", date(2025, 1, 13)), **PLAN_ANSWERS}
    )
    plan = EHCPlan.objects.get(ehc_request=ehc)
    assert issued["Location"] == f"/send/plans/{plan.pk}/?from=request"  # back link: the request
    assert (plan.setting_name, plan.budget_agreed, plan.budget_amount) == ("Riverside Primary", True, 1200)
    # The plan page: an annual review that amends, its 12-week clock, the amended plan, then ceasing.
    plan_url = f"/send/plans/{plan.pk}/"
    opened = client.get(plan_url).content.decode()
    assert f"{plan.child.display_name}, record number {plan.child.la_child_id}" in opened
    assert "LAchildID" not in opened
    assert "Back to annual reviews due" in opened
    # Reached from the phase transfers due, the back link returns there.
    assert "Back to phase transfers due" in client.get(plan_url + "?from=transfers").content.decode()
    assert "Back to annual reviews due" in client.get(plan_url + "?from=elsewhere").content.decode()
    reviewed = client.post(
        plan_url, {"form": "review", "version": "1", "outcome": "amend", **_day("held_on", date(2024, 12, 2))}
    )
    assert "The review cannot be before 13 January 2025" in reviewed.content.decode()
    assert (
        client.post(
            plan_url,
            {"form": "review", "version": "1", "outcome": "amend", **_day("held_on", date(2025, 12, 8))},
        ).status_code
        == 302
    )
    page = client.get(plan_url).content.decode()
    assert "2 Mar 2026" in page  # 8 Dec 2025 + 12 weeks
    review = plan.reviews.get()
    assert (
        client.post(
            plan_url,
            {"form": "amended", "review": str(review.pk), **_day("amended_plan_on", date(2026, 2, 2))},
        ).status_code
        == 302
    )
    assert "2 Feb 2026" in client.get(plan_url).content.decode()
    changed = client.get(f"/send/plans/{plan.pk}/change/").content.decode()
    assert "Riverside Primary" in changed
    moved = client.post(
        f"/send/plans/{plan.pk}/change/",
        {
            "form": "change",
            "version": "2",
            **PLAN_ANSWERS,
            "setting_name": "Oak Lodge",
            "setting_type": "special",
        },
    )
    assert moved.status_code == 302
    stale_change = client.post(
        f"/send/plans/{plan.pk}/change/",
        {"form": "change", "version": "2", "seen_state": _seen(changed), **PLAN_ANSWERS},
    )
    assert stale_change.status_code == 400
    assert "Named setting is now: Oak Lodge" in stale_change.content.decode()
    no_reason = client.post(
        plan_url, {"form": "cease", "version": "3", **_day("ceased_on", date(2026, 7, 20))}
    )
    assert "Select why the plan ceased" in no_reason.content.decode()
    assert (
        client.post(
            plan_url,
            {
                "form": "cease",
                "version": "3",
                "cease_reason": "moved_la",
                **_day("ceased_on", date(2026, 7, 20)),
            },
        ).status_code
        == 302
    )
    assert "Ceased 20 July 2026: Moved to another local authority" in client.get(plan_url).content.decode()
    assert client.post(plan_url, {"form": "nonsense"}).status_code == 400


# --- The SEND caseworker, the social-care status, the child's record (issue 24 point 2) ----------------


def test_the_send_caseworker_sees_every_request_and_the_social_care_status_of_their_own(  # type: ignore[no-untyped-def]
    client, world, make_user
) -> None:
    from continuum.journey.models import CINEpisode

    send = make_user("send-cw", roles.SEND_CASEWORKER)
    colleague = make_user("send-cw2", roles.SEND_CASEWORKER)
    mine = world["mine"]
    mine.caseworker = send
    mine.save()
    CINEpisode.objects.create(child=mine.child, cin_referral_date=date(2024, 3, 4), referral_source="1A")
    client.force_login(send)
    page = client.get("/send/").content.decode()
    assert f'data-request="{mine.pk}"' in page
    assert f'data-request="{world["other"].pk}"' in page
    assert f'data-request="{world["other"].pk}"' not in client.get("/send/?mine=1").content.decode()
    timeline = client.get(f"/send/requests/{mine.pk}/").content.decode()
    assert "Child in need (open referral) since 4 March 2024" in timeline
    logged = AccessLogEntry.objects.filter(record_type="child", record_id=str(mine.child_id), user=send)
    assert set(logged.values_list("action", flat=True)) == {"send.view", "send.social_care"}
    # The case record itself stays closed to them.
    assert client.get(f"/children/{mine.child_id}/").status_code in (302, 403)
    # A colleague sees the request but not the social-care status of a person they do not hold.
    client.force_login(colleague)
    other_view = client.get(f"/send/requests/{mine.pk}/").content.decode()
    assert "data-social-care" not in other_view
    assert not AccessLogEntry.objects.filter(user=colleague, action="send.social_care").exists()


def test_a_child_in_need_with_a_plan_shows_it_on_their_record(client, world) -> None:  # type: ignore[no-untyped-def]
    child = world["mine"].child
    plan = EHCPlan.objects.create(
        child=child,
        issued_on=date(2023, 9, 4),
        primary_need="ASD",
        setting_name="Oak Lodge",
        setting_type="special",
    )
    EHCPlan.objects.create(
        child=child,
        issued_on=date(2019, 1, 1),
        primary_need="MLD",
        ceased_on=date(2020, 1, 1),
        cease_reason="needs_met",
    )
    client.force_login(world["sw"])
    page = client.get(f"/children/{child.pk}/").content.decode()
    assert page.count("data-ehc-plan") == 1  # the plan in force only
    assert "EHC plan since 4 September 2023" in page
    assert "Oak Lodge (State-funded special school)" in page
    assert f"/send/plans/{plan.pk}/" in page
    assert client.get(f"/send/plans/{plan.pk}/").status_code == 200


def test_the_reviews_due_page_and_the_home_card(client, world, make_user) -> None:  # type: ignore[no-untyped-def]
    from django.test import RequestFactory

    from continuum.web.home_today import _Ask
    from continuum.web.send.cards import send_casework

    send = make_user("send-cw", roles.SEND_CASEWORKER)
    late = EHCPlan.objects.create(child=world["mine"].child, issued_on=date(2023, 6, 1), primary_need="ASD")
    hidden = EHCPlan.objects.create(child=world["other"].child, issued_on=date(2023, 7, 1), primary_need="HI")
    world["mine"].caseworker = send
    world["mine"].save()
    client.force_login(world["sw"])  # a social worker: their team's child only
    page = client.get("/send/reviews/").content.decode()
    assert f'data-plan="{late.pk}"' in page
    assert f'data-plan="{hidden.pk}"' not in page
    request = RequestFactory().get("/")
    request.session = {}  # type: ignore[attr-defined]
    request.user = send
    card = send_casework(_Ask(request))
    assert card is not None
    lines = {line.label: line for line in card.lines}
    assert lines["Open requests you hold"].count == 1
    assert lines["With a step overdue"].count == 1  # the decision to assess, due 14 Oct 2024
    assert lines["Annual reviews overdue"].count == 2
    assert lines["Phase transfers overdue"].count == 0
    from continuum.send import services

    services.record_transfer(late, "primary", "secondary", 2024)  # due 15 February 2024: overdue
    card = send_casework(_Ask(request))
    assert card is not None
    assert {line.label: line for line in card.lines}["Phase transfers overdue"].count == 1
    request.user = world["sw"]
    assert send_casework(_Ask(request)) is None


def test_the_send_dashboard_area_drills_down(client, make_user, settings) -> None:  # type: ignore[no-untyped-def]
    from continuum.web.dashboards.source import Source, clear_cache
    from tests.metrics.test_send_indicators import CHILDREN, DECISIONS, PLANS

    settings.CONTINUUM_DASHBOARD_TABLES = lambda: Source(
        tables={"ehc_requests": DECISIONS, "ehc_plans": PLANS, "children": CHILDREN},
        data_up_to=date(2024, 7, 31),
        description="hand-built SEND tables",
    )
    clear_cache()
    try:
        client.force_login(make_user("send-analyst2", roles.PERFORMANCE_ANALYST))
        page = client.get("/performance/send/", {"period": "2024-06"})
        assert page.status_code == 200
        text = page.content.decode()
        assert "EHC plans maintained" in text
        assert "Requests refused an EHC needs assessment" in text
        drill = client.get("/performance/send/ehc_plans_maintained/children/", {"period": "2024-06"})
        assert drill.status_code == 200
        assert sorted(r[0] for r in drill.context["page"]) == ["k1", "k2", "k5"]
        client.force_login(make_user("send-sw2", roles.SOCIAL_WORKER))
        # Refused as every other page refuses (403), not "not found" (edges finding 10).
        assert client.get("/performance/send/", {"period": "2024-06"}).status_code == 403
    finally:
        clear_cache()


def test_a_request_withdrawn_stops_its_clocks(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["sw"])
    ehc = world["mine"]
    url = f"/send/requests/{ehc.pk}/"
    early = client.post(url, {"form": "withdraw", "version": "1", **_day("withdrawn_on", date(2024, 8, 30))})
    assert early.status_code == 400
    assert "The date the request was withdrawn cannot be before 2 September 2024" in early.content.decode()
    done = client.post(url, {"form": "withdraw", "version": "1", **_day("withdrawn_on", date(2024, 10, 1))})
    assert done.status_code == 302
    page = client.get(url).content.decode()
    assert "1 October 2024 (withdrawn)" in page
    assert 'data-form="withdraw"' not in page
    assert f'data-request="{ehc.pk}"' not in client.get("/send/").content.decode()
