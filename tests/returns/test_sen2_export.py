"""The SEN2 return written from the SEND records: who is in it, what it says as at the census date,
and the demo borough's return passing every rule with no error."""

from __future__ import annotations

from datetime import date

import pyarrow.compute as pc
import pytest
from lxml import etree

from continuum.people.models import Child
from continuum.returns.report import Severity
from continuum.returns.sen2 import ruleset_for, tables_from_xml, validate_sen2_tables
from continuum.returns.sen2.export import build_sen2
from continuum.send.models import AnnualReview, AssessmentException, EHCPlan, EHCRequest

pytestmark = pytest.mark.django_db
YEAR = "2025-26"  # SEN2 2026: census 15 January 2026, calendar year 2025


def _child(n: int, born: date = date(2013, 3, 4), **kw: object) -> Child:
    return Child.objects.create(
        la_child_id=f"S2X{n}", first_name="Test", last_name=f"Person{n}", person_birth_date=born,
        sex="F", ethnicity="WBRI", upn_unknown="UN1", **kw,
    )  # fmt: skip


def test_who_is_in_it_and_what_it_says_on_the_census_date() -> None:
    # A plan issued in 2025, late, with an exception the Regulations allow; reviewed after the census.
    a = EHCRequest.objects.create(child=_child(1), requested_by="school", received_on=date(2025, 1, 6),
                                  assess_decision="assess", assess_decided_on=date(2025, 2, 10),
                                  issue_decision="issue", issue_decided_on=date(2025, 5, 1),
                                  final_issued_on=date(2025, 6, 30))  # fmt: skip
    AssessmentException.objects.create(ehc_request=a, reason="school_closure", starts_on=date(2025, 4, 1))
    plan = EHCPlan.objects.create(
        child=a.child, ehc_request=a, issued_on=date(2025, 6, 30), primary_need="SLCN",
        setting_type="early_years", budget_agreed=True,
    )  # fmt: skip
    AnnualReview.objects.create(plan=plan, held_on=date(2026, 1, 20), outcome="maintain")  # after the census
    # Refused in December 2025; decided whether to assess only after the census.
    EHCRequest.objects.create(child=_child(2), requested_by="parent", received_on=date(2025, 10, 1),
                              assess_decision="refuse", assess_decided_on=date(2025, 11, 12))  # fmt: skip
    EHCRequest.objects.create(child=_child(3), requested_by="parent", received_on=date(2025, 12, 8),
                              assess_decision="assess", assess_decided_on=date(2026, 1, 19))  # fmt: skip
    # Received after the census; and a plan that ceased in 2024 (neither is in the 2026 return).
    EHCRequest.objects.create(child=_child(4), requested_by="parent", received_on=date(2026, 1, 16))
    old = EHCRequest.objects.create(child=_child(5), requested_by="school", received_on=date(2021, 1, 4),
                                    assess_decision="assess", assess_decided_on=date(2021, 2, 1),
                                    issue_decision="issue", issue_decided_on=date(2021, 4, 1),
                                    final_issued_on=date(2021, 5, 3))  # fmt: skip
    EHCPlan.objects.create(
        child=old.child, ehc_request=old, issued_on=date(2021, 5, 3), primary_need="MLD",
        setting_type="special", ceased_on=date(2024, 7, 20), cease_reason="moved_la",
    )  # fmt: skip

    data, counts = build_sen2(YEAR, "302")
    assert counts == {"persons": 3, "requests": 3, "active_plans": 1}
    root = etree.fromstring(data)
    assert root.findtext("Header/CollectionDetails/ReferenceDate") == "2026-01-15"
    people = {p.findtext("Surname"): p for p in root.iterfind("Persons/Person")}
    assert set(people) == {"Person1", "Person2", "Person3"}
    first = people["Person1"].find("Requests")
    assert first.findtext("RequestSource") == "3"
    assert first.findtext("RequestOutcome") == "A"
    assert first.findtext("Assessment/AssessmentOutcomeDate") == "2025-06-30"
    assert first.findtext("Assessment/Week20") == "1"  # 25 weeks, with the school closure
    assert first.findtext("Assessment/NamedPlan/PB") == "1"
    assert first.findtext("Assessment/NamedPlan/PlanDetail/SENsetting") == "EYP"
    assert first.findtext("ActivePlans/SENneed/SENtype") == "SLCN"
    assert first.find("ActivePlans/LastReview") is None  # the review came after the census
    assert people["Person2"].findtext("Requests/RequestOutcome") == "N"
    third = people["Person3"].find("Requests")
    assert third.find("RequestOutcome") is None
    assert third.find("Assessment") is None
    report = validate_sen2_tables(tables_from_xml(data), ruleset_for(YEAR))
    assert report.failures.num_rows == 0


def test_the_demo_boroughs_return_has_no_errors() -> None:
    """The demo's own path: the simulated borough loaded, then its SEND records (synth/send.py)."""
    from continuum.synth.send import ensure_demo_send
    from tests.web.test_reports_app import load_small_borough

    load_small_borough()
    assert ensure_demo_send(seed=5, as_of=date(2026, 3, 31)) > 100
    # The demo's settings carry synthetic identifiers, and its plans of transfer age have transfers.
    assert EHCPlan.objects.exclude(setting_urn="").exists()
    assert EHCPlan.objects.exclude(setting_ukprn="").exists()
    for year in ("2025-26", "2026-27"):
        data, counts = build_sen2(year, "302")
        assert counts["active_plans"] > 20
        report = validate_sen2_tables(tables_from_xml(data, f"sen2-{year}.xml"), ruleset_for(year))
        errors = report.failures.filter(pc.equal(report.failures["severity"], Severity.ERROR.value))
        assert errors.num_rows == 0, errors.slice(0, 5).to_pylist()
        assert report.children == counts["persons"]


def test_the_named_setting_is_written_by_its_urn_or_ukprn() -> None:
    """Where the SEN2 layout asks (guide items 4.7a-b, 5.7a-b): a school by its URN, a post-16
    provider by its UKPRN, and only a setting with neither as EYP or OTH."""
    for n, ids in enumerate(({"setting_urn": "912345"}, {"setting_ukprn": "19990001"}, {}), start=1):
        child = _child(10 + n)
        EHCPlan.objects.create(
            child=child, issued_on=date(2024, 5, 1), primary_need="ASD", setting_name=f"Setting {n}",
            setting_type="mainstream" if n != 2 else "post16", **ids,
        )  # fmt: skip
    data, counts = build_sen2(YEAR, "302")
    assert counts["active_plans"] == 3
    root = etree.fromstring(data)
    people = {
        p.findtext("Surname"): p.find("Requests/ActivePlans/PlacementDetail")
        for p in root.iterfind("Persons/Person")
    }
    school, college, other = people["Person11"], people["Person12"], people["Person13"]
    assert (school.findtext("URN"), school.find("SENsetting")) == ("912345", None)
    assert (college.findtext("UKPRN"), college.find("SENsetting")) == ("19990001", None)
    assert (other.find("URN"), other.findtext("SENsetting")) == (None, "OTH")
    report = validate_sen2_tables(tables_from_xml(data), ruleset_for(YEAR))
    assert report.failures.num_rows == 0
