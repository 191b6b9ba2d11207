"""Care leavers aged 19-21: in touch, accommodation and activity (SSDA903 OC3)."""

from __future__ import annotations

from continuum.metrics.definitions import Indicator, Polarity, RagThresholds, Unit, register

AREA = "Care leavers"

# Care leavers aged 19, 20 or 21 at the end of the period's last day, by date
# of birth; those recorded as having died are left out.
_COHORT = """
    SELECT l.la_child_id, l.care_leaver_id, l.in_touch, l.activ, l.accom, l.eligibility_category,
           ch.person_birth_date,
           date_part('year', age(CAST($end AS DATE), ch.person_birth_date)) AS age_at_end
    FROM care_leavers l
    JOIN children ch ON ch.la_child_id = l.la_child_id
    WHERE ch.person_birth_date IS NOT NULL
      AND date_part('year', age(CAST($end AS DATE), ch.person_birth_date)) BETWEEN 19 AND 21
      AND l.in_touch IS DISTINCT FROM 'DIED'
"""

_COMMON = {
    "area": AREA,
    "unit": Unit.PERCENT,
    "polarity": Polarity.HIGHER,
    "measure": "snapshot",
    "tables": ("care_leavers", "children"),
    "denominator": "care leavers aged 19-21 at the period end (not died)",
    "caveats": (
        "Uses the latest OC3 information held and age at the period end; the DfE return instead takes "
        "the information around each young person's 19th, 20th or 21st birthday in the year.",
    ),
}


def _sql(condition: str) -> str:
    return f"""
        SELECT la_child_id, care_leaver_id AS record_id, CAST($end AS DATE) AS ref_date, age_at_end,
               in_touch, activ, accom,
               CASE WHEN {condition} THEN 1 ELSE 0 END AS num, 1 AS den
        FROM ({_COHORT})
    """  # noqa: S608  (condition is a fixed fragment below)


register(
    Indicator(
        code="care_leavers_in_touch_19_21",
        title="Care leavers aged 19-21 in touch",
        definition="Of care leavers aged 19-21 at the period end, the percentage the authority is in "
        "touch with (IN_TOUCH = YES).",
        source="SSDA903 OC3 IN_TOUCH; seed 001 L542 (care leavers seen within 2 months)",
        numerator="care leavers in touch",
        target=90,
        rag=RagThresholds(green=90, amber=80),
        sql=_sql("in_touch = 'YES'"),
        **_COMMON,  # type: ignore[arg-type]
    )
)

register(
    Indicator(
        code="care_leavers_suitable_accom_19_21",
        title="Care leavers aged 19-21 in suitable accommodation",
        definition="Of care leavers aged 19-21 at the period end, the percentage whose accommodation "
        "(ACCOM) is recorded as suitable (the code's second character is 1).",
        source="SSDA903 OC3 ACCOM (accommodation and suitability)",
        numerator="care leavers in suitable accommodation",
        target=90,
        rag=RagThresholds(green=90, amber=80),
        sql=_sql("accom LIKE '_1'"),
        **_COMMON,  # type: ignore[arg-type]
    )
)

register(
    Indicator(
        code="care_leavers_eet_19_21",
        title="Care leavers aged 19-21 in education, employment or training",
        definition="Of care leavers aged 19-21 at the period end, the percentage in education, "
        "employment or training (ACTIV full-time F1-F3 or part-time P1-P3).",
        source="SSDA903 OC3 ACTIV; seed 001 L203 (care leavers aged 19-21 in EET, target 55%)",
        numerator="care leavers in education, employment or training",
        target=55,
        rag=RagThresholds(green=55, amber=50),
        sql=_sql("(activ LIKE 'F%' OR activ LIKE 'P%')"),
        **_COMMON,  # type: ignore[arg-type]
    )
)
