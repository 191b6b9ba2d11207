"""Warnings on a child's record: the list (current and past), raising one, ending one (issue 18 point 1).

Reading them is reading the child's record (``child.view``, logged); raising
and ending is ``child.warning``. Current warnings also show in the banner of
every page of the child (:func:`continuum.web.children.pages.banner`).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from continuum.core import clock
from continuum.core.policy import may
from continuum.journey.errors import JourneyRuleError
from continuum.people.models import Child
from continuum.practice import warnings
from continuum.practice.models import ChildWarning, WarningType
from continuum.web.access import requires
from continuum.web.children.access import access_for, open_child
from continuum.web.children.pages import banner, child_page, posted, recording
from continuum.web.govuk.fields import GovukDateField, text_field
from continuum.web.govuk.forms import GovukForm, error_list


class WarningForm(GovukForm):
    non_field_anchor = "id_warning_type_0"

    warning_type = forms.ModelChoiceField(
        label="Kind of warning",
        queryset=WarningType.objects.filter(active=True),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select the kind of warning"},
    )
    # text_field: an error names its box (Django's own "Ensure this value has at most 2000 characters"
    # did not, found by review).
    details = text_field("Details", required=False, max_length=2000, widget=forms.Textarea)
    review_on = GovukDateField(label="Review by (optional)", required=False, past_only=False)


class EndWarningForm(GovukForm):
    non_field_anchor = "id_reason"

    reason = text_field(
        "Why it no longer applies",
        "Say why the warning no longer applies",
        max_length=2000,
        widget=forms.Textarea,
    )


@child_page
@requires("child.view")
def warnings_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Every warning on the child, current first; the form to raise one for those who may."""
    child = open_child(request, pk, "child.warnings.view")
    return _page(request, child, WarningForm())


def _page(
    request: HttpRequest, child: Child, form: WarningForm, errors: list[tuple[str, str]] | None = None
) -> HttpResponse:
    context = banner(request, child)
    current = {w.pk for w in context["warnings"]}
    everything = list(
        ChildWarning.objects.filter(child=child)
        .select_related("warning_type", "raised_by", "ended_by")
        .order_by("-raised_on", "-pk")
    )
    context.update(
        {
            "current_ids": current,
            "all_warnings": everything,
            "form": form,
            "errors": errors if errors is not None else error_list(form),
            "can_warn": may(request.user, "child.warning", access_for(request, child.pk)),  # type: ignore[arg-type]
            "today": clock.today(),
        }
    )
    return render(request, "children/warnings.html", context)


@recording("child.warning.new", policy="child.warning")
def warning_new(request: HttpRequest, child: Child) -> HttpResponse:
    form = WarningForm(posted(request))
    if request.method != "POST" or not form.is_valid():
        return _page(request, child, form)
    try:
        warnings.raise_warning(
            child=child,
            warning_type=form.cleaned_data["warning_type"],
            details=form.cleaned_data["details"],
            review_on=form.cleaned_data["review_on"],
            by=request.user,  # type: ignore[arg-type]
        )
    except JourneyRuleError as error:
        return _page(request, child, form, [(form.non_field_anchor, error.message)])
    messages.success(request, "Warning raised. It shows on every page of this child's record.")
    return redirect("child-warnings", pk=child.pk)


@recording("child.warning.end", policy="child.warning")
def warning_end(request: HttpRequest, child: Child, warning_pk: int) -> HttpResponse:
    warning = get_object_or_404(ChildWarning, pk=warning_pk, child=child)
    form = EndWarningForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            warnings.end_warning(warning, by=request.user, reason=form.cleaned_data["reason"])  # type: ignore[arg-type]
        except JourneyRuleError as error:
            form.add_error("reason", error.message)
        else:
            messages.success(request, "Warning ended. It stays in the list of past warnings.")
            return redirect("child-warnings", pk=child.pk)
    context = banner(request, child)
    context.update({"warning": warning, "form": form, "errors": error_list(form)})
    return render(request, "children/warning_end.html", context)
