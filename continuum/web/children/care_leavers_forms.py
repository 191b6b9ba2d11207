"""Forms for care leavers: registering one, recording contact, and pathway plan reviews."""

from __future__ import annotations

from typing import Any

from continuum.core import codes
from continuum.journey.models import (
    CareLeaverCategory,
)
from continuum.people.models import Worker
from continuum.web.children.recording_forms import ModelChoice, optional, radios, yes_no
from continuum.web.govuk.fields import GovukDateField
from continuum.web.govuk.forms import GovukForm


class RegisterCareLeaverForm(GovukForm):
    non_field_anchor = "id_eligibility_category_0"

    eligibility_category = radios(
        "Care leaver category", CareLeaverCategory.choices, "Select the care leaver category"
    )
    start_date = GovukDateField(label="Date leaving-care duties started")

    def __init__(self, *args: Any, advisers: list[Worker], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["personal_adviser"] = ModelChoice(
            label="Personal adviser (optional)",
            rows=[(w, f"{w} ({w.team.name})" if w.team else str(w)) for w in advisers],
            message="",
            required=False,
        )


class CareLeaverContactForm(GovukForm):
    non_field_anchor = "id_contact_date-day"

    contact_date = GovukDateField(label="Date of the contact")
    in_touch = radios(
        "Is the young person in touch? (IN_TOUCH)",
        codes.choices("oc3.IN_TOUCH"),
        "Select whether the young person is in touch",
    )
    accom = optional("Accommodation and whether it is suitable (ACCOM)", codes.choices("oc3.ACCOM"))
    activ = optional("Main activity (ACTIV)", codes.choices("oc3.ACTIV"))
    staying_put = yes_no("Is the young person Staying Put with former foster carers?", "", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("accom") and not data.get("activ"):
            self.add_error(
                "activ", "Select the main activity: accommodation and activity are recorded together"
            )
        if data.get("activ") and not data.get("accom"):
            self.add_error(
                "accom", "Select the accommodation: accommodation and activity are recorded together"
            )
        return data


class PathwayPlanReviewForm(GovukForm):
    non_field_anchor = "id_review_date-day"

    review_date = GovukDateField(label="Date of the pathway plan review")
