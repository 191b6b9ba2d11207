"""Who may see which child: record and end legitimate relationships, restrict records, review break glass.

Team managers and QA officers record the reasons staff outside a child's team
may see the record; QA officers restrict records to named users and review
every break-glass access (the policy's ``access.*`` rules). Pages show
children by LAchildID and internal number only, and every change is written
to the access log by :mod:`continuum.web.access_admin.records`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.core import signing
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from continuum.core.access_log import log_view
from continuum.core.models import AccessLogEntry, LegitimateRelationship, RestrictedRecord
from continuum.core.policy import may
from continuum.people.models import Child
from continuum.web.access import requires
from continuum.web.access_admin import records
from continuum.web.access_admin.forms import (
    BreakGlassFilterForm,
    EndRelationshipForm,
    RelationshipForm,
    RestrictionForm,
    user_label,
)
from continuum.web.mash.forms import error_list

LIST_LIMIT = 200
REVIEW_PAGE_SIZE = 50
CONCURRENT_MESSAGE = "This restriction was changed by someone else while you were editing it"
_SEEN_SALT = "continuum.access_admin.seen"


def _posted(request: HttpRequest) -> Any:
    """The posted data, or None for a GET: an empty POST must still be checked (and refused)."""
    return request.POST if request.method == "POST" else None


def _references(child_ids: list[int]) -> dict[int, str]:
    """LAchildID by internal number, in one query (children are never shown by name here)."""
    return dict(Child.objects.filter(pk__in=child_ids).values_list("pk", "la_child_id"))


@requires("access.manage")
def index(request: HttpRequest) -> HttpResponse:
    """The access pages this user may use."""
    user = request.user
    return render(
        request,
        "access_admin/index.html",
        {
            "may_relationships": may(user, "access.relationships"),
            "may_restrict": may(user, "access.restrict"),
            "may_review": may(user, "access.review"),
            "flagged": AccessLogEntry.objects.filter(flagged=True).count()
            if may(user, "access.review")
            else 0,
        },
    )


# --- Legitimate relationships ---------------------------------------------------------------


@requires("access.relationships")
def relationships(request: HttpRequest) -> HttpResponse:
    """Relationships in date or still to start, most recent first; ended ones drop off the list."""
    today = timezone.localdate()
    rows = list(
        LegitimateRelationship.objects.filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("user")
        .order_by("-start_date", "-pk")[:LIST_LIMIT]
    )
    refs = _references([row.child_id for row in rows])
    log_view(
        user=request.user, action="access.relationships", record_type="access", record_id="relationships"
    )
    return render(
        request,
        "access_admin/relationships.html",
        {
            "rows": [
                {"rel": row, "who": user_label(row.user), "ref": refs.get(row.child_id, "")} for row in rows
            ],
            "today": today,
        },
    )


@requires("access.relationships")
def relationship_new(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = RelationshipForm(_posted(request), recorded_by=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            records.record_relationship(
                user=data["user"],
                child=data["child"],
                reason=data["reason"],
                start_date=data["start_date"],
                end_date=data.get("end_date"),
                by=user,
            )
        except records.AccessChangeRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request, f"{user_label(data['user'])} may now see child {data['child'].la_child_id}'s record."
            )
            return redirect("access-relationships")
    return render(request, "access_admin/relationship_form.html", {"form": form, "errors": error_list(form)})


@requires("access.relationships")
def relationship_end(request: HttpRequest, pk: int) -> HttpResponse:
    relationship = get_object_or_404(LegitimateRelationship.objects.select_related("user"), pk=pk)
    form = EndRelationshipForm(
        _posted(request),
        start_date=relationship.start_date,
        initial={"end_date": max(timezone.localdate(), relationship.start_date)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            records.end_relationship(
                relationship=relationship,
                end_date=form.cleaned_data["end_date"],
                by=request.user,  # type: ignore[arg-type]
            )
        except records.AccessChangeRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, f"Relationship ended on {form.cleaned_data['end_date']:%d/%m/%Y}.")
            return redirect("access-relationships")
    context = {
        "form": form,
        "errors": error_list(form),
        "rel": relationship,
        "who": user_label(relationship.user),
        "ref": _references([relationship.child_id]).get(relationship.child_id, ""),
    }
    return render(request, "access_admin/relationship_end.html", context)


# --- Restricted records ---------------------------------------------------------------------


def _seen(restriction: RestrictedRecord) -> dict[str, Any]:
    return {
        "reason": restriction.reason,
        "named": sorted(restriction.named_users.values_list("pk", flat=True)),
    }


def _what_changed(token: str, restriction: RestrictedRecord) -> list[str]:
    try:
        seen = signing.loads(token, salt=_SEEN_SALT)
    except signing.BadSignature:
        return []
    now = _seen(restriction)
    changes = []
    if seen.get("reason") != now["reason"]:
        changes.append(f"Reason is now: {now['reason']}")
    if seen.get("named") != now["named"]:
        names = [user_label(u) for u in restriction.named_users.order_by("last_name", "username")]
        changes.append("Named users are now: " + (", ".join(names) or "nobody"))
    return changes


@requires("access.restrict")
def restrictions(request: HttpRequest) -> HttpResponse:
    rows = list(RestrictedRecord.objects.prefetch_related("named_users").order_by("-created_at")[:LIST_LIMIT])
    refs = _references([row.child_id for row in rows])
    log_view(user=request.user, action="access.restrictions", record_type="access", record_id="restricted")
    return render(
        request,
        "access_admin/restrictions.html",
        {
            "rows": [
                {
                    "restriction": row,
                    "ref": refs.get(row.child_id, ""),
                    "named": [user_label(u) for u in row.named_users.all()],
                }
                for row in rows
            ]
        },
    )


@requires("access.restrict")
def restriction_new(request: HttpRequest) -> HttpResponse:
    form = RestrictionForm(_posted(request), new=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            records.restrict_record(
                child=data["child"],
                reason=data["reason"],
                named=list(data["named_users"]),
                by=request.user,  # type: ignore[arg-type]
            )
        except records.AccessChangeRefused as refused:
            form.add_error("child", str(refused))
        else:
            messages.success(request, f"Child {data['child'].la_child_id}'s record is now restricted.")
            return redirect("access-restrictions")
    return render(
        request, "access_admin/restriction_form.html", {"form": form, "errors": error_list(form), "new": True}
    )


@requires("access.restrict")
def restriction_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change who is named (or the reason), or lift the restriction; a clash with another save is shown."""
    restriction = get_object_or_404(RestrictedRecord, pk=pk)
    ref = _references([restriction.child_id]).get(restriction.child_id, "")
    user: User = request.user  # type: ignore[assignment]
    changes: list[str] = []
    if request.method == "POST" and request.POST.get("action") == "lift":
        records.lift_restriction(restriction=restriction, by=user)
        messages.success(request, f"The restriction on child {ref}'s record was lifted.")
        return redirect("access-restrictions")
    if request.method == "POST":
        form = RestrictionForm(request.POST, new=False)
        if form.is_valid():
            changes = _what_changed(form.cleaned_data["seen"], restriction)
            if changes:
                form.add_error(None, CONCURRENT_MESSAGE)
                form.data = form.data.copy()
                form.data["seen"] = signing.dumps(_seen(restriction), salt=_SEEN_SALT)
            else:
                records.change_restriction(
                    restriction=restriction,
                    reason=form.cleaned_data["reason"],
                    named=list(form.cleaned_data["named_users"]),
                    by=user,
                )
                messages.success(request, f"Who may open child {ref}'s record was changed.")
                return redirect("access-restrictions")
    else:
        current = _seen(restriction)
        form = RestrictionForm(
            new=False,
            initial={
                "reason": current["reason"],
                "named_users": current["named"],
                "seen": signing.dumps(current, salt=_SEEN_SALT),
            },
        )
    return render(
        request,
        "access_admin/restriction_form.html",
        {
            "form": form,
            "errors": error_list(form),
            "new": False,
            "restriction": restriction,
            "ref": ref,
            "changes": changes,
        },
    )


# --- Break-glass review ---------------------------------------------------------------------


@requires("access.review")
def break_glass_review(request: HttpRequest) -> HttpResponse:
    """Every flagged access (break glass with its stated reason), newest first, for QA review."""
    filters = BreakGlassFilterForm(request.GET or None)
    entries = AccessLogEntry.objects.filter(flagged=True).select_related("user")
    if filters.is_valid():
        if filters.cleaned_data.get("since"):
            entries = entries.filter(at__date__gte=filters.cleaned_data["since"])
        if filters.cleaned_data.get("until"):
            entries = entries.filter(at__date__lte=filters.cleaned_data["until"])
    page = Paginator(entries.order_by("-at", "-pk"), REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    child_ids = [int(e.record_id) for e in page if e.record_type == "child" and e.record_id.isdigit()]
    refs = _references(child_ids)
    log_view(user=request.user, action="access.review", record_type="access", record_id="break-glass")
    rows = [
        {
            "entry": entry,
            "who": user_label(entry.user),
            "ref": refs.get(int(entry.record_id), "") if entry.record_id.isdigit() else "",
        }
        for entry in page
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "access_admin/break_glass.html",
        {"rows": rows, "page": page, "filters": filters, "query": query.urlencode()},
    )
