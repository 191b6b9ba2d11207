"""The rows behind a figure say their codes in words (issue 16: drill-down lists without internal codes)."""

from __future__ import annotations

from datetime import date

import pytest

from continuum.core import roles
from continuum.web.dashboards import words
from continuum.web.dashboards.source import Source, clear_cache
from tests.metrics.builders import table

pytestmark = pytest.mark.django_db


def _contacts() -> Source:
    rows = [
        ("c1", "k1", "2024-07-01T10:00", "2A", "EARLY_HELP", "A"),
        ("c2", "k2", "2024-07-02T10:00", "6", "EXISTING", None),
    ]
    return Source(
        tables={
            "contacts": table(
                "contacts",
                *[
                    {
                        "contact_id": c,
                        "la_child_id": k,
                        "contact_datetime": at,
                        "contact_source": s,
                        "mash_outcome": o,
                        "final_brag": b,
                        "mash_decision_datetime": at,
                    }
                    for c, k, at, s, o, b in rows
                ],
            ),
            "referrals": table("referrals"),
        },
        data_up_to=date(2024, 7, 31),
        description="hand-built test tables",
    )


@pytest.fixture(autouse=True)
def tables(settings):  # type: ignore[no-untyped-def]
    settings.CONTINUUM_DASHBOARD_TABLES = _contacts
    clear_cache()
    yield
    clear_cache()


def test_codes_are_shown_in_words_with_the_code_beside_them() -> None:
    assert words.worder("source")("2A") == "Schools (2A)"  # type: ignore[misc]
    # A local code is the record's own choice: its words alone, no analytical spelling beside them.
    assert words.worder("mash_outcome")("EARLY_HELP") == "Early help"  # type: ignore[misc]
    assert words.worder("final_brag")("R") == "Red"  # type: ignore[misc]
    # An assessment's factors: each code of the list in words.
    assert words.worder("factors")("1B 2B") == (  # type: ignore[misc]
        "Alcohol misuse: concerns about the parent or carer (1B), "
        "Drug misuse: concerns about the parent or carer (2B)"
    )
    # A need already in words (a SEND plan's, in the column the CIN need uses) is shown as it is,
    # not split at its spaces ("Social,, emotional, and, mental, health"); a CIN need code still reads.
    assert words.worder("primary_need")("Social, emotional and mental health") == (  # type: ignore[misc]
        "Social, emotional and mental health"
    )
    assert words.worder("primary_need")("Autistic spectrum disorder") == "Autistic spectrum disorder"  # type: ignore[misc]
    assert words.worder("primary_need")("N1").endswith("(N1)")  # type: ignore[misc]
    # A code the list does not hold stays readable; a column that is not coded is left alone.
    assert words.worder("lead_professional_agency")("SOME_AGENCY") == "Some agency"  # type: ignore[misc]
    assert words.worder("days") is None
    assert words.title("mash_outcome") == "MASH outcome"
    assert words.title("placement_start") == "Placement started"


def test_the_drill_down_page_shows_words_not_codes(client, make_user) -> None:
    client.force_login(make_user("user-tm", roles.TEAM_MANAGER))
    response = client.get("/performance/front-door/contacts/children/", {"period": "2024-07"})
    assert response.status_code == 200
    titles = [t for _, t in response.context["columns"]]
    assert "Referral source" in titles
    assert "MASH outcome" in titles
    text = response.content.decode()
    assert "Schools (2A)" in text
    assert "Early help" in text
    assert "Existing open case" in text
    assert "Police (6)" in text
    assert "EARLY_HELP" not in text
    assert "(EXISTING)" not in text
    # A count's rows are each one counted record: no column of 1s; dates as people write them.
    assert "Numerator" not in titles
    assert "Denominator" not in titles
    assert [row[2] for row in response.context["page"]] == ["1 Jul 2024", "2 Jul 2024"]
    assert "Back to the front door dashboard" in text


def test_an_area_named_by_its_abbreviation_keeps_its_capitals_in_a_sentence() -> None:
    """ "Back to the SEND dashboard", not "the send dashboard" (``|lower`` lower-cased it)."""
    from continuum.web.templatetags.dashboard_numbers import in_sentence

    assert in_sentence("SEND") == "SEND"
    assert in_sentence("Front door") == "front door"
    assert in_sentence("Children in care") == "children in care"


def test_a_percentage_says_which_records_met_it_in_its_own_words(client, make_user) -> None:
    """mash_decision_1wd on the two contacts above, both decided at the moment they came in: each
    row is in the denominator (so no such column) and met the 1-working-day measure (Yes)."""
    client.force_login(make_user("user-tm", roles.TEAM_MANAGER))
    response = client.get("/performance/front-door/mash_decision_1wd/children/", {"period": "2024-07"})
    assert response.status_code == 200
    titles = [t for _, t in response.context["columns"]]
    assert "Contacts decided on or before the due day" in titles
    assert not {"Numerator", "Denominator", "Contacts received in the period, decided or overdue"} & set(
        titles
    )
    column = titles.index("Contacts decided on or before the due day")
    assert [row[column] for row in response.context["page"]] == ["Yes", "Yes"]


def test_measure_columns_by_unit() -> None:
    from continuum.metrics import definitions

    late = [{"num": 1, "den": 1}, {"num": 0, "den": 1}, {"num": 0, "den": 0}]
    shown = words.measure_columns(definitions.get("mash_decision_1wd"), late)
    assert shown["num"] is not None
    assert shown["den"] is not None
    assert [shown["num"][1](r["num"]) for r in late] == ["Yes", "No", "No"]
    assert shown["den"][0] == "Contacts received in the period, decided or overdue"
    # An average's rows give their amounts under its own words.
    days = words.measure_columns(definitions.get("assessment_avg_days"), [{"num": 12.0, "den": 1}])
    assert days["num"] is not None
    assert days["num"][1](12.0) == "12"
    assert days["den"] is None
    assert words.measure_columns(definitions.get("contacts"), [{"num": 1}, {"num": 1}]) == {
        "num": None,
        "den": None,
    }


def test_team_and_worker_keys_are_named_or_left_as_they_are() -> None:
    from continuum.metrics.engine import Engine
    from continuum.web.dashboards.views import _sayer

    engine = Engine({"contacts": _contacts().tables["contacts"]})  # no teams or workers here
    for column in ("team", "sw_id"):
        say = _sayer(engine, column)
        assert say is None or say("3") == "3"
    assert _sayer(engine, "days") is None
