"""A MASH contact's deadline says the time left once, and what was not recorded says so.

Found walking the demo as the MASH practitioner: the contact page read "Decision deadline: [Due today]
Due today: 7 hours left", the words repeating the tag; and a contact with no referrer or concerns showed
empty values. Known answers, worked by hand:

* Received Fri 7 March 2025 10:00; the MASH decision is due within 1 working day, so by the end of
  Mon 10 March (GMT; summer time starts 30 March). Seen Monday at 14:00: 10 hours to midnight; at
  23:00: 1 hour; at 23:20: under an hour. The tag is the trays' "Due today", orange.
* A council that sets the timescale at 24 hours: received Mon 10 March 14:30, due Tue 11 March 14:30.
  Seen Tuesday at 09:00: 5 hours left, by 14:30 today; at 15:00, overdue since 14:30 today; decided
  at 16:00 Tuesday, after the deadline (Tue 11 Mar at 14:30).
* With no timescale set the page says so once, with no tag in front.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime

import pytest
from django.test import Client
from django.urls import reverse

from continuum.core.timescales import Status, Unit, load_rules, rules_by_code
from continuum.journey import services as s
from continuum.journey.models import Contact
from continuum.web.mash.views import clock_for
from continuum.web.worktray.tags import DUE_TODAY
from tests.web.test_mash_views import LONDON, mash  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def mash_rule():  # type: ignore[no-untyped-def]
    return rules_by_code(load_rules())["mash_decision"]


def test_due_today_says_the_hours_left_once_with_the_trays_tag() -> None:
    contact = Contact(received_at=datetime(2025, 3, 7, 10, 0, tzinfo=LONDON))  # a Friday
    afternoon = clock_for(contact, mash_rule(), datetime(2025, 3, 10, 14, 0, tzinfo=LONDON))
    assert afternoon.text == "10 hours left (by the end of today)"
    assert (afternoon.tag_text, afternoon.tag_class) == DUE_TODAY == ("Due today", "govuk-tag--orange")
    assert "Due today" not in afternoon.text
    late_evening = clock_for(contact, mash_rule(), datetime(2025, 3, 10, 23, 0, tzinfo=LONDON))
    assert late_evening.text == "1 hour left (by the end of today)"
    last_minutes = clock_for(contact, mash_rule(), datetime(2025, 3, 10, 23, 20, tzinfo=LONDON))
    assert last_minutes.text == "Less than an hour left (by the end of today)"
    assert last_minutes.tag_text == "Due today"


def test_a_deadline_in_hours_is_said_as_its_time() -> None:
    rule = replace(mash_rule(), interval=24, unit=Unit.HOURS, due_soon_interval=4, due_soon_unit=Unit.HOURS)
    contact = Contact(received_at=datetime(2025, 3, 10, 14, 30, tzinfo=LONDON))
    morning = clock_for(contact, rule, datetime(2025, 3, 11, 9, 0, tzinfo=LONDON))
    assert (morning.due, morning.text, morning.tag_text) == (
        date(2025, 3, 11),
        "5 hours left (by 14:30 today)",
        "Due today",
    )
    missed = clock_for(contact, rule, datetime(2025, 3, 11, 15, 0, tzinfo=LONDON))
    assert (missed.status, missed.text, missed.tag_text) == (
        Status.OVERDUE,
        "Overdue since 14:30 today",
        "Overdue",
    )
    contact.decision_at = datetime(2025, 3, 11, 16, 0, tzinfo=LONDON)
    decided = clock_for(contact, rule, datetime(2025, 3, 12, 9, 0, tzinfo=LONDON))
    assert decided.text == "Decided Tue 11 Mar at 16:00, after the deadline (Tue 11 Mar at 14:30)"
    assert decided.tag_text == "Decided late"


def test_no_timescale_is_said_once_without_a_tag() -> None:
    contact = Contact(received_at=datetime(2025, 3, 7, 10, 0, tzinfo=LONDON))
    none = clock_for(contact, None, datetime(2025, 3, 10, 9, 0, tzinfo=LONDON))
    assert (none.text, none.tag_text) == ("No timescale set", "")


def row(page: str, key: str) -> str:
    """The value of one summary-list row, tags and line breaks kept, spaces squeezed."""
    match = re.search(
        rf'<dt class="govuk-summary-list__key">{key}</dt><dd class="govuk-summary-list__value">(.*?)</dd>',
        page,
        re.S,
    )
    assert match, key
    return " ".join(match.group(1).split())


def test_the_contact_page_says_not_recorded_and_the_deadline_once(mash, settings) -> None:  # noqa: F811
    """Received on the as-of day's Friday before, due on the as-of Monday: due today on the page."""
    settings.CONTINUUM_AS_OF = "2025-03-10"
    child = s.register_child(first_name="Ada", last_name="Quiet", person_birth_date=date(2015, 6, 1), by=mash)
    blank = s.record_contact(
        child=child,
        received_at=datetime(2025, 3, 7, 10, 0, tzinfo=LONDON),
        referral_source="9",
        consent="obtained",
        concerns="",
        by=mash,
    )
    client = Client()
    client.force_login(mash)
    page = client.get(reverse("mash-contact-outcome", args=[blank.pk])).content.decode()
    assert row(page, "Referrer") == "Not recorded"
    assert row(page, "Concerns") == "Not recorded"
    assert row(page, "Source agency") == "Anonymous"
    deadline = row(page, "Decision deadline")
    assert re.fullmatch(
        r'<strong class="govuk-tag govuk-tag--orange">Due today</strong> '
        r"(\d+ hours?|Less than an hour) left \(by the end of today\)",
        deadline,
    ), deadline
    assert deadline.count("Due today") == 1

    # Only a job title known: it reads on its own, not after a comma.
    titled = s.record_contact(
        child=child,
        received_at=datetime(2025, 3, 10, 9, 0, tzinfo=LONDON),
        referral_source="2A",
        referrer_role="Designated Safeguarding Lead",
        referrer_phone="01632 960 002",
        consent="obtained",
        concerns="Synthetic: first line.\nSecond line.",
        by=mash,
    )
    page = client.get(reverse("mash-contact-outcome", args=[titled.pk])).content.decode()
    assert row(page, "Referrer") == "Designated Safeguarding Lead<br>Phone: 01632 960 002"
    assert row(page, "Concerns") == "Synthetic: first line.<br>Second line."


def test_the_queue_says_the_deadline_once(mash, settings) -> None:  # noqa: F811
    settings.CONTINUUM_AS_OF = "2025-03-10"
    child = s.register_child(
        first_name="Ada", last_name="Queued", person_birth_date=date(2015, 6, 1), by=mash
    )
    s.record_contact(
        child=child,
        received_at=datetime(2025, 3, 7, 10, 0, tzinfo=LONDON),
        referral_source="6",
        consent="obtained",
        concerns="Synthetic concern.",
        by=mash,
    )
    client = Client()
    client.force_login(mash)
    page = client.get(reverse("mash-queue")).content.decode()
    cells = re.findall(
        r'<td class="govuk-table__cell"><strong class="govuk-tag[^"]*">[^<]+</strong><br>[^<]+</td>', page
    )
    assert len(cells) == 1, cells
    assert re.search(
        r">Due today</strong><br>(\d+ hours?|Less than an hour) left \(by the end of today\)<", cells[0]
    )
