"""The case-audit cycle in a real browser (issue 19), axe-checked on every page, with screenshots:
audit-programme, audit-immediate-harm, audit-moderation, audit-follow-up, qa-action-plan, qa-dashboard,
rapid-review (tests/artifacts/).

QA plans June 2024 and proposes a sample, adds Ada by hand and gives her audit to a manager from another
team; the auditor answers "yes" to immediate harm without an action (refused), then with one (the team
manager and head of service alerted); Ada's social worker records the reflective discussion; a second QA
officer moderates; QA records the Inadequate audit's follow-up; the action plan and the dashboard show
it; a serious incident notified on Mon 20 May 2024 is due its rapid review by Tue 11 June (15 working
days, the late May bank holiday skipped).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from continuum.assurance.models import CaseAudit, HarmAlert
from continuum.assurance.services import SECTION_11_STANDARDS
from tests.assurance.test_moderation import may_audits  # noqa: F401 - the fixture, shared
from tests.assurance.test_services import TODAY, campaign, qa_world  # noqa: F401 - the fixtures, shared
from tests.conftest import sign_in
from tests.web.test_casework_browser import fill_date
from tests.web.test_mash_browser import axe_problems, shot

pytestmark = pytest.mark.django_db(transaction=True)


def as_user(browser: Any, live_server: Any, name: str) -> Any:
    page = browser.new_context(base_url=live_server.url).new_page()
    page.set_default_timeout(15_000)
    sign_in(page, name)
    return page


def test_the_case_audit_cycle(browser, live_server, settings, qa_world) -> None:  # noqa: F811
    settings.CONTINUUM_AS_OF = TODAY
    child = qa_world["child"]
    qa = as_user(browser, live_server, "qa")
    qa.goto(reverse("assurance-programme-new"))
    fill_date(qa, "month", date(2024, 6, 3))
    qa.get_by_label("How many cases").fill("3")
    qa.get_by_label("Intervention North").check()
    qa.get_by_label("Sample reference").fill("11")
    qa.get_by_role("button", name="Set up the programme").click()
    qa.get_by_role("button", name="Propose a sample").click()
    assert "3 cases proposed (sample reference 11)" in qa.locator("main").inner_text()
    qa.get_by_label("Child record number").fill(str(child.pk))
    qa.get_by_role("button", name="Add the case").click()
    audit = CaseAudit.objects.get(child=child)
    qa.locator(f"#auditor-{audit.pk}").select_option(label="auditor (Team manager, Children in care South)")
    qa.get_by_role("button", name=f"Assign case audit {audit.pk}").click()
    assert axe_problems(qa) == []
    shot(qa, "audit-programme")

    auditor = as_user(browser, live_server, "auditor")
    auditor.goto(reverse("assurance-audit-record", args=[audit.pk]))
    auditor.get_by_label("Yes: alert the team manager and head of service now").check()
    auditor.get_by_label("What you found that puts the child at risk").fill(
        "Bruising seen on the last visit was not followed up."
    )
    for section in audit.tool.sections:
        auditor.locator(f"input[name=grade_{section['key']}][value=inadequate]").check()
    auditor.locator("input[name=overall][value=inadequate]").check()
    auditor.get_by_label("Summary: what you relied on and concluded").fill("Read the visits and the plan.")
    auditor.get_by_role("button", name="Save the audit").click()
    assert "the audit cannot be saved without it" in auditor.locator(".govuk-error-summary").inner_text()
    assert axe_problems(auditor) == []
    shot(auditor, "audit-immediate-harm")
    auditor.get_by_label("The action to take now").fill("Strategy discussion today")
    auditor.get_by_label("Who takes the action").select_option(label="tm (Intervention North)")
    fill_date(auditor, "harm_due", date(2024, 6, 3))
    auditor.get_by_role("button", name="Save the audit").click()
    auditor.wait_for_url(f"**{reverse('assurance-audit', args=[audit.pk])}")
    assert "Immediate harm found" in auditor.locator("main").inner_text()
    assert HarmAlert.objects.filter(audit=audit).count() == 2

    worker = as_user(browser, live_server, "sw")
    worker.goto(reverse("assurance-audit-discussion", args=[audit.pk]))
    fill_date(worker, "on", date(2024, 6, 3))
    worker.get_by_label("With (the case holder)").fill("Sam Worker")
    worker.get_by_label("What was discussed and reflected on").fill("The plan drifted after the bruising.")
    worker.get_by_label("An action agreed (optional)").fill("Update the CIN plan with SMART outcomes")
    worker.get_by_label("Who takes the action").select_option(label="sw (Intervention North)")
    fill_date(worker, "due", date(2024, 6, 14))
    assert axe_problems(worker) == []
    worker.get_by_role("button", name="Save the discussion").click()
    worker.wait_for_url(f"**{reverse('assurance-audit', args=[audit.pk])}")
    assert "The plan drifted after the bruising." in worker.locator("main").inner_text()

    moderator = as_user(browser, live_server, "qa2")
    moderator.goto(reverse("assurance-audit-moderate", args=[audit.pk]))
    moderator.locator("input[name=grade][value=requires_improvement]").check()
    moderator.get_by_label("Why (needed when the grade differs)").fill(
        "The risk was escalated the same week."
    )
    moderator.get_by_role("button", name="Save the moderation").click()
    moderator.wait_for_url(f"**{reverse('assurance-audit', args=[audit.pk])}")
    assert "Requires improvement (qa2" in moderator.locator("main").inner_text()
    assert axe_problems(moderator) == []
    shot(moderator, "audit-moderation")

    qa.goto(reverse("assurance-audit", args=[audit.pk]))
    assert "Due by 1 July 2024" in qa.locator("main").inner_text()
    qa.get_by_role("link", name="Record the follow-up review").click()
    fill_date(qa, "done_on", date(2024, 6, 3))
    qa.locator("input[name=grade][value=requires_improvement]").check()
    qa.get_by_label("What the follow-up found").fill("Strategy discussion held; plan updated.")
    qa.get_by_role("button", name="Save the follow-up").click()
    qa.wait_for_url(f"**{reverse('assurance-audit', args=[audit.pk])}")
    assert "Done on 3 June 2024: graded Requires improvement" in qa.locator("main").inner_text()
    assert axe_problems(qa) == []
    shot(qa, "audit-follow-up")

    qa.goto(reverse("assurance-action-plan"))
    body = qa.locator("main").inner_text()
    assert "Update the CIN plan with SMART outcomes" in body
    assert "Strategy discussion today" in body
    assert axe_problems(qa) == []
    shot(qa, "qa-action-plan")

    qa.goto(reverse("assurance-dashboard"))
    assert "Immediate harm found" in qa.locator("main").inner_text()
    expect(qa.get_by_role("link", name="4 (0 overdue)")).to_be_visible()
    # The case holder closes the agreed action in the one tracker: it leaves the open plan, the figure moves.
    worker.goto(reverse("my-actions"))
    worker.get_by_role("link", name="Update the CIN plan with SMART outcomes").click()
    worker.get_by_label("It is done").check()
    worker.get_by_role("button", name="Save the update").click()
    qa.reload()
    expect(qa.get_by_role("link", name="3 (0 overdue)")).to_be_visible()
    assert axe_problems(qa) == []
    shot(qa, "qa-dashboard")
    qa.get_by_role("link", name="Moderation: auditor and moderator agree, the audits").click()
    assert f"Case audit {audit.pk}" in qa.locator("main").inner_text()

    qa.goto(reverse("assurance-review-new"))
    qa.get_by_label("Reference (as the partnership names the case)").fill("Child G")
    qa.get_by_label("What happened (no names)").fill("An infant was seriously injured.")
    fill_date(qa, "notified_on", date(2024, 5, 20))
    qa.get_by_role("button", name="Add to the register").click()
    qa.get_by_role("link", name="Child G").click()
    assert "11 June 2024 (15 working days)" in qa.locator("main").inner_text()
    fill_date(qa, "held_on", date(2024, 6, 3))
    qa.get_by_label("Child Safeguarding Practice Review").check()
    qa.get_by_label("Why").fill("Learning for the whole partnership about unborn babies.")
    qa.get_by_role("button", name="Save the rapid review").click()
    qa.get_by_label("Recommendation").fill("Embed the unborn protocol across agencies")
    qa.get_by_label("Owner").select_option(label="tm")
    fill_date(qa, "due", date(2024, 9, 30))
    qa.get_by_role("button", name="Add the recommendation").click()
    assert "Embed the unborn protocol across agencies" in qa.locator("main").inner_text()
    assert axe_problems(qa) == []
    shot(qa, "rapid-review")


def test_a_partner_fills_in_their_section_11_return(page, settings, campaign) -> None:  # noqa: F811
    settings.CONTINUUM_AS_OF = "2024-10-15"
    ret = campaign["campaign"].returns.get(organisation__name="Barnet Police")
    sign_in(page, "pm-police")
    page.goto(reverse("assurance-section11"))
    page.get_by_role("link", name="Section 11 self-assessment 2024").click()
    page.get_by_role("button", name="Submit the return").click()
    assert "Rate standard 1" in page.locator(".govuk-error-summary").inner_text()
    for n, (key, _text) in enumerate(SECTION_11_STANDARDS, start=1):
        page.locator(f"input[name=rag_{key}][value={'amber' if n == 2 else 'green'}]").check()
        page.get_by_label(f"Evidence for standard {n}", exact=True).fill(f"Evidence {n}: reviewed in 2024")
    assert axe_problems(page) == []
    shot(page, "section-11-return")
    page.get_by_role("button", name="Submit the return").click()
    assert "Return submitted" in page.locator("main").inner_text()
    ret.refresh_from_db()
    assert ret.ratings["culture"]["rag"] == "amber"
    # Another organisation's return is refused.
    other = campaign["campaign"].returns.get(organisation__name="Barnet Homes")
    assert page.goto(reverse("assurance-section11-return", args=[other.pk])).status == 403


def test_qa_draws_and_works_the_moderation_sample_and_a_case_holder_reads_the_childs_audits(
    browser,
    live_server,
    settings,
    may_audits,  # noqa: F811
) -> None:
    """Screenshots moderation-sample and child-case-audits. QA draws May 2024's sample (every
    Inadequate audit, 10% of each auditor's), moderates the Inadequate one and comes back to the
    sample; Ada's social worker opens "Case audits" from her record."""
    settings.CONTINUUM_AS_OF = "2024-06-03"
    qa = as_user(browser, live_server, "qa2")
    qa.goto(reverse("assurance-home"))
    qa.get_by_role("link", name="Moderation samples").click()
    fill_date(qa, "month", date(2024, 5, 1))
    qa.get_by_label("Sample reference").fill("9")
    qa.get_by_role("button", name="Draw the sample").click()
    expect(qa.get_by_role("heading", name="Moderation sample: May 2024")).to_be_visible()
    inadequate = may_audits["by_auditor"][3]
    qa.get_by_role("link", name=f"Moderate case audit {inadequate.pk}").click()
    qa.locator("input[name=grade][value=inadequate]").check()
    qa.get_by_role("button", name="Save the moderation").click()
    expect(qa.get_by_text("1 of 3", exact=True)).to_be_visible()
    assert "Agrees" in qa.locator("main").inner_text()
    assert axe_problems(qa) == []
    shot(qa, "moderation-sample")

    worker = as_user(browser, live_server, "sw")
    worker.goto(reverse("child-record", args=[may_audits["child"].pk]))
    worker.get_by_role("link", name="Case audits").click()
    expect(worker.get_by_role("heading", name="Case audits")).to_be_visible()
    assert f"Case audit {may_audits['by_auditor'][0].pk}" in worker.locator("main").inner_text()
    assert axe_problems(worker) == []
    shot(worker, "child-case-audits")
