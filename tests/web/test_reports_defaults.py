"""The Reports page's defaults: last month, the latest complete financial year; an empty page says so."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from continuum.core import roles
from continuum.web.reports_app.views import default_periods

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("today", "month", "year"),
    [
        (date(2026, 12, 6), "November 2026", "2025"),  # 2025-26 ended in March 2026
        (date(2026, 1, 1), "December 2025", "2024"),  # January: the month before is in last year
        (date(2026, 3, 31), "February 2026", "2024"),  # 2025-26 is not over until the day ends
        (date(2026, 4, 1), "March 2026", "2025"),  # the first day of April: 2025-26 has ended
    ],
)
def test_default_periods(today: date, month: str, year: str) -> None:
    assert default_periods(today) == {"month": month, "year": year}


def test_analyst_sees_last_month_and_the_last_complete_year(client, make_user, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2026-12-06"
    client.force_login(make_user("analyst", roles.PERFORMANCE_ANALYST))
    html = client.get(reverse("reports-index")).content.decode()
    assert (
        'id="id_month" name="month" type="text" aria-describedby="month-hint" value="November 2026"' in html
    )
    assert 'aria-describedby="year-hint" value="2025"' in html


def test_a_refused_month_keeps_what_was_typed(client, make_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(make_user("analyst", roles.PERFORMANCE_ANALYST))
    response = client.post(reverse("reports-generate"), {"kind": "performance-matters", "month": "Nov"})
    assert response.status_code == 400
    assert 'value="Nov"' in response.content.decode()


def test_board_member_with_nothing_published_is_told_so(client, make_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(make_user("board", roles.BOARD_MEMBER))
    html = client.get(reverse("reports-index")).content.decode()
    main = html.split('id="main-content"', 1)[1]
    assert "No reports are published yet." in main
    assert "once the performance team publishes them" in main
    assert "Generate Performance Matters" not in main
