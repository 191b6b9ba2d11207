"""The community-safety landing page, and the board report pack: download it, or add it to a
partnership meeting's agenda so that the meeting pack carries it (continuum/community_safety/pack.py).

Adding a paper is the body's business manager's work (``partnership.manage``); the meetings offered
are the unpublished ones of the bodies this user manages, each asked of the policy. A refused write
(a published agenda, a paper the check turns down) comes back as the form's error, never a traceback.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from continuum.community_safety import pack
from continuum.core.policy import may
from continuum.web.access import requires
from continuum.web.community_safety.nav import render_page
from continuum.web.community_safety.views import MonthRangeForm, month_period
from continuum.web.views import permission_denied

_NO_PDF = "The PDF could not be made on this server (WeasyPrint is not installed); ask the administrator"


@requires("community_safety.iom_summary")
def landing(request: HttpRequest) -> HttpResponse:
    """Every community-safety page this user may open, with what it shows."""
    return render_page(request, "community_safety/landing.html", {})


def _meetings(user: Any) -> list[Any]:
    """Unpublished meetings of the bodies this user manages, soonest first (the policy decides)."""
    from continuum.partnership.models import Meeting

    meetings = (
        Meeting.objects.filter(published_at__isnull=True, body__secretary_id=user.pk)
        .select_related("body")
        .prefetch_related("items")
        .order_by("starts_at", "pk")
    )
    return [m for m in meetings if may(user, "partnership.manage", m)]


def _targets(meetings: list[Any]) -> list[tuple[str, str]]:
    choices = [("", "Choose the meeting or agenda item")]
    for meeting in meetings:
        choices.append((f"meeting:{meeting.pk}", f"{meeting}: as a new item at the end"))
        choices += [
            (f"item:{item.pk}", f"{meeting}: item {item.number}, {item.title}")
            for item in meeting.items.all()
        ]
    return choices


def _target(value: str, meetings: list[Any]) -> Any:
    kind, _, pk = value.partition(":")
    for meeting in meetings:
        if kind == "meeting" and pk == str(meeting.pk):
            return meeting
        for item in meeting.items.all():
            if kind == "item" and pk == str(item.pk):
                return item
    return None


@requires("community_safety.view")
def pack_page(request: HttpRequest) -> HttpResponse:
    """Choose the months; download the pack or add it to a meeting's agenda."""
    posted = request.method == "POST"
    asked = month_period(request.POST if posted else request.GET)
    first, last, errors = asked.first, asked.last, list(asked.errors)
    meetings = _meetings(request.user)
    target = request.POST.get("target", "") if posted else ""
    if posted:
        if not meetings:
            return permission_denied(request)
        chosen = _target(target, meetings)
        if chosen is None:
            errors.append(("id_target", "Choose the meeting or agenda item the pack is for"))
        if not errors and first and last:
            try:
                paper: Any = pack.attach(chosen, pack.Period(first, last), by=request.user)  # type: ignore[arg-type]
            except ValidationError as error:
                errors.append(("id_target", error.messages[0]))
            except RuntimeError:
                errors.append(("id_target", _NO_PDF))
            else:
                messages.success(request, f"The report pack is added to item {paper.item.number}.")
                return redirect(reverse("partnership-meeting", args=[paper.item.meeting_id]))
    period = pack.Period(first, last) if first and last and not asked.errors else None
    # The months as links and the attach form send them: ``from``/``to`` written YYYY-MM, which the
    # month boxes' reader still takes (``views.month_period``).
    months = {"from": f"{first:%Y-%m}", "to": f"{last:%Y-%m}"} if period else {}
    context = {
        "errors": errors,
        "form": asked.form,
        "months": months,
        "period": period,
        "pdf_href": f"{reverse('community-safety-pack-pdf')}?{urlencode(months)}" if period else "",
        "has_records": asked.latest is not None,
        "targets": _targets(meetings) if meetings else [],
        "target": target,
    }
    return render_page(request, "community_safety/pack.html", context, status=400 if errors else 200)


@requires("community_safety.view")
def pack_pdf(request: HttpRequest) -> HttpResponse:
    """The pack as one PDF for the months asked; a bad month goes back to the page with its error."""
    asked = month_period(request.GET)
    if asked.errors or not asked.first or not asked.last:
        return pack_page(request)
    period = pack.Period(asked.first, asked.last)
    try:
        content = pack.pdf(period)
    except RuntimeError:
        return render_page(
            request,
            "community_safety/pack.html",
            {"errors": [("id_first-month", _NO_PDF)], "form": MonthRangeForm(), "targets": []},
            status=503,
        )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pack.filename(period)}"'
    return response
