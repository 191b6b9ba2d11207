"""Work trays through the test client: known answers, a permissions matrix and the access log.

Records are built through the journey and people services; users are linked to
worker records the way the child record tests do it.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from continuum.core import roles
from continuum.core.models import AccessLogEntry
from continuum.journey import services as s
from continuum.people.models import Child, TeamType
from continuum.people.services import create_team, create_worker

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
START = date(2020, 1, 1)
PAGES = ("worktray-mine", "worktray-team", "worktray-conferences")

# role, and the answer for (My work, Team caseloads, Conferences and reviews due)
MATRIX: dict[str, tuple[roles.Role, tuple[int, int, int]]] = {
    "sw": (roles.SOCIAL_WORKER, (200, 403, 403)),
    "tm": (roles.TEAM_MANAGER, (200, 200, 200)),
    "iro": (roles.IRO_CP_CHAIR, (403, 403, 200)),
    "mash": (roles.MASH_PRACTITIONER, (403, 403, 403)),
    "qa": (roles.QA_OFFICER, (403, 403, 403)),
    "analyst": (roles.PERFORMANCE_ANALYST, (403, 403, 403)),
    "police": (roles.PARTNER_POLICE, (403, 403, 403)),
    "health": (roles.PARTNER_HEALTH, (403, 403, 403)),
    "education": (roles.PARTNER_EDUCATION, (403, 403, 403)),
    "complaints": (roles.COMPLAINTS_OFFICER, (403, 403, 403)),
    "board": (roles.BOARD_MEMBER, (403, 403, 403)),
    "sysadmin": (roles.SYSTEM_ADMINISTRATOR, (403, 403, 403)),
}


def cin_child(first: str, referral_day: date) -> Child:
    child = s.register_child(
        first_name=first, last_name="Traychild", person_birth_date=date(2015, 6, 1), by=None
    )
    episode = s.open_referral(child=child, cin_referral_date=referral_day, referral_source="6", by=None)
    s.start_assessment(cin_episode=episode, assessment_actual_start_date=referral_day, by=None)
    return child


def cp_child(first: str, icpc_day: date) -> Child:
    """A child on a CP plan that started at an ICPC on ``icpc_day``, first core group held."""
    sd_day = icpc_day - timedelta(days=7)
    child = s.register_child(
        first_name=first, last_name="Traychild", person_birth_date=date(2016, 3, 1), by=None
    )
    episode = s.open_referral(child=child, cin_referral_date=sd_day, referral_source="6", by=None)
    sd = s.hold_strategy_discussion(cin_episode=episode, held_on=sd_day, decision_s47=True, by=None)
    s47 = s.start_s47(cin_episode=episode, s47_actual_start_date=sd_day, strategy_discussion=sd, by=None)
    icpc = s.hold_icpc(cin_episode=episode, conference_date=icpc_day, outcome="plan", section47=s47, by=None)
    plan = s.start_cp_plan(icpc=icpc, initial_category_of_abuse="NEG", by=None)
    s.record_core_group(cp_plan=plan, meeting_date=icpc_day + timedelta(days=1), by=None)
    return child


@pytest.fixture
def world(make_user):  # type: ignore[no-untyped-def]
    team = create_team(name="Intervention North", team_type=TeamType.INTERVENTION_PLANNING)
    other = create_team(name="Intervention South", team_type=TeamType.INTERVENTION_PLANNING)
    users: dict[str, User] = {name: make_user(name, role) for name, (role, _) in MATRIX.items()}
    sw = create_worker(first_name="Sam", last_name="Worker", start_date=START, team=team, user=users["sw"])
    create_worker(
        first_name="Tia",
        last_name="Manager",
        start_date=START,
        team=team,
        role="team_manager",
        user=users["tm"],
    )
    elsewhere = create_worker(first_name="Ela", last_name="Sewhere", start_date=START, team=other)
    iro = create_worker(first_name="Ira", last_name="Chair", start_date=START, team=other, user=users["iro"])
    # Overdue: referral 100 days ago, assessment not done (45 working days is about 63 days).
    late = cin_child("Late", TODAY - timedelta(days=100))
    s.allocate(child=late, team=team, worker=sw, start_date=TODAY - timedelta(days=100), by=None)
    # Due: referral 5 days ago.
    fresh = cin_child("Fresh", TODAY - timedelta(days=5))
    s.allocate(child=fresh, team=team, worker=sw, start_date=TODAY - timedelta(days=5), by=None)
    # Another team's child: in nobody's tray here, except the service's.
    theirs = cin_child("Theirs", TODAY - timedelta(days=100))
    s.allocate(child=theirs, team=other, worker=elsewhere, start_date=TODAY - timedelta(days=100), by=None)
    # Unallocated in the team.
    waiting = cin_child("Waiting", TODAY - timedelta(days=20))
    s.allocate(child=waiting, team=team, start_date=TODAY - timedelta(days=20), by=None)
    # A CP child held by the team, with the IRO allocated.
    protected = cp_child("Protected", TODAY - timedelta(days=30))
    s.allocate(child=protected, team=team, worker=sw, start_date=TODAY - timedelta(days=30), by=None)
    s.allocate(
        child=protected, team=other, worker=iro, role="iro", start_date=TODAY - timedelta(days=30), by=None
    )
    # A CP child in the other team: conferences due, seen by nobody here.
    hidden = cp_child("Hidden", TODAY - timedelta(days=30))
    s.allocate(child=hidden, team=other, worker=elsewhere, start_date=TODAY - timedelta(days=30), by=None)
    return {
        "users": users,
        "team": team,
        "late": late,
        "fresh": fresh,
        "theirs": theirs,
        "waiting": waiting,
        "protected": protected,
        "hidden": hidden,
    }


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("name", list(MATRIX))
def test_permissions_matrix(world, name) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world["users"][name])
    got = tuple(client.get(reverse(page)).status_code for page in PAGES)
    assert got == MATRIX[name][1]


def test_anonymous_is_sent_to_sign_in(client) -> None:  # type: ignore[no-untyped-def]
    for page in PAGES:
        response = client.get(reverse(page))
        assert response.status_code == 302
        assert "/sign-in/" in response["Location"]


def test_home_lists_the_work_tray_areas_the_user_may_open(world) -> None:
    body = client_for(world["users"]["tm"]).get("/").content.decode()
    assert "My work" in body
    assert "Team caseloads" in body
    assert "Conferences and reviews due" in body
    body = client_for(world["users"]["sw"]).get("/").content.decode()
    assert "My work" in body
    assert "Team caseloads" not in body
    body = client_for(world["users"]["iro"]).get("/").content.decode()
    assert "Conferences and reviews due" in body
    assert "My work" not in body


def test_my_work_overdue_assessment_first_then_by_urgency(world) -> None:
    response = client_for(world["users"]["sw"]).get(reverse("worktray-mine"))
    rows = response.context["rows"]
    lines = [(r.line.child_name, r.line.rule_code, str(r.line.status)) for r in rows]
    assert lines[0] == ("Late Traychild", "assessment_45wd", "overdue")
    assert rows[0].line.days_overdue > 0
    # Only the worker's own children: never another team's, never the unallocated.
    assert {r.line.child_name for r in rows} == {"Late Traychild", "Fresh Traychild", "Protected Traychild"}
    assert ("Fresh Traychild", "assessment_45wd", "due") in lines
    statuses = [r.line.status for r in rows]
    order = {"overdue": 0, "due soon": 1, "due": 2}
    assert [order[str(x)] for x in statuses] == sorted(order[str(x)] for x in statuses)
    body = response.content.decode()
    assert f'href="/children/{world["late"].pk}/"' in body
    assert world["late"].la_child_id in body
    assert "govuk-tag--red" in body
    assert ">Overdue<" in body


def test_my_work_filter_by_status(world) -> None:
    client = client_for(world["users"]["sw"])
    overdue = client.get(reverse("worktray-mine"), {"status": "overdue"}).context["rows"]
    assert overdue
    assert all(str(r.line.status) == "overdue" for r in overdue)
    assert "Fresh Traychild" not in {r.line.child_name for r in overdue}
    due = client.get(reverse("worktray-mine"), {"status": "due"}).context["rows"]
    assert due
    assert all(str(r.line.status) == "due" for r in due)
    # Nonsense falls back to everything.
    every = client.get(reverse("worktray-mine"), {"status": "<script>"}).context["rows"]
    assert len(every) >= len(overdue) + len(due)


def test_my_work_without_a_worker_record_says_so(make_user) -> None:
    user = make_user("unlinked", roles.SOCIAL_WORKER)
    body = client_for(user).get(reverse("worktray-mine")).content.decode()
    assert "not linked to a worker record" in body


def test_team_view_caseloads_overdue_by_worker_and_unallocated(world) -> None:
    response = client_for(world["users"]["tm"]).get(reverse("worktray-team"))
    assert response.context["team"] == world["team"]
    loads = {row["load"].worker_name: row for row in response.context["caseloads"]}
    sam = loads["Sam Worker"]
    assert sam["load"].count == 3
    assert sam["load"].alert == "below"
    # The late assessment, and the CP child's overdue visit (plan started 30 days ago, no visit).
    assert sam["overdue"] >= 1
    body = response.content.decode()
    assert "Below range" in body
    unallocated = response.context["unallocated"]
    assert [u["case"].child_id for u in unallocated] == [world["waiting"].pk]
    assert f'href="/children/{world["waiting"].pk}/"' in body
    assert "Theirs Traychild" not in body


def test_team_view_shows_above_range(world, settings) -> None:
    settings.CONTINUUM_CASELOAD_RANGE = (0, 2)
    body = client_for(world["users"]["tm"]).get(reverse("worktray-team")).content.decode()
    assert "Above range" in body


def test_team_view_only_offers_the_managers_own_teams(world) -> None:
    other = create_team(name="Somewhere Else", team_type=TeamType.INTERVENTION_PLANNING)
    response = client_for(world["users"]["tm"]).get(reverse("worktray-team"), {"team": other.pk})
    assert response.context["team"] == world["team"]


def test_conferences_lists_review_items_the_user_may_see_by_due_date(world) -> None:
    response = client_for(world["users"]["iro"]).get(reverse("worktray-conferences"))
    rows = response.context["rows"]
    assert {r.line.child_name for r in rows} == {"Protected Traychild"}
    assert {r.line.rule_code for r in rows} == {"cp_first_review"}
    # The other CP child's review is counted, not named.
    assert response.context["hidden"] >= 1
    assert "Hidden Traychild" not in response.content.decode()
    tm_rows = client_for(world["users"]["tm"]).get(reverse("worktray-conferences")).context["rows"]
    dues = [r.line.due for r in tm_rows]
    assert dues == sorted(dues)
    assert all(
        r.line.rule_code
        in {
            "icpc_15wd",
            "cp_first_review",
            "cp_review_repeat",
            "cla_first_review",
            "cla_second_review",
            "cla_review_repeat",
        }
        for r in tm_rows
    )


def test_every_page_view_is_in_the_access_log(world) -> None:
    user = world["users"]["sw"]
    client_for(user).get(reverse("worktray-mine"))
    entries = AccessLogEntry.objects.filter(user=user, action="worktray.view")
    assert set(entries.filter(record_type="worktray").values_list("record_id", flat=True)) == {"mine"}
    shown = set(entries.filter(record_type="child").values_list("record_id", flat=True))
    assert shown == {str(world[k].pk) for k in ("late", "fresh", "protected")}
    tm = world["users"]["tm"]
    client_for(tm).get(reverse("worktray-team"))
    client_for(tm).get(reverse("worktray-conferences"))
    pages = AccessLogEntry.objects.filter(user=tm, action="worktray.view", record_type="worktray")
    assert set(pages.values_list("record_id", flat=True)) == {"team", "conferences"}
    assert AccessLogEntry.objects.filter(
        user=tm, action="worktray.view", record_type="child", record_id=str(world["waiting"].pk)
    ).exists()


def test_no_personal_data_in_urls(world) -> None:
    body = client_for(world["users"]["tm"]).get(reverse("worktray-team")).content.decode()
    import re

    for href in re.findall(r'href="([^"]+)"', body):
        assert "Traychild" not in href
        assert world["waiting"].la_child_id not in href
