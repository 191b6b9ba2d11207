"""Membership and terms of reference changed through the services: one chair, a seat kept when a member
leaves, a sign-in holds one seat per body, and every version of the terms kept as adopted."""

from __future__ import annotations

from datetime import date

import pytest

from continuum.partnership import services
from continuum.partnership.models import TermsOfReference
from continuum.partnership.services import PartnershipRuleError
from tests.partnership.board import make_board, seat

pytestmark = pytest.mark.django_db


@pytest.fixture
def body(make_user, settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2012-06-01"
    return make_board(make_user("business-manager"), make_user("cath"))


def test_add_member_and_make_chair(body, make_user) -> None:  # type: ignore[no-untyped-def]
    new = services.add_member(
        body,
        name=" Gil Gardner ",
        organisation="Probation",
        role="Head of service",
        joined_on=date(2012, 5, 1),
    )
    assert (new.name, new.voting, new.is_chair) == ("Gil Gardner", True, False)
    services.change_member(new, role="Assistant chief officer", voting=True, is_chair=True)
    assert body.chair.name == "Gil Gardner"
    assert not seat(body, "Ann Chair").is_chair  # one chair: the old chair's flag went
    with pytest.raises(PartnershipRuleError, match="chair must be a voting member"):
        services.change_member(seat(body, "Fay Officer"), role="", voting=False, is_chair=True)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "", "organisation": "Police"}, "member's name"),
        ({"name": "X", "organisation": " "}, "member's organisation"),
        ({"name": "X", "organisation": "Police", "joined_on": date(2013, 1, 1)}, "today or in the past"),
        ({"name": "X", "organisation": "Police", "voting": False, "is_chair": True}, "voting member"),
    ],
)
def test_add_member_refused(body, fields, message) -> None:  # type: ignore[no-untyped-def]
    fields = {"joined_on": date(2012, 1, 1), **fields}
    with pytest.raises(PartnershipRuleError, match=message):
        services.add_member(body, **fields)


def test_one_seat_per_sign_in(body) -> None:  # type: ignore[no-untyped-def]
    cath = seat(body, "Cath Nurse")
    with pytest.raises(PartnershipRuleError, match="already has a seat"):
        services.add_member(body, name="C", organisation="Health", joined_on=date(2012, 1, 1), user=cath.user)


def test_end_member_keeps_the_seat(body) -> None:  # type: ignore[no-untyped-def]
    eve = seat(body, "Eve Head")
    with pytest.raises(PartnershipRuleError, match="before the date they joined"):
        services.end_member(eve, left_on=date(2010, 1, 1))
    services.end_member(eve, left_on=date(2012, 5, 31))
    eve.refresh_from_db()
    assert eve.left_on == date(2012, 5, 31)
    assert "Eve Head" not in [m.name for m in body.members.filter(left_on__isnull=True)]
    with pytest.raises(PartnershipRuleError, match="already left"):
        services.end_member(eve, left_on=date(2012, 5, 31))
    with pytest.raises(PartnershipRuleError, match="has left"):
        services.change_member(eve, role="", voting=True, is_chair=False)


def test_terms_are_versioned_and_kept(body) -> None:  # type: ignore[no-untyped-def]
    first = services.adopt_terms(body, text="The board coordinates.", adopted_on=date(2011, 4, 1))
    second = services.adopt_terms(
        body, text="The board coordinates and assures.", adopted_on=date(2012, 4, 1)
    )
    assert (first.version, second.version) == (1, 2)
    assert list(body.terms.values_list("version", "text")) == [
        (1, "The board coordinates."),
        (2, "The board coordinates and assures."),
    ]
    with pytest.raises(PartnershipRuleError, match="same as the version in force"):
        services.adopt_terms(body, text="The board coordinates and assures.", adopted_on=date(2012, 5, 1))
    with pytest.raises(PartnershipRuleError, match="cannot be before version 2"):
        services.adopt_terms(body, text="Older", adopted_on=date(2012, 3, 1))
    with pytest.raises(PartnershipRuleError, match="Enter the terms"):
        services.adopt_terms(body, text=" ", adopted_on=date(2012, 5, 1))
    first.text = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        first.save()
    assert TermsOfReference.objects.get(pk=first.pk).text == "The board coordinates."
