"""Forms for recording who may see which child, with GOV.UK messages that name the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from continuum.core.dates import day_words
from continuum.core.models import BreakGlassReview
from continuum.core.policy import may
from continuum.people.models import Child
from continuum.web.govuk.fields import GovukDateField, text_field
from continuum.web.govuk.forms import GovukForm


def staff_who_may_see_records() -> list[User]:
    """Active users whose role lets them open child records at all (the only ones worth naming)."""
    users = User.objects.filter(is_active=True).order_by("last_name", "first_name", "username")
    return [user for user in users if may(user, "child.view")]


def user_label(user: User) -> str:
    return user.get_full_name() or user.username


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:  # type: ignore[override]
        return user_label(obj)


class StaffMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:  # type: ignore[override]
        return user_label(obj)


class ChildReferenceField(forms.CharField):
    """A child named by the council's own reference (LAchildID), never by name in a URL or the log."""

    def clean(self, value: Any) -> Child | None:  # type: ignore[override]
        text = super().clean(value).strip()
        if not text:
            return None
        child = Child.objects.filter(la_child_id__iexact=text).first()
        if child is None:
            raise ValidationError(f"There is no child with the LAchildID {text}: check the reference")
        return child


def _child_field() -> ChildReferenceField:
    return ChildReferenceField(
        label="Child's LAchildID",
        max_length=20,
        error_messages={"required": "Enter the child's LAchildID"},
    )


class RelationshipForm(GovukForm):
    """A recorded reason for one member of staff to see one child's record, from one date (to another)."""

    non_field_anchor = "id_user"

    user = StaffChoiceField(
        label="Member of staff",
        queryset=User.objects.none(),
        empty_label="Choose a member of staff",
        error_messages={
            "required": "Select the member of staff",
            "invalid_choice": "Select a member of staff from the list",
        },
    )
    child = _child_field()
    reason = text_field("Reason", "Enter the reason this person needs to see the record", max_length=300)
    start_date = GovukDateField(label="Start date", past_only=False)
    end_date = GovukDateField(label="End date", past_only=False, required=False)

    def __init__(self, *args: Any, recorded_by: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.recorded_by = recorded_by
        staff = staff_who_may_see_records()
        self.fields["user"].queryset = User.objects.filter(pk__in=[u.pk for u in staff]).order_by(  # type: ignore[attr-defined]
            "last_name", "first_name", "username"
        )

    def clean_user(self) -> User:
        user = self.cleaned_data["user"]
        if user == self.recorded_by:
            raise ValidationError(
                "You cannot record a relationship for yourself: ask another manager or QA officer"
            )
        return user

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.fields["end_date"].error_parts = ("day", "month", "year")  # type: ignore[attr-defined]
            self.add_error("end_date", "End date must be the same as or after the start date")
        return data


class EndRelationshipForm(GovukForm):
    non_field_anchor = "id_end_date-day"

    end_date = GovukDateField(label="End date", past_only=False)

    def __init__(self, *args: Any, start_date: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.start_date = start_date

    def clean_end_date(self) -> Any:
        end = self.cleaned_data["end_date"]
        if end < self.start_date:
            self.fields["end_date"].error_parts = ("day", "month", "year")  # type: ignore[attr-defined]
            raise ValidationError(
                f"End date must be the same as or after the start date ({day_words(self.start_date)})"
            )
        return end


class RestrictionForm(GovukForm):
    """Restrict a child's record to named users (the child is asked for only when restricting anew)."""

    non_field_anchor = "id_child"

    seen = forms.CharField(widget=forms.HiddenInput, required=False)
    child = _child_field()
    reason = text_field(
        "Reason for restricting the record", "Enter why the record is restricted", max_length=300
    )
    named_users = StaffMultipleChoiceField(
        label="Who may open the record",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one person who may open the record",
            "invalid_choice": "Select people from the list",
        },
    )

    def __init__(self, *args: Any, new: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not new:
            del self.fields["child"]
            self.non_field_anchor = "id_reason"
        staff = staff_who_may_see_records()
        self.fields["named_users"].queryset = User.objects.filter(pk__in=[u.pk for u in staff]).order_by(  # type: ignore[attr-defined]
            "last_name", "first_name", "username"
        )


NOT_REVIEWED, REVIEWED, ALL = "not-reviewed", "reviewed", "all"
REVIEW_STATUSES = [(NOT_REVIEWED, "Not yet reviewed"), (REVIEWED, "Reviewed"), (ALL, "All")]
NOTE_NEEDED = "Enter a note saying why the access was not justified and who it was referred to"


class BreakGlassFilterForm(forms.Form):
    """Which break-glass accesses to list; a bad value is ignored, not refused (it is a GET).

    Unreviewed accesses are the default: the QA officer's list shrinks as they work.
    """

    status = forms.ChoiceField(label="Show", choices=REVIEW_STATUSES, required=False)
    since = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))


class BreakGlassReviewForm(GovukForm):
    """A QA officer's verdict on one break-glass access; a note is needed if it was not justified."""

    non_field_anchor = "id_outcome_0"

    outcome = forms.ChoiceField(
        label="Was the access justified?",
        choices=BreakGlassReview.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether the access was justified",
            "invalid_choice": "Select whether the access was justified",
        },
    )
    note = text_field("Note", required=False, max_length=2_000, widget=forms.Textarea)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") == BreakGlassReview.Outcome.NOT_JUSTIFIED and not data.get("note"):
            self.add_error("note", NOTE_NEEDED)
        return data
