"""Issue 19's remaining pages through the test client: the moderation sample drawn and worked by QA,
the "Case audits" page of a child's record (offered only to those it opens for, each view logged), who
opens the QA front page, and the QA officer's home-page card."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import RequestFactory, override_settings
from django.urls import reverse

from continuum.assurance.models import CaseAudit, ModerationSample
from continuum.core.models import AccessLogEntry
from continuum.web.assurance.home_card import qa_today
from continuum.web.home_today import _Ask
from tests.assurance.test_moderation import may_audits  # noqa: F401 - the fixture, shared
from tests.assurance.test_services import qa_world  # noqa: F401 - the fixture, shared
from tests.web.test_casework_views import client_for, day

pytestmark = pytest.mark.django_db


@override_settings(CONTINUUM_AS_OF="2024-06-03")
def test_qa_draws_the_moderation_sample_and_works_it(may_audits) -> None:  # noqa: F811
    qa = client_for(may_audits["users"]["qa2"])
    page = qa.get(reverse("assurance-moderation"))
    assert page.status_code == 200
    assert "No sample drawn yet." in page.content.decode()
    # June has not ended: refused, with the form kept.
    refused = qa.post(reverse("assurance-moderation"), {**day("month", date(2024, 6, 1)), "share": "10"})
    assert "once the month has ended" in refused.content.decode()
    drawn = qa.post(
        reverse("assurance-moderation"), {**day("month", date(2024, 5, 1)), "share": "10", "seed": "9"}
    )
    sample = ModerationSample.objects.get()
    assert drawn["Location"] == reverse("assurance-moderation-sample", args=[sample.pk])
    body = qa.get(drawn["Location"]).content.decode()
    inadequate = may_audits["by_auditor"][3]
    assert "Every Inadequate audit" in body
    assert "0 of 3" in body
    assert f"Case audit {inadequate.pk}" in body
    assert may_audits["child"].display_name not in body  # no child named on the sample
    moderate = reverse("assurance-audit-moderate", args=[inadequate.pk]) + f"?sample={sample.pk}"
    assert moderate.replace("&", "&amp;") in body
    done = qa.post(moderate, {"grade": "inadequate", "note": "", "version": "0"})
    assert done["Location"] == reverse("assurance-moderation-sample", args=[sample.pk])
    assert CaseAudit.objects.get(pk=inadequate.pk).moderated_grade == "inadequate"
    body = qa.get(done["Location"]).content.decode()
    assert "1 of 3" in body
    assert "100% (1 of 1)" in body
    # The first QA officer did one of the picked audits: not theirs to moderate.
    own = client_for(may_audits["users"]["qa"]).get(done["Location"]).content.decode()
    assert "Another QA officer moderates this: you did the audit" in own
    # The dashboard's moderation figure points QA to the samples; not the analyst, who may not open them.
    link = f'href="{reverse("assurance-moderation")}"'
    assert link in qa.get(reverse("assurance-dashboard")).content.decode()
    analyst = client_for(may_audits["users"]["analyst"])
    assert link not in analyst.get(reverse("assurance-dashboard")).content.decode()
    # Managers and analysts do not run moderation.
    for name in ("tm", "analyst"):
        assert client_for(may_audits["users"][name]).get(reverse("assurance-moderation")).status_code == 403


@override_settings(CONTINUUM_AS_OF="2024-06-03")
def test_the_childs_case_audits_are_a_logged_page_of_the_record(may_audits) -> None:  # noqa: F811
    child, users = may_audits["child"], may_audits["users"]
    sw = client_for(users["sw"])  # Sam holds Ada's case
    record = sw.get(reverse("child-record", args=[child.pk])).content.decode()
    link = reverse("assurance-child-audits", args=[child.pk])
    assert f'href="{link}"' in record
    page = sw.get(link)
    assert page.status_code == 200
    text = page.content.decode()
    assert f"Case audit {may_audits['by_auditor'][0].pk}" in text
    assert "Good" in text
    assert AccessLogEntry.objects.filter(
        user=users["sw"], action="assurance.child_audits.view", record_id=str(child.pk)
    ).exists()
    # A manager of another team may not open Ada: offered break glass, the refusal logged.
    other = client_for(users["auditor"]).get(link)
    assert other.status_code == 302
    assert "break" in other["Location"]
    assert AccessLogEntry.objects.filter(user=users["auditor"], action="child.refused").exists()
    # An analyst sees no child record: refused and logged.
    assert client_for(users["analyst"]).get(link).status_code == 403
    assert AccessLogEntry.objects.filter(user=users["analyst"], action="child.refused").exists()


@override_settings(CONTINUUM_AS_OF="2024-06-03")
def test_who_opens_the_qa_front_page_and_who_is_offered_as_auditor(qa_world) -> None:  # noqa: F811
    users = qa_world["users"]
    analyst = client_for(users["analyst"]).get(reverse("assurance-home")).content.decode()
    assert reverse("assurance-dashboard") in analyst
    assert reverse("assurance-programme-new") not in analyst
    assert "Case audits given to you" not in analyst
    # QA officers keep out of the workforce pages (no QA task needs them) ...
    qa = client_for(users["qa"])
    assert qa.get(reverse("workforce")).status_code == 403
    # ... and see each auditor's role and team where they give out an audit.
    from continuum.assurance import services

    programme = services.create_programme(
        month=date(2024, 6, 1), target=1, team_ids=[], seed=1, by=users["qa"]
    )
    services.propose_sample(programme)
    page = qa.get(reverse("assurance-programme", args=[programme.pk])).content.decode()
    assert "auditor (Team manager, Children in care South)" in page
    assert "sw (" not in page  # a social worker is not an auditor


@override_settings(CONTINUUM_AS_OF="2024-06-03")
def test_the_qa_officers_home_card_counts_what_is_to_do(may_audits) -> None:  # noqa: F811
    users = may_audits["users"]
    request = RequestFactory().get("/")
    request.user = users["qa"]
    card = qa_today(_Ask(request))
    assert card is not None
    lines = {line.label: line for line in card.lines}
    # May's audits are in and no sample is drawn: draw it.
    assert lines["Moderation sample"].value == "Not drawn"
    assert lines["Case audits given to you"].count == 0
    assert lines["Follow-up reviews of Inadequate audits overdue"].count == 0
    assert lines["Rapid reviews not yet held"].count == 0
    from continuum.assurance import services

    services.draw_moderation_sample(month=date(2024, 5, 1), share=10, seed=9, by=users["qa2"])
    lines = {line.label: line for line in qa_today(_Ask(request)).lines}  # type: ignore[union-attr]
    # Three picked; one is the QA officer's own, so two wait for them.
    assert lines["Case audits waiting for moderation"].count == 2
    request.user = users["sw"]
    assert qa_today(_Ask(request)) is None


@override_settings(CONTINUUM_AS_OF="2024-06-03")
def test_qa_opens_a_vcfs_round_in_the_app(qa_world) -> None:  # noqa: F811
    from continuum.assurance.models import PartnerOrganisation, Section11Campaign

    groups = [
        PartnerOrganisation.objects.create(name=name, sector="Voluntary")
        for name in ("Hendon Youth Club", "Colindale Play")
    ]
    qa = client_for(qa_world["users"]["qa"])
    assert reverse("assurance-campaign-new") in qa.get(reverse("assurance-section11")).content.decode()
    page = qa.get(reverse("assurance-campaign-new")).content.decode()
    assert "Colindale Play (Voluntary)" in page
    empty = qa.post(reverse("assurance-campaign-new"), {}).content.decode()
    for message in (
        "Give the round a title",
        "Choose Section 11 or the VCFS checklist",
        "Enter the date the round opens",
        "Enter the date returns are due",
        "Choose the organisations",
    ):
        assert message in empty
    data = {
        "title": "VCFS checklist 2024",
        "checklist": "vcfs",
        **day("opened_on", date(2024, 6, 3)),
        **day("due_on", date(2024, 5, 1)),
        "organisations": [str(g.pk) for g in groups],
    }
    refused = qa.post(reverse("assurance-campaign-new"), data).content.decode()
    assert "The returns cannot be due before the campaign opens" in refused
    done = qa.post(reverse("assurance-campaign-new"), {**data, **day("due_on", date(2024, 7, 31))})
    made = Section11Campaign.objects.get()
    assert done["Location"] == reverse("assurance-campaign", args=[made.pk])
    assert (made.checklist, len(made.standards), made.returns.count()) == ("vcfs", 12, 2)
    # Only QA opens rounds.
    assert client_for(qa_world["users"]["tm"]).get(reverse("assurance-campaign-new")).status_code == 403
