"""The MASH front door in the browser: the queue, the contact form, the MASH decision and oversight.

Every view is guarded by ``@requires`` and, where it shows one contact, asks
the policy about that contact too (a partner agency may only see the outcome
of contacts it made). Every page that shows a child's details writes the
access log. Writes go through the journey services only; a multi-step save
(child, address, contact, siblings) runs in one transaction so a refusal half
way leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from continuum.core import clock, codes
from continuum.core.access_log import log_view, log_views
from continuum.core.dates import day_words, moment_words
from continuum.core.policy import may, restricted_among, visible_contact_children, works_in_mash
from continuum.core.timescales import (
    LOCAL_ZONE,
    Rule,
    Status,
    due_date,
    load_rules,
    rules_by_code,
    shift,
    status_for,
)
from continuum.core.working_days import working_days_between
from continuum.journey import services as s
from continuum.journey.errors import JourneyRuleError
from continuum.journey.models import Brag, ChronologyEvent, Contact
from continuum.people.matching import ChildDetails, Suggestion, find_possible_matches
from continuum.people.models import Child, RelationshipType, Team, TeamType, Worker
from continuum.web.access import requires
from continuum.web.children.access import access_for, glass_ids
from continuum.web.govuk.forms import error_list
from continuum.web.mash.contact_access import contact_page, open_contact
from continuum.web.mash.forms import (
    NOT_RATED,
    ContactForm,
    QueueFilterForm,
    SiblingFormSet,
    formset_with_another_row,
    new_contact_form,
    own_agency_source,
    unbound_copy,
)
from continuum.web.mash.history import history as front_door_history
from continuum.web.mash.intake import record_contact_from_form, sibling_child
from continuum.web.worktray.tags import STATUS_TAGS, status_tag

MASH_RULE = "mash_decision"
QUEUE_LIMIT = 200
BRAG_TAGS = {
    Brag.RED: "govuk-tag--red",
    Brag.AMBER: "govuk-tag--orange",
    Brag.GREEN: "govuk-tag--green",
    Brag.BLUE: "govuk-tag--blue",
}
BRAG_RANK = {Brag.RED: 0, Brag.AMBER: 1, Brag.GREEN: 2, Brag.BLUE: 3, "": 4}
NO_WORKER_MESSAGE = (
    "Your user account is not linked to a worker record, so you cannot sign off. "
    "Ask your system administrator"
)
CONCURRENT_MESSAGE = "This contact was changed by someone else while you were editing it"


# --- Clock -------------------------------------------------------------------------------


#: The MASH clock's tags: an undecided contact's are the trays' own (:data:`STATUS_TAGS`, and
#: "Due today" from the shared :func:`status_tag`), so the front door and the trays say a
#: deadline in the same words and colours; only the decided states are the front door's.
CLOCK_TAGS: Mapping[Status, tuple[str, str]] = {
    **STATUS_TAGS,
    Status.DONE_ON_TIME: ("Decided on time", "govuk-tag--green"),
    Status.DONE_LATE: ("Decided late", "govuk-tag--red"),
}


@dataclass(frozen=True)
class Clock:
    """Where one contact stands against the MASH decision timescale."""

    due: date | None
    status: Status | None
    text: str
    #: (words, class) of the tag, from the trays' shared :func:`status_tag`; None, and no tag
    #: shown, where no timescale is set (the text says so once).
    tag: tuple[str, str] | None = None

    @property
    def tag_class(self) -> str:
        return self.tag[1] if self.tag else ""

    @property
    def tag_text(self) -> str:
        return self.tag[0] if self.tag else ""


def mash_rule() -> Rule | None:
    """The council's MASH decision timescale (1 working day by default), or None if switched off."""
    return rules_by_code(load_rules()).get(MASH_RULE)


def clock_for(contact: Contact, rule: Rule | None, now: datetime) -> Clock:
    """Time left to the decision deadline, or how overdue it is, in words a practitioner reads at a glance.

    The tag says where the contact stands ("Due today", from the trays' shared tag); the words
    beside it say what the tag does not, how long is left and until when, so the row never reads
    "Due today Due today". A deadline in working days (the default: one working day, counted
    on England's working days) runs to the end of its day, as :func:`status_for` compares by
    date; a council that sets the timescale in hours has a deadline at a moment, said as the
    time ("by 14:30 today").
    """
    if rule is None:
        return Clock(None, None, "No timescale set")
    due = due_date(rule, contact.received_at)
    due_at = timezone.localtime(due, LOCAL_ZONE) if isinstance(due, datetime) else None
    due_day = due_at.date() if due_at is not None else due
    due_words = day_words(due_day, weekday=True, year=False)
    if due_at is not None:
        due_words = f"{due_words} at {due_at:%H:%M}"
    if contact.decision_at is not None:  # the clock stops at the decision, whatever oversight follows
        decided = timezone.localtime(contact.decision_at, LOCAL_ZONE)
        done = status_for(due=due, done=decided, as_of=now)
        tag = CLOCK_TAGS[done]
        when = f"{day_words(decided, weekday=True, year=False)} at {decided:%H:%M}"
        if done is Status.DONE_LATE:
            late = working_days_between(due_day, decided.date())
            if late == 0 and due_at is not None:  # an hours deadline, missed the same day
                return Clock(due_day, done, f"Decided {when}, after the deadline ({due_words})", tag)
            late = max(late, 1)  # a day deadline missed at the weekend still counts one working day
            unit = "working day" if late == 1 else "working days"
            words = f"Decided {when}, {late} {unit} after the deadline ({due_words})"
            return Clock(due_day, done, words, tag)
        return Clock(due_day, done, f"Decided {when}, within the deadline ({due_words})", tag)
    soon_from = shift(due, -rule.due_soon_interval, rule.due_soon_unit)
    status = status_for(due=due, done=None, as_of=now, due_soon_from=soon_from)
    local_now = timezone.localtime(now, LOCAL_ZONE)
    today = local_now.date()
    tag = status_tag(status, due_day, today, CLOCK_TAGS)
    if status is Status.OVERDUE:
        if due_day == today and due_at is not None:
            return Clock(due_day, status, f"Overdue since {due_at:%H:%M} today", tag)
        late = max(working_days_between(due_day, today), 1)
        unit = "working day" if late == 1 else "working days"
        return Clock(due_day, status, f"Overdue by {late} {unit} (was due {due_words})", tag)
    if due_day == today:
        by = f"by {due_at:%H:%M} today" if due_at is not None else "by the end of today"
        end = due_at or datetime.combine(today + timedelta(days=1), datetime.min.time(), LOCAL_ZONE)
        hours = int((end - local_now).total_seconds() // 3600)
        left = "Less than an hour left" if hours < 1 else f"{hours} {'hour' if hours == 1 else 'hours'} left"
        return Clock(due_day, status, f"{left} ({by})", tag)
    left = working_days_between(today, due_day)
    unit = "working day" if left == 1 else "working days"
    return Clock(due_day, status, f"{left} {unit} left (due {due_words})", tag)


# --- Helpers ---------------------------------------------------------------------------


def worker_of(user: User) -> Worker | None:
    return Worker.objects.filter(user=user).first()


def own_worker_ids(user: User) -> set[int]:
    """The worker records this user signs in as: a decision by one of them is their own work."""
    return set(Worker.objects.filter(user=user).values_list("pk", flat=True))


def decided_by(contact: Contact, worker_ids: set[int]) -> bool:
    """Whether the contact's decision is one of these workers' own, which they may not sign off
    (issue 18 point 2): the oversight link is not offered for it, and the service refuses it anyway."""
    return contact.decided_by_id is not None and contact.decided_by_id in worker_ids


def duty_teams() -> list[Team]:
    return list(Team.objects.filter(team_type=TeamType.DUTY_ASSESSMENT, is_active=True).order_by("name"))


def current_postcode(child: Child) -> str:
    lived = child.addresses.filter(end_date__isnull=True).select_related("address").first()
    return lived.address.postcode if lived else ""


def brag_tag(code: str) -> dict[str, str]:
    if not code:
        return {"text": "Not yet rated", "class": "govuk-tag--grey"}
    return {"text": Brag(code).label, "class": BRAG_TAGS[Brag(code)]}


_SEEN_FIELDS = {
    "referral_source": "Source agency",
    "referrer_name": "Referrer",
    "referrer_role": "Referrer's job title",
    "referrer_organisation": "Referrer's organisation",
    "referrer_phone": "Referrer's phone number",
    "referrer_email": "Referrer's email address",
    "concerns": "Concerns",
    "consent": "Consent",
    "consent_dispensed_rationale": "Reason for proceeding without consent",
    "initial_brag": "Initial BRAG rating",
    "final_brag": "Final BRAG rating",
    "partner_checks": "Partner checks",
    "outcome": "Outcome",
    "decision_rationale": "Rationale for the decision",
    "decision_at": "Decision",
    "manager_oversight_at": "Manager oversight",
    "manager_oversight_note": "Manager's oversight note",
}
_SEEN_SALT = "continuum.mash.seen"


def seen_token(contact: Contact) -> str:
    """A signed copy of what the user is shown, so a conflicting save can say what changed."""
    return signing.dumps({f: str(getattr(contact, f) or "") for f in _SEEN_FIELDS}, salt=_SEEN_SALT)


def what_changed(token: str, contact: Contact) -> list[str]:
    """Plain descriptions of what someone else changed since the user opened the page."""
    try:
        seen = signing.loads(token, salt=_SEEN_SALT)
    except signing.BadSignature:
        return []
    changes = []
    for field, label in _SEEN_FIELDS.items():
        now = str(getattr(contact, field) or "")
        if seen.get(field, "") == now:
            continue
        if field == "partner_checks":
            changes.append("A partner check was added")
            continue
        display = getattr(contact, f"get_{field}_display", None)
        if field in ("referral_source", "initial_brag", "final_brag", "outcome", "consent") and display:
            changes.append(f"{label} is now: {display() or 'not set'}")
        elif field in ("decision_at", "manager_oversight_at") and getattr(contact, field):
            changes.append(f"{label} recorded at {moment_words(getattr(contact, field))}")
        else:
            changes.append(f"{label} was changed")
    return changes


# --- Queue ---------------------------------------------------------------------------------


@requires("mash.queue")
def queue(request: HttpRequest) -> HttpResponse:
    """Contacts awaiting a MASH decision (or manager oversight), most urgent first.

    The oversight stage lists every decision awaiting sign-off, so it asks the same rule as
    signing off (``contact.oversee``): a team manager outside the MASH is refused it, and
    is not offered it as a filter.
    """
    can_oversee = may(request.user, "contact.oversee")
    filters_form = QueueFilterForm(request.GET or None)
    filters = filters_form.values()
    if filters["stage"] == "oversight" and not can_oversee:
        raise PermissionDenied("contact.oversee")
    if not request.GET:
        filters_form = QueueFilterForm(initial=filters)
    now = clock.now()
    if filters["stage"] == "oversight":
        contacts = Contact.objects.filter(decision_at__isnull=False, manager_oversight_at__isnull=True)
    else:
        contacts = Contact.objects.filter(decision_at__isnull=True)
    if filters["source"]:
        contacts = contacts.filter(referral_source=filters["source"])
    if filters["brag"]:
        wanted = Q()
        for code in filters["brag"]:
            column = "final_brag" if filters["stage"] == "oversight" else "initial_brag"
            wanted |= Q(**{column: "" if code == NOT_RATED else code})
        contacts = contacts.filter(wanted)
    age = filters["age"]
    if age == "under-24h":
        contacts = contacts.filter(received_at__gt=now - timedelta(hours=24))
    elif age == "1-3d":
        contacts = contacts.filter(
            received_at__lte=now - timedelta(hours=24), received_at__gt=now - timedelta(days=3)
        )
    elif age == "over-3d":
        contacts = contacts.filter(received_at__lte=now - timedelta(days=3))
    total = contacts.count()
    order = "-received_at" if filters["sort"] == "newest" else "received_at"
    rows_source = list(contacts.select_related("child").order_by(order, "pk")[:QUEUE_LIMIT])
    rule = mash_rule()
    rows = []
    # Asked for the whole queue at once (a few queries, not several per contact).
    child_ids = {contact.child_id for contact in rows_source}
    seen = visible_contact_children(request.user, child_ids, broken_glass=glass_ids(request))
    breakable = child_ids - restricted_among(child_ids) if may(request.user, "child.break_glass") else set()
    mine = own_worker_ids(request.user)  # type: ignore[arg-type]
    for contact in rows_source:
        brag = contact.final_brag or contact.initial_brag
        rows.append(
            {
                "contact": contact,
                # A team manager outside the MASH sees only their own children's names here.
                "sees_child": contact.child_id in seen,
                "may_break_glass": contact.child_id in breakable,
                "clock": clock_for(contact, rule, now),
                "brag": brag_tag(brag),
                "brag_rank": BRAG_RANK[brag],
                "source": codes.label("ReferralSource", contact.referral_source),
                "stage": "oversight" if contact.decision_at else "decision",
                "own_decision": decided_by(contact, mine),
            }
        )
    if filters["sort"] == "urgency":
        far = date.max
        rows.sort(
            key=lambda r: (r["clock"].due or far, r["brag_rank"], r["contact"].received_at, r["contact"].pk)
        )
    # The queue shows children's names: every contact listed with a name is a viewing of that record.
    log_views(
        user=request.user,
        action="mash.queue",
        record_type="contact",
        record_ids=[r["contact"].pk for r in rows if r["sees_child"]],
    )
    return render(
        request,
        "mash/queue.html",
        {
            "rows": rows,
            "total": total,
            "shown": len(rows),
            "filters": filters,
            "filters_form": filters_form,
            "rule": rule,
            "rule_text": _rule_text(rule),
            "can_create": may(request.user, "contact.create"),
            "can_oversee": can_oversee,
            # A team manager outside the MASH may decide contacts (``contact.decide``), so keeps the
            # queue, but the MASH team decides them: the page says so, and seeing a child their team
            # does not hold (break glass) is offered as cover, not as each row's next step.
            "covering": not works_in_mash(request.user),
            "unnamed": sum(1 for row in rows if not row["sees_child"]),
        },
    )


def _rule_text(rule: Rule | None) -> str:
    """ "1 working day", "2 working days": the rule's period in words."""
    if rule is None:
        return ""
    unit = rule.unit.label
    return f"{rule.interval} {unit[:-1] if rule.interval == 1 and unit.endswith('s') else unit}"


# --- Contact form ---------------------------------------------------------------------------


def _carried_fields(data: Any) -> list[tuple[str, str]]:
    """The posted form, as hidden inputs, so nothing typed is lost across the duplicate check."""
    skip = {"csrfmiddlewaretoken", "action", "child_choice"}
    return [(name, value) for name in data for value in data.getlist(name) if name not in skip]


def _details_from(form: ContactForm) -> ChildDetails:
    data = form.cleaned_data
    return ChildDetails(
        first_name=data["child_first_name"],
        last_name=data["child_last_name"],
        birth_date=data["child_birth_date"],
        postcode=data.get("child_postcode", ""),
    )


def _render_contact_form(
    request: HttpRequest,
    form: Any,
    siblings: Any,
    errors: list[tuple[str, str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    errors = errors if errors is not None else []
    return render(
        request,
        "mash/contact_form.html",
        {
            "form": form,
            "siblings": siblings,
            "errors": errors,
            "is_partner": not may(request.user, "contact.match"),
        },
        status=status,
    )


def _save_contact(request: HttpRequest, form: ContactForm, siblings: Any, existing: Child | None) -> Contact:
    """Create (or reuse) the child, record the contact and link any siblings, all or nothing."""
    data = form.cleaned_data
    user = request.user
    now = clock.now()
    with transaction.atomic():
        if existing is None:
            child = s.register_child(
                first_name=data["child_first_name"],
                last_name=data["child_last_name"],
                person_birth_date=data["child_birth_date"],
                expected_person_birth_date=data["child_expected_birth_date"],  # given only when unborn
                sex=data["child_sex"],
                by=user,
            )
            if data.get("child_postcode"):
                s.record_address(
                    child=child, start_date=clock.today(), postcode=data["child_postcode"], by=user
                )
        else:
            child = existing
        contact = record_contact_from_form(form, child=child, received_at=now, by=user)
        for sibling in siblings.forms:
            if sibling.is_blank():
                continue
            s.link_children(
                child=child,
                related_child=sibling_child(sibling.cleaned_data, user),
                relationship_type=RelationshipType.SIBLING,
                by=user,
            )
    return contact


@requires("contact.create")
def contact_new(request: HttpRequest) -> HttpResponse:
    """Record a contact. MASH staff are offered possible existing records before a new child is made."""
    if request.method != "POST":
        form = new_contact_form(referral_source=own_agency_source(request.user))
        return _render_contact_form(request, form, SiblingFormSet(prefix="sibling"))
    data = request.POST
    token = data.get("submission_token", "")
    already = s.contact_for_submission(token)
    if already is not None:
        return _already_recorded(request, already)
    action = data.get("action", "continue")
    if action == "add-sibling":
        return _render_contact_form(
            request,
            unbound_copy(ContactForm, data),
            formset_with_another_row(SiblingFormSet, data, "sibling"),
        )
    form = ContactForm(data)
    siblings = SiblingFormSet(data, prefix="sibling")
    form_ok = form.is_valid()
    siblings_ok = siblings.is_valid()
    if action == "change" and form_ok:
        return _render_contact_form(request, form, siblings)
    if not (form_ok and siblings_ok):
        errors = error_list(form, *siblings.forms)
        errors += [("id_sibling-0-first_name", e) for e in siblings.non_form_errors()]
        return _render_contact_form(request, form, siblings, errors)

    resent = _resent(request, form)
    if resent is not None:
        return _already_recorded(request, resent)
    can_match = may(request.user, "contact.match")
    existing: Child | None = None
    if can_match:
        suggestions = find_possible_matches(_details_from(form))
        choice = data.get("child_choice", "")
        if suggestions and action != "save":
            return _render_check(request, suggestions, data)
        if suggestions and action == "save":
            allowed = {str(sug.child.pk): sug.child for sug in suggestions}
            if choice != "new" and choice not in allowed:
                error = "Select an existing record for this child, or say it is a new child"
                return _render_check(request, suggestions, data, error=error)
            existing = allowed.get(choice)
            if existing is not None:
                log_view(
                    user=request.user,
                    action="contact.match.chosen",
                    record_type="child",
                    record_id=existing.pk,
                )
    try:
        contact = _save_contact(request, form, siblings, existing)
    except JourneyRuleError as error:
        return _render_contact_form(request, form, siblings, [(ContactForm.non_field_anchor, error.message)])
    except IntegrityError:
        # The same form sent twice at once (a double click): the other request recorded it first.
        already = s.contact_for_submission(token)
        if already is None:
            raise
        return _already_recorded(request, already)
    messages.success(request, f"Contact recorded. Its reference is contact {contact.pk}.")
    already_open = Contact.objects.filter(child=contact.child, decision_at__isnull=True).exclude(
        pk=contact.pk
    )
    if already_open.exists() and may(request.user, "mash.queue"):
        numbers = ", ".join(str(c.pk) for c in already_open.order_by("pk"))
        messages.warning(
            request,
            f"This child already has an open contact awaiting a decision (contact {numbers}). "
            "Read them together before deciding.",
        )
    if may(request.user, "mash.queue"):
        return redirect("mash-queue")
    return redirect("mash-contact-outcome", pk=contact.pk)


def _resent(request: HttpRequest, form: ContactForm) -> Contact | None:
    """The contact this user recorded from these very details in the last hour (Back, then send again)."""
    data = form.cleaned_data
    return s.contact_just_recorded(
        by=request.user,
        referral_source=data["referral_source"],
        referrer_name=data["referrer_name"],
        concerns=data["concerns"],
        first_name=data["child_first_name"],
        last_name=data["child_last_name"],
        birth_date=data["child_birth_date"],
        now=clock.now(),
    )


def _already_recorded(request: HttpRequest, contact: Contact) -> HttpResponse:
    """The answer to a contact form sent again (back and resend, a double click): the contact it made.

    Recording it a second time would give the MASH two contacts, and perhaps
    two records, for one child; the user is shown the first instead.
    """
    messages.info(
        request,
        f"This form was already sent: it was recorded as contact {contact.pk}, "
        "and has not been recorded again.",
    )
    return redirect("mash-contact-outcome", pk=contact.pk)


def _render_check(
    request: HttpRequest, suggestions: list[Suggestion], data: Any, error: str = ""
) -> HttpResponse:
    # Suggesting a record is a viewing of it.
    for sug in suggestions:
        log_view(user=request.user, action="contact.match", record_type="child", record_id=sug.child.pk)
    rows = [
        {
            "child": sug.child,
            "reasons": sug.reason_text,
            "postcode": current_postcode(sug.child),
        }
        for sug in suggestions
    ]
    return render(
        request,
        "mash/contact_check.html",
        {
            "rows": rows,
            "carried": _carried_fields(data),
            "error": error,
            "errors": [("child_choice_0", error)] if error else [],
        },
        status=200,
    )


# --- Outcome (partners see only this) -----------------------------------------------------


@requires("contact.own")
def my_contacts(request: HttpRequest) -> HttpResponse:
    """A partner agency's own contacts and their outcomes; nothing else about the children.

    Each row says what the partner themselves recorded (when, the source agency, the referrer they
    named) and what the MASH decided and when, so a referrer can tell their contacts apart. The
    child's name is not among it: ``contact.child`` is front-door staff's only, and a partner sees
    the outcome of their own contacts (``contact.outcome``), nothing about the child.
    """
    contacts = list(Contact.objects.filter(created_by=request.user).order_by("-received_at")[:200])
    return render(request, "mash/my_contacts.html", {"contacts": contacts})


@contact_page
@requires("contact.outcome")
def contact_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    """The contact page: for a partner, the outcome only; for MASH staff, everything and what to do next."""
    contact = open_contact(request, pk, "contact.outcome")
    if not may(request.user, "mash.queue"):
        return render(request, "mash/contact_outcome.html", {"contact": contact, "staff": False})
    context = contact_panel(request, contact)
    context.update(
        {
            "staff": True,
            "brag": brag_tag(contact.final_brag),
            "initial_brag": brag_tag(contact.initial_brag),
            "ratings": brag_history(contact),
            "can_decide": contact.decision_at is None and may(request.user, "contact.decide", contact),
            "can_move": (
                contact.decision_at is None
                and may(request.user, "contact.decide", contact)
                and may(request.user, "contact.match")
            ),
            "can_oversee": (
                contact.decision_at is not None
                and contact.manager_oversight_at is None
                and not decided_by(contact, own_worker_ids(request.user))  # type: ignore[arg-type]
                and may(request.user, "contact.oversee", contact)
            ),
        }
    )
    return render(request, "mash/contact_outcome.html", context)


@contact_page
@requires("contact.decide")
def contact_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a contact awaiting its decision to a record the contact page offers as possibly the same child.

    Only a record the page offers may be chosen (the same duplicate check,
    asked again here), and the journey service decides whether the move is
    safe; a refusal is shown on the contact page in its own words.
    """
    contact = open_contact(request, pk, "contact.decide", log_as="contact.move")
    if request.method != "POST" or not may(request.user, "contact.match"):
        return redirect("mash-contact-outcome", pk=contact.pk)
    offered = {str(sug.child.pk): sug.child for sug in possible_duplicates(contact.child)}
    target = offered.get(request.POST.get("child", ""))
    if target is None:
        messages.error(request, "Choose one of the records listed as possibly the same child")
        return redirect("mash-contact-outcome", pk=contact.pk)
    version = request.POST.get("version", "")
    try:
        s.move_contact(
            contact=contact,
            to_child=target,
            expected_version=int(version) if version.isdigit() else -1,
            by=request.user,
        )
    except JourneyRuleError as error:
        messages.error(request, error.message)
        return redirect("mash-contact-outcome", pk=contact.pk)
    messages.success(
        request,
        f"Contact {contact.pk} is now on the record of {target.display_name} "
        f"(LAchildID {target.la_child_id}). The record made for it holds nothing else.",
    )
    return redirect("mash-contact-outcome", pk=contact.pk)


# --- What every contact page shows ------------------------------------------------------------

#: The chronology steps that set or change a contact's BRAG rating.
BRAG_STEPS = ("record_initial_brag", "record_mash_decision")


def brag_history(contact: Contact) -> list[ChronologyEvent]:
    """Each rating and re-rating of the contact, oldest first, from its chronology (changes stay visible)."""
    return list(
        ChronologyEvent.objects.filter(record_type="contact", record_id=contact.pk, step__in=BRAG_STEPS)
        .select_related("by")
        .order_by("at", "pk")
    )


def possible_duplicates(child: Child) -> list[Suggestion]:
    """Other records that may be the same child, found as the contact form's duplicate check finds them."""
    return find_possible_matches(
        ChildDetails(
            first_name=child.first_name,
            last_name=child.last_name,
            birth_date=child.person_birth_date,
            postcode=current_postcode(child),
        ),
        exclude=child.pk,
    )


def child_opens(request: HttpRequest, child: Child) -> str:
    """How the contact page links to the child's record: "record", "break_glass" or "" (no link).

    The MASH sees every contact's child but may hold no reason to open the
    record itself; without a link, the practitioner who recorded and referred
    the child could not reach the record, nor even learn its number to break
    the glass by. A restricted record is never offered.
    """
    access = access_for(request, child.pk)
    if may(request.user, "child.view", access):
        return "record"
    if may(request.user, "child.break_glass", access):
        return "break_glass"
    return ""


def referrer_lines(contact: Contact) -> list[str]:
    """Who made the contact, a line each: "name, job title", organisation, phone, email.

    Only what was recorded: an empty list, which the page shows as "Not recorded", rather
    than an empty value or a line starting with a comma when only the job title is known.
    """
    who = ", ".join(part for part in (contact.referrer_name, contact.referrer_role) if part)
    lines = [
        who,
        contact.referrer_organisation,
        f"Phone: {contact.referrer_phone}" if contact.referrer_phone else "",
        f"Email: {contact.referrer_email}" if contact.referrer_email else "",
    ]
    return [line for line in lines if line]


def contact_panel(request: HttpRequest, contact: Contact) -> dict[str, Any]:
    """What the contact, triage, partner-check, decision and oversight pages show about the contact."""
    child = contact.child
    duplicates = possible_duplicates(child) if may(request.user, "contact.match") else []
    siblings = [
        rel.related_child
        for rel in child.relationships.filter(related_child__isnull=False).select_related("related_child")
    ]
    return {
        "contact": contact,
        "child": child,
        "child_opens": child_opens(request, child),
        "postcode": current_postcode(child),
        "source": codes.label("ReferralSource", contact.referral_source),
        "referrer": referrer_lines(contact),
        "clock": clock_for(contact, mash_rule(), clock.now()),
        "duplicates": duplicates,
        "siblings": siblings,
        "checks": list(contact.checks.select_related("recorded_by").order_by("checked_on", "pk")),
        "history": front_door_history(child, contact=contact),
    }
