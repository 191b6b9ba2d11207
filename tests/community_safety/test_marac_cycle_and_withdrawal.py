"""MARAC walked as the coordinator: the next sitting on the three-weekly cycle before anyone is listed at
it, a second referral of one victim to one meeting refused, a referral withdrawn (kept, with its reason,
out of the figures and repeats), MARAC as the current section in the navigation, and the demo's agencies
and action labels taken from the service.

Every date is worked by hand from "today", Monday 7 Dec 2026, and meetings on Thursdays three weeks
apart: 5 Nov and 26 Nov 2026 held, so the next sitting is 26 Nov + 21 days = Thursday 17 Dec 2026.
"""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from django.test import RequestFactory

from continuum.actions import services as tracker
from continuum.actions.models import Action, ActionChange
from continuum.community_safety import marac
from continuum.community_safety import marac_records as records
from continuum.community_safety.models import MaracMeeting, MaracReferral, MaracWithdrawal
from continuum.core import roles

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 7)  # a Monday
HELD_1, HELD_2, NEXT = date(2026, 11, 5), date(2026, 11, 26), date(2026, 12, 17)
NEW = "/community-safety/marac/referrals/new/"


@pytest.fixture
def coordinator(make_user, settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = TODAY.isoformat()
    return make_user("coordinator", roles.COMMUNITY_SAFETY_OFFICER)


def _text(response) -> str:  # type: ignore[no-untyped-def]
    return html.unescape(response.content.decode())


def _record(by, **kw):  # type: ignore[no-untyped-def]
    values = {"agency": "Police", "risk_score": 16, "victim_key": "V0001"} | kw
    return records.record_referral(by=by, **values)


def _card_lines(user):  # type: ignore[no-untyped-def]
    from continuum.web.community_safety.marac_today import marac_today
    from continuum.web.home_today import _Ask

    request = RequestFactory().get("/")
    request.user, request.session = user, {}
    card = marac_today(_Ask(request, day=TODAY))
    assert card is not None
    return {line.label: line for line in card.lines}


def _held(coordinator) -> None:  # type: ignore[no-untyped-def]
    """Two meetings held, three weeks apart, each with one case."""
    _record(coordinator, victim_key="V-H1", referred_on=date(2026, 11, 2), meeting_on=HELD_1)
    _record(coordinator, victim_key="V-H2", referred_on=date(2026, 11, 20), meeting_on=HELD_2)


# --- 1. The next sitting on the cycle -----------------------------------------------------------


def test_the_next_marac_is_on_the_cycle_before_anyone_is_listed_at_it(client, coordinator) -> None:  # type: ignore[no-untyped-def]
    assert records.next_sitting(TODAY) is None  # nothing recorded: no cycle yet
    assert _card_lines(coordinator)["Next MARAC"].value == "Not known yet"
    _held(coordinator)
    assert not MaracMeeting.objects.filter(held_on__gt=TODAY).exists()  # the demo's situation
    assert records.next_sitting(TODAY) == records.Sitting(NEXT, None)
    line = _card_lines(coordinator)["Next MARAC"]
    assert (line.value, line.detail, line.href) == ("17 Dec 2026", "No cases listed yet.", "")
    client.force_login(coordinator)
    assert "Next MARAC: 17 Dec 2026, on the three-weekly cycle; no cases listed yet." in _text(
        client.get("/community-safety/marac/")
    )
    home = _text(client.get("/"))
    assert "Next MARAC" in home
    assert "17 Dec 2026" in home
    # A referral with no meeting date lists at that sitting; the card then opens it, counting the case.
    done = _record(coordinator, victim_key="V-N", referred_on=TODAY)
    assert done.meeting.held_on == NEXT
    line = _card_lines(coordinator)["Next MARAC"]
    assert (line.value, line.detail, line.href) == (
        "17 Dec 2026",
        "1 case listed.",
        f"/community-safety/marac/meetings/{done.meeting.pk}/",
    )


def test_a_sitting_moved_earlier_is_the_next_one(coordinator) -> None:  # type: ignore[no-untyped-def]
    _held(coordinator)
    moved = MaracMeeting.objects.create(held_on=date(2026, 12, 15))  # brought forward two days
    assert records.next_sitting(TODAY) == records.Sitting(date(2026, 12, 15), moved)
    # On the sitting's day it is still the next (today counts).
    assert records.next_sitting(date(2026, 12, 15)) == records.Sitting(date(2026, 12, 15), moved)


# --- 2. One victim, one case at a meeting --------------------------------------------------------


def test_a_second_referral_of_one_victim_to_one_meeting_is_refused(client, coordinator) -> None:  # type: ignore[no-untyped-def]
    _held(coordinator)
    first = _record(coordinator, victim_key="V0042", referred_on=TODAY)
    with pytest.raises(records.MaracRecordError) as refused:
        _record(coordinator, victim_key="V0042", referred_on=TODAY, agency="Housing")
    assert refused.value.field == "victim_key"
    assert str(refused.value).startswith(
        f"Victim V0042 is already on the list for the MARAC of 17 Dec 2026 (referral {first.referral.pk})"
    )
    assert MaracReferral.objects.filter(victim_key="V0042").count() == 1
    # Another meeting, or another victim, is fine.
    _record(coordinator, victim_key="V0042", referred_on=TODAY, meeting_on=date(2027, 1, 7))
    _record(coordinator, victim_key="V0043", referred_on=TODAY)
    # On the page the warning is against the victim key, and nothing is saved.
    client.force_login(coordinator)
    form = {
        "referred_on-day": "7",
        "referred_on-month": "12",
        "referred_on-year": "2026",
        "agency": "Health",
        "agency_other": "",
        "risk_score": "18",
        "victim_key": "V0042",
        "children": "",
    }
    page = client.post(NEW, form)
    assert page.status_code == 400
    [(anchor, message)] = page.context["errors"]
    assert anchor == "id_victim_key"
    assert "already on the list for the MARAC of 17 Dec 2026" in message
    assert MaracReferral.objects.count() == 5
    # Once the first is withdrawn (entered in error), the victim may be listed again.
    records.withdraw_referral(first.referral, reason=MaracWithdrawal.ENTERED_IN_ERROR, by=coordinator)
    assert client.post(NEW, form).status_code == 302


# --- 3. Withdrawn: kept, not counted --------------------------------------------------------------


def test_a_withdrawn_referral_is_kept_but_leaves_the_quarter_and_the_repeats(client, coordinator) -> None:  # type: ignore[no-untyped-def]
    # Q3 2026-27 (Oct-Dec): V-A heard 5 Nov and referred again 20 Nov (heard 26 Nov): a repeat.
    # V-B heard 5 Nov. So 3 referrals, 1 repeat: Police 2, Health 1.
    a1 = _record(coordinator, victim_key="V-A", referred_on=date(2026, 11, 1), meeting_on=HELD_1)
    _record(coordinator, victim_key="V-B", referred_on=date(2026, 11, 2), meeting_on=HELD_1, agency="Health")
    a2 = _record(coordinator, victim_key="V-A", referred_on=date(2026, 11, 20), meeting_on=HELD_2)
    assert a2.repeat is True

    def quarter():  # type: ignore[no-untyped-def]
        (q,) = [q for q in marac.quarterly(marac.all_referrals()) if (q.year, q.number) == (2026, 3)]
        return q.referrals, q.repeats, dict(q.by_agency)

    assert quarter() == (3, 1, {"Police": 2, "Health": 1})
    # An action agreed for V-A's first hearing: one open, one done.
    open_action = records.agree_action(
        a1.referral, what="Safety plan", owner=coordinator, due=date(2026, 12, 20), by=coordinator
    )
    done_action = records.agree_action(
        a1.referral, what="Target hardening", owner=coordinator, due=date(2026, 12, 21), by=coordinator
    )
    tracker.set_status(done_action, status="done", by=coordinator, on=TODAY)

    client.force_login(coordinator)
    withdraw = f"/community-safety/marac/referrals/{a1.referral.pk}/withdraw/"
    page = client.get(withdraw)
    assert "Its 1 open action will be dropped, with this reason." in _text(page)
    no_reason = client.post(withdraw, {"reason": "", "note": ""})
    assert no_reason.status_code == 400
    assert no_reason.context["errors"] == [("id_reason_0", "Select why the referral is withdrawn")]
    assert client.post(withdraw, {"reason": "error", "note": "  Typed  twice "}).status_code == 302

    # Kept, with the day, the reason and who.
    kept = MaracReferral.objects.get(pk=a1.referral.pk)
    assert (kept.withdrawn_on, kept.withdrawn_reason, kept.withdrawn_note, kept.withdrawn_by) == (
        TODAY,
        "error",
        "Typed twice",
        coordinator,
    )
    # V-A's first hearing no longer counts: 2 referrals, no repeat (V-A's second had no earlier hearing).
    assert quarter() == (2, 0, {"Police": 1, "Health": 1})
    assert records.is_repeat(a2.referral) is False
    lines = _card_lines(coordinator)
    (label,) = [k for k in lines if k.startswith("Referrals in")]
    assert (lines[label].count, lines[label].detail) == (2, "0 repeats.")
    # The open action is dropped with the reason; the one done stays done.
    open_action.refresh_from_db()
    done_action.refresh_from_db()
    assert (open_action.status, done_action.status) == ("dropped", "done")
    change = ActionChange.objects.filter(action=open_action, field="status").latest("pk")
    assert change.reason == "Referral withdrawn: Entered in error (Typed twice)"

    # Shown as withdrawn on the referral and the meeting; no action may be set for it any more.
    referral_page = _text(client.get(f"/community-safety/marac/referrals/{kept.pk}/"))
    assert "Entered in error: Typed twice. On 7 Dec 2026 by" in referral_page
    assert "Withdraw this referral" not in referral_page
    meeting_page = _text(client.get(f"/community-safety/marac/meetings/{kept.meeting_id}/"))
    assert "1 case, and 1 referral withdrawn." in meeting_page
    assert "Withdrawn</strong> Entered in error, 7 Dec 2026" in meeting_page
    assert client.get(f"/community-safety/marac/referrals/{kept.pk}/actions/new/").status_code == 404
    with pytest.raises(records.MaracRecordError, match="already withdrawn on 7 Dec 2026"):
        records.withdraw_referral(kept, reason="referrer", by=coordinator)
    assert Action.objects.filter(pk=open_action.pk).exists()  # nothing deleted


def test_only_the_coordinator_withdraws(client, make_user, coordinator) -> None:  # type: ignore[no-untyped-def]
    done = _record(coordinator, victim_key="V-X", referred_on=TODAY, meeting_on=NEXT)
    url = f"/community-safety/marac/referrals/{done.referral.pk}/withdraw/"
    for role in (roles.PERFORMANCE_ANALYST, roles.BOARD_MEMBER, roles.IOM_OFFICER):
        user = make_user(f"w-{role.slug}", role)
        client.force_login(user)
        assert client.post(url, {"reason": "error"}).status_code == 403
        with pytest.raises(records.MaracRecordError, match="Only the MARAC coordinator"):
            records.withdraw_referral(done.referral, reason="error", by=user)
    assert MaracReferral.objects.get(pk=done.referral.pk).withdrawn_on is None


# --- 4. MARAC in the navigation -------------------------------------------------------------------


def test_the_recording_pages_show_marac_as_the_current_section(client, coordinator) -> None:  # type: ignore[no-untyped-def]
    done = _record(coordinator, victim_key="V-N", referred_on=TODAY, meeting_on=NEXT)
    client.force_login(coordinator)
    marac_link = re.compile(
        r'<a class="govuk-link" href="/community-safety/marac/"( aria-current="(\w+)")?>MARAC</a>'
    )
    pk = done.referral.pk
    for url in (
        NEW,
        f"/community-safety/marac/referrals/{pk}/",
        f"/community-safety/marac/referrals/{pk}/actions/new/",
        f"/community-safety/marac/referrals/{pk}/withdraw/",
        f"/community-safety/marac/meetings/{done.meeting.pk}/",
    ):
        found = marac_link.findall(client.get(url).content.decode())
        assert found == [(' aria-current="true"', "true")], url
    assert marac_link.findall(client.get("/community-safety/marac/").content.decode()) == [
        (' aria-current="page"', "page")
    ]
    # Another page of the section list is not marked.
    assert 'href="/community-safety/crime-summary/" aria-current' not in client.get(NEW).content.decode()


# --- 5. The demo uses the service's agencies and action label -------------------------------------


def test_the_demo_draws_agencies_from_the_one_list_and_labels_actions_as_the_service_does(make_user) -> None:  # type: ignore[no-untyped-def]
    from continuum.synth.community_safety import MARAC_AGENCY_WEIGHTS, ensure_demo_community_safety

    assert set(MARAC_AGENCY_WEIGHTS) <= set(records.AGENCIES)
    make_user("demo-community-safety", roles.COMMUNITY_SAFETY_OFFICER)
    ensure_demo_community_safety(seed=11, as_of=date(2026, 9, 30))
    assert set(MaracReferral.objects.values_list("agency", flat=True)) <= set(MARAC_AGENCY_WEIGHTS)
    actions = list(Action.objects.filter(source_label__startswith="MARAC"))
    assert actions
    for action in actions:
        meeting = MaracReferral.objects.get(pk=action.source_id).meeting
        assert action.source_label == records.action_label(meeting)  # e.g. "MARAC of 17 Dec 2026"
    # One victim is one case at a meeting in the demo too.
    pairs = list(MaracReferral.objects.values_list("meeting_id", "victim_key"))
    assert len(pairs) == len(set(pairs))
