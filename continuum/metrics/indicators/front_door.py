"""The front door: contacts, MASH decisions and referrals (seed 003 L456-462)."""

from __future__ import annotations

from continuum.core.timescales import RuleStep
from continuum.metrics.definitions import CHILD_BREAKDOWNS, Indicator, Polarity, RagThresholds, Unit, register
from continuum.metrics.indicators.papers import (
    BOARD_REPORT_2016_17,
    FAMILY_SERVICES_UPDATE_2020,
    PARTNERSHIP_REPORT_2020,
    PROGRESS_REPORT_2017,
    QA_REPORT_2015,
)

AREA = "Front door"

# A period's rows are chosen by joining its days (period_days, see
# continuum.metrics.calendar_table), not by a BETWEEN: the same rows, but a lookup rather
# than a sort of every contact when the engine counts a dozen periods at once.

register(
    Indicator(
        code="contacts",
        title="Contacts received",
        area=AREA,
        definition="Contacts received at the front door (MASH) in the period, by the date received. "
        "Break down by 'source' for contacts by source agency (ReferralSource codes).",
        source="; ".join(
            (
                "Annex A list 1",
                BOARD_REPORT_2016_17.at(
                    "'Children in Need of Help and Protection'", "annual contacts to MASH: 15,146 in 2016/17"
                ),  # seed 001 L1504
                PARTNERSHIP_REPORT_2020.at(
                    FAMILY_SERVICES_UPDATE_2020, "contacts by agency"
                ),  # seed 003 L456-458
            )
        ),
        unit=Unit.COUNT,
        polarity=Polarity.NEUTRAL,
        tables=("contacts",),
        numerator="contacts received in the period",
        breakdowns=(*CHILD_BREAKDOWNS, "source"),
        sql="""
            SELECT la_child_id, contact_id AS record_id, CAST(contact_datetime AS DATE) AS ref_date,
                   1 AS num, contact_source AS source, mash_outcome
            FROM contacts JOIN period_days($start, $end) p ON p.day = CAST(contact_datetime AS DATE)
        """,
    )
)

register(
    Indicator(
        code="mash_decision_1wd",
        title="MASH decisions made within 1 working day",
        area=AREA,
        definition="Of contacts received in the period whose MASH decision has been made or is overdue at "
        "the period end, the percentage decided within the council's timescale rule 'MASH decision on a "
        "contact' (by default 1 working day) of the day the contact was received (a contact on a Saturday "
        "is due on Monday; a decision on the due day is on time). Contacts not yet decided and not yet due "
        "are left out. A local standard: the work tray counts with the same rule, so an edit in the admin "
        "moves both.",
        source="; ".join(
            (
                "MASH decision due within 1 working day (local setting)",
                PARTNERSHIP_REPORT_2020.at(
                    "'The safeguarding context in Barnet', 'Our Multi-Agency Safeguarding Hub'",
                    '"Timeliness of decision making has remained at 99%"',
                ),  # seed 003 L125
            )
        ),
        unit=Unit.PERCENT,
        polarity=Polarity.HIGHER,
        tables=("contacts",),
        numerator="contacts decided on or before the due day",
        denominator="contacts received in the period, decided or overdue",
        target=99,
        rag=RagThresholds(green=99, amber=95),
        parameters={"decision": RuleStep("mash_decision")},
        sql="""
            WITH c AS (
              SELECT la_child_id, contact_id,
                     CAST(contact_datetime AS DATE) AS received,
                     CAST(mash_decision_datetime AS DATE) AS decided,
                     add_step(CAST(contact_datetime AS DATE), $decision_n, $decision_unit) AS due
              FROM contacts JOIN period_days($start, $end) p ON p.day = CAST(contact_datetime AS DATE)
            )
            SELECT la_child_id, contact_id AS record_id, received AS ref_date, received, due, decided,
                   CASE WHEN decided IS NOT NULL AND decided <= due THEN 1 ELSE 0 END AS num,
                   1 AS den
            FROM c
            WHERE decided IS NOT NULL OR due <= $end
        """,
    )
)

register(
    Indicator(
        code="brag_changes",
        title="Contacts whose final BRAG differs from the initial BRAG",
        area=AREA,
        definition="Of contacts received in the period with both an initial and a final MASH BRAG "
        "rating, the percentage whose final rating differs from the initial one.",
        source=QA_REPORT_2015.at(
            "'4.1 Theme 1: MASH & DAT: Decision making at the front door'",
            '"final BRAGs changing from the original BRAG"',
        ),  # seed 002 L397-413
        unit=Unit.PERCENT,
        polarity=Polarity.LOWER,
        tables=("contacts",),
        numerator="contacts whose final BRAG differs from the initial BRAG",
        denominator="contacts received in the period with an initial and a final BRAG",
        sql="""
            SELECT la_child_id, contact_id AS record_id, CAST(contact_datetime AS DATE) AS ref_date,
                   initial_brag, final_brag,
                   CASE WHEN final_brag <> initial_brag THEN 1 ELSE 0 END AS num, 1 AS den
            FROM contacts JOIN period_days($start, $end) p ON p.day = CAST(contact_datetime AS DATE)
            WHERE initial_brag IS NOT NULL AND final_brag IS NOT NULL
        """,
    )
)

register(
    Indicator(
        code="referrals",
        title="Referrals to children's social care",
        area=AREA,
        definition="Referrals to children's social care (child in need episodes) with a referral date "
        "(CINreferralDate) in the period. Break down by source for referrals by source agency "
        "(ReferralSource).",
        source="; ".join(
            (
                "CIN census CINreferralDate",
                PARTNERSHIP_REPORT_2020.at(
                    FAMILY_SERVICES_UPDATE_2020,
                    '"the volume of referrals (234)" in July 2020, from the Performance Matters report',
                ),  # seed 003 L460
            )
        ),
        unit=Unit.COUNT,
        polarity=Polarity.NEUTRAL,
        tables=("referrals",),
        numerator="referrals in the period",
        breakdowns=(*CHILD_BREAKDOWNS, "source"),
        national="DfE, Characteristics of children in need (referrals in the year)",
        sql="""
            SELECT la_child_id, referral_id AS record_id, cin_referral_date AS ref_date, 1 AS num,
                   referral_source AS source, referral_nfa
            FROM referrals JOIN period_days($start, $end) p ON p.day = cin_referral_date
        """,
    )
)

register(
    Indicator(
        code="referral_conversion",
        title="Contacts that became referrals",
        area=AREA,
        definition="Of contacts received in the period, the percentage that progressed to a referral to "
        "children's social care (the contact has a referral, or its MASH outcome is a referral to "
        "children's social care).",
        source=PARTNERSHIP_REPORT_2020.at(
            FAMILY_SERVICES_UPDATE_2020, "referral conversion rate 16% in July 2020, yearly average 17%"
        ),  # seed 003 L460-462
        unit=Unit.PERCENT,
        polarity=Polarity.NEUTRAL,
        tables=("contacts",),
        numerator="contacts in the period that became a referral",
        denominator="contacts received in the period",
        sql="""
            SELECT la_child_id, contact_id AS record_id, CAST(contact_datetime AS DATE) AS ref_date,
                   mash_outcome, referral_id,
                   CASE WHEN referral_id IS NOT NULL OR mash_outcome = 'REFERRAL' THEN 1 ELSE 0 END AS num,
                   1 AS den
            FROM contacts JOIN period_days($start, $end) p ON p.day = CAST(contact_datetime AS DATE)
        """,
    )
)

register(
    Indicator(
        code="rereferral_12m",
        title="Re-referrals within 12 months",
        area=AREA,
        definition="Of referrals in the period, the percentage for a child whose most recent earlier "
        "referral (strictly earlier date) was within 12 months. Boundary: a referral exactly 12 "
        "calendar months after the previous one IS a re-referral (previous date >= this date minus "
        "12 months; 29 February minus 12 months is 28 February); one day later is not.",
        source="; ".join(
            (
                "DfE CIN census re-referral measure",
                PROGRESS_REPORT_2017.at(
                    "'Quantitative performance data', paragraph 1.78", "target 18%"
                ),  # seed 001 L548
            )
        ),
        unit=Unit.PERCENT,
        polarity=Polarity.LOWER,
        tables=("referrals",),
        numerator="referrals within 12 months of the child's previous referral",
        denominator="referrals in the period",
        target=18,
        rag=RagThresholds(green=18, amber=22),
        national="DfE, Characteristics of children in need (re-referrals within 12 months of a previous "
        "referral)",
        sql="""
            WITH cur AS (
              SELECT r.* FROM referrals r JOIN period_days($start, $end) p ON p.day = r.cin_referral_date
            ), prev AS (
              SELECT c.referral_id, max(p.cin_referral_date) AS previous_referral_date
              FROM cur c
              JOIN referrals p
                ON p.la_child_id = c.la_child_id AND p.cin_referral_date < c.cin_referral_date
              GROUP BY c.referral_id
            )
            SELECT c.la_child_id, c.referral_id AS record_id, c.cin_referral_date AS ref_date,
                   prev.previous_referral_date,
                   CASE WHEN prev.previous_referral_date
                             >= CAST(c.cin_referral_date - INTERVAL 12 MONTH AS DATE)
                        THEN 1 ELSE 0 END AS num,
                   1 AS den
            FROM cur c LEFT JOIN prev ON prev.referral_id = c.referral_id
        """,
    )
)
