"""The remaining casework forms (issue 4, point 2): s47 outcomes, legal status, care leavers,
adoption and permanence, and a looked-after child's PEP, health assessment and dental check.

Same shape as :mod:`continuum.web.children.casework_views`: each view opens
the child through the policy (``@requires("child.record")`` and an access-log
entry under its own action), checks the form and hands the write to one
service, whose answer :func:`answer` turns into a page. Adoption, previous
permanence and motherhood go through :mod:`continuum.looked_after.services`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from continuum.core import clock
from continuum.journey import services as s
from continuum.journey.models import CareLeaver, CLAEpisode, Section47
from continuum.looked_after import services as la
from continuum.looked_after.models import AdoptionPlan, PreviousPermanence
from continuum.people.models import Child, Worker
from continuum.web.access import requires
from continuum.web.children import casework_more_forms as mf
from continuum.web.children.casework_views import Page, already, edit_form, reread, submit
from continuum.web.children.cla_views import _open_episode
from continuum.web.children.forms import as_bool
from continuum.web.children.views import _form_page, _open_for_recording, _posted, child_page

Data = dict[str, Any]


def answer(
    request: HttpRequest,
    child: Child,
    form: Any,
    page: Page,
    write: Callable[[Data], object],
    done: Callable[[Data], str],
    **kwargs: Any,
) -> HttpResponse:
    """The form again until it is valid, then one service write through :func:`submit`."""
    if request.method != "POST" or not form.is_valid():
        return _form_page(request, child, form, **page)
    data = form.cleaned_data
    return submit(request, child, form, page, lambda: write(data), done(data), **kwargs)


def _user(request: HttpRequest) -> Any:
    return request.user


# --- Section 47 ------------------------------------------------------------------------------


@child_page
@requires("child.record")
def s47_complete(request: HttpRequest, pk: int, s47_pk: int) -> HttpResponse:
    """Record an enquiry's outcome; the service sets ICPCnotRequired from it."""
    child = _open_for_recording(request, pk, "child.s47.complete")
    enquiry = get_object_or_404(Section47, pk=s47_pk, child=child)
    if request.method != "POST" and enquiry.completed_on is not None:
        return already(request, child, "That section 47 enquiry is already complete.")
    page: Page = {
        "title": f"Complete the section 47 enquiry started {enquiry.s47_actual_start_date:%d/%m/%Y}",
        "template": "children/s47_complete_form.html",
    }
    form = edit_form(request, mf.CompleteS47Form, enquiry)

    def write(data: Data) -> object:
        return s.complete_s47(
            section47=enquiry,
            completed_on=data["completed_on"],
            outcome=data["outcome"],
            expected_version=data["version"],
            by=_user(request),
        )

    return answer(
        request,
        child,
        form,
        page,
        write,
        lambda data: "Section 47 enquiry completed.",
        current=reread(Section47, enquiry.pk),
    )


# --- Legal status ------------------------------------------------------------------------------


@child_page
@requires("child.record")
def legal_status_change(request: HttpRequest, pk: int, episode_pk: int) -> HttpResponse:
    """A new legal status in the same placement: the episode ends X1, the next starts with RNE L."""
    child = _open_for_recording(request, pk, "child.legal_status.change")
    episode = _open_episode(request, child, episode_pk)
    if isinstance(episode, HttpResponse):
        return episode
    page: Page = {
        "title": "Change of legal status",
        "template": "children/legal_status_form.html",
        "extra": {"episode": episode},
    }
    form = edit_form(request, mf.ChangeLegalStatusForm, episode)

    def write(data: Data) -> object:
        return s.change_legal_status(
            cla_episode=episode,
            on=data["on"],
            ls=data["ls"],
            expected_version=data["version"],
            by=_user(request),
        )

    return answer(
        request,
        child,
        form,
        page,
        write,
        lambda data: f"Legal status changed to {data['ls']} from {data['on']:%d/%m/%Y}.",
        current=reread(CLAEpisode, episode.pk),
    )


# --- Care leavers ---------------------------------------------------------------------------------


def _advisers() -> list[Worker]:
    """Workers in post today, any team: personal advisers often sit in a leaving-care service."""
    today = clock.today()
    workers = Worker.objects.select_related("team").order_by("last_name", "first_name", "pk")
    return [w for w in workers if w.is_in_post_on(today)]


@child_page
@requires("child.record")
def care_leaver_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Start leaving-care duties: the category, the start date and the personal adviser."""
    child = _open_for_recording(request, pk, "child.care_leaver.new")
    if CareLeaver.objects.filter(child=child).exists():
        return already(request, child, "The young person is already recorded as a care leaver.")
    form = mf.RegisterCareLeaverForm(_posted(request), advisers=_advisers())
    page: Page = {"title": "Record as a care leaver", "template": "children/care_leaver_form.html"}

    def write(data: Data) -> object:
        return s.register_care_leaver(
            child=child,
            eligibility_category=data["eligibility_category"],
            start_date=data["start_date"],
            personal_adviser=data.get("personal_adviser"),
            by=_user(request),
        )

    return answer(request, child, form, page, write, lambda data: "Recorded as a care leaver.")


# --- Adoption and permanence --------------------------------------------------------------------


def _plan_in_progress(child: Child) -> AdoptionPlan | None:
    plans = AdoptionPlan.objects.filter(child=child).order_by("-date_should_be_placed", "-pk")
    return next((plan for plan in plans if mf.plan_in_progress(plan)), None)


@child_page
@requires("child.record")
def adoption_decision(request: HttpRequest, pk: int) -> HttpResponse:
    """The decision that a looked-after child should be placed for adoption, which opens a plan."""
    child = _open_for_recording(request, pk, "child.adoption.new")
    if request.method != "POST" and _plan_in_progress(child) is not None:
        return already(
            request, child, "The child already has an adoption plan in progress: record its next steps."
        )
    form = mf.AdoptionDecisionForm(_posted(request))
    page: Page = {
        "title": "Record a decision to place for adoption",
        "template": "children/adoption_decision_form.html",
    }

    def write(data: Data) -> object:
        return la.record_adoption_decision(child=child, decided_on=data["decided_on"], by=_user(request))

    return answer(request, child, form, page, write, lambda data: "Adoption decision recorded.")


@child_page
@requires("child.record")
def adoption_plan(request: HttpRequest, pk: int, plan_pk: int) -> HttpResponse:
    """The plan's later steps: placement order, match, placement, then the order or the plan's end."""
    child = _open_for_recording(request, pk, "child.adoption.update")
    plan = get_object_or_404(AdoptionPlan, pk=plan_pk, child=child)
    if request.method != "POST" and not mf.plan_in_progress(plan):
        return already(request, child, "That adoption plan has ended.")
    page: Page = {
        "title": f"Adoption plan decided {plan.date_should_be_placed:%d/%m/%Y}",
        "template": "children/adoption_plan_form.html",
    }
    form = edit_form(request, mf.AdoptionProgressForm, plan)

    def write(data: Data) -> object:
        return la.update_adoption_plan(
            plan=plan,
            progress=la.AdoptionProgress(**form.progress_values()),
            expected_version=data["version"],
            by=_user(request),
        )

    return answer(
        request,
        child,
        form,
        page,
        write,
        lambda data: "Adoption plan updated.",
        current=reread(AdoptionPlan, plan.pk),
    )


def period_of_care_start(child: Child) -> date | None:
    """The DECOM of the first episode of the child's latest period of care.

    A period runs on through episodes that start the day the last ended (a
    change of placement or legal status); a gap starts a new period.
    """
    episodes = list(CLAEpisode.objects.filter(child=child).order_by("-decom", "-pk").only("decom", "dec"))
    if not episodes:
        return None
    start = episodes[0].decom
    for earlier in episodes[1:]:
        if earlier.dec != start:
            break
        start = earlier.decom
    return start


@child_page
@requires("child.record")
def previous_permanence_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Whether the child was adopted or under an SGO or CAO before the latest period of care (PrevPerm)."""
    child = _open_for_recording(request, pk, "child.previous_permanence.new")
    started = period_of_care_start(child)
    if started is None:
        return already(request, child, "The child has not been looked after, so this does not apply.")
    if (
        request.method != "POST"
        and PreviousPermanence.objects.filter(child=child, period_started=started).exists()
    ):
        return already(request, child, "Previous permanence is already recorded for this period of care.")
    form = mf.PreviousPermanenceForm(_posted(request))
    page: Page = {
        "title": "Record previous permanence",
        "template": "children/previous_permanence_form.html",
        "extra": {"period_started": started},
    }

    def write(data: Data) -> object:
        return la.record_previous_permanence(
            child=child,
            period_started=started,
            prev_perm=data["prev_perm"],
            la_perm=data.get("la_perm", "").strip().upper(),
            date_perm=data.get("date_perm"),
            by=_user(request),
        )

    return answer(request, child, form, page, write, lambda data: "Previous permanence recorded.")


@child_page
@requires("child.record")
def motherhood_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Whether a looked-after young woman is a mother (SSDA903 MOTHER and MC_DOB)."""
    child = _open_for_recording(request, pk, "child.motherhood.new")
    form = mf.MotherhoodForm(_posted(request))
    page: Page = {"title": "Record motherhood", "template": "children/motherhood_form.html"}

    def write(data: Data) -> object:
        return la.record_motherhood(
            child=child,
            recorded_on=data["recorded_on"],
            mother=bool(as_bool(data["mother"])),
            mc_dob=data.get("mc_dob"),
            by=_user(request),
        )

    return answer(request, child, form, page, write, lambda data: "Motherhood recorded.")


# --- Health and education of a looked-after child ----------------------------------------------------


@child_page
@requires("child.record")
def pep_new(request: HttpRequest, pk: int) -> HttpResponse:
    child = _open_for_recording(request, pk, "child.pep.new")
    form = mf.PEPForm(_posted(request))
    page: Page = {"title": "Record a personal education plan meeting", "template": "children/pep_form.html"}

    def write(data: Data) -> object:
        return s.record_pep(child=child, pep_date=data["pep_date"], by=_user(request))

    return answer(request, child, form, page, write, lambda data: "Personal education plan recorded.")


@child_page
@requires("child.record")
def health_assessment_new(request: HttpRequest, pk: int) -> HttpResponse:
    child = _open_for_recording(request, pk, "child.health_assessment.new")
    form = mf.HealthAssessmentForm(_posted(request))
    page: Page = {
        "title": "Record a health assessment",
        "template": "children/health_assessment_form.html",
    }

    def write(data: Data) -> object:
        return s.record_health_assessment(
            child=child, assessment_date=data["assessment_date"], kind=data["kind"], by=_user(request)
        )

    return answer(request, child, form, page, write, lambda data: "Health assessment recorded.")


@child_page
@requires("child.record")
def dental_check_new(request: HttpRequest, pk: int) -> HttpResponse:
    child = _open_for_recording(request, pk, "child.dental_check.new")
    form = mf.DentalCheckForm(_posted(request))
    page: Page = {"title": "Record a dental check", "template": "children/dental_check_form.html"}

    def write(data: Data) -> object:
        return s.record_dental_check(child=child, check_date=data["check_date"], by=_user(request))

    return answer(request, child, form, page, write, lambda data: "Dental check recorded.")
