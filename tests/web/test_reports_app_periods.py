"""The reports page refuses a month or year not yet started, beside the field, and titles in words."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from continuum.core import roles
from continuum.publishing.models import ReportVersion

pytestmark = pytest.mark.django_db


@override_settings(CONTINUUM_AS_OF="2026-12-07")
@pytest.mark.parametrize(
    ("fields", "field_id", "message"),
    [
        (
            {"kind": "performance-matters", "month": "2027-01"},
            "id_month",
            "January 2027 has not started yet. The latest month you can report on is December 2026 "
            "(its figures so far)",
        ),
        (
            {"kind": "board-table", "year": "2030"},
            "id_year",
            "The financial year 2030-31 has not started yet. The latest year you can report on is "
            "2026-27 (April 2026 to March 2027, its figures so far)",
        ),
    ],
)
def test_a_period_not_started_is_refused_beside_its_field(  # type: ignore[no-untyped-def]
    client, make_user, fields, field_id, message
) -> None:
    client.force_login(make_user("analyst", roles.PERFORMANCE_ANALYST))
    response = client.post(reverse("reports-generate"), fields)
    page = response.content.decode()
    assert response.status_code == 400
    assert f'<a href="#{field_id}">{message}</a>' in page.replace("&#x27;", "'")
    assert f'<span class="govuk-visually-hidden">Error:</span> {message}</p>' in page
    assert f'value="{fields.get("month") or fields.get("year")}"' in page  # what was typed is kept
    assert not ReportVersion.objects.exists()


@override_settings(CONTINUUM_AS_OF="2026-12-07")
def test_the_hints_name_the_latest_month_and_year(client, make_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(make_user("analyst", roles.PERFORMANCE_ANALYST))
    page = client.get(reverse("reports-index")).content.decode()
    assert "The latest month you can report on is December 2026, its figures so far." in page
    assert "The latest you can report on is 2026 (April 2026 to March 2027), its figures so far." in page


@override_settings(CONTINUUM_AS_OF="2026-12-07")
def test_the_month_running_may_be_asked_for(client, make_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(make_user("analyst", roles.PERFORMANCE_ANALYST))
    response = client.post(reverse("reports-generate"), {"kind": "performance-matters", "month": "2026-12"})
    assert response.status_code == 302
    assert ReportVersion.objects.get().period == "2026-12"


def test_a_report_title_names_the_month_in_words() -> None:
    monthly = ReportVersion(kind=ReportVersion.Kind.PERFORMANCE_MATTERS, period="2026-11", number=2)
    assert monthly.title == "Performance Matters: November 2026"
    assert str(monthly) == "Performance Matters November 2026, version 2"
    yearly = ReportVersion(kind=ReportVersion.Kind.BOARD_TABLE, period="2025-26", number=1)
    assert yearly.title == "Board annual indicator table: 2025-26"
