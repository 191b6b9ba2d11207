"""The engine's promises: honest gaps, isolated failures, settings, rounding, trends, comparisons."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from fractions import Fraction
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from continuum.metrics import definitions
from continuum.metrics.definitions import Indicator, Polarity, RagThresholds, Unit
from continuum.metrics.docs_gen import DOC_PATH, render
from continuum.metrics.engine import format_value, rag_for, trend_arrow
from continuum.metrics.indicators.papers import PAPERS
from continuum.metrics.periods import parse_period
from tests.metrics.builders import engine, rules_with, run, table

HERE = Path(__file__).resolve().parent


def _contacts(*days: str) -> pa.Table:
    return table(
        "contacts",
        *[
            {"contact_id": f"c{i}", "la_child_id": f"k{i}", "contact_datetime": f"{d}T10:00"}
            for i, d in enumerate(days)
        ],
    )


# --- Incomplete data ----------------------------------------------------------------


def test_period_beyond_the_data_says_so() -> None:
    contacts = _contacts("2024-07-01", "2024-07-14")
    e = engine({"contacts": contacts}, data_up_to={"contacts": date(2024, 7, 14)})
    july = e.run_one("contacts", "2024-07")
    assert july.status == "incomplete"
    assert july.value == 2
    assert "data up to 14 July 2024" in july.notes
    august = e.run_one("contacts", "2024-08")
    assert august.status == "no_data"
    assert august.value is None
    june = e.run_one("contacts", "2024-06")
    assert june.status == "ok"
    assert june.value == 0


def test_missing_table_is_reported_not_zero() -> None:
    r = engine({}).run_one("contacts", "2024-07")
    assert r.status == "no_data"
    assert r.value is None
    assert "no data supplied for: contacts" in r.notes


def test_missing_tables_are_named_in_words_in_the_indicators_order() -> None:
    # The note sits under the figure on the dashboard: "cp_plans" means nothing to a reader.
    visits = engine({}).run_one("cp_visits_on_time", "2024-07")  # tables: cp_plans, visits
    assert visits.status == "no_data"
    assert "no data supplied for: child protection plans, visits" in visits.notes
    # Only what is missing is named: missing episodes are supplied, care episodes are not.
    from_care = engine({"missing": table("missing")}).run_one("missing_from_care_episodes", "2024-07")
    assert from_care.status == "no_data"
    assert "no data supplied for: looked-after episodes" in from_care.notes


# --- Failures stay local --------------------------------------------------------------


def test_a_failing_indicator_does_not_stop_the_others() -> None:
    broken = Indicator(
        code="broken",
        title="Broken",
        area="Test",
        definition="",
        source="",
        unit=Unit.COUNT,
        polarity=Polarity.NEUTRAL,
        tables=("contacts",),
        numerator="",
        sql="SELECT no_such_column FROM contacts",
    )
    e = engine({"contacts": _contacts("2024-07-01")})
    bad = e.run_one(broken, "2024-07")
    assert bad.status == "error"
    assert "no_such_column" in bad.error
    assert bad.value is None
    results = e.run("2024-07")
    assert all(r.status != "error" for r in results), [r.error for r in results if r.error]
    assert next(r for r in results if r.code == "contacts").value == 1


def test_a_table_missing_a_required_column_is_set_aside_with_a_warning() -> None:
    bad_contacts = pa.table({"contact_id": ["x"]})
    e = engine({"contacts": bad_contacts, "referrals": table("referrals")})
    assert any("'contacts' lacks required column" in w for w in e.warnings)
    assert e.run_one("contacts", "2024-07").status == "no_data"
    assert e.run_one("referrals", "2024-07").value == 0


# --- Settings ------------------------------------------------------------------------


def test_targets_thresholds_and_parameters_are_overridable() -> None:
    # One contact on Mon 1 July decided Wed 3 July: late at 1 working day, on time at 2.
    contacts = table(
        "contacts",
        {
            "contact_id": "a",
            "la_child_id": "a",
            "contact_datetime": "2024-07-01T10:00",
            "mash_decision_datetime": "2024-07-03T10:00",
        },
        {
            "contact_id": "b",
            "la_child_id": "b",
            "contact_datetime": "2024-07-01T10:00",
            "mash_decision_datetime": "2024-07-02T10:00",
        },
    )
    default = run({"contacts": contacts}, "mash_decision_1wd", "2024-07")
    assert (default.value, default.target, default.rag) == (50.0, 99, "R")
    local = {"indicators": {"mash_decision_1wd": {"target": 50, "green": 50, "amber": 40}}}
    assert run({"contacts": contacts}, "mash_decision_1wd", "2024-07", settings=local).rag == "G"
    looser = rules_with("mash_decision", interval=2)  # the council's rule, not a setting
    assert run({"contacts": contacts}, "mash_decision_1wd", "2024-07", rules=looser).value == 100.0
    twice = {"indicators": {"mash_decision_1wd": {"parameters": {"decision_n": 2}}}}
    refused = engine({"contacts": contacts}, settings=twice).run_one("mash_decision_1wd", "2024-07")
    assert refused.status == "error"
    assert "in the timescale rule `mash_decision` (first step), not in settings" in (refused.error or "")
    off = {"indicators": {"mash_decision_1wd": {"rag": None}}}
    assert run({"contacts": contacts}, "mash_decision_1wd", "2024-07", settings=off).rag is None


def test_deprived_area_breakdown_uses_the_ward_setting() -> None:
    children = table(
        "children",
        {"la_child_id": "k0", "ward": "Colindale"},
        {"la_child_id": "k1", "ward": "Totteridge"},
    )
    r = run(
        {"contacts": _contacts("2024-07-01", "2024-07-02"), "children": children},
        "contacts",
        "2024-07",
        breakdown="deprived_area",
        settings={"deprived_wards": ["Colindale"]},
    )
    assert [(g["group"], g["numerator"]) for g in r.breakdown] == [("Deprived", 1), ("Not deprived", 1)]


def test_unknown_breakdown_is_an_error_result() -> None:
    r = engine({"contacts": _contacts("2024-07-01")}).run_one("contacts", "2024-07", breakdown="category")
    assert r.status == "error"
    assert "no breakdown 'category'" in r.error


# --- Rounding, RAG and trends -------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "places", "shown"),
    [
        (Fraction(2675, 1000), Unit.AVERAGE, 2, "2.68"),  # exact half rounds up
        (2.675, Unit.AVERAGE, 2, "2.68"),  # the float's shortest repr, not its binary value
        (Fraction(1, 20), Unit.PERCENT, 1, "0.1%"),
        (Fraction(100, 3), Unit.PERCENT, 1, "33.3%"),
        (Fraction(5, 2), Unit.COUNT, 1, "3"),
        (Fraction(25, 2), Unit.AVERAGE, 0, "13"),  # half-up, not banker's rounding (12)
        (15146, Unit.COUNT, 0, "15,146"),
        (None, Unit.PERCENT, 1, "–"),
    ],
)
def test_display_rounds_half_up(value: object, unit: Unit, places: int, shown: str) -> None:
    assert format_value(value, unit, places) == shown  # type: ignore[arg-type]


def test_rag_is_decided_on_the_displayed_value() -> None:
    rag = RagThresholds(green=90, amber=85)
    assert rag_for(Fraction(8996, 100), rag, Polarity.HIGHER, 1) == "G"  # shows 90.0%
    assert rag_for(Fraction(8994, 100), rag, Polarity.HIGHER, 1) == "A"  # shows 89.9%
    assert rag_for(Fraction(84, 1), rag, Polarity.HIGHER, 1) == "R"
    low = RagThresholds(green=18, amber=22)
    assert rag_for(18.04, low, Polarity.LOWER, 1) == "G"
    assert rag_for(22.1, low, Polarity.LOWER, 1) == "R"


@pytest.mark.parametrize(
    ("current", "earlier", "unit", "polarity", "expected"),
    [
        (80.0, 79.5, Unit.PERCENT, Polarity.HIGHER, ("↔", None)),  # under 1 percentage point
        (80.0, 79.0, Unit.PERCENT, Polarity.HIGHER, ("↑", True)),  # exactly 1 point is a change
        (80.0, 78.0, Unit.PERCENT, Polarity.LOWER, ("↑", False)),
        (17.0, 19.2, Unit.PERCENT, Polarity.LOWER, ("↓", True)),
        (100, 99, Unit.COUNT, Polarity.NEUTRAL, ("↔", None)),  # 1% of 99
        (234, 294, Unit.COUNT, Polarity.NEUTRAL, ("↓", None)),  # seed 003 L460: volumes are neutral
        (0, 0, Unit.COUNT, Polarity.NEUTRAL, ("↔", None)),
        (1, 0, Unit.COUNT, Polarity.LOWER, ("↑", False)),
        (None, 5, Unit.COUNT, Polarity.LOWER, (None, None)),
    ],
)
def test_trend_arrows(
    current: float, earlier: float, unit: Unit, polarity: Polarity, expected: tuple
) -> None:
    assert trend_arrow(current, earlier, unit, polarity) == expected


def test_comparisons() -> None:
    # One contact in each month from August 2023 to July 2024, three in July 2024,
    # two in June 2024 and five in July 2023.
    days = [
        f"{y}-{m:02d}-10" for y, m in [(2023, m) for m in range(8, 13)] + [(2024, m) for m in range(1, 6)]
    ]
    days += ["2024-06-10"] * 2 + ["2024-07-10"] * 3 + ["2023-07-10"] * 5
    r = engine({"contacts": _contacts(*days)}).run_one("contacts", "2024-07", compare=True)
    assert r.value == 3
    prev = r.comparisons["previous_period"]
    assert (prev.label, prev.value, prev.change, prev.arrow, prev.good) == ("2024-06", 2, 1, "↑", None)
    last = r.comparisons["same_period_last_year"]
    assert (last.label, last.value, last.arrow) == ("2023-07", 5, "↓")
    # Rolling average over Aug 2023 - Jul 2024: (10 months x 1 + 2 + 3) / 12 = 15 / 12 = 1.25.
    assert r.comparisons["rolling_12_month_average"].value == 1.25
    assert r.to_dict()["comparisons"]["previous_period"]["arrow"] == "↑"


# --- Properties -----------------------------------------------------------------------

_moments = st.datetimes(datetime(2023, 1, 1), datetime(2025, 6, 30))


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(_moments, st.one_of(st.none(), st.integers(0, 20_000)), st.booleans()),
        max_size=25,
    )
)
def test_percentages_are_between_0_and_100(contacts: list[tuple[datetime, int | None, bool]]) -> None:
    rows = [
        {
            "contact_id": f"c{i}",
            "la_child_id": f"k{i % 5}",
            "contact_datetime": at,
            "mash_decision_datetime": None if delay is None else at + timedelta(minutes=delay),
            "referral_id": f"r{i}" if referred else None,
        }
        for i, (at, delay, referred) in enumerate(contacts)
    ]
    e = engine({"contacts": table("contacts", *rows)})
    for code in ("mash_decision_1wd", "referral_conversion"):
        for label in ("2024-25", "Q2-2024", "2024-03"):
            r = e.run_one(code, label)
            assert r.status == "ok"
            assert 0 <= r.numerator <= r.denominator
            assert r.value is None or 0 <= r.value <= 100


@settings(max_examples=30, deadline=None)
@given(st.lists(st.dates(date(2023, 6, 1), date(2024, 9, 30)), max_size=30), st.integers(1, 12))
def test_rolling_12_is_the_sum_of_its_months_for_counts(days: list[date], month: int) -> None:
    referrals = table(
        "referrals",
        *[
            {"referral_id": f"r{i}", "la_child_id": f"k{i}", "cin_referral_date": d}
            for i, d in enumerate(days)
        ],
    )
    s47 = table(
        "s47",
        *[
            {"s47_id": f"s{i}", "referral_id": "x", "la_child_id": "k", "s47_actual_start_date": d}
            for i, d in enumerate(days)
        ],
    )
    e = engine({"referrals": referrals, "s47": s47})
    period = parse_period(f"R12-2024-{month:02d}")
    for code in ("referrals", "s47_started"):
        total = e.run_one(code, period).value
        assert total == sum(e.run_one(code, m).value for m in period.months())


# --- Definitions, docs and CLI ---------------------------------------------------------


STABLE_CODES = [
    "contacts",
    "mash_decision_1wd",
    "brag_changes",
    "referrals",
    "referral_conversion",
    "rereferral_12m",
    "eh_opened",
    "eh_closed",
    "eh_open",
    "assessments_completed",
    "assessments_45wd",
    "assessments_45wd_from_referral",
    "assessments_local_standard",
    "assessment_avg_days",
    "assessment_median_days",
    "assessment_days_lower_quartile",
    "assessment_days_upper_quartile",
    "s47_started",
    "s47_to_icpc",
    "icpc_held",
    "icpc_15wd",
    "icpc_local_standard",
    "cin_open",
    "cin_rate",
    "cp_open",
    "cp_rate",
    "cp_started",
    "cp_plans_started",
    "cp_ended",
    "cp_plans_ended",
    "cp_by_category",
    "cp_repeat",
    "cp_repeat_2yr",
    "cp_ended_2yr",
    "cp_open_2yr",
    "cp_reviews_on_time",
    "cp_reviews_on_time_dfe",
    "cp_visits_on_time",
    "cin_visits_on_time",
    "cla_open",
    "cla_rate",
    "cla_started",
    "cla_periods_started",
    "cla_ceased",
    "cla_periods_ceased",
    "cla_3plus_placements",
    "cla_long_term_stability",
    "cla_reviews_on_time",
    "cla_visits_on_time",
    "missing_episodes",
    "rhi_offered_72h",
    "missing_from_care_episodes",
    "missing_from_home_episodes",
    "cla_went_missing",
    "cla_went_absent",
    "missing_episodes_per_child",
    "rhi_held_72h",
    "pep_up_to_date",
    "health_assessment_up_to_date",
    "dental_up_to_date",
    "care_leavers_in_touch_19_21",
    "care_leavers_suitable_accom_19_21",
    "care_leavers_eet_19_21",
    "exploitation_assessments",
    "exploitation_by_factor",
    "missing_with_exploitation",
    "assessment_factors",
    "caseload_avg",
    "agency_worker_share",
    "sw_changes",
    "agency_share_fte",
    "caseload_per_fte",
    "vacancy_rate_fte",
    "case_audits_good_or_better",
    "case_audits_inadequate",
    "ehc_plans_within_20_weeks",
    "ehc_plans_within_20_weeks_excl_exceptions",
    "ehc_requests_received",
    "ehc_refused_to_assess",
    "ehc_plans_maintained",
    "ehc_plans_per_1000_5_15",
    "ehc_reviews_on_time",
    "ehc_transfers_on_time",
    "ehc_personal_budgets",
    "ehc_placed_mainstream",
    "ehc_placed_special",
    "ehc_placed_independent",
    "ehc_placed_out_of_borough",
]


def test_stable_codes_are_registered() -> None:
    codes = [i.code for i in definitions.all_indicators()]
    assert sorted(codes) == sorted(STABLE_CODES)


def test_every_indicator_has_a_known_answer_test() -> None:
    text = "".join(p.read_text() for p in HERE.glob("test_*.py") if p.name != "test_engine.py")
    untested = [c for c in STABLE_CODES if not re.search(rf'"{c}"', text)]
    assert not untested


#: What a citation a reader can follow looks like: a national source, or the borough's paper by its title.
CITATION = re.compile(
    r"DfE|SSDA903|CIN census|Annex A|Working Together|Regulations 2010|statutory guidance|local setting|"
    + "|".join(re.escape(p.title) for p in PAPERS)
)


def test_every_indicator_cites_its_source() -> None:
    for ind in definitions.all_indicators():
        assert CITATION.search(ind.source), ind.code


def test_docs_are_up_to_date() -> None:
    assert DOC_PATH.read_text(encoding="utf-8") == render(), (
        "docs/indicators.md is stale: run  .venv/bin/python -m continuum.metrics.docs_gen"
    )


def test_kpi_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from continuum.cli import main

    pq.write_table(_contacts("2024-05-01", "2024-06-01", "2023-05-01"), tmp_path / "contacts.parquet")
    assert main(["kpi", "--period", "2024-25", "--format", "json", "--parquet", str(tmp_path)]) == 0
    out = json.loads(capsys.readouterr().out)
    entry = next(e for e in out if e["code"] == "contacts")
    for key in ("code", "title", "value", "numerator", "denominator", "unit", "target", "rag", "comparators"):
        assert key in entry
    assert entry["value"] == 2
    assert entry["comparators"] == {}
    assert next(e for e in out if e["code"] == "referrals")["status"] == "no_data"
    assert main(["kpi", "--period", "2024-99", "--parquet", str(tmp_path)]) == 2
    assert "2024-99" in capsys.readouterr().err
