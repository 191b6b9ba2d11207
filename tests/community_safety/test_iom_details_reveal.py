"""The IOM details form asks the reason for removal only once "Yes, scheduled for removal" is chosen
(the shared GOV.UK conditional reveal, ``GovukForm.reveals``), and a reason left in the hidden box
after choosing "No" is not kept."""

from __future__ import annotations

import re

import pytest

from continuum.community_safety.models import IomOffender
from continuum.core import roles
from tests.community_safety.test_iom import _cohort

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client, make_user, settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2012-09-30"
    _cohort()
    client.force_login(make_user("iom-officer", roles.IOM_OFFICER))


def _details(pk: int) -> str:
    return f"/community-safety/iom/offenders/{pk}/details/"


def test_the_reason_for_removal_is_revealed_by_yes(client, officer) -> None:  # type: ignore[no-untyped-def]
    a = IomOffender.objects.get(reference="IOM-A")
    page = client.get(_details(a.pk)).content.decode()
    # "Yes" (the first removal radio) controls the block that holds the reason, hidden until chosen.
    assert 'id="id_removal_due_0" name="removal_due" type="radio" value="yes"' in page
    assert 'data-aria-controls="conditional-id_removal_due_0"' in page
    block = re.search(
        r'<div class="govuk-radios__conditional govuk-radios__conditional--hidden" '
        r'id="conditional-id_removal_due_0">(.*?)</div>\s*</div>\s*\n?\s*<div class="govuk-radios__item">',
        page,
        re.S,
    )
    assert block is not None
    assert 'name="removal_reason"' in block.group(1)
    assert "Needed if they are to be removed" in block.group(1)
    assert page.count('name="removal_reason"') == 1  # asked once, inside the reveal


def test_yes_needs_the_reason_and_no_drops_a_reason_left_in_the_hidden_box(client, officer) -> None:  # type: ignore[no-untyped-def]
    a = IomOffender.objects.get(reference="IOM-A")
    opened = client.get(_details(a.pk)).context["form"]
    base = {
        "version": opened.initial["version"],
        "seen_state": opened.initial["seen_state"],
        "release_plan": "",
        "wanted": "no",
    }
    refused = client.post(_details(a.pk), {**base, "removal_due": "yes", "removal_reason": " "})
    assert refused.status_code == 400
    assert refused.context["errors"] == [("id_removal_reason", "Enter the reason for removal from the list")]
    # Shown again with the reason's box open under "Yes".
    assert 'class="govuk-radios__conditional" id="conditional-id_removal_due_0"' in refused.content.decode()
    # "No", with a reason typed before changing the answer: saved, the reason not kept or refused.
    long_reason = "x" * 300  # over the limit: a question not asked is not refused either
    kept = client.post(_details(a.pk), {**base, "removal_due": "no", "removal_reason": long_reason})
    assert kept.status_code == 302
    a.refresh_from_db()
    assert (a.removal_due, a.removal_reason) == (False, "")
    a_version = a.version
    saved = client.post(
        _details(a.pk),
        {**base, "version": a_version, "removal_due": "yes", "removal_reason": "Moved to Kent"},
    )
    assert saved.status_code == 302
    a.refresh_from_db()
    assert (a.removal_due, a.removal_reason) == (True, "Moved to Kent")
