"""Down syndrome (DS), a SEN2 primary need since 2025 (SEN2 layout item 5.14), can be recorded as a
plan's primary need, is offered in words on the plan forms, and goes through the SEN2 return: written
by the export, passed by the year's rules, read back by the import and named in words by the
dashboards' primary-need breakdown."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from lxml import etree

from continuum.core import roles
from continuum.people.models import Allocation, Child, TeamType
from continuum.people.services import create_team, create_worker
from continuum.returns.importer import import_files
from continuum.returns.sen2 import layout, ruleset_for, tables_from_xml, validate_sen2_tables
from continuum.returns.sen2.export import build_sen2
from continuum.send.models import EHCPlan, PrimaryNeed
from tests.metrics.builders import run, table

pytestmark = pytest.mark.django_db


def test_every_sen2_primary_need_can_be_recorded() -> None:
    """The plan's choices are the SEN2 layout's SENtype list, in its order, for every year."""
    for year in layout.years():
        (sentype,) = [e for e in layout.elements(year)["sen_needs"] if e.name == "SENtype"]
        assert tuple(PrimaryNeed.values) == sentype.codes, year
    assert dict(PrimaryNeed.choices)["DS"] == "Down syndrome"


def test_the_plan_forms_offer_it_in_words_and_record_it(client, make_user, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONTINUUM_AS_OF = "2025-03-03"
    team = create_team(name="SEND DS", team_type=TeamType.INTERVENTION_PLANNING)
    sw = make_user("send-ds-sw", roles.SOCIAL_WORKER)
    create_worker(first_name="Sam", last_name="Case", start_date=date(2020, 1, 1), team=team, user=sw)
    child = Child.objects.create(la_child_id="SEND-DS1", person_birth_date=date(2016, 4, 1))
    Allocation.objects.create(child=child, team=team, start_date=date(2024, 1, 1))
    plan = EHCPlan.objects.create(child=child, issued_on=date(2024, 6, 3), primary_need="MLD")
    client.force_login(sw)
    url = f"/send/plans/{plan.pk}/change/"
    assert '<option value="DS">Down syndrome</option>' in client.get(url).content.decode()
    changed = client.post(
        url,
        {
            "form": "change",
            "version": str(plan.version),
            "primary_need": "DS",
            "needs": "Learning and speech: as set out in the advice.",
            "outcomes": "Reads simple sentences by the end of Year 4.",
            "provision": "Speech and language therapy, 30 minutes a week.",
            "setting_name": "Riverside Primary",
            "setting_type": "mainstream",
            "out_of_borough": "no",
            "budget_requested": "no",
        },
    )
    assert changed.status_code == 302, changed.content.decode()
    plan.refresh_from_db()
    assert plan.primary_need == "DS"
    page = client.get(f"/send/plans/{plan.pk}/").content.decode()
    assert "Down syndrome" in page
    plan.full_clean()  # the model's own choices take it


def test_it_round_trips_through_the_sen2_return(tmp_path: Path) -> None:
    """A plan in force on the census day of SEN2 2026 (15 Jan 2026) with primary need DS: the export
    writes SENtype DS at rank 1, the 2025-26 rules pass the file with no failure, the import puts DS in
    ``ehc_plans.primary_need``, and the plans-maintained breakdown names it "Down syndrome"."""
    child = Child.objects.create(
        la_child_id="S2DS1", first_name="Test", last_name="Person", person_birth_date=date(2015, 9, 1),
        sex="M", ethnicity="WBRI", upn="W302123456789",
    )  # fmt: skip
    EHCPlan.objects.create(
        child=child, issued_on=date(2023, 5, 2), primary_need="DS", setting_name="Riverside Primary",
        setting_type="mainstream", setting_urn="912345",
    )  # fmt: skip
    data, counts = build_sen2("2025-26", "302")
    assert counts["active_plans"] == 1
    root = etree.fromstring(data)
    need = root.find("Persons/Person/Requests/ActivePlans/SENneed")
    assert (need.findtext("SENtype"), need.findtext("SENtypeRank")) == ("DS", "1")
    report = validate_sen2_tables(tables_from_xml(data), ruleset_for("2025-26"))
    assert report.failures.num_rows == 0, report.failures.to_pylist()

    path = tmp_path / "sen2.xml"
    path.write_bytes(data)
    result = import_files([path], validate=True)
    result.write_parquet(tmp_path / "dataset")
    (row,) = pq.read_table(tmp_path / "dataset" / "ehc_plans.parquet").to_pylist()
    assert (row["la_child_id"], row["primary_need"], row["issued_on"]) == (
        "SEN2-W302123456789",
        "DS",
        date(2023, 5, 2),
    )
    # Maintained at the end of January 2026 (issued May 2023, not ceased): one plan, in words.
    plans = table(
        "ehc_plans", {k: row[k] for k in ("ehc_plan_id", "la_child_id", "issued_on", "primary_need")}
    )
    children = table("children", {"la_child_id": row["la_child_id"], "person_birth_date": "2015-09-01"})
    by_need = run(
        {"ehc_plans": plans, "children": children},
        "ehc_plans_maintained",
        "2026-01",
        breakdown="primary_need",
    ).breakdown
    assert {g["group"]: g["numerator"] for g in by_need} == {"Down syndrome": 1}
