"""The drill-down list says what this reader sees, and its record column says what kind of record it is.

From the assurance walk-through: the analyst read "the child's name links to their record" above a
list with no names and no links, and a "Record" column whose numbers were of different kinds on
different lists (allocation 24888, referral 107, for the same child).
"""

from __future__ import annotations

import pytest

from continuum.core import roles
from continuum.metrics import definitions
from continuum.web.dashboards import words
from continuum.web.dashboards.views import _intro
from tests.web.test_drilldown_words import tables  # noqa: F401  (the hand-built contacts, autouse)

pytestmark = pytest.mark.django_db


def test_the_analyst_is_told_they_see_lachildids_not_names(client, make_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(make_user("analyst", roles.PERFORMANCE_ANALYST))
    response = client.get("/performance/front-door/contacts/children/", {"period": "2024-07"})
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        "Each row is one record counted in the figure, shown by the child&#x27;s LAchildID. Names and "
        "links to a child&#x27;s record are shown only to those who may open it. Opening this list is "
        "recorded in the access log."
    ) in page
    assert "name links to their record" not in page
    titles = [t for _, t in response.context["columns"]]
    assert titles[:2] == ["LAchildID", "Contact number"]
    assert "Record" not in titles


def test_the_intro_for_a_reader_who_sees_names_and_for_lists_not_about_children() -> None:
    named = [[{"id": "k1", "name": "A Child", "url": "/children/1/"}], ["k2"]]
    assert _intro(True, False, named) == (
        "Each row is one record counted in the figure. A child's name links to their record, with the "
        "LAchildID beside it; a child whose record you may not open is shown by LAchildID alone."
    )
    assert _intro(False, False, []) == "Each row is one record counted in the figure."


@pytest.mark.parametrize(
    ("code", "title"),
    [
        ("caseload_avg", "Allocation number"),
        ("referrals", "Referral number"),
        ("cp_repeat", "Child protection plan number"),
        ("agency_worker_share", "Social worker"),  # shown by name, so not "Worker (SW_ID)"
        ("vacancy_rate_fte", "Team"),
        ("cla_3plus_placements", None),  # the record is the child: the column would repeat the LAchildID
    ],
)
def test_the_record_column_is_titled_by_its_kind(code: str, title: str | None) -> None:
    assert words.record_title(definitions.get(code).sql) == title


def test_the_repeat_plan_list_speaks_in_words() -> None:
    assert definitions.get("cp_repeat").numerator == "plans started for a child who had a plan before"
    assert words.title("number_of_previous_cpp") == "Previous child protection plans"
    assert words.title("fte") == "Full-time equivalent (FTE)"
