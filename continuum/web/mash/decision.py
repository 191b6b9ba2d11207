"""Working a contact to its decision: triage, partner checks one by one, the decision, oversight.

The order follows the MASH's day: a practitioner rates the contact as soon as
it is read (initial BRAG, so the queue puts the riskiest first), partner
agencies' checks are added as they come in, then the decision records the
final BRAG, the outcome and its rationale, and a team manager signs it off
(in the decision form, or later). Each step is a journey service; every page
opens the contact through :func:`~continuum.web.mash.contact_access.open_contact`
(policy, the contact's child, break glass, access log).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from continuum.core import clock
from continuum.journey import services as s
from continuum.journey.errors import ConcurrentChangeError, JourneyRuleError
from continuum.journey.models import Contact, ContactOutcome
from continuum.web.access import requires
from continuum.web.govuk.forms import error_list
from continuum.web.mash.contact_access import contact_or_404, contact_page, open_contact
from continuum.web.mash.forms import (
    DecisionForm,
    OversightForm,
    PartnerCheckForm,
    TriageForm,
    typed_values,
)
from continuum.web.mash.views import (
    CONCURRENT_MESSAGE,
    NO_WORKER_MESSAGE,
    brag_tag,
    contact_panel,
    decided_by,
    duty_teams,
    own_worker_ids,
    seen_token,
    what_changed,
    worker_of,
)

Errors = list[tuple[str, str]]


def _render(
    request: HttpRequest,
    template: str,
    contact: Contact,
    form: Any,
    errors: Errors,
    changes: list[str] | tuple[str, ...] = (),
) -> HttpResponse:
    context = contact_panel(request, contact)
    context.update(
        {
            "form": form,
            "errors": errors,
            "changes": list(changes),
            "brag": brag_tag(contact.final_brag),
            "initial_brag": brag_tag(contact.initial_brag),
        }
    )
    return render(request, template, context)


def _already_decided(request: HttpRequest, contact: Contact) -> HttpResponse:
    messages.info(request, f"Contact {contact.pk} already has a MASH decision.")
    return redirect("mash-contact-outcome", pk=contact.pk)


def _versioned_initial(contact: Contact) -> dict[str, Any]:
    return {"version": contact.version, "seen": seen_token(contact)}


def _conflict(
    request: HttpRequest, template: str, pk: int, form_class: Any, seen: str, **kwargs: Any
) -> HttpResponse:
    """Someone else saved the contact first: say what changed, keep the answers, allow a fresh save.

    The form is drawn again for the contact as it now is, with the user's
    answers and the new version, so that after checking the changes they can
    save again rather than hit the same clash.
    """
    fresh = contact_or_404(pk)
    kwargs = {**kwargs, "triaged": bool(fresh.initial_brag)} if "triaged" in kwargs else kwargs
    typed = typed_values(form_class(request.POST, **kwargs), request.POST)
    form = form_class(initial={**typed, **_versioned_initial(fresh)}, **kwargs)
    errors = [(form.non_field_anchor, CONCURRENT_MESSAGE)]
    return _render(request, template, fresh, form, errors, what_changed(seen, fresh))


# --- Triage -------------------------------------------------------------------------------


@contact_page
@requires("contact.decide")
def contact_triage(request: HttpRequest, pk: int) -> HttpResponse:
    """Give (or change) the initial BRAG rating before the decision."""
    contact = open_contact(request, pk, "contact.decide", log_as="contact.triage")
    if contact.decision_at is not None:
        return _already_decided(request, contact)
    template = "mash/triage_form.html"
    if request.method != "POST":
        form = TriageForm(
            initial={
                **_versioned_initial(contact),
                "initial_brag": contact.initial_brag,
                "brag_rationale": contact.brag_rationale,
            }
        )
        return _render(request, template, contact, form, [])
    form = TriageForm(request.POST)
    if not form.is_valid():
        return _render(request, template, contact, form, error_list(form))
    try:
        s.record_initial_brag(
            contact=contact,
            initial_brag=form.cleaned_data["initial_brag"],
            brag_rationale=form.cleaned_data["brag_rationale"],
            expected_version=form.cleaned_data["version"],
            by=request.user,  # type: ignore[arg-type]
        )
    except ConcurrentChangeError:
        return _conflict(request, template, pk, TriageForm, form.cleaned_data.get("seen", ""))
    except JourneyRuleError as error:
        return _render(request, template, contact, form, [(TriageForm.non_field_anchor, error.message)])
    messages.success(request, f"Initial BRAG rating recorded for contact {contact.pk}.")
    return redirect("mash-contact-outcome", pk=contact.pk)


# --- Partner checks -----------------------------------------------------------------------


@contact_page
@requires("contact.decide")
def partner_check_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Add one partner agency's check (agency, date, summary) while the contact awaits its decision."""
    contact = open_contact(request, pk, "contact.decide", log_as="contact.partner_check")
    if contact.decision_at is not None:
        return _already_decided(request, contact)
    template = "mash/partner_check_form.html"
    if request.method != "POST":
        return _render(request, template, contact, PartnerCheckForm(), [])
    form = PartnerCheckForm(request.POST)
    if not form.is_valid():
        return _render(request, template, contact, form, error_list(form))
    try:
        check = s.record_partner_check(contact=contact, by=request.user, **form.cleaned_data)  # type: ignore[arg-type]
    except JourneyRuleError as error:
        return _render(request, template, contact, form, [(PartnerCheckForm.non_field_anchor, error.message)])
    messages.success(request, f"{check.get_agency_display()} check added to contact {contact.pk}.")
    return redirect("mash-contact-outcome", pk=contact.pk)


# --- Decision -----------------------------------------------------------------------------


def _decide(request: HttpRequest, contact: Contact, form: DecisionForm) -> Contact:
    """Save the decision and, for a referral, open the CIN episode and allocate it: all or nothing."""
    cleaned = form.cleaned_data
    now = clock.now()
    worker = worker_of(request.user)  # type: ignore[arg-type]
    with transaction.atomic():
        decided = s.record_mash_decision(
            contact=contact,
            initial_brag=cleaned.get("initial_brag", ""),
            final_brag=cleaned["final_brag"],
            decision_at=now,
            outcome=cleaned["outcome"],
            decision_rationale=cleaned["rationale"],
            decided_by=worker,
            expected_version=cleaned["version"],
            by=request.user,  # type: ignore[arg-type]
        )
        if decided.outcome == ContactOutcome.REFERRAL:
            today = timezone.localdate(now)
            s.open_referral(
                child=decided.child,
                contact=decided,
                cin_referral_date=today,
                referral_source=decided.referral_source,
                by=request.user,  # type: ignore[arg-type]
            )
            s.allocate(
                child=decided.child, team=cleaned["team"], start_date=today, worker=None, by=request.user
            )  # type: ignore[arg-type]
    return decided


@contact_page
@requires("contact.decide")
def contact_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the MASH decision; a referral opens a CIN episode allocated to duty and assessment."""
    contact = open_contact(request, pk, "contact.decide")
    template = "mash/decision_form.html"
    form_kwargs = {"teams": duty_teams(), "triaged": bool(contact.initial_brag)}
    if request.method != "POST":
        if contact.decision_at is not None:
            return _already_decided(request, contact)
        form = DecisionForm(initial=_versioned_initial(contact), **form_kwargs)
        return _render(request, template, contact, form, [])
    form = DecisionForm(request.POST, **form_kwargs)
    if not form.is_valid():
        return _render(request, template, contact, form, error_list(form))
    try:
        decided = _decide(request, contact, form)
    except ConcurrentChangeError:
        return _conflict(
            request, template, pk, DecisionForm, form.cleaned_data.get("seen", ""), **form_kwargs
        )
    except JourneyRuleError as error:
        return _render(request, template, contact, form, [(form.non_field_anchor, error.message)])
    text = f"MASH decision recorded for contact {decided.pk}: {decided.get_outcome_display()}."
    if decided.outcome == ContactOutcome.REFERRAL:
        team = form.cleaned_data["team"]
        text += f" A referral was opened and allocated to {team.name} (unallocated to a worker)."
    messages.success(request, text)
    return redirect("mash-queue")


# --- Oversight ----------------------------------------------------------------------------


@contact_page
@requires("contact.oversee")
def contact_oversee(request: HttpRequest, pk: int) -> HttpResponse:
    """A team manager signs off a decision made earlier."""
    contact = open_contact(request, pk, "contact.oversee")
    template = "mash/oversight_form.html"
    if request.method != "POST":
        if contact.decision_at is None or contact.manager_oversight_at is not None:
            messages.info(request, f"Contact {contact.pk} has no decision awaiting oversight.")
            return redirect("mash-contact-outcome", pk=contact.pk)
        if decided_by(contact, own_worker_ids(request.user)):  # type: ignore[arg-type]
            messages.info(
                request, f"You made the decision on contact {contact.pk}: another manager signs it off."
            )
            return redirect("mash-contact-outcome", pk=contact.pk)
        return _render(request, template, contact, OversightForm(initial=_versioned_initial(contact)), [])
    form = OversightForm(request.POST)
    if not form.is_valid():
        return _render(request, template, contact, form, error_list(form))
    worker = worker_of(request.user)  # type: ignore[arg-type]
    if worker is None:
        form.add_error(None, NO_WORKER_MESSAGE)
        return _render(request, template, contact, form, error_list(form))
    try:
        s.record_manager_oversight(
            contact=contact,
            manager=worker,
            at=clock.now(),
            note=form.cleaned_data["note"].strip(),
            expected_version=form.cleaned_data["version"],
            by=request.user,  # type: ignore[arg-type]
        )
    except ConcurrentChangeError:
        return _conflict(request, template, pk, OversightForm, form.cleaned_data.get("seen", ""))
    except JourneyRuleError as error:
        return _render(request, template, contact, form, [(OversightForm.non_field_anchor, error.message)])
    messages.success(request, f"Oversight recorded for contact {contact.pk}.")
    return redirect(reverse("mash-queue") + "?stage=oversight")
