"""Forms for the workforce page: a worker's contracted hours, a team's establishment.

The form checks what was typed (a number, its decimals); the ranges are the
service's (:mod:`continuum.people.workforce`), shown by the page from its refusal,
so every writer meets the same rules.
"""

from __future__ import annotations

from django import forms

from continuum.web.govuk.forms import GovukForm


class HoursForm(GovukForm):
    non_field_anchor = "id_hours"

    hours = forms.DecimalField(
        label="Contracted hours a week",
        required=False,
        max_digits=4,
        decimal_places=1,
        error_messages={
            "invalid": "Enter the contracted hours as a number, like 37 or 18.5",
            "max_decimal_places": "Enter the contracted hours to one decimal place at most, like 18.5",
            "max_digits": "Enter the contracted hours as a number of hours a week, like 37",
            "max_whole_digits": "Enter the contracted hours as a number of hours a week, like 37",
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class EstablishmentForm(GovukForm):
    non_field_anchor = "id_establishment"

    establishment = forms.DecimalField(
        label="Establishment (full-time equivalent posts)",
        max_digits=6,
        decimal_places=2,
        error_messages={
            # Saving blank wiped a recorded establishment and took the team out of the vacancy rate
            # without a word; "not known" is the team as it is before anything is recorded.
            "required": "Enter the establishment (full-time equivalent posts), like 8 or 7.5",
            "invalid": "Enter the establishment as a number of FTE posts, like 8 or 7.5",
            "max_decimal_places": "Enter the establishment to two decimal places at most, like 7.25",
            "max_digits": "Enter the establishment as a number of FTE posts, like 8",
            "max_whole_digits": "Enter the establishment as a number of FTE posts, like 8",
        },
    )
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={
            "required": "Reload the page to see the team's establishment as it stands, then save"
        },
    )
