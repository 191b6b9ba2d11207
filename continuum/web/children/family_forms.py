"""The family page's forms: a family member added as a person, and a relationship changed or ended.

A family member is a person record (name, date of birth, sex), not free
text, so one person (a mother, a shared sibling) can be related to several
children and a family drawn from the rows. The relationship types are the
model's own (:class:`~continuum.people.models.RelationshipType`).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from continuum.core import codes
from continuum.people.models import Relationship, RelationshipType
from continuum.web.children.recording_forms import EditForm, as_bool, radios, yes_no
from continuum.web.govuk.fields import GovukDateField, choice_field, text_field
from continuum.web.govuk.forms import GovukForm


def relationship_field() -> forms.ChoiceField:
    return choice_field(
        "Relationship to the child",
        RelationshipType.choices,
        "Select how they are related to the child",
        blank="Choose one",
    )


class RelationshipFlags(forms.Form):
    """Parental responsibility, main carer and living with the child: asked the same way on both forms."""

    parental_responsibility = yes_no(
        "Do they have parental responsibility for the child?",
        "Select yes if they have parental responsibility",
    )
    is_main_carer = yes_no("Are they the child's main carer?", "", required=False)
    lives_with_child = yes_no("Do they live with the child?", "", required=False)

    def flags(self) -> dict[str, bool]:
        data = self.cleaned_data
        return {
            name: bool(as_bool(data.get(name)))
            for name in ("parental_responsibility", "is_main_carer", "lives_with_child")
        }


class FamilyMemberForm(RelationshipFlags, GovukForm):
    non_field_anchor = "id_first_name"

    first_name = text_field("First name", "Enter the family member's first name", max_length=100)
    last_name = text_field("Last name", required=False, max_length=100)
    birth_date = GovukDateField(label="Date of birth (if known)", required=False)
    sex = radios("Sex", codes.choices("Sex", with_code=False), "Select the family member's sex, or unknown")
    relationship_type = relationship_field()
    start_date = GovukDateField(label="Part of the child's life since (if known)", required=False)

    field_order: ClassVar[list[str]] = [
        "first_name",
        "last_name",
        "birth_date",
        "sex",
        "relationship_type",
        "parental_responsibility",
        "is_main_carer",
        "lives_with_child",
        "start_date",
    ]


#: What the change form shows, named for the "someone else changed it" message.
RELATIONSHIP_SEEN = {
    "relationship_type": "Relationship",
    "parental_responsibility": "Parental responsibility",
    "is_main_carer": "Main carer",
    "lives_with_child": "Lives with the child",
    "end_date": "Date the relationship ended",
}


class ChangeRelationshipForm(RelationshipFlags, EditForm):
    non_field_anchor = "id_relationship_type"
    seen_fields = RELATIONSHIP_SEEN

    relationship_type = relationship_field()
    end_date = GovukDateField(label="Date the relationship ended (only if it has)", required=False)

    @classmethod
    def opening(cls, record: Relationship, **kwargs: Any) -> EditForm:  # type: ignore[override]
        """The form showing the relationship as it stands, with its version."""
        form = super().opening(record, **kwargs)
        form.initial.update(
            {
                "relationship_type": record.relationship_type,
                **{
                    name: "yes" if getattr(record, name) else "no"
                    for name in ("parental_responsibility", "is_main_carer", "lives_with_child")
                },
            }
        )
        return form
