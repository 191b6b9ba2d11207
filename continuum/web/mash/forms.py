"""Front-door forms, with GOV.UK error messages that name the field and say what to do.

The pieces every GOV.UK form shares (the three-box date, the error summary)
are in :mod:`continuum.web.govuk`; what is here is the front door's own.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.forms import formset_factory

from continuum.core import clock, codes, roles
from continuum.core.policy import held_roles, may
from continuum.journey.models import Brag, Consent, ContactOutcome, PartnerAgency
from continuum.journey.services.front_door import brag_agrees, brag_contradiction
from continuum.people.models import Team
from continuum.web.govuk.fields import POSTCODE_RE, GovukDateField, choice_field, govuk_options, text_field
from continuum.web.govuk.forms import GovukForm, Reveal

PHONE_RE = re.compile(r"^[0-9 +()\-]{7,20}$")


# --- Contact ---------------------------------------------------------------------------


REFERRAL_SOURCES = codes.choices("ReferralSource", with_code=False)
SEX_CHOICES = [("F", "Female"), ("M", "Male"), ("U", "Not known")]


class ContactForm(GovukForm):
    """What the front door needs to know about a contact, the referrer and the child."""

    non_field_anchor = "id_referral_source"

    referral_source = choice_field(
        "Source agency", REFERRAL_SOURCES, "Select the agency the contact came from", blank="Choose an agency"
    )
    referrer_name = text_field("Referrer's full name", "Enter the referrer's full name")
    referrer_role = text_field("Referrer's job title (optional)", required=False)
    referrer_organisation = text_field("Referrer's organisation", "Enter the referrer's organisation")
    referrer_phone = text_field("Referrer's phone number", required=False, max_length=20)
    referrer_email = text_field("Referrer's email address", required=False, max_length=120)
    child_first_name = text_field(
        "Child's first name", "Enter the child's first name", required=False, max_length=100
    )
    child_last_name = text_field("Child's last name", "Enter the child's last name", max_length=100)
    child_birth_date = GovukDateField(label="Child's date of birth", required=False)
    #: A pre-birth contact (a midwife's concern about an expected baby): the child is recorded unborn,
    #: with the CIN census ExpectedPersonBirthDate and no date of birth, and maybe no first name yet.
    child_unborn = forms.BooleanField(label="The child is not born yet", required=False)
    child_expected_birth_date = GovukDateField(
        label="Expected date of birth", required=False, past_only=False
    )
    child_sex = forms.ChoiceField(
        label="Child's sex",
        choices=SEX_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the child's sex, or 'Not known'"},
    )
    child_postcode = text_field("Child's home postcode (optional)", required=False, max_length=8)
    concerns = forms.CharField(
        label="What are the concerns about the child?",
        widget=forms.Textarea,
        max_length=10_000,
        error_messages={
            "required": "Enter the concerns about the child",
            "max_length": "Concerns must be 10,000 characters or fewer",
        },
    )
    consent = forms.ChoiceField(
        label="Has the family consented to this contact?",
        choices=Consent.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether consent was obtained or dispensed with"},
    )
    # Asked only when consent was dispensed with (``reveals``), and then needed (``clean``): a reason
    # typed before "Consent obtained" was chosen is dropped, not kept on the contact.
    consent_dispensed_rationale = govuk_options(
        forms.CharField(
            label="Why was it right to proceed without consent?",
            widget=forms.Textarea,
            required=False,
            max_length=5_000,
        ),
        rows=4,
    )
    #: One token per blank form, carried through every step; the contact saved keeps it (see
    #: :func:`new_contact_form`), so the same form sent again finds that contact instead of another.
    submission_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    reveals = (Reveal("consent", Consent.DISPENSED.value, ("consent_dispensed_rationale",)),)

    def clean_referrer_phone(self) -> str:
        phone = self.cleaned_data["referrer_phone"]
        if phone and not PHONE_RE.match(phone):
            raise ValidationError("Enter a phone number, like 01632 960 001 or +44 808 157 0192")
        return phone

    def clean_referrer_email(self) -> str:
        email = self.cleaned_data["referrer_email"]
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise ValidationError(
                    "Enter an email address in the correct format, like name@example.com"
                ) from None
        return email

    def clean_child_postcode(self) -> str:
        postcode = self.cleaned_data["child_postcode"].strip().upper()
        if postcode and not POSTCODE_RE.match(postcode):
            raise ValidationError("Enter a real postcode, like N1 9GU")
        return postcode

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self._check_birth(data)
        if (
            not data.get("referrer_phone")
            and not data.get("referrer_email")
            and "referrer_phone" not in self.errors
            and "referrer_email" not in self.errors
        ):
            self.add_error("referrer_phone", "Enter the referrer's phone number or email address")
        if (
            data.get("consent") == Consent.DISPENSED
            and not data.get("consent_dispensed_rationale", "").strip()
        ):
            self.add_error(
                "consent_dispensed_rationale",
                "Enter why it was right to proceed without consent",
            )
        return data

    def _check_birth(self, data: dict[str, Any]) -> None:
        """A born child needs a first name and a date of birth; an unborn child an expected date
        within a pregnancy (:meth:`_check_expected`), and no date of birth."""
        if not data.get("child_unborn"):
            if not data.get("child_first_name") and "child_first_name" not in self.errors:
                self.add_error("child_first_name", "Enter the child's first name")
            if not data.get("child_birth_date") and "child_birth_date" not in self.errors:
                self.add_error(
                    "child_birth_date",
                    "Enter the child's date of birth, or select 'The child is not born yet'",
                )
            if data.get("child_expected_birth_date"):
                self.add_error(
                    "child_expected_birth_date",
                    "Leave the expected date of birth blank for a child who is born, or select "
                    "'The child is not born yet'",
                )
            return
        if data.get("child_birth_date"):
            self.add_error(
                "child_birth_date",
                "Leave the date of birth blank for a child who is not born yet: give the expected date",
            )
        self._check_expected(data)

    def _check_expected(self, data: dict[str, Any]) -> None:
        """An unborn child's expected date of birth: given, from four weeks ago (a baby late) to ten
        months ahead. One rule for the browser's form and the partners' API."""
        expected = data.get("child_expected_birth_date")
        if "child_expected_birth_date" in self.errors:
            return
        today = clock.today()
        if expected is None:
            self.add_error("child_expected_birth_date", "Enter the expected date of birth")
        elif expected < today - UNBORN_OVERDUE:
            self.add_error(
                "child_expected_birth_date",
                "Expected date of birth is more than 4 weeks ago: if the baby has been born, give the "
                "date of birth instead",
            )
        elif expected > today + UNBORN_AHEAD:
            self.add_error(
                "child_expected_birth_date", "Expected date of birth must be within 10 months of today"
            )


#: How late an expected baby may be and still be recorded unborn, and how far ahead a pregnancy runs.
UNBORN_OVERDUE = timedelta(weeks=4)
UNBORN_AHEAD = timedelta(days=305)


#: The CIN census ReferralSource a partner agency's contacts come from, by the partner's role. The
#: MASH's education colleague is the education service (not a school), and its health colleague
#: is no one primary-care service, so "Health services: other".
PARTNER_SOURCES: Mapping[roles.Role, str] = {
    roles.PARTNER_POLICE: "6",
    roles.PARTNER_HEALTH: "3F",
    roles.PARTNER_EDUCATION: "2B",
}


def own_agency_source(user: Any) -> str:
    """The source agency to offer first on this user's new contact: their own agency's, if a partner.

    Why: a police officer recording a contact is almost always the police, and choosing it from 22
    census codes each time invites a slip. Only a default, which the partner can change (a school
    nurse's concern passed on by the health colleague). Nothing for front-door staff, who record
    contacts from every agency (``contact.own`` is partners only), nor for someone holding two
    partner roles, whose agency is not known.
    """
    if not may(user, "contact.own"):
        return ""
    sources = {PARTNER_SOURCES[role] for role in held_roles(user) if role in PARTNER_SOURCES}
    return sources.pop() if len(sources) == 1 else ""


def new_contact_form(*, referral_source: str = "") -> ContactForm:
    """A blank contact form with its own one-time submission token, the source agency chosen if given."""
    return ContactForm(
        initial={"submission_token": secrets.token_urlsafe(24), "referral_source": referral_source}
    )


class SiblingForm(GovukForm):
    """A brother or sister; a row left blank is ignored."""

    first_name = text_field("First name", "Enter the sibling's first name", required=False, max_length=100)
    last_name = text_field("Last name", "Enter the sibling's last name", required=False, max_length=100)
    birth_date = GovukDateField(label="Sibling's date of birth", required=False)

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not (data.get("first_name") or data.get("last_name") or data.get("birth_date"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        started = data.get("first_name") or data.get("last_name") or data.get("birth_date")
        if started or "birth_date" in self.errors:
            if not data.get("first_name"):
                self.add_error("first_name", "Enter the sibling's first name, or clear this sibling's row")
            if not data.get("last_name"):
                self.add_error("last_name", "Enter the sibling's last name, or clear this sibling's row")
            if not data.get("birth_date") and "birth_date" not in self.errors:
                self.fields["birth_date"].error_parts = ("day",)  # type: ignore[attr-defined]
                self.add_error("birth_date", "Enter the sibling's date of birth")
        return data


SiblingFormSet = formset_factory(SiblingForm, extra=1, max_num=10, absolute_max=10)


# --- MASH decision --------------------------------------------------------------------------


BRAG_CHOICES = [(brag.value, brag.label) for brag in (Brag.RED, Brag.AMBER, Brag.GREEN, Brag.BLUE)]

#: Where the decision form refuses a final rating the outcome contradicts. Blue's meaning is itself
#: an outcome ("no further action"), so a Blue contact given a service is refused at the rating; Red's
#: is a level of risk that the outcome must answer, so a Red contact closed with no further action is
#: refused at the outcome.
BRAG_CONTRADICTION_FIELD: dict[str, str] = {Brag.BLUE: "final_brag", Brag.RED: "outcome"}


class DecisionForm(GovukForm):
    """The MASH decision: final rating, outcome with its rationale.

    No oversight here: whoever decides is the decision's author, and nobody signs off their own
    work (issue 18 point 2), so a team manager's oversight is always of another's decision, on the
    oversight page (a tick box here was always the manager's own decision, and was refused).

    The initial rating is asked for here only if nobody rated the contact at triage.
    """

    non_field_anchor = "id_initial_brag_0"

    version = forms.IntegerField(widget=forms.HiddenInput)
    seen = forms.CharField(widget=forms.HiddenInput, required=False)
    initial_brag = forms.ChoiceField(
        label="Initial BRAG rating",
        choices=BRAG_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the initial BRAG rating"},
    )
    final_brag = forms.ChoiceField(
        label="Final BRAG rating",
        choices=BRAG_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the final BRAG rating"},
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=ContactOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome of the contact"},
    )
    team = forms.ModelChoiceField(
        label="Duty and assessment team",
        queryset=Team.objects.none(),
        required=False,
        empty_label="Choose a team",
        error_messages={"invalid_choice": "Select a duty and assessment team from the list"},
    )
    rationale = forms.CharField(
        label="Rationale for the decision",
        widget=forms.Textarea,
        max_length=5_000,
        error_messages={
            "required": "Enter the rationale for the decision",
            "max_length": "Rationale must be 5,000 characters or fewer",
        },
    )

    def __init__(self, *args: Any, teams: Any = (), triaged: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if triaged:
            # The rating given at triage stands; the decision gives the final one.
            del self.fields["initial_brag"]
            self.non_field_anchor = "id_final_brag_0"
        self.teams = list(teams)
        self.fields["team"].queryset = Team.objects.filter(pk__in=[t.pk for t in self.teams])

    @property
    def needs_team_choice(self) -> bool:
        return len(self.teams) > 1

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self._check_brag_agrees(data)
        if data.get("outcome") == ContactOutcome.REFERRAL:
            if not self.teams:
                self.add_error(
                    "outcome",
                    "There is no active duty and assessment team to refer to. "
                    "Ask your system administrator to set one up",
                )
            elif len(self.teams) == 1:
                data["team"] = self.teams[0]
            elif not data.get("team") and "team" not in self.errors:
                self.add_error("team", "Select the duty and assessment team to refer to")
        return data

    def _check_brag_agrees(self, data: dict[str, Any]) -> None:
        """Refuse a final rating whose meaning the outcome contradicts, at the field to change
        (:data:`BRAG_CONTRADICTION_FIELD`); the journey service refuses the same, for imports and scripts."""
        final_brag, outcome = data.get("final_brag"), data.get("outcome")
        if not final_brag or not outcome:
            return
        contradiction = brag_contradiction(final_brag, outcome)
        if not contradiction:
            return
        agreeing = [label for value, label in BRAG_CHOICES if brag_agrees(value, outcome)]
        ratings = " or ".join([", ".join(agreeing[:-1]), agreeing[-1]]) if len(agreeing) > 1 else agreeing[0]
        sentence = f"{contradiction[0].upper()}{contradiction[1:]}"
        if BRAG_CONTRADICTION_FIELD[final_brag] == "outcome":
            self.add_error("outcome", f"{sentence}: choose another outcome, or a final rating of {ratings}")
        else:
            self.add_error("final_brag", f"{sentence}: choose {ratings}, or change the outcome")


class TriageForm(GovukForm):
    """Triage: the initial BRAG rating, given as soon as the contact is read, before the checks."""

    non_field_anchor = "id_initial_brag_0"

    version = forms.IntegerField(widget=forms.HiddenInput)
    seen = forms.CharField(widget=forms.HiddenInput, required=False)
    initial_brag = forms.ChoiceField(
        label="Initial BRAG rating",
        choices=BRAG_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the initial BRAG rating"},
    )
    brag_rationale = forms.CharField(
        label="Why this rating?",
        help_text="The risk you see and what it rests on: what the contact says and what is already known.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={"required": "Enter why you gave this rating"},
    )


class PartnerCheckForm(GovukForm):
    """One partner agency's check: who, when, and what they said."""

    non_field_anchor = "id_agency"

    agency = choice_field(
        "Agency",
        list(PartnerAgency.choices),
        "Select the agency that did the check",
        blank="Choose an agency",
    )
    checked_on = GovukDateField(label="Date of the check")
    summary = forms.CharField(
        label="Summary of what the agency said",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2_000,
        error_messages={
            "required": "Enter a summary of what the agency said",
            "max_length": "Summary must be 2,000 characters or fewer",
        },
    )

    def clean_summary(self) -> str:
        summary = self.cleaned_data["summary"].strip()
        if not summary:
            raise ValidationError("Enter a summary of what the agency said")
        return summary


class OversightForm(GovukForm):
    non_field_anchor = "id_note"

    version = forms.IntegerField(widget=forms.HiddenInput)
    seen = forms.CharField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(
        label="Manager's oversight note",
        widget=forms.Textarea,
        max_length=5_000,
        error_messages={"required": "Enter your oversight note"},
    )


# --- Queue filters --------------------------------------------------------------------


AGE_CHOICES = [
    ("", "Any age"),
    ("under-24h", "Received in the last 24 hours"),
    ("1-3d", "Received 1 to 3 days ago"),
    ("over-3d", "Received more than 3 days ago"),
]
STAGE_CHOICES = [("decision", "Awaiting decision"), ("oversight", "Awaiting manager oversight")]
SORT_CHOICES = [
    ("urgency", "Most urgent first"),
    ("oldest", "Oldest contact first"),
    ("newest", "Newest contact first"),
]
NOT_RATED = "none"


class QueueFilterForm(forms.Form):
    """Filters for the MASH queue; bad values are ignored rather than refused (it is a GET)."""

    stage = forms.ChoiceField(label="Stage", choices=STAGE_CHOICES, required=False)
    brag = forms.MultipleChoiceField(
        label="BRAG rating",
        choices=[*BRAG_CHOICES, (NOT_RATED, "Not yet rated")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    source = choice_field("Source agency", REFERRAL_SOURCES, "", required=False, blank="Any agency")
    age = forms.ChoiceField(label="Age of the contact", choices=AGE_CHOICES, required=False)
    sort = forms.ChoiceField(label="Sort by", choices=SORT_CHOICES, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def values(self) -> dict[str, Any]:
        """The valid filters (defaults where a value was missing or unknown)."""
        if not self.is_valid():
            return {"stage": "decision", "brag": [], "source": "", "age": "", "sort": "urgency"}
        data = self.cleaned_data
        return {
            "stage": data.get("stage") or "decision",
            "brag": data.get("brag") or [],
            "source": data.get("source") or "",
            "age": data.get("age") or "",
            "sort": data.get("sort") or "urgency",
        }


def typed_values(form: forms.Form, data: Mapping[str, Any]) -> dict[str, Any]:
    """What was typed into ``form``'s fields, read straight from the request (no validation)."""
    return {
        name: field.widget.value_from_datadict(data, None, form.add_prefix(name))
        for name, field in form.fields.items()
    }


def unbound_copy(form_class: type[forms.Form], data: Mapping[str, Any], **kwargs: Any) -> forms.Form:
    """An unbound form showing what was typed, without errors (for "Add another" and "Change")."""
    return form_class(initial=typed_values(form_class(data, **kwargs), data), **kwargs)


def formset_with_another_row(formset_class: Any, data: Mapping[str, Any], prefix: str) -> Any:
    """The rows typed so far, unbound and without errors, plus one empty row ("Add another")."""
    bound = formset_class(data, prefix=prefix)
    rows = [typed_values(form, data) for form in bound.forms] if bound.management_form.is_valid() else []
    return formset_class(initial=rows, prefix=prefix)
