"""Forms for actions: setting one, and updating one (done, dropped, a new due date, reopened).

The form checks what was typed; the rules (a reason to drop or move a date,
no future "done") are the service's, shown by the page from its refusal.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User

from continuum.actions.models import ActionStatus, Outcome
from continuum.core import clock
from continuum.core.policy import may
from continuum.web.govuk.fields import GovukDateField
from continuum.web.govuk.forms import GovukForm

#: Said beside a due date typed in the past (a new due date only: an action already overdue stays so).
PAST_DUE = "The due date must be today or later"


class DueDateField(GovukDateField):
    """A due date being set or moved: today or later. Why: a date already past makes the action overdue
    the moment it is saved (an immediate-harm action "due" in 2020 showed 2,532 days overdue), which
    says nothing true about the work. Only what is typed is checked; stored dates are left alone."""

    def __init__(self, *, label: str, **kwargs: Any) -> None:
        super().__init__(label=label, past_only=False, **kwargs)

    def clean(self, value: Any) -> Any:
        day = super().clean(value)
        if day is not None and day < clock.today():
            self.error_parts = ("day", "month", "year")
            raise forms.ValidationError(PAST_DUE, code="past")
        return day


def casework_owner_choices(child: Any) -> list[tuple[str, str]]:
    """Who may be given an action about ``child``: active users holding a role that the policy lets own
    one (``actions.own``), by name. Board members, partner agencies and administrators are not offered:
    they cannot open the child's record or act on it."""
    from continuum.actions.rules import roles_that_may_own

    names = [role.name for role in roles_that_may_own()]
    users = (
        User.objects.filter(is_active=True, groups__name__in=names)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
    return [(str(u.pk), u.get_full_name() or u.get_username()) for u in users if may(u, "actions.own", child)]


def owner_choices() -> list[tuple[str, str]]:
    """Staff an action can be given to: signed-in users linked to a worker in post, by name."""
    from continuum.people.models import Worker

    workers = (
        Worker.objects.filter(user__isnull=False, user__is_active=True, leave_date__isnull=True)
        .select_related("team")
        .order_by("last_name", "first_name")
    )
    return [
        (str(w.user_id), f"{w.first_name} {w.last_name}" + (f" ({w.team.name})" if w.team else ""))
        for w in workers
    ]


class OutcomeForm(GovukForm):
    non_field_anchor = "id_text"

    text = forms.CharField(
        label="What should be different for the child?",
        widget=forms.Textarea,
        max_length=2_000,
        error_messages={
            "required": "Enter the outcome the plan aims for",
            "max_length": "The outcome must be 2,000 characters or fewer",
        },
    )


class ActionForm(GovukForm):
    non_field_anchor = "id_what"

    what = forms.CharField(
        label="What is to be done?",
        widget=forms.Textarea,
        max_length=2_000,
        error_messages={
            "required": "Enter what is to be done",
            "max_length": "What is to be done must be 2,000 characters or fewer",
        },
    )
    owner = forms.ChoiceField(label="Who will do it?", error_messages={"required": "Select who will do it"})
    due = DueDateField(label="By when?")
    outcome = forms.ChoiceField(label="Towards which outcome?", required=False)

    def __init__(self, *args: Any, outcomes: list[Outcome], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "Select a person"), *owner_choices()]
        self.fields["outcome"].choices = [("", "None in particular")] + [
            (str(o.pk), o.text[:80]) for o in outcomes
        ]
        self._outcomes = {str(o.pk): o for o in outcomes}

    def clean_owner(self) -> User:
        return User.objects.get(pk=int(self.cleaned_data["owner"]))

    def clean_outcome(self) -> Outcome | None:
        return self._outcomes.get(self.cleaned_data.get("outcome") or "")


CHANGES = [
    ("done", "It is done"),
    ("dropped", "It is no longer needed (dropped)"),
    ("due", "It needs a new due date"),
    ("open", "Reopen it"),
]


class ActionUpdateForm(GovukForm):
    non_field_anchor = "id_change_0"

    change = forms.ChoiceField(
        label="What has changed?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select what has changed"},
    )
    on = GovukDateField(label="Date it was done or dropped", required=False)
    due = DueDateField(label="New due date", required=False)
    reason = forms.CharField(
        label="Why? (needed to drop an action or move its date)",
        widget=forms.Textarea,
        required=False,
        max_length=2_000,
        error_messages={"max_length": "The reason must be 2,000 characters or fewer"},
    )

    def __init__(self, *args: Any, status: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offered = ("done", "dropped", "due") if status == ActionStatus.OPEN else ("open",)
        self.fields["change"].choices = [c for c in CHANGES if c[0] in offered]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("change") == "due" and not data.get("due") and "due" not in self.errors:
            self.add_error("due", "Enter the new due date")
        return data
