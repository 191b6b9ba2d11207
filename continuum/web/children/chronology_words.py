"""The chronology in words: each event as a practitioner or a court would read it.

Why here and not in the stored event: the chronology is append-only, and its
``what`` was written when each step ran, sometimes with a DfE code in it
("Placement changed (X1)") or, for the bulk-loaded demo history, a generic
sentence. Rewording at display time from the event's step, record type and
``after`` values (and, where the event holds none, the record itself) gives
every event, old or new, the same plain English without touching what was
recorded. Codes become their DfE labels (:mod:`continuum.core.codes`); table
names (``cinepisode``) become the record's everyday name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.apps import apps
from django.contrib.auth.models import User
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet

from continuum.core import codes
from continuum.journey.models import ChronologyEvent
from continuum.practice.models import SignOffEvent, SignOffKind, SignOffStep

#: The step the bulk loader writes (continuum.synth.load.STEP), worded by record type below.
SYNTHETIC_STEP = "synthetic load"


@dataclass(frozen=True)
class Kind:
    """A filter group of the chronology: its key in the URL, its words, and the record types in it."""

    key: str
    label: str
    record_types: tuple[str, ...]


KINDS: tuple[Kind, ...] = (
    Kind("front-door", "Contacts, MASH and early help", ("contact", "partnercheck", "earlyhelpepisode")),
    Kind(
        "referral", "Referrals, assessments and child in need plans", ("cinepisode", "assessment", "cinplan")
    ),
    Kind(
        "child-protection",
        "Child protection",
        ("strategydiscussion", "section47", "conference", "cpplan", "coregroup"),
    ),
    Kind(
        "looked-after",
        "Looked after and adoption",
        (
            "claepisode",
            "placement",
            "clareview",
            "healthassessment",
            "dentalcheck",
            "sdq",
            "pep",
            "missingepisode",
            "adoptionplan",
            "previouspermanence",
            "annualoutcome",
            "motherhood",
        ),
    ),
    Kind("care-leaver", "Leaving care", ("careleaver", "pathwayplanreview", "careleavercontact")),
    Kind("visit", "Visits", ("visit",)),
    Kind(
        "proceedings",
        "Proceedings, private fostering and allegations",
        ("preproceedings", "careproceedings", "privatefostering", "ladoallegation"),
    ),
    Kind(
        "child",
        "The child's details, family and allocation",
        ("child", "familymember", "relationship", "address", "childaddress", "allocation"),
    ),
)
KIND_BY_KEY = {k.key: k for k in KINDS}

#: The everyday name of each record type (the model's name is a table name, never shown).
RECORD_NAMES: dict[str, str] = {
    "contact": "Contact",
    "partnercheck": "Partner check",
    "earlyhelpepisode": "Early help",
    "cinepisode": "Referral",
    "assessment": "Assessment",
    "cinplan": "Child in need plan",
    "strategydiscussion": "Strategy discussion",
    "section47": "Section 47 enquiry",
    "conference": "Child protection conference",
    "cpplan": "Child protection plan",
    "coregroup": "Core group meeting",
    "claepisode": "Looked-after episode",
    "placement": "Placement",
    "clareview": "Looked-after review",
    "healthassessment": "Health assessment",
    "dentalcheck": "Dental check",
    "sdq": "Strengths and difficulties questionnaire",
    "pep": "Personal education plan",
    "missingepisode": "Missing or absent episode",
    "adoptionplan": "Adoption plan",
    "previouspermanence": "Previous permanence",
    "annualoutcome": "Yearly outcomes",
    "motherhood": "Motherhood",
    "careleaver": "Care leaver",
    "pathwayplanreview": "Pathway plan review",
    "careleavercontact": "Care leaver contact",
    "visit": "Visit",
    "preproceedings": "Pre-proceedings",
    "careproceedings": "Care proceedings",
    "privatefostering": "Private fostering",
    "ladoallegation": "LADO allegation",
    "child": "Child's record",
    "familymember": "Family member",
    "relationship": "Relationship",
    "address": "Address",
    "childaddress": "Address",
    "allocation": "Allocation",
}

#: Steps (and, for the bulk-loaded history, record types) that mark a turn in the child's journey.
KEY_STEPS = frozenset(
    {
        "register_child",
        "record_child_death",
        "open_referral",
        "close_cin_episode",
        "start_s47",
        "complete_s47",
        "hold_icpc",
        "start_cp_plan",
        "end_cp_plan",
        "start_cin_plan",
        "end_cin_plan",
        "start_cla_episode",
        "change_placement",
        "end_cla_episode",
        "record_missing_episode",
        "record_mash_decision",
        "start_pre_proceedings",
        "start_care_proceedings",
        "end_care_proceedings",
        "record_lado_allegation",
        "record_adoption_decision",
        "register_care_leaver",
    }
)
KEY_SYNTHETIC_TYPES = frozenset(
    {"cinepisode", "section47", "conference", "cpplan", "claepisode", "missingepisode"}
)

#: The bulk loader's events, worded by record type (its own text says "(synthetic load)").
SYNTHETIC_WORDS: dict[str, str] = {
    "child": "Child recorded",
    "childaddress": "Address recorded",
    "contact": "Contact received and MASH decision made",
    "cinepisode": "Referral to children's social care",
    "assessment": "Assessment started",
    "cinplan": "Child in need plan started",
    "strategydiscussion": "Strategy discussion held",
    "section47": "Section 47 enquiry started",
    "conference": "Child protection conference held",
    "cpplan": "Child protection plan started",
    "coregroup": "Core group meeting",
    "claepisode": "Started to be looked after",
    "clareview": "Looked-after review",
    "missingepisode": "Missing or absent episode",
    "visit": "Visit",
    "careleaver": "Care leaver",
    "careleavercontact": "Care leaver contact",
}

# Where an event carries a code, the code set that names it: (after field, code set, how to join).
_CODED: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "start_cla_episode": ("Started to be looked after", (("ls", "episodes.LS"), ("place", "episodes.PLACE"))),
    "start_cp_plan": (
        "Child protection plan started",
        (("initial_category_of_abuse", "InitialCategoryOfAbuse"),),
    ),
    "change_placement": (
        "Placement changed",
        (("reason_place_change", "episodes.REASON_PLACE_CHANGE"), ("place", "episodes.PLACE")),
    ),
    "change_legal_status": ("Legal status changed to", (("ls", "episodes.LS"),)),
    "end_cla_episode": ("Stopped being looked after", (("rec", "episodes.REC"),)),
    "close_cin_episode": ("Referral closed", (("reason_for_closure", "ReasonForClosure"),)),
    "record_care_leaver_contact": ("Care leaver contact", (("in_touch", "oc3.IN_TOUCH"),)),
    "record_previous_permanence": ("Previous permanence recorded", (("prev_perm", "prev_perm.PREV_PERM"),)),
}
# How a step's second code follows its first: the placement after a change, the placement at the start.
_SEPARATORS = {"change_placement": "; now ", "start_cla_episode": "; placed: "}
# What the bulk-loaded records are worded with: the record's own fields, read in one query per type.
_SYNTHETIC_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "cpplan": (("initial_category_of_abuse", "InitialCategoryOfAbuse"),),
    "claepisode": (("ls", "episodes.LS"),),
    "cinepisode": (("primary_need_code", "PrimaryNeedCode"),),
}
# Steps whose stored text lists changed fields by their names in the code ("Referral corrected: upn").
_FIELD_LISTS: dict[str, str] = {
    "update_child": "people.child",
    "update_referral": "journey.cinepisode",
    "update_cla_episode": "journey.claepisode",
    "update_contact": "journey.contact",
}
_SYNTHETIC_SUFFIX = re.compile(r"\s*\(synthetic load\)$")
_BRACKETED_CODE = re.compile(r"\s*\(([A-Z0-9]{1,6})\)$")


def record_name(record_type: str) -> str:
    """The everyday name of a record type; a type not listed falls back to its model's verbose name."""
    if record_type in RECORD_NAMES:
        return RECORD_NAMES[record_type]
    for model in apps.get_models():
        if model._meta.model_name == record_type:
            return str(model._meta.verbose_name).capitalize()
    return "Record"


def is_key(event: ChronologyEvent) -> bool:
    """A key event: a referral, enquiry, plan, period in care or proceedings starting or ending."""
    if event.step == SYNTHETIC_STEP:
        return event.record_type in KEY_SYNTHETIC_TYPES
    return event.step in KEY_STEPS


def key_filter() -> Q:
    """The key events as a query, for the "key events only" filter."""
    return Q(step__in=KEY_STEPS) | Q(step=SYNTHETIC_STEP, record_type__in=KEY_SYNTHETIC_TYPES)


def _labelled(parts: Iterable[tuple[str, str, Any]]) -> list[str]:
    out = []
    for _field, code_set, value in parts:
        if value in (None, ""):
            continue
        text = codes.label(code_set, str(value))
        out.append(in_sentence(text) if text != value else text)
    return out


def in_sentence(text: str) -> str:
    """Sentence case inside a sentence: "Neglect" reads "neglect", an acronym ("UPN", "LA") stays."""
    return text if text[:2].isupper() else text[:1].lower() + text[1:]


def _field_words(model_label: str, names: str) -> str:
    model = apps.get_model(model_label)
    words = []
    for name in names.split(", "):
        try:
            words.append(in_sentence(str(model._meta.get_field(name.strip()).verbose_name)))
        except FieldDoesNotExist:
            words.append(name.strip().replace("_", " "))
    return ", ".join(words)


def describe(event: ChronologyEvent, record_values: dict[str, Any] | None = None) -> str:
    """The event in plain English, codes named by their DfE labels and never a table name."""
    after = event.after or {}
    if event.step == SYNTHETIC_STEP:
        text = SYNTHETIC_WORDS.get(event.record_type) or _SYNTHETIC_SUFFIX.sub("", event.what)
        values = record_values or {}
        fields = _SYNTHETIC_FIELDS.get(event.record_type, ())
        named = _labelled((f, cs, values.get(f)) for f, cs in fields)
        return f"{text}: {', '.join(named)}" if named else text
    if event.step in _CODED:
        head, fields = _CODED[event.step]
        # Older events hold the code only in their text, in brackets at the end.
        bracketed = _BRACKETED_CODE.search(event.what)
        in_text = bracketed.group(1) if bracketed else None
        named = _labelled(
            (f, cs, after.get(f) or (in_text if i == 0 else None)) for i, (f, cs) in enumerate(fields)
        )
        if named:
            joiner = " " if head.endswith(" to") else ": "
            separator = _SEPARATORS.get(event.step, ", ")
            return head + joiner + separator.join(named)
    if event.step in _FIELD_LISTS and ": " in event.what:
        head, names = event.what.split(": ", 1)
        return f"{head}: {_field_words(_FIELD_LISTS[event.step], names)}"
    # Any other code left in brackets at the end (older wording) is dropped rather than shown bare.
    return _BRACKETED_CODE.sub("", _SYNTHETIC_SUFFIX.sub("", event.what))


def recorded_by(user: User | None) -> str:
    """Who recorded an event, as colleagues know them: never a sign-in username when a name is known.

    The user's full name first (as case notes show the writer), else the name of the worker
    linked to the account (as visits show the worker); the username only when neither is recorded.
    Events written by the system itself (the bulk loader, scheduled jobs) have no user.
    """
    if user is None:
        return "System"
    name = user.get_full_name()
    if name:
        return name
    try:
        return str(user.worker)  # type: ignore[attr-defined]
    except ObjectDoesNotExist:
        return user.get_username()


#: Who completed an assessment and who authorised it, as :class:`Entry` names them.
SignedOff = tuple[User, User]

#: The step that completes an assessment (on a manager's authorisation, or recorded directly).
COMPLETE_ASSESSMENT = "complete_assessment"


def sign_offs(events: Sequence[ChronologyEvent]) -> dict[int, SignedOff]:
    """Who completed and who authorised each assessment completed among ``events``, in one query.

    Only assessments authorised through the sign-off are here: the worker named is the one whose
    submission was authorised (the latest before the authorisation, after any return).
    """
    ids = {e.record_id for e in events if e.step == COMPLETE_ASSESSMENT and e.record_id is not None}
    if not ids:
        return {}
    steps = (
        SignOffEvent.objects.filter(
            sign_off__kind=SignOffKind.ASSESSMENT,
            sign_off__record_id__in=ids,
            step__in=(SignOffStep.SUBMITTED, SignOffStep.AUTHORISED),
        )
        .select_related("sign_off", "by__worker")
        .order_by("at", "pk")
    )
    submitted: dict[int, User] = {}
    found: dict[int, SignedOff] = {}
    for step in steps:
        record_id = step.sign_off.record_id
        if step.step == SignOffStep.SUBMITTED:
            submitted[record_id] = step.by
        elif record_id in submitted:
            found[record_id] = (submitted[record_id], step.by)
    return found


@dataclass(frozen=True)
class Entry:
    """One chronology line ready to show: the event, its words, whether it is key, its record's name.

    ``record`` is the record's everyday name only: the record's database number means nothing
    to a reader and is not shown (the CSV export keeps it, in its own column, for analysts).
    """

    event: ChronologyEvent
    words: str
    key: bool
    record: str
    #: For an assessment completed by a manager's authorisation: the worker who completed it
    #: (submitted what was authorised) and the manager who authorised it (see :func:`sign_offs`).
    signed_off: SignedOff | None = None

    @property
    def who(self) -> str:
        """Who recorded the event, by name (see :func:`recorded_by`).

        An assessment a manager authorised was completed by the worker who put it up: the event
        is written by the manager's authorisation, but the outcome and factors are the worker's,
        so the worker is named first and the manager as who authorised it.
        """
        if self.signed_off is not None:
            completed, authorised = self.signed_off
            return f"{recorded_by(completed)}, authorised by {recorded_by(authorised)}"
        return recorded_by(self.event.by)

    @property
    def kind(self) -> str:
        for kind in KINDS:
            if self.event.record_type in kind.record_types:
                return kind.label
        return "Other"


def _synthetic_values(events: Sequence[ChronologyEvent]) -> dict[tuple[str, int], dict[str, Any]]:
    """The fields that word bulk-loaded events, one query per record type on the page."""
    wanted: dict[str, set[int]] = {}
    for e in events:
        if e.step == SYNTHETIC_STEP and e.record_type in _SYNTHETIC_FIELDS and e.record_id is not None:
            wanted.setdefault(e.record_type, set()).add(e.record_id)
    found: dict[tuple[str, int], dict[str, Any]] = {}
    for record_type, ids in wanted.items():
        model: type[Model] = apps.get_model("journey", record_type)
        names = [f for f, _ in _SYNTHETIC_FIELDS[record_type]]
        for row in model._default_manager.filter(pk__in=ids).values("pk", *names):
            found[(record_type, row.pop("pk"))] = row
    return found


def entries(events: Iterable[ChronologyEvent]) -> list[Entry]:
    """The events as :class:`Entry` lines, worded with as few queries as the page allows."""
    events = list(events)
    values = _synthetic_values(events)
    signed = sign_offs(events)
    return [
        Entry(
            event=e,
            words=describe(e, values.get((e.record_type, e.record_id or 0))),
            key=is_key(e),
            record=record_name(e.record_type),
            signed_off=signed.get(e.record_id or 0) if e.step == COMPLETE_ASSESSMENT else None,
        )
        for e in events
    ]


def filtered(
    events: QuerySet[ChronologyEvent],
    *,
    kind: str = "",
    key_only: bool = False,
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[ChronologyEvent]:
    """The events of one filter group, key events only, between two practice dates (each optional)."""
    if kind in KIND_BY_KEY:
        events = events.filter(record_type__in=KIND_BY_KEY[kind].record_types)
    if key_only:
        events = events.filter(key_filter())
    if since is not None:
        events = events.filter(occurred_on__gte=since)
    if until is not None:
        events = events.filter(occurred_on__lte=until)
    return events
