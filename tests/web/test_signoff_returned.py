"""Returned work reaches the worker with everything they wrote, and the tray counts MASH oversight.

Built on the sign-off tests' world (Monday 30 November 2026; Sam Worker submits
the assessment of Signed Child, Tess Manager answers). Known answers:

* Tess returns Sam's assessment with one reason: Sam's "My work" lists one returned
  item with that reason and Tess's name, linked to the sign-off page; Tess's own
  "My work" lists none (she did not submit it); once Sam submits again it is gone.
* The form to submit again holds the analysis Sam wrote, not an empty box.
* One MASH decision made on Thursday 26 November and not yet overseen: the MASH team
  manager's tray says 1 awaiting oversight, made on 26 Nov 2026, with a link to the
  oversight queue; Tess, who manages Sign North and not the MASH, is told nothing of it.
"""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.urls import reverse

from continuum.core import roles
from continuum.core.timescales import LOCAL_ZONE
from continuum.journey import services as s
from continuum.people.models import TeamType
from continuum.people.services import create_team, create_worker
from tests.web.test_signoff import SUBMISSION, _client, _page, world  # noqa: F401

pytestmark = pytest.mark.django_db

REASON = "Add the father's views."


def _return_it(world) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    tm = world["tm"]
    tm.first_name, tm.last_name = "Tess", "Manager"
    tm.save()
    assert _client(world["sw"]).post(_page(world), SUBMISSION).status_code == 302
    assert _client(tm).post(_page(world), {"answer": "return", "comments": REASON}).status_code == 302


def test_returned_work_is_in_the_workers_tray_with_the_managers_reason(world) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    _return_it(world)
    sw = _client(world["sw"])
    response = sw.get(reverse("worktray-mine"))
    [returned] = response.context["returned"]
    assert (returned.what, returned.reason, returned.returned_by) == (
        "Assessment started 3 Nov 2026",
        REASON,
        "Tess Manager",
    )
    assert returned.returned_on == date(2026, 11, 30)
    body = response.content.decode()
    assert "Returned to you with comments (1)" in body
    assert "Add the father&#x27;s views." in body
    assert f'href="{_page(world)}"' in body
    assert "Signed Child" in body
    # Only the worker who submitted it is told; the manager's own tray has nothing returned.
    assert _client(world["tm"]).get(reverse("worktray-mine")).context["returned"] == []
    # Submitted again: no longer returned.
    assert sw.post(_page(world), SUBMISSION).status_code == 302
    assert sw.get(reverse("worktray-mine")).context["returned"] == []


def test_the_home_page_tells_the_worker_work_was_returned(world) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    _return_it(world)
    body = _client(world["sw"]).get("/").content.decode()
    assert "Returned to you" in body
    assert "the oldest was returned today." in body
    assert f'href="{reverse("worktray-mine")}#returned"' in body


def test_submitting_again_starts_from_the_analysis_already_written(world) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    _return_it(world)
    page = _client(world["sw"]).get(_page(world)).content.decode()
    form = page.split("Submit again for authorisation", 1)[1]
    assert SUBMISSION["summary"] in form.split("</textarea>", 1)[0]
    assert 'value="2A" checked' in form


def test_the_tray_counts_mash_decisions_awaiting_oversight_and_links_to_the_queue(world, make_user) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    mash_manager = make_user("so-mash-tm", roles.TEAM_MANAGER)
    create_worker(
        first_name="Mo",
        last_name="Ash",
        start_date=date(2020, 1, 1),
        team=create_team(name="Front Door", team_type=TeamType.MASH),
        role="team_manager",
        user=mash_manager,
    )
    kid = s.register_child(first_name="Front", last_name="Door", person_birth_date=date(2016, 1, 1), by=None)
    made = s.record_contact(
        child=kid,
        received_at=datetime.combine(date(2026, 11, 25), time(10), tzinfo=LOCAL_ZONE),
        referral_source="1B",
        consent="obtained",
        concerns="Synthetic concern.",
        by=None,
    )
    s.record_mash_decision(
        contact=made,
        initial_brag="G",
        final_brag="G",
        decision_at=datetime.combine(date(2026, 11, 26), time(11), tzinfo=LOCAL_ZONE),
        outcome="advice",
        expected_version=made.version,
        by=None,
    )
    response = _client(mash_manager).get(reverse("signoff-tray"))
    assert response.context["oversight"].total == 1
    body = response.content.decode()
    assert "MASH decisions awaiting your oversight" in body
    assert "The oldest decision was made on 26 Nov 2026." in body
    assert f'href="{reverse("mash-queue")}?stage=oversight&amp;sort=oldest"' in body
    assert "No work from your team is awaiting your authorisation." in body
    # Sign North's manager does not sign off the MASH's decisions, so the tray does not count them.
    elsewhere = _client(world["tm"]).get(reverse("signoff-tray"))
    assert elsewhere.context["oversight"] is None
    assert "MASH decisions awaiting your oversight" not in elsewhere.content.decode()
    # A social worker oversees nothing and has no tray.
    assert _client(world["sw"]).get(reverse("signoff-tray")).status_code == 403
