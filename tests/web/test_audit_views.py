"""The access log search at /audit/: who may read it, and that each filter narrows it as it says."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from continuum.core import roles
from continuum.core.models import AccessLogEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def log(make_user):  # type: ignore[no-untyped-def]
    sw = make_user("sam", roles.SOCIAL_WORKER)
    qa = make_user("quinn", roles.QA_OFFICER)
    AccessLogEntry.objects.create(user=sw, action="child.view", record_type="child", record_id="7")
    AccessLogEntry.objects.create(user=sw, action="child.view", record_type="child", record_id="8")
    AccessLogEntry.objects.create(
        user=qa,
        action="break_glass",
        record_type="child",
        record_id="7",
        reason="Audit of case 7",
        flagged=True,
    )
    return sw, qa


def rows(response) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return [(e.user.username, e.action, e.record_id) for e in response.context["page"]]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (roles.QA_OFFICER, 200),
        (roles.SYSTEM_ADMINISTRATOR, 200),
        (roles.SOCIAL_WORKER, 403),
        (roles.TEAM_MANAGER, 403),
        (roles.MASH_PRACTITIONER, 403),
        (roles.IRO_CP_CHAIR, 403),
        (roles.PERFORMANCE_ANALYST, 403),
        (roles.BOARD_MEMBER, 403),
        (roles.COMPLAINTS_OFFICER, 403),
        (roles.PARTNER_POLICE, 403),
        (roles.PARTNER_HEALTH, 403),
        (roles.PARTNER_EDUCATION, 403),
    ],
)
def test_only_qa_and_system_administrators_read_the_log(make_user, role, status) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(make_user("someone", role))
    assert client.get("/audit/").status_code == status


def test_filters_user_record_action_flagged_and_dates(log) -> None:  # type: ignore[no-untyped-def]
    _sw, qa = log
    client = Client()
    client.force_login(qa)
    everything = rows(client.get("/audit/"))
    assert ("sam", "child.view", "7") in everything
    assert ("quinn", "break_glass", "7") in everything
    assert {r[0] for r in rows(client.get("/audit/", {"user": "SAM"}))} == {"sam"}
    assert {r[2] for r in rows(client.get("/audit/", {"record": "7"}))} == {"7"}
    assert rows(client.get("/audit/", {"action": "break_glass"})) == [("quinn", "break_glass", "7")]
    flagged = client.get("/audit/", {"flagged": "on"})
    assert rows(flagged) == [("quinn", "break_glass", "7")]
    assert "Audit of case 7" in flagged.content.decode()
    today = timezone.localdate()
    day = {"date_from-day": today.day, "date_from-month": today.month, "date_from-year": today.year}
    assert len(rows(client.get("/audit/", day))) >= 3
    tomorrow = today + timedelta(days=1)
    future = {"date_to-day": tomorrow.day, "date_to-month": tomorrow.month, "date_to-year": tomorrow.year}
    assert "To date must be today or in the past" in client.get("/audit/", future).content.decode()
    yesterday = today - timedelta(days=1)
    before = {"date_to-day": yesterday.day, "date_to-month": yesterday.month, "date_to-year": yesterday.year}
    assert rows(client.get("/audit/", before)) == []


def test_bad_filters_are_named_and_reading_the_log_is_logged(log) -> None:  # type: ignore[no-untyped-def]
    _, qa = log
    client = Client()
    client.force_login(qa)
    body = client.get(
        "/audit/", {"record": "Ada", "date_from-day": "31", "date_from-month": "4", "date_from-year": "2024"}
    ).content.decode()
    assert "Child record number must be a number, like 1234" in body
    assert "From date must be a real date: April 2024 has 30 days" in body
    assert AccessLogEntry.objects.filter(user=qa, action="audit.search").count() == 1


def test_access_log_listed_on_home_for_qa(log) -> None:  # type: ignore[no-untyped-def]
    sw, qa = log
    client = Client()
    client.force_login(qa)
    assert "Access log" in client.get("/").content.decode()
    client.force_login(sw)
    assert "Access log" not in client.get("/").content.decode()
