"""A pre-birth contact through the MASH form: the child recorded unborn with an expected date of birth.

Known answers on 7 Dec 2026 (CONTINUUM_AS_OF): an expected date of 14 May 2027 is within ten months;
9 Nov 2026 is four weeks ago (accepted, a baby late), 8 Nov 2026 more than four weeks ago (refused);
8 Oct 2027 is 305 days ahead (accepted), 9 Oct 2027 is not.
"""

from __future__ import annotations

from datetime import date

import pytest

from continuum.journey.models import Contact
from continuum.people.models import Child
from tests.web.test_mash_views import contact_data
from tests.web.test_mash_views import mash as mash  # the fixture

pytestmark = pytest.mark.django_db

UNBORN = {
    "child_first_name": "",
    "child_last_name": "Ní Bhriain",
    "child_birth_date-day": "",
    "child_birth_date-month": "",
    "child_birth_date-year": "",
    "child_unborn": "on",
    "child_expected_birth_date-day": "14",
    "child_expected_birth_date-month": "5",
    "child_expected_birth_date-year": "2027",
    "child_sex": "U",
    "concerns": "Synthetic: midwife worried about domestic abuse in pregnancy.",
}


@pytest.fixture(autouse=True)
def today(settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2026-12-07"


def _expected(day: int, month: int, year: int) -> dict[str, str]:
    return {
        "child_expected_birth_date-day": str(day),
        "child_expected_birth_date-month": str(month),
        "child_expected_birth_date-year": str(year),
    }


def test_a_pre_birth_contact_records_an_unborn_child(client, mash) -> None:  # type: ignore[no-untyped-def]
    client.force_login(mash)
    response = client.post("/mash/contacts/new/", contact_data(**UNBORN))
    assert response.status_code == 302, response.content.decode()[:2000]
    child = Child.objects.get()
    assert child.is_unborn
    assert child.person_birth_date is None
    assert child.expected_person_birth_date == date(2027, 5, 14)
    assert child.display_name == "Unborn child Ní Bhriain"
    contact = Contact.objects.get()
    assert contact.child_id == child.pk
    queue = client.get(response["Location"]).content.decode()
    assert "Unborn child Ní Bhriain" in queue
    page = client.get(f"/mash/contacts/{contact.pk}/").content.decode()
    assert "Not born yet: expected 14 May 2027" in page


@pytest.mark.parametrize(
    ("expected", "message"),
    [
        ((8, 11, 2026), "Expected date of birth is more than 4 weeks ago"),
        ((9, 10, 2027), "Expected date of birth must be within 10 months of today"),
        (("", "", ""), "Enter the expected date of birth"),
    ],
)
def test_an_expected_date_outside_a_pregnancy_is_refused(client, mash, expected, message) -> None:  # type: ignore[no-untyped-def]
    client.force_login(mash)
    body = client.post("/mash/contacts/new/", contact_data(**UNBORN | _expected(*expected))).content.decode()
    assert message in body
    assert 'href="#id_child_expected_birth_date' in body
    assert "Synthetic: midwife worried" in body  # nothing typed is lost
    assert not Child.objects.exists()


@pytest.mark.parametrize("expected", [(9, 11, 2026), (8, 10, 2027)])
def test_the_edges_of_a_pregnancy_are_accepted(client, mash, expected) -> None:  # type: ignore[no-untyped-def]
    client.force_login(mash)
    assert (
        client.post("/mash/contacts/new/", contact_data(**UNBORN | _expected(*expected))).status_code == 302
    )
    assert Child.objects.get().expected_person_birth_date == date(expected[2], expected[1], expected[0])


def test_born_and_unborn_details_are_not_mixed(client, mash) -> None:  # type: ignore[no-untyped-def]
    client.force_login(mash)
    both = contact_data(
        **UNBORN
        | {"child_birth_date-day": "1", "child_birth_date-month": "12", "child_birth_date-year": "2026"}
    )
    assert (
        "Leave the date of birth blank for a child who is not born yet"
        in client.post("/mash/contacts/new/", both).content.decode()
    )
    born_with_expected = contact_data(**_expected(14, 5, 2027))
    assert (
        "Leave the expected date of birth blank for a child who is born"
        in client.post("/mash/contacts/new/", born_with_expected).content.decode()
    )
    assert not Child.objects.exists()
