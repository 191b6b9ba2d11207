"""The demo's SEND records: made once, deterministic from the seed, and shaped like the seed's picture."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from continuum.people.models import Child
from continuum.send import clocks, services
from continuum.send.models import EHCPlan, EHCRequest
from continuum.synth.send import ensure_demo_send

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 11, 30)


def _snapshot() -> list[tuple[object, ...]]:
    return list(
        EHCRequest.objects.order_by("received_on", "child__la_child_id").values_list(
            "child__la_child_id", "received_on", "assess_decision", "final_issued_on"
        )
    )


def test_made_once_deterministic_and_believable() -> None:
    Child.objects.bulk_create(
        Child(la_child_id=f"DS{i:04d}", person_birth_date=date(2008, 1, 1) + timedelta(days=9 * i))
        for i in range(900)
    )
    made = ensure_demo_send(seed=7, as_of=AS_OF)
    assert made > 300
    assert ensure_demo_send(seed=7, as_of=AS_OF) == 0  # once
    first = _snapshot()
    EHCPlan.objects.all().delete()
    EHCRequest.objects.all().delete()
    ensure_demo_send(seed=7, as_of=AS_OF)
    assert _snapshot() == first  # the same borough gets the same requests
    rules = services.rules()
    issued = [
        clocks.timeliness(r, [e.reason for e in r.exceptions.all()], rules)
        for r in EHCRequest.objects.filter(final_issued_on__isnull=False).prefetch_related("exceptions")
    ]
    on_time = sum(t.on_time for t in issued) / len(issued)
    assert 0.45 < on_time < 0.75
    assert EHCPlan.objects.count() == len(issued)
    assert services.open_requests(AS_OF)  # the caseworker's list has lines
    assert EHCPlan.objects.filter(reviews__isnull=False).exists()
