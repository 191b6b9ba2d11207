"""The professionals around a child: added from the family page, listed there with how to reach them.

Recording who the school, GP, health visitor or police contact is is casework
(``child.record``): the child is opened through the policy and the view
logged like every casework form (:func:`~continuum.web.children.pages.recording`).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from continuum.people.models import Child, Professional, ProfessionalRole
from continuum.web.children.pages import form_page, posted, recording
from continuum.web.govuk.fields import GovukDateField, choice_field, text_field
from continuum.web.govuk.forms import GovukForm


class ProfessionalForm(GovukForm):
    non_field_anchor = "id_role"

    role = choice_field("Role", ProfessionalRole.choices, "Select the role", blank="Choose one")
    name = text_field("Name", "Enter the professional's name")
    organisation = text_field("Organisation", "Enter the school, surgery, station or service")
    phone = text_field("Telephone", required=False, max_length=40)
    email = forms.EmailField(
        label="Email",
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.org"},
    )
    start_date = GovukDateField(label="Involved since", required=False)


@recording("child.professional.new")
def professional_new(request: HttpRequest, child: Child) -> HttpResponse:
    """Add a professional around the child; back to the family page."""
    form = ProfessionalForm(posted(request))
    page = {"title": "Add a professional", "template": "children/professional_form.html"}
    if request.method != "POST" or not form.is_valid():
        return form_page(request, child, form, **page)
    data = form.cleaned_data
    Professional.objects.create(
        child=child,
        role=data["role"],
        name=data["name"].strip(),
        organisation=data["organisation"].strip(),
        phone=(data.get("phone") or "").strip(),
        email=data.get("email") or "",
        start_date=data.get("start_date"),
    )
    messages.success(request, f"{ProfessionalRole(data['role']).label} added.")
    return redirect("child-family", pk=child.pk)
