"""The demo's work awaiting authorisation (continuum/synth/signoff.py): put up once, deterministic,
through the live service, a few working days before the demo's day.

Known answers, worked out by hand. The demo's day is Monday 30 November 2026; five working days
back is Monday 23 November, so each submission falls on 23-27 November and is due (5 working days
later, the local setting) between 30 November and 4 December: on the tray, none is overdue. Only
an assessment begun by 9 November (14 days before 23 November) goes up, only one held by a
case holder without a sign-in, never one already authorised or in a closed episode. Of the team's
six children, four qualify (K0-K3): the team of one manager puts up 2 to 4 of those four.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from continuum.core import roles
from continuum.journey import services as s
from continuum.journey.models import Assessment, ChronologyEvent
from continuum.people.models import TeamType
from continuum.people.services import create_team, create_worker
from continuum.practice import signoff
from continuum.practice.models import SignOff, SignOffEvent, SignOffStep
from continuum.synth import signoff as demo

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 11, 30)  # a Monday
SUBMITTED_ON = {date(2026, 11, d) for d in (23, 24, 25, 26, 27)}


@pytest.fixture
def world(make_user, settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = AS_OF.isoformat()
    team = create_team(name="Demo Sign North", team_type=TeamType.INTERVENTION_PLANNING)
    boss = make_user("demo-sign-tm", roles.TEAM_MANAGER)
    create_worker(
        first_name="Tia",
        last_name="Lead",
        start_date=date(2015, 1, 1),
        team=team,
        role="team_manager",
        user=boss,
    )
    workers = [
        create_worker(first_name=f"W{n}", last_name="Worker", start_date=date(2019, 1, 1), team=team)
        for n in range(2)
    ]
    signed_in = make_user("demo-sign-sw", roles.SOCIAL_WORKER)
    own = create_worker(
        first_name="Sue", last_name="Signin", start_date=date(2019, 1, 1), team=team, user=signed_in
    )

    def child(name: str, worker, started: date):  # type: ignore[no-untyped-def]
        kid = s.register_child(
            first_name=name, last_name="Child", person_birth_date=date(2015, 1, 1), by=None
        )
        episode = s.open_referral(
            child=kid, cin_referral_date=date(2026, 10, 1), referral_source="1A", by=None
        )
        s.allocate(child=kid, team=team, worker=worker, start_date=date(2026, 10, 1), by=None)
        return s.start_assessment(
            cin_episode=episode, assessment_actual_start_date=started, worker=worker, by=None
        )

    eligible = [child(f"K{n}", workers[n % 2], date(2026, 11, 9) - timedelta(days=n)) for n in range(4)]
    too_new = child("Fresh", workers[0], date(2026, 11, 10))  # begun after 9 November
    signed_ins = child("Own", own, date(2026, 10, 5))  # the demo social worker's to submit
    done = child("Done", workers[1], date(2026, 10, 2))
    s.complete_assessment(
        assessment=done,
        assessment_authorisation_date=date(2026, 10, 20),
        assessment_factors=["3B"],
        child_seen=True,
        outcome="nfa",
        expected_version=done.version,
        by=None,
    )
    return {
        "boss": boss,
        "workers": workers,
        "eligible": {a.pk for a in eligible},
        "never": {too_new.pk, signed_ins.pk, done.pk},
    }


def _signature() -> list[tuple]:  # type: ignore[type-arg]
    return list(
        SignOffEvent.objects.order_by("sign_off__record_id").values_list(
            "sign_off__record_id", "at", "by__username", "comments", "proposed"
        )
    )


def test_put_up_once_deterministic_and_only_what_qualifies(world) -> None:  # type: ignore[no-untyped-def]
    with transaction.atomic():
        first = demo.ensure_demo_sign_offs(seed=1, as_of=AS_OF)
        before = _signature()
        transaction.set_rollback(True)
    assert 2 <= demo.ensure_demo_sign_offs(seed=1, as_of=AS_OF) == first <= 4
    assert _signature() == before
    assert demo.ensure_demo_sign_offs(seed=1, as_of=AS_OF) == 0  # once: nothing more on the next start
    records = set(SignOff.objects.values_list("record_id", flat=True))
    assert records <= world["eligible"]
    assert not records & world["never"]
    pairs = signoff.awaiting_sign_offs()
    assert len(pairs) == first
    for sign_off, step in pairs:
        day = timezone.localtime(step.at).date()
        assert day in SUBMITTED_ON
        assert step.step == SignOffStep.SUBMITTED
        # The submitter is named after the case holder and cannot sign in.
        holder = Assessment.objects.get(pk=sign_off.record_id).worker
        assert step.by.username == f"{demo.SYNTHETIC_PRACTITIONER}{holder.pk}"
        assert (step.by.first_name, step.by.has_usable_password()) == (holder.first_name, False)
        # Its chronology line is dated the day it went up, not the demo's day.
        line = ChronologyEvent.objects.get(step="submit_for_authorisation", record_id=sign_off.record_id)
        assert line.occurred_on == day


def test_the_managers_tray_lists_them_and_one_can_be_authorised(world) -> None:  # type: ignore[no-untyped-def]
    made = demo.ensure_demo_sign_offs(seed=1, as_of=AS_OF)
    client = Client()
    client.force_login(world["boss"])
    body = client.get(reverse("signoff-tray")).content.decode()
    assert "Nothing is awaiting your authorisation" not in body
    for sign_off, _step in signoff.awaiting_sign_offs():
        assert reverse("child-sign-off", args=[sign_off.child_id, "assessment", sign_off.record_id]) in body
    assert "Overdue" not in body
    sign_off, _step = signoff.awaiting_sign_offs()[0]
    signoff.authorise(sign_off, by=world["boss"])
    assessment = Assessment.objects.get(pk=sign_off.record_id)
    assert assessment.assessment_authorisation_date == AS_OF
    assert assessment.outcome
    assert len(signoff.awaiting_sign_offs()) == made - 1
