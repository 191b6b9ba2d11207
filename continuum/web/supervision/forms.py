"""The supervision form: the session, then up to ``CHILD_ROWS`` children discussed, each with one action."""

from __future__ import annotations

from typing import Any

from django import forms

from continuum.web.govuk.fields import GovukDateField
from continuum.web.govuk.forms import GovukForm

CHILD_ROWS = 3


def _text(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea,
        required=False,
        max_length=20_000,
        error_messages={"max_length": f"{label} must be 20,000 characters or fewer"},
    )


class SupervisionForm(GovukForm):
    """``children`` is the worker's caseload as (id, words) choices; rows left without a child are ignored."""

    non_field_anchor = "id_held_on-day"

    held_on = GovukDateField(label="Date of the supervision")
    reflection = _text("Reflective discussion")

    def __init__(self, *args: Any, children: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "Choose a child"), *[(str(pk), words) for pk, words in children]]
        for n in range(1, CHILD_ROWS + 1):
            self.fields[f"child_{n}"] = forms.ChoiceField(label=f"Child {n}", choices=choices, required=False)
            # Each label names its child: the error summary lists every row's errors together, and
            # "Action due by must be a real date" three times said nothing of which row to fix.
            self.fields[f"discussion_{n}"] = _text(f"What was discussed about child {n}")
            self.fields[f"decisions_{n}"] = _text(f"What was decided for child {n}")
            self.fields[f"action_{n}"] = forms.CharField(
                label=f"Action for the worker on child {n} (optional)", required=False
            )
            self.fields[f"action_due_{n}"] = GovukDateField(
                label=f"Action on child {n} due by", required=False, past_only=False
            )

    def rows(self) -> list[dict[str, Any]]:
        """The child rows as bound fields, for the template."""
        return [
            {
                "n": n,
                "child": self[f"child_{n}"],
                "discussion": self[f"discussion_{n}"],
                "decisions": self[f"decisions_{n}"],
                "action": self[f"action_{n}"],
                "action_due": self[f"action_due_{n}"],
            }
            for n in range(1, CHILD_ROWS + 1)
        ]

    def clean(self) -> dict[str, Any]:
        """The session's own rules beside their fields, with any field's errors, on the first submit.

        Why here as well as in the service (continuum/practice/supervision.py): the service is asked only
        once every field is valid, so its "nothing discussed" or "child twice" came a submit after the
        date's error, or alone before it; the manager fixed one thing at a time. The service keeps
        them as the rule for every caller.
        """
        data = super().clean() or {}
        chosen = [n for n in range(1, CHILD_ROWS + 1) if data.get(f"child_{n}")]
        if not chosen and not (data.get("reflection") or "").strip() and "reflection" not in self.errors:
            self.add_error("reflection", "Enter the reflective discussion or a child discussed")
        earlier: set[str] = set()
        for n in chosen:
            child = data[f"child_{n}"]  # read before an error here takes it out of cleaned_data
            if child in earlier:
                self.add_error(
                    f"child_{n}", f"Child {n} is already discussed above: put everything about them together"
                )
            earlier.add(child)
            if not (data.get(f"decisions_{n}") or "").strip():
                self.add_error(f"decisions_{n}", f"Enter what was decided for child {n}")
            if (data.get(f"action_{n}") or "").strip() and not data.get(f"action_due_{n}"):
                self.add_error(f"action_due_{n}", f"Enter when the action for child {n} is due")
        return data
