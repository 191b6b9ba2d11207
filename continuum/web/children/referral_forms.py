"""Forms of a referral's casework: allocation, assessments, closure, primary need, CIN plans."""

from __future__ import annotations

from typing import Any, ClassVar

from continuum.core import codes
from continuum.people.models import Worker
from continuum.web.children.recording_forms import EditForm, ModelChoice, optional, radios
from continuum.web.govuk.fields import GovukDateField
from continuum.web.govuk.forms import GovukForm


class AllocateForm(GovukForm):
    non_field_anchor = "id_worker"

    start_date = GovukDateField(label="Date the worker takes the case")
    previous_end_reason = optional(
        "Why the case is changing worker (if it already has one)",
        codes.choices("social_worker.SW_REASON"),
    )

    def __init__(self, *args: Any, workers: list[Worker], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["worker"] = ModelChoice(
            label="Worker",
            rows=[(w, f"{w} ({w.team.name})" if w.team else str(w)) for w in workers],
            message="Select the worker who will hold the case",
            required=True,
        )
        self.order_fields(["worker", "start_date", "previous_end_reason"])


class EndAllocationForm(EditForm):
    non_field_anchor = "id_end_date-day"
    seen_fields: ClassVar[dict[str, str]] = {"worker": "Worker", "end_date": "End date"}

    end_date = GovukDateField(label="Date the allocation ends")
    end_reason = optional("Why it ends", codes.choices("social_worker.SW_REASON"))


class StartAssessmentForm(GovukForm):
    non_field_anchor = "id_assessment_actual_start_date-day"

    assessment_actual_start_date = GovukDateField(label="Date the assessment started")


class ReferralNeedForm(EditForm):
    """The referral's primary need: the CIN census asks it of every referral that goes further (rule 8610)."""

    non_field_anchor = "id_primary_need_code_0"
    seen_fields: ClassVar[dict[str, str]] = {"primary_need_code": "Primary need"}

    primary_need_code = radios(
        "Primary need", codes.choices("PrimaryNeedCode"), "Select the child's primary need"
    )


class CINPlanStartForm(GovukForm):
    non_field_anchor = "id_cin_plan_start_date-day"

    cin_plan_start_date = GovukDateField(label="Date the child in need plan started")


class CINPlanEndForm(EditForm):
    non_field_anchor = "id_cin_plan_end_date-day"
    seen_fields: ClassVar[dict[str, str]] = {"cin_plan_end_date": "Plan end date"}

    cin_plan_end_date = GovukDateField(label="Date the child in need plan ended")
