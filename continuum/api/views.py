"""The partner API (version 1): make a contact, read your own contacts' outcomes, the OpenAPI description.

Every view is guarded by :func:`continuum.api.auth.api_view` (bearer token,
partner role, permissions policy) and writes the access log. URLs carry
internal contact numbers only; responses about a contact carry its outcome,
never the child's details, and a contact the token's user did not make is
answered 404 exactly as one that does not exist, so its existence is not
disclosed.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils import timezone

from continuum.api.auth import api_view, error
from continuum.api.forms import ParsedContact, parse_contact
from continuum.api.openapi import openapi_document
from continuum.core import clock
from continuum.core.access_log import log_view
from continuum.core.policy import may
from continuum.journey import services as s
from continuum.journey.errors import JourneyRuleError
from continuum.journey.models import Contact
from continuum.people.models import RelationshipType
from continuum.web.mash.intake import record_contact_from_form, sibling_child

AWAITING = "awaiting_decision"
DECIDED = "decided"


def _status(contact: Contact) -> str:
    return DECIDED if contact.decision_at else AWAITING


def _save(parsed: ParsedContact, user: Any) -> Contact:
    """A new child (partners never see or choose existing records), its address, the contact, the siblings."""
    form = parsed.form
    assert form is not None
    data = form.cleaned_data
    with transaction.atomic():
        child = s.register_child(
            first_name=data["child_first_name"],
            last_name=data["child_last_name"],
            person_birth_date=data.get("child_birth_date"),
            expected_person_birth_date=data.get("child_expected_birth_date"),
            sex=data["child_sex"],
            by=user,
        )
        address = form.address()
        if any(address.values()):
            s.record_address(child=child, start_date=clock.today(), by=user, **address)
        contact = record_contact_from_form(form, child=child, received_at=clock.now(), by=user)
        for row in parsed.siblings:
            # The MASH form's rule: reuse one existing child with exactly these names and
            # date of birth, else a new record. The partner is shown nothing either way.
            s.add_relationship(
                child=child,
                related_child=sibling_child(row, user),
                relationship_type=RelationshipType.SIBLING,
                by=user,
            )
    return contact


@api_view("contact.create", methods=("POST",))
def contacts(request: HttpRequest) -> JsonResponse:
    """POST a contact: 201 with its id and status, or 400 with the fields that are wrong."""
    user = request.user
    if request.content_type != "application/json":
        log_view(user=user, action="api.contact.create.invalid", record_type="api", record_id="415")
        return error(415, "Send the contact as JSON, with 'Content-Type: application/json'")
    try:
        body = json.loads(request.body or b"null")
    except RequestDataTooBig:
        log_view(user=user, action="api.contact.create.invalid", record_type="api", record_id="413")
        return error(413, "The request is too large")
    except (ValueError, UnicodeDecodeError, RecursionError):
        # RecursionError: JSON nested deeper than the parser's stack (100,000 '[' say) is not a
        # contact; it is refused like any other body that is not JSON, never a 500.
        log_view(user=user, action="api.contact.create.invalid", record_type="api", record_id="400")
        return error(400, "The body is not valid JSON")
    parsed = parse_contact(body)
    if not parsed.ok:
        log_view(user=user, action="api.contact.create.invalid", record_type="api", record_id="400")
        return JsonResponse({"errors": parsed.errors}, status=400)
    try:
        contact = _save(parsed, user)
    except JourneyRuleError as refusal:
        log_view(user=user, action="api.contact.create.invalid", record_type="api", record_id="400")
        return error(400, refusal.message)
    log_view(user=user, action="api.contact.create", record_type="contact", record_id=contact.pk)
    response = JsonResponse({"id": contact.pk, "status": _status(contact)}, status=201)
    response["Location"] = reverse("api-contact", kwargs={"pk": contact.pk})
    return response


def _own_contact(user: Any, pk: int) -> Contact | None:
    """The contact, if this user recorded it (its ``created_by``); otherwise None."""
    contact = Contact.objects.filter(pk=pk, created_by=user).first()
    if contact is None or not may(user, "contact.outcome", contact):
        return None
    return contact


@api_view("contact.outcome", methods=("GET",))
def contact_outcome(request: HttpRequest, pk: int) -> JsonResponse:
    """The outcome of a contact the token's user made; 404 for any other contact."""
    contact = _own_contact(request.user, pk)
    if contact is None:
        log_view(user=request.user, action="api.contact.outcome.refused", record_type="contact", record_id=pk)
        return error(404, "No contact with this id that you made")
    log_view(user=request.user, action="api.contact.outcome", record_type="contact", record_id=contact.pk)
    decided = contact.decision_at
    return JsonResponse(
        {
            "id": contact.pk,
            "status": _status(contact),
            "outcome": contact.outcome or None,
            "outcome_label": contact.get_outcome_display() or None,
            "decided_on": timezone.localdate(decided).isoformat() if decided else None,
        }
    )


@api_view("contact.create", methods=("GET",))
def openapi(request: HttpRequest) -> JsonResponse:
    """The OpenAPI 3.1 description of this API (for partners who may make contacts)."""
    log_view(user=request.user, action="api.openapi", record_type="api", record_id="openapi")
    return JsonResponse(openapi_document())
