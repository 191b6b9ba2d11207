"""The IOM officer's home page (finding "edges" 8): it names only the community-safety pages the
user may open, and the card's links say where on the IOM page to look."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import RequestFactory

from continuum.community_safety.models import IomOffender
from continuum.core import roles
from continuum.web.community_safety.nav import home_description

pytestmark = pytest.mark.django_db


def _community_safety_entry(page: str) -> str:
    """The words under "Community safety" in the home page's list of areas."""
    found = re.search(
        r'href="/community-safety/">Community safety</a></h3>\s*<p class="govuk-body">(.*?)</p>', page
    )
    assert found is not None
    return found.group(1)


def test_the_iom_officer_is_told_only_of_the_iom_page(client, make_user) -> None:  # type: ignore[no-untyped-def]
    officer = make_user("iom-home", roles.IOM_OFFICER)
    client.force_login(officer)
    assert _community_safety_entry(client.get("/").content.decode()) == "Offender management (IOM)."
    # Each page the full sentence would have promised is one the officer is refused.
    for refused in ("crime-summary/", "asb/", "marac/", "action-plan/", "cost-benefit/", "board-pack/"):
        assert client.get(f"/community-safety/{refused}").status_code == 403, refused


def test_an_analyst_is_told_of_every_page(make_user) -> None:  # type: ignore[no-untyped-def]
    analyst = make_user("cs-analyst", roles.PERFORMANCE_ANALYST)
    assert home_description(analyst) == (
        "Crime against targets, anti-social behaviour, offender management (IOM), MARAC, the strategy "
        "action plan, the cost-benefit model and the board's report pack."
    )
    assert home_description(make_user("cs-sw", roles.SOCIAL_WORKER)) == ""


def test_the_card_links_say_where_to_look(make_user) -> None:  # type: ignore[no-untyped-def]
    """Two wanted, none due for removal: the wanted line points to the cohort list, which marks them;
    the removal line, at nought, offers no link; no two links share words."""
    from continuum.web.community_safety.today import iom_today
    from continuum.web.home_today import _Ask

    for ref in ("IOM-W1", "IOM-W2"):
        IomOffender.objects.create(reference=ref, name=ref, added_on=date(2012, 1, 1), wanted=True)
    request = RequestFactory().get("/")
    request.user, request.session = make_user("iom-card", roles.IOM_OFFICER), {}
    card = iom_today(_Ask(request, day=date(2012, 9, 30)))
    assert card is not None
    lines = {line.label: line for line in card.lines}
    wanted = lines["On the wanted list"]
    assert (wanted.count, wanted.detail, wanted.link_text) == (
        2,
        "Marked Wanted in the cohort list.",
        "Find who is wanted in the cohort list",
    )
    removal = lines["Scheduled for removal"]
    assert (removal.count, removal.href, removal.link_text) == (0, "", "")
    texts = [line.link_text for line in card.lines if line.link_text]
    assert len(texts) == len(set(texts))
