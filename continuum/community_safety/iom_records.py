"""Recording the IOM cohort: adding a person, changing their matrix colour, their events, their release.

Every write goes through here so the rules hold wherever the write comes from (a page, a script, a
test): a person joins with at least one flag and a first colour with its reason; a colour change is
appended (never edited: the board asks how the matrix moved), dated no later than today and no earlier
than the last change, with a reason and who recorded it; an event is not dated in the future; a person
scheduled for removal has the reason written.

What was recorded wrongly when a person joined (the name, the date added, the IOM status, the colour
they joined with) is put right by :func:`correct_details`, with a reason kept in the person's
corrections (:class:`~continuum.community_safety.models.IomCorrection`). It is the one write that
amends the first row of the colour history rather than appending: a colour never held, or a join on
the wrong day, would otherwise stay in the counts by colour and by date added.

Two officers at once: a colour change locks the person's row, so two changes on the same day are
ordered and the "not before the last change" check sees the other's. The details form (release date,
community action plan, wanted, removal) and the correction form pass the ``version`` they were opened
on, as the complaints forms do (continuum/complaints/services.py): a save over a colleague's since then
is refused with :class:`ChangedSinceOpened` (through :mod:`continuum.core.versions`, the one lock,
compare and move-on). Without ``expected_version`` (a script) nothing is compared. A save that changes
nothing writes nothing and leaves the version where it was.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.contrib.auth.models import User
from django.db import transaction

from continuum.community_safety.models import (
    IomCorrection,
    IomEvent,
    IomEventKind,
    IomFlag,
    IomOffender,
    IomStatus,
    RiskChange,
    RiskColour,
    status_words,
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


def _statuses(flags: Iterable[str]) -> list[str]:
    """The IOM statuses chosen, each once and in a fixed order; at least one, each a real status."""
    statuses = sorted(set(flags))
    if not statuses or any(s not in IomStatus.values for s in statuses):
        raise IomRecordError("Select at least one IOM status", "flags")
    return statuses


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
    statuses = _statuses(flags)
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
) -> list[str]:
    """The release date, the community action plan, the wanted and removal state, saved together;
    the names of the fields that changed ([] when the answers are those already held: nothing is
    written and the version stays, so a colleague's open form is not made stale for nothing).

    Refused if another officer saved since ``expected_version``; a removal needs its reason, and the
    reason goes when the removal is taken off (it would otherwise read as a reason for nothing)."""
    current = versions.locked_at(offender, expected_version, refusal=ChangedSinceOpened)
    reason = removal_reason.strip()
    if removal_due and not reason:
        raise IomRecordError("Enter the reason for removal from the list", "removal_reason")
    answers = {
        "release_due": release_due,
        "release_plan": release_plan.strip(),
        "wanted": wanted,
        "removal_due": removal_due,
        "removal_reason": reason if removal_due else "",
    }
    changed = [field for field, value in answers.items() if getattr(current, field) != value]
    if changed:
        for field in changed:
            setattr(current, field, answers[field])
        versions.save_moved_on(current, changed)
    return changed


#: The details a correction may put right, in the words of the form and of the corrections history.
CORRECTABLE = {
    "name": "Name",
    "added_on": "Date added to the list",
    "flags": "IOM status",
    "colour": "Colour when added to the list",
}


@transaction.atomic
def correct_details(
    offender: IomOffender,
    *,
    name: str,
    added_on: date,
    flags: Iterable[str],
    colour: str,
    reason: str,
    by: User,
    expected_version: int | None = None,
) -> list[IomCorrection]:
    """Put right what was recorded wrongly when the person joined: one corrections row per detail
    that differs (from and to in words, with the reason and the officer); [] and nothing written when
    every answer is what is already held.

    The colour they joined with is the first row of the colour history, dated the day they joined:
    a corrected colour or date amends that row, so the counts by colour and by date added read as if
    it had been recorded right. The date may not pass their next change of colour (the history would
    then start with a change before they joined). Refused if another officer saved since
    ``expected_version``."""
    current = versions.locked_at(offender, expected_version, refusal=ChangedSinceOpened)
    name = name.strip()
    if not name:
        raise IomRecordError("Enter the person's name", "name")
    _not_future(added_on, "added_on", "Date added to the list")
    statuses = _statuses(flags)
    if colour not in RiskColour.values:
        raise IomRecordError("Select the colour they joined with", "colour")
    history = list(current.risk_history.order_by("on", "pk"))
    first = history[0] if history else None
    held = sorted(current.flags.values_list("status", flat=True))
    corrected: list[tuple[str, str, str]] = []
    if name != current.name:
        corrected.append(("name", current.name, name))
    if added_on != current.added_on:
        corrected.append(("added_on", day_words(current.added_on), day_words(added_on)))
    if statuses != held:
        corrected.append(("flags", status_words(held), status_words(statuses)))
    if first is None or first.colour != colour:
        was = first.get_colour_display() if first is not None else ""
        corrected.append(("colour", was, str(RiskColour(colour).label)))
    if not corrected:
        return []
    if len(history) > 1 and added_on > history[1].on:
        raise IomRecordError(
            f"Date added to the list must be on or before {day_words(history[1].on)}, "
            "their next change of colour",
            "added_on",
        )
    why = _reason(reason, "reason", "Enter the reason for the correction")
    joined = current.added_on
    current.name, current.added_on = name, added_on
    versions.save_moved_on(current, ["name", "added_on"])
    if statuses != held:
        current.flags.exclude(status__in=statuses).delete()
        IomFlag.objects.bulk_create([IomFlag(offender=current, status=s) for s in statuses if s not in held])
    if first is None:
        RiskChange.objects.create(offender=current, colour=colour, on=added_on, reason=why, recorded_by=by)
    elif first.colour != colour or added_on != joined:
        first.colour = colour
        first.on = added_on if added_on != joined else first.on
        first.save(update_fields=["colour", "on"])
    return IomCorrection.objects.bulk_create(
        [
            IomCorrection(offender=current, field=CORRECTABLE[key], old=old, new=new, reason=why, by=by)
            for key, old, new in corrected
        ]
    )
