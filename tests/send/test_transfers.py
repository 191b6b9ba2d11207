"""Phase transfers (SEND Regulations 2014 reg 18): the deadline from the timescale rules (15 February
in the year of the transfer, 31 March into post-16), the amended plan naming the new setting, the
caseworker's list of transfers due, and the named setting's URN and UKPRN."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from continuum.core.models import TimescaleRule
from continuum.core.timescale_defaults import DEFAULT_RULES_BY_CODE
from continuum.core.timescales import Status
from continuum.people.models import Child
from continuum.send import clocks, services
from continuum.send.models import EHCPlan, PhaseTransfer

pytestmark = pytest.mark.django_db


def _plan(n: int = 1, **kw: object) -> EHCPlan:
    child = Child.objects.create(la_child_id=f"SEND-T{n}", person_birth_date=date(2015, 3, 3))
    return EHCPlan.objects.create(
        child=child, issued_on=date(2021, 6, 1), primary_need="ASD", setting_name="Riverside Primary",
        setting_type="mainstream", **kw,
    )  # fmt: skip


RULES = {code: DEFAULT_RULES_BY_CODE[code] for code in (clocks.PHASE_TRANSFER, clocks.PHASE_TRANSFER_POST16)}


def _transfer(to_phase: str, year: int, issued: date | None = None) -> PhaseTransfer:
    return PhaseTransfer(
        pk=1, from_phase="primary", to_phase=to_phase, transfer_year=year, amended_issued_on=issued
    )


@pytest.mark.parametrize(
    ("to_phase", "issued", "as_of", "due", "status"),
    [
        ("secondary", date(2026, 2, 15), date(2026, 3, 1), date(2026, 2, 15), Status.DONE_ON_TIME),
        ("secondary", date(2026, 2, 16), date(2026, 3, 1), date(2026, 2, 15), Status.DONE_LATE),
        ("secondary", date(2025, 11, 20), date(2026, 3, 1), date(2026, 2, 15), Status.DONE_ON_TIME),
        ("secondary", None, date(2026, 2, 16), date(2026, 2, 15), Status.OVERDUE),
        ("secondary", None, date(2026, 1, 10), date(2026, 2, 15), Status.DUE_SOON),  # 6 weeks' warning
        ("secondary", None, date(2025, 12, 1), date(2026, 2, 15), Status.DUE),
        ("post16", None, date(2026, 3, 31), date(2026, 3, 31), Status.DUE_SOON),  # on the day: not late
        ("post16", date(2026, 4, 1), date(2026, 5, 1), date(2026, 3, 31), Status.DONE_LATE),
        ("post16", None, date(2028, 4, 1), date(2026, 3, 31), Status.OVERDUE),
    ],
)
def test_the_deadline_is_the_rules_fixed_date(
    to_phase: str, issued: date | None, as_of: date, due: date, status: Status
) -> None:
    item = clocks.phase_transfer(_transfer(to_phase, 2026, issued), RULES, as_of)
    assert item is not None
    assert (item.due, item.status) == (due, status)


def test_a_council_edit_of_the_rule_moves_the_deadline() -> None:
    rules = {**RULES, clocks.PHASE_TRANSFER: replace(RULES[clocks.PHASE_TRANSFER], interval=131)}
    item = clocks.phase_transfer(_transfer("secondary", 2027), rules, date(2026, 12, 1))
    assert item is not None
    assert item.due == date(2027, 1, 31)
    assert clocks.phase_transfer(_transfer("secondary", 2027), {}, date(2026, 12, 1)) is None  # switched off


def test_recording_a_transfer_and_its_amended_plan() -> None:
    plan = _plan()
    with pytest.raises(ValidationError, match="choose a later phase"):
        services.record_transfer(plan, "secondary", "primary", 2026)
    with pytest.raises(ValidationError, match="6 digits"):
        services.record_transfer(plan, "primary", "secondary", 2026, setting_urn="12345")
    transfer = services.record_transfer(plan, "primary", "secondary", 2026)
    with pytest.raises(ValidationError, match="already has a transfer in 2026"):
        services.record_transfer(plan, "primary", "secondary", 2026)
    with pytest.raises(ValidationError, match="Name the new setting"):
        services.record_transfer_plan_issued(transfer, date(2026, 2, 10), setting_name=" ")
    with pytest.raises(ValidationError, match="8 digits starting with 1"):
        services.record_transfer_plan_issued(
            transfer, date(2026, 2, 10), setting_name="Hill College", setting_ukprn="20000001"
        )
    version = EHCPlan.objects.get(pk=plan.pk).version
    services.record_transfer_plan_issued(
        transfer,
        date(2026, 2, 10),
        setting_name="Hillside Academy",
        setting_type="mainstream",
        setting_urn="912345",
    )
    transfer.refresh_from_db()
    plan.refresh_from_db()
    assert (transfer.amended_issued_on, transfer.setting_urn) == (date(2026, 2, 10), "912345")
    # The amended plan is the plan: it now names the new setting, as a new version.
    assert (plan.setting_name, plan.setting_urn, plan.version) == ("Hillside Academy", "912345", version + 1)
    with pytest.raises(ValidationError, match="already recorded"):
        services.record_transfer_plan_issued(transfer, date(2026, 2, 11), setting_name="Other")


def test_the_caseworkers_list_of_transfers_due() -> None:
    overdue = services.record_transfer(_plan(1), "primary", "secondary", 2026)
    soon = services.record_transfer(_plan(2), "secondary", "post16", 2026)
    later = services.record_transfer(_plan(3), "early_years", "primary", 2027)
    done = services.record_transfer(_plan(4), "primary", "secondary", 2026)
    services.record_transfer_plan_issued(done, date(2026, 1, 30), setting_name="Hillside Academy")
    ceased = services.record_transfer(_plan(5), "primary", "secondary", 2026)
    services.cease_plan(ceased.plan, date(2026, 1, 5), "moved_la")
    lines = services.transfers_due(date(2026, 3, 2))
    assert [(line.transfer.pk, line.item.due, line.overdue) for line in lines] == [
        (overdue.pk, date(2026, 2, 15), True),
        (soon.pk, date(2026, 3, 31), False),
    ]
    assert later.pk not in {line.transfer.pk for line in services.transfers_due(date(2026, 3, 2))}


def test_the_migration_seeded_the_two_deadlines() -> None:
    rows = {r.code: r for r in TimescaleRule.objects.filter(code__startswith="ehc_phase_transfer")}
    assert {code: (r.interval, r.unit) for code, r in rows.items()} == {
        "ehc_phase_transfer": (215, "date_in_year"),
        "ehc_phase_transfer_post16": (331, "date_in_year"),
    }
    assert "reg 18" in rows["ehc_phase_transfer"].citation
