"""Recording MARAC: a referral, the meeting it is listed for, and the actions agreed for a case.

Why a service and not the form alone: the rules (a score on the 0-24 checklist, a referral not in the
future, a key and never a name, a child linked only by someone the child rules let open that child)
must hold however a referral arrives, so they are checked here, inside the one transaction that writes
it; the form only reads what was typed. Whether a case is a repeat is never stored: it is computed
from the hearings (``continuum.community_safety.marac``), so a late-entered referral cannot make an
earlier answer wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.db import models, transaction

from continuum.actions import services as tracker
from continuum.actions.models import Action, ActionStatus
from continuum.community_safety import marac
from continuum.community_safety.models import MaracMeeting, MaracReferral, MaracWithdrawal, key_as_stored
from continuum.core import clock
from continuum.core.dates import day_words
from continuum.core.policy import may, visible_children
from continuum.core.refusals import Refused

#: The agencies that refer to MARAC, in words (the quarterly figures' columns: ``marac.AGENCIES``).
#: "Other" is not one: the coordinator types the agency's name instead.
AGENCIES = marac.AGENCIES

#: The SafeLives risk checklist has 24 questions: a score is the number answered yes.
MAX_RISK_SCORE = 24
#: A victim key as issued: letters, numbers and hyphens, no spaces (so a full name is refused).
VICTIM_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,39}$")


def _limit(field: str) -> int:
    """A referral text's length limit, read from the model, so the refusal and the column agree."""
    column = MaracReferral._meta.get_field(field)
    assert isinstance(column, models.CharField)  # a text column: a programming error otherwise, at import
    return column.max_length or 0


AGENCY_MAX = _limit("agency")


class MaracRecordError(Refused):
    """A refused MARAC record: the sentence, and the field to put it against."""


class AlreadyListed(MaracRecordError):
    """The victim is already on the meeting's list: the refusal carries that referral, so the page
    can link to it (by its number only, never the victim's key, in the address)."""

    def __init__(self, message: str, field: str, listed: MaracReferral) -> None:
        super().__init__(message, field)
        self.listed = listed


@dataclass(frozen=True)
class Recorded:
    """What the coordinator is told at once after saving: the referral, where it is heard, a repeat?"""

    referral: MaracReferral
    meeting: MaracMeeting
    meeting_created: bool
    repeat: bool


def next_meeting_day(on: date) -> date | None:
    """The first meeting day on or after ``on`` on the three-weekly cycle of the meetings recorded.

    The cycle runs from the latest meeting held on or before ``on`` (or, when every recorded meeting
    is later, the first of them is the next). None when no meeting is recorded: there is no cycle yet,
    and the coordinator gives the first meeting's date.
    """
    held = MaracMeeting.objects.order_by("-held_on").filter(held_on__lte=on).values_list("held_on", flat=True)
    anchor = held.first()
    if anchor is None:
        return MaracMeeting.objects.order_by("held_on").values_list("held_on", flat=True).first()
    # The last cycle day up to three weeks less a day after ``on`` is the first on or after ``on``.
    return marac.meeting_days(anchor, on + marac.MEETING_INTERVAL - timedelta(days=1))[-1]


@dataclass(frozen=True)
class Sitting:
    """The next MARAC: its day, and the meeting as recorded if a referral has listed one there yet."""

    day: date
    meeting: MaracMeeting | None


def next_sitting(on: date) -> Sitting | None:
    """The next MARAC on or after ``on``: the three-weekly cycle's next day, or a meeting recorded
    sooner (a sitting moved for a bank holiday), with its cases.

    Why computed from the cycle and not scheduled ahead in the data: a meeting is recorded when the
    first referral is listed at it, so a borough (the demo's, or a real one after a quiet three weeks)
    often has no row ahead of today. The coordinator still knows when the MARAC next sits, and plans
    the three weeks to it, so that is what the home card and the pages say, with no cases listed yet;
    empty meeting rows made in advance would instead fill the meeting lists with sittings that have
    no cases and, if the cycle moved, with days it never sat. The day shown is the one a referral with
    no meeting date is listed at (``record_referral``). None only before any meeting is recorded.
    """
    cycle = next_meeting_day(on)
    recorded = MaracMeeting.objects.filter(held_on__gte=on).order_by("held_on").first()
    if recorded is not None and (cycle is None or recorded.held_on <= cycle):
        return Sitting(recorded.held_on, recorded)
    return None if cycle is None else Sitting(cycle, None)


def listed_cases(meeting: MaracMeeting) -> int:
    """The cases a meeting hears: its referrals less those withdrawn."""
    return meeting.cases.filter(withdrawn_on__isnull=True).count()


def already_listed(victim_key: str, meeting: MaracMeeting) -> MaracReferral | None:
    """The referral (not withdrawn) that already lists this victim at this meeting, if any."""
    key = key_as_stored(victim_key)
    return (
        MaracReferral.objects.filter(meeting=meeting, victim_key=key, withdrawn_on__isnull=True)
        .order_by("pk")
        .first()
    )


def is_repeat(referral: MaracReferral) -> bool:
    """Was this victim heard at a MARAC in the 12 months before this referral? (all of their referrals)"""
    same_victim = MaracReferral.objects.filter(victim_key=referral.victim_key).select_related("meeting")
    return referral.pk in marac.repeat_ids(same_victim)


def _agency(agency: str) -> str:
    agency = " ".join(agency.split())
    if not agency:
        raise MaracRecordError("Select the referring agency, or choose Other and give its name", "agency")
    if len(agency) > AGENCY_MAX:
        raise MaracRecordError(f"Referring agency must be {AGENCY_MAX} characters or fewer", "agency_other")
    return agency


#: A MARAC victim key as kept and compared: the one rule for every pseudonymous key
#: (``models.key_as_stored``, which the ASB figures use too), by the name migration 0008 gives it.
victim_key_as_stored = key_as_stored


def _victim_key(key: str) -> str:
    key = key_as_stored(key)
    if not key:
        raise MaracRecordError("Enter the victim key", "victim_key")
    if not VICTIM_KEY.match(key):
        raise MaracRecordError(
            "Victim key must be the pseudonymous key (letters, numbers and hyphens, up to 40, no spaces), "
            "never a name",
            "victim_key",
        )
    return key


def _children(by: User, children: Iterable[int]) -> list[int]:
    """The children to link, each one the recorder may open (the same words for one not found, so
    that the refusal does not say whether a record exists)."""
    wanted = sorted({int(pk) for pk in children})
    allowed = visible_children(by, wanted)
    if set(wanted) - allowed:
        raise MaracRecordError(
            "Children in the household: link only a child whose record you may open", "children"
        )
    return wanted


@transaction.atomic
def record_referral(
    *,
    referred_on: date,
    agency: str,
    risk_score: int,
    victim_key: str,
    by: User,
    meeting_on: date | None = None,
    children: Iterable[int] = (),
) -> Recorded:
    """Record a referral and the meeting it is listed for (the next on the cycle unless given), made if
    needed. Refused, with the field, for a date in the future, a score outside 0-24, a name as the key,
    a meeting before the referral, a victim already listed at that meeting, or a child the recorder
    may not open. The key is kept as ``key_as_stored`` gives it, so "v0042 " is V0042."""
    if not may(by, "community_safety.marac_record"):
        raise MaracRecordError("Only the MARAC coordinator records referrals", "referred_on")
    if referred_on > clock.today():
        raise MaracRecordError("Date referred must be today or in the past", "referred_on")
    whole = isinstance(risk_score, int) and not isinstance(risk_score, bool)
    if not whole or not 0 <= risk_score <= MAX_RISK_SCORE:
        raise MaracRecordError(
            f"Risk checklist score must be a whole number from 0 to {MAX_RISK_SCORE}", "risk_score"
        )
    agency = _agency(agency)
    victim_key = _victim_key(victim_key)
    child_ids = _children(by, children)
    if meeting_on is None:
        meeting_on = next_meeting_day(max(referred_on, clock.today()))
        if meeting_on is None:
            raise MaracRecordError(
                "Enter the date of the MARAC meeting: no meeting is recorded yet to set the "
                "three-weekly cycle",
                "meeting_on",
            )
    if meeting_on < referred_on:
        raise MaracRecordError("Meeting date must be on or after the date referred", "meeting_on")
    meeting, created = MaracMeeting.objects.get_or_create(held_on=meeting_on)
    # The meeting's row is locked so two referrals of one victim saved at once cannot both pass.
    meeting = MaracMeeting.objects.select_for_update().get(pk=meeting.pk)
    listed = already_listed(victim_key, meeting)
    if listed is not None:
        # Refused, not asked to confirm: a second referral of one victim to one meeting is one case
        # heard once, and saving it would count it twice in the quarter's referrals. The second
        # agency's concerns are heard with the case already listed; one entered in error is withdrawn
        # first. The refusal says only what the coordinator can do: the referral page records no
        # second agency's information, so it does not promise a place to add it.
        raise AlreadyListed(
            f"Victim {victim_key} is already on the list for the MARAC of {day_words(meeting.held_on)} "
            f"(referral {listed.pk}). One victim is one case at a meeting: bring this agency's concerns "
            f"to that case when it is heard, or withdraw referral {listed.pk} first if it was entered "
            "in error",
            "victim_key",
            listed,
        )
    referral = MaracReferral.objects.create(
        referred_on=referred_on, agency=agency, risk_score=risk_score, victim_key=victim_key, meeting=meeting
    )
    if child_ids:
        referral.children.set(child_ids)
    return Recorded(referral, meeting, created, is_repeat(referral))


def action_label(meeting: MaracMeeting) -> str:
    """The "from" words an action agreed at a meeting carries in the one tracker ("MARAC of 7 May 2026")."""
    return f"MARAC of {day_words(meeting.held_on)}"


@transaction.atomic
def agree_action(referral: MaracReferral, *, what: str, owner: User, due: date, by: User) -> Action:
    """An action agreed for a case at its meeting, set in the one action tracker with the referral as
    its source (the MARAC pages read it back by that source)."""
    if not may(by, "community_safety.marac_record"):
        raise MaracRecordError("Only the MARAC coordinator records the actions agreed", "what")
    if referral.meeting is None:
        raise MaracRecordError("This referral is not yet listed at a meeting", "what")
    if referral.withdrawn_on is not None:
        raise MaracRecordError("This referral is withdrawn: no action is set for it", "what")
    if referral.meeting.ahead:  # agreed round the table, so not before it sits
        raise MaracRecordError(
            f"Actions are agreed at the meeting: this case is heard on {day_words(referral.meeting.held_on)}",
            "what",
        )
    if not what.strip():
        raise MaracRecordError("Enter what is to be done", "what")
    if not may(owner, "actions.own", referral):
        raise MaracRecordError("Select someone who may be given an action set at a MARAC", "owner")
    if due < clock.today():
        raise MaracRecordError("The due date must be today or later", "due")
    return tracker.create_action(
        source=referral, label=action_label(referral.meeting), what=what, owner=owner, due=due, by=by
    )


WITHDRAWN_NOTE_MAX = _limit("withdrawn_note")


@transaction.atomic
def withdraw_referral(referral: MaracReferral, *, reason: str, note: str = "", by: User) -> MaracReferral:
    """Withdraw a referral entered in error or withdrawn by the referring agency, today.

    Kept, not deleted: the meeting's list and the referral still show it, with the day, the reason
    and who withdrew it, so the list the meeting saw can be explained later; the figures leave it out
    (``continuum.community_safety.marac``). Its open actions are dropped in the one tracker with the
    reason, so nobody is chased for a case that is not heard; actions done stay done.
    """
    if not may(by, "community_safety.marac_record"):
        raise MaracRecordError("Only the MARAC coordinator withdraws referrals", "reason")
    referral = MaracReferral.objects.select_for_update(of=("self",)).get(pk=referral.pk)
    if referral.withdrawn_on is not None:
        raise MaracRecordError(
            f"This referral was already withdrawn on {day_words(referral.withdrawn_on)}", "reason"
        )
    if reason not in MaracWithdrawal.values:
        raise MaracRecordError("Select why the referral is withdrawn", "reason")
    note = " ".join(note.split())
    if len(note) > WITHDRAWN_NOTE_MAX:
        raise MaracRecordError(f"More about why must be {WITHDRAWN_NOTE_MAX} characters or fewer", "note")
    referral.withdrawn_on = clock.today()
    referral.withdrawn_reason = reason
    referral.withdrawn_note = note
    referral.withdrawn_by = by
    referral.save(update_fields=["withdrawn_on", "withdrawn_reason", "withdrawn_note", "withdrawn_by"])
    why = f"Referral withdrawn: {MaracWithdrawal(reason).label}" + (f" ({note})" if note else "")
    for action in marac.actions_by_referral([referral.pk]).get(referral.pk, []):
        if action.status == ActionStatus.OPEN:
            tracker.set_status(action, status=ActionStatus.DROPPED, by=by, reason=why)
    return referral
