"""What the casework forms say once saved writes its date as the rest of the site does ("7 Dec 2026",
the site's date format), never 07/12/2026; and a legal status by its name, never its code.
The dashboards' words for users cite no seed document (the indicator definitions keep the sources).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.contrib.messages import get_messages

from continuum.journey import services as s
from continuum.web.dashboards.areas import DASHBOARD_AREAS
from tests.web.test_casework_views import client_for, day, hidden, make_world, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_user) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return make_world(make_user)


def _said(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_an_assessment_started_is_said_with_the_date_in_words(world) -> None:
    response = client_for(world["users"]["sw"]).post(
        url("child-assessment-new", world), day("assessment_actual_start_date", date(2024, 1, 12))
    )
    assert response.status_code == 302
    assert _said(response) == ["Assessment started on 12 Jan 2024."]


def test_a_looked_after_review_and_a_legal_status_are_said_in_words(world) -> None:
    episode = s.start_cla_episode(
        child=world["child"], decom=date(2024, 3, 1), ls="V2", cin="N1", place="U4", in_borough=True, by=None
    )
    sw = client_for(world["users"]["sw"])
    review = sw.post(
        url("child-cla-review-new", world), {**day("review", date(2024, 3, 20)), "review_code": "PN1"}
    )
    assert _said(review) == ["Review of 20 Mar 2024 recorded."]
    address = url("child-legal-status-change", world, episode.pk)
    opened = sw.get(address)
    changed = sw.post(
        address,
        {
            "version": hidden(opened, "version"),
            "seen_state": hidden(opened, "seen_state"),
            **day("on", date(2024, 4, 2)),
            "ls": "C2",
        },
    )
    assert changed.status_code == 302
    assert _said(changed) == ["Legal status changed to full care order from 2 Apr 2024."]


def test_dashboard_areas_cite_no_seed_document() -> None:
    for area in DASHBOARD_AREAS:
        assert not re.search(r"\bseed\b", area.summary), area.slug
    send = next(a for a in DASHBOARD_AREAS if a.slug == "send")
    assert send.summary.endswith("personal budgets and named settings: the measures of the SEND strategy.")
