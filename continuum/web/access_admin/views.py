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
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from continuum.core import clock
from continuum.core.access_log import log_view
from continuum.core.dates import day_words
from continuum.core.models import AccessLogEntry, BreakGlassReview, LegitimateRelationship, RestrictedRecord
from continuum.core.policy import may
from continuum.people.models import Child
from continuum.web.access import requires
from continuum.web.access_admin import records
from continuum.web.access_admin.forms import (
    ALL,
    NOT_REVIEWED,
    REVIEW_STATUSES,
    REVIEWED,
    BreakGlassFilterForm,
    BreakGlassReviewForm,
    EndRelationshipForm,
    RelationshipForm,
    RestrictionForm,
    user_label,
)
from continuum.web.govuk.forms import error_list

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
    """The access pages this user may use, with how many break-glass accesses await review."""
    user = request.user
    may_review = may(user, "access.review")
    flagged = AccessLogEntry.objects.filter(flagged=True)
    return render(
        request,
        "access_admin/index.html",
        {
            "may_relationships": may(user, "access.relationships"),
            "may_restrict": may(user, "access.restrict"),
            "may_review": may_review,
            "flagged": flagged.count() if may_review else 0,
            "not_reviewed": flagged.filter(review__isnull=True).count() if may_review else 0,
        },
    )


# --- Legitimate relationships ---------------------------------------------------------------


@requires("access.relationships")
def relationships(request: HttpRequest) -> HttpResponse:
    """Relationships in date or still to start, most recent first; ended ones drop off the list."""
    today = clock.today()
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
        initial={"end_date": max(clock.today(), relationship.start_date)},
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
            messages.success(request, f"Relationship ended on {day_words(form.cleaned_data['end_date'])}.")
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
    lift_error = ""
    lifting = request.method == "POST" and request.POST.get("action") == "lift"
    if lifting and request.POST.get("lift_reason", "").strip():
        records.lift_restriction(restriction=restriction, by=user, reason=request.POST["lift_reason"])
        messages.success(request, f"The restriction on child {ref}'s record was lifted.")
        return redirect("access-restrictions")
    if lifting:
        # Lifting reopens the record to everyone the policy allows: it needs a reason, for the log.
        lift_error = "Enter why the restriction is lifted"
    if request.method == "POST" and not lifting:
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
            "errors": error_list(form) + ([("id_lift_reason", lift_error)] if lift_error else []),
            "new": False,
            "restriction": restriction,
            "ref": ref,
            "changes": changes,
            "lift_error": lift_error,
        },
    )


# --- Break-glass review ---------------------------------------------------------------------

#: Short words and a GOV.UK tag colour for each outcome, for the list.
OUTCOME_TAGS: dict[str, tuple[str, str]] = {
    BreakGlassReview.Outcome.JUSTIFIED: ("Justified", "govuk-tag--green"),
    BreakGlassReview.Outcome.NOT_JUSTIFIED: ("Not justified", "govuk-tag--red"),
    BreakGlassReview.Outcome.MORE_INFORMATION: ("More information asked", "govuk-tag--yellow"),
}
_CAPTIONS = {NOT_REVIEWED: " not yet reviewed", REVIEWED: " reviewed", ALL: ""}


def _flagged_rows(entries: list[AccessLogEntry]) -> list[dict[str, Any]]:
    """Each flagged entry with who, the child's LAchildID and its review (if any), for the templates."""
    child_ids = [int(e.record_id) for e in entries if e.record_type == "child" and e.record_id.isdigit()]
    refs = _references(child_ids)
    rows = []
    for entry in entries:
        review = getattr(entry, "review", None)
        rows.append(
            {
                "entry": entry,
                "who": user_label(entry.user),
                "ref": refs.get(int(entry.record_id), "") if entry.record_id.isdigit() else "",
                "review": review,
                "reviewer": user_label(review.reviewed_by) if review else "",
                "tag": OUTCOME_TAGS.get(review.outcome) if review else None,
            }
        )
    return rows


@requires("access.review")
def break_glass_review(request: HttpRequest) -> HttpResponse:
    """Flagged accesses (break glass with its stated reason), newest first, not yet reviewed by default."""
    filters = BreakGlassFilterForm(request.GET)
    filters.is_valid()  # a bad value drops only that filter: the rest still apply
    chosen = filters.cleaned_data
    entries = AccessLogEntry.objects.filter(flagged=True)
    if chosen.get("since"):
        entries = entries.filter(at__date__gte=chosen["since"])
    if chosen.get("until"):
        entries = entries.filter(at__date__lte=chosen["until"])
    counts = entries.aggregate(all=Count("pk"), reviewed=Count("review"))
    counts[NOT_REVIEWED] = counts["all"] - counts[REVIEWED]
    status = chosen.get("status") or NOT_REVIEWED
    if status != ALL:
        entries = entries.filter(review__isnull=status == NOT_REVIEWED)
    entries = entries.select_related("user", "review__reviewed_by").order_by("-at", "-pk")
    page = Paginator(entries, REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    log_view(
        user=request.user,  # type: ignore[arg-type]
        action="access.review",
        record_type="access",
        record_id="break-glass",
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "access_admin/break_glass.html",
        {
            "rows": _flagged_rows(list(page)),
            "page": page,
            "filters": filters,
            "query": query.urlencode(),
            "status": status,
            "statuses": [(value, label, counts[value]) for value, label in REVIEW_STATUSES],
            "caption_suffix": _CAPTIONS[status],
        },
    )


@requires("access.review")
def break_glass_entry(request: HttpRequest, pk: int) -> HttpResponse:
    """Review one flagged access: the outcome and a note, once; a review got in first is shown instead."""
    entry = get_object_or_404(AccessLogEntry.objects.select_related("user"), pk=pk, flagged=True)
    user: User = request.user  # type: ignore[assignment]
    form = BreakGlassReviewForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            saved = records.review_break_glass(
                entry=entry, outcome=form.cleaned_data["outcome"], note=form.cleaned_data["note"], by=user
            )
        except records.AccessChangeRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request,
                f"Review recorded for the access by {user_label(entry.user)}: "
                f"{OUTCOME_TAGS[saved.outcome][0]}.",
            )
            return redirect("access-break-glass")
    entry = AccessLogEntry.objects.select_related("user", "review__reviewed_by").get(pk=pk)
    review: BreakGlassReview | None = getattr(entry, "review", None)
    own = entry.user_id == user.pk
    if review is not None:  # reviewed before this page opened, or by someone else meanwhile
        form.non_field_anchor = "recorded-review"  # type: ignore[attr-defined]
    elif own:  # no form is shown: the summary links to the page's content
        form.non_field_anchor = "main-content"  # type: ignore[attr-defined]
    log_view(user=user, action="access.review.entry", record_type="access_log_entry", record_id=entry.pk)
    return render(
        request,
        "access_admin/break_glass_entry.html",
        {
            "form": form,
            "errors": error_list(form),
            "row": _flagged_rows([entry])[0],
            "already": records.already_reviewed(review) if review else "",
            "own": own,
            "typed_outcome": dict(BreakGlassReview.Outcome.choices).get(form.data.get("outcome", ""), ""),
        },
    )
