"""Forms for case audits and practice reviews; the audit form is built from the audit tool's sections."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User

from continuum.assurance.models import AuditTool, FeedbackHow, Grade, ReviewDecision
from continuum.assurance.tools import ANSWER_KINDS, ANSWER_WORDS
from continuum.web.actions.forms import DueDateField, casework_owner_choices
from continuum.web.children.recording_forms import radios
from continuum.web.govuk.fields import GovukDateField, choice_field, govuk_options, text_field
from continuum.web.govuk.forms import GovukForm, Reveal

LONG_TEXT = 10_000
#: Said beside "who takes the action" when the person chosen is not on the list (never their number).
NOT_AN_OWNER = "Choose who takes the action from the list: only people who work on children's cases"
GRADES = list(Grade.choices)


def words(label: str, message: str = "", *, required: bool = False, **kw: Any) -> forms.CharField:
    return text_field(label, message, required=required, max_length=LONG_TEXT, **kw)


def whole_number(label: str, missing: str = "", *, required: bool = True, **kw: Any) -> forms.IntegerField:
    """A whole-number field whose every error names it: Django's own say only "Enter a whole number",
    which leaves the reader guessing which box is wrong when a form has two."""
    return forms.IntegerField(
        label=label,
        required=required,
        error_messages={
            "required": missing or f"Enter {label.lower()}",
            "invalid": f"{label} must be a whole number, like 12",
            "min_value": f"{label} must be %(limit_value)s or more",
            "max_value": f"{label} must be %(limit_value)s or fewer",
        },
        **kw,
    )


def staff_choices() -> list[tuple[str, str]]:
    """Everyone with a role, for an action about no child (a practice review's recommendation)."""
    users = (
        User.objects.filter(is_active=True, groups__isnull=False).distinct().order_by("last_name", "username")
    )
    return [(str(u.pk), u.get_full_name() or u.get_username()) for u in users]


def auditor_choices() -> list[tuple[str, str]]:
    """Who may be given a case audit (a manager or QA), each named with their role and team, so QA picks
    a manager from another team here without the workforce pages (which are not theirs to open)."""
    from continuum.core import roles as r
    from continuum.people.models import Worker

    names = {role.name: role for role in (r.QA_OFFICER, r.TEAM_MANAGER, r.HEAD_OF_SERVICE)}
    users = list(
        User.objects.filter(is_active=True, groups__name__in=list(names))
        .distinct()
        .prefetch_related("groups")
        .order_by("last_name", "username")
    )
    teams: dict[int, list[str]] = {}
    for user_id, team in (
        Worker.objects.filter(user__in=users, team__isnull=False, leave_date__isnull=True)
        .order_by("team__name")
        .values_list("user_id", "team__name")
    ):
        teams.setdefault(user_id, []).append(team)
    choices = []
    for user in users:
        held = [g.name for g in user.groups.all() if g.name in names]
        words = ", ".join(sorted(held) + teams.get(user.pk, []))
        choices.append((str(user.pk), f"{user.get_full_name() or user.get_username()} ({words})"))
    return choices


class ProgrammeForm(GovukForm):
    non_field_anchor = "id_month-day"

    month = GovukDateField(label="A day in the month to audit", past_only=False)
    target = whole_number("How many cases", min_value=1, max_value=500)
    teams = forms.MultipleChoiceField(label="Teams (none ticked: every team)", required=False, choices=[])
    seed = whole_number("Sample reference", min_value=0, required=False)

    def __init__(self, *args: Any, team_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teams"].choices = team_choices  # type: ignore[attr-defined]


class AddCaseForm(GovukForm):
    non_field_anchor = "id_child"

    child = whole_number("Child record number", "Enter the child record number")


class AssignForm(GovukForm):
    """One audit's auditor, posted from its row of the programme page (whose select is
    ``auditor-<audit>``, where the error is said)."""

    non_field_anchor = "id_auditor"
    #: Said when Assign is pressed with "Choose" still selected.
    MISSING = "Select who will audit this case"

    auditor = choice_field("Auditor", [], MISSING, blank="Choose")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["auditor"].choices = [("", "Choose"), *auditor_choices()]  # type: ignore[attr-defined]


class CaseAuditForm(GovukForm):
    """The immediate-harm question first, then each section's questions and grade, then the whole.

    "Yes" to immediate harm reveals what was found and the action (``reveals``); ``clean`` needs them
    then. Answered "No", anything left in them is dropped: no note is kept on an audit that found no
    harm, and a past due date or an owner not offered is not refused for an action never asked.
    """

    non_field_anchor = "id_harm_0"

    harm = radios(
        "Is the child at risk of immediate harm?",
        [("no", "No"), ("yes", "Yes: alert the team manager and head of service now")],
        "Say whether the child is at risk of immediate harm",
    )
    harm_note = govuk_options(
        words("What you found that puts the child at risk", widget=forms.Textarea), rows=3
    )
    harm_action = govuk_options(words("The action to take now", widget=forms.Textarea), rows=2)
    harm_owner = choice_field("Who takes the action", [], "", required=False, blank="Choose")
    harm_due = DueDateField(label="The action is due by", required=False)
    reveals = (Reveal("harm", "yes", ("harm_note", "harm_action", "harm_owner", "harm_due")),)

    def __init__(self, *args: Any, tool: AuditTool, child: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tool = tool
        self.fields["harm_owner"].choices = [("", "Choose"), *casework_owner_choices(child)]  # type: ignore[attr-defined]
        self.fields["harm_owner"].error_messages["invalid_choice"] = NOT_AN_OWNER
        for section in tool.sections:
            for question in section["questions"]:
                kind = question["answer"]
                if kind == "text":
                    self.fields[f"q_{question['key']}"] = words(question["text"])
                else:
                    choices = [(value, ANSWER_WORDS[value]) for value in ANSWER_KINDS[kind]]
                    field = radios(question["text"], choices, f"Answer: {question['text']}")
                    field.required = False
                    self.fields[f"q_{question['key']}"] = field
            self.fields[f"grade_{section['key']}"] = radios(
                f"Grade for {section['title']}", GRADES, f"Grade the section {section['title']}"
            )
        self.fields["overall"] = radios("Overall grade", GRADES, "Give the overall grade")
        self.fields["summary"] = words(
            "Summary: what you relied on and concluded", "Enter the summary", required=True
        )

    def sections(self) -> list[dict[str, Any]]:
        """Each section with its bound question fields (and what each checks) and its grade field."""
        return [
            {
                "title": section["title"],
                "questions": [(self[f"q_{q['key']}"], q) for q in section["questions"]],
                "grade": self[f"grade_{section['key']}"],
            }
            for section in self.tool.sections
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("harm") == "yes":
            if not (data.get("harm_note") or "").strip():
                self.add_error("harm_note", "Say what you found that puts the child at risk")
            if not (data.get("harm_action") or "").strip():
                self.add_error(
                    "harm_action", "Set the action to take now: the audit cannot be saved without it"
                )
            if not data.get("harm_owner"):
                self.add_error("harm_owner", "Choose who takes the action")
            if not data.get("harm_due") and "harm_due" not in self.errors:
                self.add_error("harm_due", "Enter when the action is due")
        return data


class DiscussionForm(GovukForm):
    non_field_anchor = "id_on-day"

    on = GovukDateField(label="Date of the reflective discussion")
    with_whom = text_field("With (the case holder)", "Enter who the discussion was with")
    note = words("What was discussed and reflected on", "Enter what was discussed", required=True)
    action = words("An action agreed (optional)")
    owner = choice_field("Who takes the action", [], "", required=False, blank="Choose")
    due = DueDateField(label="The action is due by", required=False)

    def __init__(self, *args: Any, child: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "Choose"), *casework_owner_choices(child)]  # type: ignore[attr-defined]
        self.fields["owner"].error_messages["invalid_choice"] = NOT_AN_OWNER

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("action") or "").strip():
            if not data.get("owner"):
                self.add_error("owner", "Choose who takes the action")
            if not data.get("due") and "due" not in self.errors:
                self.add_error("due", "Enter when the action is due")
        return data


class FeedbackForm(GovukForm):
    non_field_anchor = "id_how_0"

    how = radios("How was feedback sought?", list(FeedbackHow.choices), "Say how feedback was sought")
    from_whom = text_field("From (the child, a parent, a carer)", required=False)
    said = words("What they said (or why feedback was not sought)", "Enter what they said", required=True)


class ModerationForm(GovukForm):
    """The moderated grade and why, with the moderation's version the page showed (hidden), so a save
    over a moderation made since is refused instead of replacing it unseen."""

    non_field_anchor = "id_grade_0"

    grade = radios("Moderated grade", GRADES, "Give the moderated grade")
    note = words("Why (needed when the grade differs)")
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def catch_up(self, version: int) -> None:
        """After a clash: keep what was typed and move the form on to the moderation now standing, so
        saving again is a choice made with the other moderation in view."""
        data = self.data.copy()
        data["version"] = str(version)
        self.data = data


class FollowUpForm(GovukForm):
    non_field_anchor = "id_done_on-day"

    done_on = GovukDateField(label="Date of the follow-up review")
    grade = radios("Grade at follow-up", GRADES, "Give the grade at follow-up")
    result = words("What the follow-up found", "Enter what the follow-up found", required=True)


class NotifyForm(GovukForm):
    non_field_anchor = "id_reference"

    reference = text_field(
        "Reference (as the partnership names the case)", "Enter the reference", max_length=40
    )
    summary = words("What happened (no names)", "Enter what happened", required=True)
    notified_on = GovukDateField(label="Date of the serious incident notification")


class RapidReviewForm(GovukForm):
    non_field_anchor = "id_held_on-day"

    held_on = GovukDateField(label="Date of the rapid review")
    decision = radios("Decision", list(ReviewDecision.choices), "Choose the rapid review's decision")
    reason = words("Why", "Say why the review decided this", required=True)


class RecommendationForm(GovukForm):
    non_field_anchor = "id_what"

    what = words("Recommendation", "Enter the recommendation", required=True)
    owner = choice_field("Owner", [], "Choose the owner", blank="Choose")
    due = DueDateField(label="Due by")

    def __init__(self, *args: Any, child: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = casework_owner_choices(child) if child is not None else staff_choices()
        self.fields["owner"].choices = [("", "Choose"), *people]  # type: ignore[attr-defined]
        self.fields["owner"].error_messages["invalid_choice"] = NOT_AN_OWNER  # type: ignore[attr-defined]


class ReturnForm(GovukForm):
    """A Section 11 return: for each standard a RAG and the evidence, built from the campaign's standards."""

    non_field_anchor = "main-content"

    def __init__(self, *args: Any, standards: list[dict[str, str]], **kwargs: Any) -> None:
        from continuum.assurance.services import RAG_WORDS

        super().__init__(*args, **kwargs)
        self.standards = standards
        for number, standard in enumerate(standards, start=1):
            key = standard["key"]
            self.fields[f"rag_{key}"] = radios(
                f"{number}. {standard['text']}", list(RAG_WORDS.items()), f"Rate standard {number}"
            )
            self.fields[f"evidence_{key}"] = words(
                f"Evidence for standard {number}", f"Give the evidence for standard {number}", required=True
            )

    def rows(self) -> list[tuple[Any, Any]]:
        return [(self[f"rag_{s['key']}"], self[f"evidence_{s['key']}"]) for s in self.standards]


class CampaignForm(GovukForm):
    """A new round of self-assessments: Section 11's standards or the VCFS checklist's current version."""

    non_field_anchor = "id_title"

    title = text_field("Title", "Give the round a title", max_length=200)
    checklist = radios(
        "Which questions",
        [
            ("s11", "Section 11 self-assessment (the eight standards)"),
            ("vcfs", "VCFS safeguarding checklist (the audit tool's current version)"),
        ],
        "Choose Section 11 or the VCFS checklist",
    )
    opened_on = GovukDateField(label="The date the round opens", past_only=False)
    due_on = GovukDateField(label="The date returns are due", past_only=False)
    organisations = forms.MultipleChoiceField(
        label="Organisations asked for a return",
        choices=[],
        error_messages={"required": "Choose the organisations asked for a return"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from continuum.assurance.models import PartnerOrganisation

        super().__init__(*args, **kwargs)
        self.fields["organisations"].choices = [  # type: ignore[attr-defined]
            (str(o.pk), f"{o.name} ({o.sector})" if o.sector else o.name)
            for o in PartnerOrganisation.objects.order_by("sector", "name")
        ]


class Section11FeedbackForm(GovukForm):
    non_field_anchor = "id_feedback"

    feedback = words("Feedback to the organisation", "Write the feedback", required=True)


class PanelForm(GovukForm):
    non_field_anchor = "id_themes"

    themes = words("Common themes across the returns")
    panel_on = GovukDateField(label="Date of the challenge panel", required=False)
    panel_note = words("The challenge panel's record")


class ModerationSampleForm(GovukForm):
    non_field_anchor = "id_month-day"

    month = GovukDateField(label="A day in the month whose audits to moderate")
    share = whole_number("Share of each auditor's audits (percent)", min_value=1, max_value=100)
    seed = whole_number("Sample reference", min_value=0, required=False)


class ToolForm(GovukForm):
    non_field_anchor = "id_text"

    text = text_field(
        "Sections and questions",
        "Enter the sections and questions",
        max_length=LONG_TEXT,
        widget=forms.Textarea,
    )
    note = text_field("What changed and why", "Say what changed and why", max_length=300)
