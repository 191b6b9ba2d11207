"""Breakdowns and the disproportionality view: known answers on a hand-built borough, suppression,
permissions, exports and the access log.

The borough: 17 children looked after on 31 March 2025, and 10,000 children aged 0-17 in the
2024 mid-year estimate (a 2023 estimate of 99,999 is there to prove the right year is used).

Child by child: c1-c10 WBRI (c1-c6 born 2012, 13: band 10-15; c7-c10 born 2018, 7:
band 5-9); c11-c16 BAFR born 2008 (17: band 16-17); c17 REFU born 1 Dec 2024 (Under 1).
c1-c9 are F, c10-c17 M. c1-c12 live in ward A, c13-c15 in ward B, c16-c17 have no address.
c1-c6 are in a deprived area. c1-c10 are held by W1 in T1, c11-c17 by W2 in T2.

Population 2024 (age, sex, ward, ethnicity -> children):
WBRI 6,000 (5 M/F A 1,500 each; 12 M/F B 1,500 each); BAFR 1,000 (12 M/F A 250 each;
16 M/F B 250 each); AIND 3,000 (0 M/F A 750 each; 12 M/F B 750 each). So M 5,000, F 5,000;
ward A 5,000, B 5,000; Under 1 1,500, 5-9 3,000, 10-15 5,000, 16-17 500.
"""

from __future__ import annotations

import csv
import io
from datetime import date

import pyarrow as pa
import pytest

from continuum.core import roles
from continuum.core.models import AccessLogEntry
from continuum.metrics.population import estimates_table
from continuum.web.dashboards.source import Source, clear_cache
from tests.metrics.builders import table

pytestmark = pytest.mark.django_db

URL = "/performance/children-in-care/cla_rate/"


def _children() -> list[dict[str, object]]:
    rows = []
    for n in range(1, 18):
        if n <= 6:
            ethnicity, born = "WBRI", "2012-01-01"
        elif n <= 10:
            ethnicity, born = "WBRI", "2018-01-01"
        elif n <= 16:
            ethnicity, born = "BAFR", "2008-01-01"
        else:
            ethnicity, born = "REFU", "2024-12-01"
        ward = "A" if n <= 12 else "B" if n <= 15 else None
        rows.append(
            {
                "la_child_id": f"c{n}",
                "sex": "F" if n <= 9 else "M",
                "ethnicity": ethnicity,
                "person_birth_date": born,
                "ward": ward,
                "in_deprived_area": (n <= 6) if ward else None,
            }
        )
    return rows


def _population() -> pa.Table:
    cells = [
        ("WBRI", 5, "A", 1500),
        ("WBRI", 12, "B", 1500),
        ("BAFR", 12, "A", 250),
        ("BAFR", 16, "B", 250),
        ("AIND", 0, "A", 750),
        ("AIND", 12, "B", 750),
    ]
    rows = [
        {
            "la_code": "999",
            "year": 2024,
            "age": age,
            "sex": sex,
            "ward": ward,
            "ethnicity": eth,
            "population": n,
        }
        for eth, age, ward, n in cells
        for sex in ("M", "F")
    ]
    rows.append(
        {
            "la_code": "999",
            "year": 2023,
            "age": 5,
            "sex": "M",
            "ward": "A",
            "ethnicity": "WBRI",
            "population": 99999,
        }
    )
    return estimates_table(rows)


def borough() -> Source:
    children = table("children", *_children())
    episodes = table(
        "cla_episodes",
        *[
            {
                "episode_id": f"e{n}",
                "la_child_id": f"c{n}",
                "period_of_care_id": f"e{n}",
                "decom": "2024-01-01",
            }
            for n in range(1, 18)
        ],
    )
    allocations = table(
        "allocations",
        *[
            {
                "allocation_id": f"a{n}",
                "la_child_id": f"c{n}",
                "sw_id": "W1" if n <= 10 else "W2",
                "team_id": "T1" if n <= 10 else "T2",
                "sw_decom": "2024-01-01",
            }
            for n in range(1, 18)
        ],
    )
    workers = table(
        "workers",
        {"sw_id": "W1", "worker_name": "Ada Example", "team_id": "T1"},
        {"sw_id": "W2", "worker_name": "Bo Sample", "team_id": "T2"},
    )
    teams = table(
        "teams", {"team_id": "T1", "team_name": "Team One"}, {"team_id": "T2", "team_name": "Team Two"}
    )
    return Source(
        tables={
            "children": children,
            "cla_episodes": episodes,
            "allocations": allocations,
            "workers": workers,
            "teams": teams,
            "population": _population(),
        },
        data_up_to=date(2025, 3, 31),
        description="hand-built borough",
    )


@pytest.fixture(autouse=True)
def tables(settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_DASHBOARD_TABLES = borough
    clear_cache()
    yield
    clear_cache()


def signed_in(client, make_user, role):  # type: ignore[no-untyped-def]
    client.force_login(make_user(f"user-{role.slug}", role))
    return client


def _groups(response, dim):  # type: ignore[no-untyped-def]
    found = {b.dim: b for b in response.context["breakdowns"]}
    return {g.label: g for g in found[dim].groups} if dim in found else None


# --- Breakdowns --------------------------------------------------------------------------


def test_rate_by_sex_ward_and_ethnicity_uses_each_groups_population(client, make_user) -> None:
    c = signed_in(client, make_user, roles.PERFORMANCE_ANALYST)
    response = c.get(URL + "breakdowns/", {"period": "2024-25"})
    assert response.status_code == 200
    sex = _groups(response, "sex")
    assert (sex["Female (F)"].numerator, sex["Female (F)"].denominator, sex["Female (F)"].display) == (
        9,
        5000,
        "18.0",
    )
    assert (sex["Male (M)"].numerator, sex["Male (M)"].denominator, sex["Male (M)"].display) == (
        8,
        5000,
        "16.0",
    )
    assert sex["Female (F)"].share_display == "52.9%"  # 9 of 17
    ethnicity = _groups(response, "ethnicity")
    wbri = ethnicity["White British (WBRI)"]
    assert (wbri.numerator, wbri.denominator, wbri.display, wbri.share_display) == (10, 6000, "16.7", "58.8%")
    # Refused (1) is small and alone, so the next smallest group (Black African, 6) is withheld too.
    assert (ethnicity["Refused (REFU)"].numerator_display, ethnicity["Refused (REFU)"].display) == (
        "fewer than 5",
        "withheld",
    )
    bafr = ethnicity["Black African (BAFR)"]
    assert (bafr.numerator_display, bafr.display, bafr.value) == ("withheld", "withheld", None)
    ward = _groups(response, "ward")
    # Ward B (3) and no address (2) are both small: two withheld, so ward A (12) is shown.
    assert (ward["A"].display, ward["A"].hidden) == ("24.0", False)
    assert (ward["B"].numerator_display, ward["B"].hidden) == ("fewer than 5", True)
    assert ward["Not recorded"].hidden
    html = response.content.decode()
    for title in ("By deprived area", "By team", "By worker", "By age band"):
        assert title in html
    assert ">Children aged 0-17</th>" in html  # a rate's denominator is each group's population


def test_one_small_group_takes_the_next_smallest_with_it(client, make_user) -> None:
    """Deprived 6, not deprived 9, not recorded 2: hiding only the 2 would let it be worked out."""
    c = signed_in(client, make_user, roles.PERFORMANCE_ANALYST)
    response = c.get(URL + "breakdowns/", {"period": "2024-25"})
    area = _groups(response, "deprived_area")
    assert area["Not recorded"].numerator_display == "fewer than 5"
    assert (area["Deprived"].hidden, area["Deprived"].numerator_display) == (True, "withheld")
    assert (area["Not deprived"].hidden, area["Not deprived"].numerator) == (False, 9)
    team = _groups(response, "team")
    assert {k: g.numerator for k, g in team.items()} == {"Team One": 10, "Team Two": 7}
    assert team["Team One"].display == "–"  # no population by team: a count, not a rate
    worker = _groups(response, "worker")
    assert {k: g.numerator for k, g in worker.items()} == {"Ada Example (W1)": 10, "Bo Sample (W2)": 7}


def test_board_member_sees_breakdowns_but_no_worker_figures(client, make_user) -> None:
    c = signed_in(client, make_user, roles.BOARD_MEMBER)
    response = c.get(URL + "breakdowns/", {"period": "2024-25"})
    assert response.status_code == 200
    assert _groups(response, "worker") is None
    html = response.content.decode()
    assert "Ada Example" not in html
    assert "Figures by worker are shown to team managers" in html
    assert "LAchildID" not in html  # no child-level list


@pytest.mark.parametrize(
    ("role", "page", "export"),
    [
        (roles.PERFORMANCE_ANALYST, 200, 200),
        (roles.TEAM_MANAGER, 200, 200),
        (roles.QA_OFFICER, 200, 200),
        (roles.BOARD_MEMBER, 200, 200),
        (roles.SOCIAL_WORKER, 200, 403),
        (roles.PARTNER_POLICE, 403, 403),
        (roles.COMPLAINTS_OFFICER, 403, 403),
    ],
)
def test_who_may_see_and_export(client, make_user, role, page, export) -> None:  # type: ignore[no-untyped-def]
    c = signed_in(client, make_user, role)
    assert c.get(URL + "breakdowns/", {"period": "2024-25"}).status_code == page
    assert c.get(URL + "disproportionality/", {"period": "2024-25"}).status_code == page
    assert c.get(URL + "breakdowns/export.csv", {"period": "2024-25"}).status_code == export


def test_unknown_indicator_or_no_cohort_is_not_found(client, make_user) -> None:
    c = signed_in(client, make_user, roles.PERFORMANCE_ANALYST)
    assert c.get("/performance/children-in-care/contacts/breakdowns/").status_code == 404
    assert c.get("/performance/children-in-care/cla_started/disproportionality/").status_code == 404
    assert c.get("/performance/children-in-care/cla_started/breakdowns/").status_code == 200


def test_bad_period_says_so(client, make_user) -> None:
    c = signed_in(client, make_user, roles.PERFORMANCE_ANALYST)
    response = c.get(URL + "breakdowns/", {"period": "nonsense"})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()


# --- Disproportionality ----------------------------------------------------------------------


def _shares(response, dim):  # type: ignore[no-untyped-def]
    found = {d.dim: d for d in response.context["tables"]}[dim]
    return found, {r.label: r for r in found.rows}


def test_disproportionality_known_answers(client, make_user) -> None:
    c = signed_in(client, make_user, roles.BOARD_MEMBER)
    response = c.get(URL + "disproportionality/", {"period": "2024-25"})
    assert response.status_code == 200
    table_, rows = _shares(response, "ethnicity")
    assert (table_.year, table_.cohort_total, table_.not_compared) == (2024, 17, 1)  # REFU left out
    wbri, bafr, aind = rows["White British (WBRI)"], rows["Black African (BAFR)"], rows["Indian (AIND)"]
    # WBRI 10 of 16 = 62.5% against 6,000 of 10,000 = 60%: 1.04.
    assert (wbri.cohort_share_display, wbri.population_share_display, wbri.ratio_display) == (
        "62.5%",
        "60.0%",
        "1.04",
    )
    assert wbri.rate_display == "16.7"
    # BAFR 6 of 16 = 37.5% against 10%: 3.75, over-represented.
    assert (bafr.cohort_share_display, bafr.population_share_display, bafr.ratio_display) == (
        "37.5%",
        "10.0%",
        "3.75",
    )
    assert "over-represented" in bafr.explanation("children looked after")
    assert bafr.explanation("children looked after") == (
        "Black African (BAFR): 37.5% of children looked after against 10.0% of children aged 0-17 "
        "in the borough, 3.75 times their share of the population (over-represented)."
    )
    assert (aind.cohort, aind.ratio_display) == (0, "0.00")
    assert "under-represented" in aind.explanation("children looked after")
    assert "about in line" in wbri.explanation("children looked after")

    _, sex = _shares(response, "sex")
    assert (sex["Female (F)"].ratio_display, sex["Male (M)"].ratio_display) == ("1.06", "0.94")

    _, age = _shares(response, "age_band")
    assert list(age) == ["Under 1", "5-9", "10-15", "16-17"]
    assert (age["Under 1"].hidden, age["5-9"].hidden) == (True, True)  # 1 and 4: both small
    assert (age["10-15"].ratio_display, age["16-17"].ratio_display) == ("0.71", "7.06")

    _, ward = _shares(response, "ward")
    assert (ward["B"].hidden, ward["A"].hidden) == (True, True)  # B is 3; A alone would give B away
    assert ward["B"].explanation("children looked after") == (
        "B: fewer than 5 children looked after, so the figures are withheld."
    )
    assert ward["A"].explanation("children looked after") == (
        "A: withheld so that a small group in this table cannot be worked out."
    )
    html = response.content.decode()
    assert "fewer than 5" in html
    assert "3.75 times their share of the population" in html


def test_without_population_figures_the_page_says_so(client, make_user, settings) -> None:
    def no_population() -> Source:
        source = borough()
        return Source(
            tables={k: v for k, v in source.tables.items() if k != "population"},
            data_up_to=source.data_up_to,
            description="no population",
        )

    settings.CONTINUUM_DASHBOARD_TABLES = no_population
    clear_cache()
    c = signed_in(client, make_user, roles.PERFORMANCE_ANALYST)
    response = c.get(URL + "disproportionality/", {"period": "2024-25"})
    assert response.status_code == 200
    assert "No population figures by this breakdown are held" in response.content.decode()


# --- Exports ----------------------------------------------------------------------------------


def _csv(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_breakdown_csv_matches_the_page_and_is_logged(client, make_user) -> None:
    user = make_user("board", roles.BOARD_MEMBER)
    client.force_login(user)
    response = client.get(URL + "breakdowns/export.csv", {"period": "2024-25"})
    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="children-in-care-cla_rate-breakdowns-2024-25.csv"'
    )
    rows = _csv(response)
    assert rows[0][:5] == ["Period", "Code", "Indicator", "Breakdown", "Group"]
    by = {(r[3], r[4]): r for r in rows[1:]}
    assert by[("By ethnicity", "White British (WBRI)")][5:10] == [
        "10",
        "6000",
        "16.7",
        str(10 * 10000 / 6000),
        "58.8%",
    ]
    assert by[("By ward", "B")][5] == "fewer than 5"
    assert by[("By ward", "B")][8] == ""  # withheld: no unrounded value either
    assert not any(r[3] == "By worker" for r in rows[1:])  # board members get no worker figures
    entry = AccessLogEntry.objects.get(user=user)
    assert (entry.action, entry.record_type, entry.record_id) == (
        "performance.breakdowns.export.csv",
        "indicator:cla_rate",
        "2024-25",
    )


def test_disproportionality_xlsx(client, make_user) -> None:
    from openpyxl import load_workbook

    c = signed_in(client, make_user, roles.PERFORMANCE_ANALYST)
    response = c.get(URL + "disproportionality/export.xlsx", {"period": "2024-25"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Period", "Cohort", "Breakdown", "Group")
    bafr = next(r for r in rows if r[3] == "Black African (BAFR)")
    assert bafr[4:10] == (6, "37.5%", "10.0%", "3.75", "60.0", 2024)
    assert AccessLogEntry.objects.filter(action="performance.disproportionality.export.xlsx").count() == 1


# --- The children behind a group ------------------------------------------------------------


def test_a_group_drills_down_to_its_own_children(client, make_user) -> None:
    user = make_user("manager", roles.TEAM_MANAGER)
    client.force_login(user)
    page = client.get(URL + "breakdowns/", {"period": "2024-25"}).content.decode()
    assert "by=ward&amp;group=B" in page
    # Each link says which breakdown it opens ("Not recorded" is in several).
    assert 'See the children<span class="govuk-visually-hidden"> in B, by ward</span>' in page
    response = client.get(URL + "children/", {"period": "2024-25", "by": "ward", "group": "B"})
    assert response.status_code == 200
    ids = [row[0] for row in response.context["page"].object_list]
    assert sorted(ids) == ["c13", "c14", "c15"]
    assert "Ward: B" in response.content.decode()
    blank = client.get(URL + "children/", {"period": "2024-25", "by": "ward", "group": ""})
    assert sorted(row[0] for row in blank.context["page"].object_list) == ["c16", "c17"]
    assert client.get(URL + "children/", {"period": "2024-25", "by": "colour"}).status_code == 404
    assert AccessLogEntry.objects.filter(user=user, action="performance.drilldown").count() == 2


def test_board_member_gets_no_links_to_children(client, make_user) -> None:
    c = signed_in(client, make_user, roles.BOARD_MEMBER)
    page = c.get(URL + "breakdowns/", {"period": "2024-25"}).content.decode()
    assert "See the children" not in page
    assert c.get(URL + "children/", {"period": "2024-25", "by": "ward", "group": "B"}).status_code == 403


def test_a_percentage_withholds_small_numerators_and_denominators(client, make_user, settings) -> None:
    """July 2024 front door (tests/web/test_dashboards.py): 3 of 4 decided in a working day, all
    for children the tables do not describe, so one group, "Not recorded", of 3 out of 4."""
    from tests.web.test_dashboards import hand_built

    settings.CONTINUUM_DASHBOARD_TABLES = hand_built
    clear_cache()
    c = signed_in(client, make_user, roles.PERFORMANCE_ANALYST)
    response = c.get("/performance/front-door/mash_decision_1wd/breakdowns/", {"period": "2024-07"})
    assert response.status_code == 200
    group = _groups(response, "sex")["Not recorded"]
    assert (group.numerator, group.denominator) == (3, 4)
    assert (group.numerator_display, group.denominator_display, group.display) == (
        "fewer than 5",
        "fewer than 5",
        "withheld",
    )
