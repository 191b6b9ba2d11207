"""The chronology: one event per step, with who, when, what, before and after; and it cannot be changed."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import DatabaseError, connection, transaction

from continuum.journey import services as s
from continuum.journey.models import ChronologyEvent, ImmutableRecordError
from continuum.journey.selectors import chronology
from tests.journey.conftest import at, open_referral


def test_each_service_appends_exactly_one_event_with_who_when_what(child, officer):
    before = ChronologyEvent.objects.count()
    contact = s.record_contact(
        child=child,
        received_at=at(2024, 1, 9),
        referral_source="2A",
        consent="obtained",
        concerns="Synthetic concern text.",
        by=officer,
    )
    assert ChronologyEvent.objects.count() == before + 1
    event = ChronologyEvent.objects.latest("id")
    assert event.child_id == child.pk
    assert event.by_id == officer.pk
    assert event.step == "record_contact"
    assert event.record_type == "contact"
    assert event.record_id == contact.pk
    assert event.occurred_on == date(2024, 1, 9)
    assert event.at is not None
    assert event.before is None
    assert event.after == {
        "received_at": contact.received_at.isoformat(),
        "referral_source": "2A",
        "consent": "obtained",
    }
    assert "concerns" not in event.after  # free text stays on the record, not in the chronology


def test_update_events_hold_before_and_after_of_the_changed_fields_only(child, officer):
    episode = open_referral(child, officer)
    s.update_referral(cin_episode=episode, primary_need_code="N4", expected_version=1, by=officer)
    event = ChronologyEvent.objects.latest("id")
    assert event.step == "update_referral"
    assert event.before == {"primary_need_code": "N1"}
    assert event.after == {"primary_need_code": "N4"}


def test_system_actor_is_recorded_as_no_user(child):
    open_referral(child, None)
    assert ChronologyEvent.objects.latest("id").by is None


def test_chronology_selector_orders_by_practice_date(child, officer):
    episode = open_referral(child, officer, on=date(2024, 1, 10))
    s.start_assessment(cin_episode=episode, assessment_actual_start_date=date(2024, 1, 11), by=officer)
    steps = [e.step for e in chronology(child)]
    assert steps == ["register_child", "open_referral", "start_assessment"]


def test_events_cannot_be_changed_or_deleted_through_the_orm(child):
    event = ChronologyEvent.objects.filter(child=child).first()
    event.what = "rewritten"
    with pytest.raises(ImmutableRecordError):
        event.save()
    with pytest.raises(ImmutableRecordError):
        event.delete()
    with pytest.raises(ImmutableRecordError):
        ChronologyEvent.objects.filter(child=child).update(what="rewritten")
    with pytest.raises(ImmutableRecordError):
        ChronologyEvent.objects.filter(child=child).delete()


def test_events_cannot_be_updated_with_raw_sql(child):
    event_id = ChronologyEvent.objects.filter(child=child).values_list("id", flat=True).first()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE journey_chronologyevent SET what = 'rewritten' WHERE id = %s", [event_id])
    assert ChronologyEvent.objects.get(id=event_id).what != "rewritten"


def test_events_cannot_be_deleted_with_raw_sql(child):
    event_id = ChronologyEvent.objects.filter(child=child).values_list("id", flat=True).first()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM journey_chronologyevent WHERE id = %s", [event_id])
    assert ChronologyEvent.objects.filter(id=event_id).exists()
