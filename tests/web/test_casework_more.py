"""The remaining casework forms through the test client: s47 outcomes, legal status, care leavers,
adoption and permanence, motherhood, and a looked-after child's PEP, health assessment and dental check.

Answers are worked out by hand from the dates posted; refusals (the form's,
the service's, the policy's) are checked by their exact words, and every
page view leaves its access-log entry under its own action.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from continuum.journey import services as s
from continuum.journey.models import PEP, CareLeaver, CLAEpisode, DentalCheck, HealthAssessment, Section47
from continuum.looked_after import services as la
from continuum.looked_after.models import AdoptionPlan, Motherhood, PreviousPermanence
from continuum.people.models import Child
from continuum.web.children.looked_after import period_of_care_start
from tests.web.test_casework_views import client_for, day, hidden, make_world, page_text, url

pytestmark = pytest.mark.django_db

CONCURRENT = "This record was changed by someone else while you were editing it"
IN_CARE = date(2024, 3, 1)


def look_after(world: dict[str, Any], on: date = IN_CARE) -> CLAEpisode:
    return s.start_cla_episode(
        child=world["child"], decom=on, ls="V2", cin="N1", place="U6", in_borough=True, by=None
    )


def make_female(child: Child) -> None:
    child.refresh_from_db()
    s.update_child(child=child, sex="F", expected_version=child.version, by=None)


def opened(client: Any, address: str) -> dict[str, str]:
    """The hidden version and seen-state of an edit form, as a browser would post them back."""
    response = client.get(address)
    assert response.status_code == 200, address
    return {"version": hidden(response, "version"), "seen_state": hidden(response, "seen_state")}


@pytest.fixture
def world(make_user) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return make_world(make_user)


@pytest.fixture
def cp_world(make_user) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return make_world(make_user, with_cp_plan=True)


# --- Section 47 ---------------------------------------------------------------------------------


def test_completing_an_enquiry_sets_icpc_needed_from_the_outcome_and_a_stale_form_is_refused(
    cp_world,
) -> None:
    world = cp_world
    enquiry = Section47.objects.get(child=world["child"])
    address = url("child-s47-complete", world, enquiry.pk)
    sw, tm = client_for(world["users"]["sw"]), client_for(world["users"]["tm"])
    mine, theirs = opened(sw, address), opened(tm, address)
    unanswered = sw.post(address, {**mine, **day("completed_on", date(2024, 1, 25))})
    body = page_text(unanswered)
    assert "Select the outcome of the section 47 enquiry" in body
    assert (
        'id="id_completed_on-day" name="completed_on-day" type="text" inputmode="numeric" value="25"' in body
    )
    early = sw.post(
        address, {**mine, **day("completed_on", date(2024, 1, 5)), "outcome": "not_substantiated"}
    )
    assert (
        f"Cannot complete the section 47 enquiry for child {world['child'].la_child_id}: "
        "the completion date (5 Jan 2024) is before the section 47 start date (10 Jan 2024)."
    ) in page_text(early)
    done = sw.post(
        address, {**mine, **day("completed_on", date(2024, 1, 25)), "outcome": "substantiated_icpc"}
    )
    assert done.status_code == 302
    enquiry.refresh_from_db()
    assert (enquiry.completed_on, enquiry.outcome, enquiry.icpc_not_required) == (
        date(2024, 1, 25),
        "substantiated_icpc",
        False,
    )
    stale = tm.post(
        address, {**theirs, **day("completed_on", date(2024, 1, 26)), "outcome": "not_substantiated"}
    )
    body = page_text(stale)
    assert CONCURRENT in body
    assert "Outcome is now: Concerns substantiated, ICPC needed" in body
    assert 'value="26"' in body
    enquiry.refresh_from_db()
    assert enquiry.outcome == "substantiated_icpc"
    # Once complete, the form is not offered again.
    assert sw.get(address).status_code == 302


# --- Legal status ----------------------------------------------------------------------------------


def test_a_change_of_legal_status_alone_starts_an_rne_l_episode_in_the_same_placement(world) -> None:
    first = look_after(world)
    address = url("child-legal-status-change", world, first.pk)
    sw, tm = client_for(world["users"]["sw"]), client_for(world["users"]["tm"])
    mine, theirs = opened(sw, address), opened(tm, address)
    blank = sw.post(address, {**mine, **day("on", date(2024, 4, 15))})
    assert "Select the new legal status" in page_text(blank)
    same = sw.post(address, {**mine, **day("on", date(2024, 4, 15)), "ls": "V2"})
    assert (
        f"Cannot change legal status for child {world['child'].la_child_id}: the legal status is already V2."
    ) in page_text(same)
    assert sw.post(address, {**mine, **day("on", date(2024, 4, 15)), "ls": "C1"}).status_code == 302
    episodes = list(CLAEpisode.objects.filter(child=world["child"]).order_by("decom", "pk"))
    assert [(e.decom, e.dec, e.rec, e.rne, e.ls, e.placement_id) for e in episodes] == [
        (IN_CARE, date(2024, 4, 15), "X1", "S", "V2", first.placement_id),
        (date(2024, 4, 15), None, "", "L", "C1", first.placement_id),
    ]
    stale = tm.post(address, {**theirs, **day("on", date(2024, 4, 20)), "ls": "C2"})
    body = page_text(stale)
    assert CONCURRENT in body
    assert "Date the episode ended is now: 15 Apr 2024" in body
    assert CLAEpisode.objects.filter(child=world["child"]).count() == 2


# --- Care leavers ---------------------------------------------------------------------------------


def test_registering_a_care_leaver_needs_a_care_history_and_records_the_adviser(world) -> None:
    sw = client_for(world["users"]["sw"])
    address = url("child-care-leaver-new", world)
    answers = {"eligibility_category": "relevant", **day("start_date", date(2024, 9, 3))}
    never = sw.post(address, {**answers, "personal_adviser": str(world["kit"].pk)})
    assert (
        f"Cannot record the young person as a care leaver for child {world['child'].la_child_id}: "
        "the young person has no looked-after episode before that date."
    ) in page_text(never)
    assert f'value="{world["kit"].pk}" selected' in page_text(never)
    look_after(world)
    missing = sw.post(address, {**day("start_date", date(2024, 9, 3))})
    assert "Select the care leaver category" in page_text(missing)
    other = sw.post(address, {**answers, "personal_adviser": "999999"})
    assert "Select a valid choice" in page_text(other)
    assert sw.post(address, {**answers, "personal_adviser": str(world["kit"].pk)}).status_code == 302
    assert list(
        CareLeaver.objects.filter(child=world["child"]).values_list(
            "eligibility_category", "start_date", "personal_adviser"
        )
    ) == [("relevant", date(2024, 9, 3), world["kit"].pk)]
    assert sw.get(address).status_code == 302


# --- Adoption and permanence ---------------------------------------------------------------------


def test_an_adoption_plan_from_the_decision_to_the_order(world) -> None:
    child = world["child"]
    sw, tm = client_for(world["users"]["sw"]), client_for(world["users"]["tm"])
    decision = url("child-adoption-new", world)
    outside = sw.post(decision, day("decided_on", date(2024, 2, 1)))
    assert (
        f"Cannot record an adoption decision for child {child.la_child_id}: "
        "the child was not looked after on 1 Feb 2024 (rule 1003)."
    ) in page_text(outside)
    look_after(world)
    assert sw.post(decision, day("decided_on", date(2024, 4, 1))).status_code == 302
    plan = AdoptionPlan.objects.get(child=child)
    assert plan.date_should_be_placed == date(2024, 4, 1)
    assert sw.get(decision).status_code == 302  # one plan in progress at a time

    address = url("child-adoption-plan", world, plan.pk)
    mine = opened(sw, address)
    backwards = sw.post(address, {**mine, **day("date_match", date(2024, 3, 20))})
    assert (
        "the match with the prospective adopters (20 Mar 2024) is before the decision that the child "
        "should be placed for adoption (1 Apr 2024)."
    ) in page_text(backwards)
    steps = {
        **day("date_placement_order", date(2024, 5, 1)),
        **day("date_match", date(2024, 6, 3)),
        **day("date_placed", date(2024, 7, 1)),
    }
    assert sw.post(address, {**mine, **steps}).status_code == 302
    plan.refresh_from_db()
    assert (plan.date_placement_order, plan.date_match, plan.date_placed, plan.version) == (
        date(2024, 5, 1),
        date(2024, 6, 3),
        date(2024, 7, 1),
        2,
    )
    # The form opens with the dates held, so the next step is added to them.
    reopened = sw.get(address)
    assert (
        'id="id_date_match-day" name="date_match-day" type="text" inputmode="numeric" value="3"'
        in page_text(reopened)
    )
    mine, theirs = opened(sw, address), opened(tm, address)
    half = sw.post(address, {**mine, **day("date_placed_ceased", date(2024, 8, 1))})
    assert (
        "Select the reason the child should no longer be placed: the decision needs its reason"
        in page_text(half)
    )
    assert sw.post(address, {**mine, **day("date_adoption_order", date(2024, 10, 14))}).status_code == 302
    stale = tm.post(
        address, {**theirs, **day("date_placed_ceased", date(2024, 8, 1)), "reason_placed_ceased": "RD2"}
    )
    body = page_text(stale)
    assert CONCURRENT in body
    assert "Date of the adoption order is now: 14 Oct 2024" in body
    plan.refresh_from_db()
    assert (plan.date_adoption_order, plan.date_placed_ceased, plan.reason_placed_ceased) == (
        date(2024, 10, 14),
        None,
        "",
    )
    assert sw.get(address).status_code == 302  # the plan has ended


def test_previous_permanence_is_for_the_latest_period_of_care(world) -> None:
    child = world["child"]
    sw = client_for(world["users"]["sw"])
    address = url("child-previous-permanence-new", world)
    assert sw.get(address).status_code == 302  # never looked after
    first = look_after(world)
    s.change_placement(
        cla_episode=first,
        on=date(2024, 5, 20),
        place="K2",
        in_borough=False,
        reason_place_change="CARPL",
        expected_version=first.version,
        by=None,
    )
    assert period_of_care_start(child) == IN_CARE  # the change of placement continues the period
    assert "the period of care that started on 1 March 2024" in page_text(sw.get(address))
    none_had = sw.post(
        address, {"prev_perm": "Z1", **day("date_perm", date(2019, 6, 1)), "la_perm": "E09000022"}
    )
    body = page_text(none_had)
    assert "Leave the date of the order blank: the child had no order (Z1)" in body
    assert "Leave the local authority blank: the child had no order (Z1)" in body
    assert 'value="E09000022"' in body
    later = sw.post(address, {"prev_perm": "P2", **day("date_perm", date(2024, 3, 2))})
    assert (
        "the start of the period of care (1 Mar 2024) is before the previous permanence order (2 Mar 2024)."
    ) in page_text(later)
    done = sw.post(address, {"prev_perm": "P2", **day("date_perm", date(2019, 6, 1)), "la_perm": "e09000022"})
    assert done.status_code == 302
    assert list(
        PreviousPermanence.objects.filter(child=child).values_list(
            "period_started", "prev_perm", "la_perm", "date_perm"
        )
    ) == [(IN_CARE, "P2", "E09000022", date(2019, 6, 1))]
    assert sw.get(address).status_code == 302  # already recorded for this period


def test_a_gap_in_care_starts_a_new_period(world) -> None:
    first = look_after(world, date(2023, 1, 2))
    s.end_cla_episode(
        cla_episode=first, dec=date(2023, 2, 1), rec="E4A", expected_version=first.version, by=None
    )
    look_after(world, date(2024, 3, 1))
    assert period_of_care_start(world["child"]) == date(2024, 3, 1)


def test_motherhood_is_for_young_women_and_the_first_childs_birth_only_for_a_mother(world) -> None:
    child = world["child"]
    sw = client_for(world["users"]["sw"])
    address = url("child-motherhood-new", world)
    answers = {**day("recorded_on", date(2024, 6, 1)), "mother": "yes", **day("mc_dob", date(2024, 2, 1))}
    not_female = sw.post(address, answers)
    assert "motherhood is recorded for girls and young women only." in page_text(not_female)
    make_female(child)
    contradiction = sw.post(address, {**answers, "mother": "no"})
    assert "Leave the date of birth of her first child blank, or select yes: she is a mother" in page_text(
        contradiction
    )
    assert sw.post(address, answers).status_code == 302
    assert list(Motherhood.objects.filter(child=child).values_list("recorded_on", "mother", "mc_dob")) == [
        (date(2024, 6, 1), True, date(2024, 2, 1))
    ]


# --- PEP, health assessment, dental check -----------------------------------------------------------


def test_health_and_education_records_go_on_the_episode_covering_their_date(world) -> None:
    child = world["child"]
    sw = client_for(world["users"]["sw"])
    pep = url("child-pep-new", world)
    before = sw.post(pep, day("pep_date", date(2024, 2, 1)))
    assert (
        f"Cannot record a personal education plan for child {child.la_child_id}: "
        "the child was not looked after on the PEP date (1 Feb 2024)."
    ) in page_text(before)
    episode = look_after(world)
    health = url("child-health-assessment-new", world)
    no_kind = sw.post(health, day("assessment_date", date(2024, 3, 20)))
    assert "Select the type of health assessment" in page_text(no_kind)
    assert sw.post(pep, day("pep_date", date(2024, 4, 2))).status_code == 302
    assert (
        sw.post(health, {**day("assessment_date", date(2024, 3, 20)), "kind": "initial"}).status_code == 302
    )
    dental = url("child-dental-check-new", world)
    impossible = sw.post(dental, {"check_date-day": "30", "check_date-month": "2", "check_date-year": "2024"})
    assert "Date of the dental check must be a real date: February 2024 has 29 days" in page_text(impossible)
    assert sw.post(dental, day("check_date", date(2024, 5, 7))).status_code == 302
    assert list(PEP.objects.filter(child=child).values_list("pep_date", "cla_episode")) == [
        (date(2024, 4, 2), episode.pk)
    ]
    assert list(HealthAssessment.objects.filter(child=child).values_list("assessment_date", "kind")) == [
        (date(2024, 3, 20), "initial")
    ]
    assert list(DentalCheck.objects.filter(child=child).values_list("check_date", "cla_episode")) == [
        (date(2024, 5, 7), episode.pk)
    ]


# --- Links from the record ----------------------------------------------------------------------------


def test_the_record_links_only_to_the_steps_that_apply(cp_world) -> None:
    world = cp_world
    child = world["child"]
    sw = client_for(world["users"]["sw"])
    enquiry = Section47.objects.get(child=child)
    cared_for = (
        url("child-pep-new", world),
        url("child-health-assessment-new", world),
        url("child-dental-check-new", world),
        url("child-adoption-new", world),
        url("child-previous-permanence-new", world),
        url("child-care-leaver-new", world),
    )
    body = page_text(sw.get(url("child-record", world)))
    assert f'href="{url("child-s47-complete", world, enquiry.pk)}"' in body
    assert not any(address in body for address in cared_for)
    assert url("child-motherhood-new", world) not in body

    episode = look_after(world)
    plan = la.record_adoption_decision(child=child, decided_on=date(2024, 4, 1), by=None)
    s.complete_s47(
        section47=enquiry,
        completed_on=date(2024, 1, 25),
        outcome="substantiated_icpc",
        expected_version=enquiry.version,
        by=None,
    )
    make_female(child)
    body = page_text(sw.get(url("child-record", world)))
    for address in (
        *cared_for,
        url("child-legal-status-change", world, episode.pk),
        url("child-adoption-plan", world, plan.pk),
        url("child-motherhood-new", world),
    ):
        assert f'href="{address}"' in body, address
    assert url("child-s47-complete", world, enquiry.pk) not in body
    s.register_care_leaver(child=child, eligibility_category="eligible", start_date=date(2024, 6, 1), by=None)
    assert url("child-care-leaver-new", world) not in page_text(sw.get(url("child-record", world)))
