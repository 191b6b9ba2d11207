"""Workforce: each team's establishment and its staff's contracted hours, in FTE (issue 15 point 6).

Why: the DfE counts the children's social work workforce in full-time
equivalents at 30 September, and the vacancy rate against each team's
establishment; the FTE indicators read both numbers from what is recorded here.
Every view asks the policy: ``workforce.view`` for the pages and
``workforce.record`` for the forms, each for the team concerned. Writes go
through :mod:`continuum.people.workforce`, whose refusals are shown in the
form's error summary. Nothing here is about a child, so nothing is logged to
the child access log.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from continuum.core import clock
from continuum.core.policy import may
from continuum.people import workforce as w
from continuum.people.models import Team, Worker
from continuum.web.access import requires
from continuum.web.govuk.forms import error_list
from continuum.web.templatetags.workforce_numbers import fte
from continuum.web.workforce.forms import EstablishmentForm, HoursForm

#: The full-time week in words for the hints ("37").
FULL_TIME_TEXT = f"{w.FULL_TIME_HOURS:g}"


def _refused(form: HoursForm | EstablishmentForm, field: str, error: ValidationError) -> None:
    """Put the service's refusal on the field it is about (a concurrent change on the form)."""
    message = " ".join(error.messages)
    form.add_error(None if error.code == "concurrent_change" else field, message)


def _hours_text(hours: Decimal | None) -> str:
    return "Full time (not recorded)" if hours is None else fte(hours)


@requires("workforce.view")
def teams(request: HttpRequest) -> HttpResponse:
    """Every team the user may see, with establishment, permanent and agency FTE and vacancy today."""
    active = Team.objects.filter(is_active=True).order_by("name")
    shown = [t for t in active if may(request.user, "workforce.view", t)]
    today = clock.today()
    return render(request, "workforce/teams.html", {"rows": w.team_fte(shown, today), "today": today})


@requires("workforce.view")
def team(request: HttpRequest, team_pk: int) -> HttpResponse:
    """One team: its establishment (recorded here) and its staff in post with their contracted hours."""
    the_team = get_object_or_404(Team, pk=team_pk)
    if not may(request.user, "workforce.view", the_team):
        raise PermissionDenied("workforce.view")
    may_record = may(request.user, "workforce.record", the_team)
    form = None
    if may_record:
        initial = {"establishment": fte(the_team.establishment_fte), "version": the_team.version}
        form = EstablishmentForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                w.set_establishment(
                    team=the_team,
                    fte=form.cleaned_data["establishment"],
                    expected_version=form.cleaned_data["version"],
                    by=request.user,  # type: ignore[arg-type]
                )
            except ValidationError as error:
                _refused(form, "establishment", error)
            else:
                messages.success(request, "Establishment saved.")
                return redirect("workforce-team", team_pk=the_team.pk)
    elif request.method == "POST":
        raise PermissionDenied("workforce.record")
    today = clock.today()
    staff = (
        Worker.objects.filter(team=the_team, start_date__lte=today)
        .exclude(leave_date__lt=today)
        .order_by("last_name", "first_name")
    )
    rows = [
        {
            "worker": s,
            "hours": _hours_text(s.contracted_hours),
            "fte": w.fte_of(s),
            "counted": s.role in w.COUNTED_ROLES,
        }
        for s in staff
    ]
    return render(
        request,
        "workforce/team.html",
        {
            "team": the_team,
            "summary": w.team_fte([the_team], today)[0],
            "rows": rows,
            "form": form,
            "may_record": may_record,
            "errors": error_list(form),
            "today": today,
            "full_time_str": FULL_TIME_TEXT,
        },
    )


@requires("workforce.record")
def worker_hours(request: HttpRequest, worker_pk: int) -> HttpResponse:
    """Record one worker's contracted hours a week (blank: full time)."""
    worker = get_object_or_404(Worker.objects.select_related("team"), pk=worker_pk)
    if not may(request.user, "workforce.record", worker):
        raise PermissionDenied("workforce.record")
    initial = {"hours": fte(worker.contracted_hours), "version": worker.version}
    form = HoursForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            w.set_contracted_hours(
                worker=worker,
                hours=form.cleaned_data["hours"],
                expected_version=form.cleaned_data["version"],
                by=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            _refused(form, "hours", error)
        else:
            messages.success(request, f"Contracted hours saved for {worker}.")
            if worker.team_id is not None:
                return redirect("workforce-team", team_pk=worker.team_id)
            return redirect("workforce")
    return render(
        request,
        "workforce/worker_hours.html",
        {"worker": worker, "form": form, "errors": error_list(form), "full_time_str": FULL_TIME_TEXT},
    )
