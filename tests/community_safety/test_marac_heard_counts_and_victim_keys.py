"""MARAC follow-ups: the MARAC page counts only the cases heard at each meeting and says the withdrawn
apart; a victim key is kept in capitals so "v0042 " is V0042 for repeats and for the one-case-per-meeting
rule (and keys stored before are put in capitals); a withdrawn referral's page says who, when and why,
and offers no action.

Dates worked by hand from "today", Monday 7 Dec 2026. Meetings on Thursdays: 26 Nov 2026 held, 17 Dec
2026 the next. 200 days before 7 Dec 2026: 7 Jun to 7 Dec is 30+31+31+30+31+30 = 183 days, and 17
more back from 7 Jun is Thursday 21 May 2026 (day 141 of 2026, which began on a Thursday).
"""

from __future__ import annotations

import html
import importlib
import re
from datetime import date

import pytest
from django.apps import apps
from django.db import connection

from continuum.community_safety import marac
from continuum.community_safety import marac_records as records
from continuum.community_safety.models import MaracReferral, MaracWithdrawal
from continuum.core import roles

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 7)  # a Monday
HELD = date(2026, 11, 26)  # a Thursday, held
NEXT = date(2026, 12, 17)  # the next Thursday on the cycle
EARLIER = date(2026, 5, 21)  # 200 days before TODAY, a Thursday
NEW = "/community-safety/marac/referrals/new/"


@pytest.fixture
def coordinator(make_user, settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = TODAY.isoformat()
    user = make_user("coordinator", roles.COMMUNITY_SAFETY_OFFICER)
    user.first_name, user.last_name = "Sam", "Okoro"
    user.save()
    return user


def _text(response) -> str:  # type: ignore[no-untyped-def]
    return html.unescape(response.content.decode())


def _record(by, **kw):  # type: ignore[no-untyped-def]
    values = {"agency": "Police", "risk_score": 16, "victim_key": "V0001"} | kw
    return records.record_referral(by=by, **values)


def _caption(page: str, day: date) -> str:
    """The caption of a meeting's table on the MARAC page, as read (tags stripped, spaces single)."""
    found = re.search(rf'data-meeting="{day.isoformat()}">\s*<caption[^>]*>(.*?)</caption>', page, re.S)
    assert found, day
    return " ".join(re.sub(r"<[^>]+>", "", found.group(1)).split())


# --- 1. Cases heard, and the withdrawn apart -------------------------------------------------------


def test_the_marac_page_counts_the_cases_heard_and_says_the_withdrawn_apart(client, coordinator) -> None:  # type: ignore[no-untyped-def]
    # 26 Nov: 3 referrals, 1 withdrawn, so 2 cases heard. 17 Dec (to come): 1 referral, none withdrawn.
    kept = [
        _record(coordinator, victim_key=key, referred_on=date(2026, 11, 20), meeting_on=HELD)
        for key in ("V-A", "V-B", "V-C")
    ]
    records.withdraw_referral(kept[2].referral, reason=MaracWithdrawal.ENTERED_IN_ERROR, by=coordinator)
    _record(coordinator, victim_key="V-D", referred_on=TODAY, meeting_on=NEXT)

    listed = list(MaracReferral.objects.filter(meeting__held_on=HELD))
    assert marac.heard_and_withdrawn(listed) == (2, 1)

    client.force_login(coordinator)
    page = client.get("/community-safety/marac/").content.decode()
    assert _caption(page, HELD).startswith("Thursday 26 November 2026: 2 cases heard, 1 withdrawn (open the")
    assert _caption(page, NEXT).startswith("Thursday 17 December 2026: 1 case to be heard (open the")
    # The withdrawn one is still on the meeting's list, marked.
    assert page.count('govuk-tag--grey">Withdrawn') == 1
    # The meeting page says the same counts.
    meeting = _text(client.get(f"/community-safety/marac/meetings/{kept[0].meeting.pk}/"))
    assert "2 cases, and 1 referral withdrawn." in meeting


def test_an_analyst_reads_the_same_counts(client, make_user, coordinator) -> None:  # type: ignore[no-untyped-def]
    first = _record(coordinator, victim_key="V-A", referred_on=date(2026, 11, 20), meeting_on=HELD)
    _record(coordinator, victim_key="V-B", referred_on=date(2026, 11, 20), meeting_on=HELD)
    records.withdraw_referral(first.referral, reason=MaracWithdrawal.REFERRER_WITHDREW, by=coordinator)
    client.force_login(make_user("analyst", roles.PERFORMANCE_ANALYST))
    page = client.get("/community-safety/marac/").content.decode()
    assert _caption(page, HELD) == "Thursday 26 November 2026: 1 case heard, 1 withdrawn"


# --- 2. One victim, however the key is typed ---------------------------------------------------------


def test_a_key_typed_in_small_letters_with_spaces_is_a_repeat_of_the_same_key(coordinator) -> None:  # type: ignore[no-untyped-def]
    _record(coordinator, victim_key="V0042", referred_on=date(2026, 5, 18), meeting_on=EARLIER)
    done = _record(coordinator, victim_key="v0042 ", referred_on=TODAY, meeting_on=NEXT)
    assert done.referral.victim_key == "V0042"
    assert done.repeat is True  # heard 21 May 2026, 200 days before 7 Dec 2026: within 12 months
    assert records.is_repeat(done.referral) is True
    # And the quarter (Q3 2026-27, Oct-Dec) counts it as one: 1 referral, 1 repeat.
    (q,) = [q for q in marac.quarterly(marac.all_referrals()) if (q.year, q.number) == (2026, 3)]
    assert (q.referrals, q.repeats) == (1, 1)


def test_the_form_keeps_the_key_in_capitals_and_says_it_is_a_repeat(client, coordinator) -> None:  # type: ignore[no-untyped-def]
    _record(coordinator, victim_key="V0042", referred_on=date(2026, 5, 18), meeting_on=EARLIER)
    client.force_login(coordinator)
    form = {
        "referred_on-day": "7",
        "referred_on-month": "12",
        "referred_on-year": "2026",
        "agency": "Health",
        "agency_other": "",
        "risk_score": "18",
        "victim_key": " v0042 ",
        "children": "",
    }
    page = client.post(NEW, form, follow=True)
    assert "It is a repeat: this victim was heard in the last 12 months." in _text(page)
    saved = MaracReferral.objects.latest("pk")
    assert (saved.victim_key, saved.meeting.held_on) == ("V0042", NEXT)


def test_a_key_in_small_letters_at_the_same_meeting_is_refused(client, coordinator) -> None:  # type: ignore[no-untyped-def]
    first = _record(coordinator, victim_key="V0042", referred_on=TODAY, meeting_on=NEXT)
    with pytest.raises(records.MaracRecordError) as refused:
        _record(coordinator, victim_key="v0042", referred_on=TODAY, meeting_on=NEXT, agency="Housing")
    assert refused.value.field == "victim_key"
    assert str(refused.value).startswith(
        f"Victim V0042 is already on the list for the MARAC of 17 Dec 2026 (referral {first.referral.pk})"
    )
    assert records.already_listed(" v0042", first.meeting) == first.referral
    assert MaracReferral.objects.count() == 1


def test_keys_stored_before_are_put_in_capitals(coordinator) -> None:  # type: ignore[no-untyped-def]
    """The data migration (0008) on keys the form kept as typed before the service put them in capitals
    (and before migration 0010 made the database refuse them, so its check is taken off here first)."""
    check = next(c for c in MaracReferral._meta.constraints if c.name == "marac_victim_key_as_stored")
    with connection.schema_editor() as editor:
        editor.remove_constraint(MaracReferral, check)
    old = _record(coordinator, victim_key="V0042", referred_on=date(2026, 5, 18), meeting_on=EARLIER)
    MaracReferral.objects.filter(pk=old.referral.pk).update(victim_key="v0042")
    mixed = _record(coordinator, victim_key="V-AB1", referred_on=TODAY, meeting_on=NEXT)
    MaracReferral.objects.filter(pk=mixed.referral.pk).update(victim_key="v-Ab1")
    migration = importlib.import_module(
        "continuum.community_safety.migrations.0008_marac_victim_keys_in_capitals"
    )
    migration.keys_in_capitals(apps, None)
    assert dict(MaracReferral.objects.values_list("pk", "victim_key")) == {
        old.referral.pk: "V0042",
        mixed.referral.pk: "V-AB1",
    }


def test_the_demo_keys_are_in_capitals_already(make_user) -> None:  # type: ignore[no-untyped-def]
    from continuum.synth.community_safety import ensure_demo_community_safety

    make_user("demo-community-safety", roles.COMMUNITY_SAFETY_OFFICER)
    ensure_demo_community_safety(seed=11, as_of=date(2026, 9, 30))
    keys = set(MaracReferral.objects.values_list("victim_key", flat=True))
    assert keys
    assert {records.victim_key_as_stored(k) for k in keys} == keys


# --- 3. A withdrawn referral's page ----------------------------------------------------------------


def test_a_withdrawn_referrals_page_says_who_when_and_why_and_offers_no_action(client, coordinator) -> None:  # type: ignore[no-untyped-def]
    _record(coordinator, victim_key="V0042", referred_on=date(2026, 5, 18), meeting_on=EARLIER)
    done = _record(coordinator, victim_key="V0042", referred_on=TODAY, meeting_on=NEXT)
    assert done.repeat is True
    records.withdraw_referral(
        done.referral,
        reason=MaracWithdrawal.REFERRER_WITHDREW,
        note="Police referred her the day before",
        by=coordinator,
    )
    client.force_login(coordinator)
    pk = done.referral.pk
    page = _text(client.get(f"/community-safety/marac/referrals/{pk}/"))
    assert (
        "Withdrawn by the referring agency: Police referred her the day before. On 7 Dec 2026 by Sam Okoro. "
        "It is not counted in the quarter's figures or repeats." in page
    )
    assert "Listed at" in page
    assert (
        "The MARAC of 17 Dec 2026</a>, where it stays on the list marked withdrawn: it is not heard as a case"
        in page
    )
    # Not "not heard in the 12 months": V0042 was heard 200 days before. It simply does not count.
    assert "Not counted: a withdrawn referral is not a repeat" in page
    assert "No: not heard at a MARAC" not in page
    assert "Heard at" not in page
    for offer in ("Set an action", "Withdraw this referral", f"/referrals/{pk}/actions/new/"):
        assert offer not in page
    meeting = _text(client.get(f"/community-safety/marac/meetings/{done.meeting.pk}/"))
    assert f"/referrals/{pk}/actions/new/" not in meeting
    assert "Withdrawn</strong> Withdrawn by the referring agency, 7 Dec 2026" in meeting
    # A referral not withdrawn reads "Listed for" its meeting to come (not yet heard); it may be
    # withdrawn, and its actions are agreed once the meeting has sat.
    live = _record(coordinator, victim_key="V0043", referred_on=TODAY, meeting_on=NEXT)
    page = _text(client.get(f"/community-safety/marac/referrals/{live.referral.pk}/"))
    assert "Listed for" in page
    assert "Withdraw this referral" in page
    assert "Set an action agreed for this case" not in page
    assert "Actions are agreed at the meeting, once it has sat." in page
    with pytest.raises(
        records.MaracRecordError, match="Actions are agreed at the meeting: this case is heard on 17 Dec 2026"
    ):
        records.agree_action(live.referral, what="Refer to IDVA", owner=coordinator, due=NEXT, by=coordinator)
    assert "No: not heard at a MARAC in the 12 months before this referral." in page
