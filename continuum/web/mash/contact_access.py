"""Opening one contact at the front door: whose child it is, break glass, and the access log.

Why here: the MASH team works every contact, but a team manager from
elsewhere who uses the queue sees a contact's child only as they would see
the child's record (their team's child, a recorded relationship, or break
glass), and a restricted record only if named on it. Every contact page asks
the same question the same way through :func:`open_contact`, and break glass
reuses the child record's own page rather than a copy of it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from continuum.core.access_log import log_view
from continuum.core.policy import ChildAccess, may
from continuum.journey.models import Contact
from continuum.web.access import requires
from continuum.web.children import record as child_record
from continuum.web.children.access import access_for
from continuum.web.views import permission_denied

View = Callable[..., HttpResponse]


class BreakGlassOffered(Exception):
    """The user may not see this contact's child, but may state a reason and break the glass."""

    def __init__(self, contact: Contact) -> None:
        super().__init__(contact.pk)
        self.contact = contact

    def response(self) -> HttpResponse:
        return redirect("mash-contact-break-glass", pk=self.contact.pk)


def contact_or_404(pk: int) -> Contact:
    return get_object_or_404(Contact.objects.select_related("child"), pk=pk)


def child_access(request: HttpRequest, contact: Contact) -> ChildAccess:
    """The question about the contact's child, counting a break glass earlier in this session."""
    return access_for(request, contact.child_id)


def sees_child(request: HttpRequest, contact: Contact) -> bool:
    return may(request.user, "contact.child", child_access(request, contact))


def open_contact(request: HttpRequest, pk: int, action: str, *, log_as: str = "") -> Contact:
    """The contact, if this user may take ``action`` on it (and see its child); logged as a viewing.

    ``log_as`` names the page in the access log when it differs from the policy action.

    Partner agencies are asked about the contact only (they never see the
    child's details). Front-door staff must also see the child: if they may
    not but could break the glass, :class:`BreakGlassOffered` is raised; if
    they could not (a restricted record), the answer is 403.
    """
    user: User = request.user  # type: ignore[assignment]
    contact = contact_or_404(pk)
    if not may(user, action, contact):
        raise PermissionDenied(action)
    if may(user, "contact.child"):
        access = child_access(request, contact)
        if not may(user, "contact.child", access):
            log_view(user=user, action="contact.refused", record_type="contact", record_id=contact.pk)
            if may(user, "child.break_glass", access):
                raise BreakGlassOffered(contact)
            raise PermissionDenied("contact.child")
    log_view(user=user, action=log_as or action, record_type="contact", record_id=contact.pk)
    return contact


def contact_page(view: View) -> View:
    """Wrap a contact page so that a refusal is answered, not raised, and break glass is offered.

    Requests run in a transaction: a raised ``PermissionDenied`` would roll
    back the "refused" access-log entry, so it is turned into a 403 response
    here, and :class:`BreakGlassOffered` into a redirect to the break-glass page.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except BreakGlassOffered as offered:
            return offered.response()
        except PermissionDenied:
            return permission_denied(request)

    return wrapped


@requires("contact.child")
def contact_break_glass(request: HttpRequest, pk: int) -> HttpResponse:
    """Break the glass for a contact's child from the queue or a contact page, then return to the contact.

    The child record's own break-glass page does the work (its form, its
    warning, the session grant and the flagged access-log entry with the
    reason); this view only sends the user back to the contact once the glass
    is broken, instead of to the child's record.
    """
    contact = contact_or_404(pk)
    if sees_child(request, contact):
        return redirect("mash-contact-outcome", pk=contact.pk)
    response = child_record.break_glass(request, pk=contact.child_id)
    if sees_child(request, contact):
        return redirect("mash-contact-outcome", pk=contact.pk)
    return response
