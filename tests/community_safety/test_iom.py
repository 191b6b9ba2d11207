"""The IOM cohort: several flags per person, the matrix as dated changes, counts over time, the summary."""

from __future__ import annotations

from datetime import date

import pytest

from continuum.community_safety import iom
from continuum.community_safety.models import (
    IomEvent,
    IomEventKind,
    IomFlag,
    IomOffender,
    IomStatus,
    RiskChange,
    RiskColour,
)
from continuum.core import roles
from continuum.core.models import AccessLogEntry

URL = "/community-safety/iom/"


def _cohort() -> None:
    """Four adults: A red then blue (custody in July, on remand), B amber, C green then red (arrested twice),
    D added after June and due for removal, green; A is PPO and statutory (two flags)."""
    a = IomOffender.objects.create(reference="IOM-A", name="Alex Ashdown", added_on=date(2012, 1, 1))
    b = IomOffender.objects.create(
        reference="IOM-B", name="Bo Brierley", added_on=date(2012, 1, 1), wanted=True
    )
    c = IomOffender.objects.create(reference="IOM-C", name="Cas Colley", added_on=date(2012, 1, 1))
    d = IomOffender.objects.create(
        reference="IOM-D", name="Dee Dunmore", added_on=date(2012, 8, 1), removal_due=True
    )
    IomFlag.objects.bulk_create(
        [
            IomFlag(offender=a, status=IomStatus.PPO),
            IomFlag(offender=a, status=IomStatus.STATUTORY),
            IomFlag(offender=b, status=IomStatus.STATUTORY),
            IomFlag(offender=c, status=IomStatus.NON_STATUTORY),
            IomFlag(offender=d, status=IomStatus.NON_STATUTORY),
        ]
    )
    for who, colour, on in (
        (a, RiskColour.RED, date(2012, 1, 1)),
        (a, RiskColour.BLUE, date(2012, 7, 10)),
        (b, RiskColour.AMBER, date(2012, 1, 1)),
        (c, RiskColour.GREEN, date(2012, 1, 1)),
        (c, RiskColour.RED, date(2012, 8, 20)),
        (d, RiskColour.GREEN, date(2012, 8, 1)),
    ):
        RiskChange.objects.create(offender=who, colour=colour, on=on, reason="Police intelligence")
    IomEvent.objects.bulk_create(
        [
            IomEvent(offender=a, kind=IomEventKind.CUSTODY, on=date(2012, 7, 10)),
            IomEvent(offender=a, kind=IomEventKind.REMAND, on=date(2012, 7, 10)),
            IomEvent(offender=c, kind=IomEventKind.ARREST, on=date(2012, 8, 19)),
            IomEvent(offender=c, kind=IomEventKind.ARREST, on=date(2012, 9, 2)),
            IomEvent(offender=c, kind=IomEventKind.ARREST, on=date(2012, 5, 1)),  # before 'since'
        ]
    )


@pytest.mark.django_db
def test_counts_per_colour_over_time_and_the_board_summary_in_the_seeds_words() -> None:
    _cohort()
    assert IomOffender.objects.get(reference="IOM-A").flags.count() == 2
    over = dict(iom.counts_over_time([date(2012, 6, 30), date(2012, 7, 31), date(2012, 9, 30)]))
    assert over[date(2012, 6, 30)] == {"red": 1, "amber": 1, "green": 1, "blue": 0}
    assert over[date(2012, 7, 31)] == {"red": 0, "amber": 1, "green": 1, "blue": 1}
    assert over[date(2012, 9, 30)] == {"red": 1, "amber": 1, "green": 1, "blue": 1}
    summary = iom.board_summary(date(2012, 9, 30), since=date(2012, 6, 1))
    assert summary.sentences() == [
        "There are currently 4 offenders on the IOM list though 1 of these are scheduled for removal.",
        "Of the 4 currently listed, 1 are PPO, 2 are statutory and 2 are non-statutory.",
        "Red (high risk of offending) – 1 clients listed. Of the 1 listed, 1 have been arrested since "
        "June 2012.",
        "Blue (currently in custody) – 1 clients listed. Of these, 1 have been placed in custody since "
        "June 2012 with 1 currently on remand.",
        "Amber (further intelligence/ongoing monitoring required) – 1 clients listed.",
        "Green (intelligence and engagement levels suggest not currently offending) – 1 clients listed.",
        "1 of the 4 IOM offenders have been arrested at least once since June 2012 with the total number "
        "of arrests being 2. 1 offenders are currently on the wanted list.",
    ]


@pytest.mark.django_db
def test_the_people_are_for_the_iom_team_only_and_each_viewing_is_logged(client, make_user) -> None:  # type: ignore[no-untyped-def]
    _cohort()
    board = make_user("board", roles.BOARD_MEMBER)
    client.force_login(board)
    page = client.get(URL, {"on": "2012-09-30", "since": "2012-06-01"}).content.decode()
    assert "1 of the 4 IOM offenders have been arrested" in page
    assert "Alex Ashdown" not in page  # the summary names nobody
    assert "data-iom-people" not in page
    officer = make_user("iom-officer", roles.IOM_OFFICER)  # the IOM team role gives the access
    client.force_login(officer)
    page = client.get(URL, {"on": "2012-09-30"}).content.decode()
    assert "Alex Ashdown" in page
    assert "PPO (prolific and priority offender), Statutory" in page or "Statutory, PPO" in page
    assert AccessLogEntry.objects.filter(user=officer, action="community_safety.iom_people").count() == 4
    assert client.get(URL, {"on": "30/09/2012"}).status_code == 400
    # Children's staff do not see the adults' records.
    for role in (roles.SOCIAL_WORKER, roles.TEAM_MANAGER):
        client.force_login(make_user(role.slug, role))
        assert client.get(URL).status_code == 403


@pytest.mark.django_db
def test_release_plans_for_those_in_custody_and_the_iom_officers_card(client, make_user) -> None:  # type: ignore[no-untyped-def]
    """A is in custody (Blue from 10 July) and due out on 20 October 2012 with no plan yet: within the
    8 weeks of 30 September, so marked; once the plan is written the page shows it."""
    from django.test import RequestFactory

    from continuum.web.community_safety.today import iom_today
    from continuum.web.home_today import _Ask

    _cohort()
    IomOffender.objects.filter(reference="IOM-A").update(release_due=date(2012, 10, 20))
    rows = iom.releases(date(2012, 9, 30))
    assert [(r.offender.reference, r.due, r.near, r.needs_plan) for r in rows] == [
        ("IOM-A", date(2012, 10, 20), True, True)
    ]
    officer = make_user("iom-officer", roles.IOM_OFFICER)
    client.force_login(officer)
    page = client.get(URL, {"on": "2012-09-30"}).content.decode()
    assert 'data-release="IOM-A"' in page
    assert "20 Oct 2012" in page
    assert "No plan yet" in page

    request = RequestFactory().get("/")
    request.user, request.session = officer, {}
    card = iom_today(_Ask(request, day=date(2012, 9, 30)))
    assert card is not None
    assert [(line.label, line.count, line.detail, line.urgent) for line in card.lines] == [
        ("Red (high risk of offending)", 1, "Of 4 on the matrix today.", False),
        ("Due for release in the next 8 weeks", 1, "1 without a community action plan.", True),
        ("On the wanted list", 1, "Marked Wanted in the cohort list.", False),
        ("Scheduled for removal", 1, "Marked Due for removal in the cohort list.", False),
    ]
    IomOffender.objects.filter(reference="IOM-A").update(release_plan="Housing referral; DIP booked")
    page = client.get(URL, {"on": "2012-09-30"}).content.decode()
    assert "Housing referral; DIP booked" in page
    assert iom_today(_Ask(request, day=date(2012, 9, 30))).lines[1].urgent is False  # type: ignore[union-attr]
    # Board members read the summary, not the people, and get no IOM card.
    board = make_user("board", roles.BOARD_MEMBER)
    request.user = board
    assert iom_today(_Ask(request, day=date(2012, 9, 30))) is None
    client.force_login(board)
    assert "data-release-plans" not in client.get(URL, {"on": "2012-09-30"}).content.decode()
