"""Fixtures for the journey tests: a user, children, and short-cuts to common starting points."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User

from continuum.journey import services as s
from continuum.journey.models import CINEpisode, Conference, Section47
from continuum.people.models import Child

LONDON = ZoneInfo("Europe/London")


def at(y: int, m: int, d: int, hh: int = 10, mm: int = 0) -> datetime:
    """An aware date-time in the council's time zone."""
    return datetime(y, m, d, hh, mm, tzinfo=LONDON)


@pytest.fixture
def officer(db) -> User:  # type: ignore[no-untyped-def]
    return User.objects.create_user(username="officer", password="a-long-test-password-1")


@pytest.fixture
def child(officer: User) -> Child:
    return s.register_child(
        first_name="Test",
        last_name="Child",
        person_birth_date=date(2015, 5, 1),
        sex="F",
        ethnicity="WBRI",
        disabilities=["NONE"],
        by=officer,
    )


@pytest.fixture
def unborn(officer: User) -> Child:
    return s.register_child(expected_person_birth_date=date(2030, 1, 1), sex="U", by=officer)


def open_referral(child: Child, by: User | None, on: date = date(2024, 1, 10)) -> CINEpisode:
    return s.open_referral(
        child=child, cin_referral_date=on, referral_source="6", primary_need_code="N1", by=by
    )


def to_s47(child: Child, by: User | None, on: date = date(2024, 1, 10)) -> tuple[CINEpisode, Section47]:
    """A referral with a strategy discussion that started a section 47 enquiry."""
    episode = open_referral(child, by, on)
    discussion = s.hold_strategy_discussion(
        cin_episode=episode, held_on=on, decision_s47=True, agencies_present=["police", "health"], by=by
    )
    s47 = s.start_s47(cin_episode=episode, s47_actual_start_date=on, strategy_discussion=discussion, by=by)
    return episode, s47


def to_icpc(child: Child, by: User | None, outcome: str = "plan") -> tuple[CINEpisode, Section47, Conference]:
    episode, s47 = to_s47(child, by)
    icpc = s.hold_icpc(cin_episode=episode, conference_date=date(2024, 1, 31), outcome=outcome, by=by)
    return episode, s47, icpc
