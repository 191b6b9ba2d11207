"""The SEND walk's findings mended (demo-send): one current EHC plan a person, the decision to issue
said as what it is, the record number's label, one lock-compare-save, and the place-planning jump
explained. Every case is built by hand; the known answers are worked out in the comments."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from continuum.core import roles
from continuum.people.models import Allocation, Child, TeamType
from continuum.people.services import create_team, create_worker
from continuum.send import places, services
from continuum.send.models import EHCPlan, EHCRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def child() -> Child:
    return Child.objects.create(la_child_id="SEND-W1", person_birth_date=date(2015, 5, 1))


@pytest.fixture
def held(child: Child) -> EHCPlan:
    """A plan in force since 1 Mar 2023 (transferred in: no request in Continuum)."""
    return EHCPlan.objects.create(child=child, issued_on=date(2023, 3, 1), primary_need="ASD")


def _ready_for_final(ehc: EHCRequest) -> None:
    services.record_decision_to_assess(ehc, "assess", date(2024, 10, 10))
    services.record_decision_to_issue(ehc, "issue", date(2024, 12, 16))


# --- 1. One current plan a person -----------------------------------------------------------------


def test_a_new_request_for_someone_holding_a_plan_is_refused_naming_the_plan(
    child: Child, held: EHCPlan
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.record_request(child, "parent", date(2024, 9, 2))
    error = refused.value.error_dict["la_child_id"][0]
    assert error.code == "holds_plan"
    assert error.message == (
        f"{child.display_name} already holds a current EHC plan, issued 1 Mar 2023: a person holds one "
        "plan at a time. Change that plan (an amendment, after an annual review or a re-assessment), "
        "or record that it ceased, before recording a new request"
    )
    assert not EHCRequest.objects.exists()
    # Once the plan has ceased, a new request is recorded.
    services.cease_plan(held, date(2024, 8, 1), "needs_met")
    assert services.record_request(child, "parent", date(2024, 9, 2)).pk is not None


def test_a_final_plan_while_another_is_in_force_is_refused_until_it_ceases(child: Child) -> None:
    ehc = services.record_request(child, "school", date(2024, 9, 2))
    _ready_for_final(ehc)
    # A plan transferred in from another council while the request was open.
    other = EHCPlan.objects.create(child=child, issued_on=date(2024, 11, 4), primary_need="SLCN")
    with pytest.raises(ValidationError) as refused:
        services.issue_final_plan(ehc, date(2025, 1, 17), primary_need="ASD")
    assert refused.value.error_dict["issued_on"][0].message == (
        f"{child.display_name} still holds a current EHC plan, issued 4 Nov 2024: record that it "
        "ceased before issuing this one (a person holds one plan at a time)"
    )
    ehc.refresh_from_db()
    assert ehc.final_issued_on is None
    services.cease_plan(other, date(2025, 1, 16), "other")
    plan = services.issue_final_plan(ehc, date(2025, 1, 17), primary_need="ASD")
    assert list(EHCPlan.objects.filter(child=child, ceased_on__isnull=True)) == [plan]


# --- 5. The lock-compare-save is core.versions' ---------------------------------------------------


def test_a_stale_version_is_refused_in_sends_words_and_a_save_moves_the_version_on(child: Child) -> None:
    ehc = services.record_request(child, "school", date(2024, 9, 2))
    opened = ehc.version  # 1
    services.record_decision_to_assess(ehc, "assess", date(2024, 10, 10), expected_version=opened)
    ehc.refresh_from_db()
    assert ehc.version == opened + 1
    with pytest.raises(ValidationError) as refused:
        services.record_draft(ehc, date(2024, 12, 20), expected_version=opened)
    assert refused.value.code == "concurrent_change"
    assert refused.value.messages == [
        "This request was changed by someone else while you were editing it: read it again below"
    ]
    # The caller's instance reads what it just recorded.
    services.record_decision_to_issue(ehc, "issue", date(2024, 12, 16), expected_version=ehc.version)
    assert (ehc.issue_decision, ehc.version) == ("issue", opened + 2)


# --- The pages: the warning, the decision's words, the record number's label ----------------------


@pytest.fixture
def caseworker(make_user, settings, child: Child):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2024-12-20"
    team = create_team(name="SEND walk", team_type=TeamType.INTERVENTION_PLANNING)
    sw = make_user("send-walk-sw", roles.SOCIAL_WORKER)
    create_worker(first_name="Sam", last_name="Case", start_date=date(2020, 1, 1), team=team, user=sw)
    Allocation.objects.create(child=child, team=team, start_date=date(2024, 1, 1))
    return sw


def test_the_new_request_page_warns_and_links_the_plan_held(client, caseworker, held) -> None:  # type: ignore[no-untyped-def]
    client.force_login(caseworker)
    blank = client.get("/send/new/").content.decode()
    assert "Record number of the child or young person</label>" in blank
    assert "LAchildID" not in blank
    page = client.post(
        "/send/new/",
        {
            "la_child_id": "SEND-W1",
            "requested_by": "parent",
            "received_on-day": "2",
            "received_on-month": "12",
            "received_on-year": "2024",
        },
    )
    assert page.status_code == 400
    body = page.content.decode()
    assert f'data-held-plan="{held.pk}"' in body
    assert "This person already holds a current EHC plan, issued 1 Mar 2023." in body
    assert f'href="/send/plans/{held.pk}/"' in body
    assert not EHCRequest.objects.exists()


def test_the_decision_to_issue_reads_as_a_decision_with_the_final_plans_due_date(
    client, caseworker, child
) -> None:  # type: ignore[no-untyped-def]
    ehc = services.record_request(child, "school", date(2024, 9, 2))
    _ready_for_final(ehc)
    client.force_login(caseworker)
    body = client.get(f"/send/requests/{ehc.pk}/").content.decode()
    # Received 2 Sep 2024 + 20 weeks = 20 Jan 2025 (the final plan's clock).
    assert (
        "A plan will be issued: decided 16 Dec 2024. The final plan is due by 20 Jan 2025 "
        "(20 weeks from the request)."
    ) in body
    assert "Plan to be issued on" not in body
    assert "Agreed to assess: decided 10 Oct 2024" in body


# --- 3. Place planning: a projection far from the last count is explained --------------------------


def _primary(counts: dict[int, int]) -> list[places.Census]:
    out = []
    for year, n in counts.items():
        census = places.Census(year)
        census.by_phase["Primary"] = n
        out.append(census)
    return out


def test_a_jump_from_the_last_census_is_explained_with_the_line_and_the_rate_held() -> None:
    # Primary plans 10, 20, 30, 40, 12 on the census days 2020-2024; 1,000 children aged 5-10 each year,
    # so the rates per 1,000 are the counts. Mean year 2022, mean 22.4; Sxy = -2*-12.4 - 1*-2.4 + 0
    # + 1*17.6 + 2*-10.4 = 24, Sxx = 10: slope 2.4. The line reads 22.4 + 2*2.4 = 27.2 in 2024 and
    # 22.4 + 3*2.4 = 29.6 in 2025; the rate held at 12 gives 12. Only 2024 lies below the line
    # (2023's 40 is above its 24.8), so one census day lies apart.
    population = {y: {"Primary": 1000} for y in range(2020, 2031)}
    censuses = _primary({2020: 10, 2021: 20, 2022: 30, 2023: 40, 2024: 12})
    trend = places.project(censuses, population, 5)
    held = places.project(censuses, population, 5, rate_held=True)
    [jump] = places.jumps(censuses, population, trend, held)
    assert (jump.phase, jump.last_year, jump.counted, jump.next_year) == ("Primary", 2024, 12, 2025)
    assert jump.projected == pytest.approx(29.6)
    assert jump.line_then == pytest.approx(27.2)
    assert jump.held == pytest.approx(12)
    assert (jump.censuses, jump.apart, jump.below) == (5, 1, True)


def test_a_projection_close_to_the_last_count_needs_no_explaining() -> None:
    # 10, 20, 30, 40, 50: the line is exact and gives 60 for 2025, 10 from the last count of 50
    # (not more than the larger of 10 plans and a quarter of 50).
    population = {y: {"Primary": 1000} for y in range(2020, 2031)}
    censuses = _primary({2020: 10, 2021: 20, 2022: 30, 2023: 40, 2024: 50})
    trend = places.project(censuses, population, 5)
    held = places.project(censuses, population, 5, rate_held=True)
    assert trend.by_phase[2025]["Primary"] == pytest.approx(60)
    assert places.jumps(censuses, population, trend, held) == []
