"""Recording the IOM cohort (continuum/community_safety/iom_records.py), with answers worked by hand on
the four-person cohort of test_iom.py as on 30 Sep 2012: Red 1 (C), Amber 1 (B), Green 1 (D), Blue 1 (A);
arrests since 1 June: C twice."""

from __future__ import annotations

from datetime import date

import pytest

from continuum.community_safety import iom, iom_records
from continuum.community_safety.models import (
    IomEventKind,
    IomOffender,
    IomStatus,
    RiskChange,
    RiskColour,
)
from continuum.core import roles
from tests.community_safety.test_iom import _cohort

pytestmark = pytest.mark.django_db
DAY = date(2012, 9, 30)


@pytest.fixture
def officer(make_user, settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2012-09-30"
    _cohort()
    return make_user("iom-officer", roles.IOM_OFFICER)


def test_a_change_of_colour_moves_the_counts_from_its_day(officer) -> None:  # type: ignore[no-untyped-def]
    assert iom.counts_on(DAY) == {"red": 1, "amber": 1, "green": 1, "blue": 1}
    b = IomOffender.objects.get(reference="IOM-B")
    change = iom_records.change_colour(
        b, colour=RiskColour.RED, on=date(2012, 9, 15), reason="  Arrested for burglary  ", by=officer
    )
    assert (change.recorded_by, change.reason) == (officer, "Arrested for burglary")
    assert iom.counts_on(DAY) == {"red": 2, "amber": 0, "green": 1, "blue": 1}
    assert iom.counts_on(date(2012, 9, 14)) == {"red": 1, "amber": 1, "green": 1, "blue": 1}
    # The history is appended to, never rewritten: B's first colour is still there.
    assert list(b.risk_history.values_list("colour", flat=True)) == ["amber", "red"]


def test_a_change_needs_a_reason_and_a_day_neither_future_nor_before_the_last(officer) -> None:  # type: ignore[no-untyped-def]
    c = IomOffender.objects.get(reference="IOM-C")  # last change: Red on 20 Aug 2012
    before = RiskChange.objects.count()
    cases = [
        ({"on": DAY, "reason": "   "}, "reason", "Enter the reason for the change of colour"),
        (
            {"on": date(2012, 10, 1), "reason": "Intel"},
            "on",
            "Date of the change must be today or in the past",
        ),
        (
            {"on": date(2012, 8, 19), "reason": "Intel"},
            "on",
            "Date of the change must be on or after 20 Aug 2012, the last change of colour",
        ),
    ]
    for given, field, message in cases:
        with pytest.raises(iom_records.IomRecordError) as refused:
            iom_records.change_colour(c, colour=RiskColour.GREEN, by=officer, **given)
        assert (refused.value.field, str(refused.value)) == (field, message)
    assert RiskChange.objects.count() == before  # nothing written
    # The day of the last change itself is allowed (two changes on one day: the later one counts).
    iom_records.change_colour(c, colour=RiskColour.GREEN, on=date(2012, 8, 20), reason="Intel", by=officer)
    assert iom.counts_on(DAY) == {"red": 0, "amber": 1, "green": 2, "blue": 1}


def test_adding_a_person_with_flags_and_a_first_colour(officer) -> None:  # type: ignore[no-untyped-def]
    added = iom_records.add_offender(
        reference="IOM-E",
        name="Siobhán O'Neill-Ødegård",
        added_on=date(2012, 9, 3),
        flags=[IomStatus.PPO, IomStatus.STATUTORY, IomStatus.PPO],
        colour=RiskColour.AMBER,
        reason="Referred by probation",
        by=officer,
    )
    assert sorted(added.flags.values_list("status", flat=True)) == ["ppo", "statutory"]
    assert list(added.risk_history.values_list("on", "colour", "recorded_by")) == [
        (date(2012, 9, 3), "amber", officer.pk)
    ]
    assert iom.counts_on(DAY) == {"red": 1, "amber": 2, "green": 1, "blue": 1}
    assert iom.board_summary(DAY, date(2012, 6, 1)).statuses == {"ppo": 2, "statutory": 3, "non-statutory": 2}
    refusals = [
        (
            {"reference": "iom-a"},
            "reference",
            "The IOM reference iom-a is already used by someone on the list",
        ),
        ({"flags": []}, "flags", "Select at least one IOM status"),
        ({"reason": ""}, "reason", "Enter the reason for the first colour"),
        ({"added_on": date(2012, 10, 1)}, "added_on", "Date added to the list must be today or in the past"),
    ]
    for change, field, message in refusals:
        given = {
            "reference": "IOM-F",
            "name": "Frankie Fell",
            "added_on": DAY,
            "flags": [IomStatus.STATUTORY],
            "colour": RiskColour.RED,
            "reason": "Intel",
            **change,
        }
        with pytest.raises(iom_records.IomRecordError) as refused:
            iom_records.add_offender(by=officer, **given)  # type: ignore[arg-type]
        assert (refused.value.field, str(refused.value)) == (field, message)
    assert IomOffender.objects.count() == 5


def test_an_event_counts_in_the_board_summary_and_is_not_dated_in_the_future(officer) -> None:  # type: ignore[no-untyped-def]
    b = IomOffender.objects.get(reference="IOM-B")
    before = iom.board_summary(DAY, date(2012, 6, 1))
    assert (before.arrested, before.arrests) == (1, 2)
    event = iom_records.record_event(
        b, kind=IomEventKind.ARREST, on=date(2012, 9, 10), note="Shoplifting", by=officer
    )
    event.refresh_from_db()
    assert event.recorded_by == officer  # who recorded it is kept with the event
    after = iom.board_summary(DAY, date(2012, 6, 1))
    assert (after.arrested, after.arrests) == (2, 3)
    with pytest.raises(iom_records.IomRecordError, match="Date of the event must be today or in the past"):
        iom_records.record_event(b, kind=IomEventKind.BAIL, on=date(2012, 10, 1), by=officer)
    with pytest.raises(iom_records.IomRecordError, match="Select what happened"):
        iom_records.record_event(b, kind="caution", on=DAY, by=officer)
    assert b.events.count() == 1


def test_a_save_over_a_colleagues_since_the_form_was_opened_is_refused(officer) -> None:  # type: ignore[no-untyped-def]
    a = IomOffender.objects.get(reference="IOM-A")
    assert a.version == 0
    details = {
        "release_plan": "Housing referral",
        "wanted": False,
        "removal_due": False,
        "removal_reason": "",
    }
    saved = iom_records.update_details(
        a, release_due=date(2012, 10, 20), by=officer, expected_version=0, **details
    )
    assert saved == ["release_due", "release_plan"]  # wanted and removal were No already
    a.refresh_from_db()
    assert (a.version, a.release_due) == (1, date(2012, 10, 20))
    # The second officer opened the form on version 0 too: refused, and the first save stands.
    with pytest.raises(iom_records.ChangedSinceOpened):
        iom_records.update_details(
            a, release_due=date(2012, 12, 1), by=officer, expected_version=0, **details
        )
    a.refresh_from_db()
    assert (a.version, a.release_due, a.release_plan) == (1, date(2012, 10, 20), "Housing referral")
    # A removal needs its reason; taking the removal off clears the reason.
    with pytest.raises(iom_records.IomRecordError, match="Enter the reason for removal from the list") as no:
        iom_records.update_details(
            a,
            release_due=None,
            release_plan="",
            wanted=True,
            removal_due=True,
            removal_reason=" ",
            by=officer,
        )
    assert no.value.field == "removal_reason"
    iom_records.update_details(
        a,
        release_due=None,
        release_plan="",
        wanted=True,
        removal_due=True,
        removal_reason="Moved",
        by=officer,
    )
    iom_records.update_details(
        a,
        release_due=None,
        release_plan="",
        wanted=True,
        removal_due=False,
        removal_reason="Moved",
        by=officer,
    )
    a.refresh_from_db()
    assert (a.version, a.wanted, a.removal_due, a.removal_reason) == (3, True, False, "")
