"""A looked-after child's yearly outcomes (OC2) and strengths and difficulties questionnaires (SDQ).

The OC2 form is for the latest 31 March and only for a child in the OC2
cohort (:func:`~continuum.looked_after.cohort.outcome_year_ending`). Its
health assessment and dental check answers start from the child's dated
records in the year, and the page says so; the worker can change them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.http import HttpRequest, HttpResponse

from continuum.core import clock
from continuum.core.dates import day_words
from continuum.journey import services as s
from continuum.journey.models import SDQ, CLAEpisode, DentalCheck, HealthAssessment
from continuum.looked_after import cohort
from continuum.looked_after import services as la
from continuum.looked_after.models import AnnualOutcome
from continuum.people.models import Child
from continuum.web.children.outcomes_forms import (
    AnnualOutcomeForm,
    Questions,
    SDQForm,
    as_shown,
)
from continuum.web.children.pages import (
    Data,
    Page,
    already,
    edit_form,
    posted,
    record_form,
    recording,
)


def _held(child: Child, year_ending: date) -> AnnualOutcome | None:
    return AnnualOutcome.objects.filter(child=child, year_ending=year_ending).first()


@dataclass(frozen=True)
class Prefill:
    """An answer started from the child's dated records, and the words that say where it came from."""

    field: str
    value: str
    note: str


def _from_records(child: Child, year_ending: date) -> list[Prefill]:
    """HEALTH_ASSESSMENT and TEETH_CHECK from the health assessments and dental checks dated in the year.

    Any record in the year (1 April to 31 March) starts the answer at yes, none
    at no; the latest date is named so the worker can check it.
    """
    start = cohort.year_start(year_ending)
    span = f"between {day_words(start, long=True)} and {day_words(year_ending, long=True)}"
    sources = (
        ("health_assessment", HealthAssessment, "assessment_date", "health assessment"),
        ("teeth_check", DentalCheck, "check_date", "dental check"),
    )
    out = []
    for field, model, date_field, what in sources:
        dates = model.objects.filter(  # type: ignore[attr-defined]
            child=child, **{f"{date_field}__range": (start, year_ending)}
        ).values_list(date_field, flat=True)
        latest = max(dates, default=None)
        if latest is None:
            out.append(Prefill(field, "no", f"No {what} is recorded {span}."))
        else:
            out.append(Prefill(field, "yes", f"Latest {what} in the year: {day_words(latest, long=True)}."))
    return out


def _latest_sdq(child: Child, year_ending: date) -> SDQ | None:
    """The SDQ the return takes for the year: the latest one dated in it."""
    return (
        SDQ.objects.filter(child=child, sdq_date__range=(cohort.year_start(year_ending), year_ending))
        .order_by("-sdq_date", "-pk")
        .first()
    )


@recording("child.outcomes.record")
def annual_outcomes(request: HttpRequest, child: Child) -> HttpResponse:
    """The year's OC2 outcomes for a child looked after continuously for 12 months at the latest 31 March."""
    year_ending = cohort.outcome_year_ending(CLAEpisode.objects.filter(child=child), clock.today())
    if year_ending is None:
        return already(
            request,
            child,
            "Yearly outcomes (OC2) are for a child looked after continuously for 12 months at 31 March.",
        )
    held = _held(child, year_ending)
    questions = Questions(child.age_on(year_ending))
    form = edit_form(request, AnnualOutcomeForm, as_shown(held), questions=questions)  # type: ignore[arg-type]
    # The notes stay on the page after a refusal too; only an unsaved year starts from the records.
    prefilled = _from_records(child, year_ending) if held is None else []
    if request.method != "POST":
        form.initial.update({p.field: p.value for p in prefilled})
    page: Page = {
        "title": f"Yearly outcomes (OC2) for the year ending {day_words(year_ending, long=True)}",
        "template": "children/annual_outcomes_form.html",
        "extra": {
            "year_ending": year_ending,
            "prefilled": prefilled,
            "sdq": _latest_sdq(child, year_ending),
        },
    }

    def write(data: Data) -> object:
        return la.record_annual_outcome(
            child=child,
            year_ending=year_ending,
            flags=form.flags(),
            expected_version=data["version"],
            by=request.user,  # type: ignore[arg-type]
        )

    return record_form(
        request,
        child,
        form,
        page,
        write,
        lambda data: f"Yearly outcomes recorded for the year ending {day_words(year_ending, long=True)}.",
        current=lambda: as_shown(_held(child, year_ending)),
    )


@recording("child.sdq.new")
def sdq_new(request: HttpRequest, child: Child) -> HttpResponse:
    """A Strengths and Difficulties Questionnaire: its score, or the DfE reason there is none."""
    form = SDQForm(posted(request))
    page: Page = {
        "title": "Record a strengths and difficulties questionnaire (SDQ)",
        "template": "children/sdq_form.html",
    }

    def write(data: Data) -> object:
        return s.record_sdq(
            child=child,
            sdq_date=data["sdq_date"],
            sdq_score=data["score"],
            sdq_reason=data.get("sdq_reason", ""),
            by=request.user,  # type: ignore[arg-type]
        )

    return record_form(request, child, form, page, write, "SDQ recorded.")
