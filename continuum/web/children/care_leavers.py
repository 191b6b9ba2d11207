"""Care leavers: starting leaving-care duties, contact with the young person, pathway plan reviews."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from continuum.core import clock
from continuum.journey import services as s
from continuum.journey.models import (
    CareLeaver,
)
from continuum.people.models import Child, Worker
from continuum.web.children.care_leavers_forms import (
    CareLeaverContactForm,
    PathwayPlanReviewForm,
    RegisterCareLeaverForm,
)
from continuum.web.children.pages import (
    Data,
    Page,
    already,
    posted,
    record_form,
    recording,
)
from continuum.web.children.plans import plan_actions_context
from continuum.web.children.recording_forms import as_bool


def _advisers() -> list[Worker]:
    """Workers in post today, any team: personal advisers often sit in a leaving-care service."""
    today = clock.today()
    workers = Worker.objects.select_related("team").order_by("last_name", "first_name", "pk")
    return [w for w in workers if w.is_in_post_on(today)]


@recording("child.care_leaver.new")
def care_leaver_new(request: HttpRequest, child: Child) -> HttpResponse:
    """Start leaving-care duties: the category, the start date and the personal adviser."""
    if CareLeaver.objects.filter(child=child).exists():
        return already(request, child, "The young person is already recorded as a care leaver.")
    form = RegisterCareLeaverForm(posted(request), advisers=_advisers())
    page: Page = {"title": "Record as a care leaver", "template": "children/care_leaver_form.html"}

    def write(data: Data) -> object:
        return s.register_care_leaver(
            child=child,
            eligibility_category=data["eligibility_category"],
            start_date=data["start_date"],
            personal_adviser=data.get("personal_adviser"),
            by=request.user,  # type: ignore[arg-type]
        )

    return record_form(request, child, form, page, write, "Recorded as a care leaver.")


@recording("child.care_leaver_contact.new")
def care_leaver_contact_new(request: HttpRequest, child: Child) -> HttpResponse:
    """Contact with a care leaver: in touch, accommodation and its suitability, activity."""
    care_leaver = CareLeaver.objects.filter(child=child).first()
    if care_leaver is None:
        return already(
            request,
            child,
            "The young person is not recorded as a care leaver, so contact cannot be recorded.",
        )
    form = CareLeaverContactForm(posted(request))
    page: Page = {
        "title": "Record contact with a care leaver",
        "template": "children/care_leaver_contact_form.html",
    }

    def write(data: Data) -> object:
        return s.record_care_leaver_contact(
            care_leaver=care_leaver,
            contact_date=data["contact_date"],
            in_touch=data["in_touch"],
            accom=data.get("accom", ""),
            activ=data.get("activ", ""),
            staying_put=bool(as_bool(data.get("staying_put"))),
            by=request.user,  # type: ignore[arg-type]
        )

    return record_form(request, child, form, page, write, "Care leaver contact recorded.")


@recording("child.pathway_review.new")
def pathway_review_new(request: HttpRequest, child: Child) -> HttpResponse:
    """A review of a care leaver's pathway plan."""
    leaver: Any = CareLeaver.objects.filter(child=child).first()
    if leaver is None:
        return already(request, child, "Pathway plan reviews are for a care leaver.")
    form = PathwayPlanReviewForm(posted(request))
    page: Page = {
        "title": "Record a pathway plan review",
        "template": "children/pathway_review_form.html",
        "extra": plan_actions_context(leaver, request.path),
    }

    def write(data: Data) -> object:
        return s.record_pathway_plan_review(
            care_leaver=leaver,
            review_date=data["review_date"],
            by=request.user,  # type: ignore[arg-type]
        )

    return record_form(request, child, form, page, write, "Pathway plan review recorded.")
