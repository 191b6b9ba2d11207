"""The demo's assessments read as one piece of practice (continuum/synth/journey/assessment.py,
continuum/synth/signoff.py).

Seen on the demo: an assessment awaiting authorisation said "support is still needed" above the
outcome "No further action", and a four-year-old's factors held child-on-child sexual abuse (19B).

Known answers, worked out by hand:
- a child under 10 is never assessed with an adolescent's factor (CIN census codes 1A, 2A the
  child's own alcohol or drug misuse; 10A missing; 11A CSE; 12A trafficking; 13A gangs; 14A
  socially unacceptable behaviour; 15A self-harm; 18B, 19B abuse by another child; 24A CCE).
  Abuse by another child becomes abuse by an adult: ("19B", "11A", "3B") at age 2 is ("19C", "3B");
  ("11A", "13A") at 4 leaves nothing, so domestic abuse (3B); at 11 nothing changes.
- the session borough still has its 18,814 assessments (tests/synth/test_simulation_digest.py).
- each proposal's analysis names its own outcome: "no further action", "early help", "child in
  need plan", "another service"; and "section 47 enquiry" where the referral held one.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction

from continuum.core import roles
from continuum.journey import services as s
from continuum.journey.models import Assessment
from continuum.people.models import TeamType
from continuum.people.services import create_team, create_worker
from continuum.practice.models import SignOffEvent
from continuum.synth import signoff as demo
from continuum.synth.journey.assessment import factors_for_age
from continuum.synth.model import Borough

#: Written out, not imported: the test says what an adolescent's factor is.
ADOLESCENTS = {"1A", "2A", "10A", "11A", "12A", "13A", "14A", "15A", "18B", "19B", "24A"}
#: What each outcome's words say, and what no other outcome's words say.
NAMED = {
    "nfa": "no further action",
    "early_help": "early help",
    "cin_plan": "child in need plan",
    "other": "another service",
}
AS_OF = date(2026, 11, 30)  # a Monday: submissions fall on 23-27 November


def _age(born: date, on: date) -> float:
    return (on - born).days / 365.25


def test_factors_for_a_younger_child_by_hand() -> None:
    assert factors_for_age(("19B", "11A", "3B"), 2.4) == ("19C", "3B")
    assert factors_for_age(("18B", "18B", "17A"), 9.9) == ("18C", "17A")
    assert factors_for_age(("11A", "13A"), 4.0) == ("3B",)
    assert factors_for_age(("2A", "1A"), None) == ("3B",)  # unborn
    assert factors_for_age(("19B", "11A", "13A"), 11.0) == ("19B", "11A", "13A")
    assert factors_for_age(("19B",), 10.0) == ("19B",)


def test_no_child_under_ten_in_the_borough_has_an_adolescents_factor(borough: Borough) -> None:
    born = {c.la_child_id: c.person_birth_date or c.expected_person_birth_date for c in borough["children"]}
    assert len(borough["assessments"]) == 18814  # the count is the simulation's, unchanged
    young, older = [], []
    for a in borough["assessments"]:
        age = _age(born[a.la_child_id], a.assessment_actual_start_date)
        (young if age < 10 else older).append(set(a.assessment_factors))
    assert young
    assert older
    assert not [f for f in young if f & ADOLESCENTS]
    # The younger child's physical and sexual abuse is recorded as by an adult...
    assert {"18C", "19C"} <= set().union(*young)
    # ...while an adolescent's can still be by another child, or exploitation.
    assert {"18B", "19B", "11A", "24A"} <= set().union(*older)


@pytest.fixture
def team_of_two(make_user, settings):  # type: ignore[no-untyped-def]
    """One manager's team holding two assessments begun by 9 November, so both go up: a child of
    two whose referral held a section 47 enquiry, and a child of eleven with none."""
    settings.CONTINUUM_AS_OF = AS_OF.isoformat()
    team = create_team(name="Coherence North", team_type=TeamType.INTERVENTION_PLANNING)
    create_worker(
        first_name="Tia",
        last_name="Lead",
        start_date=date(2015, 1, 1),
        team=team,
        role="team_manager",
        user=make_user("coherence-tm", roles.TEAM_MANAGER),
    )
    worker = create_worker(first_name="Wyn", last_name="Worker", start_date=date(2019, 1, 1), team=team)

    def child(name: str, born: date, factors: list[str], *, enquiry: bool) -> Assessment:
        kid = s.register_child(first_name=name, last_name="Child", person_birth_date=born, by=None)
        episode = s.open_referral(
            child=kid, cin_referral_date=date(2026, 10, 1), referral_source="1A", by=None
        )
        s.allocate(child=kid, team=team, worker=worker, start_date=date(2026, 10, 1), by=None)
        if enquiry:
            s.start_s47(cin_episode=episode, s47_actual_start_date=date(2026, 10, 5), by=None)
        assessment = s.start_assessment(
            cin_episode=episode, assessment_actual_start_date=date(2026, 10, 6), worker=worker, by=None
        )
        # What the bulk load leaves on an open assessment: the factors the simulation drew.
        Assessment.objects.filter(pk=assessment.pk).update(assessment_factors=factors)
        return assessment

    return {
        "toddler": child("Tot", date(2024, 6, 1), ["19B", "11A", "3B"], enquiry=True).pk,
        "eleven": child("Elle", date(2015, 1, 1), ["19B", "13A"], enquiry=False).pk,
    }


def _proposals() -> dict[int, tuple[str, dict]]:  # type: ignore[type-arg]
    return {
        record: (comments, proposed)
        for record, comments, proposed in SignOffEvent.objects.values_list(
            "sign_off__record_id", "comments", "proposed"
        )
    }


@pytest.mark.django_db
def test_each_proposal_reads_as_one_piece_of_practice(team_of_two) -> None:  # type: ignore[no-untyped-def]
    outcomes = set()
    for seed in range(1, 16):
        with transaction.atomic():
            assert demo.ensure_demo_sign_offs(seed=seed, as_of=AS_OF) == 2
            made = _proposals()
            transaction.set_rollback(True)
        toddler, eleven = made[team_of_two["toddler"]], made[team_of_two["eleven"]]
        # Factors for the child's age at assessment: 19B -> 19C and no CSE at two; eleven keeps them.
        assert toddler[1]["assessment_factors"] == ["19C", "3B"]
        assert eleven[1]["assessment_factors"] == ["19B", "13A"]
        # A two-year-old's voice is what the worker saw.
        assert toddler[1]["childs_voice"].startswith("Too young to say")
        assert not eleven[1]["childs_voice"].startswith("Too young to say")
        # Section 47 words only where the referral held an enquiry.
        assert "section 47 enquiry" in toddler[0]
        assert "section 47" not in eleven[0]
        for words, proposed in (toddler, eleven):
            outcome = proposed["outcome"]
            outcomes.add(outcome)
            assert NAMED[outcome] in words, (outcome, words)
            assert not [other for key, other in NAMED.items() if key != outcome and other in words]
            if outcome != "cin_plan":
                assert "still needed" not in words
    assert outcomes == set(NAMED)  # every outcome, NFA included, was proposed and checked
