"""The synthetic borough's recent contacts say who made them and what the worry is.

Why: every synthetic contact had an empty referrer and empty concerns, so the demo's MASH
practitioner decided contacts with nothing to read. Known answers:

* the words are the contact's own draw: the same seed and contact id give the same words, and
  each source gets a referrer of its kind (police: "PC" or "DC" of a police team; a school:
  "Mr" or "Ms", a safeguarding lead or head of year; a GP: "Dr", GP; anonymous: "Anonymous
  caller", no job title);
* every concerns text is two or three sentences;
* in a small borough loaded as at Wed 12 November 2025, every contact received on or after
  11 November 2024 (366 days before) has concerns, and a referrer unless its source is
  "Unknown" (10); every contact before has neither (so the load stays fast); every contact
  awaiting a decision has both.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from continuum.journey.models import Contact
from continuum.synth import contact_words as words
from continuum.synth.contact_words import contact_words, recent_from
from continuum.synth.model import Borough
from tests import boroughs
from tests.synth.test_mash_oversight_demo import SMALL, WEDNESDAY

POLICE_TEAMS = {"Public Protection Desk", "Safer Neighbourhoods Team", "Child Abuse Investigation Team"}
SCHOOL_ROLES = {"Designated Safeguarding Lead", "Deputy Designated Safeguarding Lead", "Head of Year"}


def test_the_words_are_the_contacts_own_and_match_its_source() -> None:
    assert contact_words(7, "CT0001", "6") == contact_words(7, "CT0001", "6")
    seen = {contact_words(7, f"CT{n:04d}", "6").referrer_name for n in range(50)}
    assert len(seen) > 40, "fifty police contacts are not all from one officer"
    for n in range(60):
        police = contact_words(7, f"CT{n:04d}", "6")
        assert re.fullmatch(r"(PC|DC) \S.* \S+", police.referrer_name), police
        assert police.referrer_role in POLICE_TEAMS
        assert police.concerns in words._POLICE
        school = contact_words(7, f"CT{n:04d}", "2A")
        assert re.fullmatch(r"(Mr|Ms) \S.* \S+", school.referrer_name), school
        assert school.referrer_role in SCHOOL_ROLES
        assert school.concerns in words._EDUCATION
        gp = contact_words(7, f"CT{n:04d}", "3A")
        assert gp.referrer_name.startswith("Dr ")
        assert gp.referrer_role == "GP"
        anonymous = contact_words(7, f"CT{n:04d}", "9")
        assert (anonymous.referrer_name, anonymous.referrer_role) == ("Anonymous caller", "")
        unknown = contact_words(7, f"CT{n:04d}", "10")
        assert (unknown.referrer_name, unknown.referrer_role) == ("", "")
        assert unknown.concerns


def test_every_concerns_text_is_two_or_three_sentences() -> None:
    texts = {text for group in words._CONCERNS.values() for text in group}
    assert len(texts) >= 25
    for text in texts:
        sentences = [s for s in re.split(r"(?<=\.) ", text) if s]
        assert 2 <= len(sentences) <= 3, text
        assert text.endswith(".")


def test_the_recent_window_is_a_year_before_the_records_were_taken() -> None:
    assert recent_from(WEDNESDAY) == date(2024, 11, 11)


@pytest.fixture(scope="module")
def small() -> Borough:
    return boroughs.simulated(SMALL)


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, small: Borough) -> Iterator[None]:  # type: ignore[no-untyped-def]
    with boroughs.loaded_for_the_module(django_db_blocker, small):
        yield


@pytest.mark.django_db
def test_recent_contacts_carry_a_referrer_and_concerns(loaded: None) -> None:
    since = date(2024, 11, 11)
    recent = Contact.objects.filter(received_at__gte=datetime(2024, 11, 11, tzinfo=ZoneInfo("Europe/London")))
    rows = list(recent.values_list("received_at", "referral_source", "referrer_name", "concerns"))
    assert len(rows) > 1000
    for received, source, name, concerns in rows:
        assert timezone.localdate(received) >= since
        assert concerns, (received, source)
        assert bool(name) == (source != "10"), (source, name)
    older = Contact.objects.exclude(pk__in=recent.values("pk"))
    assert older.exists()
    assert not older.exclude(referrer_name="", referrer_role="", concerns="").exists()
    awaiting = Contact.objects.filter(decision_at__isnull=True)
    assert awaiting.exists()
    assert not awaiting.filter(concerns="").exists()
    police = recent.filter(referral_source="6").values_list("referrer_name", "referrer_role")
    assert police
    assert all(re.match(r"(PC|DC) ", n) and r in POLICE_TEAMS for n, r in police)
