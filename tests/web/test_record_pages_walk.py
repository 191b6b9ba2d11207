"""The child's record pages as a tester walking the demo as a social worker found them (H1b).

Known answers, worked by hand:

* Yearly outcomes (Ada, looked after since 1 March 2024, seen on 16 June 2025): the questions
  carry no return codes ("(HEALTH_ASSESSMENT)" and the rest) and the page says "the yearly
  outcomes the DfE collects", not "The SSDA903 OC2 answers". The SDQ score is the "Strengths
  and Difficulties Questionnaire (SDQ) total score" and its reasons read as words: SDQ2 is
  "Carer refused to complete and return the questionnaire", with no "SDQ2" in front.
* Adding a family member to Ada, whose brother Ben's mother Maya is already Ada's mother: no
  one is left to offer, and the hint says everyone around her is already in her family, never
  "No one is recorded around the child yet"; a child with no one recorded still reads that.
* An action due on the day it is seen (30 Nov 2026) is one orange "Due today" tag, with no
  "Due soon" and no "due today" after it; one due in 3 days is "Due soon", "in 3 days".
* The sign-off world (Monday 30 November 2026): Sam Worker submits the assessment started
  3 Nov 2026 and Tess Manager authorises it. The chronology's "Assessment completed: Child in
  need plan" is "Sam Worker, authorised by Tess Manager", and "Assessment authorised by a
  manager" is Tess's; on the page and in the CSV.
* The chronology's dates are day, month and year boxes ("For example, 27 3 2015"). From 30 11
  2026 gives the three sign-off lines of that day and the note of Sam's analysis; 30 2 2026 is
  named as impossible ("February 2026 has 28 days") and the rest of the filter still applies.
* Returned by Tess on 30 Nov 2026 with a 119-character comment, the record reads "returned by
  Tess Manager on 30 Nov 2026:" and the comment's first 79 characters and "…", linked to the
  sign-off page; submitted and not yet answered, it reads "not yet authorised".
* At 320 px the family page, /actions/ and an action's page (its history) are no wider than the
  screen: each table scrolls in its own labelled region.
"""

from __future__ import annotations

import csv
import html
import io
import re
from datetime import date, timedelta
from typing import Any

import lxml.html
import pytest
from django.urls import reverse

from continuum.actions import services as a
from continuum.actions.clock import action_clock
from continuum.journey import services as s
from continuum.web.templatetags.action_tags import clock_tag
from tests.conftest import axe_violations, sign_in
from tests.web.test_casework_more import look_after
from tests.web.test_casework_views import client_for, make_world, url
from tests.web.test_signoff import SUBMISSION, _page
from tests.web.test_signoff import world as sign_off_world  # noqa: F401 - the fixture, shared
from tests.web.test_ux_mends_family import BORN, family_of_two, new_url

AS_OF = date(2026, 11, 30)  # the sign-off world's Monday
NARROW = {"width": 320, "height": 640}
CODE_IN_BRACKETS = re.compile(r"\([A-Z][A-Z0-9_]{3,}(, [A-Z_]+)*\)")


def _text(response) -> str:  # type: ignore[no-untyped-def]
    """The page's visible words (tags dropped, entities read), for what a reader sees."""
    return " ".join(lxml.html.fromstring(response.content.decode()).text_content().split())


def _named(world: dict[str, Any]) -> None:
    for user, (first, last) in ((world["sw"], ("Sam", "Worker")), (world["tm"], ("Tess", "Manager"))):
        user.first_name, user.last_name = first, last
        user.save()


# --- 1. Yearly outcomes and the SDQ in words ----------------------------------------------------


@pytest.mark.django_db
def test_the_yearly_outcomes_and_sdq_forms_are_in_words(make_user, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2025-06-16"
    world = make_world(make_user)
    look_after(world, date(2024, 3, 1))
    sw = client_for(world["users"]["sw"])

    outcomes = _text(sw.get(url("child-annual-outcomes", world)))
    assert "Were the child's health assessments up to date?" in outcomes
    assert "What intervention was there for the substance misuse problem?" in outcomes
    assert "The yearly outcomes the DfE collects for children looked after for a year" in outcomes
    assert CODE_IN_BRACKETS.findall(outcomes) == []
    assert "SSDA903" not in outcomes

    sdq = _text(sw.get(url("child-sdq-new", world)))
    assert "Strengths and Difficulties Questionnaire (SDQ) total score" in sdq
    assert "Carer refused to complete and return the questionnaire" in sdq
    assert "SDQ_SCORE" not in sdq
    assert "SDQ_REASON" not in sdq
    assert re.findall(r"SDQ\d", sdq) == []
    # The reasons are still saved as the return's codes.
    assert 'value="SDQ2"' in sw.get(url("child-sdq-new", world)).content.decode()


# --- 2. Adding a family member: nobody left to offer is not nobody recorded --------------------


@pytest.mark.django_db
def test_the_hint_says_everyone_around_the_child_is_already_in_the_family(make_user) -> None:  # type: ignore[no-untyped-def]
    world, ada, _ben, maya = family_of_two(make_user)
    s.add_relationship(child=ada, relationship_type="mother", family_member=maya, by=None)
    sw = client_for(world["users"]["sw"])
    response = sw.get(new_url(ada))
    assert response.context["form"].offers_people is False
    hint = _text(response)
    assert (
        "Everyone recorded around the child (the family of their brothers and sisters, or of the "
        "children they live with) is already in their family." in hint
    )
    assert "No one is recorded around the child yet" not in hint
    # A child with no one recorded at all still says so.
    alone = s.register_child(first_name="Lone", last_name="Casechild", person_birth_date=BORN, by=None)
    s.allocate(child=alone, team=world["team"], worker=world["sam"], start_date=date(2024, 1, 10), by=None)
    assert "No one is recorded around the child yet" in _text(sw.get(new_url(alone)))


# --- 3. An action due today is one tag ----------------------------------------------------------


def test_an_action_due_today_is_one_due_today_tag() -> None:
    today = AS_OF
    due_today = clock_tag(action_clock(status="open", due=today, status_date=None, today=today, soon=7))
    assert (due_today.words, due_today.tag_class, due_today.detail) == ("Due today", "govuk-tag--orange", "")
    in_three = clock_tag(
        action_clock(status="open", due=today + timedelta(days=3), status_date=None, today=today, soon=7)
    )
    assert (in_three.words, in_three.detail) == ("Due soon", "in 3 days")
    late = clock_tag(
        action_clock(status="open", due=today - timedelta(days=2), status_date=None, today=today, soon=7)
    )
    assert (late.words, late.tag_class, late.detail) == ("Overdue", "govuk-tag--red", "by 2 days")


@pytest.mark.django_db
def test_my_actions_reads_due_today_once(sign_off_world) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    world = sign_off_world
    sw = world["sw"]
    a.create_action(
        source=world["child"], label="Child's record", what="Ring the school", owner=sw, due=AS_OF, by=sw
    )
    response = client_for(sw).get(reverse("my-actions"))
    (row,) = lxml.html.fromstring(response.content.decode()).xpath("//main//tbody/tr")
    status = " ".join(row.xpath("./td")[-1].text_content().split())
    assert status == "Due today"
    assert row.xpath(".//strong[contains(@class, 'govuk-tag--orange')]/text()") == ["Due today"]


# --- 4. The chronology: who completed, who authorised; the dates as every other form ----------


@pytest.mark.django_db
def test_the_chronology_names_the_worker_who_completed_and_the_manager_who_authorised(sign_off_world) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    world = sign_off_world
    _named(world)
    assert client_for(world["sw"]).post(_page(world), SUBMISSION).status_code == 302
    answered = client_for(world["tm"]).post(_page(world), {"answer": "authorise", "comments": ""})
    assert answered.status_code == 302
    chronology = reverse("child-chronology", args=[world["child"].pk])
    entries = client_for(world["sw"]).get(chronology).context["entries"]
    who = {e.words: e.who for e in entries}
    assert who["Assessment completed: Child in need plan"] == "Sam Worker, authorised by Tess Manager"
    assert who["Assessment authorised by a manager"] == "Tess Manager"
    assert who["Assessment submitted for authorisation"] == "Sam Worker"
    export = client_for(world["sw"]).get(reverse("child-chronology-export", args=[world["child"].pk]))
    rows = {row[1]: row[5] for row in csv.reader(io.StringIO(export.content.decode()))}
    assert rows["Assessment completed: Child in need plan"] == "Sam Worker, authorised by Tess Manager"


@pytest.mark.django_db
def test_the_chronology_dates_are_day_month_and_year_boxes(sign_off_world) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    world = sign_off_world
    _named(world)
    assert client_for(world["sw"]).post(_page(world), SUBMISSION).status_code == 302
    assert client_for(world["tm"]).post(_page(world), {"answer": "authorise"}).status_code == 302
    sw = client_for(world["sw"])
    chronology = reverse("child-chronology", args=[world["child"].pk])
    page = sw.get(chronology)
    body = page.content.decode()
    assert body.count("For example, 27 3 2015") == 2
    assert "27/3/2024" not in body
    assert {'name="since-day"', 'name="until-year"'} <= set(re.findall(r'name="[a-z-]+"', body))

    on_the_day = sw.get(chronology, {"since-day": "30", "since-month": "11", "since-year": "2026"})
    assert sorted(e.words for e in on_the_day.context["entries"]) == [
        "Assessment authorised by a manager",
        "Assessment completed: Child in need plan",
        "Assessment submitted for authorisation",
        "Case note written: other",  # Sam's analysis, put on the record once authorised
    ]
    assert on_the_day.context["errors"] == []
    # The pagination and print links carry the boxes, so the next page keeps the filter.
    assert on_the_day.context["query"] == "since-day=30&since-month=11&since-year=2026"

    impossible = sw.get(
        chronology,
        {
            "since-day": "30",
            "since-month": "2",
            "since-year": "2026",
            "until-day": "3",
            "until-month": "11",
            "until-year": "2026",
        },
    )
    assert impossible.context["errors"] == [
        ("id_since-day", "The from date must be a real date: February 2026 has 28 days")
    ]
    assert "There is a problem" in impossible.content.decode()
    # The to date still applies: nothing after 3 November 2026.
    assert all(
        e.event.occurred_on is None or e.event.occurred_on <= date(2026, 11, 3)
        for e in impossible.context["entries"]
    )
    assert "Assessment started" in {e.words for e in impossible.context["entries"]}


# --- 5. Returned work on the child's record -------------------------------------------------------


@pytest.mark.django_db
def test_the_record_says_who_returned_the_assessment_and_links_to_the_sign_off(sign_off_world) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    world = sign_off_world
    _named(world)
    record = reverse("child-record", args=[world["child"].pk])
    assert client_for(world["sw"]).post(_page(world), SUBMISSION).status_code == 302
    awaiting = _text(client_for(world["sw"]).get(record))
    assert "Started 3 Nov 2026, submitted for authorisation on 30 Nov 2026" in awaiting

    comments = "Add the father's views. " * 5
    returned = client_for(world["tm"]).post(_page(world), {"answer": "return", "comments": comments})
    assert returned.status_code == 302
    for user in (world["sw"], world["tm"]):
        response = client_for(user).get(record)
        words = _text(response)
        start = "Add the father's views. " * 3 + "Add the…"
        assert f"Started 3 Nov 2026, returned by Tess Manager on 30 Nov 2026: {start}" in words
        assert "not yet authorised" not in words
        tree = lxml.html.fromstring(response.content.decode())
        (link,) = tree.xpath("//a[starts-with(normalize-space(.), 'Read the comments and the sign-off')]")
        assert link.get("href") == _page(world)
        assert html.unescape(link.text_content()).strip().endswith("of the assessment started 3 Nov 2026")


# --- At 320 px ------------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_family_page_and_my_actions_fit_a_320_px_screen(make_user, page, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = AS_OF.isoformat()
    world, ada, _ben, maya = family_of_two(make_user)
    s.add_relationship(child=ada, relationship_type="mother", family_member=maya, by=None)
    for first, kind in (("Maximilian-Alexander", "father"), ("Bartholomew", "grandparent")):
        s.add_family_member(
            child=ada,
            relationship_type=kind,
            first_name=first,
            last_name="Montgomery-Casechild",
            birth_date=BORN,
            sex="M",
            parental_responsibility=kind == "father",
            lives_with_child=True,
            by=None,
        )
    sw = world["users"]["sw"]
    action = a.create_action(
        source=ada,
        label="Child's record",
        what="Ring the school about attendance",
        owner=sw,
        due=AS_OF,
        by=sw,
    )
    page.set_viewport_size(NARROW)
    sign_in(page, "sw")
    page.wait_for_selector("h1")
    widths = {}
    for address in (
        reverse("child-family", args=[ada.pk]),
        reverse("action", args=[action.pk]),
        reverse("my-actions"),  # last: the "Open actions" region is read below
    ):
        page.goto(address)
        tables = page.locator("main table").count()
        assert tables > 0, address
        assert (
            page.locator("main .app-table-scroll[role=region][tabindex='0'] table").count()
            + page.locator("main .app-child-banner table").count()
            == tables
        ), address
        widths[address] = page.evaluate("document.documentElement.scrollWidth")
        assert axe_violations(page) == [], address
    assert {address: width for address, width in widths.items() if width > 320} == {}
    assert page.get_by_role("region", name="Open actions").inner_text().count("Due today") == 1
