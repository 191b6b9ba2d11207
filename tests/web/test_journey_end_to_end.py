"""The main path end to end in a real browser: from a police contact to a child protection visit.

Issue #4, point 8. A police officer makes a contact; a MASH practitioner
decides on a referral, which opens a CIN episode allocated to duty and
assessment; the case goes to a social worker, who completes the assessment,
records a strategy discussion, starts the section 47 enquiry, records the
initial child protection conference, starts the child protection plan and
records a CP visit; "My work" changes at each step. Every page is checked with
axe-core, every step is checked in the database, and each step leaves a
screenshot in tests/artifacts/journey-NN-<step>.png.

Dates. The MASH decision opens the referral on the day it is made, by the
server's clock, and no page lets anyone backdate it. So that the path can take
the weeks it takes in practice (and a CP visit can fall due, and be overdue,
before the social worker records it), the server's clock is set back five
weeks while the police officer and the MASH practitioner do steps 1 and 2, as
if the contact came in then. The clock is then put back to the real time, and
every later step is dated inside the path, in the rules' order, and never in
the future: assessment, strategy discussion, s47 on the day of the discussion,
ICPC within 15 working days of it (the plan starting that day), and the visit
today, more than 10 working days after the plan started.

Two steps have no page, so this test uses the services for them (see the
comments where they happen): allocating the case to a social worker, and
starting the single assessment (the MASH referral opens the CIN episode but
not an assessment).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from continuum.core import roles
from continuum.journey import services as s
from continuum.journey.models import (
    AssessmentOutcome,
    CINEpisode,
    Conference,
    ConferenceKind,
    ConferenceOutcome,
    Contact,
    ContactOutcome,
    CPPlan,
    Section47,
    StrategyDiscussion,
    Visit,
    VisitKind,
)
from continuum.journey.worktray import due_items_for_child
from continuum.people.models import Allocation, AllocationRole, TeamType
from continuum.people.services import create_team, create_worker
from tests.conftest import axe_violations, sign_in
from tests.web.test_mash_browser import axe_problems, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHILD = "Journey Testchild"


def step_shot(page, number: int, step: str) -> None:  # type: ignore[no-untyped-def]
    shot(page, f"journey-{number:02d}-{step}")


def fill_date(page, field: str, day: date) -> None:  # type: ignore[no-untyped-def]
    page.locator(f"#id_{field}-day").fill(str(day.day))
    page.locator(f"#id_{field}-month").fill(str(day.month))
    page.locator(f"#id_{field}-year").fill(str(day.year))


def tray_rows(page) -> dict[str, tuple[str, str]]:  # type: ignore[no-untyped-def]
    """My work for this child, as shown: {item: (due date, status)}."""
    page.goto("/work/")
    page.wait_for_url("**/work/")
    rows = {}
    for row in page.locator("tbody tr", has_text=CHILD).all():
        cells = [c.strip() for c in row.locator("td").all_inner_texts()]
        rows[cells[1]] = (cells[2], cells[3])
    return rows


def open_record_link(page, child_pk: int, link: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"/children/{child_pk}/")
    page.get_by_role("link", name=link).click()


def saved(page, child_pk: int, message: str) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_url(f"**/children/{child_pk}/")
    expect(page.get_by_text(message).first).to_be_visible()
    assert axe_violations(page) == []


def test_contact_to_cp_plan_and_visit_through_the_pages(page, make_user, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    duty = create_team(name="Duty and Assessment", team_type=TeamType.DUTY_ASSESSMENT)
    make_user("police-officer", roles.PARTNER_POLICE)
    make_user("mash-worker", roles.MASH_PRACTITIONER)
    manager_user = make_user("team-manager", roles.TEAM_MANAGER)
    sw_user = make_user("social-worker", roles.SOCIAL_WORKER)
    create_worker(
        first_name="Tia",
        last_name="Manager",
        start_date=date(2020, 1, 1),
        team=duty,
        role="team_manager",
        user=manager_user,
    )
    worker = create_worker(
        first_name="Sam", last_name="Worker", start_date=date(2020, 1, 1), team=duty, user=sw_user
    )

    # Steps 1 and 2 happen five weeks ago: the server (in this process) reads its clock through
    # django.utils.timezone.now, which runs from that moment while they sign in and save.
    real_now = timezone.now
    started, back_then = real_now(), real_now() - timedelta(days=35)
    monkeypatch.setattr(timezone, "now", lambda: back_then + (real_now() - started))

    # 1. The police officer makes a contact.
    sign_in(page, "police-officer")
    page.wait_for_url("**/")
    page.get_by_role("link", name="Front door (MASH)").first.click()
    page.get_by_role("link", name="Make a new contact").click()
    page.wait_for_url("**/mash/contacts/new/")
    page.locator("#id_referral_source").select_option(label="Police")
    page.locator("#id_referrer_name").fill("PC Synthetic Officer")
    page.locator("#id_referrer_organisation").fill("Synthetic Constabulary")
    page.locator("#id_referrer_phone").fill("01632 960 001")
    page.locator("#id_child_first_name").fill("Journey")
    page.locator("#id_child_last_name").fill("Testchild")
    fill_date(page, "child_birth_date", date(2015, 9, 3))
    page.locator("#id_child_sex_0").check()
    page.locator("#id_concerns").fill("Synthetic: officers attended a domestic incident; child present.")
    page.locator("#id_consent_1").check()  # consent dispensed with: reveals the rationale box
    page.locator("#id_consent_dispensed_rationale").fill("Synthetic: seeking consent could increase risk.")
    # The conditional reveal is open here, so the one GOV.UK Frontend exception may apply.
    assert axe_problems(page) == []
    step_shot(page, 1, "contact-form")
    page.get_by_role("button", name="Send contact").click()
    page.wait_for_url(re.compile(r".*/mash/contacts/\d+/$"))
    contact = Contact.objects.get()
    child = contact.child
    assert (child.first_name, child.last_name, child.person_birth_date) == (
        "Journey",
        "Testchild",
        date(2015, 9, 3),
    )
    assert contact.decision_at is None
    assert "Awaiting a decision" in page.content()
    assert axe_violations(page) == []
    step_shot(page, 2, "contact-sent")

    # 2. The MASH practitioner decides: referral to children's social care.
    page.context.clear_cookies()
    sign_in(page, "mash-worker")
    page.wait_for_url("**/")
    page.goto("/mash/")
    page.get_by_role("link", name=f"Open contact {contact.pk}").click()
    page.get_by_role("link", name="Add a partner check").click()  # checks are added one by one
    page.get_by_label("Agency", exact=True).select_option("police")
    fill_date(page, "checked_on", timezone.localdate())
    page.get_by_label("Summary of what the agency said").fill("Synthetic: two previous call-outs.")
    page.get_by_role("button", name="Add the check").click()
    page.get_by_role("link", name="Record the MASH decision").click()
    page.wait_for_url(f"**/mash/contacts/{contact.pk}/decision/")
    page.locator("#id_initial_brag_1").check()  # Amber
    page.locator("#id_final_brag_0").check()  # Red
    page.get_by_label("Referral to children's social care").check()
    page.get_by_label("Rationale for the decision").fill("Synthetic: repeated incidents; needs assessment.")
    assert axe_problems(page) == []
    step_shot(page, 3, "mash-decision")
    page.get_by_role("button", name="Save decision").click()
    page.wait_for_url("**/mash/")
    assert "A referral was opened and allocated to Duty and Assessment" in page.content()
    assert axe_violations(page) == []
    step_shot(page, 4, "referral-opened")
    contact.refresh_from_db()
    assert contact.outcome == ContactOutcome.REFERRAL
    episode = CINEpisode.objects.get(child=child)
    assert episode.contact_id == contact.pk
    assert episode.cin_closure_date is None
    duty_allocation = Allocation.objects.get(child=child, end_date__isnull=True)
    assert (duty_allocation.team, duty_allocation.worker) == (duty, None)
    referral_day = episode.cin_referral_date
    monkeypatch.setattr(timezone, "now", real_now)  # back to the present for the casework
    today = timezone.localdate()
    assert referral_day == today - timedelta(days=35)
    allocated_on = referral_day + timedelta(days=1)
    discussed_on = referral_day + timedelta(days=6)  # the s47 starts the same day
    conference_on = referral_day + timedelta(days=14)  # within 15 working days of the discussion

    # 3. The case is allocated to the social worker, who completes the assessment.
    # No page allocates a case to a worker (the front door allocates to the team only), so the
    # team manager's allocation is made through the service.
    s.allocate(child=child, team=duty, worker=worker, start_date=allocated_on, by=manager_user)
    # No page starts an assessment either, and the MASH referral does not start one: the
    # service starts it; the social worker completes it through the child record's form.
    assessment = s.start_assessment(
        cin_episode=episode, assessment_actual_start_date=allocated_on, worker=worker, by=sw_user
    )
    held = Allocation.objects.get(child=child, role=AllocationRole.CASE_HOLDER, end_date__isnull=True)
    assert held.worker == worker
    page.context.clear_cookies()
    sign_in(page, "social-worker")
    page.wait_for_url("**/")
    page.get_by_role("link", name="My work").first.click()
    page.wait_for_url("**/work/")
    assert (
        page.locator("tbody tr", has_text=CHILD).filter(has_text="Single assessment completed").count() == 1
    )
    assert axe_violations(page) == []
    step_shot(page, 5, "worktray-allocated")
    page.get_by_role("link", name=CHILD).first.click()
    page.wait_for_url(f"**/children/{child.pk}/")
    expect(page.get_by_text("Sam Worker").first).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name=re.compile(r"^Complete the assessment started")).click()
    # Completing it is submitting it: the worker types no authorisation date (issue 18 point 2).
    page.wait_for_url(f"**/children/{child.pk}/sign-off/assessment/{assessment.pk}/")
    page.locator("#id_child_seen_0").check()  # Yes
    page.get_by_label("Strategy discussion", exact=True).check()
    page.locator("input[name=assessment_factors][value='3A']").check()
    page.get_by_label("Analysis").fill("Bruising seen; a strategy discussion is needed today.")
    assert axe_violations(page) == []
    step_shot(page, 6, "assessment")
    page.get_by_role("button", name="Submit for authorisation").click()
    expect(page.get_by_text("Sent to your manager for authorisation.").first).to_be_visible()
    # The team manager authorises it from "Awaiting my authorisation": the date is theirs, today.
    page.context.clear_cookies()
    sign_in(page, "team-manager")
    page.wait_for_url("**/")
    page.goto("/authorisations/")
    page.get_by_role("link", name=re.compile(r"^Assessment started")).click()
    page.get_by_label("Comments").fill("Agreed: strategy discussion today.")
    assert axe_violations(page) == []
    shot(page, "assessment-authorise")
    page.get_by_role("button", name="Authorise").click()
    page.wait_for_url("**/authorisations/")
    assessment.refresh_from_db()
    assert assessment.assessment_authorisation_date == today
    page.context.clear_cookies()
    sign_in(page, "social-worker")
    page.wait_for_url("**/")
    assert assessment.outcome == AssessmentOutcome.STRATEGY
    assert assessment.child_seen is True
    assert assessment.assessment_factors == ["3A"]

    # 4. The strategy discussion decides on a section 47 enquiry.
    open_record_link(page, child.pk, "Record a strategy discussion")
    page.wait_for_url(f"**/children/{child.pk}/strategy-discussions/new/")
    fill_date(page, "held_on", discussed_on)
    page.locator("#id_decision_s47_0").check()  # Yes
    page.get_by_label("Police", exact=True).check()
    page.get_by_label("Health", exact=True).check()
    assert axe_violations(page) == []
    step_shot(page, 7, "strategy-discussion")
    page.get_by_role("button", name="Save strategy discussion").click()
    saved(page, child.pk, "Strategy discussion recorded.")
    discussion = StrategyDiscussion.objects.get(child=child)
    assert (discussion.cin_episode, discussion.held_on, discussion.decision_s47) == (
        episode,
        discussed_on,
        True,
    )
    assert sorted(discussion.agencies_present) == ["health", "police"]

    # 5. The section 47 enquiry starts, from that discussion (so not before it).
    open_record_link(page, child.pk, "Start a section 47 enquiry")
    page.wait_for_url(f"**/children/{child.pk}/section-47/new/")
    fill_date(page, "s47_actual_start_date", discussed_on)
    page.locator("#id_strategy_discussion").select_option(str(discussion.pk))
    assert axe_violations(page) == []
    step_shot(page, 8, "section-47")
    page.get_by_role("button", name="Start section 47 enquiry").click()
    saved(page, child.pk, "Section 47 enquiry started.")
    s47 = Section47.objects.get(child=child)
    assert (s47.strategy_discussion, s47.s47_actual_start_date) == (discussion, discussed_on)
    assert s47.initial_cpc_target is not None
    assert s47.initial_cpc_target > discussed_on  # 15 working days on
    # The ICPC clock now runs, counted from the strategy discussion.
    assert "Initial child protection conference held" in tray_rows(page)

    # 6. The initial child protection conference decides on a plan.
    open_record_link(page, child.pk, "Record an initial child protection conference")
    page.wait_for_url(f"**/children/{child.pk}/icpc/new/")
    fill_date(page, "conference_date", conference_on)
    page.get_by_label("Child protection plan", exact=True).check()
    page.locator("#id_section47").select_option(str(s47.pk))
    assert axe_violations(page) == []
    step_shot(page, 9, "icpc")
    page.get_by_role("button", name="Save conference").click()
    saved(page, child.pk, "Initial child protection conference recorded.")
    icpc = Conference.objects.get(child=child)
    assert (icpc.kind, icpc.outcome, icpc.section47, icpc.conference_date) == (
        ConferenceKind.INITIAL,
        ConferenceOutcome.PLAN,
        s47,
        conference_on,
    )
    assert icpc.conference_date <= s47.initial_cpc_target  # within the 15 working days

    # 7. The child protection plan starts, on the day of the conference.
    open_record_link(page, child.pk, "Start a child protection plan")
    page.wait_for_url(f"**/children/{child.pk}/cp-plans/new/")
    page.locator("#id_icpc").select_option(str(icpc.pk))
    page.get_by_label("Category of abuse").select_option(label="Neglect")
    assert axe_violations(page) == []
    step_shot(page, 10, "cp-plan")
    page.get_by_role("button", name="Start plan").click()
    saved(page, child.pk, "Child protection plan started.")
    plan = CPPlan.objects.get(child=child)
    assert (plan.icpc, plan.cpp_start_date, plan.initial_category_of_abuse) == (icpc, conference_on, "NEG")
    assert plan.cpp_end_date is None
    step_shot(page, 11, "record-on-plan")

    # My work before the visit: the assessment and ICPC clocks are satisfied; the plan's start.
    before = tray_rows(page)
    assert "Single assessment completed" not in before
    assert "Initial child protection conference held" not in before
    assert "First core group meeting" in before
    assert "Child protection visit" in before
    # The plan started three weeks ago: the first visit (10 working days on) is overdue.
    assert before["Child protection visit"][1] == "Overdue"
    assert axe_violations(page) == []
    step_shot(page, 12, "worktray-before-visit")
    first_visit = next(i for i in due_items_for_child(child) if i.rule_code == "cp_visit" and i.sequence == 1)
    assert not first_visit.is_done

    # 8. The social worker records a CP visit: the child seen, and seen alone.
    page.get_by_role("link", name=CHILD).first.click()
    page.wait_for_url(f"**/children/{child.pk}/")
    page.get_by_role("link", name="Record a visit").click()
    page.wait_for_url(f"**/children/{child.pk}/visits/new/")
    page.get_by_label("Child protection visit").check()
    fill_date(page, "visit_date", today)
    page.locator("#id_seen_0").check()
    page.locator("#id_seen_alone_0").check()
    page.locator("#id_bedroom_seen_0").check()
    assert axe_violations(page) == []
    step_shot(page, 13, "visit")
    page.get_by_role("button", name="Save visit").click()
    saved(page, child.pk, "Child protection visit on")
    visit = Visit.objects.get(child=child)
    assert (visit.kind, visit.visit_date, visit.cp_plan, visit.worker) == (VisitKind.CP, today, plan, worker)
    assert (visit.seen, visit.seen_alone, visit.bedroom_seen) == (True, True, True)

    # 9. My work updates: the first CP visit is done; the next is due, counted from the visit.
    items = [i for i in due_items_for_child(child) if i.rule_code == "cp_visit"]
    assert items[0].sequence == 1
    assert items[0].is_done
    assert [i.sequence for i in items if not i.is_done] == [2]
    assert items[1].counted_from == today  # the visit, not the plan's start
    after = tray_rows(page)
    assert after["Child protection visit"] == (f"{items[1].due:%-d %b %Y}", "Due")
    assert items[1].due > today > items[0].due
    # The only overdue item left is the core group, which this path does not record (no page).
    assert {item for item, (_, status) in after.items() if status == "Overdue"} == {
        "First core group meeting"
    }
    assert axe_violations(page) == []
    step_shot(page, 14, "worktray-after-visit")
