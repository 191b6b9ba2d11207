"""The place-planning page: who may see it, what it says with and without history, and a replaced
file that cannot be read named on the page rather than failing it."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from continuum.core import roles
from continuum.people.models import Child
from continuum.send import places
from continuum.send.models import EHCPlan

pytestmark = pytest.mark.django_db

NEEDS = ["ASD", "SLCN", "SEMH", "MLD", "SLD"]
SETTINGS = ["mainstream", "special", "mainstream", "resourced", "special", "independent"]


def make_plans(n: int = 150) -> None:
    """Plans issued 2019-2026, more each year, for people aged 3 to 22 when issued (deterministic)."""
    for i in range(n):
        year = 2019 + min(int((i / n) ** 0.8 * 8), 7)
        issued = date(year, 1 + i % 12, 1 + i % 28)
        child = Child.objects.create(
            la_child_id=f"PP{i:04d}", person_birth_date=date(year - 3 - i % 20, 1 + (i * 5) % 12, 1 + i % 27)
        )
        EHCPlan.objects.create(
            child=child,
            issued_on=issued,
            primary_need=NEEDS[i % len(NEEDS)],
            setting_type=SETTINGS[i % len(SETTINGS)],
        )


def test_only_those_who_see_the_send_figures_open_it(client, make_user, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2026-12-06"
    client.force_login(make_user("sw", roles.SOCIAL_WORKER))
    assert client.get(reverse("send-places")).status_code == 403
    client.force_login(make_user("an", roles.PERFORMANCE_ANALYST))
    page = client.get(reverse("send-places"))
    assert page.status_code == 200
    assert "not yet two January census days" in page.content.decode()


def test_the_page_states_its_method_band_scenarios_and_backtest(client, make_user, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2026-12-06"
    make_plans()
    client.force_login(make_user("an", roles.PERFORMANCE_ANALYST))
    html = client.get(reverse("send-places") + "?years=5").content.decode()
    assert "80% prediction interval" in html
    assert "population_projection.csv" in html
    for year in range(2027, 2032):
        assert f'data-year="{year}"' in html
    assert 'data-year="2032"' not in html
    for name, _, _ in places.SCENARIOS:
        assert f'data-scenario="{name}"' in html
    assert "Backtest from 2024" in html  # census days 2020-2026, the last two held back
    assert "State-funded special school" in html
    assert re.search(r"\d+ (short|spare)</td>", html)  # a number of places, never a negative "spare"
    assert client.get(reverse("send-places") + "?years=99").content.decode().count("data-year=") == 10


def test_a_replaced_file_that_cannot_be_read_is_named(
    client, make_user, settings, monkeypatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2026-12-06"
    make_plans(60)
    bad = tmp_path / "population_projection.csv"
    bad.write_text("year,age,population\n2026,seven,100\n", encoding="utf-8")
    monkeypatch.setattr(places, "POPULATION_CSV", bad)
    client.force_login(make_user("an", roles.PERFORMANCE_ANALYST))
    page = client.get(reverse("send-places"))
    assert page.status_code == 200
    assert (
        "population projection file population_projection.csv, row 2: expected whole numbers"
        in page.content.decode()
    )
