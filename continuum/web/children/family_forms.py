"""The family page's forms: a family member added as a person, and a relationship changed or ended.

A family member is a person record (name, date of birth, sex), not free
text, so one person (a mother, a shared sibling) can be related to several
children and a family drawn from the rows. The add form therefore first
offers the people already recorded around the child (the siblings' and the
household's family, as the view finds them under the policy) and creates a
new person only for someone not listed; a new person with the same name and
date of birth as someone already recorded is offered back as that record,
unless the worker says it is a different person. The relationship types are
the model's own (:class:`~continuum.people.models.RelationshipType`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms
from django.utils.formats import date_format

from continuum.core import codes
from continuum.people.models import FamilyMember, Relationship, RelationshipType
from continuum.web.children.recording_forms import EditForm, as_bool, yes_no
from continuum.web.govuk.fields import GovukDateField, choice_field, govuk_options, text_field
from continuum.web.govuk.forms import GovukForm, Reveal


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


#: The "who is it?" answer for someone not yet recorded, and the details it reveals.
NEW_PERSON = "new"
NEW_PERSON_FIELDS = ("first_name", "last_name", "birth_date", "sex", "different_person")
#: A person offered to pick: the record and how the list names them.
Offered = tuple[FamilyMember, str]


class FamilyMemberForm(RelationshipFlags, GovukForm):
    """Someone already recorded around the child (``offered``), or a new person.

    ``same_as(first, last, birth_date)`` names the people already recorded with
    that name and date of birth that the user may see; when a new person
    matches one, the form offers that record instead of making a twin, unless
    ``different_person`` is ticked. ``in_family`` holds the people already
    related to this child, who are not added twice.

    The new person's details are revealed by "Someone not listed" (``reveals``), so details typed
    before someone listed was picked are dropped, not refused; with nobody to pick there is no
    "Who is it?" and the details are asked outright (:meth:`unasked`).
    """

    non_field_anchor = "id_first_name"

    find = forms.CharField(label="Search by name or person record number", required=False, max_length=100)
    who = forms.ChoiceField(
        label="Who is it?",
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Select someone from the list, or someone not listed"},
    )
    first_name = govuk_options(
        text_field("First name", required=False, max_length=100),
        label_class="govuk-label--m",
        autocomplete="off",
    )
    last_name = govuk_options(
        text_field("Last name", required=False, max_length=100),
        label_class="govuk-label--m",
        autocomplete="off",
    )
    birth_date = govuk_options(
        GovukDateField(label="Date of birth (if known)", required=False),
        legend_class="govuk-fieldset__legend--m",
    )
    sex = govuk_options(
        forms.ChoiceField(
            label="Sex",
            choices=codes.choices("Sex", with_code=False),
            widget=forms.RadioSelect,
            required=False,
        ),
        legend_class="govuk-fieldset__legend--m",
    )
    different_person = forms.BooleanField(
        label="This is a different person with the same name and date of birth", required=False
    )
    relationship_type = relationship_field()
    start_date = GovukDateField(label="Part of the child's life since (if known)", required=False)
    reveals = (Reveal("who", NEW_PERSON, NEW_PERSON_FIELDS),)

    field_order = [
        "find",
        "who",
        "first_name",
        "last_name",
        "birth_date",
        "sex",
        "different_person",
        "relationship_type",
        "parental_responsibility",
        "is_main_carer",
        "lives_with_child",
        "start_date",
    ]

    def __init__(
        self,
        *args: Any,
        offered: list[Offered] | None = None,
        same_as: Callable[[str, str, date], list[Offered]] = lambda *_: [],
        in_family: frozenset[int] = frozenset(),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.same_as = same_as
        self.in_family = in_family
        self.people: dict[str, FamilyMember] = {}
        self._listed: list[tuple[str, str]] = []
        self.duplicates: list[Offered] = []
        self._offer(offered or [])
        self._offer_the_match_picked()
        # "This is a different person" is offered only once a match is found (``_check_new_person``),
        # or again when it was ticked: a follow-up the form does not ask is not drawn (``revealed_by``).
        self._different = self.fields["different_person"]
        if not self["different_person"].value():
            del self.fields["different_person"]

    def _offer(self, offered: list[Offered]) -> None:
        """Add ``offered`` to the people to pick (once each), "someone not listed" always last."""
        for member, text in offered:
            if str(member.pk) not in self.people:
                self.people[str(member.pk)] = member
                self._listed.append((str(member.pk), text))
        who: forms.ChoiceField = self.fields["who"]  # type: ignore[assignment]
        who.choices = [*self._listed, (NEW_PERSON, "Someone not listed: enter their details")]

    def _offer_the_match_picked(self) -> None:
        """Offer again the people the posted details match, when the answer sent is one of them.

        Why: a new person matching someone already recorded comes back offering that record under
        "Who is it?" (:meth:`_check_new_person`), though they may not be among the people around the
        child. Picking them sends their record number with the details typed; the duplicate check is
        run again on those details, under the same rule (people the user may see, not those already
        in the child's family), so the choice is accepted, rather than refused and leaving the worker
        to search by number or make a second record of the same person. A record number sent back is
        never trusted on its own: it is accepted only if the check finds it again."""
        if not self.is_bound:
            return
        who = self.data.get(self.add_prefix("who"))
        if not who or who == NEW_PERSON or who in self.people:
            return
        first = (self.data.get(self.add_prefix("first_name")) or "").strip()
        last = (self.data.get(self.add_prefix("last_name")) or "").strip()
        try:
            born = self.fields["birth_date"].clean(self["birth_date"].data)
        except forms.ValidationError:
            return
        if not first or born is None:
            return
        same = self.same_as(first, last, born)
        self._offer([(member, text) for member, text in same if member.pk not in self.in_family])

    @property
    def offers_people(self) -> bool:
        """Whether there is anyone to pick (else the page asks only for the new person's details)."""
        return bool(self._listed)

    def unasked(self) -> set[str]:
        """With nobody to pick the page has no "Who is it?", so the new person's details are asked."""
        return super().unasked() if self.offers_people else set()

    def new_person(self) -> list[forms.BoundField]:
        """The new person's details, as the page draws them where there is nobody to pick."""
        return [self[name] for name in NEW_PERSON_FIELDS if name in self.fields]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        who = data.get("who") or ("" if self.offers_people else NEW_PERSON)
        if not who:
            self.add_error("who", "Select who they are, or someone not listed")
        elif who != NEW_PERSON:
            data["member"] = self.people[who]
        else:
            self._check_new_person(data)
        return data

    def _check_new_person(self, data: dict[str, Any]) -> None:
        first = (data.get("first_name") or "").strip()
        if not first:
            self.add_error("first_name", "Enter the family member's first name")
        if not data.get("sex"):
            self.add_error("sex", "Select the family member's sex, or unknown")
        born = data.get("birth_date")
        if not first or born is None:
            return
        same = self.same_as(first, (data.get("last_name") or "").strip(), born)
        if any(member.pk in self.in_family for member, _ in same):
            name = f"{first} {data.get('last_name') or ''}".strip()
            self.add_error(
                "first_name",
                f"{name}, born {date_format(born)}, is already in the child's family: "
                "change that relationship instead",
            )
        elif same and not data.get("different_person"):
            self.duplicates = same
            self._offer(same)
            self._answer_someone_not_listed(data)
            self.fields["different_person"] = self._different
            self.non_field_anchor = "id_who_0"
            self.add_error(
                None,
                f"Someone with this name and date of birth is already recorded ({_records(same)}). "
                'Choose them under "Who is it?", or tick "This is a different person"',
            )

    def _answer_someone_not_listed(self, data: dict[str, Any]) -> None:
        """Keep "Someone not listed" as the answer to "Who is it?" on the page that offers the match.

        Why: with nobody to pick the page had no "Who is it?", so nothing was sent for it; the match
        now offered draws it, and with no answer checked the details just typed (and "This is a
        different person") would come back hidden under an unchosen "Someone not listed". The details
        were for someone not listed, so that is the answer, as if it had been chosen."""
        name = self.add_prefix("who")
        if self.data.get(name):
            return  # chosen on the page, kept as sent
        self.resend_with(who=NEW_PERSON)
        data["who"] = NEW_PERSON


def _records(same: list[Offered]) -> str:
    numbers = ", ".join(str(member.pk) for member, _ in same)
    return f"person record{'s' if len(same) > 1 else ''} {numbers}"


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
