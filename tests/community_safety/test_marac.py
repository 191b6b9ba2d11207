"""MARAC: repeats within 12 months and quarterly figures by known answers; children linked only if allowed."""

from __future__ import annotations

from datetime import date

import pytest

from continuum.actions import services as tracker
from continuum.community_safety import marac
from continuum.community_safety.models import MaracMeeting, MaracReferral
from continuum.core import roles
from continuum.core.models import AccessLogEntry

URL = "/community-safety/marac/"


def _ref(pk: int, victim: str, referred: date, heard: date | None, agency: str = "Police") -> MaracReferral:
    r = MaracReferral(pk=pk, victim_key=victim, referred_on=referred, agency=agency, risk_score=14)
    r.meeting = MaracMeeting(held_on=heard) if heard else None
    return r


#: V1 heard 2012-05-03, referred again 2013-05-02 (within 12 months: repeat), 2014-05-16 (a repeat of
#: the 2013-05-16 hearing, on the day a year after) and 2014-06-01 (not: over a year since).
#: V2 heard 2012-05-03; referred again 2012-04-20 is *before* the hearing: not a repeat of it.
#: V3 referred twice but never heard at a MARAC: not a repeat.
CASES = [
    _ref(1, "V1", date(2012, 4, 20), date(2012, 5, 3)),
    _ref(2, "V2", date(2012, 4, 20), date(2012, 5, 3), "IDVA service"),
    _ref(3, "V1", date(2013, 5, 2), date(2013, 5, 16)),
    _ref(4, "V1", date(2014, 6, 1), date(2014, 6, 12)),  # last hearing 2013-05-16: over 12 months before
    _ref(8, "V1", date(2014, 5, 16), None),  # heard 2013-05-16, exactly a year before: a repeat
    _ref(5, "V3", date(2012, 7, 1), None, "Health"),
    _ref(6, "V3", date(2012, 8, 1), None, "Health"),
    _ref(7, "V2", date(2013, 5, 4), date(2013, 5, 16)),  # heard 2012-05-03: 366 days before, not within
]


def test_repeats_are_hearings_of_the_same_victim_in_the_12_months_before() -> None:
    assert marac.repeat_ids(CASES) == {3, 8}


def test_the_year_before_a_leap_day() -> None:
    cases = [_ref(1, "V", date(2023, 3, 1), date(2023, 3, 1)), _ref(2, "V", date(2024, 2, 29), None)]
    assert marac.repeat_ids(cases) == {2}  # 2023-02-28 onwards counts


def test_quarters_are_financial_and_count_referrals_repeats_and_agencies() -> None:
    assert marac.quarter_of(date(2012, 4, 1)) == (2012, 1)
    assert marac.quarter_of(date(2012, 9, 30)) == (2012, 2)
    assert marac.quarter_of(date(2013, 1, 1)) == (2012, 4)
    assert marac.quarter_of(date(2013, 3, 31)) == (2012, 4)
    quarters = {q.label: q for q in marac.quarterly(CASES)}
    assert list(quarters) == ["Q1 2012-13", "Q2 2012-13", "Q1 2013-14", "Q1 2014-15"]
    q1 = quarters["Q1 2012-13"]
    assert (q1.referrals, q1.repeats, dict(q1.by_agency)) == (2, 0, {"Police": 1, "IDVA service": 1})
    assert (quarters["Q2 2012-13"].referrals, dict(quarters["Q2 2012-13"].by_agency)) == (2, {"Health": 2})
    q = quarters["Q1 2013-14"]
    assert (q.referrals, q.repeats, q.repeat_rate) == (2, 1, 50.0)
    assert (quarters["Q1 2014-15"].referrals, quarters["Q1 2014-15"].repeat_rate) == (2, 50.0)


def test_meetings_every_three_weeks() -> None:
    days = marac.meeting_days(date(2012, 4, 5), date(2012, 6, 30))
    assert days == [
        date(2012, 4, 5),
        date(2012, 4, 26),
        date(2012, 5, 17),
        date(2012, 6, 7),
        date(2012, 6, 28),
    ]


@pytest.mark.django_db
def test_the_page_links_a_child_only_for_those_allowed_and_logs_it(client, make_user) -> None:  # type: ignore[no-untyped-def]
    from continuum.core.models import LegitimateRelationship
    from continuum.people.models import Child

    analyst = make_user("analyst", roles.PERFORMANCE_ANALYST)
    child = Child.objects.create(la_child_id="MARAC-CHILD-1", person_birth_date=date(2019, 3, 1))
    meeting = MaracMeeting.objects.create(held_on=date(2026, 5, 7))
    referral = MaracReferral.objects.create(
        referred_on=date(2026, 5, 1), agency="Police", risk_score=17, victim_key="V0042", meeting=meeting
    )
    referral.children.set([child])
    tracker.create_action(
        source=referral,
        label="MARAC",
        what="Safety plan reviewed",
        owner=analyst,
        due=date(2026, 5, 28),
        by=analyst,
    )
    client.force_login(analyst)
    page = client.get(URL).content.decode()
    assert "V0042" in page
    assert "Safety plan reviewed" in page
    assert 'data-quarter="Q1 2026-27"' in page
    # The analyst may not open children's records: no link, no log entry, a count instead.
    assert f"/children/{child.pk}/" not in page
    assert "1 you may not open" in page
    assert not AccessLogEntry.objects.filter(action="marac.child_link").exists()
    # A team manager (also an analyst) with a recorded relationship to the child gets the link, logged.
    manager = make_user("manager", roles.TEAM_MANAGER, roles.PERFORMANCE_ANALYST)
    LegitimateRelationship.objects.create(
        user=manager, child_id=child.pk, reason="MARAC test", start_date=date(2020, 1, 1)
    )
    client.force_login(manager)
    page = client.get(URL).content.decode()
    assert f"/children/{child.pk}/" in page
    logged = AccessLogEntry.objects.filter(user=manager, action="marac.child_link", record_id=str(child.pk))
    assert logged.count() == 1
    client.force_login(make_user("worker", roles.SOCIAL_WORKER))
    assert client.get(URL).status_code == 403
