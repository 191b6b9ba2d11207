"""The second words walk (N2): codes a tester found on pages, said in words, and two QA tables that
were too wide at 320 px put in the labelled scroll region.

Known answers, worked by hand:

- A date left empty whose label starts "Date" reads as a sentence: "Date the concern was raised"
  gives "Enter the date the concern was raised", "Date of the answer" "Enter the date of the
  answer"; words that already carry "The" keep theirs ("The date it is due by").
- The child's banner: Ada's open referral (main need N1) is tagged "Child in need", with "Open
  referral, main need: Abuse or neglect" beside it; with her plan for
  neglect (NEG) the tag is "Child protection plan", "Category of abuse: Neglect". Never "CIN" or "CP".
- The QA dashboard on 3 Jun 2024 over May's and June's audits lists "May 2024" and "Jun 2024",
  never "2024-05".
- A moderation sample drawn with 9 in the box says "sample reference 9", never "seed 9".
- SEND lists head the child's column "Record number"; the place-planning page gives each need code
  its words ("SLCN" "Speech, language and communication needs") and the file names only as a hint.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.test import override_settings
from django.urls import reverse

from continuum.assurance import services as qa_services
from continuum.assurance.models import ModerationSample
from continuum.core import roles
from continuum.web.govuk.fields import GovukDateField, enter_the_date
from continuum.web.govuk.forms import GovukForm
from continuum.web.oversight.forms import RaiseEscalationForm
from tests.assurance.test_moderation import may_audits  # noqa: F401 - the fixture, shared
from tests.assurance.test_services import qa_world  # noqa: F401 - the fixture, shared
from tests.web.test_casework_views import client_for, cp_world, day, world  # noqa: F401 - fixtures
from tests.web.test_place_planning import make_plans

pytestmark = pytest.mark.django_db


# --- (f) Date fields left empty -----------------------------------------------------------------


def test_an_empty_date_is_asked_for_in_a_sentence() -> None:
    assert enter_the_date("Date the concern was raised") == "Enter the date the concern was raised"
    assert enter_the_date("Date of the answer") == "Enter the date of the answer"
    assert enter_the_date("Date") == "Enter the date"
    assert enter_the_date("The date it is due by") == "Enter the date it is due by"
    assert enter_the_date("Start of the period") == "Enter start of the period"
    assert enter_the_date("Dates agreed") == "Enter dates agreed"  # only the word "date" gains "the"

    raised = RaiseEscalationForm({})
    assert not raised.is_valid()
    assert raised.errors["raised_on"] == ["Enter the date the concern was raised"]

    class AnswerForm(GovukForm):
        answered_on = GovukDateField(label="Date of the answer")

    answer = AnswerForm({})
    assert not answer.is_valid()
    assert answer.errors["answered_on"] == ["Enter the date of the answer"]


# --- (e) The child's banner -------------------------------------------------------------------


def _banner_tags(html: str) -> list[str]:
    marker = 'govuk-tag govuk-tag--blue govuk-!-margin-right-1">'
    return [part.split("</strong>", 1)[0] for part in html.split(marker)[1:]]


@override_settings(CONTINUUM_AS_OF="2024-06-03")
def test_the_banner_says_child_in_need_in_words(world) -> None:  # noqa: F811
    html = (
        client_for(world["users"]["sw"])
        .get(reverse("child-record", args=[world["child"].pk]))
        .content.decode()
    )
    assert _banner_tags(html) == ["Child in need"]
    assert "Open referral, main need: Abuse or neglect" in html
    assert ">CIN</strong>" not in html


@override_settings(CONTINUUM_AS_OF="2024-06-03")
def test_the_banner_says_child_protection_plan_in_words(cp_world) -> None:  # noqa: F811
    html = (
        client_for(cp_world["users"]["sw"])
        .get(reverse("child-record", args=[cp_world["child"].pk]))
        .content.decode()
    )
    assert _banner_tags(html) == ["Child protection plan"]
    assert "Category of abuse: Neglect" in html
    assert ">CP</strong>" not in html


# --- (a), (b), (c) Quality assurance ------------------------------------------------------------


def _in_region(html: str, label: str, caption: str) -> bool:
    """The table with ``caption`` sits inside the scroll region labelled ``label``."""
    region = f'<div class="app-table-scroll" role="region" aria-label="{label}" tabindex="0">'
    if region not in html:
        return False
    after = html.split(region, 1)[1]
    return caption in after.split("</table>", 1)[0]


@override_settings(CONTINUUM_AS_OF="2024-06-03")
def test_qa_pages_fit_a_narrow_screen_name_months_and_call_the_seed_a_sample_reference(
    may_audits,  # noqa: F811
) -> None:
    qa = client_for(may_audits["users"]["qa2"])

    plan = qa.get(reverse("assurance-action-plan")).content.decode()
    assert _in_region(plan, "Open actions", "Open actions</caption>")
    assert _in_region(plan, "Done or dropped actions", "Done or dropped")

    drawn = qa.post(
        reverse("assurance-moderation"), {**day("month", date(2024, 5, 1)), "share": "10", "seed": "9"}
    )
    sample = ModerationSample.objects.get()
    assert drawn["Location"] == reverse("assurance-moderation-sample", args=[sample.pk])
    listing = qa.get(reverse("assurance-moderation")).content.decode()
    assert _in_region(listing, "Samples drawn", "Samples drawn</caption>")
    assert "10% of each auditor's audits (sample reference 9)" in listing
    assert "Sample reference" in listing  # the form's box
    one = qa.get(drawn["Location"]).content.decode()
    assert "(sample reference 9)" in one
    for html in (listing, one):
        assert "seed 9" not in html
        assert "Random seed" not in html
        assert "new seed" not in html

    dashboard = qa.get(reverse("assurance-dashboard")).content.decode()
    trend = dashboard.split("Trend: Good or better by month</caption>", 1)[1].split("</table>", 1)[0]
    assert '<th scope="row" class="govuk-table__header">May 2024</th>' in trend
    assert '<th scope="row" class="govuk-table__header">Jun 2024</th>' in trend
    assert "2024-05" not in trend


@override_settings(CONTINUUM_AS_OF="2024-06-03")
def test_a_programme_gives_its_sample_reference(qa_world) -> None:  # noqa: F811
    qa_user = qa_world["users"]["qa"]
    programme = qa_services.create_programme(
        month=date(2024, 6, 1), target=3, team_ids=[], seed=4242, by=qa_user
    )
    html = client_for(qa_user).get(reverse("assurance-programme", args=[programme.pk])).content.decode()
    assert '<dt class="govuk-summary-list__key">Sample reference</dt>' in html
    assert "4242 (the same reference over the same records draws the same sample again)" in html
    assert "Random seed" not in html
    form = client_for(qa_user).get(reverse("assurance-programme-new")).content.decode()
    assert "Sample reference" in form
    assert "seed" not in form.replace('name="seed"', "").replace('id="id_seed"', "").replace("id_seed", "")


# --- (d) SEND ------------------------------------------------------------------------------------


def test_place_planning_gives_each_need_its_words(client, make_user, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2026-12-06"
    make_plans(60)
    client.force_login(make_user("an", roles.PERFORMANCE_ANALYST))
    html = client.get(reverse("send-places")).content.decode()
    key = html.split("data-need-key>", 1)[1].split("</dl>", 1)[0]
    for code, words in (
        ("ASD", "Autistic spectrum disorder"),
        ("SLCN", "Speech, language and communication needs"),
        ("SEMH", "Social, emotional and mental health"),
        ("MLD", "Moderate learning difficulty"),
        ("SLD", "Severe learning difficulty"),
    ):
        assert f'<abbr title="{words}">{code}</abbr>' in html
        assert f">{code}</dt>" in key
        assert f">{words}</dd>" in key
    # The file names only as a hint for whoever loads the files, not in the method's sentences.
    assert "expected file name" not in html
    assert html.count("data-file-hint") == 2
    assert 'the file is named <code class="app-file-name">population_projection.csv</code>' in html


def test_send_lists_head_the_childs_column_record_number(client, make_user, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2026-12-06"
    client.force_login(make_user("send", roles.SEND_CASEWORKER))
    for name in ("send-home", "send-reviews", "send-transfers"):
        html = client.get(reverse(name)).content.decode()
        assert '<th scope="col" class="govuk-table__header">Record number</th>' in html, name
        assert ">LAchildID</th>" not in html, name
