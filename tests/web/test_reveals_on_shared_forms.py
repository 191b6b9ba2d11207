"""Forms that drew their own conditional reveal now declare it (``GovukForm.reveals``) and draw it
with the shared radios template: the SDQ, the yearly outcomes (OC2), adding a family member, the
MASH contact's consent and the case audit's immediate harm.

For each, worked by hand: the follow-up sits in the block named after the revealing answer's input
("conditional-" and its id); an answer left in a follow-up that the chosen answer does not reveal is
dropped, so a value the follow-up would refuse (too long, not on its list, a past due date) no
longer stops the save; and the revealing answer without its follow-up is refused, naming the field
and linking to its box, as before.
"""

from __future__ import annotations

from datetime import date

import lxml.html
import pytest
from django.test import override_settings
from django.urls import reverse
from playwright.sync_api import expect

from continuum.assurance.models import CaseAudit, HarmAlert
from continuum.journey.models import SDQ, Contact
from continuum.looked_after.models import AnnualOutcome
from continuum.people.models import FamilyMember, Relationship
from tests.assurance.test_services import TODAY, qa_world  # noqa: F401 - the fixture, shared
from tests.conftest import axe_violations, sign_in
from tests.web.test_assurance import audit_for, filled
from tests.web.test_casework_more import look_after, opened
from tests.web.test_casework_outcomes import world  # noqa: F401 - the fixture, shared
from tests.web.test_casework_views import client_for, day, make_world, page_text, url
from tests.web.test_mash_views import contact_data, mash  # noqa: F401 - the fixture, shared
from tests.web.test_ux_mends_family import FLAGS, family_of_two, new_url


def _page(response) -> lxml.html.HtmlElement:  # type: ignore[no-untyped-def]
    return lxml.html.fromstring(page_text(response))


def _block(page: lxml.html.HtmlElement, id_: str) -> lxml.html.HtmlElement:
    """The revealed block with this id, which the revealing input's data-aria-controls names."""
    (block,) = page.xpath(".//*[@id=$id]", id=id_)
    (control,) = page.xpath(".//input[@data-aria-controls=$id]", id=id_)
    assert control.get("id") == id_.removeprefix("conditional-")
    return block


def _ids(block: lxml.html.HtmlElement) -> set[str]:
    return {element.get("id") for element in block.xpath(".//*[@id]")}


# --- SDQ --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_sdq_score_and_reason_are_each_asked_by_their_own_answer(world) -> None:  # noqa: F811
    child = world["child"]
    look_after(world, date(2024, 3, 1))
    sw = client_for(world["users"]["sw"])
    address = url("child-sdq-new", world)
    page = _page(sw.get(address))
    # "Yes" (id_scored_0) reveals the score, "No" (id_scored_1) the reason; neither is chosen yet.
    score, reason = _block(page, "conditional-id_scored_0"), _block(page, "conditional-id_scored_1")
    assert ("id_sdq_score" in _ids(score), "id_sdq_reason_0" in _ids(score)) == (True, False)
    assert ("id_sdq_reason_0" in _ids(reason), "id_sdq_score" in _ids(reason)) == (True, False)
    assert all("govuk-radios__conditional--hidden" in b.get("class") for b in (score, reason))
    assert "govuk-input--width-3" in page.get_element_by_id("id_sdq_score").get("class")

    # "No", with four figures left in the score's box (it takes three): dropped, not refused.
    unscored = {
        **day("sdq_date", date(2025, 2, 3)),
        "scored": "no",
        "sdq_score": "1234",
        "sdq_reason": "SDQ2",
    }
    assert sw.post(address, unscored).status_code == 302
    # "Yes", with a reason not on the list left chosen: dropped too.
    scored = {**day("sdq_date", date(2024, 11, 4)), "scored": "yes", "sdq_score": "14", "sdq_reason": "SDQ99"}
    assert sw.post(address, scored).status_code == 302
    assert list(
        SDQ.objects.filter(child=child)
        .order_by("sdq_date")
        .values_list("sdq_date", "sdq_score", "sdq_reason")
    ) == [(date(2024, 11, 4), 14, ""), (date(2025, 2, 3), None, "SDQ2")]

    # "Yes" without the score: refused by name, the score's block open with its error.
    missing = sw.post(address, {**day("sdq_date", date(2025, 1, 6)), "scored": "yes", "sdq_reason": "SDQ2"})
    assert '<a href="#id_sdq_score">Enter the total difficulties score</a>' in page_text(missing)
    opened_block = _block(_page(missing), "conditional-id_scored_0")
    assert "govuk-radios__conditional--hidden" not in opened_block.get("class")
    assert "id_sdq_score-error" in _ids(opened_block)
    assert SDQ.objects.filter(child=child).count() == 2


# --- Yearly outcomes (OC2) ----------------------------------------------------------------------

OUTCOMES = {
    "health_assessment": "yes",
    "teeth_check": "no",
    "immunisations": "yes",
    "convicted": "no",
}


@pytest.mark.django_db
def test_the_intervention_is_asked_only_after_a_substance_misuse_problem(world) -> None:  # noqa: F811
    child = world["child"]
    look_after(world, date(2024, 3, 1))
    sw = client_for(world["users"]["sw"])
    address = url("child-annual-outcomes", world)
    block = _block(_page(sw.get(address)), "conditional-id_substance_misuse_0")
    assert {"id_intervention_0", "id_intervention_1", "id_intervention_2"} <= _ids(block)

    mine = opened(sw, address)
    # "Yes" without the intervention: refused by name.
    refused = sw.post(address, {**mine, **OUTCOMES, "substance_misuse": "yes"})
    assert (
        '<a href="#id_intervention_0">Select what intervention there was for the substance misuse problem</a>'
        in page_text(refused)
    )
    assert not AnnualOutcome.objects.filter(child=child).exists()
    # "No", with an intervention not on the list left chosen: dropped, and saved as not applying.
    saved = sw.post(address, {**mine, **OUTCOMES, "substance_misuse": "no", "intervention": "made-up"})
    assert saved.status_code == 302
    outcome = AnnualOutcome.objects.get(child=child)
    assert (outcome.substance_misuse, outcome.intervention_received, outcome.intervention_offered) == (
        False,
        None,
        None,
    )


# --- A family member ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_new_persons_details_are_asked_only_of_someone_not_listed(make_user) -> None:  # type: ignore[no-untyped-def]
    family, ada, _ben, maya = family_of_two(make_user)
    sw = client_for(family["users"]["sw"])
    # Maya is the first choice (id_who_0), "Someone not listed" the second (id_who_1).
    block = _block(_page(sw.get(new_url(ada))), "conditional-id_who_1")
    assert {"id_first_name", "id_last_name", "id_birth_date-day", "id_sex_0"} <= _ids(block)
    assert "govuk-radios__conditional--hidden" in block.get("class")
    assert "id_different_person" not in _ids(block)  # offered only once a match is found

    # Someone not listed, with no first name or sex: refused by name.
    refused = page_text(sw.post(new_url(ada), {"who": "new", "relationship_type": "father", **FLAGS}))
    assert '<a href="#id_first_name">Enter the family member&#x27;s first name</a>' in refused
    assert '<a href="#id_sex_0">Select the family member&#x27;s sex, or unknown</a>' in refused
    assert not Relationship.objects.filter(child=ada, family_member__isnull=False).exists()

    # Maya picked, with a new person's name and an impossible date of birth (day 40) left typed:
    # dropped, so Maya is linked and no one else recorded.
    typed = {"first_name": "Zara", "birth_date-day": "40", "birth_date-month": "1", "birth_date-year": "1990"}
    picked = sw.post(new_url(ada), {"who": str(maya.pk), "relationship_type": "mother", **FLAGS, **typed})
    assert picked.status_code == 302
    assert Relationship.objects.get(child=ada, family_member__isnull=False).family_member_id == maya.pk
    assert FamilyMember.objects.count() == 1


# --- MASH contact: consent ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_reason_to_proceed_without_consent_is_asked_only_when_dispensed_with(client, mash) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    client.force_login(mash)
    block = _block(_page(client.get("/mash/contacts/new/")), "conditional-id_consent_1")
    assert block.get_element_by_id("id_consent_dispensed_rationale").get("rows") == "4"
    # Consent obtained, with a reason left typed that is longer than its box takes: dropped.
    long_reason = "Seeking consent would put the child at risk. " * 120  # 5,400 characters, over 5,000
    saved = client.post("/mash/contacts/new/", contact_data(consent_dispensed_rationale=long_reason))
    assert saved.status_code == 302
    contact = Contact.objects.get()
    assert (contact.consent, contact.consent_dispensed_rationale) == ("obtained", "")
    # Dispensed with, no reason: refused by name (test_mash_views pins the words and the open block).
    refused = client.post("/mash/contacts/new/", contact_data(consent="dispensed"))
    assert '<a href="#id_consent_dispensed_rationale">' in page_text(refused)
    assert Contact.objects.count() == 1


# --- Case audit: immediate harm -----------------------------------------------------------------


@pytest.mark.django_db
@override_settings(CONTINUUM_AS_OF=TODAY)  # 3 June 2024
def test_the_immediate_harm_action_is_asked_only_when_there_is_harm(qa_world) -> None:  # noqa: F811
    audit = audit_for(qa_world)
    auditor = client_for(qa_world["users"]["auditor"])
    address = reverse("assurance-audit-record", args=[audit.pk])
    # "No" is the first answer, "Yes" (id_harm_1) reveals the four follow-ups.
    block = _block(_page(auditor.get(address)), "conditional-id_harm_1")
    assert {"id_harm_note", "id_harm_action", "id_harm_owner", "id_harm_due-day"} <= _ids(block)
    assert block.get_element_by_id("id_harm_note").tag == "textarea"

    # "Yes" with what was found but no action: refused, naming the action.
    refused = auditor.post(address, filled(audit, harm="yes", harm_note="Bruises not followed up"))
    assert (
        '<a href="#id_harm_action">Set the action to take now: the audit cannot be saved without it</a>'
        in page_text(refused)
    )
    # "No", with a note, a person not offered and a past due date left in the hidden boxes: each would
    # be refused if asked (not an owner; due before 3 June 2024); none was asked, so all are dropped.
    left = {
        "harm_note": "Typed before answering no",
        "harm_owner": "999999",
        **day("harm_due", date(2020, 1, 1)),
    }
    saved = auditor.post(address, filled(audit, harm="no", **left))
    assert saved.status_code == 302
    audit = CaseAudit.objects.get(pk=audit.pk)
    assert (audit.immediate_harm, audit.immediate_harm_note) == (False, "")
    assert not HarmAlert.objects.filter(audit=audit).exists()


# --- In a browser ---------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_sdq_follow_ups_stay_hidden_until_their_answer_is_chosen(page, make_user) -> None:  # type: ignore[no-untyped-def]
    casework = make_world(make_user)
    sign_in(page, "sw")
    page.goto(url("child-sdq-new", casework))
    score = page.get_by_label("Strengths and Difficulties Questionnaire (SDQ) total score")
    reason = page.get_by_role("group", name="Why is there no score?")
    expect(score).to_be_hidden()
    expect(reason).to_be_hidden()
    assert axe_violations(page) == []
    yes = page.get_by_role("radio", name="Yes", exact=True)
    yes.check()
    expect(score).to_be_visible()
    expect(reason).to_be_hidden()
    assert yes.get_attribute("aria-controls") == "conditional-id_scored_0"
    assert yes.get_attribute("aria-expanded") == "true"
    assert axe_violations(page) == []
    page.get_by_role("radio", name="No", exact=True).check()
    expect(score).to_be_hidden()
    expect(reason).to_be_visible()
    assert yes.get_attribute("aria-expanded") == "false"
    assert axe_violations(page) == []
