"""Smoke test of the default provider: a small synthetic borough in the database, every dashboard."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from continuum.core import roles
from continuum.web.dashboards.areas import DASHBOARD_AREAS
from continuum.web.dashboards.source import clear_cache

pytestmark = pytest.mark.django_db


def test_every_dashboard_from_the_live_database(client, make_user, settings) -> None:
    from continuum.synth.load import load_borough
    from continuum.synth.params import Params
    from continuum.synth.simulate import SimConfig, simulate

    borough = simulate(
        SimConfig(
            years=1,
            seed=5,
            last_year_end=date(2025, 3, 31),
            warm_up_years=1,
            params=replace(Params(), new_children_per_year=200.0, uasc_per_year=2.0),
        )
    )
    load_borough(borough, progress=None)
    settings.CONTINUUM_DASHBOARD_TABLES = None
    clear_cache()
    client.force_login(make_user("analyst", roles.PERFORMANCE_ANALYST))
    for area in DASHBOARD_AREAS:
        response = client.get(f"/performance/{area.slug}/", {"period": "2024-25"})
        assert response.status_code == 200, area.slug
        assert response.context["failure"] is None, area.slug
        errors = {v.code: v.error for v in response.context["views"] if v.status == "error"}
        assert errors == {}, area.slug
    drill = client.get("/performance/front-door/contacts/children/", {"period": "2024-25"})
    assert drill.status_code == 200
    assert drill.context["page"].paginator.count > 0
    clear_cache()
