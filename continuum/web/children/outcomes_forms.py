"""Forms for a looked-after child's yearly outcomes (OC2) and SDQs.

Which year the OC2 form is for, and who is in its cohort, is
:mod:`continuum.looked_after.cohort`. This module says *which* questions the
form asks, because they follow from the SSDA903 guide:

* CONVICTED is asked of children aged 10 or over at 31 March (rules 542, 543),
  HEALTH_CHECK of children under 5 (rules 545, 546);
* INTERVENTION_RECEIVED only after a substance misuse problem (rules 192, 193)
  and INTERVENTION_OFFERED only when none was received (rules 158, 159).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, ClassVar

from django import forms

from continuum.core import codes
from continuum.looked_after.fields import OUTCOME_FLAGS
from continuum.looked_after.models import AnnualOutcome
from continuum.web.children.recording_forms import YES_NO, EditForm, as_bool, yes_no
from continuum.web.govuk.fields import GovukDateField, govuk_options
from continuum.web.govuk.forms import GovukForm, Reveal


@dataclass(frozen=True)
class Questions:
    """Which OC2 questions apply to a child of ``age`` at 31 March."""

    age: int | None

    @property
    def convicted(self) -> bool:
        return self.age is not None and self.age >= 10

    @property
    def health_check(self) -> bool:
        return self.age is not None and self.age < 5


#: The questions the form may ask, in the order asked, with the error when one is not answered.
#: In words only: the social worker answers the question, and the SSDA903 names (HEALTH_ASSESSMENT
#: and the rest) stay in the return's export and the admin, where analysts match on them.
OUTCOME_QUESTIONS: dict[str, tuple[str, str]] = {
    "health_assessment": (
        "Were the child's health assessments up to date?",
        "Select yes if the child's health assessments were up to date",
    ),
    "teeth_check": (
        "Were the child's teeth checked by a dentist in the year?",
        "Select yes if the child's teeth were checked by a dentist in the year",
    ),
    "immunisations": (
        "Were the child's immunisations up to date?",
        "Select yes if the child's immunisations were up to date",
    ),
    "health_check": (
        "Were the child's development assessments up to date?",
        "Select yes if the child's development assessments were up to date",
    ),
    "substance_misuse": (
        "Was the child identified as having a substance misuse problem in the year?",
        "Select yes if the child was identified as having a substance misuse problem",
    ),
    "convicted": (
        "Was the child convicted of an offence in the year?",
        "Select yes if the child was convicted of an offence in the year",
    ),
}


#: The one question that stands for INTERVENTION_RECEIVED and INTERVENTION_OFFERED together.
INTERVENTIONS: dict[str, tuple[str, tuple[bool, bool | None]]] = {
    "received": ("The child received an intervention", (True, None)),
    "offered": ("The child was offered an intervention but did not take it up", (False, True)),
    "none": ("The child was not offered an intervention", (False, False)),
}


#: What the page shows of a held record, for the seen-token clash check.
OUTCOME_SEEN: dict[str, str] = {
    "health_assessment": "Health assessments up to date",
    "teeth_check": "Teeth checked by a dentist",
    "immunisations": "Immunisations up to date",
    "health_check": "Development assessments up to date",
    "substance_misuse": "Substance misuse problem identified",
    "intervention_received": "Intervention received",
    "intervention_offered": "Intervention offered",
    "convicted": "Convicted of an offence",
}


_SHOWN = {True: "Yes", False: "No", None: ""}


def as_shown(record: AnnualOutcome | None) -> SimpleNamespace:
    """The held answers as the page shows them (yes, no or blank), with the record's version.

    The seen-token helpers read "no" and "not answered" alike from a raw
    boolean, so the token is taken from the words instead. A year with no
    record yet shows every answer blank.
    """
    values = {name: _SHOWN[getattr(record, name) if record else None] for name in OUTCOME_FLAGS}
    return SimpleNamespace(version=record.version if record else 0, **values)


class AnnualOutcomeForm(EditForm):
    """A year's OC2 answers; only the questions that apply to the child's age are asked.

    An :class:`EditForm` for its seen-token: the service saves over the year's
    record without a version, so the view compares what this page showed with
    what is held, inside the service's lock on the child, before saving.
    """

    non_field_anchor = "id_health_assessment_0"
    seen_fields: ClassVar[dict[str, str]] = OUTCOME_SEEN
    # The intervention is asked only after a substance misuse problem (rules 192, 193): an answer
    # left in it when "No" was chosen is dropped.
    reveals = (Reveal("substance_misuse", "yes", ("intervention",)),)

    def __init__(self, *args: Any, questions: Questions, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for name, (label, message) in OUTCOME_QUESTIONS.items():
            if name in ("convicted", "health_check") and not getattr(questions, name):
                continue
            self.fields[name] = yes_no(label, message)
            if name == "substance_misuse":
                self.fields["intervention"] = forms.ChoiceField(
                    label="What intervention was there for the substance misuse problem?",
                    choices=[(key, text) for key, (text, _) in INTERVENTIONS.items()],
                    widget=forms.RadioSelect,
                    required=False,
                )

    @classmethod
    def opening(cls, record: Any, **kwargs: Any) -> EditForm:
        """The form for the held answers (``record`` is :func:`as_shown` of the year's record)."""
        form = super().opening(record, **kwargs)
        for name in OUTCOME_QUESTIONS:
            form.initial[name] = getattr(record, name).lower()
        received, offered = record.intervention_received, record.intervention_offered
        form.initial["intervention"] = next(
            (
                key
                for key, (_, flags) in INTERVENTIONS.items()
                if tuple(map(_SHOWN.get, flags)) == (received, offered)
            ),
            "",
        )
        return form

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("substance_misuse") == "yes" and not data.get("intervention"):
            self.add_error(
                "intervention", "Select what intervention there was for the substance misuse problem"
            )
        return data

    def flags(self) -> dict[str, bool | None]:
        """Every OC2 flag as the service takes it: blank where the question does not apply."""
        data = self.cleaned_data
        out: dict[str, bool | None] = {name: as_bool(data.get(name)) for name in OUTCOME_QUESTIONS}
        received, offered = (
            INTERVENTIONS[data["intervention"]][1] if data.get("intervention") else (None, None)
        )
        return out | {"intervention_received": received, "intervention_offered": offered}


class SDQForm(GovukForm):
    """The date of an SDQ and either its total difficulties score or the DfE reason there is none.

    "Yes" reveals the score and "No" the reason (``reveals``), so the answer to the other one,
    typed before the choice was changed, is dropped rather than saved or refused.
    """

    non_field_anchor = "id_sdq_date-day"

    sdq_date = GovukDateField(label="Date of the SDQ")
    scored = forms.ChoiceField(
        label="Is there an SDQ score?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if there is an SDQ score"},
    )
    # Required by ``clean`` only for the answer that reveals it, with the words of the SDQ's own rules.
    sdq_score = govuk_options(
        forms.CharField(
            label="Strengths and Difficulties Questionnaire (SDQ) total score", required=False, max_length=3
        ),
        width="govuk-input--width-3",
    )
    sdq_reason = forms.ChoiceField(
        label="Why is there no score?",
        # The reasons in words: the SDQ1 to SDQ5 codes are the return's, kept in the export and admin.
        choices=codes.choices("oc2.SDQ_REASON", with_code=False),
        widget=forms.RadioSelect,
        required=False,
    )
    reveals = (Reveal("scored", "yes", ("sdq_score",)), Reveal("scored", "no", ("sdq_reason",)))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("scored") == "yes":
            text = data.get("sdq_score", "").strip()
            if not text:
                self.add_error("sdq_score", "Enter the total difficulties score")
            elif not text.isdigit() or not 0 <= int(text) <= 40:
                self.add_error("sdq_score", "Total difficulties score must be a whole number from 0 to 40")
            else:
                data["score"] = int(text)
        elif data.get("scored") == "no":
            data["score"] = None
            if not data.get("sdq_reason"):
                self.add_error("sdq_reason", "Select why there is no SDQ score")
        return data
