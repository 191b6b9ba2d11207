"""The forms that write a plan in the web: a priority, an objective, an action, new or changed.

Each box's error names the box (its label in the message), and the checks that need the plan
(an ID already used, initials that are not a lead of the plan, a delivery that is not a month)
run here through the service's own checks, so every wrong box is said at once; the service
checks again when it writes. A change form carries the version the page showed
(:class:`~continuum.web.children.recording_forms.EditForm`), so a save over someone else's
change is refused and their change shown.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from continuum.improvement import services
from continuum.improvement.models import Objective, Plan, PlanAction, Priority
from continuum.web.children.recording_forms import EditForm
from continuum.web.govuk.fields import GovukDateField, text_field
from continuum.web.govuk.forms import GovukForm

#: How each box is drawn: its template in continuum/web/templates/govuk/.
TEXTAREA, TEXT, SELECT, RADIOS = "textarea", "text_input", "select", "radios"


def long_text(
    label: str, message: str = "", *, required: bool = False, max_length: int = 4_000
) -> forms.CharField:
    """A paragraph whose errors name the box: ``message`` when empty, the limit when too long."""
    return forms.CharField(
        label=label,
        widget=forms.Textarea,
        required=required,
        max_length=max_length,
        error_messages={
            "required": message,
            "max_length": f"{label.removesuffix(' (optional)')} must be {max_length:,} characters or fewer",
        },
    )


class PlanForm(GovukForm):
    """A form about one plan; ``boxes`` says how each field is drawn, in order."""

    boxes: ClassVar[dict[str, str]] = {}
    hints: ClassVar[dict[str, str]] = {}

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan

    def drawn(self) -> list[tuple[str, Any, str]]:
        """(template, bound field, hint) for each box, in the page's order."""
        return [
            (f"govuk/{kind}.html", self[name], self.hints.get(name, "")) for name, kind in self.boxes.items()
        ]

    def _check(self, name: str, check: Any) -> Any:
        """Run a service check on one box; its refusal becomes that box's error."""
        try:
            return check()
        except services.PlanRuleError as refused:
            self.add_error(name, str(refused))
            return None


class PriorityForm(PlanForm):
    non_field_anchor = "id_title"
    boxes: ClassVar[dict[str, str]] = {
        "title": TEXT,
        "lead": TEXT,
        "fix": TEXTAREA,
        "change": TEXTAREA,
        "want_to_see": TEXTAREA,
    }
    hints: ClassVar[dict[str, str]] = {"title": 'As the plan heads it: "Priority 2: Governance".'}

    title = text_field("Title", "Enter the priority's title", max_length=300)
    lead = text_field("Lead (optional)", required=False)
    fix = long_text("What do we need to fix? (optional)")
    change = long_text("What do we need to change? (optional)")
    want_to_see = long_text("What do we want to see? (optional)")


class ObjectiveForm(PlanForm):
    non_field_anchor = "id_text"
    boxes: ClassVar[dict[str, str]] = {"priority": SELECT, "text": TEXTAREA}

    priority = forms.ChoiceField(label="Priority", error_messages={"required": "Select the priority"})
    text = long_text("Objective", "Enter the objective", required=True)

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, plan=plan, **kwargs)
        self.fields["priority"].choices = [("", "Select the priority")] + [
            (str(p.pk), p.title[:120]) for p in plan.priorities.all()
        ]

    def clean_priority(self) -> Priority:
        return self.plan.priorities.get(pk=int(self.cleaned_data["priority"]))


class ObjectiveEditForm(EditForm, ObjectiveForm):
    seen_fields: ClassVar[dict[str, str]] = {"text": "The objective"}
    boxes: ClassVar[dict[str, str]] = {"text": TEXTAREA}

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, plan=plan, **kwargs)
        del self.fields["priority"]


class PriorityEditForm(EditForm, PriorityForm):
    seen_fields: ClassVar[dict[str, str]] = {
        "title": "The title",
        "lead": "The lead",
        "fix": "What do we need to fix?",
        "change": "What do we need to change?",
        "want_to_see": "What do we want to see?",
    }


class ActionForm(PlanForm):
    """A new action: where it sits, its ID, what, who, when, and its first RAG."""

    non_field_anchor = "id_ref"
    boxes: ClassVar[dict[str, str]] = {
        "objective": SELECT,
        "ref": TEXT,
        "text": TEXTAREA,
        "lead_text": TEXT,
        "delivery_text": TEXT,
        "level": RADIOS,
        "reason": TEXTAREA,
    }

    objective = forms.ChoiceField(label="Objective", error_messages={"required": "Select the objective"})
    ref = text_field("ID", "Enter the action's ID", max_length=20)
    text = long_text("Action", "Enter the action", required=True)
    lead_text = text_field("Lead", "Enter the lead's initials", max_length=60)
    delivery_text = text_field("Date of delivery", "Enter the date of delivery", max_length=60)
    level = forms.ChoiceField(
        label="RAG", widget=forms.RadioSelect, error_messages={"required": "Select a RAG"}
    )
    reason = long_text("Why, and what is being done about it? (needed for amber or red)")

    def __init__(self, *args: Any, plan: Plan, line: PlanAction | None = None, **kwargs: Any) -> None:
        super().__init__(*args, plan=plan, **kwargs)
        self.line = line
        initials = ", ".join(plan.leads.order_by("initials").values_list("initials", flat=True))
        self.hints = {
            "ref": 'The plan\'s own ID: "T1", "4a(iv)".',
            "lead_text": "Initials of the plan's leads, separated by / (the first holds the action): "
            f"{initials}.",
            "delivery_text": 'The month the activity is completed: "October 2027", or "Quarterly" for the '
            "life of the plan.",
        }
        if "objective" in self.fields:
            self.fields["objective"].choices = [("", "Select the objective")] + [
                (str(o.pk), f"{o.priority.number}.{o.order} {o.text[:100] or '(no words)'}")
                for o in Objective.objects.filter(priority__plan=plan).select_related("priority")
            ]
        if "level" in self.fields:
            self.fields["level"].choices = [
                (lv.code, f"{lv.code}: {lv.meaning}") for lv in plan.rag_key.levels.all()
            ]

    def clean_objective(self) -> Objective:
        return Objective.objects.get(priority__plan=self.plan, pk=int(self.cleaned_data["objective"]))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        other = self.line.pk if self.line is not None else None
        if data.get("ref"):
            self._check("ref", lambda: services.check_ref(self.plan, data["ref"], other_than=other))
        if data.get("lead_text"):
            self._check("lead_text", lambda: services.resolve_leads(self.plan, data["lead_text"]))
        if data.get("delivery_text"):
            self._check("delivery_text", lambda: services.delivery_of(self.plan, data["delivery_text"]))
        return data


class ActionEditForm(EditForm, ActionForm):
    """A changed action: not its place or its RAG (a rating is recorded on the action's page)."""

    seen_fields: ClassVar[dict[str, str]] = {
        "ref": "The ID",
        "text": "The action",
        "lead_text": "The lead",
        "delivery_text": "The date of delivery",
    }
    boxes: ClassVar[dict[str, str]] = {
        "ref": TEXT,
        "text": TEXTAREA,
        "lead_text": TEXT,
        "delivery_text": TEXT,
        "reason": TEXTAREA,
    }

    def __init__(self, *args: Any, plan: Plan, line: PlanAction | None = None, **kwargs: Any) -> None:
        super().__init__(*args, plan=plan, line=line, **kwargs)
        del self.fields["objective"], self.fields["level"]
        self.fields["reason"].label = "Why the change (needed when the date of delivery moves)"


class PlanDayForm(GovukForm):
    """The day the plan is shown as it stood on, as GOV.UK day, month and year boxes (``on-day`` and
    so on; an old ``?on=2025-03-31`` link is read too: :func:`~continuum.web.govuk.days.read_days`).
    Any day may be asked, as before the boxes: a day before an action was rated shows it as not yet
    in the plan."""

    non_field_anchor = "id_on-day"

    on = GovukDateField(label="The day to show the plan on", past_only=False, required=False)


class DeliveryDayForm(PlanDayForm):
    """The improvement dashboard's day: as the plan's, named for what it shows."""

    on = GovukDateField(label="The day to show delivery on", past_only=False, required=False)


class StocktakeDaysForm(GovukForm):
    """The stocktake's two days as GOV.UK date boxes; old links' ``from`` and ``to`` are read too."""

    non_field_anchor = "id_first-day"

    first = GovukDateField(label="First day", past_only=False, required=False)
    second = GovukDateField(label="Second day", past_only=False, required=False)
