"""Saving a contact from the contact form's cleaned data.

The browser form (MASH staff and partners) and the partner JSON API both take
in a contact through the same form; this is the one place that turns its
cleaned data into service calls, so the two routes cannot drift apart.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.models import User

from continuum.journey import services as s
from continuum.journey.models import Contact
from continuum.people.matching import normalise_name
from continuum.people.models import Child
from continuum.web.mash.forms import ContactForm


def record_contact_from_form(
    form: ContactForm, *, child: Child, received_at: datetime, by: User | Any
) -> Contact:
    """Record the contact described by a valid contact form, for ``child``.

    The reason to proceed without consent is taken as the form cleaned it: the form asks it only
    after "Consent dispensed with" (``ContactForm.reveals``), so under any other answer it is
    already blank here. Both routes in rely on that, the browser's :class:`ContactForm` and the
    partners' API (``continuum.api.forms.ApiContactForm``, a subclass with the same reveal), so it is
    not blanked again by hand."""
    data = form.cleaned_data
    return s.record_contact(
        child=child,
        received_at=received_at,
        referral_source=data["referral_source"],
        consent=data["consent"],
        consent_dispensed_rationale=data.get("consent_dispensed_rationale", ""),
        referrer_name=data["referrer_name"],
        referrer_role=data.get("referrer_role", ""),
        referrer_organisation=data["referrer_organisation"],
        referrer_phone=data.get("referrer_phone", ""),
        referrer_email=data.get("referrer_email", ""),
        concerns=data["concerns"],
        submission_token=data.get("submission_token", ""),
        by=by,
    )


def sibling_child(row: dict[str, Any], by: User | Any) -> Child:
    """The sibling's record: one existing child with exactly these names and birth date, else a new one.

    Only an exact match is reused silently (the user was not shown a choice for siblings).
    """
    same = [
        child
        for child in Child.objects.filter(person_birth_date=row["birth_date"])
        if normalise_name(child.first_name) == normalise_name(row["first_name"])
        and normalise_name(child.last_name) == normalise_name(row["last_name"])
    ]
    if len(same) == 1:
        return same[0]
    return s.register_child(
        first_name=row["first_name"], last_name=row["last_name"], person_birth_date=row["birth_date"], by=by
    )
