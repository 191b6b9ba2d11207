"""The workforce page (issue 15 point 6): contracted hours and establishment, recorded and checked.

Known answers: team Alpha's counted staff in post are a full-time social worker, a
half-time one (18.5 of 37 hours), a team manager with no hours recorded (full time) and
an agency social worker; a personal adviser is not in the DfE's count. Permanent FTE
2.5, agency 1; with an establishment of 4 FTE, 1.5 FTE (37.5%) is vacant.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from continuum.core import roles as r
from continuum.people.models import Team, Worker
from continuum.people.workforce import team_fte

pytestmark = pytest.mark.django_db


def build(make_user):  # type: ignore[no-untyped-def]
    """Two teams, a team manager in Alpha, an analyst, an administrator and a social worker."""
    alpha = Team.objects.create(name="Alpha", team_type="intervention_planning")
    beta = Team.objects.create(name="Beta", team_type="children_in_care")
    tm = make_user("tm", r.TEAM_MANAGER)
    make_user("analyst", r.PERFORMANCE_ANALYST)
    make_user("sysadmin", r.SYSTEM_ADMINISTRATOR)
    make_user("sw", r.SOCIAL_WORKER)
    start = date(2020, 1, 1)

    def worker(first: str, last: str, team: Team, **kw):  # type: ignore[no-untyped-def]
        return Worker.objects.create(first_name=first, last_name=last, team=team, start_date=start, **kw)

    worker("Tia", "Manager", alpha, role="team_manager", user=tm)
    worker("Una", "One", alpha, contracted_hours=Decimal(37))
    worker("Pat", "Part", alpha, contracted_hours=Decimal("18.5"))
    worker("Ada", "Agency", alpha, is_agency=True)
    worker("Pia", "Adviser", alpha, role="personal_adviser", contracted_hours=Decimal(20))
    worker("Lee", "Left", alpha, leave_date=date(2021, 1, 1))
    worker("Bea", "Beta", beta)
    return alpha, beta


def client_for(username: str) -> Client:
    from django.contrib.auth.models import User

    c = Client()
    c.force_login(User.objects.get(username=username))
    return c


def test_fte_known_answers(make_user) -> None:  # type: ignore[no-untyped-def]
    alpha, _ = build(make_user)
    Team.objects.filter(pk=alpha.pk).update(establishment_fte=Decimal(4))
    alpha.refresh_from_db()
    row = team_fte([alpha], date(2024, 9, 30))[0]
    assert (row.permanent, row.agency, row.workers) == (Decimal("2.5"), Decimal(1), 4)
    assert (row.vacancy_fte, row.vacancy_rate) == (Decimal("1.5"), Decimal("37.5"))


def test_who_sees_which_team(make_user) -> None:  # type: ignore[no-untyped-def]
    _, beta = build(make_user)
    tm = client_for("tm").get("/workforce/")
    assert tm.status_code == 200
    assert b"Alpha" in tm.content
    assert b"Beta" not in tm.content
    analyst = client_for("analyst").get("/workforce/")
    assert b"Alpha" in analyst.content
    assert b"Beta" in analyst.content
    assert client_for("sysadmin").get(f"/workforce/teams/{beta.pk}/").status_code == 200
    assert client_for("tm").get(f"/workforce/teams/{beta.pk}/").status_code == 403
    assert client_for("sw").get("/workforce/").status_code == 403
    bea = Worker.objects.get(first_name="Bea")
    assert client_for("tm").get(f"/workforce/workers/{bea.pk}/hours/").status_code == 403
    assert (
        client_for("tm")
        .post(f"/workforce/workers/{bea.pk}/hours/", {"hours": "20", "version": 1})
        .status_code
        == 403
    )
    assert Worker.objects.get(pk=bea.pk).contracted_hours is None


def test_team_manager_records_establishment_and_hours(make_user) -> None:  # type: ignore[no-untyped-def]
    alpha, _ = build(make_user)
    c = client_for("tm")
    page = c.get(f"/workforce/teams/{alpha.pk}/").content.decode()
    assert "Not recorded" in page
    assert "not in the DfE" in page
    assert "Lee Left" not in page
    done = c.post(f"/workforce/teams/{alpha.pk}/", {"establishment": "4", "version": "1"}, follow=True)
    assert "Establishment saved." in done.content.decode()
    assert "37.5% (1.5 FTE not filled by permanent staff)" in done.content.decode()
    una = Worker.objects.get(first_name="Una")
    saved = c.post(f"/workforce/workers/{una.pk}/hours/", {"hours": "30", "version": str(una.version)})
    assert saved.status_code == 302
    assert Worker.objects.get(pk=una.pk).contracted_hours == Decimal(30)
    c.post(f"/workforce/workers/{una.pk}/hours/", {"hours": "", "version": str(una.version + 1)})
    assert Worker.objects.get(pk=una.pk).contracted_hours is None  # blank: full time


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("abc", "Enter the contracted hours as a number, like 37 or 18.5"),
        ("18.55", "Enter the contracted hours to one decimal place at most, like 18.5"),
        ("0", "Contracted hours must be more than 0 and no more than 48 a week."),
        ("60", "Contracted hours must be more than 0 and no more than 48 a week."),
    ],
)
def test_hours_are_checked(make_user, hours: str, message: str) -> None:  # type: ignore[no-untyped-def]
    build(make_user)
    una = Worker.objects.get(first_name="Una")
    response = client_for("analyst").post(
        f"/workforce/workers/{una.pk}/hours/", {"hours": hours, "version": "1"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert 'href="#id_hours"' in page
    assert Worker.objects.get(pk=una.pk).contracted_hours == Decimal(37)


def test_establishment_is_checked_and_a_concurrent_change_refused(make_user) -> None:  # type: ignore[no-untyped-def]
    alpha, _ = build(make_user)
    c = client_for("sysadmin")
    page = c.post(f"/workforce/teams/{alpha.pk}/", {"establishment": "-1", "version": "1"}).content.decode()
    assert "The establishment must be between 0 and 200 FTE." in page
    c.post(f"/workforce/teams/{alpha.pk}/", {"establishment": "5", "version": "1"})
    stale = c.post(f"/workforce/teams/{alpha.pk}/", {"establishment": "6", "version": "1"}).content.decode()
    assert "changed by someone else" in stale
    assert Team.objects.get(pk=alpha.pk).establishment_fte == Decimal(5)
