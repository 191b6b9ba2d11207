"""The demo's SEND records: made once, deterministic from the seed, and shaped like the seed's picture
(2.6% of the school population with a plan, growth of a few per cent a year, believable timeliness)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from continuum.core.models import PopulationEstimate
from continuum.people.models import Child
from continuum.send import clocks, services
from continuum.send.models import AnnualReview, EHCPlan, EHCRequest, PhaseTransfer
from continuum.synth.send import _age, ensure_demo_send, school_population

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 11, 30)
PUPILS = 11_000  # children aged 5-15 in the mid-2026 estimate


def _snapshot() -> list[tuple[object, ...]]:
    return list(
        EHCRequest.objects.order_by("received_on", "child__la_child_id").values_list(
            "child__la_child_id", "received_on", "assess_decision", "final_issued_on"
        )
    ) + list(
        EHCPlan.objects.order_by("issued_on", "child__la_child_id").values_list(
            "child__la_child_id", "ceased_on"
        )
    )


def _held(on: date, low: int = 0, high: int = 99) -> int:
    return sum(
        1
        for born, issued, ceased in EHCPlan.objects.values_list(
            "child__person_birth_date", "issued_on", "ceased_on"
        )
        if issued <= on and (ceased is None or ceased > on) and low <= _age(born, on) <= high
    )


def test_made_once_deterministic_and_believable() -> None:
    Child.objects.bulk_create(
        Child(la_child_id=f"DS{i:04d}", person_birth_date=date(2001, 1, 1) + timedelta(days=3 * i))
        for i in range(3000)
    )
    PopulationEstimate.objects.bulk_create(
        PopulationEstimate(year=year, age=age, sex="F", population=1000 if 5 <= age <= 15 else 700)
        for year in (2025, 2026)
        for age in range(18)
    )
    assert school_population(AS_OF) == PUPILS
    made = ensure_demo_send(seed=7, as_of=AS_OF)
    assert made > 150
    assert ensure_demo_send(seed=7, as_of=AS_OF) == 0  # once
    first = _snapshot()
    AnnualReview.objects.all().delete()
    EHCPlan.objects.all().delete()
    EHCRequest.objects.all().delete()
    ensure_demo_send(seed=7, as_of=AS_OF)
    assert _snapshot() == first  # the same borough gets the same records

    # 2.6% of the school population (5-15) hold a plan on the borough's day.
    assert _held(AS_OF, 5, 15) == round(0.026 * PUPILS)
    # Growth near the seed's: the plans maintained grow by a few per cent a year over the five years.
    start, end = _held(date(2021, 12, 1)), _held(AS_OF)
    assert 1.05 < end / start < 1.6, (start, end)
    # Believable timeliness, and the requests reach the caseworker's list and the plans their reviews.
    rules = services.rules()
    issued = [
        clocks.timeliness(r, [e.reason for e in r.exceptions.all()], rules)
        for r in EHCRequest.objects.filter(final_issued_on__isnull=False).prefetch_related("exceptions")
    ]
    on_time = sum(t.on_time for t in issued) / len(issued)
    assert 0.45 < on_time < 0.75
    assert EHCPlan.objects.filter(ehc_request__isnull=False).count() == len(issued)
    assert services.open_requests(AS_OF)  # the caseworker's list has lines
    assert AnnualReview.objects.filter(outcome="amend", amended_on__isnull=False).exists()
    ceased = EHCPlan.objects.exclude(ceased_on=None)
    assert ceased.exists()
    assert all(p.cease_reason for p in ceased)
    assert all(p.ceased_on <= AS_OF for p in ceased)

    # Phase transfers: the plans of transfer age have them, most named by the deadline; next year's are
    # on the caseworker's list. The settings' identifiers are in the clearly synthetic ranges.
    transfers = list(PhaseTransfer.objects.select_related("plan"))
    assert {t.to_phase for t in transfers} == {"primary", "secondary", "post16"}
    items = [clocks.phase_transfer(t, rules, AS_OF) for t in transfers]
    past = [i for i in items if i is not None and i.due <= AS_OF]
    named_on_time = sum(i.status.value == "done on time" for i in past) / len(past)
    assert 0.75 < named_on_time < 0.95, named_on_time
    assert any(i.status.value == "done late" for i in past)
    assert services.transfers_due(AS_OF)  # February 2027's are due within 12 weeks
    assert all(t.setting_name for t in transfers if t.amended_issued_on)
    urns = set(EHCPlan.objects.exclude(setting_urn="").values_list("setting_urn", flat=True))
    ukprns = set(EHCPlan.objects.exclude(setting_ukprn="").values_list("setting_ukprn", flat=True))
    assert urns
    assert ukprns
    assert all(u.startswith("9") and len(u) == 6 for u in urns)
    assert all(u.startswith("1999") and len(u) == 8 for u in ukprns)


def test_requests_run_to_the_day_and_the_demo_caseworker_holds_the_newest(make_user) -> None:  # type: ignore[no-untyped-def]
    """The demo's requests are drawn up to its day (they used to stop at the first of the month, so the
    current month read 0), and ``demo-send`` holds the newest open ones (its home card read 0)."""
    from continuum.core import roles
    from continuum.synth.send import CASELOAD

    Child.objects.bulk_create(
        Child(la_child_id=f"DC{i:04d}", person_birth_date=date(2001, 1, 1) + timedelta(days=3 * i))
        for i in range(3000)
    )
    PopulationEstimate.objects.bulk_create(
        PopulationEstimate(year=year, age=age, sex="F", population=1000 if 5 <= age <= 15 else 700)
        for year in (2025, 2026)
        for age in range(18)
    )
    caseworker = make_user("demo-send", roles.SEND_CASEWORKER)
    ensure_demo_send(seed=7, as_of=AS_OF)
    assert EHCRequest.objects.filter(received_on__gt=AS_OF.replace(day=1)).exists()
    assert not EHCRequest.objects.filter(received_on__gt=AS_OF).exists()
    held = services.open_requests(AS_OF, caseworker=caseworker)
    assert 0 < len(held) <= CASELOAD
    newest = max(line.request.received_on for line in services.open_requests(AS_OF))
    assert newest in {line.request.received_on for line in held}
