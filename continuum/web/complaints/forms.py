"""The complaints forms (GOV.UK pattern: labels in plain English, errors linked from the summary)."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib.auth.models import User

from continuum.complaints.models import (
    HEADS_OF_SERVICE,
    Category,
    ComplainantType,
    ComplimentFrom,
    Outcome,
    Procedure,
    ServiceArea,
)
from continuum.core import roles as r
from continuum.people.models import Team
from continuum.web.children.recording_forms import EditForm
from continuum.web.govuk.fields import GovukDateField, govuk_options
from continuum.web.govuk.forms import GovukForm, Reveal

_AUTHOR_ROLES = (r.TEAM_MANAGER, r.HEAD_OF_SERVICE, r.COMPLAINTS_OFFICER)


def _authors(blank: str = "Not named yet") -> list[tuple[str, str]]:
    users = User.objects.filter(groups__name__in=[x.name for x in _AUTHOR_ROLES], is_active=True).distinct()
    return [("", blank)] + [
        (str(u.pk), u.get_full_name() or u.get_username()) for u in users.order_by("last_name", "username")
    ]


def _teams(blank: str) -> list[tuple[str, str]]:
    return [("", blank)] + [(str(t.pk), t.name) for t in Team.objects.filter(is_active=True).order_by("name")]


def _text(label: str, missing: str = "", required: bool = True, **kwargs: Any) -> forms.CharField:
    """A text field whose "required" message is ``missing``, or "Enter" and the label when that
    reads well ("Enter what they said"); a question label needs its own ("Enter why more time is needed")."""
    return forms.CharField(
        label=label,
        required=required,
        max_length=4_000,
        error_messages={"required": missing or f"Enter {label[:1].lower()}{label[1:]}"},
        **kwargs,
    )


class ComplaintForm(GovukForm):
    non_field_anchor = "id_procedure_0"

    procedure = forms.ChoiceField(
        label="Which procedure?",
        choices=Procedure.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select statutory or service complaint"},
    )
    received = GovukDateField(label="Date received")
    complainant_name = _text("Complainant's name", "Enter the complainant's name")
    # Empty first choices, as for the category: a select that opened on "Parent" and "Children's
    # Social Care" recorded them for every complaint whose officer did not notice the question.
    complainant_type = forms.ChoiceField(
        label="Who is complaining?",
        choices=[("", "Choose who is complaining"), *ComplainantType.choices],
        error_messages={
            "required": "Select who is complaining",
            "invalid_choice": "Select who is complaining from the list",
        },
    )
    advocate = forms.BooleanField(label="An advocate acts for the child", required=False)
    la_child_id = forms.CharField(
        label="Record number of the child concerned (LAchildID, optional)", required=False, max_length=40
    )
    # An empty first choice: a form that opened on "Action of staff" recorded that category for
    # every complaint nobody chose one for, and the annual report counted them as such.
    category = forms.ChoiceField(
        label="Category",
        choices=[("", "Choose a category"), *Category.choices],
        error_messages={
            "required": "Select the category",
            "invalid_choice": "Select the category from the list",
        },
    )
    service_area = forms.ChoiceField(
        label="Service area",
        choices=[("", "Choose a service area"), *ServiceArea.choices],
        error_messages={
            "required": "Select the service area",
            "invalid_choice": "Select the service area from the list",
        },
    )
    team = forms.ChoiceField(label="Team complained about", required=False)
    head_of_service = forms.ChoiceField(
        label="Head of service (optional)",
        required=False,
        choices=[("", "Not recorded"), *((name, name) for name in HEADS_OF_SERVICE)],
        error_messages={"invalid_choice": "Select the head of service's service from the list"},
    )
    author = forms.ChoiceField(label="Stage 1 response author", required=False)
    summary = _text("What the complaint is about", widget=forms.Textarea)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = _teams("Not known")
        self.fields["author"].choices = _authors()

    def clean_la_child_id(self) -> str:
        """The ID as the records hold it: people type it in lower case or with spaces ("cjput bxvnf")."""
        return "".join(self.cleaned_data["la_child_id"].split()).upper()


#: What a complaint form's clash message names: what the complaint page shows of the complaint.
COMPLAINT_SEEN = {
    "acknowledged_words": "Acknowledged",
    "latest_stage_words": "Latest stage",
    "learning": "Learning",
}
#: What a stage form's clash message names: what the page shows of the stage.
STAGE_SEEN = {
    "author_name": "Investigator or response author",
    "extension_words": "Extension",
    "response_words": "Response",
}


class ComplaintEditForm(EditForm):
    """A complaint page form carrying the version of the complaint or stage it was opened on
    (the casework :class:`EditForm`), so a save over someone else's is refused and explained.

    The version is optional here: a complaint page opened before versions were carried (open in a
    tab across the release) posts none, and is saved as before rather than refused over a hidden
    field the officer cannot see or fix. Every page served now carries it.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AcknowledgeForm(ComplaintEditForm):
    non_field_anchor = "id_acknowledge-on-day"
    seen_fields: ClassVar[dict[str, str]] = COMPLAINT_SEEN

    on = GovukDateField(label="Acknowledged on")


class AuthorForm(ComplaintEditForm):
    """Name (or change) who investigates or writes an open stage's response."""

    non_field_anchor = "id_author-author"
    seen_fields: ClassVar[dict[str, str]] = STAGE_SEEN

    author = forms.ChoiceField(
        label="Investigator or response author",
        error_messages={"required": "Select who will investigate or write the response"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["author"].choices = _authors("Select a person")


class ExtendForm(ComplaintEditForm):
    non_field_anchor = "id_extend-reason"
    seen_fields: ClassVar[dict[str, str]] = STAGE_SEEN

    on = GovukDateField(label="Extension agreed on")
    reason = _text("Why is more time needed?", "Enter why more time is needed", widget=forms.Textarea)


class RespondForm(ComplaintEditForm):
    non_field_anchor = "id_respond-outcome_0"
    seen_fields: ClassVar[dict[str, str]] = STAGE_SEEN

    on = GovukDateField(label="Response sent on")
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select upheld, partly upheld or not upheld"},
    )
    letter = _text("Response letter", "Enter the response letter", widget=forms.Textarea)


ESCALATE = ("escalate", "Escalate to the next stage")


class EscalateForm(ComplaintEditForm):
    """The gate's decision. ``decline`` is the label of the decline choice, or "" where the
    procedure does not let the officer decline (a statutory request still in time): the page offers
    only what the service (services.decline_escalation) would accept, so then there is neither a
    decline choice nor a box for the reason to decline."""

    non_field_anchor = "id_escalate-decision_0"
    seen_fields: ClassVar[dict[str, str]] = COMPLAINT_SEEN

    requested = GovukDateField(label="Escalation requested on")
    decision = forms.ChoiceField(
        label="Decision",
        widget=forms.RadioSelect,
        error_messages={"required": "Select escalate or decline", "invalid_choice": "Select escalate"},
    )
    # Each answer reveals what it needs (``reveals``); the service names a missing author or reason.
    author = govuk_options(
        forms.ChoiceField(label="Investigator or response author (needed to escalate)", required=False),
        label_class="govuk-label--s",
    )
    reason = govuk_options(
        forms.CharField(
            label="Why is it declined? (needed to decline)", required=False, widget=forms.Textarea
        ),
        label_class="govuk-label--s",
        rows=3,
    )
    reveals = (Reveal("decision", "escalate", ("author",)), Reveal("decision", "decline", ("reason",)))

    def __init__(self, *args: Any, decline: str = "Decline: no new information", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["author"].choices = _authors("Select a person")
        if decline:
            self.fields["decision"].choices = [ESCALATE, ("decline", decline)]
        else:
            self.fields["decision"].choices = [ESCALATE]
            del self.fields["reason"]

    @property
    def offers_decline(self) -> bool:
        """Whether the officer may decline here (the page shows the reason box only then)."""
        return "reason" in self.fields


def _short(text: str, most: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


class LearningForm(ComplaintEditForm):
    non_field_anchor = "id_learning-what"
    seen_fields: ClassVar[dict[str, str]] = COMPLAINT_SEEN

    learning = _text("What was learnt", widget=forms.Textarea)
    what = _text("Action to take", "Enter the action to take")
    owner = forms.ChoiceField(label="Action owner", error_messages={"required": "Select the action's owner"})
    due = GovukDateField(label="Action due by", past_only=False)
    serves = forms.ChoiceField(
        label="The plan it serves (optional)",
        required=False,
        error_messages={"invalid_choice": "Choose a plan line from the list"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from continuum.complaints.selectors import link_targets
        from continuum.core import clock

        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = _authors("Select the owner")
        lines, qa = link_targets(clock.today())
        #: The choice's value to the plan line or QA action it names.
        self.targets: dict[str, Any] = {f"plan:{line.pk}": line for line in lines}
        self.targets |= {f"qa:{action.pk}": action for action in qa}
        self.fields["serves"].choices = [
            ("", "Not linked to a plan"),
            *(
                (f"plan:{x.pk}", _short(f"Improvement plan: {x.plan.title}, {x.ref}: {x.text}"))
                for x in lines
            ),
            *((f"qa:{x.pk}", _short(f"QA action plan: {x.source_label}: {x.what}")) for x in qa),
        ]


class ComplimentForm(GovukForm):
    non_field_anchor = "id_team"

    received = GovukDateField(label="Date received")
    team = forms.ChoiceField(label="Team complimented", error_messages={"required": "Select the team"})
    from_type = forms.ChoiceField(label="From", choices=ComplimentFrom.choices)
    summary = _text("What they said", widget=forms.Textarea)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = _teams("Select the team")


class EnquiryForm(GovukForm):
    non_field_anchor = "id_member"

    received = GovukDateField(label="Date received")
    member = _text("Councillor", "Enter the councillor's name")
    team = forms.ChoiceField(label="Team asked", required=False)
    summary = _text("What the member asks", widget=forms.Textarea)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = _teams("Not known")


class FindForm(forms.Form):
    """The complaints list's search: a reference ("CMP-00406", "406") or part of a complainant's name."""

    q = forms.CharField(label="Reference or complainant's name", required=False, max_length=120)
    show = forms.ChoiceField(choices=[("open", "Open"), ("closed", "Closed"), ("all", "All")], required=False)


class AnswerForm(GovukForm):
    non_field_anchor = "id_response"

    on = GovukDateField(label="Answered on")
    response = _text("The answer", widget=forms.Textarea)
