"""The guards the edge-case walk asked for (findings "edges" 1 and 3), against the real database:
one open request a person, one awaited advice request of a kind, no decision to issue while advice
is awaited unless confirmed, and no final plan inside the family's 15 days unless confirmed."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from continuum.people.models import Child
from continuum.send import services
from continuum.send.models import EHCPlan, EHCRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def child() -> Child:
    return Child.objects.create(la_child_id="SEND-G1", person_birth_date=date(2014, 3, 3))


@pytest.fixture
def ehc(child: Child) -> EHCRequest:
    return services.record_request(child, "parent", date(2024, 9, 2), submission_token="tok-1")


def _field_messages(error: pytest.ExceptionInfo[ValidationError], field: str) -> list[str]:
    return list(error.value.message_dict[field])


def test_a_second_open_request_is_refused_naming_the_first(child: Child, ehc: EHCRequest) -> None:
    with pytest.raises(ValidationError) as refused:
        services.record_request(child, "school", date(2024, 10, 1))
    [message] = _field_messages(refused, "la_child_id")
    assert f"EHC-{ehc.pk}, received 2 Sep 2024" in message
    assert services.open_request_for(child.pk) == ehc
    assert EHCRequest.objects.filter(child=child).count() == 1


@pytest.mark.parametrize(
    "ended",
    [
        {"withdrawn_on": date(2024, 9, 20)},
        {"assess_decision": "refuse", "assess_decided_on": date(2024, 10, 1)},
        {"assess_decision": "assess", "issue_decision": "not_issue"},
        {"assess_decision": "assess", "issue_decision": "issue", "final_issued_on": date(2025, 1, 13)},
    ],
    ids=["withdrawn", "refused", "no-plan", "finished"],
)
def test_a_request_that_has_ended_does_not_block_a_new_one(child: Child, ehc: EHCRequest, ended) -> None:  # type: ignore[no-untyped-def]
    EHCRequest.objects.filter(pk=ehc.pk).update(**ended)
    assert services.open_request_for(child.pk) is None
    again = services.record_request(child, "young_person", date(2024, 11, 4))
    assert services.open_request_for(child.pk) == again


def test_the_form_token_finds_the_request_it_recorded(ehc: EHCRequest) -> None:
    assert services.request_for_submission("tok-1") == ehc
    assert services.request_for_submission("") is None  # no token: no guard, never a match
    assert services.request_for_submission("tok-other") is None


def test_one_awaited_advice_request_of_a_kind(ehc: EHCRequest) -> None:
    health = services.request_advice(ehc, "health", date(2024, 10, 7))
    with pytest.raises(ValidationError) as refused:
        services.request_advice(ehc, "health", date(2024, 10, 7))
    assert _field_messages(refused, "kind") == [
        "Health advice was asked for on 7 Oct 2024 and has not arrived: "
        "record it as received before asking again"
    ]
    services.request_advice(ehc, "education", date(2024, 10, 7))  # another kind the same day: fine
    services.record_advice_received(health, date(2024, 11, 11))
    services.request_advice(ehc, "health", date(2024, 11, 12))  # asked again once the first arrived
    assert sorted(ehc.advice.values_list("kind", "requested_on")) == [
        ("education", date(2024, 10, 7)),
        ("health", date(2024, 10, 7)),
        ("health", date(2024, 11, 12)),
    ]


def test_a_decision_to_issue_while_advice_is_awaited_needs_confirming(ehc: EHCRequest) -> None:
    services.request_advice(ehc, "health", date(2024, 10, 7))
    services.request_advice(ehc, "social_care", date(2024, 10, 7))
    services.record_decision_to_assess(ehc, "assess", date(2024, 10, 10))
    with pytest.raises(ValidationError) as refused:
        services.record_decision_to_issue(ehc, "issue", date(2024, 12, 9))
    [message] = _field_messages(refused, "despite_awaited_advice")
    assert message.startswith("Advice is still awaited (health, social care)")
    assert EHCRequest.objects.get(pk=ehc.pk).issue_decision == ""
    services.record_decision_to_issue(ehc, "issue", date(2024, 12, 9), despite_awaited_advice=True)
    assert EHCRequest.objects.get(pk=ehc.pk).issue_decision == "issue"


def _ready_for_final(ehc: EHCRequest) -> None:
    services.record_decision_to_assess(ehc, "assess", date(2024, 10, 10))
    services.record_decision_to_issue(ehc, "issue", date(2024, 12, 9))
    services.record_draft(ehc, date(2024, 12, 16))


def test_the_final_plan_waits_for_the_familys_15_days(ehc: EHCRequest) -> None:
    """Draft sent Mon 16 Dec 2024: the 15 days begin that day, so they run to Mon 30 Dec 2024
    inclusive, and 31 Dec is the first day a final plan needs no confirmation."""
    _ready_for_final(ehc)
    assert services.comment_period_ends(date(2024, 12, 16)) == date(2024, 12, 30)
    for day in (date(2024, 12, 16), date(2024, 12, 30)):
        with pytest.raises(ValidationError) as refused:
            services.issue_final_plan(ehc, day, primary_need="ASD")
        [message] = _field_messages(refused, "family_commented_early")
        assert message.startswith(
            "The family has until 30 Dec 2024 to comment on the draft plan sent 16 Dec 2024"
        )
    assert not EHCPlan.objects.filter(ehc_request=ehc).exists()
    plan = services.issue_final_plan(ehc, date(2024, 12, 31), primary_need="ASD")
    assert plan.issued_on == date(2024, 12, 31)


def test_an_earlier_final_plan_once_the_family_has_answered(ehc: EHCRequest) -> None:
    _ready_for_final(ehc)
    plan = services.issue_final_plan(ehc, date(2024, 12, 16), family_commented_early=True, primary_need="ASD")
    assert plan.issued_on == date(2024, 12, 16)
