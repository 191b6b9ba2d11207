"""Correcting what was recorded when a person joined the IOM list (name, date added, IOM status, the
colour they joined with), a save of the release and status that changes nothing, and the wording and
layout mends of the IOM pages.

Answers worked by hand on the four-person cohort of test_iom.py as on 30 Sep 2012: A red from 1 Jan,
blue from 10 Jul (PPO and statutory); B amber from 1 Jan (statutory); C green from 1 Jan, red from
20 Aug (non-statutory); D green, added 1 Aug (non-statutory).
"""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from django.db import connection
from django.db.utils import DatabaseError

from continuum.community_safety import iom, iom_records
from continuum.community_safety.models import IomCorrection, IomOffender, RiskChange
from continuum.core import roles
from tests.community_safety.test_iom import _cohort

pytestmark = pytest.mark.django_db
GREEN = "Green (intelligence and engagement levels suggest not currently offending)"
AMBER = "Amber (further intelligence/ongoing monitoring required)"
ZOE = "Zoë O'Brien-Ng"


@pytest.fixture
def officer(make_user, settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2012-09-30"
    _cohort()
    return make_user("iom-officer", roles.IOM_OFFICER)


def _person(pk: int, form: str = "") -> str:
    return f"/community-safety/iom/offenders/{pk}/{form}"


def _text(response) -> str:  # type: ignore[no-untyped-def]
    return html.unescape(response.content.decode())


def _rows(page: str, marker: str) -> list[str]:
    """The body rows of the table marked ``marker``, each as its cells' words."""
    table = page[page.index(marker) :].split("</table>")[0]
    rows = [r.split("</tr>")[0] for r in table.split('<tr class="govuk-table__row">')[2:]]
    return [" ".join(re.sub(r"<[^>]+>", " ", r).split()) for r in rows]


def _as_held(offender: IomOffender, **changes: object) -> dict[str, object]:
    """The correction form's answers for ``offender`` as recorded, with ``changes``."""
    first = offender.risk_history.order_by("on", "pk").first()
    assert first is not None
    held: dict[str, object] = {
        "name": offender.name,
        "added_on": offender.added_on,
        "flags": list(offender.flags.values_list("status", flat=True)),
        "colour": first.colour,
        "reason": "",
    }
    return {**held, **changes}


# --- The service -----------------------------------------------------------------------------


def test_a_correction_moves_the_counts_by_colour_and_by_date_added_and_is_kept(officer) -> None:  # type: ignore[no-untyped-def]
    d = IomOffender.objects.get(reference="IOM-D")
    before = dict(iom.counts_over_time([date(2012, 6, 30), date(2012, 9, 30)]))
    assert before[date(2012, 6, 30)] == {"red": 1, "amber": 1, "green": 1, "blue": 0}  # D not yet listed
    assert before[date(2012, 9, 30)] == {"red": 1, "amber": 1, "green": 1, "blue": 1}

    corrected = iom_records.correct_details(
        d,
        **_as_held(
            d,
            name="Dee Dunmore-Price",
            added_on=date(2012, 6, 1),
            flags=["statutory", "ppo"],
            colour="amber",
            reason="Referral form read wrongly",
        ),
        by=officer,
        expected_version=0,
    )

    assert [(c.field, c.old, c.new) for c in corrected] == [
        ("Name", "Dee Dunmore", "Dee Dunmore-Price"),
        ("Date added to the list", "1 Aug 2012", "1 Jun 2012"),
        ("IOM status", "Non-statutory", "PPO (prolific and priority offender), Statutory"),
        ("Colour when added to the list", GREEN, AMBER),
    ]
    assert {(c.reason, c.by_id) for c in IomCorrection.objects.all()} == {
        ("Referral form read wrongly", officer.pk)
    }
    d.refresh_from_db()
    assert (d.name, d.added_on, d.version) == ("Dee Dunmore-Price", date(2012, 6, 1), 1)
    # The first colour is amended, not appended to: one row, amber from the corrected day.
    assert list(d.risk_history.values_list("colour", "on")) == [("amber", date(2012, 6, 1))]
    assert RiskChange.objects.count() == 6
    after = dict(iom.counts_over_time([date(2012, 6, 30), date(2012, 9, 30)]))
    assert after[date(2012, 6, 30)] == {"red": 1, "amber": 2, "green": 1, "blue": 0}  # D listed, amber
    assert after[date(2012, 9, 30)] == {"red": 1, "amber": 2, "green": 0, "blue": 1}
    june = iom.board_summary(date(2012, 6, 30), since=date(2012, 6, 1))
    assert june.listed == 4  # was 3: D now joined on 1 Jun
    september = iom.board_summary(date(2012, 9, 30), since=date(2012, 6, 1))
    assert september.statuses == {"ppo": 2, "statutory": 3, "non-statutory": 1}  # was 1, 2, 2


def test_the_date_added_may_not_pass_the_next_change_of_colour(officer) -> None:  # type: ignore[no-untyped-def]
    c = IomOffender.objects.get(reference="IOM-C")  # green from 1 Jan, red from 20 Aug
    with pytest.raises(iom_records.IomRecordError) as late:
        iom_records.correct_details(
            c, **_as_held(c, added_on=date(2012, 8, 21), reason="Joined later"), by=officer
        )
    assert str(late.value) == (
        "Date added to the list must be on or before 20 Aug 2012, their next change of colour"
    )
    assert late.value.field == "added_on"
    assert not IomCorrection.objects.exists()
    # On the day of the next change itself: allowed; on 31 Jul C is no longer listed (green 1 -> 0).
    assert iom.counts_on(date(2012, 7, 31)) == {"red": 0, "amber": 1, "green": 1, "blue": 1}
    iom_records.correct_details(
        c, **_as_held(c, added_on=date(2012, 8, 20), reason="Joined later"), by=officer
    )
    assert iom.counts_on(date(2012, 7, 31)) == {"red": 0, "amber": 1, "green": 0, "blue": 1}
    assert iom.counts_on(date(2012, 8, 20)) == {"red": 1, "amber": 1, "green": 1, "blue": 1}  # C red


def test_nothing_changed_writes_nothing_and_a_change_needs_a_reason(officer) -> None:  # type: ignore[no-untyped-def]
    a = IomOffender.objects.get(reference="IOM-A")
    assert iom_records.correct_details(a, **_as_held(a), by=officer, expected_version=0) == []
    a.refresh_from_db()
    assert a.version == 0
    with pytest.raises(iom_records.IomRecordError, match="Enter the reason for the correction") as bare:
        iom_records.correct_details(a, **_as_held(a, name="Alex Ashdowne", reason="  "), by=officer)
    assert bare.value.field == "reason"
    with pytest.raises(iom_records.IomRecordError) as future:
        iom_records.correct_details(a, **_as_held(a, added_on=date(2012, 10, 1), reason="Typo"), by=officer)
    assert (str(future.value), future.value.field) == (
        "Date added to the list must be today or in the past",
        "added_on",
    )
    iom_records.correct_details(a, **_as_held(a, name="Alex Ashdowne", reason="Typo"), by=officer)
    # A second officer's form was opened on version 0: refused, and the first correction stands.
    with pytest.raises(iom_records.ChangedSinceOpened):
        iom_records.correct_details(
            a, **_as_held(a, name="Alexander Ashdown", reason="Full name"), by=officer, expected_version=0
        )
    a.refresh_from_db()
    assert (a.name, a.version, IomCorrection.objects.count()) == ("Alex Ashdowne", 1, 1)


def test_the_corrections_are_append_only_in_the_database(officer) -> None:  # type: ignore[no-untyped-def]
    a = IomOffender.objects.get(reference="IOM-A")
    iom_records.correct_details(a, **_as_held(a, name="Alex Ashdowne", reason="Typo"), by=officer)
    with pytest.raises(DatabaseError, match="append-only"), connection.cursor() as cursor:
        cursor.execute("UPDATE community_safety_iomcorrection SET reason = 'changed'")


def test_release_and_status_saved_unchanged_write_nothing(officer) -> None:  # type: ignore[no-untyped-def]
    b = IomOffender.objects.get(reference="IOM-B")  # wanted, no release date, no plan, not for removal
    same = {
        "release_due": None,
        "release_plan": " ",
        "wanted": True,
        "removal_due": False,
        "removal_reason": "left in the hidden box",
    }
    assert iom_records.update_details(b, **same, by=officer, expected_version=0) == []
    b.refresh_from_db()
    assert b.version == 0
    assert iom_records.update_details(b, **{**same, "wanted": False}, by=officer) == ["wanted"]
    b.refresh_from_db()
    assert (b.wanted, b.version) == (False, 1)


# --- The pages -------------------------------------------------------------------------------


def test_only_the_iom_team_may_correct(client, make_user, officer) -> None:  # type: ignore[no-untyped-def]
    a = IomOffender.objects.get(reference="IOM-A")
    for role in (roles.BOARD_MEMBER, roles.PERFORMANCE_ANALYST):
        client.force_login(make_user(role.slug, role))
        assert client.get(_person(a.pk, "correct/")).status_code == 403
        assert client.post(_person(a.pk, "correct/"), {"name": "X", "reason": "x"}).status_code == 403
    assert not IomCorrection.objects.exists()
    assert IomOffender.objects.get(pk=a.pk).name == "Alex Ashdown"


def test_the_officer_corrects_a_name_and_reads_it_in_the_history(client, officer) -> None:  # type: ignore[no-untyped-def]
    a = IomOffender.objects.get(reference="IOM-A")
    client.force_login(officer)
    person = _text(client.get(_person(a.pk)))
    assert f'href="{_person(a.pk, "correct/")}">Correct the details</a>' in person
    assert "data-corrections" not in person  # no corrections yet: no empty table
    opened = client.get(_person(a.pk, "correct/"))
    form = _text(opened)
    assert 'name="name" type="text" value="Alex Ashdown"' in form
    assert 'name="added_on-day" type="text" inputmode="numeric" value="1"' in form
    for checked in ('value="ppo" checked', 'value="statutory" checked', 'value="red" checked'):
        assert checked in form
    assert "The colour recorded when they were added to the list, from 1 Jan 2012." in form
    answers = {
        "version": opened.context["form"].initial["version"],
        "seen_state": opened.context["form"].initial["seen_state"],
        "name": ZOE,
        "added_on-day": "1",
        "added_on-month": "1",
        "added_on-year": "2012",
        "flags": ["ppo", "statutory"],
        "colour": "red",
        "reason": "Name misspelt on the referral",
    }
    saved = client.post(_person(a.pk, "correct/"), answers)
    assert saved.status_code == 302
    assert saved["Location"] == _person(a.pk)
    page = _text(client.get(_person(a.pk)))
    assert "The correction is saved (name), with its reason." in page
    assert f'<h1 class="govuk-heading-xl">{ZOE}</h1>' in page
    assert _rows(page, "data-corrections") == [
        f"30 Sep 2012 Name Alex Ashdown {ZOE} Name misspelt on the referral iom-officer"
    ]
    # The same answers again (the form moved on): nothing changed, said so, nothing written.
    again = client.post(_person(a.pk, "correct/"), {**answers, "version": "1", "reason": ""})
    assert again.status_code == 302
    page = _text(client.get(_person(a.pk)))
    assert "Nothing was changed: the answers were the same as those already recorded." in page
    assert "The correction is saved" not in page
    assert IomCorrection.objects.count() == 1
    assert IomOffender.objects.get(pk=a.pk).version == 1


def test_correction_refusals_name_their_fields_and_a_colleagues_save_stands(  # type: ignore[no-untyped-def]
    client, make_user, officer
) -> None:
    a = IomOffender.objects.get(reference="IOM-A")  # red from 1 Jan, blue from 10 Jul
    client.force_login(officer)
    opened = client.get(_person(a.pk, "correct/")).context["form"]
    mine = {
        "version": opened.initial["version"],
        "seen_state": opened.initial["seen_state"],
        "name": "Alex Ashdowne",
        "added_on-day": "1",
        "added_on-month": "1",
        "added_on-year": "2012",
        "flags": ["ppo", "statutory"],
        "colour": "red",
        "reason": "",
    }
    bare = client.post(_person(a.pk, "correct/"), mine)
    assert bare.status_code == 400
    assert bare.context["errors"] == [("id_reason", "Enter the reason for the correction")]
    late = client.post(
        _person(a.pk, "correct/"), {**mine, "added_on-day": "11", "added_on-month": "7", "reason": "x"}
    )
    assert late.context["errors"] == [
        (
            "id_added_on-day",
            "Date added to the list must be on or before 10 Jul 2012, their next change of colour",
        )
    ]
    nothing = client.post(_person(a.pk, "correct/"), {**mine, "flags": [], "colour": ""})
    assert [m for _, m in nothing.context["errors"]] == [
        "Select at least one IOM status",
        "Select the colour they joined with",
    ]
    # A colleague corrects the status first; my save on the old version is refused and says so.
    client.force_login(make_user("iom-colleague", roles.IOM_OFFICER))
    assert (
        client.post(
            _person(a.pk, "correct/"),
            {**mine, "name": "Alex Ashdown", "flags": ["ppo"], "reason": "Not statutory"},
        ).status_code
        == 302
    )
    client.force_login(officer)
    clash = client.post(_person(a.pk, "correct/"), {**mine, "reason": "Typo"})
    assert clash.status_code == 400
    [(_anchor, message)] = clash.context["errors"]
    assert message.startswith("This person's details were changed by someone else since you opened the form")
    assert "IOM status is now: PPO (prolific and priority offender)" in message
    a.refresh_from_db()
    assert (a.name, a.version, a.status_words) == ("Alex Ashdown", 1, "PPO (prolific and priority offender)")


def test_release_and_status_saved_unchanged_say_nothing_changed(client, officer) -> None:  # type: ignore[no-untyped-def]
    a = IomOffender.objects.get(reference="IOM-A")
    a.name = ZOE
    a.save(update_fields=["name"])
    client.force_login(officer)
    opened = client.get(_person(a.pk, "details/")).context["form"]
    unchanged = {
        "version": opened.initial["version"],
        "seen_state": opened.initial["seen_state"],
        "release_plan": "",
        "wanted": "no",
        "removal_due": "no",
    }
    saved = client.post(_person(a.pk, "details/"), unchanged)
    assert saved.status_code == 302
    page = _text(client.get(_person(a.pk)))
    assert "Nothing was changed: the answers were the same as those already recorded." in page
    assert f"{ZOE}'s release and status are updated." not in page
    assert IomOffender.objects.get(pk=a.pk).version == 0
    client.post(_person(a.pk, "details/"), {**unchanged, "wanted": "yes"})
    assert f"{ZOE}'s release and status are updated." in _text(client.get(_person(a.pk)))


def test_wide_tables_scroll_in_labelled_regions_and_the_date_hint_is_current(client, officer) -> None:  # type: ignore[no-untyped-def]
    a = IomOffender.objects.get(reference="IOM-A")
    iom_records.correct_details(a, **_as_held(a, name="Alex Ashdowne", reason="Typo"), by=officer)
    client.force_login(officer)
    page = client.get(_person(a.pk)).content.decode()
    for label, table in (
        ("Risk colour history", "data-colour-history"),
        ("Events", "data-events"),
        ("Corrections", "data-corrections"),
    ):
        region = f'<div class="app-table-scroll" role="region" aria-label="{label}" tabindex="0">'
        assert f'{region}\n<table class="govuk-table" {table}>' in page
    cohort = client.get("/community-safety/iom/").content.decode()
    assert "The day the matrix is read on. For example, 27 3 2026" in cohort
    assert "30 9 2012" not in cohort
