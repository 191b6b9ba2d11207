"""MARAC words: a referral is "listed for" a meeting still to come and "heard at" one held today or
before, in the banner after saving, on the form, the referral page and the meeting page; "today" is
London's day, not the server's UTC one. The repeat rule itself is unchanged.

Dates worked by hand from "today", Monday 7 Dec 2026. Meetings on Thursdays every three weeks: 26 Nov
2026 held, so the next on the cycle is 26 Nov + 21 days = 17 Dec 2026.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime

import pytest
from django.utils import timezone

from continuum.community_safety import marac_records as records
from continuum.community_safety.models import MaracMeeting, MaracReferral
from continuum.core import roles

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 7)  # a Monday
HELD = date(2026, 11, 26)  # a Thursday, held
NEXT = date(2026, 12, 17)  # the next Thursday on the cycle
NEW = "/community-safety/marac/referrals/new/"


@pytest.fixture
def coordinator(make_user, settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = TODAY.isoformat()
    return make_user("coordinator", roles.COMMUNITY_SAFETY_OFFICER)


def _text(response) -> str:  # type: ignore[no-untyped-def]
    """The page as read: tags gone, entities decoded, spaces single."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def _form(referred: date, meeting: date | None, key: str) -> dict[str, str]:
    def day(name: str, on: date | None) -> dict[str, str]:
        parts = ("", "", "") if on is None else (str(on.day), str(on.month), str(on.year))
        return dict(zip((f"{name}-day", f"{name}-month", f"{name}-year"), parts, strict=True))

    typed = {"agency": "Police", "agency_other": "", "risk_score": "17", "victim_key": key, "children": ""}
    return day("referred_on", referred) | day("meeting_on", meeting) | typed


def _held(by) -> MaracReferral:  # type: ignore[no-untyped-def]
    """A case heard on 26 Nov 2026, which sets the three-weekly cycle."""
    done = records.record_referral(
        referred_on=date(2026, 11, 20),
        agency="Police",
        risk_score=16,
        victim_key="V0100",
        by=by,
        meeting_on=HELD,
    )
    return done.referral


def test_the_banner_says_listed_for_a_meeting_to_come_and_heard_at_one_today_or_past(
    client, coordinator
) -> None:  # type: ignore[no-untyped-def]
    _held(coordinator)
    client.force_login(coordinator)

    # Blank meeting date: the next on the cycle, 17 Dec 2026, ten days after today, made now.
    page = _text(client.post(NEW, _form(TODAY, None, "V0201"), follow=True))
    ahead = MaracReferral.objects.get(victim_key="V0201")
    assert f"Referral {ahead.pk} recorded: listed for the MARAC of 17 Dec 2026 (a new meeting)." in page
    assert "heard at the MARAC of 17 Dec 2026" not in page

    # A meeting sitting today is heard today: "heard at".
    page = _text(client.post(NEW, _form(TODAY, TODAY, "V0202"), follow=True))
    today = MaracReferral.objects.get(victim_key="V0202")
    assert f"Referral {today.pk} recorded: heard at the MARAC of 7 Dec 2026 (a new meeting)." in page

    # A meeting already held (26 Nov, recorded late): "heard at", and not a new meeting.
    page = _text(client.post(NEW, _form(date(2026, 11, 24), HELD, "V0203"), follow=True))
    past = MaracReferral.objects.get(victim_key="V0203")
    assert f"Referral {past.pk} recorded: heard at the MARAC of 26 Nov 2026." in page


def test_the_form_asks_for_the_meeting_it_is_listed_for(client, coordinator) -> None:  # type: ignore[no-untyped-def]
    client.force_login(coordinator)
    form = _text(client.get(NEW))
    assert "Meeting it is listed for" in form
    assert "heard at" not in form.lower()


def test_the_referral_page_says_listed_for_until_the_day_and_heard_at_from_it(client, coordinator) -> None:  # type: ignore[no-untyped-def]
    held = _held(coordinator)
    ahead = records.record_referral(
        referred_on=TODAY, agency="Health", risk_score=18, victim_key="V0301", by=coordinator, meeting_on=NEXT
    ).referral
    today = records.record_referral(
        referred_on=TODAY,
        agency="Health",
        risk_score=18,
        victim_key="V0302",
        by=coordinator,
        meeting_on=TODAY,
    ).referral
    client.force_login(coordinator)

    page = _text(client.get(f"/community-safety/marac/referrals/{ahead.pk}/"))
    assert "Listed for The MARAC of 17 Dec 2026" in page
    assert "Heard at" not in page
    for referral, day in ((today, "7 Dec 2026"), (held, "26 Nov 2026")):
        page = _text(client.get(f"/community-safety/marac/referrals/{referral.pk}/"))
        assert f"Heard at The MARAC of {day}" in page
        assert "Listed for" not in page


def test_the_meeting_page_lists_cases_for_a_meeting_to_come_and_hears_them_at_one_held(
    client, coordinator
) -> None:  # type: ignore[no-untyped-def]
    held = _held(coordinator)
    ahead = records.record_referral(
        referred_on=TODAY, agency="Health", risk_score=18, victim_key="V0401", by=coordinator, meeting_on=NEXT
    ).referral
    client.force_login(coordinator)

    page = _text(client.get(f"/community-safety/marac/meetings/{ahead.meeting_id}/"))
    assert "Cases listed Referral" in page  # the table's caption, then its first heading
    assert "Cases heard" not in page
    page = _text(client.get(f"/community-safety/marac/meetings/{held.meeting_id}/"))
    assert "Cases heard Referral" in page
    assert "Cases listed" not in page


def test_today_is_londons_day_not_the_servers_utc_one(monkeypatch, settings) -> None:  # type: ignore[no-untyped-def]
    """23:30 UTC on Wed 1 Jul 2026 is 00:30 on Thu 2 Jul in London (British Summer Time, UTC+1): a
    MARAC sitting on 2 Jul is today, so heard at; by the UTC date it would wrongly be still to come."""
    settings.CONTINUUM_AS_OF = ""
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 7, 1, 23, 30, tzinfo=UTC))
    sitting_today = MaracMeeting.objects.create(held_on=date(2026, 7, 2))
    tomorrow = MaracMeeting.objects.create(held_on=date(2026, 7, 3))
    assert (sitting_today.ahead, sitting_today.heard_or_listed()) == (
        False,
        "heard at the MARAC of 2 Jul 2026",
    )
    assert (tomorrow.ahead, tomorrow.heard_or_listed()) == (True, "listed for the MARAC of 3 Jul 2026")
