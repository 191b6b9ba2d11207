"""The MASH decision's final BRAG rating agrees with its outcome, on the form and in the service.

Known answers from the domain ("Blue = no further action ... Red = high risk / statutory") and the
form's hint: Blue goes with no further action or advice and information only; Red with anything but
no further action; Amber and Green with any outcome (see BRAG_OUTCOMES).
"""

from __future__ import annotations

import html
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from continuum.core import roles
from continuum.journey import services as s
from continuum.journey.errors import JourneyRuleError
from continuum.journey.models import CINEpisode, Contact
from continuum.journey.services.front_door import BRAG_CONTRADICTS_OUTCOME
from continuum.people.models import TeamType
from continuum.people.services import create_team

pytestmark = pytest.mark.django_db

REFUSED = [
    ("B", "referral", "Blue", "no further action", "Referral to children's social care"),
    ("B", "early_help", "Blue", "no further action", "Early help"),
    ("B", "existing_case", "Blue", "no further action", "Existing open case"),
    ("R", "nfa", "Red", "high risk needing statutory services", "No further action"),
]
AGREED = [
    ("B", "nfa"),
    ("B", "advice"),
    ("R", "referral"),
    ("R", "existing_case"),
    ("A", "early_help"),
    ("A", "nfa"),
    ("A", "referral"),
    ("G", "early_help"),
    ("G", "referral"),
    ("G", "existing_case"),
]


def _contact(by: User | None = None) -> Contact:
    child = s.register_child(
        first_name="Ada", last_name="Lovelace", person_birth_date=date(2015, 6, 1), by=by
    )
    return s.record_contact(
        child=child,
        received_at=timezone.now() - timedelta(hours=2),
        referral_source="6",
        consent="obtained",
        concerns="Synthetic concern.",
        by=by,
    )


def _decide(contact: Contact, final_brag: str, outcome: str) -> Contact:
    return s.record_mash_decision(
        contact=contact,
        initial_brag="A",
        final_brag=final_brag,
        decision_at=timezone.now() - timedelta(hours=1),
        outcome=outcome,
        expected_version=contact.version,
        by=None,
    )


@pytest.mark.parametrize(("final_brag", "outcome", "rating", "meaning", "outcome_label"), REFUSED)
def test_the_service_refuses_a_rating_the_outcome_contradicts(
    final_brag: str, outcome: str, rating: str, meaning: str, outcome_label: str
) -> None:
    contact = _contact()
    with pytest.raises(JourneyRuleError) as refused:
        _decide(contact, final_brag, outcome)
    assert refused.value.rule == BRAG_CONTRADICTS_OUTCOME
    assert str(refused.value) == (
        f"Cannot record the MASH decision for child {contact.child.la_child_id}: a final BRAG rating of "
        f"{rating} means {meaning}, which does not agree with the outcome '{outcome_label}'."
    )
    contact.refresh_from_db()
    assert (contact.final_brag, contact.outcome, contact.decision_at) == ("", "", None)


@pytest.mark.parametrize(("final_brag", "outcome"), AGREED)
def test_the_service_records_a_rating_the_outcome_agrees_with(final_brag: str, outcome: str) -> None:
    decided = _decide(_contact(), final_brag, outcome)
    decided.refresh_from_db()
    assert (decided.final_brag, decided.outcome) == (final_brag, outcome)


def _decision(contact: Contact, final_brag: str, outcome: str) -> dict[str, str]:
    return {
        "version": str(contact.version),
        "seen": "",
        "initial_brag": "R",
        "final_brag": final_brag,
        "outcome": outcome,
        "team": "",
        "rationale": "Bruise to face, disclosure of being pushed by mother's partner.",
        "action": "save",
    }


def _post(client, contact: Contact, final_brag: str, outcome: str) -> str:  # type: ignore[no-untyped-def]
    """The page a refused decision is shown again on."""
    response = client.post(f"/mash/contacts/{contact.pk}/decision/", _decision(contact, final_brag, outcome))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.fixture
def signed_in(client, make_user):  # type: ignore[no-untyped-def]
    create_team(name="Duty and Assessment North", team_type=TeamType.DUTY_ASSESSMENT)
    client.force_login(make_user("mash-worker", roles.MASH_PRACTITIONER))
    return client


def test_the_form_refuses_blue_referred_to_social_care_at_the_rating(signed_in) -> None:  # type: ignore[no-untyped-def]
    """The tester's case: Blue ("no further action") saved as a referral."""
    contact = _contact()
    body = _post(signed_in, contact, "B", "referral")
    message = (
        "A final BRAG rating of Blue means no further action, which does not agree with the outcome "
        "'Referral to children's social care': choose Red, Amber or Green, or change the outcome"
    )
    assert f'<a href="#id_final_brag_0">{message}</a>' in body
    hidden = '<span class="govuk-visually-hidden">Error:</span>'
    assert f'<p id="id_final_brag-error" class="govuk-error-message">{hidden} {message}</p>' in body
    contact.refresh_from_db()
    assert contact.decision_at is None
    assert not CINEpisode.objects.exists()


def test_the_form_offers_the_other_ratings_for_early_help(signed_in) -> None:  # type: ignore[no-untyped-def]
    body = _post(signed_in, _contact(), "B", "early_help")
    assert "'Early help': choose Red, Amber or Green, or change the outcome" in body


def test_the_form_refuses_red_closed_with_no_further_action_at_the_outcome(signed_in) -> None:  # type: ignore[no-untyped-def]
    """Red is a level of risk the outcome must answer, so the error is at the outcome (Blue's is at
    the rating); the ratings offered are those no further action agrees with."""
    contact = _contact()
    body = _post(signed_in, contact, "R", "nfa")
    message = (
        "A final BRAG rating of Red means high risk needing statutory services, which does not agree "
        "with the outcome 'No further action': choose another outcome, or a final rating of Amber, "
        "Green or Blue"
    )
    assert f'<a href="#id_outcome_0">{message}</a>' in body
    hidden = '<span class="govuk-visually-hidden">Error:</span>'
    assert f'<p id="id_outcome-error" class="govuk-error-message">{hidden} {message}</p>' in body
    assert 'id="id_final_brag-error"' not in body
    contact.refresh_from_db()
    assert (contact.final_brag, contact.outcome, contact.decision_at) == ("", "", None)


def test_the_form_still_refers_a_red_contact_to_social_care(signed_in) -> None:  # type: ignore[no-untyped-def]
    contact = _contact()
    response = signed_in.post(f"/mash/contacts/{contact.pk}/decision/", _decision(contact, "R", "referral"))
    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.final_brag, contact.outcome) == ("R", "referral")
    assert CINEpisode.objects.filter(child=contact.child).count() == 1


def test_the_form_hint_says_what_each_rating_means(signed_in) -> None:  # type: ignore[no-untyped-def]
    contact = _contact()
    body = html.unescape(signed_in.get(f"/mash/contacts/{contact.pk}/decision/").content.decode())
    assert "Blue: no further action (or advice and information)" in body
    assert "Red: high risk, statutory. Amber: medium risk. Green: low risk." in body


def test_the_synthetic_borough_decides_nothing_the_service_refuses() -> None:
    """The demo loader writes contacts straight into the table, past the service: its pairs must agree.

    Known answer from the simulation's own draws (continuum/synth/journey/arrivals.py): Blue only with
    no further action or advice, Red only with a referral, Green and Amber with the rest. So no Red
    contact is closed with no further action: none of the demo borough's 104,695 decided contacts
    (five years, seed 1) when Red's rule came in.
    """
    from dataclasses import replace

    from continuum.journey.services.front_door import brag_agrees
    from continuum.synth.loading.front_door import MASH_OUTCOME
    from continuum.synth.params import Params
    from continuum.synth.simulate import SimConfig
    from tests import boroughs

    small = SimConfig(
        years=1, seed=3, warm_up_years=1, params=replace(Params(), new_children_per_year=1500.0)
    )
    decided = [c for c in boroughs.simulated(small).tables["contacts"] if c.final_brag]
    pairs = {(c.final_brag, MASH_OUTCOME[c.mash_outcome]) for c in decided}
    assert {("B", "nfa"), ("B", "advice"), ("R", "referral")} <= pairs
    assert [pair for pair in pairs if not brag_agrees(*pair)] == []
