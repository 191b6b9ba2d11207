"""Casework forms for looked-after children, missing episodes and care leavers (issue 4, "The journey").

Same shape as :mod:`continuum.web.children.casework_views`, whose
:func:`~continuum.web.children.casework_views.submit` turns each service's
answer into a page. A change of placement splits the looked-after episode
exactly as the service does (the old one ends X1, the next starts that day);
the form only says what the practitioner saw.
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from continuum.journey import selectors
from continuum.journey import services as s
from continuum.journey.models import CareLeaver, CLAEpisode, MissingEpisode
from continuum.people.models import Child
from continuum.web.access import requires
from continuum.web.children import casework_forms as cf
from continuum.web.children.casework_views import Page, already, edit_form, reread, submit
from continuum.web.children.forms import as_bool
from continuum.web.children.views import _form_page, _open_for_recording, _posted, child_page

# --- Looked after ------------------------------------------------------------------------------


@child_page
@requires("child.record")
def cla_start(request: HttpRequest, pk: int) -> HttpResponse:
    """The child starts to be looked after: the first episode and its placement, under the open referral."""
    child = _open_for_recording(request, pk, "child.cla.new")
    if selectors.open_cla_episode(child) is not None:
        return already(
            request, child, "The child is already looked after: record a change of placement instead."
        )
    form = cf.StartCareForm(_posted(request))
    page: Page = {"title": "Start to be looked after", "template": "children/cla_start_form.html"}
    if request.method != "POST" or not form.is_valid():
        return _form_page(request, child, form, **page)
    data = form.cleaned_data

    def write() -> object:
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

    return submit(request, child, form, page, write, f"Looked after from {data['decom']:%d/%m/%Y}.")


def _open_episode(request: HttpRequest, child: Child, episode_pk: int) -> CLAEpisode | HttpResponse:
    episode = get_object_or_404(CLAEpisode, pk=episode_pk, child=child)
    if request.method != "POST" and episode.dec is not None:
        return already(request, child, "That looked-after episode has already ended.")
    return episode


@child_page
@requires("child.record")
def placement_change(request: HttpRequest, pk: int, episode_pk: int) -> HttpResponse:
    """Move the child to a new placement: the open episode ends (X1) and the next starts that day."""
    child = _open_for_recording(request, pk, "child.placement.change")
    episode = _open_episode(request, child, episode_pk)
    if isinstance(episode, HttpResponse):
        return episode
    page: Page = {
        "title": "Change of placement",
        "template": "children/placement_change_form.html",
        "extra": {"episode": episode},
    }
    form = edit_form(request, cf.ChangePlacementForm, episode)
    if request.method != "POST" or not form.is_valid():
        return _form_page(request, child, form, **page)
    data = form.cleaned_data

    def write() -> object:
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

    done = f"Placement changed from {data['on']:%d/%m/%Y}."
    return submit(request, child, form, page, write, done, current=reread(CLAEpisode, episode.pk))


@child_page
@requires("child.record")
def cla_end(request: HttpRequest, pk: int, episode_pk: int) -> HttpResponse:
    """The child stops being looked after (DEC and REC)."""
    child = _open_for_recording(request, pk, "child.cla.end")
    episode = _open_episode(request, child, episode_pk)
    if isinstance(episode, HttpResponse):
        return episode
    page: Page = {"title": "Stop being looked after", "template": "children/cla_end_form.html"}
    form = edit_form(request, cf.CeaseCareForm, episode)
    if request.method != "POST" or not form.is_valid():
        return _form_page(request, child, form, **page)
    data = form.cleaned_data

    def write() -> object:
        return s.end_cla_episode(
            cla_episode=episode,
            dec=data["dec"],
            rec=data["rec"],
            expected_version=data["version"],
            by=request.user,  # type: ignore[arg-type]
        )

    done = f"Stopped being looked after on {data['dec']:%d/%m/%Y}."
    return submit(request, child, form, page, write, done, current=reread(CLAEpisode, episode.pk))


@child_page
@requires("child.record")
def cla_review_new(request: HttpRequest, pk: int) -> HttpResponse:
    """A looked-after review; the service finds the episode covering its date."""
    child = _open_for_recording(request, pk, "child.cla_review.new")
    form = cf.CLAReviewForm(_posted(request))
    page: Page = {"title": "Record a looked-after review", "template": "children/cla_review_form.html"}
    if request.method != "POST" or not form.is_valid():
        return _form_page(request, child, form, **page)
    data = form.cleaned_data

    def write() -> object:
        return s.record_cla_review(
            child=child,
            review=data["review"],
            review_code=data["review_code"],
            by=request.user,  # type: ignore[arg-type]
        )

    return submit(request, child, form, page, write, f"Review of {data['review']:%d/%m/%Y} recorded.")


# --- Missing episodes ----------------------------------------------------------------------------


@child_page
@requires("child.record")
def missing_new(request: HttpRequest, pk: int) -> HttpResponse:
    child = _open_for_recording(request, pk, "child.missing.new")
    form = cf.MissingForm(_posted(request))
    page: Page = {"title": "Record a missing or absent episode", "template": "children/missing_form.html"}
    if request.method != "POST" or not form.is_valid():
        return _form_page(request, child, form, **page)
    data = form.cleaned_data

    def write() -> object:
        return s.record_missing_episode(
            child=child,
            missing=data["missing"],
            where_from=data["where_from"],
            mis_start=cf.at(data["start_date"], data["start_time"]),  # type: ignore[arg-type]
            mis_end=cf.at(data.get("end_date"), data.get("end_time")),
            reason=data.get("reason", "").strip(),
            by=request.user,  # type: ignore[arg-type]
        )

    return submit(request, child, form, page, write, "Missing episode recorded.")


@child_page
@requires("child.record")
def missing_return(request: HttpRequest, pk: int, missing_pk: int) -> HttpResponse:
    """The child's return and the offer of a return home interview, saved together or not at all."""
    child = _open_for_recording(request, pk, "child.missing.return")
    episode = get_object_or_404(MissingEpisode, pk=missing_pk, child=child)
    if request.method != "POST" and episode.mis_end is not None and episode.rhi_offered_at is not None:
        return already(request, child, "The return and the interview offer are already recorded.")
    page: Page = {
        "title": f"Return from the episode of {episode.mis_start:%d/%m/%Y}",
        "template": "children/missing_return_form.html",
        "extra": {"episode": episode},
    }
    form = edit_form(request, cf.MissingReturnForm, episode, returned=episode.mis_end)
    if request.method != "POST" or not form.is_valid():
        return _form_page(request, child, form, **page)
    data = form.cleaned_data

    def write() -> object:
        # Both steps or neither: an interview cannot be recorded without the return.
        with transaction.atomic():
            version = data["version"]
            current = episode
            if episode.mis_end is None:
                current = s.end_missing_episode(
                    missing_episode=episode,
                    mis_end=cf.at(data["end_date"], data["end_time"]),  # type: ignore[arg-type]
                    expected_version=version,
                    by=request.user,  # type: ignore[arg-type]
                )
                version = current.version
            if as_bool(data["rhi_offered"]):
                current = s.record_return_home_interview(
                    missing_episode=current,
                    rhi_offered_at=cf.at(data["rhi_date"], data["rhi_time"]),  # type: ignore[arg-type]
                    rhi_accepted=bool(as_bool(data["rhi_accepted"])),
                    expected_version=version,
                    by=request.user,  # type: ignore[arg-type]
                )
            return current

    return submit(
        request, child, form, page, write, "Return recorded.", current=reread(MissingEpisode, episode.pk)
    )


# --- Care leavers ---------------------------------------------------------------------------------


@child_page
@requires("child.record")
def care_leaver_contact_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Contact with a care leaver: in touch, accommodation and its suitability, activity."""
    child = _open_for_recording(request, pk, "child.care_leaver_contact.new")
    care_leaver = CareLeaver.objects.filter(child=child).first()
    if care_leaver is None:
        return already(
            request,
            child,
            "The young person is not recorded as a care leaver, so contact cannot be recorded.",
        )
    form = cf.CareLeaverContactForm(_posted(request))
    page: Page = {
        "title": "Record contact with a care leaver",
        "template": "children/care_leaver_contact_form.html",
    }
    if request.method != "POST" or not form.is_valid():
        return _form_page(request, child, form, **page)
    data = form.cleaned_data

    def write() -> object:
        return s.record_care_leaver_contact(
            care_leaver=care_leaver,
            contact_date=data["contact_date"],
            in_touch=data["in_touch"],
            accom=data.get("accom", ""),
            activ=data.get("activ", ""),
            staying_put=bool(as_bool(data.get("staying_put"))),
            by=request.user,  # type: ignore[arg-type]
        )

    return submit(request, child, form, page, write, "Care leaver contact recorded.")
