"""The soak bench's own checks catch what they are there to catch (bench/bench_web_soak.py, issue 17 point 8).

The soak run itself is a benchmark (ten minutes, 50 users): too long for the
suite. What the suite proves is that its verdicts are right: an acknowledged
write missing from the database is reported lost, one stored twice
duplicated, one without its chronology event half-done; a plain-text 500 or a
traceback is not mistaken for the 503 page; and a failure outside the outage,
or on the first request after the restart, fails the run.
"""

from __future__ import annotations

import importlib.util
from datetime import UTC, date, datetime
from email.message import Message
from pathlib import Path

import pytest

from continuum.core import roles
from continuum.journey import services as s
from continuum.journey.models import Visit
from continuum.people.models import TeamType
from continuum.people.services import create_team, create_worker
from continuum.practice.services import write_note

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def soak():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "bench_web_soak_under_test", ROOT / "bench/bench_web_soak.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db
def test_the_write_check_finds_lost_duplicated_and_half_done_writes(soak, make_user) -> None:  # type: ignore[no-untyped-def]
    user = make_user("soak-sw", roles.SOCIAL_WORKER)
    team = create_team(name="Assessment", team_type=TeamType.DUTY_ASSESSMENT)
    worker = create_worker(
        first_name="Sam", last_name="Soak", start_date=date(2020, 1, 1), team=team, user=user
    )
    child = s.register_child(
        first_name="Soak", last_name="Check", person_birth_date=date(2015, 5, 5), by=None
    )
    s.open_referral(child=child, cin_referral_date=date(2025, 1, 6), referral_source="6", by=None)

    def visit(marker: str) -> Visit:
        return s.record_visit(
            child=child,
            kind="cin",
            visit_date=date(2025, 2, 3),
            seen=True,
            seen_alone=False,
            not_seen_alone_reason=marker,
            worker=worker,
            by=user,
        )

    visit("Synthetic soak t-whole")
    visit("Synthetic soak t-twice")
    visit("Synthetic soak t-twice")
    # Saved without going through the service: no chronology event, as a half-done write would be.
    Visit.objects.create(
        child=child,
        kind="cin",
        visit_date=date(2025, 2, 4),
        seen=True,
        seen_alone=False,
        not_seen_alone_reason="Synthetic soak t-half",
    )
    write_note(
        child=child,
        note_type="visit",
        occurred_at=datetime(2025, 2, 3, 10, 30, tzinfo=UTC),
        what_happened="Synthetic soak t-note",
        by=user,
    )
    visit("Synthetic soak t-unacknowledged")
    W = soak.Write
    good = [W("visit", "Synthetic soak t-whole", True), W("casenote", "Synthetic soak t-note", True)]
    assert soak.check_writes(good).holds
    assert soak.check_writes(good).acknowledged == 2

    result = soak.check_writes(
        [
            *good,
            W("visit", "Synthetic soak t-lost", True),
            W("casenote", "Synthetic soak t-lost-note", True),
            W("visit", "Synthetic soak t-twice", True),
            W("visit", "Synthetic soak t-half", True),
            W("visit", "Synthetic soak t-unacknowledged", False),
            W("visit", "Synthetic soak t-failed", False),
        ]
    )
    assert not result.holds
    assert sorted(result.lost) == ["Synthetic soak t-lost", "Synthetic soak t-lost-note"]
    assert result.duplicated == ["Synthetic soak t-twice"]
    assert result.half_done == ["Synthetic soak t-half"]
    assert result.unacknowledged_saved == ["Synthetic soak t-unacknowledged"]


def _headers(**values: str) -> Message:
    headers = Message()
    for name, value in values.items():
        headers[name.replace("_", "-")] = value
    return headers


def test_only_continuums_503_page_counts_as_the_outage_page(soak) -> None:  # type: ignore[no-untyped-def]
    page = f"<html><body><h1>{soak.UNAVAILABLE_PAGE}</h1></body></html>"
    assert soak._problem(503, page, _headers(Retry_After="30"), (200,)) == "503 page"
    assert soak._problem(503, page, _headers(), (200,)) == "503"  # no retry hint
    assert soak._problem(500, "Internal Server Error", _headers(), (200,)).startswith("500 plain text")
    assert soak._problem(500, "<pre>Traceback (most recent call last):", _headers(), (200,)).endswith(
        "traceback"
    )
    assert soak._problem(200, "<html>", _headers(), (200,)) is None
    assert soak._problem(200, "<html>", _headers(), (302,)) == "200"


def _sample(soak, started: float, problem: str | None = None, port: int = 1):  # type: ignore[no-untyped-def]
    return soak.Sample("child", started, started + 0.05, 200 if problem is None else 503, 40.0, port, problem)


def test_the_verdict_fails_on_a_failure_outside_the_outage_or_just_after_it(soak) -> None:  # type: ignore[no-untyped-def]
    events = {"stop": 10.0, "stopped": 10.5, "start": 25.0, "started": 26.0}
    writes = soak.WriteCheck(acknowledged=3)
    outage = [_sample(soak, t, "503 page") for t in (11.0, 15.0, 25.5)]
    fine = [_sample(soak, t, port=p) for t in (1.0, 2.0, 27.0, 28.0) for p in (1, 2)]
    for page in soak.PAGES:
        fine.append(soak.Sample(page, 3.0, 3.1, 200, 30.0, 1))
    result = soak._judge(fine + outage, events, writes, "one line\n", 30.0, "idle")
    assert result["summary"]["failed_in_outage"] == 3
    assert result["summary"]["recovery"] == pytest.approx(1.05)

    with pytest.raises(RuntimeError, match="outside the outage"):
        soak._judge([*fine, *outage, _sample(soak, 5.0, "500 plain text")], events, writes, "", 30.0, "")
    with pytest.raises(RuntimeError, match="first request after the restart"):
        soak._judge([*fine, *outage, _sample(soak, 26.5, "503 page", port=3)], events, writes, "", 30.0, "")
    with pytest.raises(RuntimeError, match="something else than the 503 page"):
        soak._judge([*fine, _sample(soak, 12.0, "500 plain text")], events, writes, "", 30.0, "")
    with pytest.raises(RuntimeError, match="traceback"):
        soak._judge(fine, events, writes, "Traceback (most recent call last):\n", 30.0, "")
    lost = soak.WriteCheck(lost=["Synthetic soak t-1"])
    with pytest.raises(RuntimeError, match="1 lost"):
        soak._judge(fine, events, lost, "", 30.0, "")
