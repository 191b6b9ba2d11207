"""Possible existing records for a child being entered at the front door (a selector: reads only).

Why this exists: a child recorded twice has two chronologies, and a
practitioner reading one of them does not see the risk recorded in the other.
So before the MASH creates a child, it is shown the records that might be the
same child, each with the reason it was suggested, and chooses.

How names are compared. Names reach the MASH by phone, from forms, and
transliterated from other scripts, so exact matching misses the same child
(Mohammed / Muhammad / Mohamed; Aleksandr / Alexander). Two names are taken
to match when

* they are the same once accents, case, spaces and punctuation are removed
  ("same surname"), or
* their phonetic keys agree (Metaphone or NYSIIS, from ``jellyfish``):
  "surname sounds the same", or
* they are a small edit apart (Damerau–Levenshtein: one slip in a short name,
  two in a name of seven letters or more): "surname spelt similarly".

Dates of birth match exactly, or with the day and month swapped (an American
date order, or a slip), and postcodes match on the normalised postcode of any
address the child has had.

A single weak signal is too noisy to show (dozens of children share a date of
birth or a surname), so a record is suggested only when the evidence adds up
(see :func:`_is_suggestion`). The candidates are fetched with indexed
look-ups (date of birth, postcode, and surnames starting with a letter that
can sound like the typed one) and scored in Python; a stored phonetic key
column would let the database do the name step too once volumes demand it.

Why the candidates are scored as plain rows: the name step can bring back
thousands of children (NAME_CANDIDATE_LIMIT), and building a model object and
its prefetched addresses for each, then normalising the same names again and
again, made posting a contact take seconds on a borough-sized database
(profiled December 2026: 2.1-3.7 s a post on 64,000 children, four fifths of
it model building and repeated name normalising; the postcode regex was a
small part). So the candidates are read as tuples with their postcodes, the
name keys are cached, and only the suggestions shown are loaded as children.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import IntEnum
from functools import lru_cache
from typing import NamedTuple

import jellyfish
from django.db.models import Exists, OuterRef, Q, QuerySet, Value

from continuum.people.models import Child, ChildAddress

#: At most this many suggestions are shown: more would not be read.
MAX_SUGGESTIONS = 10
#: Name-only candidates are fetched within this many years of the typed birth date.
NAME_ONLY_YEARS = 2
#: A cap on rows fetched for the name step, so one common initial cannot slow the page.
NAME_CANDIDATE_LIMIT = 3000

# First letters that can sound alike, so Katherine finds Catherine and Yusuf finds Jusuf.
_FIRST_LETTER_GROUPS: tuple[frozenset[str], ...] = (
    frozenset("aeiouy"),
    frozenset("ckqgx"),
    frozenset("sczx"),
    frozenset("fpv"),
    frozenset("jgyi"),
    frozenset("wvu"),
)


class NameMatch(IntEnum):
    """How closely two names agree; higher is stronger."""

    NONE = 0
    SIMILAR = 1  # a small edit apart
    SOUNDS = 2  # same phonetic key
    SAME = 3  # identical once normalised


class DobMatch(IntEnum):
    NONE = 0
    SWAPPED = 1
    SAME = 2


@dataclass(frozen=True)
class ChildDetails:
    """What the user typed about the child (any part may be missing)."""

    first_name: str = ""
    last_name: str = ""
    birth_date: date | None = None
    postcode: str = ""


@dataclass
class Suggestion:
    """One possible existing record and why it was suggested."""

    child: Child
    reasons: list[str] = field(default_factory=list)
    score: int = 0

    @property
    def reason_text(self) -> str:
        """The reasons as one sentence fragment: "same date of birth; surname sounds the same"."""
        return "; ".join(self.reasons)


# --- Pure comparisons (known-answer tested) ------------------------------------------


@lru_cache(maxsize=65536)
def normalise_name(name: str) -> str:
    """Lower case letters only, accents removed: "O'Brien-Smith" -> "obriensmith", "Zoë" -> "zoe"."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^a-z]", "", stripped.casefold())


def normalise_postcode(postcode: str) -> str:
    """Upper case without spaces: " n1 9gu " -> "N19GU"."""
    return re.sub(r"\s+", "", (postcode or "")).upper()


@lru_cache(maxsize=65536)
def phonetic_keys(name: str) -> frozenset[str]:
    """Metaphone and NYSIIS keys of a name (empty for an empty name); cached, as names recur."""
    plain = normalise_name(name)
    if not plain:
        return frozenset()
    return frozenset({"m:" + jellyfish.metaphone(plain), "n:" + jellyfish.nysiis(plain)})


def compare_names(typed: str, recorded: str) -> NameMatch:
    """How closely a typed name agrees with a recorded one."""
    a, b = normalise_name(typed), normalise_name(recorded)
    if not a or not b:
        return NameMatch.NONE
    if a == b:
        return NameMatch.SAME
    if phonetic_keys(a) & phonetic_keys(b):
        return NameMatch.SOUNDS
    allowed = 1 if min(len(a), len(b)) < 7 else 2
    if jellyfish.damerau_levenshtein_distance(a, b) <= allowed:
        return NameMatch.SIMILAR
    return NameMatch.NONE


def swapped_day_month(d: date) -> date | None:
    """The date with day and month exchanged, if that is a different, real date."""
    if d.day == d.month or d.day > 12:
        return None
    try:
        return d.replace(month=d.day, day=d.month)
    except ValueError:  # pragma: no cover - day <= 12 always makes a valid month
        return None


def compare_dobs(typed: date | None, recorded: date | None) -> DobMatch:
    if typed is None or recorded is None:
        return DobMatch.NONE
    if typed == recorded:
        return DobMatch.SAME
    if swapped_day_month(typed) == recorded:
        return DobMatch.SWAPPED
    return DobMatch.NONE


def _name_reason(part: str, match: NameMatch) -> str:
    if match is NameMatch.SAME:
        return f"same {part}"
    if match is NameMatch.SOUNDS:
        return f"{part} sounds the same"
    return f"{part} spelt similarly"


def _is_suggestion(first: NameMatch, last: NameMatch, dob: DobMatch, postcode: bool) -> bool:
    """Enough evidence to show the record to a practitioner.

    * a matching date of birth (exact or swapped) with any matching name or the postcode;
    * a matching surname with a matching first name, or with the postcode;
    * an exact first name and surname on their own (a mistyped birth year).
    """
    any_name = first > NameMatch.NONE or last > NameMatch.NONE
    if dob > DobMatch.NONE and (any_name or postcode):
        return True
    if last > NameMatch.NONE and (first > NameMatch.NONE or postcode):
        return True
    return first is NameMatch.SAME and last is NameMatch.SAME


class _Recorded(NamedTuple):
    """What the scoring reads of a recorded child (a row, so thousands are cheap to read)."""

    pk: int
    first_name: str
    last_name: str
    person_birth_date: date | None
    expected_person_birth_date: date | None


def _assess(
    details: ChildDetails, child: Child | _Recorded, postcodes: set[str]
) -> tuple[list[str], int] | None:
    """The reasons and points for one recorded child, or None when the evidence is too weak."""
    recorded_dob = child.person_birth_date or child.expected_person_birth_date
    first = compare_names(details.first_name, child.first_name)
    last = compare_names(details.last_name, child.last_name)
    # Names entered the wrong way round (surname first) are common on partner forms.
    swapped_names = False
    if first is NameMatch.NONE and last is NameMatch.NONE:
        cross_first = compare_names(details.first_name, child.last_name)
        cross_last = compare_names(details.last_name, child.first_name)
        if cross_first > NameMatch.NONE and cross_last > NameMatch.NONE:
            first, last, swapped_names = cross_first, cross_last, True
    dob = compare_dobs(details.birth_date, recorded_dob)
    wanted = normalise_postcode(details.postcode)
    same_postcode = bool(wanted) and wanted in postcodes
    if not _is_suggestion(first, last, dob, same_postcode):
        return None
    reasons: list[str] = []
    if dob is DobMatch.SAME:
        reasons.append("same date of birth")
    elif dob is DobMatch.SWAPPED:
        reasons.append("date of birth with day and month swapped")
    elif details.birth_date is not None and recorded_dob is not None:
        reasons.append("different date of birth")
    if swapped_names:
        reasons.append("first name and surname the other way round")
    if last > NameMatch.NONE:
        reasons.append(_name_reason("surname", last))
    if first > NameMatch.NONE:
        reasons.append(_name_reason("first name", first))
    if same_postcode:
        reasons.append("same postcode")
    points = int(dob) * 3 + int(last) * 2 + int(first) * 2 + (3 if same_postcode else 0)
    return reasons, points


def score(details: ChildDetails, child: Child, postcodes: set[str]) -> Suggestion | None:
    """Compare typed details with one recorded child; a :class:`Suggestion`, or None when too weak."""
    assessed = _assess(details, child, postcodes)
    if assessed is None:
        return None
    reasons, points = assessed
    return Suggestion(child=child, reasons=reasons, score=points)


# --- The selector ----------------------------------------------------------------------


def _initial_letters(name: str) -> set[str]:
    plain = normalise_name(name)
    if not plain:
        return set()
    letters = {plain[0]}
    for group in _FIRST_LETTER_GROUPS:
        if plain[0] in group:
            letters |= group
    return letters


def _candidates(details: ChildDetails, exclude: int | None) -> QuerySet[Child]:
    """Children worth scoring: same or swapped birth date, same postcode, or a sound-alike surname."""
    query = Q()
    if details.birth_date is not None:
        dates = [details.birth_date]
        swapped = swapped_day_month(details.birth_date)
        if swapped is not None:
            dates.append(swapped)
        query |= Q(person_birth_date__in=dates) | Q(expected_person_birth_date__in=dates)
    postcode = normalise_postcode(details.postcode)
    if postcode:
        # Stored postcodes are upper case; compare without the space.
        ids = Child.objects.filter(addresses__address__postcode__iregex=_postcode_regex(postcode)).values(
            "pk"
        )
        query |= Q(pk__in=ids)
    result = Child.objects.none()
    if query:
        result = Child.objects.filter(query)
    letters = _initial_letters(details.last_name) | _initial_letters(details.first_name)
    if letters:
        name_q = Q()
        for letter in sorted(letters):
            name_q |= Q(last_name__istartswith=letter) | Q(first_name__istartswith=letter)
        if details.birth_date is not None:
            span = timedelta(days=365 * NAME_ONLY_YEARS + 1)
            name_q &= Q(person_birth_date__range=(details.birth_date - span, details.birth_date + span)) | Q(
                person_birth_date__isnull=True
            )
        # A subquery, not a list of ids: compiling thousands of literals took half a second.
        name_ids = Child.objects.filter(name_q).order_by("-pk").values("pk")[:NAME_CANDIDATE_LIMIT]
        result = Child.objects.filter(Q(pk__in=result.values("pk")) | Q(pk__in=name_ids))
    if exclude is not None:
        result = result.exclude(pk=exclude)
    return result


def _postcode_regex(postcode: str) -> str:
    """A regex matching ``postcode`` with or without spaces (for a case-insensitive match)."""
    return "^" + r"\s*".join(re.escape(ch) for ch in postcode) + "$"


def find_possible_matches(
    details: ChildDetails, *, exclude: int | None = None, limit: int = MAX_SUGGESTIONS
) -> list[Suggestion]:
    """Existing children who may be the child described, strongest first, each with its reasons.

    ``exclude`` leaves out one child (the record itself, when checking a
    child already created for possible duplicates).
    """
    wanted = normalise_postcode(details.postcode)
    candidates = _candidates(details, exclude)
    lived_there = Value(False)
    if wanted:
        # Whether the child has had the postcode, asked per candidate in the same query:
        # surrounding spaces allowed too, as normalise_postcode ignores them.
        regex = r"^\s*" + _postcode_regex(wanted)[1:-1] + r"\s*$"
        lived_there = Exists(
            ChildAddress.objects.filter(child_id=OuterRef("pk"), address__postcode__iregex=regex)
        )
    assessed: list[tuple[int, int, list[str]]] = []
    for *fields, had_postcode in candidates.annotate(had_postcode=lived_there).values_list(
        *_Recorded._fields, "had_postcode"
    ):
        row = _Recorded(*fields)
        found = _assess(details, row, {wanted} if had_postcode else set())
        if found is not None:
            assessed.append((-found[1], row.pk, found[0]))
    assessed.sort(key=lambda a: (a[0], a[1]))
    shown = assessed[:limit]
    children = Child.objects.in_bulk([pk for _, pk, _ in shown])
    return [Suggestion(child=children[pk], reasons=reasons, score=-neg) for neg, pk, reasons in shown]
