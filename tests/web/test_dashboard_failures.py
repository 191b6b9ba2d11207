"""Failures on a dashboard over the live database: one figure fails, the others stand; no value is shown.

Real parts throughout: records through the services, the default provider
(extraction with COPY), the engine on DuckDB. The broken indicator's SQL is
valid but fails on the data itself (a worker's name cast to a number), so
DuckDB's message quotes the name, as a real data error would quote a value.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from continuum.core import roles
from continuum.journey import services as s
from continuum.metrics import definitions, extract
from continuum.metrics.definitions import Indicator, Polarity, Unit
from continuum.people import services as people
from continuum.web.dashboards import areas as dashboard_areas
from continuum.web.dashboards.source import clear_cache

pytestmark = pytest.mark.django_db

NAME = "Siobhan O'Neill-Nakamura"


@pytest.fixture
def live(settings):  # type: ignore[no-untyped-def]
    """Two contacts in July 2024 and a worker whose name looks like personal data."""
    people.create_worker(first_name="Siobhan", last_name="O'Neill-Nakamura", start_date=date(2020, 1, 6))
    for n, day in enumerate((1, 2)):
        child = s.register_child(
            la_child_id=f"FAIL-{n}",
            first_name="Test",
            last_name="Child",
            person_birth_date=date(2015, 5, 1),
            sex="F",
            ethnicity="WBRI",
            by=None,
        )
        s.record_contact(
            child=child,
            received_at=datetime(2024, 7, day, 10, tzinfo=ZoneInfo("Europe/London")),
            referral_source="5A",
            consent="obtained",
            by=None,
        )
    settings.CONTINUUM_DASHBOARD_TABLES = None
    clear_cache()
    yield
    clear_cache()


def test_one_failing_figure_leaves_the_others_standing(
    live: None, client, make_user, monkeypatch, caplog
) -> None:
    definitions.all_indicators()
    broken = Indicator(
        code="fails_on_a_value",
        title="Fails on a value",
        area="Front door",
        definition="Casts a worker's name to a number, so it fails on the data, not the SQL.",
        source="test",
        unit=Unit.COUNT,
        polarity=Polarity.NEUTRAL,
        tables=("workers",),
        numerator="nothing",
        sql="SELECT sw_id AS la_child_id, sw_id AS record_id, $end AS ref_date, "
        "CAST(worker_name AS INTEGER) AS num FROM workers",
    )
    monkeypatch.setitem(definitions.REGISTRY, broken.code, broken)
    area = dashboard_areas.area_or_404("front-door")
    monkeypatch.setitem(
        dashboard_areas._BY_SLUG, "front-door", replace(area, codes=("contacts", broken.code, "referrals"))
    )
    client.force_login(make_user("analyst", roles.PERFORMANCE_ANALYST))
    with caplog.at_level(logging.ERROR):
        response = client.get("/performance/front-door/", {"period": "2024-07"})
    assert response.status_code == 200
    html = response.content.decode()
    views = {v.code: v for v in response.context["views"]}
    assert (views["contacts"].display, views["referrals"].display) == ("2", "0")
    assert views[broken.code].error == "Fails on a value could not be calculated."
    assert "Fails on a value could not be calculated." in html
    assert response.context["failure"] is None
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "Indicator fails_on_a_value could not be calculated for 2024-07." in logged
    assert "duckdb.ConversionException (message withheld" in logged
    assert "Siobhan" not in html
    assert "Siobhan" not in logged
    export = client.get("/performance/front-door/export.csv", {"period": "2024-07"})
    assert export.status_code == 200
    assert "Fails on a value could not be calculated." in export.content.decode()
    assert "Siobhan" not in export.content.decode()


def test_a_table_that_cannot_be_extracted_is_named_on_the_page(
    live: None, client, make_user, monkeypatch, caplog
) -> None:
    """The page names the table, column and record id; no figure is shown from half the tables."""
    received = "(x.received_at AT TIME ZONE 'Europe/London')"
    monkeypatch.setitem(
        extract.QUERIES,
        "contacts",
        extract.QUERIES["contacts"].replace(received, "'" + NAME.replace("'", "''") + "'"),
    )
    client.force_login(make_user("analyst", roles.PERFORMANCE_ANALYST))
    with caplog.at_level(logging.ERROR):
        response = client.get("/performance/front-door/", {"period": "2024-07"})
    assert response.status_code == 200
    failure = response.context["failure"]
    assert failure.startswith(
        "The figures cannot be shown. Could not read the analytical table 'contacts', "
        "column 'contact_datetime', record id "
    )
    assert failure.endswith(": the value is not a valid date and time.")
    assert failure in response.content.decode().replace("&#x27;", "'")
    assert response.context["views"] == []
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "Could not read the analytical table 'contacts'" in logged
    assert "Siobhan" not in response.content.decode() + logged
    export = client.get("/performance/front-door/export.csv", {"period": "2024-07"})
    assert export.status_code == 503
    assert "Could not read the analytical table 'contacts'" in export.content.decode()
