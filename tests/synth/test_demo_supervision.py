"""The demo's supervision (issue 18 point 4): recorded through the live service, once, deterministic.

Known answers: a worker kept up is not overdue on the demo's day; a worker whose supervision lapsed
is; each child discussed was held by the worker that day and has a management-oversight note; a team
manager without a sign-in supervises as a user that cannot sign in; the worker page says plainly when
nothing is recorded.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client
from django.urls import reverse

from continuum.core import roles
from continuum.core.timescales import Status
from continuum.journey import services as s
from continuum.people.models import TeamType
from continuum.people.services import create_team, create_worker
from continuum.practice import supervision
from continuum.practice.models import NoteType, Supervision, SupervisionChild
from continuum.synth import supervision as demo

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 11, 30)


@pytest.fixture
def world(settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = AS_OF.isoformat()
    team = create_team(name="Demo North", team_type=TeamType.INTERVENTION_PLANNING)
    manager = create_worker(
        first_name="Tia", last_name="Lead", start_date=date(2015, 1, 1), team=team, role="team_manager"
    )
    workers = [
        create_worker(first_name=f"W{n}", last_name="Worker", start_date=date(2019, 1, 1), team=team)
        for n in range(4)
    ]
    kids = []
    for n, worker in enumerate(workers):
        for k in range(3):
            kid = s.register_child(
                first_name=f"K{n}{k}", last_name="Child", person_birth_date=date(2015, 1, 1), by=None
            )
            s.allocate(child=kid, team=team, worker=worker, start_date=date(2026, 1, 1), by=None)
            kids.append(kid)
    return {"team": team, "manager": manager, "workers": workers}


def _signature() -> list[tuple]:  # type: ignore[type-arg]
    return list(
        SupervisionChild.objects.order_by(
            "supervision__worker_id", "supervision__held_on", "child_id"
        ).values_list("supervision__worker_id", "supervision__held_on", "child_id", "decisions")
    )


def test_recorded_once_through_the_service_and_deterministic(world) -> None:  # type: ignore[no-untyped-def]
    with transaction.atomic():
        first = demo.ensure_demo_supervision(seed=1, as_of=AS_OF)
        before = _signature()
        transaction.set_rollback(True)
    assert demo.ensure_demo_supervision(seed=1, as_of=AS_OF) == first > 0
    assert _signature() == before
    assert demo.ensure_demo_supervision(seed=1, as_of=AS_OF) == 0  # once: an existing demo is left alone
    boss = User.objects.get(username=f"{demo.SYNTHETIC_SUPERVISOR}{world['manager'].pk}")
    assert (boss.first_name, boss.last_name, boss.has_usable_password()) == ("Tia", "Lead", False)
    assert set(Supervision.objects.values_list("supervisor_id", flat=True)) == {boss.pk}
    for row in SupervisionChild.objects.select_related("note", "supervision"):
        assert row.child.allocations.filter(worker=row.supervision.worker).exists()
        version = row.note.versions.get()
        assert version.note_type == NoteType.MANAGEMENT_OVERSIGHT
        assert f"Decisions: {row.decisions}" in version.what_happened
    days = Supervision.objects.values_list("held_on", flat=True)
    assert min(days) >= AS_OF - demo.HISTORY
    assert max(days) <= AS_OF


def test_kept_up_or_lapsed(world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(demo, "LAPSED", 0.0)
    with transaction.atomic():
        demo.ensure_demo_supervision(seed=3, as_of=AS_OF)
        kept = supervision.clocks(world["workers"], AS_OF)
        transaction.set_rollback(True)
    assert {c.status for c in kept.values()} <= {Status.DUE, Status.DUE_SOON}
    monkeypatch.setattr(demo, "LAPSED", 1.0)
    demo.ensure_demo_supervision(seed=3, as_of=AS_OF)
    lapsed = supervision.clocks(world["workers"], AS_OF)
    assert {c.status for c in lapsed.values()} == {Status.OVERDUE}


def test_worker_page_says_plainly_when_none_is_recorded(world, make_user) -> None:  # type: ignore[no-untyped-def]
    tm = make_user("demo-sup-tm", roles.TEAM_MANAGER)
    world["manager"].user = tm
    world["manager"].save(update_fields=["user"])
    client = Client()
    client.force_login(tm)
    page = client.get(reverse("worktray-worker", args=[world["workers"][0].pk])).content.decode()
    assert "No supervision recorded since they started on 1 January 2019; first due 29 January 2019" in page
    assert "Overdue" in page
    assert "None recorded" not in page


def test_refresh_does_not_count_synthetic_supervision_as_a_persons_work() -> None:
    """A loaded child whose only other event is a synthetic supervisor's stays untouched (it rolls
    forward on --refresh); the same event by a person's sign-in keeps the child as it is."""
    from django.db import connection

    from continuum.journey.models import ChronologyEvent
    from continuum.people.models import Child
    from continuum.synth.load import STEP
    from continuum.synth.refresh import touched_children

    def touched() -> set[int]:
        with connection.cursor() as cursor:
            return set(touched_children(cursor))

    loaded = Child.objects.create(
        la_child_id="SUP-1", first_name="Ada", last_name="Loaded", person_birth_date=date(2015, 1, 1)
    )
    ChronologyEvent.objects.create(
        child=loaded, occurred_on=AS_OF, step=STEP, what="Child (synthetic load)", record_type="child",
        record_id=loaded.pk,
    )  # fmt: skip
    assert loaded.pk not in touched()
    synthetic = User.objects.create(username=f"{demo.SYNTHETIC_SUPERVISOR}7")
    note = {"child": loaded, "occurred_on": AS_OF, "step": "record_supervision", "what": "Supervision"}
    ChronologyEvent.objects.create(by=synthetic, **note)
    assert loaded.pk not in touched()
    ChronologyEvent.objects.create(by=User.objects.create(username="demo-team-manager-x"), **note)
    assert loaded.pk in touched()
