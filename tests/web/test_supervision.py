"""Supervision (issue 18 point 4) and the team manager's worker page and head of service (point 10).

Known answers: the supervision frequency per role (4 weeks for practitioners, 6 for managers, from the
last session or the start in post), decisions copied to the child's record as a management-oversight
note, actions in the one tracker, overdue flags in the team view, logging, and a head of service
switching between the teams of their service.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from continuum.actions.models import Action
from continuum.core import roles
from continuum.core.models import AccessLogEntry, HeadOfServiceTeam
from continuum.core.timescales import Status
from continuum.journey import services as s
from continuum.people.models import TeamType
from continuum.people.services import create_team, create_worker
from continuum.practice import supervision
from continuum.practice.models import CaseNoteVersion, Draft, NoteType, SupervisionChild

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 11, 30)


@pytest.fixture
def world(make_user, settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = AS_OF.isoformat()
    sw = make_user("sup-sw", roles.SOCIAL_WORKER)
    tm = make_user("sup-tm", roles.TEAM_MANAGER)
    other_tm = make_user("sup-tm-south", roles.TEAM_MANAGER)
    head = make_user("sup-head", roles.HEAD_OF_SERVICE)
    north = create_team(name="Supervised North", team_type=TeamType.INTERVENTION_PLANNING)
    south = create_team(name="Supervised South", team_type=TeamType.INTERVENTION_PLANNING)
    worker = create_worker(
        first_name="Sam", last_name="Worker", start_date=date(2020, 1, 1), team=north, user=sw
    )
    manager = create_worker(
        first_name="Tess",
        last_name="Manager",
        start_date=date(2026, 9, 1),
        team=north,
        role="team_manager",
        user=tm,
    )
    south_worker = create_worker(first_name="Sue", last_name="South", start_date=date(2020, 1, 1), team=south)
    create_worker(
        first_name="Stu",
        last_name="Boss",
        start_date=date(2020, 1, 1),
        team=south,
        role="team_manager",
        user=other_tm,
    )
    kid = s.register_child(first_name="Sup", last_name="Child", person_birth_date=date(2015, 1, 1), by=None)
    s.allocate(child=kid, team=north, worker=worker, start_date=date(2026, 1, 1), by=None)
    for team in (north, south):
        HeadOfServiceTeam.objects.create(user=head, team_id=team.pk)
    return {
        "sw": sw,
        "tm": tm,
        "other_tm": other_tm,
        "head": head,
        "worker": worker,
        "manager": manager,
        "south_worker": south_worker,
        "north": north,
        "south": south,
        "child": kid,
    }


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_frequency_per_role_known_answers(world) -> None:  # type: ignore[no-untyped-def]
    """No session yet: counted from the start in post. A practitioner every 4 weeks, a manager every 6."""
    clocks = supervision.clocks([world["worker"], world["manager"]], AS_OF)
    assert clocks[world["worker"].pk] == supervision.SupervisionClock(None, date(2020, 1, 29), Status.OVERDUE)
    assert clocks[world["manager"].pk] == supervision.SupervisionClock(
        None, date(2026, 10, 13), Status.OVERDUE
    )
    supervision.record_supervision(
        worker=world["worker"], supervisor=world["tm"], held_on=date(2026, 11, 9), reflection="Workload."
    )
    after = supervision.clocks([world["worker"]], AS_OF)[world["worker"].pk]
    assert after == supervision.SupervisionClock(date(2026, 11, 9), date(2026, 12, 7), Status.DUE_SOON)
    assert supervision.clocks([world["worker"]], date(2026, 11, 20))[world["worker"].pk].status is Status.DUE


FORM = {
    "held_on-day": "27",
    "held_on-month": "11",
    "held_on-year": "2026",
    "reflection": "Sam reflected on a difficult home visit; workload is manageable.",
    "discussion_1": "Mother missed two appointments.",
    "decisions_1": "Unannounced visit this week; refer to family support.",
    "action_1": "Unannounced home visit",
    "action_due_1-day": "4",
    "action_due_1-month": "12",
    "action_due_1-year": "2026",
}


def test_record_a_session_copies_decisions_to_the_childs_record(world) -> None:  # type: ignore[no-untyped-def]
    tm, kid = _client(world["tm"]), world["child"]
    url = reverse("supervision-new", args=[world["worker"].pk])
    form = tm.get(url).content.decode()
    assert "Sup Child (record" in form  # the worker's caseload is offered
    response = tm.post(url, {**FORM, "child_1": str(kid.pk)})
    assert response.status_code == 302
    row = SupervisionChild.objects.get()
    version = CaseNoteVersion.objects.get(note=row.note)
    assert version.note_type == NoteType.MANAGEMENT_OVERSIGHT
    assert "Decisions: Unannounced visit this week" in version.what_happened
    assert version.written_by == world["tm"]
    action = Action.objects.get()
    assert (action.owner, action.due_date, action.child_id, action.source_label) == (
        world["sw"],
        date(2026, 12, 4),
        kid.pk,
        "Supervision",
    )
    page = tm.get(reverse("supervision-worker", args=[world["worker"].pk])).content.decode()
    assert "27 November 2026" in page
    assert "Unannounced visit this week" in page
    assert "25 December 2026" in page  # next due: 4 weeks after the session
    assert AccessLogEntry.objects.filter(
        user=world["tm"], action="supervision.view", record_type="child", record_id=str(kid.pk)
    ).exists()
    # The worker reads their own supervision; the child's notes list shows the management oversight.
    assert (
        _client(world["sw"]).get(reverse("supervision-worker", args=[world["worker"].pk])).status_code == 200
    )
    notes = _client(world["sw"]).get(reverse("child-notes", args=[kid.pk])).content.decode()
    assert "Management oversight" in notes


def test_who_may_record_and_read(world, make_user) -> None:  # type: ignore[no-untyped-def]
    url = reverse("supervision-new", args=[world["worker"].pk])
    assert _client(world["sw"]).get(url).status_code == 403  # nobody records their own
    assert _client(world["other_tm"]).get(url).status_code == 403  # another team's manager
    assert (
        _client(world["other_tm"]).get(reverse("supervision-worker", args=[world["worker"].pk])).status_code
        == 403
    )
    assert _client(world["head"]).get(url).status_code == 200  # the head of service, for any team of theirs
    own = reverse("supervision-new", args=[world["manager"].pk])
    assert _client(world["tm"]).get(own).status_code == 403
    partner = make_user("sup-partner", roles.PARTNER_MEMBER)
    assert _client(partner).get(reverse("supervision-worker", args=[world["worker"].pk])).status_code == 403
    with pytest.raises(supervision.ActionRuleError, match="own supervision"):
        supervision.record_supervision(
            worker=world["manager"], supervisor=world["tm"], held_on=AS_OF, reflection="x"
        )


def test_refused_input_is_kept_as_a_draft(world) -> None:  # type: ignore[no-untyped-def]
    tm = _client(world["tm"])
    url = reverse("supervision-new", args=[world["worker"].pk])
    refused = tm.post(url, {**FORM, "child_1": str(world["child"].pk), "decisions_1": ""}).content.decode()
    assert "Enter what was decided for child 1" in refused
    draft = Draft.objects.get(user=world["tm"])
    assert draft.data["reflection"] == [FORM["reflection"]]
    again = tm.get(url).content.decode()
    assert "Your draft saved" in again
    assert "Sam reflected on a difficult home visit" in again


def test_team_view_flags_overdue_supervision_and_links_the_worker_page(world) -> None:  # type: ignore[no-untyped-def]
    tm = _client(world["tm"])
    body = tm.get(reverse("worktray-team")).content.decode()
    assert "Supervision due" in body
    assert "29 Jan 2020" in body  # never supervised: due 4 weeks after starting, long overdue
    assert "Overdue" in body
    assert reverse("worktray-worker", args=[world["worker"].pk]) in body


def test_worker_page(world) -> None:  # type: ignore[no-untyped-def]
    tm = _client(world["tm"])
    page = tm.get(reverse("worktray-worker", args=[world["worker"].pk])).content.decode()
    assert "Sam Worker" in page
    assert "1 child." in page
    assert "Below range" in page  # one case against 12 to 16
    assert reverse("supervision-worker", args=[world["worker"].pk]) in page
    manager_page = tm.get(reverse("worktray-worker", args=[world["manager"].pk])).content.decode()
    assert "Not a case holder" in manager_page
    # Another team's worker is refused; the access is logged for the children shown.
    assert tm.get(reverse("worktray-worker", args=[world["south_worker"].pk])).status_code == 403
    assert AccessLogEntry.objects.filter(user=world["tm"], record_id=f"worker-{world['worker'].pk}").exists()


def test_head_of_service_switches_between_their_teams(world) -> None:  # type: ignore[no-untyped-def]
    head = _client(world["head"])
    first = head.get(reverse("worktray-team")).content.decode()
    assert "Team caseloads: Supervised North" in first
    assert f'<option value="{world["south"].pk}"' in first  # offered the other team of the service
    second = head.get(reverse("worktray-team"), {"team": world["south"].pk}).content.decode()
    assert "Team caseloads: Supervised South" in second
    assert "Sue South" in second
    assert head.get(reverse("worktray-worker", args=[world["south_worker"].pk])).status_code == 200
    assert head.get(reverse("child-record", args=[world["child"].pk])).status_code == 200
    home = head.get("/").content.decode()
    assert "Supervised North" in home
    assert "Supervised South" in home


def test_demo_head_of_service_heads_the_demo_managers_kind_of_team(world) -> None:  # type: ignore[no-untyped-def]
    from continuum.devtools.demo_users import ensure_demo_users
    from continuum.synth.demo import link_demo_head_of_service

    ensure_demo_users()
    expected = [world["north"].pk, world["south"].pk]
    assert link_demo_head_of_service() == expected
    assert link_demo_head_of_service() == expected  # safe to run again
    head = HeadOfServiceTeam.objects.filter(user__username="demo-head-of-service")
    assert sorted(head.values_list("team_id", flat=True)) == expected


def test_supervision_due_today_says_so(world, settings) -> None:  # type: ignore[no-untyped-def]
    """Last session 9 Nov 2026, every 4 weeks: due Mon 7 Dec. Seen on 7 Dec the tag says "Due today"
    (the trays' words for it), seen on 30 Nov "Due soon"."""
    supervision.record_supervision(
        worker=world["worker"], supervisor=world["tm"], held_on=date(2026, 11, 9), reflection="Workload."
    )
    url = reverse("supervision-worker", args=[world["worker"].pk])
    assert _client(world["tm"]).get(url).context["status"] == ("Due soon", "govuk-tag--orange")
    settings.CONTINUUM_AS_OF = "2026-12-07"
    assert _client(world["tm"]).get(url).context["status"] == ("Due today", "govuk-tag--orange")
