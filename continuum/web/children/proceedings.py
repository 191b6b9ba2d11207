"""Pre-proceedings (the Public Law Outline): starting them, and recording what the CIN census module 5 asks.

Each view is a :func:`~continuum.web.children.pages.recording` frame around
one journey service write (``start_pre_proceedings``, ``update_pre_proceedings``),
which holds the rules (a court application after the decision to step up, and so on).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.formats import date_format

from continuum.journey import selectors
from continuum.journey import services as s
from continuum.journey.models import PreProceedings
from continuum.people.models import Child
from continuum.web.children.pages import (
    Data,
    Page,
    edit_form,
    no_referral,
    posted,
    record_form,
    recording,
    reread,
)
from continuum.web.children.proceedings_forms import PreProceedingsForm, StartPreProceedingsForm


@recording("child.pre_proceedings.new")
def pre_proceedings_new(request: HttpRequest, child: Child) -> HttpResponse:
    """Start pre-proceedings under the child's open referral."""
    episode = selectors.open_cin_episode(child)
    if episode is None:
        return no_referral(request, child)
    form = StartPreProceedingsForm(posted(request))
    page: Page = {"title": "Start pre-proceedings", "template": "children/pre_proceedings_start_form.html"}

    def write(data: Data) -> object:
        return s.start_pre_proceedings(
            cin_episode=episode,
            plo_start_date=data["plo_start_date"],
            letter_before_proceedings_date=data.get("letter_before_proceedings_date"),
            by=request.user,  # type: ignore[arg-type]
        )

    return record_form(request, child, form, page, write, "Pre-proceedings started.")


@recording("child.pre_proceedings.update")
def pre_proceedings_edit(request: HttpRequest, child: Child, pp_pk: int) -> HttpResponse:
    """The letter, the family group decision meeting, the meetings, the decision and the court application."""
    record = get_object_or_404(PreProceedings, pk=pp_pk, child=child)
    page: Page = {
        "title": f"Pre-proceedings started {date_format(record.plo_start_date)}",
        "template": "children/pre_proceedings_form.html",
    }
    form = edit_form(request, PreProceedingsForm, record)

    def write(data: Data) -> object:
        return s.update_pre_proceedings(
            pre_proceedings=record,
            expected_version=data["version"],
            by=request.user,  # type: ignore[arg-type]
            **PreProceedingsForm.values(data),
        )

    return record_form(request, child, form, page, write, "Pre-proceedings recorded.", current=reread(record))
