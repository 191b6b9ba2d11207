"""The SEND pages after the edge-case walk (findings "edges" 1, 3 and 10): errors beside their
boxes, the duplicate request and the re-sent form, the confirmations the caseworker must tick,
the empty timeline of a withdrawn request, the back link after a final plan, pounds as typed."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from continuum.core import roles
from continuum.people.models import Allocation, Child, TeamType
from continuum.people.services import create_team, create_worker
from continuum.send.models import AdviceRequest, EHCPlan, EHCRequest
from continuum.web.send.forms import AdviceReceivedForm
from tests.web import test_send_views as send_views

pytestmark = pytest.mark.django_db

#: The final plan's answers, with the amount given below as a person types it.
PLAN_ANSWERS = {k: v for k, v in send_views.PLAN_ANSWERS.items() if k != "budget_amount"}


@pytest.fixture
def world(client, make_user, settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2024-12-20"
    team = create_team(name="SEND casework E", team_type=TeamType.INTERVENTION_PLANNING)
    sw = make_user("send-edges-sw", roles.SOCIAL_WORKER)
    create_worker(first_name="Sam", last_name="Edge", start_date=date(2020, 1, 1), team=team, user=sw)
    child = Child.objects.create(
        la_child_id="SEND-E1", person_birth_date=date(2014, 2, 2), first_name="József", last_name="Török"
    )
    Allocation.objects.create(child=child, team=team, start_date=date(2024, 1, 1))
    client.force_login(sw)
    return {"sw": sw, "child": child}


def _day(name: str, d: date) -> dict[str, str]:
    return {f"{name}-day": str(d.day), f"{name}-month": str(d.month), f"{name}-year": str(d.year)}


def _beside(page: str, field: str) -> str:
    """The error shown beside the field (GOV.UK: the field's own error message, not the summary)."""
    found = re.search(rf'<p id="id_{field}-error" class="govuk-error-message">(.*?)</p>', page, re.S)
    assert found is not None, f"no error beside {field}"
    return re.sub(r"<[^>]+>", "", found.group(1)).replace("Error:", "").strip()


def _token(page: str) -> str:
    found = re.search(r'name="submission_token" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def _new(client, token: str = "", la_child_id: str = "SEND-E1", **extra):  # type: ignore[no-untyped-def]
    data = {
        "la_child_id": la_child_id,
        "requested_by": "parent",
        **_day("received_on", date(2024, 12, 2)),
        "submission_token": token,
        **extra,
    }
    return client.post("/send/new/", data)


def test_a_resent_form_opens_the_request_it_recorded(client, world) -> None:  # type: ignore[no-untyped-def]
    token = _token(client.get("/send/new/").content.decode())
    first = _new(client, token)
    ehc = EHCRequest.objects.get(child=world["child"])
    assert first["Location"] == f"/send/requests/{ehc.pk}/"
    # Back, and "Record the request" again: the same form, the same token.
    again = _new(client, token)
    assert again.status_code == 302
    assert again["Location"] == f"/send/requests/{ehc.pk}/"
    assert EHCRequest.objects.filter(child=world["child"]).count() == 1
    shown = client.get(again["Location"]).content.decode()
    assert f"This request was already recorded as EHC-{ehc.pk}: nothing new was recorded." in shown
    assert _token(client.get("/send/new/").content.decode()) != token  # each opening its own token


def test_a_second_open_request_is_refused_beside_the_child_with_a_link(client, world) -> None:  # type: ignore[no-untyped-def]
    open_one = EHCRequest.objects.create(
        child=world["child"], requested_by="school", received_on=date(2024, 9, 2)
    )
    refused = _new(client, "tok-a")
    assert refused.status_code == 400
    page = refused.content.decode()
    assert _beside(page, "la_child_id") == (
        f"József Török already has an open request for an EHC needs assessment, EHC-{open_one.pk}, "
        "received 2 Sep 2024. Add to that request, or record its withdrawal before recording a new one"
    )
    assert f'href="/send/requests/{open_one.pk}/">Open EHC-{open_one.pk}' in page
    assert 'value="SEND-E1"' in page  # nothing typed is lost
    assert EHCRequest.objects.filter(child=world["child"]).count() == 1
    # Withdrawn, it no longer blocks.
    EHCRequest.objects.filter(pk=open_one.pk).update(withdrawn_on=date(2024, 10, 1))
    assert _new(client, "tok-a").status_code == 302
    assert EHCRequest.objects.filter(child=world["child"]).count() == 2


def test_the_child_field_errors_name_it_and_sit_beside_it(client, world) -> None:  # type: ignore[no-untyped-def]
    long = _new(client, la_child_id="X" * 25).content.decode()
    assert _beside(long, "la_child_id") == "Record number must be 20 characters or fewer"
    nobody = _new(client, la_child_id="NOBODY").content.decode()
    assert _beside(nobody, "la_child_id") == "No child or young person has that record number"
    undated = client.post("/send/new/", {"la_child_id": "SEND-E1", "requested_by": "parent"}).content.decode()
    assert "Enter the date the request was received" in undated


def _assessed(child: Child) -> EHCRequest:
    return EHCRequest.objects.create(
        child=child,
        requested_by="parent",
        received_on=date(2024, 9, 2),
        assess_decision="assess",
        assess_decided_on=date(2024, 10, 7),
        version=2,
    )


def test_duplicate_advice_is_refused_at_its_box_and_the_list_reads_in_words(client, world) -> None:  # type: ignore[no-untyped-def]
    ehc = _assessed(world["child"])
    url = f"/send/requests/{ehc.pk}/"
    asked = {"form": "advice", "kind": "education", **_day("requested_on", date(2024, 12, 5))}
    assert client.post(url, asked).status_code == 302
    again = client.post(url, asked)
    assert again.status_code == 400
    assert _beside(again.content.decode(), "kind") == (
        "Education advice was asked for on 5 Dec 2024 and has not arrived: "
        "record it as received before asking again"
    )
    assert AdviceRequest.objects.filter(ehc_request=ehc).count() == 1
    assert ">Education, asked 5 Dec 2024</option>" in client.get(url).content.decode()


def test_two_identical_awaited_advice_requests_are_told_apart() -> None:
    """Two recorded before duplicates were refused still read differently in the list."""
    child = Child.objects.create(la_child_id="SEND-E2", person_birth_date=date(2014, 2, 2))
    ehc = _assessed(child)
    for _ in range(2):
        AdviceRequest.objects.create(ehc_request=ehc, kind="education", requested_on=date(2024, 12, 7))
    pending = AdviceRequest.objects.filter(ehc_request=ehc, received_on__isnull=True)
    form = AdviceReceivedForm(pending=pending)
    labels = [label for _, label in form.fields["advice"].choices][1:]
    assert labels == ["Education, asked 7 Dec 2024 (1 of 2)", "Education, asked 7 Dec 2024 (2 of 2)"]


def test_deciding_to_issue_while_advice_is_awaited_must_be_confirmed(client, world) -> None:  # type: ignore[no-untyped-def]
    ehc = _assessed(world["child"])
    AdviceRequest.objects.create(ehc_request=ehc, kind="health", requested_on=date(2024, 10, 7))
    url = f"/send/requests/{ehc.pk}/"
    assert 'name="despite_awaited_advice"' in client.get(url).content.decode()
    decision = {
        "form": "issue",
        "version": "2",
        "issue_decision": "issue",
        **_day("issue_decided_on", date(2024, 12, 9)),
    }
    refused = client.post(url, decision)
    assert refused.status_code == 400
    assert _beside(refused.content.decode(), "despite_awaited_advice").startswith(
        "Advice is still awaited (health)"
    )
    assert EHCRequest.objects.get(pk=ehc.pk).issue_decision == ""
    assert client.post(url, {**decision, "despite_awaited_advice": "on"}).status_code == 302
    assert EHCRequest.objects.get(pk=ehc.pk).issue_decision == "issue"


def test_the_final_plan_inside_the_15_days_needs_the_familys_answer(client, world) -> None:  # type: ignore[no-untyped-def]
    """Draft sent 16 Dec 2024: the family has to 30 Dec. A final plan on 20 Dec is refused until the
    caseworker ticks that the family has commented; then the plan opens with a back link to the request,
    and "£1,200.50" is read as 1200.50."""
    ehc = _assessed(world["child"])
    EHCRequest.objects.filter(pk=ehc.pk).update(
        issue_decision="issue",
        issue_decided_on=date(2024, 12, 9),
        draft_issued_on=date(2024, 12, 16),
        version=4,
    )
    final = f"/send/requests/{ehc.pk}/final/"
    opened = client.get(final).content.decode()
    assert "has until 30 December 2024 to comment" in opened
    answers = {"form": "final", "version": "4", **_day("issued_on", date(2024, 12, 20)), **PLAN_ANSWERS}
    answers["budget_amount"] = "£1,200.50"
    early = client.post(final, answers)
    assert early.status_code == 400
    assert _beside(early.content.decode(), "family_commented_early").startswith(
        "The family has until 30 Dec 2024 to comment on the draft plan sent 16 Dec 2024"
    )
    assert 'value="£1,200.50"' in early.content.decode()  # kept as typed
    assert not EHCPlan.objects.filter(ehc_request=ehc).exists()
    issued = client.post(final, {**answers, "family_commented_early": "on"})
    plan = EHCPlan.objects.get(ehc_request=ehc)
    assert issued["Location"] == f"/send/plans/{plan.pk}/?from=request"
    assert plan.budget_amount == Decimal("1200.50")
    page = client.get(issued["Location"]).content.decode()
    assert f'href="/send/requests/{ehc.pk}/">Back to EHC-{ehc.pk}</a>' in page
    assert "Back to annual reviews due" not in page
    request_page = client.get(f"/send/requests/{ehc.pk}/").content.decode()
    assert f'href="/send/plans/{plan.pk}/?from=request"' in request_page


def test_a_withdrawn_request_says_no_steps_rather_than_an_empty_table(client, world) -> None:  # type: ignore[no-untyped-def]
    ehc = EHCRequest.objects.create(child=world["child"], requested_by="parent", received_on=date(2024, 9, 2))
    url = f"/send/requests/{ehc.pk}/"
    assert "data-timeline>" in client.get(url).content.decode()  # open: the clocks are listed
    assert (
        client.post(
            url, {"form": "withdraw", "version": "1", **_day("withdrawn_on", date(2024, 9, 9))}
        ).status_code
        == 302
    )
    page = client.get(url).content.decode()
    assert "data-timeline>" not in page
    assert "No steps recorded. The request stopped on 9 September 2024" in page
