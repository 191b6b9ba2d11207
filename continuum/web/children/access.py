"""Opening one child's record: the policy question, break glass in the session, and the access log.

Why here and not in each view: every page about a child must ask the same
question (may this user see this child, counting a break glass earlier in
the session?), refuse the same way, and write the same log entry. A view
calls :func:`open_child` and gets either the child or the response to send.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from continuum.core.access_log import log_view
from continuum.core.policy import ChildAccess, may
from continuum.people.models import Child

#: Session key holding the ids of children this session broke the glass for.
BREAK_GLASS_SESSION_KEY = "continuum.break_glass"


def glass_ids(request: HttpRequest) -> set[int]:
    return {int(i) for i in request.session.get(BREAK_GLASS_SESSION_KEY, [])}


def grant_break_glass(request: HttpRequest, child_id: int) -> None:
    """Remember for the rest of this session (and only this session) that the user broke the glass."""
    ids = glass_ids(request) | {child_id}
    request.session[BREAK_GLASS_SESSION_KEY] = sorted(ids)


def access_for(request: HttpRequest, child_id: int) -> ChildAccess:
    return ChildAccess(child_id, broken_glass=child_id in glass_ids(request))


def log(
    user: User,
    action: str,
    *,
    record_type: str = "child",
    record_id: object = "",
    reason: str = "",
    flagged: bool = False,
) -> None:
    """Append one access-log entry (who and when are filled in; what and why are given)."""
    log_view(
        user=user, action=action, record_type=record_type, record_id=record_id, reason=reason, flagged=flagged
    )


def open_child(request: HttpRequest, pk: int, action: str, *, policy_action: str = "child.view") -> Child:
    """The child, if this user may see it for ``policy_action``; the view is logged as ``action``.

    Raises :class:`AccessRefused` or :class:`BreakGlassNeeded` otherwise; a
    view wrapped by ``child_page`` turns them into responses.

    A refusal is logged too (``child.refused``), so the audit shows attempts as
    well as views. When the user could break the glass they are sent to the
    break-glass form (raised as :class:`BreakGlassNeeded`); otherwise 403.
    A view that is possible only because of break glass is flagged for review.
    """
    child = get_object_or_404(Child, pk=pk)
    user = request.user
    access = access_for(request, child.pk)
    if may(user, policy_action, access):  # type: ignore[arg-type]
        flagged = access.broken_glass and not may(user, policy_action, ChildAccess(child.pk))  # type: ignore[arg-type]
        log(user, action, record_id=child.pk, flagged=flagged)  # type: ignore[arg-type]
        return child
    log(user, "child.refused", record_id=child.pk)  # type: ignore[arg-type]
    can_see = may(user, "child.view", access)  # type: ignore[arg-type]
    if not can_see and may(user, "child.break_glass", access):  # type: ignore[arg-type]
        raise BreakGlassNeeded(child.pk, request.get_full_path())
    raise AccessRefused(policy_action)


class AccessRefused(PermissionDenied):
    """Refused, and already logged: answer 403 without undoing the log entry.

    Requests run in a transaction (``ATOMIC_REQUESTS``), so an exception
    escaping the view would roll back the refusal's log entry; the view
    wrapper turns this into an ordinary 403 response instead.
    """


class BreakGlassNeeded(Exception):
    """The user may not see the child yet, but may state a reason to (handled by :func:`guard`)."""

    def __init__(self, child_id: int, next_path: str) -> None:
        super().__init__(child_id)
        self.child_id = child_id
        self.next_path = next_path

    def response(self) -> HttpResponse:
        url = reverse("child-break-glass", args=[self.child_id])
        return redirect(f"{url}?{urlencode({'next': self.next_path})}")
