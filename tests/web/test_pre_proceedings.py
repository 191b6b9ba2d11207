"""Pre-proceedings on the child's record: the forms, the service's rules, and the CIN census module 5.

From the worker's form to the return: pre-proceedings started and their
module 5 details recorded in the browser's forms are extracted from the live
record and written as ``<PreProceedingsandFGDM>`` in a 2026-27 census that
validates with the 2026-27 rules.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from continuum.core.models import AccessLogEntry
from continuum.journey import services as s
from continuum.journey.errors import JourneyRuleError
from continuum.journey.models import ChronologyEvent, PreProceedings
from continuum.metrics.extract import extract_tables
from continuum.returns.cin.engine import validate_cin
from continuum.returns.export.cin import export_cin
from tests.web.test_casework_views import client_for, day, hidden, make_world, page_text, url

pytestmark = pytest.mark.django_db

PLO = date(2026, 6, 1)


def details(version: str, **dates: date) -> dict[str, str]:
    """The details form as posted: every box, dates given, the rest left empty."""
    data: dict[str, str] = {"version": version, "seen_state": ""}
    for name in (
        "letter_before_proceedings_date",
        "fgdm_date",
        "initial_meeting_date",
        "decision_date",
        "court_application_date",
        "letter_initiating_proceedings_date",
    ):
        data |= (
            day(name, dates[name]) if name in dates else {f"{name}-{p}": "" for p in ("day", "month", "year")}
        )
    return data


def test_the_worker_records_pre_proceedings_and_the_census_carries_them(make_user, tmp_path) -> None:  # type: ignore[no-untyped-def]
    world = make_world(make_user)
    worker = client_for(world["users"]["sw"])
    record = worker.get(url("child-record", world))
    assert url("child-pre-proceedings-new", world) in page_text(record)

    started = worker.post(
        url("child-pre-proceedings-new", world),
        {**day("plo_start_date", PLO), **day("letter_before_proceedings_date", date(2026, 6, 5))},
    )
    assert started.status_code == 302
    pp = PreProceedings.objects.get(child=world["child"])
    assert (pp.plo_start_date, pp.letter_before_proceedings_date) == (PLO, date(2026, 6, 5))
    address = url("child-pre-proceedings-edit", world, pp.pk)
    assert address in page_text(worker.get(url("child-record", world)))

    form = worker.get(address)
    assert form.status_code == 200
    assert AccessLogEntry.objects.filter(user=world["users"]["sw"]).latest("id").action == (
        "child.pre_proceedings.update"
    )
    # The letter already recorded is shown, so saving keeps it.
    assert 'value="5"' in page_text(form)
    posted = {
        **details(
            hidden(form, "version"),
            letter_before_proceedings_date=date(2026, 6, 5),
            initial_meeting_date=date(2026, 6, 20),
            decision_date=date(2026, 9, 1),
            court_application_date=date(2026, 9, 10),
            letter_initiating_proceedings_date=date(2026, 9, 12),
        ),
        "fgdm_offered": "yes",
        "fgdm_held": "yes",
        "review_meetings": "2",
        "outcome": "B",
    }
    assert worker.post(address, posted).status_code == 302
    pp.refresh_from_db()
    assert (pp.fgdm_offered, pp.fgdm_held, pp.review_meetings, pp.outcome) == (True, True, 2, "B")
    assert ChronologyEvent.objects.filter(child=world["child"], what="Pre-proceedings updated").count() == 1

    # A court application before the decision to step up is refused, with the form kept.
    refused = worker.post(
        address, {**posted, "version": str(pp.version), **day("court_application_date", date(2026, 8, 1))}
    )
    assert refused.status_code == 200
    assert "court application (1 Aug 2026) is before the decision to step up or down" in page_text(refused)
    pp.refresh_from_db()
    assert pp.court_application_date == date(2026, 9, 10)

    # The live record's census for 2026-27 carries the module and validates.
    tables = extract_tables()
    assert tables["pre_proceedings"].to_pylist()[0] | {"pre_proceedings_id": None, "referral_id": None} == {
        "la_code": tables["pre_proceedings"]["la_code"][0].as_py(),
        "pre_proceedings_id": None,
        "referral_id": None,
        "la_child_id": world["child"].la_child_id,
        "pp_start_date": PLO,
        "lbp_sent_date": date(2026, 6, 5),
        "fgdm_meeting_offer": True,
        "fgdm_meeting_fac": True,
        "initial_pp_meeting_date": date(2026, 6, 20),
        "review_meetings_count": 2,
        "step_decision_date": date(2026, 9, 1),
        "pp_outcome": "B",
        "court_app_date": date(2026, 9, 10),
        "letter_init_cp_date": date(2026, 9, 12),
        "pp_end_date": None,
    }
    out = export_cin(
        tables, tmp_path / "cin.xml", 2027, generated=datetime(2027, 4, 2), as_of=date(2027, 4, 1), lea="302"
    )
    text = out.path.read_text()
    assert "<PPStartDate>2026-06-01</PPStartDate>" in text
    assert "<CourtAppDate>2026-09-10</CourtAppDate>" in text
    report = validate_cin(out.path)
    module = {
        "8995Q",
        "9000Q",
        "9005",
        "9006",
        "9007",
        "9008",
        "9009",
        "9010Q",
        "9011",
        "9012",
        "9013",
        "9015Q",
    }
    assert not {f.rule for f in report.iter_failures()} & module


def _started(world: dict[str, Any]) -> PreProceedings:
    return s.start_pre_proceedings(cin_episode=world["episode"], plo_start_date=PLO, by=None)


@pytest.mark.parametrize(
    ("values", "why"),
    [
        ({"letter_before_proceedings_date": date(2026, 5, 1)}, "is before the PLO start date"),
        (
            {"decision_date": date(2026, 9, 1), "court_application_date": date(2026, 8, 1)},
            "before the decision",
        ),
        (
            {
                "court_application_date": date(2026, 9, 1),
                "letter_initiating_proceedings_date": date(2026, 8, 30),
            },
            "is before the court application",
        ),
        ({"review_meetings": 2}, "record its date first"),
        ({"fgdm_offered": False, "fgdm_held": True}, "cannot be held but not offered"),
        ({"outcome": "Z"}, "is not a valid pre-proceedings outcome"),
        ({"decision_date": date(2099, 1, 1)}, "future"),
    ],
)
def test_the_service_refuses_what_the_census_would(make_user, values: dict[str, Any], why: str) -> None:  # type: ignore[no-untyped-def]
    pp = _started(make_world(make_user))
    with pytest.raises(JourneyRuleError, match=why):
        s.update_pre_proceedings(pre_proceedings=pp, expected_version=pp.version, by=None, **values)


def test_the_service_records_on_the_boundaries(make_user) -> None:  # type: ignore[no-untyped-def]
    """The same day passes every order rule (the census says "on or after"); a dated FGDM was held."""
    pp = _started(make_world(make_user))
    pp = s.update_pre_proceedings(
        pre_proceedings=pp,
        expected_version=pp.version,
        by=None,
        letter_before_proceedings_date=PLO,
        fgdm_offered=True,
        fgdm_date=date(2026, 6, 10),
        initial_meeting_date=PLO,
        review_meetings=0,
        decision_date=PLO,
        court_application_date=PLO,
        letter_initiating_proceedings_date=PLO,
    )
    assert pp.fgdm_held is True
    assert pp.review_meetings == 0
    with pytest.raises(TypeError):
        s.update_pre_proceedings(pre_proceedings=pp, expected_version=pp.version, by=None, end_date=PLO)


def test_qa_officers_and_analysts_cannot_record_pre_proceedings(make_user) -> None:  # type: ignore[no-untyped-def]
    world = make_world(make_user)
    pp = _started(world)
    for address in (url("child-pre-proceedings-new", world), url("child-pre-proceedings-edit", world, pp.pk)):
        for name in ("qa", "analyst"):
            refused = client_for(world["users"][name])
            assert refused.get(address).status_code == 403, (name, address)
            assert refused.post(address, {}).status_code == 403, (name, address)
    assert PreProceedings.objects.filter(child=world["child"]).count() == 1
    # A record number that is not this child's pre-proceedings is not found.
    missing = client_for(world["users"]["sw"]).get(url("child-pre-proceedings-edit", world, pp.pk + 1000))
    assert missing.status_code == 404
