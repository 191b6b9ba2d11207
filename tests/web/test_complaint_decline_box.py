"""The box for the reason to decline an escalation shows only where declining is offered: never for
a statutory stage 2 asked for in time (the Children Act 1989 procedure entitles the complainant to
it, so services.decline_escalation refuses it), always for a service (corporate) complaint.

Both complaints were answered at stage 1 on Tue 2 Apr 2024 and today is 10 Apr 2024: a statutory
complainant may ask as of right until Tue 30 Apr 2024."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tests.web.test_complaints_officer_pages import _answered, world  # noqa: F401 - the fixture, shared
from tests.web.test_complaints_views import _date

pytestmark = pytest.mark.django_db

REASON_BOX = 'name="escalate-reason"'
REASON_LABEL = "Why is it declined?"


def test_a_statutory_stage_2_asked_in_time_has_no_decline_reason_box(client, world) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    complaint = _answered(world, "statutory")
    client.force_login(world["officer"])
    url = reverse("complaints-complaint", args=[complaint.pk])
    page = client.get(url).content.decode()
    assert "Escalation requested" in page  # the gate's form is there
    assert REASON_BOX not in page
    assert REASON_LABEL not in page
    # Sent back with an error (no investigator named), the form still has no reason box.
    asked = {
        "form": "escalate",
        "escalate-decision": "escalate",
        **_date("escalate-requested", date(2024, 4, 9)),
    }
    refused = client.post(url, asked)
    assert refused.status_code == 400
    assert REASON_BOX not in refused.content.decode()


def test_a_corporate_complaint_has_the_decline_reason_box(client, world) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    complaint = _answered(world, "corporate")
    client.force_login(world["officer"])
    page = client.get(reverse("complaints-complaint", args=[complaint.pk])).content.decode()
    assert "Decline: no new information" in page
    assert REASON_BOX in page
    assert REASON_LABEL in page
