"""The child record through the test client: the permissions matrix, a crawler, the forms and search.

Every role is tried against every child page. The expected answer per role
is written out in one table (allowed, break glass, refused) so that a change
to the policy shows up here as a changed row, not as a silent difference.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from continuum.core import roles
from continuum.core.models import AccessLogEntry, LegitimateRelationship, RestrictedRecord
from continuum.journey import services as s
from continuum.journey.models import (
    ChronologyEvent,
    Conference,
    CPPlan,
    Section47,
    StrategyDiscussion,
    Visit,
)
from continuum.people.models import TeamType
from continuum.people.services import create_team, create_worker
from continuum.web.children.access import BREAK_GLASS_SESSION_KEY

pytestmark = pytest.mark.django_db

ALLOW, GLASS, DENY = "allow", "break glass", "403"
TODAY = timezone.localdate()
REFERRAL_DAY = TODAY - timedelta(days=40)

# Who sees a child held by another team, with no recorded relationship.
MATRIX: dict[str, tuple[roles.Role, str]] = {
    "sw": (roles.SOCIAL_WORKER, ALLOW),
    "tm": (roles.TEAM_MANAGER, ALLOW),
    "mash": (roles.MASH_PRACTITIONER, GLASS),
    "sw-elsewhere": (roles.SOCIAL_WORKER, GLASS),
    "iro": (roles.IRO_CP_CHAIR, GLASS),
    "qa": (roles.QA_OFFICER, GLASS),
    "complaints": (roles.COMPLAINTS_OFFICER, GLASS),
    "analyst": (roles.PERFORMANCE_ANALYST, DENY),
    "board": (roles.BOARD_MEMBER, DENY),
    "sysadmin": (roles.SYSTEM_ADMINISTRATOR, DENY),
    "police": (roles.PARTNER_POLICE, DENY),
    "health": (roles.PARTNER_HEALTH, DENY),
    "education": (roles.PARTNER_EDUCATION, DENY),
    "partner-member": (roles.PARTNER_MEMBER, DENY),
}
#: Who may use the casework forms once they can see the child.
RECORDERS = {"sw", "tm", "sw-elsewhere"}


@pytest.fixture
def world(make_user):  # type: ignore[no-untyped-def]
    """Two teams, one user per row of the matrix, and a child held by the first team with an open referral."""
    team = create_team(name="Intervention North", team_type=TeamType.INTERVENTION_PLANNING)
    other = create_team(name="Intervention South", team_type=TeamType.INTERVENTION_PLANNING)
    mash_team = create_team(name="MASH", team_type=TeamType.MASH)
    users: dict[str, User] = {}
    for name, (role, _) in MATRIX.items():
        users[name] = make_user(name, role, staff=name == "sysadmin")
    start = date(2020, 1, 1)
    sw = create_worker(first_name="Sam", last_name="Worker", start_date=start, team=team, user=users["sw"])
    create_worker(
        first_name="Tia",
        last_name="Manager",
        start_date=start,
        team=team,
        role="team_manager",
        user=users["tm"],
    )
    create_worker(first_name="Mo", last_name="Mash", start_date=start, team=mash_team, user=users["mash"])
    create_worker(
        first_name="Ela", last_name="Sewhere", start_date=start, team=other, user=users["sw-elsewhere"]
    )
    child = s.register_child(
        first_name="Ada", last_name="Testchild", person_birth_date=date(2015, 6, 1), by=None
    )
    episode = s.open_referral(child=child, cin_referral_date=REFERRAL_DAY, referral_source="6", by=None)
    allocation = s.allocate(child=child, team=team, worker=sw, start_date=REFERRAL_DAY, by=None)
    assessment = s.start_assessment(cin_episode=episode, assessment_actual_start_date=REFERRAL_DAY, by=None)
    return {
        "users": users,
        "child": child,
        "episode": episode,
        "assessment": assessment,
        "allocation": allocation,
        "sw": sw,
        "team": team,
    }


def pages(world) -> list[str]:  # type: ignore[no-untyped-def]
    pk = world["child"].pk
    return [
        reverse("child-record", args=[pk]),
        reverse("child-chronology", args=[pk]),
        reverse("child-chronology-export", args=[pk]),
        reverse("child-chronology-print", args=[pk]),
        reverse("child-family", args=[pk]),
        reverse("child-visit-new", args=[pk]),
        reverse("child-sign-off", args=[pk, "assessment", world["assessment"].pk]),
        reverse("child-strategy-new", args=[pk]),
        reverse("child-s47-new", args=[pk]),
        reverse("child-icpc-new", args=[pk]),
        reverse("child-cp-plan-new", args=[pk]),
        # The casework forms that apply to a child with an open referral and an allocation.
        reverse("child-allocate", args=[pk]),
        reverse("child-allocation-end", args=[pk, world["allocation"].pk]),
        reverse("child-assessment-new", args=[pk]),
        reverse("child-sign-off", args=[pk, "closure", world["episode"].pk]),
        reverse("child-cin-plan-new", args=[pk]),
        reverse("child-cla-new", args=[pk]),
        reverse("child-missing-new", args=[pk]),
        reverse("child-sdq-new", args=[pk]),
    ]


def is_form(url: str) -> bool:
    return url.endswith(("/new/", "/complete/", "/end/", "/close/"))


#: Forms only team managers use, whoever else may record on the child.
MANAGERS_ONLY = ("/allocations/",)


def expected(name: str, url: str) -> str:
    outcome = MATRIX[name][1]
    if any(part in url for part in MANAGERS_ONLY) and name != "tm":
        return DENY
    if is_form(url) and outcome == ALLOW and name not in RECORDERS:
        return DENY
    if is_form(url) and outcome == GLASS and name not in RECORDERS:
        # They could see the record with a reason, but never record on it.
        return DENY
    return outcome


def answer(response) -> str:  # type: ignore[no-untyped-def]
    if response.status_code == 200:
        return ALLOW
    if response.status_code == 302 and "/break-glass/" in response["Location"]:
        return GLASS
    if response.status_code == 403:
        return DENY
    return f"unexpected {response.status_code} {response.get('Location', '')}"


# --- The matrix and the crawler ---------------------------------------------------------------


@pytest.mark.parametrize("name", list(MATRIX))
def test_permissions_matrix_every_role_every_child_page(world, name: str) -> None:
    client = Client()
    user = world["users"][name]
    client.force_login(user)
    for url in pages(world):
        got = answer(client.get(url))
        assert got == expected(name, url), f"{name} on {url}: got {got}"


def test_crawler_visits_every_page_as_every_role_and_the_log_proves_it(world) -> None:
    """Each visit leaves exactly one log entry: a view (by its page) or a refusal; never nothing."""
    child = world["child"]
    for name in MATRIX:
        client = Client()
        user = world["users"][name]
        client.force_login(user)
        for url in pages(world):
            before = AccessLogEntry.objects.count()
            got = answer(client.get(url))
            entries = list(AccessLogEntry.objects.order_by("-id")[: AccessLogEntry.objects.count() - before])
            assert len(entries) == 1, f"{name} on {url}: {len(entries)} log entries"
            entry = entries[0]
            assert entry.user == user
            assert entry.record_type == "child"
            assert entry.record_id == str(child.pk)
            if got == ALLOW:
                assert entry.action.startswith("child.")
                assert entry.action != "child.refused"
            else:
                assert entry.action == "child.refused", (name, url, entry.action)
            # The child's name never leaks into a refusal.
            if got == DENY:
                assert "Testchild" not in client.get(url).content.decode()


def test_pages_never_put_personal_data_in_urls(world) -> None:
    for url in pages(world):
        assert "Ada" not in url
        assert "Testchild" not in url
        assert world["child"].la_child_id not in url


def test_anonymous_users_are_sent_to_sign_in(world) -> None:
    for url in pages(world):
        response = Client().get(url)
        assert response.status_code == 302
        assert "/sign-in/" in response["Location"]


# --- Break glass --------------------------------------------------------------------------------


def test_break_glass_asks_for_a_reason_then_opens_for_the_session_only_and_is_flagged(world) -> None:
    child = world["child"]
    qa = world["users"]["qa"]
    client = Client()
    client.force_login(qa)
    record_url = reverse("child-record", args=[child.pk])
    first = client.get(record_url)
    assert first.status_code == 302
    form_page = client.get(first["Location"])
    assert form_page.status_code == 200
    assert "Testchild" not in form_page.content.decode()  # no name before a reason is given
    short = client.post(first["Location"], {"reason": "audit", "next": record_url})
    assert "Why you need to see this record must be at least 10 characters" in short.content.decode()
    empty = client.post(first["Location"], {"reason": "", "next": record_url})
    assert "Enter why you need to see this record" in empty.content.decode()
    ok = client.post(
        first["Location"], {"reason": "Case file audit for the March QA cycle", "next": record_url}
    )
    assert ok.status_code == 302
    assert ok["Location"] == record_url
    entry = AccessLogEntry.objects.get(user=qa, action="break_glass")
    assert entry.flagged
    assert entry.reason == "Case file audit for the March QA cycle"
    assert entry.record_id == str(child.pk)
    page = client.get(record_url)
    assert page.status_code == 200
    assert "Testchild" in page.content.decode()
    view = AccessLogEntry.objects.filter(user=qa, action="child.view").latest("id")
    assert view.flagged  # seen only through break glass: flagged for review too
    # A new session starts without the grant.
    fresh = Client()
    fresh.force_login(qa)
    assert answer(fresh.get(record_url)) == GLASS


def test_break_glass_next_cannot_send_the_user_elsewhere(world) -> None:
    child = world["child"]
    client = Client()
    client.force_login(world["users"]["iro"])
    url = reverse("child-break-glass", args=[child.pk])
    response = client.post(url, {"reason": "Chairing the ICPC next week", "next": "https://evil.example/"})
    assert response["Location"] == reverse("child-record", args=[child.pk])


def test_break_glass_refused_for_roles_without_child_records(world) -> None:
    for name in ("analyst", "board", "sysadmin", "police"):
        client = Client()
        client.force_login(world["users"][name])
        url = reverse("child-break-glass", args=[world["child"].pk])
        assert client.get(url).status_code == 403
        assert client.post(url, {"reason": "I would like to look please"}).status_code == 403
    assert not AccessLogEntry.objects.filter(action="break_glass").exists()


def test_legitimate_relationship_opens_the_record_without_break_glass(world) -> None:
    child, iro = world["child"], world["users"]["iro"]
    LegitimateRelationship.objects.create(
        user=iro, child_id=child.pk, reason="Chair of the ICPC", start_date=TODAY - timedelta(days=1)
    )
    client = Client()
    client.force_login(iro)
    assert client.get(reverse("child-record", args=[child.pk])).status_code == 200
    assert not AccessLogEntry.objects.get(user=iro, action="child.view").flagged


def test_ended_legitimate_relationship_no_longer_opens_the_record(world) -> None:
    child, iro = world["child"], world["users"]["iro"]
    LegitimateRelationship.objects.create(
        user=iro,
        child_id=child.pk,
        reason="Chair of an old conference",
        start_date=TODAY - timedelta(days=100),
        end_date=TODAY - timedelta(days=50),
    )
    client = Client()
    client.force_login(iro)
    assert answer(client.get(reverse("child-record", args=[child.pk]))) == GLASS


def test_restricted_record_only_for_named_users_even_with_break_glass(world) -> None:
    child, users = world["child"], world["users"]
    restriction = RestrictedRecord.objects.create(child_id=child.pk, reason="Staff member's child")
    restriction.named_users.add(users["tm"])
    url = reverse("child-record", args=[child.pk])
    for name in MATRIX:
        client = Client()
        client.force_login(users[name])
        got = answer(client.get(url))
        assert got == (ALLOW if name == "tm" else DENY), name
    # Break glass is refused outright, even with a session grant already held.
    client = Client()
    client.force_login(users["qa"])
    assert (
        client.post(
            reverse("child-break-glass", args=[child.pk]), {"reason": "Audit of the restricted case"}
        ).status_code
        == 403
    )
    session = client.session
    session[BREAK_GLASS_SESSION_KEY] = [child.pk]
    session.save()
    assert client.get(url).status_code == 403


def test_ended_allocation_no_longer_opens_the_record_to_the_team(world, make_user) -> None:
    child = world["child"]
    other = create_team(name="Children in care", team_type=TeamType.CHILDREN_IN_CARE)
    s.allocate(child=child, team=other, start_date=TODAY, by=None)
    client = Client()
    client.force_login(world["users"]["tm"])
    assert answer(client.get(reverse("child-record", args=[child.pk]))) == GLASS


# --- The record pages ---------------------------------------------------------------------------


def test_record_banner_shows_status_allocation_key_dates_and_due_items(world) -> None:
    client = Client()
    client.force_login(world["users"]["sw"])
    body = client.get(reverse("child-record", args=[world["child"].pk])).content.decode()
    assert "Child in need" in body
    assert "Sam Worker, Intervention North" in body
    assert f"{REFERRAL_DAY:%-d %B %Y}" in body
    # The assessment started 40 days ago is overdue against the 45 working-day clock? Either way a RAG shows.
    assert "Next due" in body
    assert "govuk-tag--" in body


def test_an_open_referral_reads_not_yet_closed_rather_than_closed_open(world) -> None:
    """The referral card's "Closed" row said "Open" for an open referral; it now says it in words."""
    client = Client()
    client.force_login(world["users"]["sw"])
    body = client.get(reverse("child-record", args=[world["child"].pk])).content.decode()
    assert "Not yet: the referral is open" in body
    assert '<dd class="govuk-summary-list__value">Open</dd>' not in body


def test_chronology_newest_first_filterable_and_paginated(world) -> None:
    child, user = world["child"], world["users"]["sw"]
    for days in range(55):
        s.record_visit(
            child=child,
            kind="cin",
            visit_date=REFERRAL_DAY + timedelta(days=days % 30),
            seen=True,
            seen_alone=True,
            by=user,
        )
    client = Client()
    client.force_login(user)
    url = reverse("child-chronology", args=[child.pk])
    first = client.get(url)
    body = first.content.decode()
    total = ChronologyEvent.objects.filter(child=child).count()
    assert f"{total} events, newest first" in body
    assert first.context["page"].paginator.num_pages == 2
    dates = [e.occurred_on for e in first.context["page"] if e.occurred_on]
    assert dates == sorted(dates, reverse=True)
    visits = client.get(url, {"type": "visit"})
    assert visits.context["page"].paginator.count == 55
    assert all(e.record_type == "visit" for e in visits.context["page"])
    key = client.get(url, {"key": "1"})
    assert {e.step for e in key.context["page"]} == {"register_child", "open_referral"}
    second = client.get(url, {"type": "visit", "page": 2})
    assert len(second.context["page"]) == 5


def test_family_page_lists_relationships_and_household(world) -> None:
    child, user = world["child"], world["users"]["sw"]
    s.add_family_member(
        child=child,
        relationship_type="mother",
        first_name="Grace",
        last_name="Testparent",
        lives_with_child=True,
        parental_responsibility=True,
        by=user,
    )
    client = Client()
    client.force_login(user)
    body = client.get(reverse("child-family", args=[child.pk])).content.decode()
    assert "Grace Testparent" in body
    assert "Lives with" in body
    assert "Mother" in body


# --- Forms: known answers ----------------------------------------------------------------------------


def date_parts(name: str, day: date) -> dict[str, str]:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


@pytest.fixture
def sw_client(world) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(world["users"]["sw"])
    return client


def test_record_visit_known_answer(world, sw_client) -> None:
    child = world["child"]
    visit_day = TODAY - timedelta(days=2)
    url = reverse("child-visit-new", args=[child.pk])
    data = {
        "kind": "cin",
        **date_parts("visit_date", visit_day),
        "seen": "yes",
        "seen_alone": "no",
        "not_seen_alone_reason": "",
        "bedroom_seen": "yes",
    }
    refused = sw_client.post(url, data)
    assert refused.status_code == 200
    assert "Enter why the child was not seen alone" in refused.content.decode()
    data["not_seen_alone_reason"] = "Mother would not leave the room."
    response = sw_client.post(url, data)
    assert response.status_code == 302
    visit = Visit.objects.get(child=child)
    assert (visit.kind, visit.visit_date, visit.seen, visit.seen_alone, visit.bedroom_seen) == (
        "cin",
        visit_day,
        True,
        False,
        True,
    )
    assert visit.not_seen_alone_reason == "Mother would not leave the room."
    assert visit.worker == world["sw"]
    event = ChronologyEvent.objects.get(step="record_visit", record_id=visit.pk)
    assert event.by == world["users"]["sw"]


def test_impossible_date_is_refused_with_the_reason_and_input_is_kept(world, sw_client) -> None:
    url = reverse("child-visit-new", args=[world["child"].pk])
    response = sw_client.post(
        url,
        {
            "kind": "cin",
            "visit_date-day": "30",
            "visit_date-month": "2",
            "visit_date-year": "2023",
            "seen": "yes",
            "seen_alone": "yes",
        },
    )
    body = response.content.decode()
    assert "Date of the visit must be a real date: February 2023 has 28 days" in body
    assert 'href="#id_visit_date-day"' in body
    assert 'value="30"' in body
    assert 'value="2023"' in body
    missing = sw_client.post(url, {"seen": "yes", "seen_alone": "yes"})
    text = missing.content.decode()
    assert "Select the type of visit" in text
    assert "Enter the date of the visit" in text
    assert not Visit.objects.exists()


def test_journey_rule_error_is_shown_as_a_govuk_error(world, sw_client) -> None:
    """A CP visit with no child protection plan is refused by the service, not the form."""
    url = reverse("child-visit-new", args=[world["child"].pk])
    response = sw_client.post(url, {"kind": "cp", **date_parts("visit_date", TODAY), "seen": "no"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert "had no child protection plan" in body
    assert not Visit.objects.exists()


def test_complete_assessment_is_a_submission_the_manager_authorises(world, sw_client, make_user) -> None:  # type: ignore[no-untyped-def]
    """The worker types no authorisation date: the manager's authorisation dates it (issue 18 point 2).

    The sign-off itself is tested in tests/web/test_signoff.py; here, the record's own link leads there.
    """
    child, assessment = world["child"], world["assessment"]
    url = reverse("child-assessment-complete", args=[child.pk, assessment.pk])
    page = reverse("child-sign-off", args=[child.pk, "assessment", assessment.pk])
    assert sw_client.get(url)["Location"] == page
    data = {
        "child_seen": "yes",
        "outcome": "cin_plan",
        "assessment_factors": ["2A", "3A"],
        "summary": "Analysis.",
    }
    assert sw_client.post(page, data).status_code == 302
    assessment.refresh_from_db()
    assert assessment.assessment_authorisation_date is None  # submitted, not yet authorised


def test_strategy_s47_icpc_and_cp_plan_known_answers(world, sw_client) -> None:
    child = world["child"]
    held = TODAY - timedelta(days=20)
    r = sw_client.post(
        reverse("child-strategy-new", args=[child.pk]),
        {**date_parts("held_on", held), "decision_s47": "yes", "agencies_present": ["police", "health"]},
    )
    assert r.status_code == 302
    discussion = StrategyDiscussion.objects.get(child=child)
    assert discussion.held_on == held
    assert discussion.decision_s47
    assert discussion.agencies_present == ["police", "health"]

    r = sw_client.post(
        reverse("child-s47-new", args=[child.pk]),
        {**date_parts("s47_actual_start_date", held), "strategy_discussion": str(discussion.pk)},
    )
    assert r.status_code == 302, r.content.decode()
    enquiry = Section47.objects.get(child=child)
    assert enquiry.strategy_discussion == discussion
    assert enquiry.initial_cpc_target is not None

    conference_day = TODAY - timedelta(days=5)
    url = reverse("child-icpc-new", args=[child.pk])
    before = sw_client.post(
        url, {**date_parts("conference_date", held - timedelta(days=1)), "outcome": "plan"}
    )
    assert "govuk-error-summary" in before.content.decode()  # before the s47 started: the service refuses
    r = sw_client.post(
        url,
        {
            **date_parts("conference_date", conference_day),
            "outcome": "plan",
            "section47": str(enquiry.pk),
            "child_participation": "views_conveyed",
        },
    )
    assert r.status_code == 302
    icpc = Conference.objects.get(child=child)
    assert (icpc.conference_date, icpc.outcome, icpc.section47) == (conference_day, "plan", enquiry)

    missing = sw_client.post(
        reverse("child-cp-plan-new", args=[child.pk]), {"icpc": "", "initial_category_of_abuse": ""}
    )
    text = missing.content.decode()
    assert "Select the initial conference that decided on a plan" in text
    assert "Select the category of abuse" in text
    r = sw_client.post(
        reverse("child-cp-plan-new", args=[child.pk]),
        {"icpc": str(icpc.pk), "initial_category_of_abuse": "NEG"},
    )
    assert r.status_code == 302
    plan = CPPlan.objects.get(child=child)
    assert plan.cpp_start_date == conference_day
    assert plan.initial_category_of_abuse == "NEG"
    # The banner now says CP.
    assert "Child protection plan" in sw_client.get(reverse("child-record", args=[child.pk])).content.decode()


def test_another_childs_record_id_is_refused_in_forms(world, sw_client) -> None:
    stranger = s.register_child(
        first_name="Ben", last_name="Other", person_birth_date=date(2014, 1, 1), by=None
    )
    other_episode = s.open_referral(
        child=stranger, cin_referral_date=REFERRAL_DAY, referral_source="6", by=None
    )
    other_assessment = s.start_assessment(
        cin_episode=other_episode, assessment_actual_start_date=REFERRAL_DAY, by=None
    )
    url = reverse("child-assessment-complete", args=[world["child"].pk, other_assessment.pk])
    assert sw_client.get(url).status_code == 404


# --- Search ---------------------------------------------------------------------------------------


def test_search_by_post_only_shows_children_the_user_may_see_and_is_logged(world, make_user) -> None:
    s.register_child(first_name="Ada", last_name="Testchild", person_birth_date=date(2016, 2, 2), by=None)
    client = Client()
    user = world["users"]["sw"]
    client.force_login(user)
    url = reverse("child-search")
    assert url == "/children/search/"
    response = client.post(url, {"last_name": "testchild"})
    assert [c.pk for c in response.context["results"]] == [world["child"].pk]
    assert response.context["hidden"] == 1
    assert AccessLogEntry.objects.filter(user=user, action="child.search").count() == 1
    assert AccessLogEntry.objects.filter(
        user=user, action="child.search.result", record_id=str(world["child"].pk)
    ).exists()
    # The search terms are not in the log.
    assert not AccessLogEntry.objects.filter(reason__icontains="testchild").exists()
    by_dob = client.post(url, {**date_parts("birth_date", date(2015, 6, 1))})
    assert [c.pk for c in by_dob.context["results"]] == [world["child"].pk]
    by_id = client.post(url, {"la_child_id": world["child"].la_child_id.lower()})
    assert len(by_id.context["results"]) == 1
    empty = client.post(url, {})
    assert "Enter a name, a date of birth or an LAchildID to search for" in empty.content.decode()


def test_search_refused_to_roles_without_child_records(world) -> None:
    for name in ("analyst", "board", "sysadmin", "police", "health", "education"):
        client = Client()
        client.force_login(world["users"][name])
        assert client.get(reverse("child-search")).status_code == 403
        assert client.post(reverse("child-search"), {"last_name": "Testchild"}).status_code == 403


def test_home_lists_find_a_child_only_for_roles_with_child_records(world) -> None:
    for name, (_, outcome) in MATRIX.items():
        client = Client()
        client.force_login(world["users"][name])
        body = client.get("/").content.decode()
        assert ("Find a child" in body) == (outcome != DENY), name


def test_chronology_export_is_csv_oldest_first_and_logged(world, sw_client) -> None:
    child = world["child"]
    response = sw_client.get(reverse("child-chronology-export", args=[child.pk]))
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("Date,What happened")
    assert len(lines) == 1 + ChronologyEvent.objects.filter(child=child).count()
    assert "Testchild" not in response["Content-Disposition"]
    assert AccessLogEntry.objects.filter(
        user=world["users"]["sw"], action="child.export", record_id=str(child.pk)
    ).exists()


def test_search_never_reveals_a_restricted_record(world) -> None:
    hidden_child = s.register_child(
        first_name="Ada", last_name="Testchild", person_birth_date=date(2013, 3, 3), by=None
    )
    RestrictedRecord.objects.create(child_id=hidden_child.pk, reason="Staff member's child")
    client = Client()
    client.force_login(world["users"]["sw"])
    response = client.post(reverse("child-search"), {"last_name": "Testchild"})
    assert [c.pk for c in response.context["results"]] == [world["child"].pk]
    assert response.context["hidden"] == 0


def test_icpc_form_names_missing_answers(world, sw_client) -> None:
    body = sw_client.post(reverse("child-icpc-new", args=[world["child"].pk]), {}).content.decode()
    assert "Select the outcome of the conference" in body
    assert "Enter the date of the initial child protection conference" in body
    assert not Conference.objects.exists()
