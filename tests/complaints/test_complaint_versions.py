"""Two officers editing the same complaint at once: the complaint and each stage carry a version, the
page's forms carry the version they were opened on, and a save over someone else's is refused, naming
what they changed and keeping what the second officer typed, so saving again is a deliberate choice.

Without it, renaming the investigator in two tabs let the second silently undo the first, and two
officers deciding the same escalation request recorded two stage 2 rows."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from django.urls import reverse

from continuum.complaints import services as c
from continuum.complaints.models import Complaint, Stage, StageStatus
from continuum.core import roles
from tests.complaints.conftest import a_complaint
from tests.web.test_complaints_views import _date

pytestmark = pytest.mark.django_db

CLASH = "This complaint was changed by someone else since you opened it"


@pytest.fixture
def people(complaints_people, make_user, settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2024-04-10"
    named = {}
    for username, first, last in (("cv-mo", "Mo", "Moss"), ("cv-di", "Di", "Dale")):
        user = make_user(username, roles.TEAM_MANAGER)
        user.first_name, user.last_name = first, last
        user.save()
        named[first.lower()] = user
    return {**complaints_people, **named}


def _hidden(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert found is not None, f"no {name} on the page"
    return found.group(1)


def _summary(page: str) -> str:
    """The error summary's words, tags dropped."""
    box = re.search(r'govuk-error-summary__list">(.*?)</ul>', page, re.S)
    assert box is not None, "no error summary"
    return html.unescape(re.sub(r"<[^>]+>", "", box.group(1))).strip()


def test_renaming_the_investigator_in_two_tabs_refuses_the_second_and_keeps_its_choice(
    client, people
) -> None:  # type: ignore[no-untyped-def]
    complaint = a_complaint(by=people["officer"], author=people["manager"])
    stage = complaint.stages.get()
    url = reverse("complaints-complaint", args=[complaint.pk])
    client.force_login(people["officer"])
    tab_a = client.get(url).content.decode()
    tab_b = client.get(url).content.decode()
    assert _hidden(tab_a, "author-version") == "1"

    def rename(page: str, to):  # type: ignore[no-untyped-def]
        return client.post(
            url,
            {
                "form": "author",
                "stage": stage.pk,
                "author-author": str(to.pk),
                "author-version": _hidden(page, "author-version"),
                "author-seen_state": _hidden(page, "author-seen_state"),
            },
        )

    assert rename(tab_a, people["mo"]).status_code == 302
    clash = rename(tab_b, people["di"])
    page = clash.content.decode()
    assert clash.status_code == 400
    assert _summary(page) == (
        f"{CLASH}: Investigator or response author is now: Mo Moss. "
        "What you entered is kept: check it against the complaint, then save again."
    )
    stage.refresh_from_db()
    assert (stage.author, stage.version) == (people["mo"], 2)  # the first rename stands
    # The second officer's choice is kept, and the form has moved on to the version now saved.
    assert f'<option value="{people["di"].pk}" selected>' in page
    assert _hidden(page, "author-version") == "2"
    # Saving again, with Mo's name now in view, is deliberate: it goes through.
    assert rename(page, people["di"]).status_code == 302
    stage.refresh_from_db()
    assert (stage.author, stage.version) == (people["di"], 3)


def test_two_officers_deciding_the_same_escalation_record_one_decision(client, people) -> None:  # type: ignore[no-untyped-def]
    """A service complaint answered 2 Apr 2024 and asked to go to stage 2 on 9 Apr: one officer
    declines it, the other (page opened before) escalates it. Only the decline is recorded."""
    complaint = a_complaint(by=people["officer"], author=people["manager"], procedure="corporate")
    c.respond(
        complaint.stages.get(), on=date(2024, 4, 2), outcome="not_upheld", letter="L", by=people["officer"]
    )
    url = reverse("complaints-complaint", args=[complaint.pk])
    client.force_login(people["officer"])
    tab_a = client.get(url).content.decode()
    tab_b = client.get(url).content.decode()
    asked = {"form": "escalate", **_date("escalate-requested", date(2024, 4, 9))}

    def seen(page: str) -> dict[str, str]:
        return {name: _hidden(page, name) for name in ("escalate-version", "escalate-seen_state")}

    declined = client.post(
        url, {**asked, **seen(tab_a), "escalate-decision": "decline", "escalate-reason": "No new information"}
    )
    assert declined.status_code == 302
    escalated = client.post(
        url,
        {**asked, **seen(tab_b), "escalate-decision": "escalate", "escalate-author": str(people["mo"].pk)},
    )
    assert escalated.status_code == 400
    assert _summary(escalated.content.decode()).startswith(
        f"{CLASH}: Latest stage is now: Stage 2: Escalation declined."
    )
    assert [(s.number, s.status) for s in complaint.stages.order_by("pk")] == [
        (1, StageStatus.RESPONDED),
        (2, StageStatus.DECLINED),
    ]
    assert Complaint.objects.get(pk=complaint.pk).version == 2


def test_the_services_compare_lock_and_move_the_version_on(people) -> None:  # type: ignore[no-untyped-def]
    officer = people["officer"]
    complaint = a_complaint(by=officer, author=people["manager"])
    stage = complaint.stages.get()
    c.name_author(stage, author=people["mo"], by=officer, expected_version=1)
    with pytest.raises(c.ChangedSinceOpened, match=CLASH):
        c.name_author(stage, author=people["di"], by=officer, expected_version=1)
    assert Stage.objects.get(pk=stage.pk).author == people["mo"]
    c.extend(stage, on=date(2024, 3, 28), reason="Leave", by=officer, expected_version=2)
    assert Stage.objects.get(pk=stage.pk).version == 3
    # The complaint's own changes move its version, not the stage's.
    c.acknowledge(complaint, on=date(2024, 3, 19), by=officer, expected_version=1)
    with pytest.raises(c.ChangedSinceOpened):
        c.add_learning(
            complaint,
            learning="x",
            what="y",
            owner=officer,
            due=date(2024, 6, 1),
            by=officer,
            expected_version=1,
        )
    assert (
        Complaint.objects.get(pk=complaint.pk).version,
        Complaint.objects.get(pk=complaint.pk).learning,
    ) == (
        2,
        "",
    )
    # Without a version (the demo loader, a script) nothing is compared.
    c.name_author(stage, author=people["di"], by=officer)
    assert Stage.objects.get(pk=stage.pk).version == 4
