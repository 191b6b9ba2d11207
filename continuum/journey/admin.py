"""The journey in the Django admin: read-only.

Every change to these records must go through the services, which enforce the
rules and append to the chronology; the admin is for looking, not editing.
"""

from __future__ import annotations

from django.contrib import admin

from continuum.journey import models as m
from continuum.people.admin import ReadOnlyAdmin


def _register(model: type, *, list_display: tuple[str, ...], date_field: str | None = None) -> None:
    attrs: dict[str, object] = {"list_display": list_display, "list_select_related": ("child",)}
    if date_field:
        attrs["date_hierarchy"] = date_field
    admin.site.register(model, type(f"{model.__name__}Admin", (ReadOnlyAdmin,), attrs))


_register(
    m.Contact,
    list_display=("child", "received_at", "referral_source", "final_brag", "outcome"),
    date_field="received_at",
)
_register(
    m.EarlyHelpEpisode, list_display=("child", "eha_start_date", "eha_end_date"), date_field="eha_start_date"
)
_register(
    m.CINEpisode,
    list_display=(
        "child",
        "cin_referral_date",
        "referral_source",
        "primary_need_code",
        "cin_closure_date",
        "reason_for_closure",
    ),
    date_field="cin_referral_date",
)
_register(
    m.Assessment,
    list_display=("child", "assessment_actual_start_date", "assessment_authorisation_date", "outcome"),
)
_register(m.StrategyDiscussion, list_display=("child", "held_on", "decision_s47"))
_register(m.Section47, list_display=("child", "s47_actual_start_date", "completed_on", "outcome"))
_register(m.Conference, list_display=("child", "kind", "conference_date", "outcome"))
_register(
    m.CPPlan,
    list_display=(
        "child",
        "cpp_start_date",
        "cpp_end_date",
        "initial_category_of_abuse",
        "latest_category_of_abuse",
    ),
)
_register(m.CoreGroup, list_display=("child", "cp_plan", "meeting_date"))
_register(m.CINPlan, list_display=("child", "cin_plan_start_date", "cin_plan_end_date"))
_register(m.Placement, list_display=("child", "start_date", "end_date", "place", "in_borough"))
_register(
    m.CLAEpisode, list_display=("child", "decom", "rne", "ls", "place", "dec", "rec"), date_field="decom"
)
_register(m.CLAReview, list_display=("child", "review", "review_code"))
_register(m.HealthAssessment, list_display=("child", "assessment_date", "kind"))
_register(m.DentalCheck, list_display=("child", "check_date"))
_register(m.SDQ, list_display=("child", "sdq_date", "sdq_score", "sdq_reason"))
_register(m.PEP, list_display=("child", "pep_date"))
_register(
    m.Visit, list_display=("child", "kind", "visit_date", "seen", "seen_alone"), date_field="visit_date"
)
_register(m.MissingEpisode, list_display=("child", "missing", "mis_start", "mis_end", "where_from"))
_register(m.CareLeaver, list_display=("child", "eligibility_category", "start_date", "personal_adviser"))
_register(m.PathwayPlanReview, list_display=("child", "review_date"))
_register(m.CareLeaverContact, list_display=("child", "contact_date", "in_touch", "accom", "activ"))
_register(m.PreProceedings, list_display=("child", "plo_start_date", "end_date"))
_register(m.CareProceedings, list_display=("child", "application_date", "end_date", "outcome"))
_register(m.PrivateFostering, list_display=("child", "notification_date", "start_date", "end_date"))
_register(m.LadoAllegation, list_display=("child", "received_date", "employer_sector", "outcome"))
_register(m.ChronologyEvent, list_display=("at", "child", "step", "what", "by"), date_field="at")
