"""Recording MARAC (the service): repeats by known answers, the three-weekly default meeting, refusals
with the field they name, children only if the recorder may open them, actions in the one tracker."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from continuum.actions.models import Action
from continuum.community_safety import marac
from continuum.community_safety import marac_records as records
from continuum.community_safety.models import MaracMeeting, MaracReferral
from continuum.core import clock, roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(make_user):  # type: ignore[no-untyped-def]
    return make_user("coordinator", roles.COMMUNITY_SAFETY_OFFICER)


def _record(by, **kw):  # type: ignore[no-untyped-def]
    values = {"agency": "Police", "risk_score": 16, "victim_key": "V0001"} | kw
    return records.record_referral(by=by, **values)


def test_a_second_referral_200_days_after_the_first_hearing_is_a_repeat_400_is_not(coordinator) -> None:  # type: ignore[no-untyped-def]
    today = clock.today()
    # V-A heard 300 days ago; referred again 200 days after that hearing (100 days ago): a repeat.
    heard_a = today - timedelta(days=300)
    first = _record(
        coordinator, victim_key="V-A", referred_on=heard_a - timedelta(days=10), meeting_on=heard_a
    )
    assert first.repeat is False
    assert first.meeting_created is True
    again = _record(
        coordinator, victim_key="V-A", referred_on=heard_a + timedelta(days=200), meeting_on=today
    )
    assert again.repeat is True
    # V-B heard 500 days ago; referred again 400 days after (100 days ago): over 12 months, not a repeat.
    heard_b = today - timedelta(days=500)
    _record(coordinator, victim_key="V-B", referred_on=heard_b - timedelta(days=3), meeting_on=heard_b)
    late = _record(coordinator, victim_key="V-B", referred_on=heard_b + timedelta(days=400), meeting_on=today)
    assert late.repeat is False
    # The same answers from the figures' own rule, over every referral.
    assert marac.repeat_ids(marac.all_referrals()) == {again.referral.pk}
    # Both second referrals are heard at the one meeting of today (made once).
    assert MaracMeeting.objects.filter(held_on=today).count() == 1
    assert late.meeting_created is False


@pytest.mark.parametrize("score", [25, -1, 100])
def test_a_score_outside_the_checklist_is_refused(coordinator, score) -> None:  # type: ignore[no-untyped-def]
    MaracMeeting.objects.create(held_on=clock.today())
    with pytest.raises(records.MaracRecordError) as refused:
        _record(coordinator, risk_score=score, referred_on=clock.today())
    assert refused.value.field == "risk_score"
    assert str(refused.value) == "Risk checklist score must be a whole number from 0 to 24"
    assert not MaracReferral.objects.exists()


def test_scores_0_and_24_are_the_ends_of_the_checklist(coordinator) -> None:  # type: ignore[no-untyped-def]
    MaracMeeting.objects.create(held_on=clock.today())
    assert _record(coordinator, risk_score=0, referred_on=clock.today()).referral.risk_score == 0
    assert (
        _record(coordinator, risk_score=24, referred_on=clock.today(), victim_key="V0002").referral.risk_score
        == 24
    )


def test_a_referral_dated_tomorrow_is_refused(coordinator) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(records.MaracRecordError) as refused:
        _record(coordinator, referred_on=clock.today() + timedelta(days=1), meeting_on=clock.today())
    assert (refused.value.field, str(refused.value)) == (
        "referred_on",
        "Date referred must be today or in the past",
    )


@pytest.mark.parametrize("key", ["Jane Smith", "", "   ", "V" * 41])
def test_a_name_or_no_key_is_refused(coordinator, key) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(records.MaracRecordError) as refused:
        _record(coordinator, victim_key=key, referred_on=clock.today(), meeting_on=clock.today())
    assert refused.value.field == "victim_key"


def test_the_meeting_is_not_before_the_referral(coordinator) -> None:  # type: ignore[no-untyped-def]
    today = clock.today()
    with pytest.raises(records.MaracRecordError) as refused:
        _record(coordinator, referred_on=today, meeting_on=today - timedelta(days=1))
    assert refused.value.field == "meeting_on"


def test_the_next_meeting_day_on_the_three_weekly_cycle() -> None:
    MaracMeeting.objects.create(held_on=date(2026, 1, 8))
    MaracMeeting.objects.create(held_on=date(2026, 1, 29))
    assert records.next_meeting_day(date(2026, 1, 29)) == date(2026, 1, 29)  # a meeting that day
    assert records.next_meeting_day(date(2026, 1, 30)) == date(2026, 2, 19)  # 29 Jan + 21 days
    assert records.next_meeting_day(date(2026, 2, 19)) == date(2026, 2, 19)
    assert records.next_meeting_day(date(2026, 2, 20)) == date(2026, 3, 12)
    assert records.next_meeting_day(date(2026, 1, 9)) == date(2026, 1, 29)
    assert records.next_meeting_day(date(2025, 12, 1)) == date(2026, 1, 8)  # before them all: the first


def test_without_a_date_the_next_meeting_is_made_once_and_shared(coordinator) -> None:  # type: ignore[no-untyped-def]
    today = clock.today()
    MaracMeeting.objects.create(held_on=today - timedelta(days=7))
    one = _record(coordinator, referred_on=today - timedelta(days=3))
    two = _record(coordinator, victim_key="V0002", referred_on=today)
    assert one.meeting.held_on == today + timedelta(days=14)  # a week ago + 21 days
    assert (one.meeting_created, two.meeting_created, two.meeting.pk) == (True, False, one.meeting.pk)


def test_with_no_meeting_recorded_the_first_date_is_asked_for(coordinator) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(records.MaracRecordError) as refused:
        _record(coordinator, referred_on=clock.today())
    assert refused.value.field == "meeting_on"


def test_only_the_coordinator_records(make_user) -> None:  # type: ignore[no-untyped-def]
    for role in (roles.PERFORMANCE_ANALYST, roles.BOARD_MEMBER, roles.IOM_OFFICER):
        with pytest.raises(records.MaracRecordError):
            _record(make_user(f"u-{role.slug}", role), referred_on=clock.today(), meeting_on=clock.today())
    assert not MaracReferral.objects.exists()


def test_a_child_is_linked_only_by_someone_who_may_open_the_record(coordinator, make_user) -> None:  # type: ignore[no-untyped-def]
    from continuum.core.models import LegitimateRelationship
    from continuum.people.models import Child

    child = Child.objects.create(la_child_id="MARAC-REC-1", person_birth_date=date(2019, 3, 1))
    with pytest.raises(records.MaracRecordError) as refused:
        _record(coordinator, referred_on=clock.today(), meeting_on=clock.today(), children=[child.pk])
    assert refused.value.field == "children"
    assert not MaracReferral.objects.exists()  # nothing half-saved
    both = make_user("coordinator-manager", roles.COMMUNITY_SAFETY_OFFICER, roles.TEAM_MANAGER)
    LegitimateRelationship.objects.create(
        user=both, child_id=child.pk, reason="MARAC household", start_date=date(2020, 1, 1)
    )
    done = _record(both, referred_on=clock.today(), meeting_on=clock.today(), children=[child.pk])
    assert list(done.referral.children.values_list("pk", flat=True)) == [child.pk]


def test_an_action_agreed_is_in_the_one_tracker(coordinator) -> None:  # type: ignore[no-untyped-def]
    today = clock.today()
    done = _record(coordinator, referred_on=today, meeting_on=today)
    action = records.agree_action(
        done.referral,
        what="Target hardening visit",
        owner=coordinator,
        due=today + timedelta(days=21),
        by=coordinator,
    )
    assert Action.objects.get().pk == action.pk
    assert action.child_id is None
    assert action.source_label == f"MARAC of {today.day} {today:%b %Y}"
    assert marac.actions_by_referral([done.referral.pk]) == {done.referral.pk: [action]}
    with pytest.raises(records.MaracRecordError) as refused:
        records.agree_action(
            done.referral, what="Late", owner=coordinator, due=today - timedelta(days=1), by=coordinator
        )
    assert refused.value.field == "due"
