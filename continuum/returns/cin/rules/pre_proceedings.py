"""Rules on module 5, pre-proceedings and family group decision making (new in 2026-27).

Provisional: transcribed from the draft rules in
``continuum/specs/2026_27/cin_validation_rules_2026_27_changes.csv`` (no DfE
specification for 2026-27 was to hand). Each rule's docstring says how its
DfE text was read where the text is missing, copied over from another rule or
mistyped; correct them here when the DfE publishes its final specification.

"Within [Period_of_Census] inclusive" is 1 April to the ReferenceDate
(``census.collection_start`` to ``census.reference_date``). A rule comparing
with another date of the module does not fire when that date is absent: the
absent date is its own rule's business (9000Q for PPStartDate).

All of them are registered for ``year="2026-27"`` and so are not in the
2025-26 set; ``rulesets.py`` adds them to the 2026-27 one.
"""

# The SQL is built only from fixed fragments in this module; no value is interpolated.
# ruff: noqa: S608

from __future__ import annotations

from continuum.returns.cin.registry import rule

YEAR = "2026-27"

#: PPOutcome codes (codeset CS131). Only the codes are known (Data to
#: Insight's draft accepts A, B and C); their meanings are not published yet.
PP_OUTCOME_CODES = ("A", "B", "C")


def _outside_census(column: str) -> str:
    """``column`` given and not within 1 April to the ReferenceDate, inclusive."""
    return f"({column} IS NOT NULL AND ({column} < c.collection_start OR {column} > c.reference_date))"


def _rows(condition: str) -> str:
    """Module 5 blocks meeting ``condition`` (``c`` is the census row)."""
    return f"SELECT p.child_id, p.line FROM pre_proceedings p, census c WHERE {condition}"


@rule(
    "8995Q",
    table="return",
    fields=["PreProceedingsandFGDM"],
    year=YEAR,
)
def r8995q() -> str:
    """Evaluated for the whole return: not one child has a <PreProceedingsandFGDM> block.

    A council that does not yet record pre-proceedings sees this query and
    answers it; it is not an error.
    """
    return "SELECT NULL AS child_id, NULL AS line WHERE NOT EXISTS (SELECT 1 FROM pre_proceedings)"


@rule(
    "9000Q",
    table="pre_proceedings",
    fields=["PPStartDate"],
    year=YEAR,
)
def r9000q() -> str:
    """DfE text: "(N00826) has not been provided". Read per block: a <PreProceedingsandFGDM>
    without a PPStartDate (Data to Insight's draft asks once per LA; the text does not say).
    """
    return _rows("p.pp_start_date IS NULL")


@rule(
    "9005",
    table="pre_proceedings",
    fields=["PPStartDate", "ReferenceDate"],
    year=YEAR,
)
def r9005() -> str:
    """DfE text: "If (N00826) is present, then (N00826) must fall within [Period_of_Census] inclusive"."""
    return _rows(_outside_census("p.pp_start_date"))


@rule(
    "9006",
    table="pre_proceedings",
    fields=["LBPSentDate", "ReferenceDate"],
    year=YEAR,
)
def r9006() -> str:
    """DfE text: "If (N00827) is present, then (N00827) must fall within [Period_of_Census]
    inclusive and on or after (N00826)": the letter on the day pre-proceedings began passes.
    """
    return _rows(f"{_outside_census('p.lbp_sent_date')} OR p.lbp_sent_date < p.pp_start_date")


@rule(
    "9007",
    table="pre_proceedings",
    fields=["FGDMMeetingOffer"],
    year=YEAR,
)
def r9007() -> str:
    """DfE text: "If (N00827) is present, then (N00828) should be present". An error although
    the message asks to confirm (the code has no Q); Data to Insight's draft tests the reverse
    case, which the text does not say.
    """
    return _rows("p.lbp_sent_date IS NOT NULL AND p.fgdm_meeting_offer IS NULL")


@rule(
    "9008",
    table="pre_proceedings",
    fields=["InitialPPMeetingDate", "ReferenceDate"],
    year=YEAR,
)
def r9008() -> str:
    """DfE text: "If (N00830) is present, then it must fall within [Period_of_Census] inclusive"."""
    return _rows(_outside_census("p.initial_pp_meeting_date"))


@rule(
    "9009",
    table="pre_proceedings",
    fields=["StepDecisionDate", "ReferenceDate"],
    year=YEAR,
)
def r9009() -> str:
    """No DfE text (the rule file repeats 9006's). Read from the message: StepDecisionDate,
    when given, within the census year and on or after PPStartDate (the same day passes).
    """
    return _rows(f"{_outside_census('p.step_decision_date')} OR p.step_decision_date < p.pp_start_date")


@rule(
    "9010Q",
    table="pre_proceedings",
    fields=["FGDMMeetingFac"],
    year=YEAR,
)
def r9010q() -> str:
    """DfE text: "If (N00828) is present and equals true, then (N00829) should be present";
    true is 1 or true, as for every CIN census flag. An offer of 0 needs no answer.
    """
    return _rows("is_true(p.fgdm_meeting_offer) AND p.fgdm_meeting_fac IS NULL")


@rule(
    "9011",
    table="pre_proceedings",
    fields=["PPOutcome"],
    year=YEAR,
)
def r9011() -> str:
    """DfE text: "If (N00833) is present, then it must be a valid value (codeset CS131)". A blank
    outcome passes (the draft that reports it goes beyond the text); codes: PP_OUTCOME_CODES.
    """
    codes = ", ".join(f"'{c}'" for c in PP_OUTCOME_CODES)
    return _rows(f"p.pp_outcome IS NOT NULL AND p.pp_outcome NOT IN ({codes})")


@rule(
    "9012",
    table="pre_proceedings",
    fields=["CourtAppDate", "ReferenceDate"],
    year=YEAR,
)
def r9012() -> str:
    """DfE text: "If (N00834) is present, then it must fall on or after (N008342 and must fall
    within [Period_of_Census] inclusive". "(N008342" is read as N00832, StepDecisionDate (the
    decision to step up into proceedings), as Data to Insight's draft does.
    """
    return _rows(f"{_outside_census('p.court_app_date')} OR p.court_app_date < p.step_decision_date")


@rule(
    "9013",
    table="pre_proceedings",
    fields=["LetterInitCPDate", "ReferenceDate"],
    year=YEAR,
)
def r9013() -> str:
    """No DfE text (the rule file repeats 9012's). Read from the message: LetterInitCPDate, when
    given, within the census year and on or after CourtAppDate (the same day passes).
    """
    return _rows(f"{_outside_census('p.letter_init_cp_date')} OR p.letter_init_cp_date < p.court_app_date")


@rule(
    "9015Q",
    table="pre_proceedings",
    fields=["ReviewMeetingsCount"],
    year=YEAR,
)
def r9015q() -> str:
    """DfE text: "If (N00830) is present, then (N00831) should be reported": a first meeting
    with no count of review meetings (a count of 0 is an answer). Double space as in the source.
    """
    return _rows("p.initial_pp_meeting_date IS NOT NULL AND p.review_meetings_count IS NULL")
