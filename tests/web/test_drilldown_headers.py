"""The rows behind a figure, and the dashboard's exports, in words (the performance walk as demo-analyst).

The tester found a workforce figure's drill-down titled "Children behind" over a list of social
workers with an empty LAchildID column, headings made from field names ("Worker (SW_ID)", "Den key",
"Mis end", "Eha start date"), "PARENT" under "Requested by", an export whose trend read "no real
change no real change" with codes for status and unit, and a breakdowns page with no "Source:".
"""

from __future__ import annotations

import csv
import html
import io
import re
from datetime import date, datetime

import pytest

from continuum.core import roles
from continuum.metrics import definitions
from continuum.metrics.definitions import all_indicators
from continuum.metrics.schema import TABLES
from continuum.web.dashboards import words
from continuum.web.dashboards.build import ComparisonView
from continuum.web.dashboards.exports import HEADER, trend_words
from continuum.web.dashboards.source import Source, clear_cache
from tests.metrics.builders import engine, table
from tests.web.test_dashboards import hand_built

#: Field-name spellings that must not reach a heading: the analytical tables' abbreviations.
FIELD_WORDS = re.compile(r"\b(Mis|Eha|Den|Num|Rhi|Cpp|Icpc|Nfa|Fte|fte|Sw|Id|id|key|datetime)\b")


def _columns_of_every_drill_down() -> list[tuple[str, str]]:
    """(indicator, column) for every column a registered indicator's drill-down can show."""
    empty = engine({name: table(name) for name in TABLES})
    out = []
    for ind in all_indicators():
        result = empty.run_one(ind, "2024-07")
        assert result.rows is not None, f"{ind.code}: {result.error}"
        out += [
            (ind.code, c)
            for c in result.rows.column_names
            if not c.startswith("_") and c not in words.HIDDEN and c not in ("num", "den")
        ]
    return out


@pytest.mark.parametrize(("code", "column"), _columns_of_every_drill_down())
def test_every_column_of_every_drill_down_has_a_heading_in_words(code: str, column: str) -> None:
    assert column in words.TITLES, f"{code}: no heading for {column} in words.TITLES"
    heading = words.title(column)
    assert "_" not in heading
    assert heading[:1].isupper()
    assert not FIELD_WORDS.findall(heading), f"{code}: {column} is headed {heading!r}"


@pytest.mark.parametrize("ind", all_indicators(), ids=lambda i: i.code)
def test_every_record_column_is_headed_in_words(ind: definitions.Indicator) -> None:
    heading = words.record_title(ind.sql)
    assert heading is None or not ("_" in heading or FIELD_WORDS.findall(heading) or "(" in heading)


def test_the_headings_and_codes_the_walk_found_are_words() -> None:
    assert words.title("mis_end") == "Came back on"
    assert words.title("eha_start_date") == "Early help started"
    assert words.title("eha_end_date") == "Early help ended"
    assert words.title("sw_id") == "Social worker"
    # The requester, a worker's role and a return home interview's outcome take the record's words.
    assert words.worder("requested_by")("PARENT") == "Parent"  # type: ignore[misc]
    assert words.worder("requested_by")("SCHOOL") == "School or college"  # type: ignore[misc]
    assert words.worder("role")("SW") == "Social worker"  # type: ignore[misc]
    assert words.worder("role")("SERVICE_MANAGER") == "Service manager"  # type: ignore[misc]
    assert words.worder("rhi_outcome")("not offered") == "Not offered"  # type: ignore[misc]
    # The engine's counting keys are never shown.
    assert {"num_key", "den_key"} <= words.HIDDEN


def test_what_each_drill_down_lists() -> None:
    said = {ind.code: words.rows_are(ind.sql) for ind in all_indicators()}
    assert said["agency_worker_share"] == ("Workers", "social worker")
    assert said["agency_share_fte"] == ("Workers", "social worker")
    assert said["vacancy_rate_fte"] == ("Teams", "team")
    assert said["caseload_avg"] == ("Children and workers", None)
    assert said["contacts"] == ("Children", None)
    # Every other figure's rows are children.
    assert {c for c, (noun, _) in said.items() if noun != "Children"} == {
        "agency_worker_share",
        "agency_share_fte",
        "vacancy_rate_fte",
        "caseload_avg",
        "caseload_per_fte",
    }


# --- The pages --------------------------------------------------------------------------------


def _workforce() -> Source:
    """30 June 2024: social workers w1 (permanent) and w2 (agency) in Team One, holding k1 and k2
    (w1) and k3 (w2); w3 is a team manager (not counted); w4 left in May (not counted)."""
    workers = table(
        "workers",
        {"sw_id": "w1", "worker_name": "Ann Able", "team_id": "t1"},
        {"sw_id": "w2", "worker_name": "Ben Bay", "team_id": "t1", "agency": True},
        {"sw_id": "w3", "worker_name": "Cy Cole", "team_id": "t1", "role": "TM"},
        {"sw_id": "w4", "worker_name": "Di Dale", "team_id": "t1", "end_date": "2024-05-31"},
    )
    allocations = table(
        "allocations",
        *[
            {"allocation_id": a, "la_child_id": k, "sw_id": w, "team_id": "t1", "sw_decom": "2024-01-01"}
            for a, k, w in (("al1", "k1", "w1"), ("al2", "k2", "w1"), ("al3", "k3", "w2"))
        ],
    )
    ehc_requests = table(
        "ehc_requests",
        {"ehc_request_id": "r1", "la_child_id": "k1", "requested_by": "PARENT", "received_on": "2024-06-03"},
    )
    return Source(
        tables={
            "workers": workers,
            "allocations": allocations,
            "teams": table("teams", {"team_id": "t1", "team_name": "Team One"}),
            "ehc_requests": ehc_requests,
        },
        data_up_to=date(2024, 6, 30),
        description="hand-built workforce tables",
    )


@pytest.fixture
def workforce(settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_DASHBOARD_TABLES = _workforce
    clear_cache()
    yield
    clear_cache()


@pytest.fixture
def front_door(settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_DASHBOARD_TABLES = hand_built
    clear_cache()
    yield
    clear_cache()


@pytest.mark.django_db
def test_a_workforce_figure_lists_its_workers_by_name(workforce, client, make_user) -> None:  # type: ignore[no-untyped-def]
    """agency_worker_share on 30 June 2024: w1 and w2 are the social workers in post, w2 the agency
    one (1 of 2, 50%): w2 first (counted), then w1; no LAchildID, no "Yes" twice."""
    client.force_login(make_user("analyst", roles.PERFORMANCE_ANALYST))
    response = client.get("/performance/workforce/agency_worker_share/children/", {"period": "2024-06"})
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "Workers behind: Social workers who are agency staff</h1>" in page
    assert "Children behind" not in page
    assert "Each row is one social worker counted in the figure." in page
    assert [t for _, t in response.context["columns"]] == [
        "Social worker",
        "Team",
        "Date",
        "Agency social workers in post",
        "Agency or permanent",
    ]
    assert [list(r) for r in response.context["page"]] == [
        ["Ben Bay (w2)", "Team One", "30 Jun 2024", "Yes", "Agency"],
        ["Ann Able (w1)", "Team One", "30 Jun 2024", "No", "Permanent"],
    ]
    assert "LAchildID" not in page
    assert "SW_ID" not in page


@pytest.mark.django_db
def test_the_caseload_lists_children_with_their_workers_and_no_key(workforce, client, make_user) -> None:  # type: ignore[no-untyped-def]
    """caseload_avg on 30 June 2024: 3 children held by 2 social workers (1.5)."""
    client.force_login(make_user("analyst", roles.PERFORMANCE_ANALYST))
    response = client.get("/performance/workforce/caseload_avg/children/", {"period": "2024-06"})
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "Children and workers behind: Average caseload of social workers</h1>" in page
    titles = [t for _, t in response.context["columns"]]
    assert titles == ["LAchildID", "Allocation number", "Date", "Social worker", "Team"]
    assert "Den key" not in page
    assert sorted((r[0], r[3]) for r in response.context["page"]) == [
        ("k1", "Ann Able (w1)"),
        ("k2", "Ann Able (w1)"),
        ("k3", "Ben Bay (w2)"),
    ]


@pytest.mark.django_db
def test_a_send_request_says_who_asked_in_words(workforce, client, make_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(make_user("analyst", roles.PERFORMANCE_ANALYST))
    response = client.get("/performance/send/ehc_requests_received/children/", {"period": "2024-06"})
    assert response.status_code == 200
    titles = [t for _, t in response.context["columns"]]
    row = next(iter(response.context["page"]))
    assert row[titles.index("Requested by")] == "Parent"
    assert "PARENT" not in response.content.decode()


@pytest.mark.django_db
def test_the_workforce_breakdown_links_to_the_workers(workforce, client, make_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(make_user("analyst", roles.PERFORMANCE_ANALYST))
    response = client.get("/performance/workforce/agency_worker_share/breakdowns/", {"period": "2024-06"})
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "See the workers" in page
    assert "See the children" not in page


@pytest.mark.django_db
def test_the_breakdowns_panel_names_the_source_as_the_dashboard_does(front_door, client, make_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(make_user("analyst", roles.PERFORMANCE_ANALYST))
    source = definitions.get("mash_decision_1wd").source
    assert source
    dashboard = html.unescape(client.get("/performance/front-door/", {"period": "2024-07"}).content.decode())
    response = client.get("/performance/front-door/mash_decision_1wd/breakdowns/", {"period": "2024-07"})
    assert response.status_code == 200
    assert f"Source: {source}</p>" in dashboard
    assert f"Source: {source}</p>" in html.unescape(response.content.decode())


# --- The exports ------------------------------------------------------------------------------


def test_a_trend_is_one_phrase() -> None:
    def trend(arrow: str | None, arrow_text: str, good: bool | None) -> str:
        return trend_words(ComparisonView("previous_period", "2024-06", "1", arrow, arrow_text, good))

    assert trend("↔", "no real change", None) == "No real change"
    assert trend("↓", "down", None) == "Down (neither better nor worse)"
    assert trend("↓", "down", False) == "Down (worse)"
    assert trend("↑", "up", True) == "Up (better)"
    assert trend(None, "no figure to compare", None) == "No figure to compare"


@pytest.mark.django_db
def test_the_export_speaks_in_words_with_the_reference_last(front_door, client, make_user) -> None:  # type: ignore[no-untyped-def]
    """July 2024 on the hand-built contacts: 4 contacts (June 1: up, a volume, so neither better nor
    worse); no referrals in either month (no real change); 3 of 4 decided in time (75%, June 100%)."""
    client.force_login(make_user("analyst", roles.PERFORMANCE_ANALYST))
    response = client.get("/performance/front-door/export.csv", {"period": "2024-07"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert HEADER[-1] == "Indicator reference"
    assert "Code" not in HEADER
    by = {r["Indicator reference"]: r for r in rows}
    contacts, referrals, mash = by["contacts"], by["referrals"], by["mash_decision_1wd"]
    assert contacts["Previous period trend"] == "Up (neither better nor worse)"
    assert referrals["Previous period trend"] == "No real change"
    assert mash["Previous period trend"] == "Down (worse)"
    assert mash["Previous period"] == "June 2024"
    assert mash["Unit"] == "A percentage"
    assert contacts["Unit"] == "A count of contacts received in the period"
    assert mash["Status"] == "Calculated"
    assert (mash["Period"], mash["Period start"], mash["Period end"]) == (
        "July 2024",
        "1 Jul 2024",
        "31 Jul 2024",
    )
    assert "ok" not in {r["Status"] for r in rows}

    from openpyxl import load_workbook

    xlsx = client.get("/performance/front-door/export.xlsx", {"period": "2024-07"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    header = [c.value for c in sheet[1]]
    assert header[-1] == "Indicator reference"
    start = sheet.cell(row=2, column=header.index("Period start") + 1)
    assert start.value == datetime(2024, 7, 1)  # a real date cell
    assert start.number_format == "d mmm yyyy"
