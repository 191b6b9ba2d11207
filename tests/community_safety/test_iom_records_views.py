"""The IOM team's recording pages: who may open them, a person added with an unusual name, a colour
changed and seen in the history, refusals beside their fields, a colleague's save not overwritten, and
the cohort page's compact list and GOV.UK date boxes."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from continuum.community_safety.models import IomOffender, RiskChange
from continuum.core import roles
from continuum.core.models import AccessLogEntry
from tests.community_safety.test_iom import _cohort

pytestmark = pytest.mark.django_db
COHORT = "/community-safety/iom/"
ODD = "Siobhán O'Neill-Ødegård"


def _person(pk: int, form: str = "") -> str:
    return f"/community-safety/iom/offenders/{pk}/{form}"


def _text(response) -> str:  # type: ignore[no-untyped-def]
    return html.unescape(response.content.decode())


@pytest.fixture
def world(make_user, settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2012-09-30"
    _cohort()
    return {
        "officer": make_user("iom-officer", roles.IOM_OFFICER),
        "a": IomOffender.objects.get(reference="IOM-A"),
    }


def test_board_members_and_analysts_may_not_open_a_person_or_a_form(client, make_user, world) -> None:  # type: ignore[no-untyped-def]
    pk = world["a"].pk
    pages = [_person(pk), _person(pk, "colour/"), _person(pk, "events/new/"), _person(pk, "details/")]
    pages.append("/community-safety/iom/offenders/new/")
    for role in (roles.BOARD_MEMBER, roles.PERFORMANCE_ANALYST, roles.SOCIAL_WORKER):
        client.force_login(make_user(role.slug, role))
        for url in pages:
            assert client.get(url).status_code == 403, (role, url)
            assert client.post(url, {"reason": "x"}).status_code == 403, (role, url)
    assert RiskChange.objects.count() == 6  # nothing written
    assert not AccessLogEntry.objects.filter(record_type="iom_offender").exists()


def test_the_officer_adds_a_person_changes_their_colour_and_reads_the_history(client, world) -> None:  # type: ignore[no-untyped-def]
    officer = world["officer"]
    client.force_login(officer)
    cohort = _text(client.get(COHORT))
    assert f'href="{_person(world["a"].pk)}">Alex Ashdown</a>' in cohort
    assert "Add a person to the list" in cohort
    form = client.get("/community-safety/iom/offenders/new/").content.decode()
    assert 'name="added_on-day" type="text" inputmode="numeric" value="30"' in form  # today by default
    added = client.post(
        "/community-safety/iom/offenders/new/",
        {
            "reference": "IOM-E",
            "name": ODD,
            "added_on-day": "3",
            "added_on-month": "9",
            "added_on-year": "2012",
            "flags": ["ppo", "non-statutory"],
            "colour": "green",
            "reason": "Referred by probation",
        },
    )
    person = IomOffender.objects.get(reference="IOM-E")
    assert added.status_code == 302
    assert added["Location"] == _person(person.pk)  # the id only: no name, no reference
    page = _text(client.get(_person(person.pk)))
    assert f"{ODD} is added to the IOM list." in page
    assert f'<h1 class="govuk-heading-xl">{ODD}</h1>' in page
    assert "PPO (prolific and priority offender), Non-statutory" in page

    changed = client.post(
        _person(person.pk, "colour/"),
        {
            "colour": "red",
            "on-day": "15",
            "on-month": "9",
            "on-year": "2012",
            "reason": "Arrested for burglary",
        },
    )
    assert changed.status_code == 302
    page = _text(client.get(_person(person.pk)))
    assert "The colour is now Red (high risk of offending)." in page
    history = page[page.index("data-colour-history") : page.index("data-events")]
    rows = [r.split("</tr>")[0] for r in history.split('<tr class="govuk-table__row">')[2:]]
    assert [" ".join(re.sub(r"<[^>]+>", " ", r).split()) for r in rows] == [
        "15 Sep 2012 Red (high risk of offending) Arrested for burglary iom-officer",
        "3 Sep 2012 Green (intelligence and engagement levels suggest not currently offending) "
        "Referred by probation iom-officer",
    ]
    # Each opening of the person (page and form) is logged against the id.
    assert (
        AccessLogEntry.objects.filter(
            user=officer, action="community_safety.iom_people", record_id=str(person.pk)
        ).count()
        == 3
    )  # the page twice and the colour form's post
    # The cohort on the day: C and E red, B amber, D green, A blue.
    cohort = _text(client.get(COHORT))
    row = cohort[cohort.index('data-offender="IOM-E"') :].split("</tr>")[0]
    assert 'data-colour="red"' in row
    assert ODD in row


def test_refusals_name_their_fields(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["officer"])
    a = world["a"]  # last change: Blue on 10 Jul 2012
    taken = client.post(
        "/community-safety/iom/offenders/new/",
        {
            "reference": "IOM-A",
            "name": "Someone",
            "added_on-day": "1",
            "added_on-month": "9",
            "added_on-year": "2012",
            "flags": ["ppo"],
            "colour": "red",
            "reason": "Intel",
        },
    )
    assert taken.status_code == 400
    assert '<a href="#id_reference">The IOM reference IOM-A is already used by someone on the list</a>' in (
        taken.content.decode()
    )
    nothing = client.post("/community-safety/iom/offenders/new/", {})
    assert [m for _, m in nothing.context["errors"]] == [
        "Enter the IOM reference",
        "Enter the person's name",
        "Enter the date added to the list",
        "Select at least one IOM status",
        "Select the first risk colour",
        "Enter the reason for the first colour",
    ]
    for given, anchor, message in (
        (
            {"on-day": "1", "on-month": "10", "on-year": "2012", "reason": "x"},
            "id_on-day",
            "Date of the change must be today or in the past",
        ),
        (
            {"on-day": "9", "on-month": "7", "on-year": "2012", "reason": "x"},
            "id_on-day",
            "Date of the change must be on or after 10 Jul 2012, the last change of colour",
        ),
        (
            {"on-day": "1", "on-month": "9", "on-year": "2012", "reason": " "},
            "id_reason",
            "Enter the reason for the change of colour",
        ),
    ):
        refused = client.post(_person(a.pk, "colour/"), {"colour": "red", **given})
        assert refused.status_code == 400
        assert refused.context["errors"] == [(anchor, message)]
    future = client.post(
        _person(a.pk, "events/new/"), {"kind": "arrest", "on-day": "1", "on-month": "10", "on-year": "2012"}
    )
    assert future.context["errors"] == [("id_on-day", "Date of the event must be today or in the past")]
    assert RiskChange.objects.filter(offender=a).count() == 2


def test_a_colleagues_save_is_not_overwritten(client, make_user, world) -> None:  # type: ignore[no-untyped-def]
    a = world["a"]
    client.force_login(world["officer"])
    opened = client.get(_person(a.pk, "details/")).context["form"]
    hidden = {"version": opened.initial["version"], "seen_state": opened.initial["seen_state"]}
    mine = {
        **hidden,
        "release_due-day": "20",
        "release_due-month": "10",
        "release_due-year": "2012",
        "release_plan": "Housing referral",
        "wanted": "no",
        "removal_due": "no",
    }
    # A colleague, on the same form, marks A wanted first.
    client.force_login(make_user("iom-colleague", roles.IOM_OFFICER))
    assert (
        client.post(_person(a.pk, "details/"), {**mine, "wanted": "yes", "release_plan": ""}).status_code
        == 302
    )
    client.force_login(world["officer"])
    clash = client.post(_person(a.pk, "details/"), mine)
    assert clash.status_code == 400
    [(_anchor, message)] = clash.context["errors"]
    assert message.startswith("This person's details were changed by someone else since you opened the form")
    assert "Wanted is now: Yes" in message
    a.refresh_from_db()
    assert (a.wanted, a.release_plan, a.version) == (True, "", 1)
    # The form moved on to the colleague's version: saving again, deliberately, goes through.
    again = client.post(
        _person(a.pk, "details/"), {**mine, **{k: clash.context["form"].data[k] for k in hidden}}
    )
    assert again.status_code == 302
    a.refresh_from_db()
    assert (a.wanted, a.release_plan, a.release_due, a.version) == (
        False,
        "Housing referral",
        date(2012, 10, 20),
        2,
    )
    removal = client.post(_person(a.pk, "details/"), {**mine, "version": "2", "removal_due": "yes"})
    assert removal.context["errors"] == [("id_removal_reason", "Enter the reason for removal from the list")]


def test_the_cohort_page_takes_the_days_as_govuk_date_boxes(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["officer"])
    boxes = {
        "on-day": "30",
        "on-month": "9",
        "on-year": "2012",
        "since-day": "1",
        "since-month": "6",
        "since-year": "2012",
    }
    page = _text(client.get(COHORT, boxes))
    assert "1 of the 4 IOM offenders have been arrested at least once since June 2012" in page
    summary = page[page.index("data-board-summary") :].split("</div>")[0]
    iso = _text(client.get(COHORT, {"on": "2012-09-30", "since": "2012-06-01"}))
    assert summary == iso[iso.index("data-board-summary") :].split("</div>")[0]  # old links still work
    assert page.count('<tr class="govuk-table__row" data-offender=') == 4  # one row a person
    bad = client.get(COHORT, {**boxes, "on-day": "31"})
    assert bad.status_code == 400
    assert bad.context["errors"] == [("id_on-day", "As on must be a real date: September 2012 has 30 days")]
    bad = client.get(COHORT, {"since-day": "1", "since-month": "13", "since-year": "2012"})
    assert bad.context["errors"] == [
        ("id_since-month", "Events since must be a real date: the month must be between 1 and 12")
    ]
    old = client.get(COHORT, {"on": "30/09/2012"})
    assert old.status_code == 400
    assert old.context["errors"] == [
        ("id_on-day", "As on must be a date written as YYYY-MM-DD, like 2012-10-01")
    ]
