"""Recording the IOM cohort: adding a person, changing their matrix colour, their events, their release.

Every write goes through here so the rules hold wherever the write comes from (a page, a script, a
test): a person joins with at least one flag and a first colour with its reason; a colour change is
appended (never edited: the board asks how the matrix moved), dated no later than today and no earlier
than the last change, with a reason and who recorded it; an event is not dated in the future; a person
scheduled for removal has the reason written.

Two officers at once: a colour change locks the person's row, so two changes on the same day are
ordered and the "not before the last change" check sees the other's. The details form (release date,
community action plan, wanted, removal) passes the ``version`` it was opened on, as the complaints
forms do (continuum/complaints/services.py): a save over a colleague's since then is refused with
:class:`ChangedSinceOpened` (through :mod:`continuum.core.versions`, the one lock, compare and move-on).
Without ``expected_version`` (a script) nothing is compared.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.contrib.auth.models import User
from django.db import transaction

from continuum.community_safety.models import (
    IomEvent,
    IomEventKind,
    IomFlag,
    IomOffender,
    IomStatus,
    RiskChange,
    RiskColour,
)
from continuum.core import clock, versions
from continuum.core.dates import day_words
from continuum.core.refusals import Refused


class IomRecordError(Refused):
    """An IOM recording rule was broken; nothing was written (the sentence, and the field it is about)."""


class ChangedSinceOpened(IomRecordError, versions.ChangedSinceOpened):
    """Another officer saved this person's details after this form was opened; nothing was written."""

    def __init__(self) -> None:
        super().__init__("This person's details were changed by someone else since you opened the form")


def _not_future(on: date, field: str, what: str) -> None:
    if on > clock.today():
        raise IomRecordError(f"{what} must be today or in the past", field)


def _reason(reason: str, field: str, message: str) -> str:
    text = reason.strip()
    if not text:
        raise IomRecordError(message, field)
    return text


def _locked(offender: IomOffender) -> IomOffender:
    return IomOffender.objects.select_for_update().get(pk=offender.pk)


@transaction.atomic
def add_offender(
    *,
    reference: str,
    name: str,
    added_on: date,
    flags: Iterable[str],
    colour: str,
    reason: str,
    by: User,
) -> IomOffender:
    """A person joins the cohort with their flags and their first colour, dated the day they joined."""
    reference, name = reference.strip(), name.strip()
    if not reference:
        raise IomRecordError("Enter the IOM reference", "reference")
    if IomOffender.objects.filter(reference__iexact=reference).exists():
        raise IomRecordError(
            f"The IOM reference {reference} is already used by someone on the list", "reference"
        )
    if not name:
        raise IomRecordError("Enter the person's name", "name")
    _not_future(added_on, "added_on", "Date added to the list")
    statuses = sorted(set(flags))
    if not statuses or any(s not in IomStatus.values for s in statuses):
        raise IomRecordError("Select at least one IOM status", "flags")
    if colour not in RiskColour.values:
        raise IomRecordError("Select the first risk colour", "colour")
    why = _reason(reason, "reason", "Enter the reason for the first colour")
    offender = IomOffender.objects.create(reference=reference, name=name, added_on=added_on)
    IomFlag.objects.bulk_create([IomFlag(offender=offender, status=s) for s in statuses])
    RiskChange.objects.create(offender=offender, colour=colour, on=added_on, reason=why, recorded_by=by)
    return offender


@transaction.atomic
def change_colour(offender: IomOffender, *, colour: str, on: date, reason: str, by: User) -> RiskChange:
    """Append a change of matrix colour: the colour in force from ``on``, with its reason and recorder."""
    current = _locked(offender)
    if colour not in RiskColour.values:
        raise IomRecordError("Select the new risk colour", "colour")
    _not_future(on, "on", "Date of the change")
    last = current.risk_history.order_by("-on", "-pk").first()
    earliest = last.on if last is not None else current.added_on
    if on < earliest:
        raise IomRecordError(
            f"Date of the change must be on or after {day_words(earliest)}, "
            + ("the last change of colour" if last is not None else "the day they joined the list"),
            "on",
        )
    why = _reason(reason, "reason", "Enter the reason for the change of colour")
    return RiskChange.objects.create(offender=current, colour=colour, on=on, reason=why, recorded_by=by)


@transaction.atomic
def record_event(offender: IomOffender, *, kind: str, on: date, note: str = "", by: User) -> IomEvent:
    """An arrest, custody, remand, release or bail, on the day it happened (the note is optional),
    kept with the officer who recorded it."""
    if kind not in IomEventKind.values:
        raise IomRecordError("Select what happened", "kind")
    _not_future(on, "on", "Date of the event")
    return IomEvent.objects.create(
        offender=_locked(offender), kind=kind, on=on, note=note.strip(), recorded_by=by
    )


@transaction.atomic
def update_details(
    offender: IomOffender,
    *,
    release_due: date | None,
    release_plan: str,
    wanted: bool,
    removal_due: bool,
    removal_reason: str,
    by: User,
    expected_version: int | None = None,
) -> IomOffender:
    """The release date, the community action plan, the wanted and removal state, saved together.

    Refused if another officer saved since ``expected_version``; a removal needs its reason, and the
    reason goes when the removal is taken off (it would otherwise read as a reason for nothing)."""
    current = versions.locked_at(offender, expected_version, refusal=ChangedSinceOpened)
    reason = removal_reason.strip()
    if removal_due and not reason:
        raise IomRecordError("Enter the reason for removal from the list", "removal_reason")
    current.release_due = release_due
    current.release_plan = release_plan.strip()
    current.wanted = wanted
    current.removal_due = removal_due
    current.removal_reason = reason if removal_due else ""
    versions.save_moved_on(
        current, ["release_due", "release_plan", "wanted", "removal_due", "removal_reason"]
    )
    return current
