"""One of every journey and looked-after record, with awkward values, flows into every figure and return.

Why: the synthetic borough is bulk-loaded with whole seconds, plain ASCII
names and no clock changes, so it never showed that a form's microseconds
stopped every dashboard (issue 11). Here every record is made through the
services the web forms call, with the values a live record really carries:
moments with microseconds given in other time zones (fixed offsets, not
London), days on which the clocks change (26 October 2025 and 29 March 2026,
with moments in the hour that happens twice on 26 October), the longest
string each field allows, names in several scripts, and optional fields left
empty. Then the whole analytical chain runs on it: extraction, every
indicator for October 2025 and for 2025-26, Performance Matters for October
2025, the board's annual table, every dashboard, and the CIN census, SSDA903
and Annex A exports for the year ending 31 March 2026. Each must succeed and
count the new records; the counts below are worked out by hand from the
records made in :func:`_record_everything`.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from lxml import etree

from continuum.core import roles
from continuum.journey import services as s
from continuum.looked_after import services as la
from continuum.metrics.engine import Engine
from continuum.metrics.extract import extract_tables
from continuum.metrics.schema import TABLES, schema_for
from continuum.people import services as people

pytestmark = pytest.mark.django_db

MONTH, YEAR = "2025-10", "2025-26"  # the month and financial year the records fall in
NEW_YORK = timezone(timedelta(hours=-5))  # fixed offsets: none of them is London's
SANTIAGO = timezone(timedelta(hours=-3))
HALIFAX = timezone(timedelta(hours=-4))
MUMBAI = timezone(timedelta(hours=5, minutes=30))
TOKYO = timezone(timedelta(hours=9))


def longest(text: str, length: int) -> str:
    """``text`` repeated to exactly ``length`` characters: the longest value a field allows."""
    return (text * (length // len(text) + 1))[:length]


WARD = longest("Ærøskøbing & St Mary's–Łódź ", 100)
TEAM = longest("Équipe d'intervention – 李小龙 ", 120)
REFERRER = longest("Siobhán Ní Dhomhnaill-O'Connor محمد ", 200)
WORKER_FIRST = longest("Łukasz ", 100)  # ends in "Łu": no space for the extract's trim to take
WORKER_LAST = longest("Wójcik-O'Brien ", 100)  # ends in "Wójcik-O'B"
PROVIDER = longest("Fostering Ōtautahi Ltd – Zoë's ", 200)


def child_id(letter: str) -> str:
    """An LAchildID of the longest allowed length (20); letters and digits only (CIN rule 1580)."""
    return longest(f"EDGE{letter}", 20)


@dataclass
class Records:
    a: Any  # the child protection journey
    b: Any  # early help
    c: Any  # child in need
    d: Any  # looked after, missing
    e: Any  # adoption
    f: Any  # care leaver
    worker: Any


def _child(letter: str, first: str, last: str, born: date, sex: str, **extra: Any) -> Any:
    return s.register_child(
        la_child_id=child_id(letter),
        first_name=first,
        last_name=last,
        person_birth_date=born,
        sex=sex,
        ethnicity=extra.pop("ethnicity", "AOTH"),
        by=None,
        **extra,
    )


def _contact(child: Any, received: datetime, **extra: Any) -> Any:
    return s.record_contact(
        child=child, received_at=received, referral_source="1A", consent="obtained", by=None, **extra
    )


def _decide(contact: Any, at: datetime, outcome: str, final: str, **extra: Any) -> Any:
    return s.record_mash_decision(
        contact=contact,
        final_brag=final,
        decision_at=at,
        outcome=outcome,
        expected_version=contact.version,
        by=None,
        **{"initial_brag": final, **extra},
    )


def _record_everything() -> Records:
    team = people.create_team(name=TEAM, team_type="intervention_planning")
    mash = people.create_team(name=longest("MASH – Ōtautahi ", 120), team_type="mash")
    worker = people.create_worker(
        first_name=WORKER_FIRST,
        last_name=WORKER_LAST,
        start_date=date(2020, 1, 6),
        team=team,
        sw_id=longest("SW9876543210", 20),
    )
    manager = people.create_worker(
        first_name="李", last_name="小龙", start_date=date(2019, 3, 31), team=mash, role="team_manager"
    )
    adviser = people.create_worker(
        first_name="محمد",
        last_name="Al-Hāshimī",
        start_date=date(2018, 10, 28),
        team=team,
        role="personal_adviser",
    )

    # A: contact -> referral -> assessment -> strategy -> s47 -> ICPC -> CP plan, all in October 2025.
    a = _child("A", "Zoë", longest("O'Brien-Nakamura ", 100), date(2014, 3, 30), "F", upn_unknown="UN1")
    s.record_address(
        child=a,
        start_date=date(2025, 10, 26),
        postcode="SW1A 1AA",
        ward=WARD,
        line_1=longest("Flat 3, Ōtautahi House, 12 St John's Road ", 200),
        town=longest("Kingston ", 100),
        by=None,
    )
    # 01:30:15.654321 UTC on 26 October 2025 is 01:30 GMT: the second time 01:30 came round that night.
    contact_a = _contact(
        a,
        datetime(2025, 10, 25, 20, 30, 15, 654321, tzinfo=NEW_YORK),
        referrer_name=REFERRER,
        referrer_role=REFERRER,
        referrer_organisation=REFERRER,
        referrer_phone=longest("+44 (0)20 7946 0958 ", 20),
        referrer_email=longest("zoe.obrien-nakamura@example.org", 120),
        concerns="Zoë's teacher saw bruising; مخاوف; 担心.",
    )
    contact_a = _decide(
        contact_a,
        datetime(2025, 10, 27, 14, 45, 0, 1, tzinfo=MUMBAI),  # 09:15:00.000001 GMT on Monday
        "referral",
        "R",
        initial_brag="A",
        decided_by=worker,  # the manager oversees another's decision, never their own
        manager_oversight_by=manager,
        manager_oversight_at=datetime(2025, 10, 27, 10, 0, 0, 999999, tzinfo=UTC),
    )
    s.allocate(child=a, team=team, worker=worker, start_date=date(2025, 10, 27), by=None)
    referral_a = s.open_referral(
        child=a,
        cin_referral_date=date(2025, 10, 27),
        referral_source="1A",
        primary_need_code="N1",
        contact=contact_a,
        by=None,
    )
    assessment_a = s.start_assessment(
        cin_episode=referral_a, assessment_actual_start_date=date(2025, 10, 27), by=None
    )
    s.complete_assessment(
        assessment=assessment_a,
        assessment_authorisation_date=date(2025, 10, 31),
        assessment_factors=["3A", "16A"],
        child_seen=True,
        outcome="strategy",
        expected_version=assessment_a.version,
        by=None,
    )
    strategy = s.hold_strategy_discussion(
        cin_episode=referral_a,
        held_on=date(2025, 10, 28),
        decision_s47=True,
        agencies_present=["police", "health"],
        by=None,
    )
    s47 = s.start_s47(
        cin_episode=referral_a,
        s47_actual_start_date=date(2025, 10, 28),
        strategy_discussion=strategy,
        by=None,
    )
    s47 = s.complete_s47(
        section47=s47,
        completed_on=date(2025, 10, 30),
        outcome="substantiated_icpc",
        expected_version=s47.version,
        by=None,
    )
    icpc = s.hold_icpc(
        cin_episode=referral_a,
        conference_date=date(2025, 10, 31),
        outcome="plan",
        section47=s47,
        child_participation="views_conveyed",
        by=None,
    )
    plan = s.start_cp_plan(icpc=icpc, initial_category_of_abuse="NEG", by=None)
    s.record_core_group(
        cp_plan=plan, meeting_date=date(2025, 11, 10), agencies_present=["education"], by=None
    )
    s.record_visit(
        child=a,
        kind="cp",
        visit_date=date(2025, 10, 31),
        seen=True,
        seen_alone=True,
        cp_plan=plan,
        worker=worker,
        by=None,
    )
    s.hold_cp_review(
        cp_plan=plan,
        conference_date=date(2026, 1, 22),
        outcome="continue_plan",
        latest_category_of_abuse="EMO",
        expected_version=plan.version,
        by=None,
    )

    # B: early help. 00:45:00.5 UTC on 26 October is 01:45 BST, the first time round; optional fields empty.
    b = _child("B", "Łukasz", "Wójcik-Ó Súilleabháin", date(2017, 10, 26), "M", ethnicity="WOTH")
    contact_b = _contact(b, datetime(2025, 10, 26, 9, 45, 0, 500000, tzinfo=TOKYO))
    contact_b = _decide(contact_b, datetime(2025, 10, 27, 10, 0, tzinfo=TOKYO), "early_help", "G")
    help_b = s.start_early_help(
        child=b,
        eha_start_date=date(2025, 10, 27),
        contact=contact_b,
        lead_professional_agency="education",
        by=None,
    )
    s.end_early_help(early_help=help_b, eha_end_date=date(2026, 3, 29), expected_version=1, by=None)

    # C: child in need. A second contact at 20:15 on 31 October in New York is 01:15 on 1 November in
    # London: a November contact. One more, at 00:30 on 1 October in +02:00, is still 30 September here.
    c = _child("C", "محمد", "Al-Hāshimī", date(2012, 3, 25), "M", ethnicity="AOTH")
    contact_c = _contact(c, datetime(2025, 10, 6, 9, 0, 0, 999, tzinfo=SANTIAGO))
    contact_c = _decide(
        contact_c, datetime(2025, 10, 6, 15, 0, tzinfo=UTC), "referral", "A", initial_brag="A"
    )
    referral_c = s.open_referral(
        child=c,
        cin_referral_date=date(2025, 10, 6),
        referral_source="1A",
        primary_need_code="N2",
        contact=contact_c,
        by=None,
    )
    s.allocate(child=c, team=team, worker=worker, start_date=date(2025, 10, 6), by=None)
    assessment_c = s.start_assessment(
        cin_episode=referral_c, assessment_actual_start_date=date(2025, 10, 6), by=None
    )
    s.complete_assessment(
        assessment=assessment_c,
        assessment_authorisation_date=date(2025, 10, 20),
        assessment_factors=["21"],
        child_seen=True,
        outcome="cin_plan",
        expected_version=assessment_c.version,
        by=None,
    )
    s.start_cin_plan(cin_episode=referral_c, cin_plan_start_date=date(2025, 10, 20), by=None)
    s.record_visit(child=c, kind="cin", visit_date=date(2025, 10, 26), seen=True, seen_alone=None, by=None)
    late = _contact(c, datetime(2025, 10, 31, 20, 15, 30, 123456, tzinfo=NEW_YORK))
    _decide(late, datetime(2025, 11, 3, 9, 0, tzinfo=UTC), "existing_case", "G")
    early = _contact(c, datetime(2025, 10, 1, 0, 30, tzinfo=timezone(timedelta(hours=2))))
    _decide(early, datetime(2025, 10, 1, 9, 0, tzinfo=UTC), "nfa", "B")

    # D: looked after from 30 March 2025 (a clock-change day); moves on 26 October; goes missing that night.
    d = _child("D", "李小龙", "Ng", date(2009, 3, 29), "F", ethnicity="CHNE")
    cla_d = s.start_cla_episode(
        child=d,
        decom=date(2025, 3, 30),
        ls="V2",
        cin="N1",
        place="U1",
        in_borough=True,
        place_provider="PR1",
        provider_name=PROVIDER,
        home_post="SW1A 1AA",
        pl_post="KT1 1AA",
        urn="SC123456",
        by=None,
    )
    la.record_previous_permanence(child=d, period_started=date(2025, 3, 30), prev_perm="Z1", by=None)
    s.allocate(child=d, team=team, worker=worker, start_date=date(2025, 3, 30), by=None)
    cla_d = s.change_placement(
        cla_episode=cla_d,
        on=date(2025, 10, 26),
        place="U3",
        in_borough=False,
        reason_place_change="CARPL",
        place_provider="PR4",
        pl_post="CR0 1AA",
        expected_version=cla_d.version,
        by=None,
    )
    cla_d = s.change_legal_status(
        cla_episode=cla_d, on=date(2026, 1, 15), ls="C2", expected_version=1, by=None
    )
    s.record_cla_review(child=d, review=date(2025, 10, 27), review_code="PN1", by=None)
    missing = s.record_missing_episode(
        child=d,
        missing="M",
        mis_start=datetime(2025, 10, 25, 21, 10, 0, 250000, tzinfo=HALIFAX),
        where_from="placement_out_of_borough",
        by=None,
    )  # went missing at 01:10:00.25 GMT on 26 October, the second time round
    missing = s.end_missing_episode(
        missing_episode=missing,
        mis_end=datetime(2025, 10, 27, 6, 30, 0, 999999, tzinfo=TOKYO),
        expected_version=missing.version,
        by=None,
    )  # back at 21:30 GMT on 26 October
    s.record_return_home_interview(
        missing_episode=missing,
        rhi_offered_at=datetime(2025, 10, 28, 10, 0, 0, 1, tzinfo=SANTIAGO),
        rhi_accepted=True,
        rhi_held_at=datetime(2025, 10, 29, 21, 30, tzinfo=UTC),  # 72 hours after the return, exactly
        expected_version=missing.version,
        by=None,
    )
    s.record_visit(child=d, kind="cla", visit_date=date(2025, 10, 26), seen=True, seen_alone=True, by=None)
    s.record_pep(child=d, pep_date=date(2025, 10, 27), by=None)
    s.record_health_assessment(child=d, assessment_date=date(2025, 10, 26), kind="review", by=None)
    s.record_dental_check(child=d, check_date=date(2026, 3, 29), by=None)
    s.record_sdq(child=d, sdq_date=date(2026, 3, 29), sdq_score=14, by=None)
    la.record_annual_outcome(
        child=d,
        year_ending=date(2026, 3, 31),
        flags={
            "convicted": False,
            "health_check": True,
            "immunisations": None,
            "teeth_check": True,
            "health_assessment": True,
            "substance_misuse": False,
        },
        by=None,
    )
    la.record_motherhood(
        child=d, recorded_on=date(2025, 10, 27), mother=True, mc_dob=date(2025, 10, 26), by=None
    )

    # E: adopted. In care since June 2024, placed for adoption on 26 October, adopted on 29 March 2026.
    e = _child("E", "Siân", "Ní Bhriain", date(2023, 3, 26), "F", ethnicity="MWBA")
    cla_e = s.start_cla_episode(
        child=e, decom=date(2024, 6, 3), ls="C2", cin="N1", place="U1", in_borough=True, by=None
    )
    la.record_previous_permanence(
        child=e, period_started=date(2024, 6, 3), prev_perm="Z1", la_perm="", date_perm=None, by=None
    )
    adoption = la.record_adoption_decision(child=e, decided_on=date(2025, 5, 1), by=None)
    household = la.record_adopter_household(
        reference=longest("HH-Ø-", 20),
        enquiry_date=date(2024, 9, 1),
        stage1_start=date(2024, 9, 15),
        stage1_end=date(2024, 11, 15),
        stage2_start=date(2024, 12, 1),
        stage2_end=date(2025, 4, 1),
        application_date=date(2024, 12, 1),
        approval_date=date(2025, 6, 2),
        by=None,
    )
    la.add_prospective_adopter(
        household=household, reference=longest("AD-1-", 20), sex="F", ethnicity="WIRI", by=None
    )
    la.add_prospective_adopter(
        household=household, reference=longest("AD-2-", 20), sex="M", ethnicity="BAFR", by=None
    )
    cla_e = s.change_legal_status(
        cla_episode=cla_e, on=date(2025, 7, 1), ls="E1", expected_version=1, by=None
    )
    adoption = la.update_adoption_plan(
        plan=adoption,
        progress=la.AdoptionProgress(
            date_placement_order=date(2025, 7, 1),
            date_match=date(2025, 9, 1),
            date_placed=date(2025, 10, 26),
            foster_care=False,
            nb_adoptr=2,
            sex_adoptr="MF",
            ls_adoptr="L0",
        ),
        household=household,
        expected_version=adoption.version,
        by=None,
    )
    cla_e = s.change_placement(
        cla_episode=cla_e,
        on=date(2025, 10, 26),
        place="A6",
        in_borough=False,
        reason_place_change="CARPL",
        expected_version=cla_e.version,
        by=None,
    )
    la.update_adoption_plan(
        plan=adoption,
        progress=la.AdoptionProgress(date_adoption_order=date(2026, 3, 29)),
        expected_version=adoption.version,
        by=None,
    )
    s.end_cla_episode(
        cla_episode=cla_e, dec=date(2026, 3, 29), rec="E11", expected_version=cla_e.version, by=None
    )

    # F: a care leaver who left care on her 18th birthday, in touch in October 2025.
    f = _child("F", "Ánh", "Nguyễn Thị", date(2006, 10, 26), "F", ethnicity="AOTH")
    cla_f = s.start_cla_episode(
        child=f, decom=date(2022, 1, 10), ls="V2", cin="N1", place="U1", in_borough=True, by=None
    )
    s.end_cla_episode(cla_episode=cla_f, dec=date(2024, 10, 26), rec="E17", expected_version=1, by=None)
    leaver = s.register_care_leaver(
        child=f,
        eligibility_category="former_relevant",
        start_date=date(2024, 10, 26),
        personal_adviser=adviser,
        by=None,
    )
    s.record_care_leaver_contact(
        care_leaver=leaver,
        contact_date=date(2025, 10, 27),
        in_touch="YES",
        accom="B1",
        activ="F1",
        staying_put=True,
        by=None,
    )
    s.record_visit(child=f, kind="care_leaver", visit_date=date(2025, 10, 27), seen=True, by=None)
    return Records(a=a, b=b, c=c, d=d, e=e, f=f, worker=worker)


@pytest.fixture
def records() -> Records:
    return _record_everything()


@pytest.fixture
def tables(records: Records) -> dict[str, pa.Table]:
    return extract_tables()


def _rows(tables: dict[str, pa.Table], name: str, child: Any) -> list[dict[str, Any]]:
    return [r for r in tables[name].to_pylist() if r.get("la_child_id") == child.la_child_id]


def test_the_edge_values_extract_whole(records: Records, tables: dict[str, pa.Table]) -> None:
    for name, table in tables.items():
        assert table.schema.equals(schema_for(name), check_metadata=True), name
    contacts = {
        (r["la_child_id"][4], r["contact_datetime"]): r for r in tables["contacts"].to_pylist()
    }  # local time, naive, to the millisecond (microseconds truncated, never rounded)
    assert sorted(contacts) == [
        ("A", datetime(2025, 10, 26, 1, 30, 15, 654000)),  # GMT, the second 01:30
        ("B", datetime(2025, 10, 26, 1, 45, 0, 500000)),  # BST, the first time round
        ("C", datetime(2025, 9, 30, 23, 30)),
        ("C", datetime(2025, 10, 6, 13, 0, 0, 0)),  # 09:00:00.000999 in -03:00 is 13:00:00.000999 BST
        ("C", datetime(2025, 11, 1, 1, 15, 30, 123000)),
    ]
    a = contacts["A", datetime(2025, 10, 26, 1, 30, 15, 654000)]
    assert a["mash_decision_datetime"] == datetime(2025, 10, 27, 9, 15)
    assert (a["initial_brag"], a["final_brag"], a["mash_outcome"]) == ("A", "R", "REFERRAL")
    b = contacts["B", datetime(2025, 10, 26, 1, 45, 0, 500000)]
    assert (b["initial_brag"], b["mash_outcome"], b["referral_id"]) == ("G", "EARLY_HELP", None)
    [child_a] = _rows(tables, "children", records.a)
    assert (child_a["la_child_id"], child_a["ward"], child_a["home_post"]) == (
        child_id("A"),
        WARD,
        "SW1A 1AA",
    )
    assert child_a["person_birth_date"] == date(2014, 3, 30)
    [child_b] = _rows(tables, "children", records.b)
    assert (child_b["upn"], child_b["upn_unknown"], child_b["ward"], child_b["disabilities"]) == (
        None,
        None,
        None,
        ["NONE"],
    )
    workers = {w["worker_name"] for w in tables["workers"].to_pylist()}
    assert f"{WORKER_FIRST} {WORKER_LAST}" in workers  # 201 characters, whole
    assert TEAM in {t["team_name"] for t in tables["teams"].to_pylist()}
    assert {w["sw_id"] for w in tables["workers"].to_pylist()} >= {longest("SW9876543210", 20)}
    [missing] = _rows(tables, "missing", records.d)
    assert (missing["mis_start"], missing["mis_end"], missing["missing_from"]) == (
        date(2025, 10, 26),
        date(2025, 10, 26),
        "PLACEMENT_OUT",
    )
    assert missing["mis_end_datetime"] == datetime(2025, 10, 26, 21, 30, 0, 999000)
    assert missing["rhi_offered_datetime"] == datetime(2025, 10, 28, 13, 0)
    episodes = sorted(_rows(tables, "cla_episodes", records.d), key=lambda r: r["decom"])
    assert [(r["decom"], r["rne"], r["ls"], r["place"], r["dec"], r["rec"]) for r in episodes] == [
        (date(2025, 3, 30), "S", "V2", "U1", date(2025, 10, 26), "X1"),
        (date(2025, 10, 26), "P", "V2", "U3", date(2026, 1, 15), "X1"),
        (date(2026, 1, 15), "L", "C2", "U3", None, None),
    ]
    assert len({r["period_of_care_id"] for r in episodes}) == 1
    [adoption] = _rows(tables, "adoptions", records.e)
    assert (adoption["family_id"], adoption["date_adoption_order"]) == (
        longest("HH-Ø-", 20),
        date(2026, 3, 29),
    )
    [outcome] = _rows(tables, "cla_outcomes", records.d)
    assert (outcome["sdq_score"], outcome["immunisations"], outcome["intervention_offered"]) == (
        14,
        None,
        None,
    )
    [assessment] = _rows(tables, "assessments", records.a)
    assert assessment["assessment_factors"] == ["3A", "16A"]


#: October 2025, worked out by hand from the records above.
MONTH_COUNTS = {
    "contacts": 3,  # A (26th, 01:30 GMT), B (26th, 01:45 BST), C (6th); not 30 September, not 1 November
    "referrals": 2,  # A and C
    "eh_opened": 1,  # B
    "assessments_completed": 2,  # A (31st) and C (20th)
    "s47_started": 1,
    "icpc_held": 1,
    "cp_started": 1,
    "missing_episodes": 1,
}

#: 2025-26 (April 2025 to March 2026).
YEAR_COUNTS = {
    "contacts": 5,  # the three of October, 30 September and 1 November
    "referrals": 2,
    "eh_opened": 1,
    "eh_closed": 1,  # B, on 29 March 2026
    "assessments_completed": 2,
    "s47_started": 1,
    "icpc_held": 1,
    "cp_started": 1,
    "cp_open": 1,
    "cin_open": 2,  # A and C: open referrals (the looked-after children have none)
    "cla_started": 0,  # D started on 30 March 2025, the year before; E in 2024
    "cla_ceased": 1,  # E, adopted on 29 March 2026
    "cla_open": 1,  # D
    "missing_episodes": 1,
}


def _results(tables: dict[str, pa.Table], period: str) -> dict[str, Any]:
    engine = Engine(tables, data_up_to=dict.fromkeys(TABLES, date(2026, 3, 31)))
    results = {r.code: r for r in engine.run(period)}
    errors = {code: r.error for code, r in results.items() if r.status == "error"}
    assert errors == {}, period
    return results


def test_every_indicator_for_the_month_and_the_year(tables: dict[str, pa.Table]) -> None:
    month = _results(tables, MONTH)
    assert {code: month[code].numerator for code in MONTH_COUNTS} == MONTH_COUNTS
    assert month["rhi_offered_72h"].value == 100.0  # back 21:30 on the 26th, offered 13:00 on the 28th
    assert month["rhi_held_72h"].value == 100.0  # held 21:30 GMT on the 29th: 72 hours exactly
    assert month["mash_decision_1wd"].value == 100.0
    year = _results(tables, YEAR)
    got = {code: year[code].numerator for code in YEAR_COUNTS}
    assert got == YEAR_COUNTS


def test_performance_matters_and_the_annual_table(tables: dict[str, pa.Table], tmp_path: Path) -> None:
    from continuum.reports import board, performance_matters

    report = performance_matters.build(tables, MONTH, data_up_to=date(2026, 3, 31), charts=None)
    assert report.figures["contacts"].value == 3
    assert report.figures["referrals"].value == 2
    assert not [n for n in report.notes if "not calculated" in n]
    html = performance_matters.render_html(report)
    assert "October 2025" in html
    table = board.build(tables, years=2, data_up_to=date(2026, 3, 31))
    assert (table.cells["assessments_completed"][YEAR].count, table.cells["s47_started"][YEAR].count) == (
        2,
        1,
    )
    assert table.cells["cp_open"][YEAR].count == 1
    assert not [n for n in table.notes if "error" in n.lower()]
    assert board.write(table, tmp_path)


def test_every_dashboard_counts_the_new_records(records: Records, client, make_user, settings) -> None:  # type: ignore[no-untyped-def]
    from continuum.web.dashboards.areas import DASHBOARD_AREAS
    from continuum.web.dashboards.source import clear_cache

    settings.CONTINUUM_DASHBOARD_TABLES = None
    clear_cache()
    client.force_login(make_user("analyst", roles.PERFORMANCE_ANALYST))
    try:
        for period in (MONTH, YEAR):
            for area in DASHBOARD_AREAS:
                response = client.get(f"/performance/{area.slug}/", {"period": period})
                assert response.status_code == 200, (area.slug, period)
                assert response.context["failure"] is None, (area.slug, period)
                errors = {v.code: v.error for v in response.context["views"] if v.status == "error"}
                assert errors == {}, (area.slug, period)
        drill = client.get("/performance/front-door/contacts/children/", {"period": MONTH})
        assert drill.status_code == 200
        assert drill.context["page"].paginator.count == 3
    finally:
        clear_cache()


def test_the_returns_export_the_new_records(
    records: Records, tables: dict[str, pa.Table], tmp_path: Path
) -> None:
    from continuum.returns.cin import parse_cin, validate_tables
    from continuum.returns.export.annex_a import export_annex_a
    from continuum.returns.export.cin import export_cin
    from continuum.returns.export.ssda903 import export_903

    cin = export_cin(tables, tmp_path / "cin.xml", 2026, generated=datetime(2026, 4, 1))
    tree = etree.parse(str(cin.path))
    in_xml = {el.text for el in tree.iter() if isinstance(el.tag, str) and el.tag.endswith("LAchildID")}
    assert in_xml == {child_id("A"), child_id("C")}  # the children in need; (cin.children, cin.episodes)
    assert (cin.children, cin.episodes) == (2, 2)
    report = validate_tables(parse_cin(cin.path))
    assert not report.has_errors, sorted(report.codes())
    plans = [el.text for el in tree.iter() if isinstance(el.tag, str) and el.tag.endswith("CPPstartDate")]
    assert plans == ["2025-10-31"]

    written = export_903(tables, tmp_path / "903", 2026)
    episodes = list(csv.DictReader(written["episodes"].open(encoding="utf-8")))
    by_child = {r["CHILD"] for r in episodes}
    assert {child_id("D"), child_id("E")} <= by_child
    assert [r["REC"] for r in episodes if r["CHILD"] == child_id("E")][-1] == "E11"
    assert [r["DEC"] for r in episodes if r["CHILD"] == child_id("E")][
        -1
    ] == "29/03/2026"  # clocks went forward

    path, counts = export_annex_a(tables, tmp_path / "annex_a.xlsx", date(2026, 3, 31), months=12)
    assert path.exists()
    assert counts == {
        "list_1": 5,  # contacts in the 12 months to 31 March 2026
        "list_2": 1,  # early help: B
        "list_3": 2,  # referrals: A and C
        "list_4": 2,  # assessments
        "list_5": 1,  # section 47
        "list_6": 2,  # children in need: A and C
        "list_7": 1,  # child protection: A
        "list_8": 2,  # looked after: D and E
        "list_9": 1,  # care leavers: F
        "list_10": 1,  # adoption: E
        "list_11": 2,  # prospective adopters
    }
