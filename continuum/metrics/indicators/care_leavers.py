"""Care leavers aged 19-21: in touch, accommodation and activity at the birthday (SSDA903 OC3).

Why at the birthday: the SSDA903 return records each care leaver's situation around
their 19th, 20th and 21st birthday, so the DfE's figures are about the status *then*.
Taking the latest status held instead (as these indicators once did) reports a status
set when the young person left care, years earlier, and restates every past year from
whatever is recorded today. Here each figure is read from the dated contact history,
so a year already closed gives the same figure whenever it is recomputed.
"""

from __future__ import annotations

from continuum.metrics.definitions import Indicator, Polarity, RagThresholds, Unit, register
from continuum.metrics.indicators.papers import COMMITTEE_DECISIONS_SEP_2017, PROGRESS_REPORT_2017

AREA = "Care leavers"

#: The window around the birthday. The SSDA903 guide sets one for OC3; the documentation
#: search could not show its text, so the window is a setting with the guide's usual wording
#: as the default (3 months before the birthday to 1 month after). Searched again (December
#: 2026, docs and pages): it finds the DfE's pages for the guide ("Children looked after return
#: 2015 to 2016: guide", https://gov.uk/government/publications/children-looked-after-return-2015-to-2016-guide)
#: and the 2016-17 guide's contents, but not the paragraph on the care leavers' window.
WINDOW: dict[str, object] = {"window_months_before": 3, "window_months_after": 1}

# Care leavers with their 19th, 20th or 21st birthday in the period (one row per birthday),
# the latest contact dated in the window around it, and its OC3 status. A birthday with no
# contact in the window has no status: it counts in the denominator, not in the numerator.
# Those recorded as having died (IN_TOUCH = DIED in the window) are left out.
_AT_BIRTHDAY = """
    WITH birthdays AS (
      SELECT l.la_child_id, l.care_leaver_id, ch.person_birth_date, b.age,
             CAST(ch.person_birth_date + to_years(b.age) AS DATE) AS birthday
      FROM care_leavers l
      JOIN children ch ON ch.la_child_id = l.la_child_id
      CROSS JOIN (VALUES (19), (20), (21)) AS b(age)
      WHERE ch.person_birth_date IS NOT NULL
    ), windows AS (
      SELECT *,
             CAST(birthday - to_months(CAST($window_months_before AS INTEGER)) AS DATE) AS window_start,
             CAST(birthday + to_months(CAST($window_months_after AS INTEGER)) AS DATE) AS window_end
      FROM birthdays
      WHERE birthday BETWEEN $start AND $end
    ), status AS (
      SELECT w.*, k.contact_id, k.contact_date, k.in_touch, k.activ, k.accom,
             row_number() OVER (PARTITION BY w.care_leaver_id, w.age
                                ORDER BY k.contact_date DESC NULLS LAST, k.contact_id DESC) AS nth
      FROM windows w
      LEFT JOIN care_leaver_contacts k
        ON k.la_child_id = w.la_child_id AND k.contact_date BETWEEN w.window_start AND w.window_end
    )
    SELECT * FROM status WHERE nth = 1 AND in_touch IS DISTINCT FROM 'DIED'
"""

_COMMON = {
    "area": AREA,
    "unit": Unit.PERCENT,
    "polarity": Polarity.HIGHER,
    "tables": ("care_leavers", "care_leaver_contacts", "children"),
    "denominator": "care leavers with their 19th, 20th or 21st birthday in the period (not died)",
    "parameters": WINDOW,
    "caveats": (
        "The window around the birthday is a council setting (the months before and the months after). "
        "The SSDA903 guide asks for each care leaver's situation around their 19th, 20th and 21st "
        "birthday; the default window, 3 months before to 1 month after, is the usual reading of it, "
        "not a quotation of the guide, so check it against the current year's guide and change the "
        "setting if the guide's window differs.",
        "An imported SSDA903 return's OC3 row is dated on the birthday it was returned for, so an "
        "imported year gives the figure the council returned.",
    ),
}

_WINDOW_TEXT = (
    "Each care leaver is counted for each 19th, 20th or 21st birthday falling in the period, with the "
    "status found at the latest contact dated in the window around that birthday (by default from 3 "
    "months before to 1 month after it, both days included); a birthday with no contact in the window "
    "counts as not known, so not in the numerator. Those who died are left out. Use a financial year "
    "to set it beside the DfE's figure. Only dated contacts count, never the latest status held, so a "
    "closed year's figure does not move when later contacts are recorded."
)
_SOURCE = (
    "SSDA903 OC3 (IN_TOUCH, ACTIV, ACCOM; information around the 19th, 20th and 21st birthday); DfE, "
    "Children looked after in England including adoptions (care leavers aged 19 to 21)"
)


def _sql(condition: str) -> str:
    return f"""
        SELECT la_child_id, care_leaver_id AS record_id, birthday AS ref_date, age, birthday,
               window_start, window_end, contact_date, in_touch, activ, accom,
               CASE WHEN {condition} THEN 1 ELSE 0 END AS num, 1 AS den
        FROM ({_AT_BIRTHDAY})
    """  # noqa: S608  (condition is a fixed fragment below)


register(
    Indicator(
        code="care_leavers_in_touch_19_21",
        title="Care leavers aged 19-21 in touch at their birthday",
        definition="The percentage of care leavers the authority was in touch with around their birthday "
        f"(IN_TOUCH). {_WINDOW_TEXT}",
        source="; ".join(
            (
                _SOURCE,
                PROGRESS_REPORT_2017.at(
                    "'Quantitative performance data', paragraph 1.77",
                    "care leavers on a pathway plan visited within 2 months",
                ),  # seed 001 L542
            )
        ),
        numerator="birthdays with the care leaver in touch",
        target=90,
        rag=RagThresholds(green=90, amber=80),
        national="DfE, Children looked after in England including adoptions (care leavers aged 19 to 21 "
        "in touch with the local authority)",
        sql=_sql("in_touch = 'YES'"),
        **_COMMON,  # type: ignore[arg-type]
    )
)

register(
    Indicator(
        code="care_leavers_suitable_accom_19_21",
        title="Care leavers aged 19-21 in suitable accommodation at their birthday",
        definition="The percentage whose accommodation (ACCOM) around their birthday was recorded as "
        f"suitable (the code's second character is 1). {_WINDOW_TEXT}",
        source=_SOURCE,
        numerator="birthdays with the care leaver in suitable accommodation",
        target=90,
        rag=RagThresholds(green=90, amber=80),
        national="DfE, Children looked after in England including adoptions (care leavers aged 19 to 21 "
        "in suitable accommodation)",
        sql=_sql("accom LIKE '_1'"),
        **_COMMON,  # type: ignore[arg-type]
    )
)

register(
    Indicator(
        code="care_leavers_eet_19_21",
        title="Care leavers aged 19-21 in education, employment or training at their birthday",
        definition="The percentage in education, employment or training around their birthday "
        f"(ACTIV full-time F1-F5 or part-time P1-P5). {_WINDOW_TEXT}",
        source="; ".join(
            (
                _SOURCE,
                COMMITTEE_DECISIONS_SEP_2017.at(
                    "item 7, 'Update report on the Ofsted Improvement Action Plan implementation progress'",
                    "the committee asked for the 55% target for care leavers aged 19-21 in education, "
                    "employment or training to be reviewed",
                ),  # seed 001 L143, L203
            )
        ),
        numerator="birthdays with the care leaver in education, employment or training",
        target=55,
        rag=RagThresholds(green=55, amber=50),
        national="DfE, Children looked after in England including adoptions (care leavers aged 19 to 21 "
        "in education, employment or training)",
        sql=_sql("(activ LIKE 'F%' OR activ LIKE 'P%')"),
        **_COMMON,  # type: ignore[arg-type]
    )
)
