"""Recording MARAC: a referral, the meeting it is heard at, and the actions agreed for a case.

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
from django.db import transaction

from continuum.actions import services as tracker
from continuum.actions.models import Action
from continuum.community_safety import marac
from continuum.community_safety.models import MaracMeeting, MaracReferral
from continuum.core import clock
from continuum.core.dates import day_words
from continuum.core.policy import may, visible_children
from continuum.core.refusals import Refused

#: The agencies that refer to MARAC, in words (the quarterly figures count referrals by these words).
#: "Other" is not one: the coordinator types the agency's name instead.
AGENCIES: tuple[str, ...] = (
    "Police",
    "IDVA service",
    "Children's social care",
    "Adult social care",
    "Health",
    "Mental health services",
    "Housing",
    "Probation",
    "Education",
    "Substance misuse services",
    "Voluntary sector",
)

#: The SafeLives risk checklist has 24 questions: a score is the number answered yes.
MAX_RISK_SCORE = 24
#: A victim key as issued: letters, numbers and hyphens, no spaces (so a full name is refused).
VICTIM_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,39}$")
AGENCY_MAX = MaracReferral._meta.get_field("agency").max_length


class MaracRecordError(Refused):
    """A refused MARAC record: the sentence, and the field to put it against."""


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


def _victim_key(key: str) -> str:
    key = key.strip()
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
    """Record a referral and the meeting it is heard at (the next on the cycle unless given), made if
    needed. Refused, with the field, for a date in the future, a score outside 0-24, a name as the key,
    a meeting before the referral, or a child the recorder may not open."""
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
    if not what.strip():
        raise MaracRecordError("Enter what is to be done", "what")
    if not may(owner, "actions.own", None):
        raise MaracRecordError("Select someone who may be given an action", "owner")
    if due < clock.today():
        raise MaracRecordError("The due date must be today or later", "due")
    return tracker.create_action(
        source=referral, label=action_label(referral.meeting), what=what, owner=owner, due=due, by=by
    )
