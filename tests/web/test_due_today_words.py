"""An item due today reads "Due today" on the IRO's pages and the manager's sign-off pages too.

Testers saw these pages tag it "Due soon" (their own copy of the words) while the trays, a worker's
page and the child's "Next due" said "Due today". Known answers, worked by hand:

* Looked after from Fri 1 March 2024: the first review is due 20 working days later, Tue 2 April
  (Good Friday and Easter Monday are not working days). Seen on 2 April it is due today.
* A concern raised with the social worker on Mon 3 June 2024 is due an answer 5 working days later,
  Mon 10 June. Seen on 10 June it is due today.
* An assessment submitted for authorisation on Mon 30 November 2026 is due 5 working days later,
  Mon 7 December. Seen on 7 December it is due today; seen on Fri 4 December it is due soon.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from continuum.oversight.services import raise_escalation
from tests.web.test_iro_views import iro_world  # noqa: F401  (the fixture)
from tests.web.test_signoff import SUBMISSION, _client, _page, world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def tags(html: str) -> list[str]:
    """The words of every status tag in the page's tables and summary lists."""
    return re.findall(r'<strong class="govuk-tag[^"]*">([^<]+)</strong>', html)


def test_the_iro_caseload_says_due_today_for_a_review_due_today(iro_world, settings) -> None:  # noqa: F811
    settings.CONTINUUM_AS_OF = "2024-04-02"
    page = _client(iro_world["users"]["iro"]).get(reverse("iro-caseload")).content.decode()
    row = page.split("Ada Casechild", 1)[1].split("</tr>", 1)[0]
    assert "2 Apr 2024" in row
    assert tags(row) == ["Due today"]


def test_the_escalation_log_says_due_today_for_an_answer_due_today(iro_world, settings) -> None:  # noqa: F811
    settings.CONTINUUM_AS_OF = "2024-06-10"
    child = iro_world["child"]
    raise_escalation(
        child=child,
        concern="The permanence plan has drifted.",
        raised_on=date(2024, 6, 3),
        addressed_to="Sam Worker, social worker",
        by=iro_world["users"]["iro"],
    )
    page = _client(iro_world["users"]["iro"]).get(reverse("child-escalations", args=[child.pk]))
    stages = page.content.decode().split("Stages</caption>", 1)[1]
    assert "10 Jun 2024" in stages
    assert tags(stages) == ["Due today"]


def _submitted_then_seen_on(signed: dict[str, Any], settings: Any, day: str) -> tuple[str, str]:
    """Submitted on Mon 30 November 2026 (the fixture's day); the tray and the sign-off page on ``day``."""
    assert _client(signed["sw"]).post(_page(signed), SUBMISSION).status_code == 302
    settings.CONTINUUM_AS_OF = day
    manager = _client(signed["tm"])
    tray = manager.get(reverse("signoff-tray")).content.decode()
    page = manager.get(_page(signed)).content.decode()
    return tray, page


def test_awaiting_my_authorisation_and_the_sign_off_page_say_due_today(world, settings) -> None:  # noqa: F811
    tray, page = _submitted_then_seen_on(world, settings, "2026-12-07")
    row = tray.split("Assessment started 3 Nov 2026", 1)[1].split("</tr>", 1)[0]
    assert "7 Dec 2026" in row
    assert tags(row) == ["Due today"]
    due = page.split("Authorisation due", 1)[1].split("</div>", 1)[0]
    assert "7 December 2026" in due
    assert tags(due) == ["Due today"]


def test_the_day_before_it_is_still_due_soon(world, settings) -> None:  # noqa: F811
    tray, page = _submitted_then_seen_on(world, settings, "2026-12-04")
    row = tray.split("Assessment started 3 Nov 2026", 1)[1].split("</tr>", 1)[0]
    assert tags(row) == ["Due soon"]
    assert tags(page.split("Authorisation due", 1)[1].split("</div>", 1)[0]) == ["Due soon"]
