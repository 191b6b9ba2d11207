"""Performance dashboards: known answers on hand-built tables, permissions, the access log, failures.

The tables come in through the documented hook (the ``CONTINUUM_DASHBOARD_TABLES``
setting names a provider), so the engine, the views and the templates run for real.
"""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date

import pytest

from continuum.core import roles
from continuum.core.models import AccessLogEntry
from continuum.metrics import definitions
from continuum.metrics.definitions import Indicator, Polarity, Unit
from continuum.web.dashboards import areas as dashboard_areas
from continuum.web.dashboards.source import Source, clear_cache
from tests.metrics.builders import table

pytestmark = pytest.mark.django_db


def contacts_table():  # type: ignore[no-untyped-def]
    """July 2024: 4 contacts, 3 decided within 1 working day (75%). June 2024: 1 of 1 (100%)."""
    rows = [
        ("c0", "k0", "2024-06-03T10:00", "2024-06-03T12:00"),
        ("c1", "k1", "2024-07-01T10:00", "2024-07-01T15:00"),  # same day: on time
        ("c2", "k2", "2024-07-01T11:00", "2024-07-02T09:00"),  # due day: on time
        ("c3", "k3", "2024-07-01T12:00", "2024-07-03T09:00"),  # a day late
        ("c4", "k4", "2024-07-02T10:00", "2024-07-02T11:00"),
    ]
    return table(
        "contacts",
        *[
            {"contact_id": c, "la_child_id": k, "contact_datetime": at, "mash_decision_datetime": decided}
            for c, k, at, decided in rows
        ],
    )


def hand_built() -> Source:
    return Source(
        tables={"contacts": contacts_table(), "referrals": table("referrals")},
        data_up_to=date(2024, 7, 31),
        description="hand-built test tables",
    )


def hand_built_part_month() -> Source:
    return replace(hand_built(), data_up_to=date(2024, 7, 14))


@pytest.fixture(autouse=True)
def tables(settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_DASHBOARD_TABLES = hand_built
    clear_cache()
    yield
    clear_cache()


def signed_in(client, make_user, role):  # type: ignore[no-untyped-def]
    client.force_login(make_user(f"user-{role.slug}", role))
    return client


# --- Known answers -----------------------------------------------------------------------


def test_front_door_known_answers(client, make_user) -> None:
    c = signed_in(client, make_user, roles.PERFORMANCE_ANALYST)
    response = c.get("/performance/front-door/", {"period": "2024-07"})
    assert response.status_code == 200
    html = response.content.decode()
    views = {v.code: v for v in response.context["views"]}
    mash = views["mash_decision_1wd"]
    assert (mash.numerator, mash.denominator, mash.display) == (3, 4, "75.0%")
    assert mash.rag == "R"
    assert mash.rag_text == "Red"
    assert mash.target_display == "99.0%"
    previous = next(x for x in mash.comparisons if x.name == "previous_period")
    assert (previous.label, previous.display) == ("2024-06", "100.0%")
    assert (previous.arrow, previous.good) == ("↓", False)
    assert views["contacts"].display == "4"
    assert views["referrals"].display == "0"
    # RAG is a GOV.UK tag that says its colour; the definition is one click away.
    assert '<strong class="govuk-tag govuk-tag--red">Red</strong>' in html
    assert "govuk-details__summary-text" in html
    assert 'means<span class="govuk-visually-hidden">: MASH decisions made within 1 working day' in html
    # Every figure links to the children behind it, by code and period only.
    assert "/performance/front-door/mash_decision_1wd/children/?period=2024-07" in html
    # A chart is an image of its own (no script), with a table of the same figures in the page.
    chart_url = "/performance/front-door/mash_decision_1wd/chart.svg?period=2024-07"
    assert f'src="{chart_url}"' in html
    assert "the chart&#x27;s figures" in html or "the chart's figures" in html
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    # The headline card: value, RAG against the target, the change from last month.
    card = html.split('data-indicator="mash_decision_1wd"', 1)[1].split("</section>", 1)[0]
    assert "75.0%" in card
    assert "against a target of 99.0%" in card
    assert "Previous period (June 2024): 100.0%" in card
    drawing = c.get(chart_url)
    assert (drawing.status_code, drawing["Content-Type"]) == (200, "image/svg+xml")
    assert drawing.content.decode().lstrip().startswith("<svg")
    assert "MASH decisions made within 1 working day" in drawing.content.decode()


def test_chart_image_refusals(client, make_user) -> None:
    c = signed_in(client, make_user, roles.PERFORMANCE_ANALYST)
    assert c.get("/performance/front-door/no_such/chart.svg", {"period": "2024-07"}).status_code == 404
    assert c.get("/performance/early-help/contacts/chart.svg", {"period": "2024-07"}).status_code == 404
    assert c.get("/performance/front-door/contacts/chart.svg", {"period": "July"}).status_code == 400
    # Nothing counted in any of the 12 months: nothing to draw.
    empty = c.get("/performance/front-door/referral_conversion/chart.svg", {"period": "2020-01"})
    assert empty.status_code == 404
    client.force_login(make_user("no-role"))
    assert client.get("/performance/front-door/contacts/chart.svg", {"period": "2024-07"}).status_code == 403


def test_half_up_rounding_at_display(client, make_user, settings) -> None:
    def two_of_three() -> Source:
        rows = [
            ("c1", "k1", "2024-07-01T10:00", "2024-07-01T11:00"),
            ("c2", "k2", "2024-07-01T10:00", "2024-07-01T11:00"),
            ("c3", "k3", "2024-07-01T10:00", None),
        ]
        contacts = table(
            "contacts",
            *[
                {"contact_id": a, "la_child_id": b, "contact_datetime": t, "mash_decision_datetime": d}
                for a, b, t, d in rows
            ],
        )
        return Source(tables={"contacts": contacts}, data_up_to=date(2024, 7, 31))

    settings.CONTINUUM_DASHBOARD_TABLES = two_of_three
    c = signed_in(client, make_user, roles.PERFORMANCE_ANALYST)
    views = {v.code: v for v in c.get("/performance/front-door/", {"period": "2024-07"}).context["views"]}
    assert views["mash_decision_1wd"].display == "66.7%"  # 66.666...% rounded half-up at display only
    assert views["referral_conversion"].display == "0.0%"


def test_incomplete_data_is_noted(client, make_user, settings) -> None:
    settings.CONTINUUM_DASHBOARD_TABLES = hand_built_part_month
    c = signed_in(client, make_user, roles.PERFORMANCE_ANALYST)
    html = c.get("/performance/front-door/", {"period": "2024-07"}).content.decode()
    assert "Data up to 14 July 2024: figures for this period are incomplete." in html


def test_other_period_kinds_and_a_bad_period(client, make_user) -> None:
    c = signed_in(client, make_user, roles.PERFORMANCE_ANALYST)
    for label in ("Q2-2024", "2024-25", "R12-2024-07"):
        response = c.get("/performance/workforce/", {"period": label})
        assert response.status_code == 200, label
        assert response.context["period"].label == label
    bad = c.get("/performance/workforce/", {"period": "July"})
    assert bad.status_code == 400
    assert "There is a problem" in bad.content.decode()
    assert c.get("/performance/no-such-area/").status_code == 404
    assert c.get("/performance/workforce/contacts/children/", {"period": "2024-07"}).status_code == 404


def test_default_period_is_the_last_whole_month_of_data(client, make_user) -> None:
    c = signed_in(client, make_user, roles.PERFORMANCE_ANALYST)
    assert c.get("/performance/front-door/").context["period"].label == "2024-07"


def test_drill_down_lists_the_children_and_is_logged(client, make_user) -> None:
    c = signed_in(client, make_user, roles.TEAM_MANAGER)
    response = c.get("/performance/front-door/mash_decision_1wd/children/", {"period": "2024-07"})
    assert response.status_code == 200
    rows = list(response.context["page"])
    assert sorted(r[0] for r in rows) == ["k1", "k2", "k3", "k4"]
    assert [r[0] for r in rows][-1] == "k3"  # counted rows first; the late one last
    entry = AccessLogEntry.objects.get(action="performance.drilldown")
    assert (entry.record_type, entry.record_id, entry.user.username) == (
        "indicator:mash_decision_1wd",
        "2024-07",
        "user-team-manager",
    )


def test_exports_match_the_page_and_are_logged(client, make_user) -> None:
    c = signed_in(client, make_user, roles.PERFORMANCE_ANALYST)
    response = c.get("/performance/front-door/export.csv", {"period": "2024-07"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="front-door-2024-07.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    mash = next(r for r in rows if r["Indicator reference"] == "mash_decision_1wd")
    assert (mash["Value (as shown)"], mash["Numerator"], mash["Denominator"], mash["RAG"]) == (
        "75.0%",
        "3",
        "4",
        "Red",
    )
    assert mash["Previous period trend"] == "Down (worse)"
    assert not any("k1" in v for r in rows for v in r.values())  # aggregates only

    xlsx = c.get("/performance/front-door/export.xlsx", {"period": "2024-07"})
    assert xlsx.status_code == 200
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = values[0]
    mash_row = next(r for r in values if r[header.index("Indicator reference")] == "mash_decision_1wd")
    assert mash_row[header.index("Value (as shown)")] == "75.0%"
    assert mash_row[header.index("Value (unrounded)")] == 75.0
    logged = sorted(
        AccessLogEntry.objects.filter(action__startswith="performance.export").values_list(
            "action", "record_type", "record_id"
        )
    )
    assert logged == [
        ("performance.export.csv", "dashboard:front-door", "2024-07"),
        ("performance.export.xlsx", "dashboard:front-door", "2024-07"),
    ]


def test_a_failing_indicator_is_shown_in_place(client, make_user, monkeypatch) -> None:
    definitions.all_indicators()
    broken = Indicator(
        code="broken_for_test",
        title="Broken for the test",
        area="Front door",
        definition="Fails on purpose.",
        source="test",
        unit=Unit.COUNT,
        polarity=Polarity.NEUTRAL,
        tables=("contacts",),
        numerator="nothing",
        sql="SELECT no_such_column FROM contacts",
    )
    monkeypatch.setitem(definitions.REGISTRY, broken.code, broken)
    area = dashboard_areas.area_or_404("front-door")
    monkeypatch.setitem(
        dashboard_areas._BY_SLUG, "front-door", replace(area, codes=("contacts", broken.code, "referrals"))
    )
    c = signed_in(client, make_user, roles.PERFORMANCE_ANALYST)
    response = c.get("/performance/front-door/", {"period": "2024-07"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Broken for the test could not be calculated." in html
    assert "no_such_column" not in html  # the cause is logged, not shown
    views = {v.code: v for v in response.context["views"]}
    assert views["contacts"].display == "4"
    assert views["referrals"].display == "0"
    drill = c.get(f"/performance/front-door/{broken.code}/children/", {"period": "2024-07"})
    assert drill.status_code == 200
    assert "could not be calculated" in drill.content.decode()


def test_a_source_that_fails_gives_a_message_not_an_error(client, make_user, settings) -> None:
    def broken_source() -> Source:
        raise RuntimeError("database is down")

    settings.CONTINUUM_DASHBOARD_TABLES = broken_source
    c = signed_in(client, make_user, roles.PERFORMANCE_ANALYST)
    response = c.get("/performance/front-door/", {"period": "2024-07"})
    assert response.status_code == 200
    assert "The figures cannot be shown just now" in response.content.decode()


def test_the_cache_reads_the_tables_once(client, make_user, settings) -> None:
    calls = []

    def counted() -> Source:
        calls.append(1)
        return hand_built()

    settings.CONTINUUM_DASHBOARD_TABLES = counted
    c = signed_in(client, make_user, roles.PERFORMANCE_ANALYST)
    c.get("/performance/workforce/", {"period": "2024-07"})
    c.get("/performance/front-door/mash_decision_1wd/children/", {"period": "2024-07"})
    assert len(calls) == 1
    settings.CONTINUUM_DASHBOARD_CACHE_SECONDS = 0
    c.get("/performance/workforce/", {"period": "2024-07"})
    assert len(calls) == 2


# --- Permissions -------------------------------------------------------------------------

DASHBOARD = {
    roles.PERFORMANCE_ANALYST,
    roles.TEAM_MANAGER,
    roles.QA_OFFICER,
    roles.BOARD_MEMBER,
    roles.SOCIAL_WORKER,
    roles.MASH_PRACTITIONER,
    roles.IRO_CP_CHAIR,
    roles.HEAD_OF_SERVICE,  # a team manager's rights (continuum/core/roles.py)
    roles.SEND_CASEWORKER,  # the SEND area (aggregates only)
}
DRILL_DOWN = {roles.PERFORMANCE_ANALYST, roles.TEAM_MANAGER, roles.QA_OFFICER, roles.HEAD_OF_SERVICE}
EXPORT = {*DRILL_DOWN, roles.BOARD_MEMBER}


@pytest.mark.parametrize("role", roles.ALL_ROLES, ids=lambda r: r.slug)
def test_permissions_matrix(client, make_user, role) -> None:
    c = signed_in(client, make_user, role)
    expect = {True: 200, False: 403}
    assert c.get("/performance/").status_code == expect[role in DASHBOARD]
    assert c.get("/performance/early-help/", {"period": "2024-07"}).status_code == expect[role in DASHBOARD]
    drill = c.get("/performance/front-door/contacts/children/", {"period": "2024-07"})
    assert drill.status_code == expect[role in DRILL_DOWN]
    assert AccessLogEntry.objects.filter(action="performance.drilldown").exists() == (role in DRILL_DOWN)
    for fmt in ("csv", "xlsx"):
        response = c.get(f"/performance/front-door/export.{fmt}", {"period": "2024-07"})
        assert response.status_code == expect[role in EXPORT], fmt
    home = c.get("/").content.decode()
    assert ("/performance/" in home) == (role in DASHBOARD)


def test_board_members_see_figures_without_links_to_children(client, make_user) -> None:
    c = signed_in(client, make_user, roles.BOARD_MEMBER)
    html = c.get("/performance/front-door/", {"period": "2024-07"}).content.decode()
    assert "75.0%" in html
    assert "/children/" not in html


def test_anonymous_users_are_sent_to_sign_in(client) -> None:
    for url in (
        "/performance/",
        "/performance/front-door/",
        "/performance/front-door/contacts/children/?period=2024-07",
        "/performance/front-door/export.csv",
    ):
        assert client.get(url).status_code == 302


def _comparators_file(settings, tmp_path, *rows: str) -> None:  # type: ignore[no-untyped-def]
    """A council's own comparators file of ``rows`` ("code,year,comparator,value"), in use from now."""
    replacement = tmp_path / "comparators.csv"
    lines = ["code,year,comparator,value,source,version", *(f"{row},test file,t1" for row in rows)]
    replacement.write_text("\n".join(lines) + "\n", encoding="utf-8")
    settings.CONTINUUM_COMPARATORS_CSV = str(replacement)


def test_exports_carry_the_comparators_shown_on_the_page(client, make_user, settings, tmp_path) -> None:
    """A council's own comparators file: its England figure for 2024-25 appears in the export with
    its year; a comparator with no figure is blank, never zero."""
    _comparators_file(
        settings, tmp_path, "mash_decision_1wd,2024-25,England,81.5", "mash_decision_1wd,2024-25,London,"
    )
    c = signed_in(client, make_user, roles.PERFORMANCE_ANALYST)
    response = c.get("/performance/front-door/export.csv", {"period": "2024-07"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    mash = next(r for r in rows if r["Indicator reference"] == "mash_decision_1wd")
    assert (mash["England"], mash["England year"]) == ("81.5%", "2024-25")
    assert mash["London"] in ("", "No figure held")
    assert mash["London"] != "0.0%"


def test_a_count_is_not_set_against_a_national_years_total_on_its_card(
    client, make_user, settings, tmp_path
) -> None:
    """England's referrals for a year (some 630,000) beside one borough's month is no comparison: a
    count's card shows none, and the figures table says what the national figure covers. A
    percentage compares as it stands."""
    _comparators_file(
        settings, tmp_path, "contacts,2024-25,England,650000", "mash_decision_1wd,2024-25,England,81.5"
    )
    c = signed_in(client, make_user, roles.PERFORMANCE_ANALYST)
    html = c.get("/performance/front-door/", {"period": "2024-07"}).content.decode()
    assert "England (2024-25): 81.5%" in html  # the percentage's card
    assert "England (2024-25): 650,000" not in html  # no card pairs the count with it
    assert "650,000 for all councils in England together" in html


QUALITY_ASSURANCE = {roles.QA_OFFICER, roles.TEAM_MANAGER, roles.PERFORMANCE_ANALYST, roles.HEAD_OF_SERVICE}


@pytest.mark.parametrize("role", sorted(DASHBOARD, key=lambda r: r.slug), ids=lambda r: r.slug)
def test_the_quality_assurance_area_is_for_those_who_act_on_audits(client, make_user, role) -> None:
    """QA officers, team managers (and heads of service, who act as one) and analysts see the audit
    grades; other dashboard readers are refused it (403, as any page refuses) and not offered it."""
    area = dashboard_areas.area_or_404("quality-assurance")
    assert area.codes == ("case_audits_good_or_better", "case_audits_inadequate")
    assert {definitions.get(code).area for code in area.codes} == {"Quality assurance"}
    c = signed_in(client, make_user, role)
    sees = role in QUALITY_ASSURANCE
    page = c.get("/performance/quality-assurance/", {"period": "2024-07"})
    assert page.status_code == (200 if sees else 403)  # refused as any page is, not "not found"
    if sees:
        assert "Case audits judged Good or better" in page.content.decode()
    assert ("/performance/quality-assurance/" in c.get("/performance/").content.decode()) == sees
    assert ("/performance/quality-assurance/" in c.get("/").content.decode()) is False or sees
