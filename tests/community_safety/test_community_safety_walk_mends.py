"""The community safety area walked as the demo's community safety officer, and mended:

1. the board pack describes the matrix and the plan on the day it is made (or the period's last day
   when that is past), never a day still to come;
2. SDs needed ahead of the target reads as the partnership's own summary prints it (negative), and the
   pack says what a negative means;
3. a second referral of one victim to one meeting is refused with what the coordinator can do, linking
   to the first referral by its number;
4. months are GOV.UK month and year boxes (days on the ASB page day, month and year boxes), and old
   links with ``?from=2012-04`` still open;
5. the cost-benefit steps are said in words, with no code name on the page;
6. an agency typed by name counts under one "Other" column;
7. the partnership's RAG key keeps the seed's words;
8. the home card's overdue MARAC actions link to the list of them.
"""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from continuum.actions import services as tracker
from continuum.community_safety import marac, pack
from continuum.community_safety import marac_records as records
from continuum.community_safety.keys import PARTNERSHIP_LEVELS
from continuum.community_safety.models import MaracMeeting, MaracReferral
from continuum.community_safety.summary import crime_summary
from continuum.core import roles
from continuum.web.govuk.fields import GovukMonthField
from tests.community_safety.seed_2012 import load_seed_2012
from tests.community_safety.test_board_pack import PERIOD, _records

pytestmark = pytest.mark.django_db

CRIME = "/community-safety/crime-summary/"
PACK = "/community-safety/board-pack/"
ASB = "/community-safety/asb/"
MARAC = "/community-safety/marac/"
NEW_REFERRAL = "/community-safety/marac/referrals/new/"


def _text(response) -> str:  # type: ignore[no-untyped-def]
    return html.unescape(response.content.decode())


def _cells(page: str, crime_type: str) -> list[str]:
    row = re.search(rf'data-crime-type="{crime_type}">(.*?)</tr>', page, re.S)
    assert row is not None
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)]


# --- 1. The pack's day ------------------------------------------------------------------------------


def test_the_pack_describes_today_while_the_period_runs_and_its_last_day_once_past(
    make_user, settings
) -> None:  # type: ignore[no-untyped-def]
    # PERIOD is April to September 2012: its last day is 30 September 2012.
    settings.CONTINUUM_AS_OF = "2012-09-15"
    _records(make_user("scp-manager", roles.BOARD_MEMBER))
    assert PERIOD.as_of == date(2012, 9, 15)
    text = html.unescape(pack.html(PERIOD))
    assert "The risk matrix on 15 September 2012" in text
    assert "The plan as it stood on 15 September 2012" in text
    assert "30 September 2012" not in text  # a day still to come
    settings.CONTINUUM_AS_OF = "2012-11-01"
    assert PERIOD.as_of == date(2012, 9, 30)
    text = html.unescape(pack.html(PERIOD))
    assert "The risk matrix on 30 September 2012" in text
    assert "The plan as it stood on 30 September 2012" in text
    # The tester's pack: the year to date made on 7 Dec 2026, the latest figures December's.
    settings.CONTINUUM_AS_OF = "2026-12-07"
    assert pack.Period(date(2026, 4, 1), date(2026, 12, 1)).as_of == date(2026, 12, 7)


# --- 2. SDs needed as the seed prints it -------------------------------------------------------------


def test_sds_needed_ahead_of_the_target_is_negative_as_the_seed_prints_it_and_the_pack_says_so(
    client, make_user
) -> None:  # type: ignore[no-untyped-def]
    load_seed_2012()
    # Seed 004's row: Most Serious Violence, SD target 35%, 81 offences, 30 SDs: 28.35 - 30 = -1.65,
    # printed -2 (the seed's own "SDs" column shows -2, -8, -27 ... where the target is met).
    rows = {r.code: r for r in crime_summary(date(2012, 4, 1), date(2012, 9, 1)).rows}
    assert rows["most-serious-violence"].sds_needed == -2
    client.force_login(make_user("analyst", roles.PERFORMANCE_ANALYST))
    page = _text(client.get(CRIME, {"from": "2012-04", "to": "2012-09"}))
    assert _cells(page, "most-serious-violence")[-1] == "-2"
    assert "(negative: that many ahead of it)" in page
    text = html.unescape(pack.html(PERIOD))
    assert "SD target (negative: that many ahead of it, as the partnership's own summary shows it)" in text


# --- 3. One victim, one case: the refusal says what to do --------------------------------------------


def test_a_second_referral_is_refused_with_what_to_do_and_a_link_to_the_first(
    client, make_user, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2026-12-07"
    coordinator = make_user("coordinator", roles.COMMUNITY_SAFETY_OFFICER)
    meeting_on = date(2026, 12, 17)
    first = records.record_referral(
        referred_on=date(2026, 12, 7),
        agency="Police",
        risk_score=16,
        victim_key="V0042",
        meeting_on=meeting_on,
        by=coordinator,
    ).referral
    with pytest.raises(records.AlreadyListed) as refused:
        records.record_referral(
            referred_on=date(2026, 12, 7),
            agency="Housing",
            risk_score=16,
            victim_key="V0042",
            meeting_on=meeting_on,
            by=coordinator,
        )
    assert refused.value.listed == first
    assert str(refused.value) == (
        f"Victim V0042 is already on the list for the MARAC of 17 Dec 2026 (referral {first.pk}). "
        "One victim is one case at a meeting: bring this agency's concerns to that case when it is "
        f"heard, or withdraw referral {first.pk} first if it was entered in error"
    )
    assert "add this agency's concerns" not in str(refused.value)  # no page to add them on
    client.force_login(coordinator)
    response = client.post(
        NEW_REFERRAL,
        {
            "referred_on-day": "7",
            "referred_on-month": "12",
            "referred_on-year": "2026",
            "agency": "Housing",
            "agency_other": "",
            "risk_score": "16",
            "victim_key": "V0042",
            "meeting_on-day": "17",
            "meeting_on-month": "12",
            "meeting_on-year": "2026",
            "children": "",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    inset = re.search(r"<div[^>]*data-already-listed>(.*?)</div>", page, re.S)
    assert inset is not None
    href = f"/community-safety/marac/referrals/{first.pk}/"
    assert f'<a class="govuk-link" href="{href}">referral {first.pk}</a>' in inset.group(1)
    assert "V0042" not in href  # the link carries the referral's number only
    # The referral page it links to offers what the refusal says: withdraw it, and (the meeting still
    # to come) its actions agreed once the meeting has sat.
    referral_page = _text(client.get(href))
    assert "Withdraw this referral" in referral_page
    assert "Actions are agreed at the meeting, once it has sat." in referral_page


# --- 4. Month and year boxes -------------------------------------------------------------------------


def test_the_month_field_reads_month_and_year_and_names_the_wrong_box() -> None:
    field = GovukMonthField(label="First month")
    assert field.clean({"month": "4", "year": "2012"}) == date(2012, 4, 1)
    for typed, message, parts in (
        ({"month": "", "year": ""}, "Enter the first month", ("month", "year")),
        ({"month": "4", "year": ""}, "First month must include a year", ("year",)),
        (
            {"month": "April", "year": "2012"},
            "First month must be a real month, written in numbers",
            ("month",),
        ),
        (
            {"month": "13", "year": "2012"},
            "First month must be a real month: the month must be between 1 and 12",
            ("month",),
        ),
        ({"month": "4", "year": "12"}, "Year in first month must include 4 numbers", ("year",)),
    ):
        with pytest.raises(ValidationError) as refused:
            field.clean(typed)
        assert refused.value.messages == [message]
        assert field.error_parts == parts
    assert field.from_text("2012-04") == {"month": "4", "year": "2012"}
    assert field.from_text("2012-13") is None
    assert field.from_text("April 2012") is None


def test_crime_summary_and_pack_take_month_and_year_boxes_and_old_links_still_open(client, make_user) -> None:  # type: ignore[no-untyped-def]
    load_seed_2012()
    client.force_login(make_user("analyst", roles.PERFORMANCE_ANALYST))
    boxes = {"first-month": "4", "first-year": "2012", "last-month": "4", "last-year": "2012"}
    page = _text(client.get(CRIME, boxes))
    assert _cells(page, "rape")[3] == "8"  # April only: 8 of the 45
    for name, value in boxes.items():
        assert f'id="id_{name}" name="{name}" type="text" inputmode="numeric" value="{value}"' in page
    assert "YYYY-MM" not in page
    assert "For example, 2012-04" not in page
    assert "For example, 4 2025" in page
    old = _text(client.get(CRIME, {"from": "2012-04", "to": "2012-04"}))  # a link made before the boxes
    assert _cells(old, "rape")[3] == "8"
    assert 'name="first-month" type="text" inputmode="numeric" value="4"' in old
    # The default (the year to date of the latest figures) fills the boxes.
    default = _text(client.get(CRIME))
    assert 'name="last-month" type="text" inputmode="numeric" value="9"' in default
    # Each refusal names its box, and the error summary links to it.
    for query, anchor, message in (
        (
            {**boxes, "first-month": "13"},
            "id_first-month",
            "First month must be a real month: the month must be between 1 and 12",
        ),
        ({**boxes, "last-month": "", "last-year": ""}, "id_last-month", "Enter the last month"),
        (
            {**boxes, "first-month": "5"},
            "id_last-month",
            "The last month must be the same as or after the first month",
        ),
        (
            {"from": "2012-13", "to": "2012-09"},
            "id_first-month",
            "First month must be a month written as YYYY-MM, like 2012-04",
        ),
        # A month still to come has no crimes: refused, not every row "-100.0% (decrease)".
        (
            {**boxes, "last-month": "1", "last-year": "2099"},
            "id_last-month",
            "Last month must be this month or in the past",
        ),
    ):
        response = client.get(CRIME, query)
        assert response.status_code == 400
        assert response.context["errors"] == [(anchor, message)]
        assert f'<a href="#{anchor}">{message}</a>' in _text(response)
        assert "data-crime-summary" not in response.content.decode()
    # The pack: the boxes choose the months; the PDF link is still written from/to, and opens.
    page = _text(
        client.get(PACK, {"first-month": "4", "first-year": "2012", "last-month": "9", "last-year": "2012"})
    )
    assert "April 2012 to September 2012" in page
    assert (
        'href="/community-safety/board-pack.pdf?from=2012-04&amp;to=2012-09"'
        in client.get(
            PACK, {"first-month": "4", "first-year": "2012", "last-month": "9", "last-year": "2012"}
        ).content.decode()
    )
    assert "April 2012 to September 2012" in _text(client.get(PACK, {"from": "2012-04", "to": "2012-09"}))
    bad = client.get(PACK, {"first-month": "4", "first-year": "2012", "last-month": "9", "last-year": "20"})
    assert bad.status_code == 400
    assert bad.context["errors"] == [("id_last-year", "Year in last month must include 4 numbers")]


def test_the_asb_page_takes_day_month_and_year_boxes_and_old_links_still_open(client, make_user) -> None:  # type: ignore[no-untyped-def]
    from continuum.community_safety.models import AsbCall

    AsbCall.objects.bulk_create(
        [
            AsbCall(received=date(2012, 5, 3), call_type="Noise", ward="E05099901", caller_key="C1"),
            AsbCall(received=date(2012, 5, 9), call_type="Noise", ward="E05099901", caller_key="C1"),
            AsbCall(received=date(2012, 6, 9), call_type="Noise", ward="E05099901", caller_key="C2"),
        ]
    )
    client.force_login(make_user("analyst", roles.PERFORMANCE_ANALYST))
    may = {
        "first-day": "1",
        "first-month": "5",
        "first-year": "2012",
        "last-day": "31",
        "last-month": "5",
        "last-year": "2012",
    }
    page = client.get(ASB, may).content.decode()
    assert re.search(r"data-asb-total>2<", page)  # May's two calls
    assert 'name="last-day" type="text" inputmode="numeric" value="31"' in page
    old = client.get(ASB, {"from": "2012-05-01", "to": "2012-05-31"}).content.decode()
    assert re.search(r"data-asb-total>2<", old)
    default = client.get(ASB).content.decode()  # the twelve months to the latest call: all three
    assert re.search(r"data-asb-total>3<", default)
    assert 'name="last-day" type="text" inputmode="numeric" value="9"' in default
    bad = client.get(ASB, {**may, "last-day": "30", "last-month": "6", "first-month": "7"})
    assert bad.status_code == 400
    assert bad.context["errors"] == [
        ("id_last-day", "The last day must be the same as or after the first day")
    ]
    bad = client.get(ASB, {**may, "last-month": "2", "last-day": "30"})
    assert bad.context["errors"] == [
        ("id_last-day", "Last day must be a real date: February 2012 has 29 days")
    ]


# --- 5. Cost-benefit in words ------------------------------------------------------------------------


def test_the_cost_benefit_steps_are_said_in_words_with_no_code_names(client, make_user) -> None:  # type: ignore[no-untyped-def]
    from continuum.community_safety.costbenefit import LEVEL_2, load_unit_costs

    client.force_login(make_user("analyst", roles.PERFORMANCE_ANALYST))
    page = _text(client.get("/community-safety/cost-benefit/"))
    assert "Cost of call-outs = police interventions \u00d7 cost of a police call-out" in page
    assert "Number arrested = police interventions \u00d7 share arrested" in page
    assert "CPS cost of prosecutions = number prosecuted \u00d7 CPS cost of a prosecution" in page
    assert "Cost of sentences = number sentenced \u00d7 cost of a sentence" in page
    assert "<code>" not in page
    visible = re.sub(r"<[^>]+>", " ", page)  # the words on the page, not its attributes
    for step in LEVEL_2:
        assert step.formula not in visible
        assert "_" not in step.name or step.name not in visible
    for code in load_unit_costs():
        assert code not in visible
    assert "Cost of a police call-out" in visible  # the unit-cost table still names each cost


# --- 6. Other agencies under one column --------------------------------------------------------------


def test_agencies_typed_by_name_count_under_one_other_column(client, make_user) -> None:  # type: ignore[no-untyped-def]
    meeting = MaracMeeting.objects.create(held_on=date(2012, 7, 5))
    for key, agency in (
        ("V1", "Police"),
        ("V2", "St Mary's Women's Aid \u2013 Zo\u00eb's team"),
        ("V3", "Barnet Refugee Service"),
        ("V4", "Health"),
    ):
        MaracReferral.objects.create(
            referred_on=date(2012, 6, 25), agency=agency, risk_score=16, victim_key=key, meeting=meeting
        )
    [quarter] = marac.quarterly(marac.all_referrals())
    assert dict(quarter.by_agency) == {"Police": 1, "Health": 1, "Other": 2}
    assert marac.agency_columns([quarter]) == ["Police", "Health", "Other"]
    client.force_login(make_user("analyst", roles.PERFORMANCE_ANALYST))
    page = _text(client.get(MARAC))
    table = re.search(r"<table[^>]*data-marac-quarters>(.*?)</table>", page, re.S)
    assert table is not None
    headers = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', table.group(1))
    assert headers == ["Quarter", "Referrals", "Repeats", "Repeat rate", "Police", "Health", "Other"]
    assert "Women's Aid" not in table.group(1)
    text = html.unescape(pack.html(pack.Period(date(2012, 4, 1), date(2012, 9, 1))))
    assert "<th>Other</th>" in text.replace(' scope="col"', "")
    assert "Women's Aid" not in text


# --- 7. The RAG key is the seed's --------------------------------------------------------------------


def test_the_partnership_rag_key_keeps_the_seeds_words() -> None:
    # Seed 004, "RAG Guidance": Red's second sentence pair is the seed's own (it reads as Amber's), kept
    # word for word; the key is the partnership's, not ours to rewrite.
    assert {code: meaning for code, _, meaning, *_ in PARTNERSHIP_LEVELS} == {
        "R": "Milestone not achieved and/ or risks threaten future performance. Remedial action is "
        "required. Milestone only partly achieved, but identified problem has been resolved and "
        "performance will be met.",
        "A": "Milestone met, but risk to future performance has been identified.",
        "G": "Milestone met and no future risks to performance",
    }


# --- 8. Overdue MARAC actions, linked --------------------------------------------------------------


def test_the_cards_overdue_actions_link_to_their_list_on_the_marac_page(client, make_user, settings) -> None:  # type: ignore[no-untyped-def]
    from continuum.web.community_safety.marac_today import marac_today
    from continuum.web.home_today import _Ask

    settings.CONTINUUM_AS_OF = "2026-12-07"
    coordinator = make_user("coordinator", roles.COMMUNITY_SAFETY_OFFICER)
    owner = make_user("idva", roles.SOCIAL_WORKER)
    meeting = MaracMeeting.objects.create(held_on=date(2026, 11, 5))
    referral = MaracReferral.objects.create(
        referred_on=date(2026, 11, 2), agency="Police", risk_score=17, victim_key="V0042", meeting=meeting
    )
    label = records.action_label(meeting)
    late = tracker.create_action(
        source=referral,
        label=label,
        what="Safety plan reviewed",
        owner=owner,
        due=date(2026, 11, 26),
        by=coordinator,
    )
    tracker.create_action(  # due today: not overdue
        source=referral,
        label=label,
        what="Refuge place found",
        owner=owner,
        due=date(2026, 12, 7),
        by=coordinator,
    )

    def overdue_line():  # type: ignore[no-untyped-def]
        request = RequestFactory().get("/")
        request.user, request.session = coordinator, {}
        card = marac_today(_Ask(request, day=date(2026, 12, 7)))
        assert card is not None
        return {line.label: line for line in card.lines}["MARAC actions overdue"]

    line = overdue_line()
    assert (line.count, line.href, line.link_text, line.urgent) == (
        1,
        "/community-safety/marac/#overdue-actions",
        "See the overdue actions",
        True,
    )
    assert list(marac.overdue_actions(date(2026, 12, 7))) == [late]
    client.force_login(coordinator)
    page = _text(client.get(MARAC))
    listed = re.search(r'id="overdue-actions">.*?<table[^>]*data-marac-overdue>(.*?)</table>', page, re.S)
    assert listed is not None
    assert "Safety plan reviewed" in listed.group(1)
    assert "26 Nov 2026" in listed.group(1)
    assert (
        f'MARAC of 5 Nov 2026: <a class="govuk-link" href="/community-safety/marac/referrals/{referral.pk}/">'
        in listed.group(1)
    )
    assert "Refuge place found" not in listed.group(1)
    # Once done, nothing is overdue: no count to link, and the list says so.
    tracker.set_status(late, status="done", by=coordinator)
    line = overdue_line()
    assert (line.count, line.href) == (0, "")
    assert "No action agreed at MARAC is overdue." in _text(client.get(MARAC))
    # Readers of the figures who do not record MARAC see no chase list.
    client.force_login(make_user("analyst", roles.PERFORMANCE_ANALYST))
    assert 'id="overdue-actions"' not in client.get(MARAC).content.decode()
