"""SEND: EHC needs assessments and plans (seed 001 L2892-3135; DfE SEN2).

The SEND strategy's first measure of success is "the timely completion and reviews of Education,
Health and Care Plans"; it also names 2.6% of the school population with a plan, numbers up 21%
since 2014, low uptake of personal budgets and the placements the plans name. So the figures here:

* requests received and the share refused an assessment (the front of the journey);
* EHC plans issued within 20 weeks, with and without the exceptions the SEND Regulations 2014
  reg 13(3) allow (the DfE's two SEN2 figures; the 20 weeks is the timescale rule
  ``ehc_final_plan``, so a council's edit moves the indicator and the caseworker's list together);
* plans maintained, and children aged 5-15 with a plan per 1,000 of that age (the population
  estimates, or a school-census count the council enters as ``school_population_5_15``);
* annual reviews held within 12 months (rule ``ehc_annual_review``);
* phase transfers whose amended plan named the new setting by the deadline (15 February, or 31
  March into post-16: rules ``ehc_phase_transfer`` and ``ehc_phase_transfer_post16``);
* plans with an agreed personal budget, and the named settings (mainstream, special, independent,
  out of borough), each breakable by primary need.

The breakdowns ``primary_need`` and ``placement`` are the rows' own columns, in words.
"""

from __future__ import annotations

from continuum.core.timescales import RuleStep
from continuum.metrics.definitions import Indicator, Polarity, RagThresholds, Unit, register
from continuum.metrics.indicators.papers import SEND_STRATEGY_2017
from continuum.send.clocks import PHASE_TRANSFER, PHASE_TRANSFER_POST16, TRANSFER_CLOCK_START

AREA = "SEND"
SOURCE = "; ".join(
    (
        SEND_STRATEGY_2017.at(
            "'4. Local need and context' and 'What success looks like'"
        ),  # seed 001 L3086-3135
        "DfE SEN2",
    )
)

#: SEN2 primary need codes in words (the same as continuum/send/models.py PrimaryNeed; a test keeps
#: them equal: this module runs without Django, so it cannot import the model).
PRIMARY_NEEDS = {
    "SPLD": "Specific learning difficulty",
    "MLD": "Moderate learning difficulty",
    "SLD": "Severe learning difficulty",
    "PMLD": "Profound and multiple learning difficulty",
    "SEMH": "Social, emotional and mental health",
    "SLCN": "Speech, language and communication needs",
    "HI": "Hearing impairment",
    "VI": "Vision impairment",
    "MSI": "Multi-sensory impairment",
    "PD": "Physical disability",
    "ASD": "Autistic spectrum disorder",
    "DS": "Down syndrome",
    "OTH": "Other difficulty or disability",
}
#: Named settings' types in words (continuum/send/models.py SettingType, upper-cased as extracted).
SETTING_TYPES = {
    "MAINSTREAM": "Mainstream school",
    "RESOURCED": "Mainstream with resourced provision",
    "SPECIAL": "State-funded special school",
    "INDEPENDENT": "Independent or non-maintained special school",
    "EARLY_YEARS": "Early years setting",
    "POST16": "Further education or post-16",
    "OTHER": "Other arrangements",
}


def _words(column: str, labels: dict[str, str]) -> str:
    """A SQL CASE turning ``column``'s codes into words (unknown codes shown as they are)."""
    whens = " ".join(f"WHEN '{code}' THEN '{text}'" for code, text in labels.items())
    return f"CASE {column} {whens} ELSE {column} END"


_TARGET = (
    "The target and RAG bands are Continuum's defaults, not a published standard: set the council's own."
)
_CHILD = ("age_band", "sex", "ethnicity", "ward", "deprived_area")
_PLAN_DIMS = (*_CHILD, "primary_need", "placement")

#: Plans maintained on the period's last day, with the breakdown columns in words.
_MAINTAINED = f"""
    SELECT x.la_child_id, x.ehc_plan_id AS record_id, CAST($end AS DATE) AS ref_date,
           {{num}} AS num, {{den}} AS den,
           {_words("x.primary_need", PRIMARY_NEEDS)} AS primary_need,
           {_words("x.setting_type", SETTING_TYPES)} AS placement,
           x.issued_on, x.out_of_borough, x.budget_agreed
    FROM ehc_plans x
    WHERE x.issued_on <= $end AND (x.ceased_on IS NULL OR x.ceased_on > $end)
"""  # noqa: S608  (fixed fragments: the code lists above, no input)


def _register(code: str, title: str, definition: str, **kw: object) -> None:
    register(Indicator(code=code, title=title, area=AREA, definition=definition, source=SOURCE, **kw))  # type: ignore[arg-type]


# --- Requests ---------------------------------------------------------------------------------------

_register(
    "ehc_requests_received",
    "Requests for an EHC needs assessment",
    "Requests for an EHC needs assessment received in the period (from a parent, the young person, a "
    "school or anyone else), counted on the day the council received them.",
    unit=Unit.COUNT,
    polarity=Polarity.NEUTRAL,
    tables=("ehc_requests",),
    numerator="requests received",
    breakdowns=_CHILD,
    sql="""
        SELECT la_child_id, ehc_request_id AS record_id, received_on AS ref_date, 1 AS num, requested_by
        FROM ehc_requests
        WHERE received_on BETWEEN $start AND $end
    """,
)

_register(
    "ehc_refused_to_assess",
    "Requests refused an EHC needs assessment",
    "Of the decisions whether to carry out an EHC needs assessment made in the period, the percentage "
    "that refused one.",
    unit=Unit.PERCENT,
    polarity=Polarity.NEUTRAL,
    tables=("ehc_requests",),
    numerator="decisions refusing an assessment",
    denominator="decisions whether to assess made in the period",
    breakdowns=_CHILD,
    caveats=("Neither high nor low is good in itself: read it beside the requests and the plans issued.",),
    sql="""
        SELECT la_child_id, ehc_request_id AS record_id, assess_decided_on AS ref_date,
               CASE WHEN assess_decision = 'REFUSE' THEN 1 ELSE 0 END AS num, 1 AS den, received_on
        FROM ehc_requests
        WHERE assess_decision IS NOT NULL AND assess_decided_on BETWEEN $start AND $end
    """,
)

# --- Plans issued within 20 weeks (DfE SEN2) -----------------------------------------------------------

_WITHIN_20 = """
    SELECT la_child_id, ehc_request_id AS record_id, final_issued_on AS ref_date,
           CASE WHEN final_issued_on <= add_step(received_on, $final_n, $final_unit) THEN 1 ELSE 0 END AS num,
           1 AS den
    FROM ehc_requests
    WHERE final_issued_on BETWEEN $start AND $end {extra}
"""

for code, title, extra, definition in (
    (
        "ehc_plans_within_20_weeks",
        "EHC plans issued within 20 weeks (with exceptions)",
        "",
        "Of new EHC plans issued in the period, the percentage issued within 20 weeks of the request for "
        "an EHC needs assessment (the council's timescale rule 'EHC: final plan issued'), with plans where "
        "an exception applied.",
    ),
    (
        "ehc_plans_within_20_weeks_excl_exceptions",
        "EHC plans issued within 20 weeks (excluding exceptions)",
        "AND NOT coalesce(allowed_exception, false)",
        "As EHC plans issued within 20 weeks, leaving out plans where an exception the SEND Regulations "
        "2014 reg 13(3) allow applied (school closure, exceptional personal circumstances, absence from "
        "the area). Late advice from a partner is not an exception (Code of Practice 9.42).",
    ),
):
    _register(
        code,
        title,
        definition,
        unit=Unit.PERCENT,
        polarity=Polarity.HIGHER,
        tables=("ehc_requests",),
        numerator="EHC plans issued within 20 weeks of the request",
        denominator="EHC plans issued in the period",
        target=60,
        rag=RagThresholds(green=60, amber=50),
        caveats=(_TARGET,),
        breakdowns=_CHILD,
        parameters={"final": RuleStep("ehc_final_plan")},
        sql=_WITHIN_20.format(extra=extra),
    )

# --- Plans maintained and the rate ------------------------------------------------------------------

_register(
    "ehc_plans_maintained",
    "EHC plans maintained",
    "EHC plans the council maintains on the period's last day (issued on or before it and not ceased), "
    "for children and young people of every age up to 25.",
    unit=Unit.COUNT,
    polarity=Polarity.NEUTRAL,
    measure="snapshot",
    tables=("ehc_plans",),
    numerator="EHC plans maintained",
    breakdowns=_PLAN_DIMS,
    sql=_MAINTAINED.format(num="1", den="1"),
)

#: The drill-down row that carries the denominator, in the reader's words: which count of children
#: aged 5 to 15 the figure divides by (the ONS estimate, or the council's school-census count).
_POPULATION_ROW = "children aged 5 to 15 in the ONS mid-year population estimate"
_SCHOOL_CENSUS_ROW = "children aged 5 to 15 in the school census count the council entered"

_register(
    "ehc_plans_per_1000_5_15",
    "Children aged 5-15 with an EHC plan, per 1,000 aged 5-15",
    "Children and young people aged 5 to 15 on the period's last day with an EHC plan maintained, per "
    "1,000 children of that age living in the authority: the latest ONS mid-year estimate on or before the "
    "period's end, or the school-census count of children aged 5 to 15 the council enters as a setting. "
    "For comparison, Barnet's SEND Strategy 2017-2020 gives 2.6% of the school population with a plan: "
    "26 per 1,000.",
    unit=Unit.AVERAGE,
    polarity=Polarity.NEUTRAL,
    measure="snapshot",
    tables=("ehc_plans",),
    numerator="children aged 5-15 with an EHC plan",
    denominator="children aged 5 to 15 living in the authority, in thousands: the ONS mid-year population "
    "estimate, or the school census count the council enters",
    breakdowns=(),
    parameters={"school_population_5_15": 0},
    caveats=(
        f"The denominator is the drill-down's row '{_POPULATION_ROW}' (or, where the council enters a "
        f"count, '{_SCHOOL_CENSUS_ROW}'), in thousands; without population estimates or a school-census "
        "count there is no value.",
    ),
    sql=f"""
        WITH est AS (
            SELECT max(year) AS y FROM population
            WHERE year <= CASE WHEN CAST($end AS DATE) >= make_date(year($end), 6, 30)
                               THEN year($end) ELSE year($end) - 1 END
        ), pop AS (
            SELECT CASE WHEN $school_population_5_15 > 0 THEN CAST($school_population_5_15 AS BIGINT)
                        ELSE (SELECT coalesce(sum(p.population), 0) FROM population p, est
                              WHERE p.year = est.y AND p.age BETWEEN 5 AND 15) END AS n
        )
        SELECT x.la_child_id, x.ehc_plan_id AS record_id, CAST($end AS DATE) AS ref_date,
               1 AS num, CAST(0 AS DOUBLE) AS den
        FROM ehc_plans x JOIN children c ON c.la_child_id = x.la_child_id
        WHERE x.issued_on <= $end AND (x.ceased_on IS NULL OR x.ceased_on > $end)
          AND date_part('year', age(CAST($end AS DATE), c.person_birth_date)) BETWEEN 5 AND 15
        UNION ALL
        SELECT NULL, CASE WHEN $school_population_5_15 > 0 THEN '{_SCHOOL_CENSUS_ROW}'
                          ELSE '{_POPULATION_ROW}' END,
               CAST($end AS DATE), 0, n / 1000.0
        FROM pop WHERE n > 0
    """,  # noqa: S608  (fixed fragments: the two row labels above, no input)
)

# --- Annual reviews --------------------------------------------------------------------------------

_register(
    "ehc_reviews_on_time",
    "EHC plan annual reviews held on time",
    "Of the annual reviews that fell due in the period (12 months from the plan, then from the last "
    "review: the council's timescale rule 'EHC: annual review'), the percentage held by the day they were "
    "due. A review not yet held counts as late; a plan ceased before its review fell due is left out.",
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER,
    tables=("ehc_plans",),
    numerator="reviews held by the day they were due",
    denominator="reviews that fell due in the period",
    target=90,
    rag=RagThresholds(green=90, amber=75),
    caveats=(_TARGET,),
    breakdowns=_PLAN_DIMS,
    parameters={"first": RuleStep("ehc_annual_review"), "next": RuleStep("ehc_annual_review", "repeat")},
    sql=f"""
        WITH held AS (
            SELECT x.la_child_id, x.ehc_plan_id, x.issued_on, x.primary_need, x.setting_type,
                   unnest(x.review_dates) AS held_on
            FROM ehc_plans x
        ), seq AS (
            SELECT *, lag(held_on) OVER (PARTITION BY ehc_plan_id ORDER BY held_on) AS previous
            FROM held
        )
        -- The reviews as a subquery, not a CTE: DuckDB cannot run a CTE that calls the working-day
        -- macros under the engine's LATERAL over periods, and would count each period on its own.
        SELECT la_child_id, record_id, due AS ref_date,
               CASE WHEN held_on IS NOT NULL AND held_on <= due THEN 1 ELSE 0 END AS num, 1 AS den,
               due, held_on,
               {_words("primary_need", PRIMARY_NEEDS)} AS primary_need,
               {_words("setting_type", SETTING_TYPES)} AS placement
        FROM (
            SELECT la_child_id, ehc_plan_id || ' review ' || strftime(held_on, '%Y-%m-%d') AS record_id,
                   CASE WHEN previous IS NULL THEN add_step(issued_on, $first_n, $first_unit)
                        ELSE add_step(previous, $next_n, $next_unit) END AS due,
                   held_on, primary_need, setting_type
            FROM seq
            UNION ALL
            SELECT x.la_child_id, x.ehc_plan_id || ' next review',
                   CASE WHEN coalesce(len(x.review_dates), 0) = 0
                        THEN add_step(x.issued_on, $first_n, $first_unit)
                        ELSE add_step(list_max(x.review_dates), $next_n, $next_unit) END,
                   NULL, x.primary_need, x.setting_type
            FROM ehc_plans x
            WHERE x.ceased_on IS NULL
               OR x.ceased_on > CASE WHEN coalesce(len(x.review_dates), 0) = 0
                                     THEN add_step(x.issued_on, $first_n, $first_unit)
                                     ELSE add_step(list_max(x.review_dates), $next_n, $next_unit) END
        ) items
        WHERE due BETWEEN $start AND $end
    """,  # noqa: S608  (fixed fragments: the code lists above, no input)
)

# --- Phase transfers --------------------------------------------------------------------------------

_START_MONTH, _START_DAY = TRANSFER_CLOCK_START

_register(
    "ehc_transfers_on_time",
    "Phase transfers named by the deadline",
    "Of the phase transfers whose deadline fell in the period (the amended plan naming the new setting, "
    "due by 15 February in the year of the transfer, or 31 March for a move into post-16: SEND Regulations "
    "2014 reg 18, the council's timescale rules 'EHC: plan amended for a phase transfer (school)' and "
    "'EHC: plan amended for a transfer to post-16'), the percentage whose amended plan named the new "
    "setting by the deadline. One not yet issued counts as late; a plan ceased before the deadline with no "
    "amended plan is left out.",
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER,
    tables=("ehc_transfers", "ehc_plans"),
    numerator="transfers with the amended plan naming the new setting issued by the deadline",
    denominator="transfers whose deadline fell in the period",
    target=100,
    rag=RagThresholds(green=95, amber=85),
    caveats=(_TARGET,),
    breakdowns=_PLAN_DIMS,
    parameters={"school": RuleStep(PHASE_TRANSFER), "post16": RuleStep(PHASE_TRANSFER_POST16)},
    sql=f"""
        -- The transfers as a subquery, not a CTE: see ehc_reviews_on_time.
        SELECT la_child_id, ehc_transfer_id AS record_id, due AS ref_date,
               CASE WHEN amended_issued_on <= due AND setting_named THEN 1 ELSE 0 END AS num, 1 AS den,
               due, amended_issued_on, lower(from_phase) || ' to ' || lower(to_phase) AS transfer,
               {_words("primary_need", PRIMARY_NEEDS)} AS primary_need,
               {_words("setting_type", SETTING_TYPES)} AS placement
        FROM (
            SELECT t.*, x.primary_need, x.setting_type, x.ceased_on,
                   CASE WHEN t.to_phase = 'POST16'
                        THEN add_step(make_date(t.transfer_year - 1, {_START_MONTH}, {_START_DAY}),
                                      $post16_n, $post16_unit)
                        ELSE add_step(make_date(t.transfer_year - 1, {_START_MONTH}, {_START_DAY}),
                                      $school_n, $school_unit) END AS due
            FROM ehc_transfers t JOIN ehc_plans x ON x.ehc_plan_id = t.ehc_plan_id
        ) t
        WHERE due BETWEEN $start AND $end
          AND NOT (amended_issued_on IS NULL AND ceased_on IS NOT NULL AND ceased_on <= due)
    """,  # noqa: S608  (fixed fragments: the code lists and the clock's start day, no input)
)

# --- Personal budgets and placements (shares of the plans maintained) ---------------------------------

_register(
    "ehc_personal_budgets",
    "EHC plans with an agreed personal budget",
    "Of the EHC plans maintained on the period's last day, the percentage with a personal budget agreed "
    "(the strategy names low uptake of personal budgets).",
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER,
    measure="snapshot",
    tables=("ehc_plans",),
    numerator="plans with an agreed personal budget",
    denominator="EHC plans maintained",
    breakdowns=_PLAN_DIMS,
    sql=_MAINTAINED.format(num="CASE WHEN coalesce(x.budget_agreed, false) THEN 1 ELSE 0 END", den="1"),
)

for code, title, condition, words in (
    (
        "ehc_placed_mainstream",
        "EHC plans naming a mainstream setting",
        "x.setting_type IN ('MAINSTREAM', 'RESOURCED')",
        "a mainstream school, with or without resourced provision",
    ),
    ("ehc_placed_special", "EHC plans naming a state-funded special school", "x.setting_type = 'SPECIAL'",
     "a state-funded special school"),
    (
        "ehc_placed_independent",
        "EHC plans naming an independent or non-maintained special school",
        "x.setting_type = 'INDEPENDENT'",
        "an independent or non-maintained special school",
    ),
    ("ehc_placed_out_of_borough", "EHC plans naming a setting out of borough",
     "coalesce(x.out_of_borough, false)", "a setting outside the authority, of any type"),
):  # fmt: skip
    _register(
        code,
        title,
        "Of the EHC plans maintained on the period's last day, the percentage whose named setting is "
        f"{words}.",
        unit=Unit.PERCENT,
        polarity=Polarity.NEUTRAL,
        measure="snapshot",
        tables=("ehc_plans",),
        numerator=f"plans naming {words}",
        denominator="EHC plans maintained",
        breakdowns=_PLAN_DIMS,
        sql=_MAINTAINED.format(num=f"CASE WHEN {condition} THEN 1 ELSE 0 END", den="1"),
    )
