"""Forms for actions: setting one, and updating one (done, dropped, a new due date, reopened).

The form checks what was typed; the rules (a reason to drop or move a date,
no future "done") are the service's, shown by the page from its refusal. The
form asks for the reason too, so that every error shows on the first submit
(a past due date and a missing reason together), not one per try.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.models import User

from continuum.actions.models import ActionStatus, Outcome
from continuum.actions.services import REASON_NEEDED
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


def _holders_who_may_own(about: Any) -> list[tuple[str, str]]:
    """Active users holding a role the policy lets be given an action ``about`` a child or set from a
    record about no child (:func:`~continuum.actions.rules.roles_that_may_own`), each asked again with
    ``actions.own``, by name."""
    from continuum.actions.rules import roles_that_may_own

    names = [role.name for role in roles_that_may_own(about)]
    users = (
        User.objects.filter(is_active=True, groups__name__in=names)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
    allowed = [u for u in users if may(u, "actions.own", about)]
    return [(str(u.pk), label) for u, label in zip(allowed, _with_teams(allowed), strict=True)]


def _with_teams(users: list[User]) -> list[str]:
    """Each user's name, with the team of the worker in post they are linked to ("Sam Worker (Plans
    North)"). Why the team: two people of one name in a borough's workforce are told apart by it."""
    from continuum.people.models import Worker

    teams = dict(
        Worker.objects.filter(user__in=users, leave_date__isnull=True, team__isnull=False).values_list(
            "user_id", "team__name"
        )
    )
    named = [(u.pk, u.get_full_name() or u.get_username()) for u in users]
    return [f"{name} ({teams[pk]})" if pk in teams else name for pk, name in named]


def casework_owner_choices(child: Any) -> list[tuple[str, str]]:
    """Who may be given an action about ``child``: active users holding a role that the policy lets own
    one (``actions.own``), by name. Board members, partner agencies and administrators are not offered:
    they cannot open the child's record or act on it."""
    return _holders_who_may_own(child)


def owner_choices(source: Any = None) -> list[tuple[str, str]]:
    """Who may be given an action about no child set from ``source``, a record or its model: holders of
    the roles its area names (``actions.own``; anyone with a role when it names none, or when no
    source is given), by name. Why not every worker in post: a board member or an administrator is
    no one to give a MARAC action."""
    return _holders_who_may_own(source)


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
    owner = forms.ChoiceField(
        label="Who will do it?",
        error_messages={
            "required": "Select who will do it",
            "invalid_choice": "Select who will do it from the people listed",
        },
    )
    due = DueDateField(label="By when?", words="The date it is due by")
    outcome = forms.ChoiceField(label="Towards which outcome?", required=False)

    def __init__(
        self, *args: Any, outcomes: list[Outcome], child: Any = None, source: Any = None, **kwargs: Any
    ) -> None:
        """Offers as owner only those the policy lets be given the action: about ``child`` (a plan's),
        or else set from ``source``, a record about no child or its model (a MARAC referral's).
        Choosing from the list is the server's check too: a person not offered is refused."""
        super().__init__(*args, **kwargs)
        people = casework_owner_choices(child) if child is not None else owner_choices(source)
        cast(forms.ChoiceField, self.fields["owner"]).choices = [("", "Select a person"), *people]
        cast(forms.ChoiceField, self.fields["outcome"]).choices = [("", "None in particular")] + [
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
        cast(forms.ChoiceField, self.fields["change"]).choices = [c for c in CHANGES if c[0] in offered]

    def clean(self) -> dict[str, Any]:
        """The date a new due date needs, and the reason a move or a drop needs, checked together:
        the service refuses one thing at a time, so leaving the reason to it showed its error only
        on the second try."""
        data = super().clean() or {}
        if data.get("change") == "due" and not data.get("due") and "due" not in self.errors:
            self.add_error("due", "Enter the new due date")
        needed = REASON_NEEDED.get(data.get("change") or "")
        if needed and not (data.get("reason") or "").strip() and "reason" not in self.errors:
            self.add_error("reason", needed)
        return data
