"""Duplicate child records, as a borough's case system really holds them.

Why: the MASH's duplicate check (:func:`continuum.people.matching.find_possible_matches`,
called by the contact form) exists because the same child gets recorded
twice. A later contact comes in by phone or on a partner's form under a
variant spelling (Muhammad for Mohammed), with a slip of the keyboard
(Jonathon, Smtih), or with the date of birth written day-for-month, the
practitioner does not find the existing record, and creates a new one. A
synthetic borough with no such records never exercises the check as in life,
and the demo could not show what a duplicate looks like.

What is made: for about :data:`RATE` of the *repeat* contacts about a known
child (the child has an earlier contact on record) whose MASH outcome is
``NFA`` or ``ADVICE``, a second child record is created and that contact is
moved onto it. The duplicate has the original's sex, ethnicity and home
address, no disability recorded (the front door did not know), no UPN (see
:func:`_upn_unknown`), and differs from the original in exactly one or two of
these ways (:class:`Duplicate` ``changes``):

* ``forename variant``: another spelling of the forename from
  :data:`continuum.synth.names.SPELLING_VARIANTS` (only for a forename in a
  variant group);
* ``forename typo`` or ``surname typo``: one slip, i.e. two adjacent letters
  transposed, a letter doubled, or a letter dropped (never the initial);
* ``date of birth swapped``: day and month exchanged (only when the day is 12
  or less and differs from the month, so the swapped date is a real, different
  date, and only when it is not after the contact).

Only NFA and advice contacts, so that no referral, early help episode or
other journey moves with the contact: the duplicate has a contact and
nothing else, so it is in no CIN census or SSDA903 return, and Annex A list 1
(contacts) simply lists it under its own record. Every calibrated figure
(:mod:`continuum.synth.calibration`) counts contacts, referrals or later
events, none counts children with a contact, so none moves. What does move,
realistically: distinct children with a contact go up by the duplicates, and
a child's repeat contacts look one fewer.

Determinism, and a refresh of the demo: each original child has its own
stream (``{seed_base}:duplicates:{LAchildID}``), drawn along its own
contacts in time order, and a child gets at most one duplicate, whose
LAchildID is the original's arrival number plus :data:`ID_OFFSET` in the same
id scheme (``{borough key}{7 digits}``). So the same child gets the same
duplicate, under the same id, however far the simulation runs, and the
duplicate of a child is found from its id (:func:`original_of`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from continuum.synth.model import Borough, Child
from continuum.synth.names import SPELLING_VARIANTS

__all__ = [
    "ID_OFFSET",
    "RATE",
    "Duplicate",
    "add_duplicates",
    "is_duplicate_id",
    "one_slip",
    "original_of",
]

#: Share of eligible contacts (repeat, NFA or advice) recorded on a duplicate child.
RATE = 0.015
#: A variant-prone forename (Mohammed, Siobhan) is this much more likely to be mis-recorded.
VARIANT_PRONE = 2.0
#: A duplicate's arrival number is its original's plus this: far above any simulated arrival
#: (about 8,700 a year), so it is never a real arrival's number.
ID_OFFSET = 9_000_000
_DIGITS = 7
#: The MASH outcomes whose contact can move without moving any journey.
ELIGIBLE_OUTCOMES = frozenset({"NFA", "ADVICE"})

_VARIANTS = {name: group for group in SPELLING_VARIANTS for name in group}


@dataclass(frozen=True)
class Duplicate:
    """One duplicate record: whose it is, the contact moved onto it, and how it differs."""

    original_id: str
    duplicate_id: str
    contact_id: str
    changes: tuple[str, ...]


def is_duplicate_id(la_child_id: str) -> bool:
    return int(la_child_id[-_DIGITS:]) > ID_OFFSET


def original_of(la_child_id: str) -> str:
    """The LAchildID of the child a duplicate record duplicates."""
    key, number = la_child_id[:-_DIGITS], int(la_child_id[-_DIGITS:])
    if number <= ID_OFFSET:
        raise ValueError("not a duplicate's LAchildID")
    return f"{key}{number - ID_OFFSET:0{_DIGITS}d}"


def _duplicate_id(original: str) -> str:
    key, number = original[:-_DIGITS], int(original[-_DIGITS:])
    if number > ID_OFFSET:
        raise ValueError("a duplicate is not duplicated again")
    return f"{key}{number + ID_OFFSET:0{_DIGITS}d}"


# --- How a record gets a name or a date wrong --------------------------------------------


def _variant(rng: random.Random, name: str) -> str | None:
    group = _VARIANTS.get(name)
    if group is None:
        return None
    return rng.choice([n for n in group if n != name])


def _slips(name: str) -> list[str]:
    """Every one-slip misspelling of ``name``: transposed neighbours, a doubled or dropped letter.

    The initial is left alone (a slip there reads as another name), and only
    letters are touched (not hyphens, apostrophes or spaces).
    """
    out: set[str] = set()
    for i in range(1, len(name)):
        ch = name[i]
        if not ch.isalpha():
            continue
        out.add(name[: i + 1] + ch + name[i + 1 :])  # doubled
        if len(name) >= 4:
            out.add(name[:i] + name[i + 1 :])  # dropped
        if i + 1 < len(name) and name[i + 1].isalpha() and name[i + 1] != ch:
            out.add(name[:i] + name[i + 1] + ch + name[i + 2 :])  # transposed
    out.discard(name)
    return sorted(out)


def one_slip(recorded: str, typed: str) -> bool:
    """True when ``typed`` is ``recorded`` with one slip as :func:`_slips` makes them."""
    return typed in _slips(recorded)


def _swapped(d: date) -> date | None:
    """``d`` with day and month exchanged, when that is a different real date."""
    if d.day > 12 or d.day == d.month:
        return None
    return d.replace(month=d.day, day=d.month)


def _upn_unknown(dob: date, on: date) -> str:
    """Why the duplicate has no UPN: UN1 (under 6, not yet at school) or UN4 (not yet obtained).

    Both codes are valid in the CIN census and the SSDA903 (which takes UN1-UN5
    only). UN4 is what a record opened at the front door honestly says; UN1
    for a child too young for school, as the original record would say.
    """
    reception = date(dob.year + 4 + (1 if (dob.month, dob.day) >= (9, 1) else 0), 9, 1)
    return "UN1" if on < reception else "UN4"


def _mis_record(rng: random.Random, child: Child, on: date) -> tuple[str, str, date, tuple[str, ...]] | None:
    """(forename, surname, date of birth, changes) as a later contact got them, or None if it cannot."""
    assert child.person_birth_date is not None
    forename, surname, dob = child.forename, child.surname, child.person_birth_date
    changes: list[str] = []
    swapped = _swapped(dob)
    if swapped is not None and swapped <= on and rng.random() < 0.35:
        dob = swapped
        changes.append("date of birth swapped")
        if rng.random() >= 0.25:  # mostly the date alone
            return forename, surname, dob, tuple(changes)
    variant = _variant(rng, forename)
    if variant is not None and rng.random() < 0.7:
        return variant, surname, dob, (*changes, "forename variant")
    part = "forename" if rng.random() < 0.5 else "surname"
    options = _slips(forename if part == "forename" else surname)
    if not options:
        part = "surname" if part == "forename" else "forename"
        options = _slips(forename if part == "forename" else surname)
    if not options:
        return (forename, surname, dob, tuple(changes)) if changes else None
    slip = rng.choice(options)
    if part == "forename":
        forename = slip
    else:
        surname = slip
    return forename, surname, dob, (*changes, f"{part} typo")


# --- The post-process -------------------------------------------------------------------


def add_duplicates(borough: Borough, seed_base: str) -> list[Duplicate]:
    """Record some repeat NFA/advice contacts on a duplicate child; return the duplicates made.

    ``seed_base`` is the simulation's (``continuum-synth:{seed}:{borough key}``).
    Called once, on the finished borough (:meth:`Simulation.run`).
    """
    t = borough.tables
    children = {c.la_child_id: c for c in t["children"]}
    contacts_of: dict[str, list] = {}
    for c in t["contacts"]:
        contacts_of.setdefault(c.la_child_id, []).append(c)
    made: list[Duplicate] = []
    for child_id in sorted(contacts_of):
        child = children.get(child_id)
        if child is None or child.person_birth_date is None or not child.forename:
            continue
        contacts = sorted(contacts_of[child_id], key=lambda c: (c.contact_datetime, c.contact_id))
        rng = random.Random(f"{seed_base}:duplicates:{child_id}")  # noqa: S311 - simulation, not security
        chance = RATE * (VARIANT_PRONE if child.forename in _VARIANTS else 1.0)
        for contact in contacts[1:]:  # a repeat contact: the child is known
            if contact.mash_outcome not in ELIGIBLE_OUTCOMES or contact.referral_id is not None:
                continue
            on = contact.contact_datetime.date()
            if child.person_birth_date > on or rng.random() >= chance:
                continue
            wrong = _mis_record(rng, child, on)
            if wrong is None:
                continue
            forename, surname, dob, changes = wrong
            duplicate = Child(
                la_code=child.la_code,
                la_child_id=_duplicate_id(child_id),
                sex=child.sex,
                ethnicity=child.ethnicity,
                disabilities=("NONE",),
                person_birth_date=dob,
                upn=None,
                upn_unknown=_upn_unknown(dob, borough.extracted_on),
                ward=child.ward,
                home_post=child.home_post,
                in_deprived_area=child.in_deprived_area,
                forename=forename,
                surname=surname,
                address_line=child.address_line,
            )
            t["children"].append(duplicate)
            contact.la_child_id = duplicate.la_child_id
            made.append(Duplicate(child_id, duplicate.la_child_id, contact.contact_id, changes))
            break  # one duplicate per child
    return made
