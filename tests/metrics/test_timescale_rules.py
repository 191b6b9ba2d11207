"""Indicators of the council's own standards count with its timescale rules; national ones do not.

Issue 12 point 3: the work tray and the dashboard must not disagree about when a
visit was due, so an indicator of a local standard reads the same admin-edited
rule; an indicator that mirrors a DfE statistic keeps the statutory number, and
a tightened local standard gets its own indicator. Every answer is worked out
by hand in the comments.
"""

from __future__ import annotations

from datetime import date

import pytest

from continuum.core.models import TimescaleRule
from continuum.core.timescale_defaults import DEFAULT_RULES
from continuum.core.timescales import Status, evaluate, rules_by_code
from continuum.journey import services as s
from continuum.journey.worktray import due_items_for_child
from continuum.journey.worktray.clocks import placement_visit_chain
from continuum.metrics.engine import Engine
from continuum.metrics.extract import extract_tables
from tests.metrics.builders import CALENDAR, ids, rules_with, run, table

# --- A national figure and its local twin --------------------------------------------------------

# Referral Mon 4 Mar 2024. 45 working days (29 Mar, 1 Apr and 6 May are bank holidays) -> Thu 9 May.
# A council standard of 40 working days -> five working days earlier: 8, 7, 3, 2, 1 May -> Wed 1 May.
_REFERRALS = table("referrals", {"referral_id": "r", "la_child_id": "a", "cin_referral_date": "2024-03-04"})
_ASSESSMENTS = table(
    "assessments",
    *(
        {
            "assessment_id": aid,
            "la_child_id": "a",
            "referral_id": "r",
            "assessment_actual_start_date": "2024-03-05",
            "assessment_authorisation_date": done,
        }
        for aid, done in (("on-the-45th-day", "2024-05-09"), ("on-the-40th-day", "2024-05-01"))
    ),
)


def test_a_tighter_local_standard_moves_the_local_indicator_and_not_the_national_one() -> None:
    # Both assessments count against the referral: the second is a re-assessment only by date
    # order, and the first (1 May) is the episode's first. So by the clock of each:
    #   national, 45 wd from 4 Mar (due 9 May): 1 May on time, 9 May on time -> 2/2.
    tables = {"referrals": _REFERRALS, "assessments": _ASSESSMENTS}
    national = run(tables, "assessments_45wd_from_referral", "2024-05")
    assert (national.numerator, national.denominator) == (2, 2)
    # The local indicator with the default rule agrees with the national one.
    same = run(tables, "assessments_local_standard", "2024-05")
    assert (same.numerator, same.denominator) == (2, 2)

    tighter = rules_with("assessment_45wd", interval=40)
    national = run(tables, "assessments_45wd_from_referral", "2024-05", rules=tighter)
    local = run(tables, "assessments_local_standard", "2024-05", rules=tighter)
    assert (national.numerator, national.denominator) == (2, 2)
    # 1 May: the first assessment, from the referral (due 1 May) -> on time. 9 May: a later
    # assessment of the episode, from its own start Tue 5 Mar + 40 wd -> Thu 2 May -> late.
    assert (local.numerator, local.denominator) == (1, 2)
    assert ids(local, where_num=True) == ["on-the-40th-day"]
    assert {r["record_id"]: r["due"] for r in local.rows.to_pylist()} == {
        "on-the-40th-day": date(2024, 5, 1),
        "on-the-45th-day": date(2024, 5, 2),
    }


def test_a_tighter_icpc_standard_moves_only_the_local_indicator() -> None:
    # Strategy discussions Mon 8 Jan 2024: 15 working days -> Mon 29 Jan; 10 -> Mon 22 Jan.
    # ICPCs on Fri 19 Jan (the 9th working day) and Wed 24 Jan (the 12th).
    s47 = table(
        "s47",
        *(
            {
                "s47_id": sid,
                "la_child_id": sid,
                "s47_actual_start_date": "2024-01-08",
                "strategy_discussion_date": "2024-01-08",
                "date_of_initial_cpc": held,
            }
            for sid, held in (("ninth", "2024-01-19"), ("twelfth", "2024-01-24"))
        ),
    )
    tighter = rules_with("icpc_15wd", interval=10)
    national = run({"s47": s47}, "icpc_15wd", "2024-01", rules=tighter)
    assert (national.numerator, national.denominator) == (2, 2)
    local = run({"s47": s47}, "icpc_local_standard", "2024-01", rules=tighter)
    assert ids(local, where_num=True) == ["ninth"]
    assert {r["due"] for r in local.rows.to_pylist()} == {date(2024, 1, 22)}
    assert run({"s47": s47}, "icpc_local_standard", "2024-01").numerator == 2  # the default rule


def test_a_switched_off_rule_is_an_error_saying_so_not_a_traceback() -> None:
    rules = tuple(r for r in DEFAULT_RULES if r.code != "assessment_45wd")
    tables = {"referrals": _REFERRALS, "assessments": _ASSESSMENTS}
    engine = Engine(tables, calendar=CALENDAR, rules=rules)
    result = engine.run_one("assessments_local_standard", "2024-05")
    assert result.status == "error"
    assert result.error == (
        "IndicatorError: Assessments completed within the council's own timescale cannot be counted: "
        "the timescale rule 'assessment_45wd' is switched off or missing."
    )
    assert engine.run_one("assessments_45wd", "2024-05").numerator == 2  # the national one is untouched


# --- CLA visits: the long-term interval, as the work tray applies it --------------------------------

# Every placement starts Mon 3 Jun 2024, so its first year ends Tue 3 Jun 2025. Period: August 2025,
# as at Sun 31 Aug 2025. Visits (child seen):
#   T1 long-term: 5 Jun 2024 (the first visit, due 10 Jun), 30 Apr 2025 (late), 10 Jun 2025: the first
#      visit after year one, so the next is due 3 months later, Wed 10 Sep 2025 -> not overdue.
#   T2 the same visits, not long-term: due 10 Jun 2025 + 6 weeks = Tue 22 Jul 2025 -> overdue.
#   T3 long-term: 5 Jun 2024, 10 Jun 2025, 1 Jul 2025: the long-term repeat, due Wed 1 Oct 2025.
#   T4 long-term, first ever visit 10 Jun 2025: that answers the new-placement step; the next is
#      six weeks later (Tue 22 Jul 2025), as the chain walks -> overdue.
# The old indicator (42 days from the latest visit, for everyone) gave 0 of 4.
_VISITS = {
    "T1": ["2024-06-05", "2025-04-30", "2025-06-10"],
    "T2": ["2024-06-05", "2025-04-30", "2025-06-10"],
    "T3": ["2024-06-05", "2025-06-10", "2025-07-01"],
    "T4": ["2025-06-10"],
}
_LONG_TERM = {"T1": True, "T2": False, "T3": True, "T4": True}
_START = date(2024, 6, 3)
_AS_OF = date(2025, 8, 31)
_CLA = {
    "cla_episodes": table(
        "cla_episodes",
        *(
            {
                "episode_id": c,
                "la_child_id": c,
                "period_of_care_id": c,
                "decom": "2024-06-03",
                "long_term": lt,
            }
            for c, lt in _LONG_TERM.items()
        ),
    ),
    "visits": table(
        "visits",
        *(
            {"visit_id": f"{c}-{d}", "la_child_id": c, "visit_type": "CLA", "visit_date": d}
            for c, days in _VISITS.items()
            for d in days
        ),
    ),
}


def _due(result: object) -> dict[str, tuple[date, int]]:
    return {r["la_child_id"]: (r["next_due"], r["num"]) for r in result.rows.to_pylist()}  # type: ignore[attr-defined]


def test_cla_visits_apply_the_long_term_interval() -> None:
    r = run(_CLA, "cla_visits_on_time", "2025-08")
    assert _due(r) == {
        "T1": (date(2025, 9, 10), 1),
        "T2": (date(2025, 7, 22), 0),
        "T3": (date(2025, 10, 1), 1),
        "T4": (date(2025, 7, 22), 0),
    }
    assert (r.numerator, r.denominator, r.value) == (2, 4, 50.0)


def test_cla_visits_follow_the_long_term_rules_first_and_repeat_steps() -> None:
    # A council that wants monthly visits once the long-term phase is under way (the first still
    # 3 months after the year-one visit): T3's 1 Jul visit is a repeat -> due Fri 1 Aug -> overdue;
    # T1's 10 Jun visit is the phase's first -> still due 10 Sep.
    rules = rules_with("cla_visit_long_term", repeat_interval=1)
    due = _due(run(_CLA, "cla_visits_on_time", "2025-08", rules=rules))
    assert due["T1"] == (date(2025, 9, 10), 1)
    assert due["T3"] == (date(2025, 8, 1), 0)
    # With the long-term rule switched off, the chain stops at six-weekly visits, as in the work tray.
    off = tuple(r for r in DEFAULT_RULES if r.code != "cla_visit_long_term")
    due = _due(run(_CLA, "cla_visits_on_time", "2025-08", rules=off))
    assert due["T1"] == (date(2025, 7, 22), 0)
    assert due["T3"] == (date(2025, 8, 12), 0)


@pytest.mark.parametrize("edit", [{}, {"cla_visit_long_term": {"repeat_interval": 1}}])
def test_cla_visits_agree_with_the_clock_engine_child_by_child(edit: dict[str, dict[str, int]]) -> None:
    """The indicator's row for each child says what evaluate() says of the work tray's chain."""
    rules = tuple(DEFAULT_RULES)
    for code, changes in edit.items():
        rules = rules_with(code, **changes)
    index = rules_by_code(rules)
    full = placement_visit_chain(index, long_term=True)
    short = placement_visit_chain(index, long_term=False)  # the work tray's own chain
    rows = _due(run(_CLA, "cla_visits_on_time", "2025-08", rules=rules))
    for child, days in _VISITS.items():
        items = evaluate(
            full if _LONG_TERM[child] else short,
            start=_START,
            as_of=_AS_OF,
            completions=[date.fromisoformat(d) for d in days],
            calendar=CALENDAR,
        )
        assert rows[child] == (items[-1].due, int(items[-1].status is not Status.OVERDUE)), child


# --- One edit in the admin moves the work tray and the dashboard together ---------------------------


@pytest.mark.django_db
def test_editing_the_cp_visit_rule_moves_the_work_tray_and_the_indicator_together() -> None:
    # Strategy discussion Mon 8 Jan 2024, ICPC and plan Wed 24 Jan; the child seen Fri 2 Feb.
    child = s.register_child(
        first_name="Rule",
        last_name="Edit",
        person_birth_date=date(2015, 5, 1),
        sex="F",
        ethnicity="WBRI",
        by=None,
    )
    episode = s.open_referral(
        child=child, cin_referral_date=date(2024, 1, 8), referral_source="6", primary_need_code="N1", by=None
    )
    sd = s.hold_strategy_discussion(cin_episode=episode, held_on=date(2024, 1, 8), decision_s47=True, by=None)
    s47 = s.start_s47(
        cin_episode=episode, s47_actual_start_date=date(2024, 1, 8), strategy_discussion=sd, by=None
    )
    icpc = s.hold_icpc(
        cin_episode=episode, conference_date=date(2024, 1, 24), outcome="plan", section47=s47, by=None
    )
    s.start_cp_plan(icpc=icpc, initial_category_of_abuse="NEG", by=None)
    s.record_visit(child=child, kind="cp", visit_date=date(2024, 2, 2), seen=True, seen_alone=True, by=None)
    as_of = date(2024, 2, 29)  # the last day of the period 2024-02

    def both() -> tuple[tuple[date, Status], tuple[date, int]]:
        item = [i for i in due_items_for_child(child, as_of=as_of) if i.rule_code == "cp_visit"][-1]
        result = Engine(extract_tables(), calendar=CALENDAR).run_one("cp_visits_on_time", "2024-02")
        assert result.status != "error", result.error
        (row,) = result.rows.to_pylist()
        return (item.due, item.status), (row["next_due"], row["num"])

    # The default, every 10 working days: 2 Feb + 10 wd = Fri 16 Feb -> overdue on 29 Feb, in both.
    assert both() == ((date(2024, 2, 16), Status.OVERDUE), (date(2024, 2, 16), 0))

    # The council relaxes it to 20 working days in the admin: 2 Feb + 20 wd = Fri 1 Mar -> due soon
    # in the work tray on 29 Feb (within 5 working days), and not overdue on the dashboard.
    rule = TimescaleRule.objects.get(code="cp_visit")
    rule.interval = rule.repeat_interval = 20
    rule.full_clean()
    rule.save()
    assert both() == ((date(2024, 3, 1), Status.DUE_SOON), (date(2024, 3, 1), 1))


@pytest.mark.django_db
def test_a_long_term_fostering_plan_reaches_the_indicator_and_matches_the_work_tray() -> None:
    # Two children placed Mon 3 Jun 2024 and seen 5 Jun 2024, 30 Apr 2025 and 10 Jun 2025 (T1 and
    # T2 above): with a long-term fostering plan the next visit is due Wed 10 Sep 2025, without one
    # Tue 22 Jul 2025. As at Sun 31 Aug 2025 the first is not overdue and the second is.
    children = {}
    for plan in ("long_term_fostering", ""):
        child = s.register_child(
            first_name="Placed",
            last_name="Child",
            person_birth_date=date(2012, 6, 15),
            sex="F",
            ethnicity="WBRI",
            by=None,
        )
        s.start_cla_episode(
            child=child,
            decom=_START,
            ls="C2",
            cin="N1",
            place="U1",
            in_borough=True,
            by=None,
            permanence_plan=plan,
        )
        for day in _VISITS["T1"]:
            s.record_visit(child=child, kind="cla", visit_date=date.fromisoformat(day), seen=True, by=None)
        children[plan] = child
    tables = extract_tables()
    long_term = {r["la_child_id"]: r["long_term"] for r in tables["cla_episodes"].to_pylist()}
    assert sorted(long_term.values(), key=str) == [None, True]  # an unset plan is "not known"
    result = Engine(tables, calendar=CALENDAR).run_one("cla_visits_on_time", "2025-08")
    rows = {r["la_child_id"]: (r["next_due"], r["num"]) for r in result.rows.to_pylist()}
    for plan, child in children.items():
        (item,) = [
            i
            for i in due_items_for_child(child, as_of=_AS_OF, outstanding_only=True)
            if i.rule_code.startswith("cla_visit")
        ]
        assert rows[child.la_child_id] == (item.due, int(item.status is not Status.OVERDUE)), plan
    assert sorted(rows.values()) == [(date(2025, 7, 22), 0), (date(2025, 9, 10), 1)]
