"""The MARAC coordinator's recording pages: a referral, a meeting's cases, and the actions agreed.

Every page asks the policy (``community_safety.marac_record``: the community safety officer only, so
analysts, board members and the IOM team are refused). URLs carry database ids only; the victim is a
pseudonymous key, typed in the form and never put in a URL. A child in the household is linked by
the council's LAchildID and only when the one policy lets the recorder open that child; each link
shown is logged as the MARAC page logs it. The rules are the service's
(continuum/community_safety/marac_records.py), shown against the field they name.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from continuum.actions.models import ActionStatus
from continuum.community_safety import marac
from continuum.community_safety import marac_records as records
from continuum.community_safety.models import MaracMeeting, MaracReferral, MaracWithdrawal
from continuum.core import clock
from continuum.core.dates import day_words
from continuum.web.access import requires
from continuum.web.actions.forms import ActionForm
from continuum.web.children.recording_forms import radios
from continuum.web.community_safety import nav
from continuum.web.community_safety.pages import _child_links
from continuum.web.govuk.fields import GovukDateField, choice_field, text_field
from continuum.web.govuk.forms import GovukForm, add_refusal, error_list

RECORD = "community_safety.marac_record"
#: The navigation's section these pages belong to: the MARAC page's, marked current on each of them.
SECTION = "community-safety-marac"
OTHER = "other"
SCORE_ERROR = f"Risk checklist score must be a whole number from 0 to {records.MAX_RISK_SCORE}"


class ReferralForm(GovukForm):
    """What the coordinator types; the service decides what may be saved."""

    non_field_anchor = "id_referred_on-day"

    referred_on = GovukDateField(label="Date referred")
    agency = choice_field(
        "Referring agency",
        [(a, a) for a in records.AGENCIES] + [(OTHER, "Other")],
        "Select the referring agency",
        blank="Select an agency",
    )
    agency_other = text_field("Name of the other agency", required=False, max_length=records.AGENCY_MAX)
    risk_score = forms.IntegerField(
        label="Risk checklist score",
        error_messages={
            "required": "Enter the risk checklist score",
            "invalid": SCORE_ERROR,
            "min_value": SCORE_ERROR,
            "max_value": SCORE_ERROR,
        },
        min_value=0,
        max_value=records.MAX_RISK_SCORE,
    )
    victim_key = text_field("Victim key", "Enter the victim key", max_length=40)
    meeting_on = GovukDateField(label="Meeting it is listed for", required=False, past_only=False)
    children = forms.CharField(label="Children in the household (optional)", required=False, max_length=400)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("agency") == OTHER:
            other = " ".join((data.get("agency_other") or "").split())
            if not other and "agency_other" not in self.errors:
                self.add_error("agency_other", "Enter the name of the other agency")
            data["agency"] = other
        return data

    def clean_children(self) -> list[int]:
        """The LAchildIDs typed (commas or spaces between) as child ids; one not found is refused in
        the service's words, so that the page does not say whether a record exists."""
        from continuum.people.models import Child

        typed = {part for part in self.cleaned_data["children"].replace(",", " ").split() if part}
        found = dict(Child.objects.filter(la_child_id__in=typed).values_list("la_child_id", "pk"))
        if typed - set(found):
            raise forms.ValidationError(
                "Children in the household: link only a child whose record you may open"
            )
        return sorted(found.values())


def render_page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """A MARAC recording page, with the community safety navigation showing MARAC as the section."""
    return nav.render_page(request, template, {**context, "section": SECTION}, status=status)


def _meeting_hint() -> str:
    """Say which meeting a blank date means: the next on the cycle from today (or from a later referral)."""
    day = records.next_meeting_day(clock.today())
    if day is None:
        return (
            "No MARAC meeting is recorded yet: give the date of the first, which starts the "
            "three-weekly cycle."
        )
    return (
        f"Leave blank for the next meeting on the three-weekly cycle ({day_words(day)}). "
        "For example, 27 3 2026"
    )


@requires(RECORD)
def record_referral_page(request: HttpRequest) -> HttpResponse:
    """Record a referral; it is listed at the next meeting on the cycle unless a date is given."""
    form = ReferralForm(request.POST if request.method == "POST" else None)
    listed: MaracReferral | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            done = records.record_referral(
                referred_on=data["referred_on"],
                agency=data["agency"],
                risk_score=data["risk_score"],
                victim_key=data["victim_key"],
                meeting_on=data["meeting_on"],
                children=data["children"],
                by=request.user,  # type: ignore[arg-type]
            )
        except records.MaracRecordError as refused:
            add_refusal(form, refused)
            listed = refused.listed if isinstance(refused, records.AlreadyListed) else None
        else:
            said = f"Referral {done.referral.pk} recorded: {done.meeting.heard_or_listed()}"
            said += " (a new meeting)." if done.meeting_created else "."
            said += " It is a repeat: this victim was heard in the last 12 months." if done.repeat else ""
            messages.success(request, said)
            return redirect(reverse("marac-referral", args=[done.referral.pk]))
    errors = error_list(form)
    context = {"form": form, "errors": errors, "meeting_hint": _meeting_hint(), "listed": listed}
    return render_page(
        request, "community_safety/marac_referral_form.html", context, status=400 if errors else 200
    )


def _cases(user: User, referrals: list[MaracReferral]) -> list[dict[str, Any]]:
    """Each case with its repeat answer, the children this user may open (logged) and its actions."""
    for r in referrals:
        r.children_list = list(r.children.all())  # type: ignore[attr-defined]
    links = _child_links(user, referrals)
    keys = {r.victim_key for r in referrals}
    repeats = marac.repeat_ids(MaracReferral.objects.filter(victim_key__in=keys).select_related("meeting"))
    actions = marac.actions_by_referral([r.pk for r in referrals])
    return [
        {
            "referral": r,
            "repeat": r.pk in repeats,
            "children": links[r.pk],
            "actions": actions.get(r.pk, []),
        }
        for r in referrals
    ]


@requires(RECORD)
def referral_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A referral as saved: its meeting, whether it is a repeat, its children and its actions."""
    referral = get_object_or_404(
        MaracReferral.objects.select_related("meeting", "withdrawn_by").prefetch_related("children"), pk=pk
    )
    (case,) = _cases(request.user, [referral])  # type: ignore[arg-type]
    return render_page(request, "community_safety/marac_referral.html", {"case": case})


@requires(RECORD)
def meeting_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A meeting's cases by referral number, agency, score and repeat, with the actions agreed."""
    meeting = get_object_or_404(MaracMeeting, pk=pk)
    referrals = list(meeting.cases.order_by("pk").select_related("withdrawn_by").prefetch_related("children"))
    heard, withdrawn = marac.heard_and_withdrawn(referrals)
    context = {
        "meeting": meeting,
        "cases": _cases(request.user, referrals),  # type: ignore[arg-type]
        "heard": heard,
        "withdrawn": withdrawn,
        "earlier": MaracMeeting.objects.filter(held_on__lt=meeting.held_on).order_by("-held_on").first(),
        "later": MaracMeeting.objects.filter(held_on__gt=meeting.held_on).order_by("held_on").first(),
    }
    return render_page(request, "community_safety/marac_meeting.html", context)


class MaracActionForm(ActionForm):
    """The one tracker's action form, for an action about no child: offered as owners are those the
    policy lets be given an action set from a MARAC referral (the agencies round the table, not board
    members or analysts), and there is no plan outcome to aim at."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, outcomes=[], source=MaracReferral, **kwargs)
        del self.fields["outcome"]


@requires(RECORD)
def agree_action_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Set an action agreed for a case at its meeting; back to the meeting's cases once set."""
    listed = MaracReferral.objects.select_related("meeting").filter(
        meeting__isnull=False, withdrawn_on__isnull=True
    )
    referral = get_object_or_404(listed, pk=pk)
    form = MaracActionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            records.agree_action(
                referral,
                what=data["what"],
                owner=data["owner"],
                due=data["due"],
                by=request.user,  # type: ignore[arg-type]
            )
        except records.MaracRecordError as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, f"Action set for referral {referral.pk}.")
            return redirect(reverse("marac-meeting", args=[referral.meeting_id]))
    errors = error_list(form)
    context = {"form": form, "errors": errors, "referral": referral}
    return render_page(
        request, "community_safety/marac_action_form.html", context, status=400 if errors else 200
    )


class WithdrawForm(GovukForm):
    """Why the referral is withdrawn; the service refuses a second withdrawal."""

    non_field_anchor = "id_reason_0"

    reason = radios(
        "Why is the referral withdrawn?", MaracWithdrawal.choices, "Select why the referral is withdrawn"
    )
    note = text_field("More about why (optional)", required=False, max_length=records.WITHDRAWN_NOTE_MAX)


@requires(RECORD)
def withdraw_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw a referral with its reason: kept on the meeting's list as withdrawn, never deleted."""
    referral = get_object_or_404(MaracReferral.objects.select_related("meeting"), pk=pk)
    if referral.withdrawn_on is not None:
        messages.info(request, f"Referral {referral.pk} was withdrawn on {day_words(referral.withdrawn_on)}.")
        return redirect(reverse("marac-referral", args=[referral.pk]))
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            records.withdraw_referral(
                referral,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                by=request.user,  # type: ignore[arg-type]
            )
        except records.MaracRecordError as refused:
            add_refusal(form, refused)
        else:
            messages.success(
                request,
                f"Referral {referral.pk} is withdrawn. It stays on the meeting's list, marked withdrawn, "
                "and no longer counts in the quarter's figures or repeats.",
            )
            return redirect(reverse("marac-referral", args=[referral.pk]))
    open_actions = sum(
        a.status == ActionStatus.OPEN for a in marac.actions_by_referral([referral.pk]).get(referral.pk, [])
    )
    errors = error_list(form)
    context = {"form": form, "errors": errors, "referral": referral, "open_actions": open_actions}
    return render_page(
        request, "community_safety/marac_withdraw.html", context, status=400 if errors else 200
    )
