"""The narrative fields every casework form with a story shares: what happened, and the child's voice."""

from __future__ import annotations

from typing import Any

from django import forms


def narrative_text(label: str) -> forms.CharField:
    """A narrative box: optional, long, and named in its own length error (a form may relabel one)."""
    return forms.CharField(
        label=label,
        widget=forms.Textarea,
        required=False,
        max_length=20_000,
        error_messages={"max_length": f"{label} must be 20,000 characters or fewer"},
    )


class NarrativeFields(forms.Form):
    """Mixed into a casework form; saved as a case note about the record (continuum/practice/narrative.py)."""

    what_happened = narrative_text("What happened")
    childs_voice = narrative_text("The child's words, wishes and feelings")

    def narrative(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"what_happened": data.get("what_happened", ""), "childs_voice": data.get("childs_voice", "")}
