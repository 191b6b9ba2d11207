"""SEND pages: the caseworker's list of open EHC requests with their clocks, recording a request,
and one request's timeline.

Every view asks the one policy (continuum/send/rules.py). A request is part of the person's record:
opening it logs a view of that record, as any child-record page does. URLs carry record numbers only.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from continuum.core import clock
from continuum.core.access_log import log_view
from continuum.core.policy import may
from continuum.people.models import Child
from continuum.send import clocks, services
from continuum.send.models import AdviceRequest, AssessmentException, EHCRequest
from continuum.web.access import requires
from continuum.web.children.access import access_for
from continuum.web.govuk.forms import error_list
from continuum.web.send import forms as f
from continuum.web.views import permission_denied


@requires("send.home")
def open_requests(request: HttpRequest) -> HttpResponse:
    """Open EHC needs assessment requests, most urgent first, with each one's next clock and 20-week date."""
    today = clock.today()
    lines = [
        line
        for line in services.open_requests(today)
        if may(request.user, "send.view", access_for(request, line.request.child_id))
    ]
    return render(request, "send/requests.html", {"lines": lines, "today": today})


@requires("send.record")
def new_request(request: HttpRequest) -> HttpResponse:
    """Record a request for an EHC needs assessment: every clock starts from the day it was received."""
    form = f.RequestForm(request.POST or None)
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            child = Child.objects.filter(la_child_id=data["la_child_id"].strip()).first()
            if child is None:
                errors = [("id_la_child_id", "No child or young person has that LAchildID")]
            elif not may(request.user, "send.record", access_for(request, child.pk)):
                errors = [("id_la_child_id", "You may not record on this person's record")]
            elif data["received_on"] > clock.today():
                errors = [("id_received_on-day", "The date received cannot be in the future")]
            else:
                ehc = EHCRequest.objects.create(
                    child=child,
                    requested_by=data["requested_by"],
                    received_on=data["received_on"],
                    caseworker=request.user,
                )
                messages.success(request, "The request is recorded; its clocks are running.")
                return redirect(reverse("send-request", args=[ehc.pk]))
        else:
            errors = error_list(form)
    return render(request, "send/new.html", {"form": form, "errors": errors}, status=400 if errors else 200)


@requires("send.view")
def request_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One request's timeline: each clock with its due date and status, the advice, the exceptions."""
    ehc = get_object_or_404(EHCRequest.objects.select_related("child"), pk=pk)
    access = access_for(request, ehc.child_id)
    if not may(request.user, "send.view", access):
        return permission_denied(request)
    log_view(user=request.user, action="send.view", record_type="child", record_id=ehc.child_id)  # type: ignore[arg-type]
    can_record = may(request.user, "send.record", access)
    advice_form = f.AdviceForm(request.POST if request.POST.get("form") == "advice" else None)
    exception_form = f.ExceptionForm(request.POST if request.POST.get("form") == "exception" else None)
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        if not can_record:
            return permission_denied(request)
        form = advice_form if request.POST.get("form") == "advice" else exception_form
        if form.is_valid() and form.cleaned_data.get("requested_on", ehc.received_on) < ehc.received_on:
            errors = [("id_requested_on-day", "Advice cannot be requested before the request was received")]
        elif form.is_valid():
            if form is advice_form:
                AdviceRequest.objects.create(ehc_request=ehc, **form.cleaned_data)
            else:
                AssessmentException.objects.create(ehc_request=ehc, **form.cleaned_data)
            messages.success(request, "Recorded.")
            return redirect(reverse("send-request", args=[ehc.pk]))
        else:
            errors = error_list(form)
    today = clock.today()
    rules = services.rules()
    exceptions = list(ehc.exceptions.all())
    context = {
        "ehc": ehc,
        "today": today,
        "journey": services.request_clocks(ehc, today, rules),
        "advice": list(ehc.advice.all()),
        "exceptions": exceptions,
        "timeliness": clocks.timeliness(ehc, [e.reason for e in exceptions], rules),
        "stopped_on": clocks.stopped_on(ehc),
        "can_record": can_record,
        "advice_form": advice_form,
        "exception_form": exception_form,
        "errors": errors,
    }
    return render(request, "send/request.html", context, status=400 if errors else 200)
