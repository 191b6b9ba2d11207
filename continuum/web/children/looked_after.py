"""Looked-after casework: care starting and ending, placements, legal status, reviews, missing
episodes, adoption and permanence, motherhood, and a looked-after child's PEP, health and teeth.

A change of placement splits the looked-after episode exactly as the service
does (the old one ends X1, the next starts that day); the form only says what
the practitioner saw. Adoption, previous permanence and motherhood go through
:mod:`continuum.looked_after.services`, the rest through the journey services.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.formats import date_format

from continuum.core import codes
from continuum.journey import selectors
from continuum.journey import services as s
from continuum.journey.models import CareLeaver, CLAEpisode, CLAReview, MissingEpisode
from continuum.looked_after import services as la
from continuum.looked_after.models import AdoptionPlan, PreviousPermanence
from continuum.oversight import services as oversight
from continuum.oversight.models import ConferenceKind, ReviewRecord
from continuum.oversight.selectors import reviewing_officer
from continuum.people.models import Child
from continuum.practice import drafts, narrative
from continuum.practice.models import NarrativeOf
from continuum.web.access import requires
from continuum.web.children.access import open_child
from continuum.web.children.chronology_words import in_sentence
from continuum.web.children.drafting import discarding, drafted
from continuum.web.children.looked_after_forms import (
    AdoptionDecisionForm,
    AdoptionProgressForm,
    CeaseCareForm,
    ChangeLegalStatusForm,
    ChangePlacementForm,
    DentalCheckForm,
    HealthAssessmentForm,
    MissingForm,
    MissingReturnForm,
    MotherhoodForm,
    PEPForm,
    PreviousPermanenceForm,
    StartCareForm,
    plan_in_progress,
)
from continuum.web.children.pages import (
    Data,
    Page,
    already,
    banner,
    child_page,
    edit_form,
    posted,
    record_form,
    recording,
    reread,
)
from continuum.web.children.plans import plan_actions_context
from continuum.web.children.recording_forms import as_bool, at
from continuum.web.oversight.forms import IROReviewForm

# --- Care, placements and legal status ------------------------------------------------------------


@recording("child.cla.new")
def cla_start(request: HttpRequest, child: Child) -> HttpResponse:
    """The child starts to be looked after: the first episode and its placement, under the open referral."""
    if selectors.open_cla_episode(child) is not None:
        return already(
            request, child, "The child is already looked after: record a change of placement instead."
        )
    form = StartCareForm(posted(request))
    page: Page = {"title": "Start to be looked after", "template": "children/cla_start_form.html"}

    def write(data: Data) -> object:
        return s.start_cla_episode(
            child=child,
            decom=data["decom"],
            ls=data["ls"],
            cin=data["cin"],
            home_post=data.get("home_post", ""),
            permanence_plan=data.get("permanence_plan", ""),
            cin_episode=selectors.open_cin_episode(child),
            by=request.user,  # type: ignore[arg-type]
            **form.placement(),
        )

    return record_form(
        request, child, form, page, write, lambda data: f"Looked after from {date_format(data['decom'])}."
    )


def _open_episode(request: HttpRequest, child: Child, episode_pk: int) -> CLAEpisode | HttpResponse:
    episode = get_object_or_404(CLAEpisode, pk=episode_pk, child=child)
    if request.method != "POST" and episode.dec is not None:
        return already(request, child, "That looked-after episode has already ended.")
    return episode


@recording("child.placement.change")
def placement_change(request: HttpRequest, child: Child, episode_pk: int) -> HttpResponse:
    """Move the child to a new placement: the open episode ends (X1) and the next starts that day."""
    episode = _open_episode(request, child, episode_pk)
    if isinstance(episode, HttpResponse):
        return episode
    page: Page = {
        "title": "Change of placement",
        "template": "children/placement_change_form.html",
        "extra": {"episode": episode},
    }
    form = edit_form(request, ChangePlacementForm, episode)

    def write(data: Data) -> object:
        return s.change_placement(
            cla_episode=episode,
            on=data["on"],
            rne=data["rne"],
            ls=data.get("ls") or None,
            reason_place_change=data["reason_place_change"],
            expected_version=data["version"],
            by=request.user,  # type: ignore[arg-type]
            **form.placement(),
        )

    def done(data: Data) -> str:
        return f"Placement changed from {date_format(data['on'])}."

    return record_form(request, child, form, page, write, done, current=reread(episode))


@recording("child.cla.end")
def cla_end(request: HttpRequest, child: Child, episode_pk: int) -> HttpResponse:
    """The child stops being looked after (DEC and REC)."""
    episode = _open_episode(request, child, episode_pk)
    if isinstance(episode, HttpResponse):
        return episode
    page: Page = {"title": "Stop being looked after", "template": "children/cla_end_form.html"}
    form = edit_form(request, CeaseCareForm, episode)

    def write(data: Data) -> object:
        return s.end_cla_episode(
            cla_episode=episode,
            dec=data["dec"],
            rec=data["rec"],
            expected_version=data["version"],
            by=request.user,  # type: ignore[arg-type]
        )

    def done(data: Data) -> str:
        return f"Stopped being looked after on {date_format(data['dec'])}."

    return record_form(request, child, form, page, write, done, current=reread(episode))


@recording("child.cla_review.new", policy="child.review")
def cla_review_new(request: HttpRequest, child: Child) -> HttpResponse:
    """A looked-after review with the IRO's record of it; the service finds the episode covering its date.

    The IRO records their own review (``child.review``): an IRO signing in is
    named as the review's IRO. What was discussed and decided and the child's
    voice are a case note about the review, as for visits, core groups and CP
    reviews (issue 18 point 1); the review, the IRO's words and the note are
    saved together or not at all. What was typed is kept as a draft on every
    POST, so a refusal or a review written over several sittings loses nothing.
    """
    key = drafts.key("cla-review", "child", child.pk)
    form, draft, kept = drafted(request, key, IROReviewForm, child=child)
    if kept is not None:
        return kept
    # An eligible young person's pathway plan is reviewed at their looked-after review: its actions
    # are shown to go through, as the CP review shows the CP plan's (issue 18 point 3).
    pathway = CareLeaver.objects.filter(child=child).first()
    page: Page = {
        "title": "Record a looked-after review",
        "template": "children/cla_review_form.html",
        "extra": {"draft": draft, **(plan_actions_context(pathway, request.path) if pathway else {})},
    }

    def write(data: Data) -> object:
        with transaction.atomic():
            # One record per review: refused if the chair's record of a booking already recorded it.
            oversight.refuse_second_review(
                child=child,
                kind=ConferenceKind.CLA_REVIEW,
                on=data["review"],
                by=request.user,  # type: ignore[arg-type]
            )
            review = s.record_cla_review(
                child=child,
                review=data["review"],
                review_code=data["review_code"],
                iro=reviewing_officer(request.user),  # type: ignore[arg-type]
                by=request.user,  # type: ignore[arg-type]
            )
            oversight.record_review_record(
                review=review,
                participation=data.get("participation", ""),
                child_views="",  # the child's voice is the review's case note, below
                recommendations=data.get("recommendations", ""),
                by=request.user,  # type: ignore[arg-type]
            )
            narrative.write_narrative(
                child=child,
                about=NarrativeOf.CLA_REVIEW,
                record=review,
                on=data["review"],
                by=request.user,  # type: ignore[arg-type]
                **form.narrative(),
            )
            return review

    def done(data: Data) -> str:
        return f"Review of {date_format(data['review'])} recorded."

    return discarding(request, key, lambda: record_form(request, child, form, page, write, done))


@child_page
@requires("child.view")
def cla_review_page(request: HttpRequest, pk: int, review_pk: int) -> HttpResponse:
    """One looked-after review as the record holds it: how the child took part, what was discussed and
    decided, the child's words, and the IRO's recommendations (the review's own page, so the words
    written at the review can be read from the record, not only found among the case notes)."""
    child = open_child(request, pk, "child.cla_review.view")
    review = get_object_or_404(CLAReview.objects.select_related("iro"), pk=review_pk, child=child)
    note = narrative.narratives(NarrativeOf.CLA_REVIEW, [review.pk]).get(review.pk)
    written = note.current if note is not None else None
    context = banner(request, child)
    context.update(
        {
            "review": review,
            "iro_record": ReviewRecord.objects.filter(review=review).first(),
            "note": note,
            # The IRO who recorded their own review is named once, as the IRO, not again under the
            # sign-in's name (a worker and their sign-in may be named differently).
            "iro_wrote": bool(
                written is not None and review.iro is not None and written.written_by_id == review.iro.user_id
            ),
        }
    )
    return render(request, "children/cla_review.html", context)


@recording("child.legal_status.change")
def legal_status_change(request: HttpRequest, child: Child, episode_pk: int) -> HttpResponse:
    """A new legal status in the same placement: the episode ends X1, the next starts with RNE L."""
    episode = _open_episode(request, child, episode_pk)
    if isinstance(episode, HttpResponse):
        return episode
    page: Page = {
        "title": "Change of legal status",
        "template": "children/legal_status_form.html",
        "extra": {"episode": episode},
    }
    form = edit_form(request, ChangeLegalStatusForm, episode)

    def write(data: Data) -> object:
        return s.change_legal_status(
            cla_episode=episode,
            on=data["on"],
            ls=data["ls"],
            expected_version=data["version"],
            by=request.user,  # type: ignore[arg-type]
        )

    return record_form(
        request,
        child,
        form,
        page,
        write,
        lambda data: (
            f"Legal status changed to {in_sentence(codes.label('episodes.LS', data['ls']))} from "
            f"{date_format(data['on'])}."
        ),
        current=reread(episode),
    )


# --- Missing episodes -----------------------------------------------------------------------------


@recording("child.missing.new")
def missing_new(request: HttpRequest, child: Child) -> HttpResponse:
    form = MissingForm(posted(request))
    page: Page = {"title": "Record a missing or absent episode", "template": "children/missing_form.html"}

    def write(data: Data) -> object:
        return s.record_missing_episode(
            child=child,
            missing=data["missing"],
            where_from=data["where_from"],
            mis_start=at(data["start_date"], data["start_time"]),  # type: ignore[arg-type]
            mis_end=at(data.get("end_date"), data.get("end_time")),
            reason=data.get("reason", "").strip(),
            by=request.user,  # type: ignore[arg-type]
        )

    return record_form(request, child, form, page, write, "Missing episode recorded.")


@recording("child.missing.return")
def missing_return(request: HttpRequest, child: Child, missing_pk: int) -> HttpResponse:
    """The child's return and the offer of a return home interview, saved together or not at all."""
    episode = get_object_or_404(MissingEpisode, pk=missing_pk, child=child)
    # Open until the interview is held or refused: the 72 hours are timed to the interview held.
    settled = episode.rhi_held_at is not None or episode.rhi_accepted is False
    if (
        request.method != "POST"
        and episode.mis_end is not None
        and episode.rhi_offered_at is not None
        and settled
    ):
        return already(request, child, "The return and the interview are already recorded.")
    page: Page = {
        "title": f"Return from the episode of {date_format(timezone.localtime(episode.mis_start))}",
        "template": "children/missing_return_form.html",
        "extra": {"episode": episode},
    }
    form = edit_form(request, MissingReturnForm, episode, returned=episode.mis_end)

    def write(data: Data) -> object:
        # Both steps or neither: an interview cannot be recorded without the return.
        with transaction.atomic():
            version = data["version"]
            current = episode
            if episode.mis_end is None:
                current = s.end_missing_episode(
                    missing_episode=episode,
                    mis_end=at(data["end_date"], data["end_time"]),  # type: ignore[arg-type]
                    expected_version=version,
                    by=request.user,  # type: ignore[arg-type]
                )
                version = current.version
            if as_bool(data["rhi_offered"]):
                current = s.record_return_home_interview(
                    missing_episode=current,
                    rhi_offered_at=at(data["rhi_date"], data["rhi_time"]),  # type: ignore[arg-type]
                    rhi_accepted=bool(as_bool(data["rhi_accepted"])),
                    rhi_held_at=at(data.get("rhi_held_date"), data.get("rhi_held_time")),
                    expected_version=version,
                    by=request.user,  # type: ignore[arg-type]
                )
            return current

    return record_form(request, child, form, page, write, "Return recorded.", current=reread(episode))


# --- Adoption and permanence ----------------------------------------------------------------------


def _plan_in_progress(child: Child) -> AdoptionPlan | None:
    plans = AdoptionPlan.objects.filter(child=child).order_by("-date_should_be_placed", "-pk")
    return next((plan for plan in plans if plan_in_progress(plan)), None)


@recording("child.adoption.new")
def adoption_decision(request: HttpRequest, child: Child) -> HttpResponse:
    """The decision that a looked-after child should be placed for adoption, which opens a plan."""
    if request.method != "POST" and _plan_in_progress(child) is not None:
        return already(
            request, child, "The child already has an adoption plan in progress: record its next steps."
        )
    form = AdoptionDecisionForm(posted(request))
    page: Page = {
        "title": "Record a decision to place for adoption",
        "template": "children/adoption_decision_form.html",
    }

    def write(data: Data) -> object:
        return la.record_adoption_decision(child=child, decided_on=data["decided_on"], by=request.user)  # type: ignore[arg-type]

    return record_form(request, child, form, page, write, "Adoption decision recorded.")


@recording("child.adoption.update")
def adoption_plan(request: HttpRequest, child: Child, plan_pk: int) -> HttpResponse:
    """The plan's later steps: placement order, match, placement, then the order or the plan's end."""
    plan = get_object_or_404(AdoptionPlan, pk=plan_pk, child=child)
    if request.method != "POST" and not plan_in_progress(plan):
        return already(request, child, "That adoption plan has ended.")
    page: Page = {
        "title": f"Adoption plan decided {date_format(plan.date_should_be_placed)}",
        "template": "children/adoption_plan_form.html",
    }
    form = edit_form(request, AdoptionProgressForm, plan)

    def write(data: Data) -> object:
        return la.update_adoption_plan(
            plan=plan,
            progress=la.AdoptionProgress(**form.progress_values()),
            expected_version=data["version"],
            by=request.user,  # type: ignore[arg-type]
        )

    return record_form(
        request,
        child,
        form,
        page,
        write,
        "Adoption plan updated.",
        current=reread(plan),
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


@recording("child.previous_permanence.new")
def previous_permanence_new(request: HttpRequest, child: Child) -> HttpResponse:
    """Whether the child was adopted or under an SGO or CAO before the latest period of care (PrevPerm)."""
    started = period_of_care_start(child)
    if started is None:
        return already(request, child, "The child has not been looked after, so this does not apply.")
    if (
        request.method != "POST"
        and PreviousPermanence.objects.filter(child=child, period_started=started).exists()
    ):
        return already(request, child, "Previous permanence is already recorded for this period of care.")
    form = PreviousPermanenceForm(posted(request))
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
            by=request.user,  # type: ignore[arg-type]
        )

    return record_form(request, child, form, page, write, "Previous permanence recorded.")


# --- Motherhood -----------------------------------------------------------------------------------


@recording("child.motherhood.new")
def motherhood_new(request: HttpRequest, child: Child) -> HttpResponse:
    """Whether a looked-after young woman is a mother (SSDA903 MOTHER and MC_DOB)."""
    form = MotherhoodForm(posted(request))
    page: Page = {"title": "Record motherhood", "template": "children/motherhood_form.html"}

    def write(data: Data) -> object:
        return la.record_motherhood(
            child=child,
            recorded_on=data["recorded_on"],
            mother=bool(as_bool(data["mother"])),
            mc_dob=data.get("mc_dob"),
            by=request.user,  # type: ignore[arg-type]
        )

    return record_form(request, child, form, page, write, "Motherhood recorded.")


# --- Health and education of a looked-after child -------------------------------------------------


@recording("child.pep.new")
def pep_new(request: HttpRequest, child: Child) -> HttpResponse:
    form = PEPForm(posted(request))
    page: Page = {"title": "Record a personal education plan meeting", "template": "children/pep_form.html"}

    def write(data: Data) -> object:
        return s.record_pep(child=child, pep_date=data["pep_date"], by=request.user)  # type: ignore[arg-type]

    return record_form(request, child, form, page, write, "Personal education plan recorded.")


@recording("child.health_assessment.new")
def health_assessment_new(request: HttpRequest, child: Child) -> HttpResponse:
    form = HealthAssessmentForm(posted(request))
    page: Page = {
        "title": "Record a health assessment",
        "template": "children/health_assessment_form.html",
    }

    def write(data: Data) -> object:
        return s.record_health_assessment(
            child=child,
            assessment_date=data["assessment_date"],
            kind=data["kind"],
            by=request.user,  # type: ignore[arg-type]
        )

    return record_form(request, child, form, page, write, "Health assessment recorded.")


@recording("child.dental_check.new")
def dental_check_new(request: HttpRequest, child: Child) -> HttpResponse:
    form = DentalCheckForm(posted(request))
    page: Page = {"title": "Record a dental check", "template": "children/dental_check_form.html"}

    def write(data: Data) -> object:
        return s.record_dental_check(child=child, check_date=data["check_date"], by=request.user)  # type: ignore[arg-type]

    return record_form(request, child, form, page, write, "Dental check recorded.")
