"""A refused step writes nothing: no record, no change to other records, no chronology event."""

from __future__ import annotations

from datetime import date

import pytest

from continuum.journey import services as s
from continuum.journey.errors import JourneyRuleError
from continuum.journey.models import ChronologyEvent, CLAEpisode, Conference, Placement
from continuum.journey.services._base import Step
from tests.journey.conftest import at, open_referral


def _counts() -> tuple[int, int, int, int]:
    return (
        ChronologyEvent.objects.count(),
        CLAEpisode.objects.count(),
        Placement.objects.count(),
        Conference.objects.count(),
    )


def test_a_rule_violation_leaves_no_row_and_no_event(child, officer):
    episode = open_referral(child, officer)
    before = _counts()
    with pytest.raises(JourneyRuleError):
        s.hold_icpc(cin_episode=episode, conference_date=date(2024, 1, 20), outcome="plan", by=officer)
    assert _counts() == before


def test_a_failure_after_earlier_writes_rolls_them_all_back(child, officer):
    """change_placement ends the old placement before it finds the move predates the current episode."""
    first = s.start_cla_episode(
        child=child, decom=date(2024, 3, 1), ls="V2", cin="N1", place="U6", in_borough=True, by=officer
    )
    second = s.change_legal_status(
        cla_episode=first, on=date(2024, 4, 1), ls="C1", expected_version=1, by=officer
    )
    before = _counts()
    with pytest.raises(JourneyRuleError):
        # After the placement start (1 March) but before the current episode began (1 April).
        s.change_placement(
            cla_episode=second,
            on=date(2024, 3, 15),
            place="U4",
            in_borough=False,
            reason_place_change="CARPL",
            expected_version=1,
            by=officer,
        )
    assert _counts() == before
    placement = Placement.objects.get(child=child)
    assert placement.end_date is None
    assert placement.version == 1
    second.refresh_from_db()
    assert second.dec is None
    assert second.version == 1


def test_a_failure_while_recording_the_event_leaves_no_record(child, officer, monkeypatch):
    def broken(self, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(Step, "record", broken)
    contacts_before = child.contacts.count()
    with pytest.raises(RuntimeError):
        s.record_contact(
            child=child, received_at=at(2024, 1, 9), referral_source="6", consent="obtained", by=officer
        )
    assert child.contacts.count() == contacts_before
