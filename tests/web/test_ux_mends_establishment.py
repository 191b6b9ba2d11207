"""A team's establishment cannot be saved blank: the form names the field, links to it from the error
summary, and the establishment already recorded is kept (a blank save wiped it and took the team out of
the vacancy rate without a word). A missing version asks for a reload rather than "This field is
required"."""

from __future__ import annotations

from decimal import Decimal

import pytest

from continuum.web.workforce.forms import EstablishmentForm
from tests.web.test_workforce import build, client_for

pytestmark = pytest.mark.django_db

BLANK = "Enter the establishment (full-time equivalent posts), like 8 or 7.5"


def test_a_blank_establishment_is_refused_by_name_and_the_recorded_one_kept(make_user) -> None:  # type: ignore[no-untyped-def]
    alpha, _ = build(make_user)
    tm = client_for("tm")
    assert tm.post(f"/workforce/teams/{alpha.pk}/", {"establishment": "4", "version": "1"}).status_code == 302
    # Spaces alone are not a number either: refused, naming the field too.
    for blank, message in (("", BLANK), ("   ", "Enter the establishment as a number of FTE posts")):
        response = tm.post(f"/workforce/teams/{alpha.pk}/", {"establishment": blank, "version": "2"})
        page = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in page
        assert message in page
        assert 'href="#id_establishment"' in page
        assert "Leave blank" not in page  # the hint no longer invites it
    alpha.refresh_from_db()
    assert (alpha.establishment_fte, alpha.version) == (Decimal(4), 2)


def test_every_required_field_has_its_own_message() -> None:
    form = EstablishmentForm({})
    assert not form.is_valid()
    assert form.errors == {
        "establishment": [BLANK],
        "version": ["Reload the page to see the team's establishment as it stands, then save"],
    }
    assert EstablishmentForm({"establishment": "7.5", "version": "3"}).is_valid()
