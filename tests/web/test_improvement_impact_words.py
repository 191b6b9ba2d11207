"""The plan's impact table names its month in words, as the rest of the page does ("July 2024", not
"2024-07"); the hand-built front-door figures are for July 2024 (tests/web/test_dashboards.py)."""

from __future__ import annotations

from continuum.improvement.models import Plan
from tests.web.test_improvement_edit import _client, plan  # noqa: F401  (the plan fixture)


def test_the_impact_table_and_dashboard_name_the_month_in_words(plan: Plan) -> None:  # noqa: F811
    owner = _client(plan.owner)
    page = owner.get(f"/improvement/{plan.pk}/").content.decode()
    assert "Impact: the linked measures, July 2024</caption>" in page
    assert "2024-07</caption>" not in page
    dashboard = owner.get(f"/improvement/{plan.pk}/dashboard/").content.decode()
    assert "impact from the indicator library for July 2024." in dashboard
    assert " than 2024-06" not in page + dashboard
