"""The default statutory and local timescales, as data.

These are the clocks of a child's journey, each with where it comes from
(statute and guidance, or a local setting: see docs/sources.md). A council changes its own copy in the
Django admin (``TimescaleRule``); this file is what a new installation starts
with, what the data migration seeds, and what :func:`load_rules` falls back
to when there is no database.

``seed`` points at the Barnet meeting papers under ``seeds/`` (file number and
line) where the timescale is used or measured, so a reader can check that the
default matches what the council actually reports on. Statutory citations are
to the Act, regulation or statutory guidance; a "local standard" is Barnet's
own choice and is expected to differ between councils.

Units and counting are explained in :mod:`continuum.core.timescales`. The
"due soon" window is 5 working days unless a clock is too short or too long
for that to mean anything (the 72-hour RHI clock, the 1-working-day MASH
clock, the 2-year CP plan flag).
"""

from __future__ import annotations

from continuum.core.timescales import Rule, SourceKind, Unit

__all__ = ["DEFAULT_RULES", "DEFAULT_RULES_BY_CODE"]

_WT2018 = "Working Together to Safeguard Children 2018 (statutory guidance), chapter 1"
_RPR2006 = "Children Act 1989 Representations Procedure (England) Regulations 2006"
_CPR2010 = "Care Planning, Placement and Case Review (England) Regulations 2010"

WD = Unit.WORKING_DAYS
S = SourceKind

DEFAULT_RULES: tuple[Rule, ...] = (
    # --- Front door -----------------------------------------------------------
    Rule(
        code="mash_decision",
        name="MASH decision on a contact",
        start_event="contact received",
        interval=1,
        unit=WD,
        applies_to="all",
        source_kind=S.STATUTORY_GUIDANCE,
        citation=f"{_WT2018}: a decision on the response within one working day of a referral",
        seed="003 L125 (timeliness of decision making 99%)",
        due_soon_interval=1,
    ),
    Rule(
        code="strategy_discussion",
        name="Strategy discussion held",
        start_event="decision to hold a strategy discussion",
        interval=1,
        unit=WD,
        applies_to="all (child at risk of significant harm)",
        source_kind=S.LOCAL_STANDARD,
        citation="Local setting (not statute; docs/sources.md): held within 1 working day of the decision",
        due_soon_interval=1,
    ),
    Rule(
        code="assessment_45wd",
        name="Single assessment completed",
        start_event="referral",
        interval=45,
        unit=WD,
        applies_to="CIN (referrals going to assessment)",
        source_kind=S.STATUTORY_GUIDANCE,
        citation=f"{_WT2018}: assessment concluded within 45 working days of the referral",
        seed="001 L534; 002 L467",
    ),
    # --- Child protection ------------------------------------------------------
    Rule(
        code="icpc_15wd",
        name="Initial child protection conference held",
        start_event="strategy discussion that started the s47 enquiry",
        interval=15,
        unit=WD,
        applies_to="CP (s47 enquiry leading to conference)",
        source_kind=S.STATUTORY_GUIDANCE,
        citation=f"{_WT2018}: ICPC within 15 working days of the strategy discussion",
        seed="001 L549; 002 L494",
    ),
    Rule(
        code="first_core_group",
        name="First core group meeting",
        start_event="ICPC",
        interval=10,
        unit=WD,
        applies_to="CP",
        source_kind=S.STATUTORY_GUIDANCE,
        citation=f"{_WT2018}: first core group within 10 working days of the ICPC",
    ),
    Rule(
        code="cp_first_review",
        name="First child protection review conference",
        start_event="ICPC (CP plan start)",
        interval=3,
        unit=Unit.MONTHS,
        applies_to="CP",
        source_kind=S.STATUTORY_GUIDANCE,
        citation=f"{_WT2018}: first review conference within 3 months of the ICPC",
        then="cp_review_repeat",
    ),
    Rule(
        code="cp_review_repeat",
        name="Child protection review conference",
        start_event="previous CP review conference",
        interval=6,
        unit=Unit.MONTHS,
        repeat_interval=6,
        repeat_unit=Unit.MONTHS,
        applies_to="CP",
        source_kind=S.STATUTORY_GUIDANCE,
        citation=f"{_WT2018}: further reviews at intervals of not more than 6 months",
    ),
    Rule(
        code="cp_visit",
        name="Child protection visit",
        start_event="CP plan start, then previous CP visit",
        interval=10,
        unit=WD,
        repeat_interval=10,
        repeat_unit=WD,
        applies_to="CP",
        source_kind=S.LOCAL_STANDARD,
        citation="Barnet local standard: CP visits every 10 working days",
        seed="001 L539",
    ),
    Rule(
        code="cp_plan_2y_warning",
        name="Child protection plan reaching 2 years",
        start_event="CP plan start",
        interval=24,
        unit=Unit.MONTHS,
        applies_to="CP",
        source_kind=S.LOCAL_STANDARD,
        citation=(
            "Local setting: flag plans approaching 2 years and escalate at 21 months "
            "(the 3-month due-soon window); plans lasting 2 years or more are a national CP indicator"
        ),
        seed="000 L852; 004 L2485",
        due_soon_interval=3,
        due_soon_unit=Unit.MONTHS,
        notes="'Done' is the plan ending; a plan still open after 2 years is overdue.",
    ),
    # --- Child in need -----------------------------------------------------------
    Rule(
        code="cin_visit",
        name="Child in need visit",
        start_event="CIN plan start, then previous CIN visit",
        interval=4,
        unit=Unit.WEEKS,
        repeat_interval=4,
        repeat_unit=Unit.WEEKS,
        applies_to="CIN",
        source_kind=S.LOCAL_STANDARD,
        citation="Barnet local standard: CIN visits within 4 weeks",
        seed="001 L538",
    ),
    # --- Looked-after children ------------------------------------------------------
    Rule(
        code="iro_allocated",
        name="Independent reviewing officer allocated",
        start_event="CLA episode start",
        interval=5,
        unit=WD,
        applies_to="CLA",
        source_kind=S.LOCAL_STANDARD,
        citation="Barnet, 'in line with best practice': IRO allocated within 5 working days",
        seed="002 L244",
    ),
    Rule(
        code="cla_first_review",
        name="First looked-after review",
        start_event="CLA episode start",
        interval=20,
        unit=WD,
        applies_to="CLA",
        source_kind=S.STATUTE,
        citation=f"{_CPR2010}, reg 33: first review within 20 working days of becoming looked after",
        then="cla_second_review",
    ),
    Rule(
        code="cla_second_review",
        name="Second looked-after review",
        start_event="first CLA review",
        interval=3,
        unit=Unit.MONTHS,
        applies_to="CLA",
        source_kind=S.STATUTE,
        citation=f"{_CPR2010}, reg 33: second review not more than 3 months after the first",
        then="cla_review_repeat",
    ),
    Rule(
        code="cla_review_repeat",
        name="Looked-after review",
        start_event="previous CLA review",
        interval=6,
        unit=Unit.MONTHS,
        repeat_interval=6,
        repeat_unit=Unit.MONTHS,
        applies_to="CLA",
        source_kind=S.STATUTE,
        citation=f"{_CPR2010}, reg 33: later reviews not more than 6 months after the previous one",
    ),
    Rule(
        code="cla_visit_new_placement",
        name="Visit to a child in a new placement",
        start_event="placement start",
        interval=1,
        unit=Unit.WEEKS,
        applies_to="CLA",
        source_kind=S.STATUTE,
        citation=f"{_CPR2010}, reg 28(2)(a): within one week of the start of any placement",
        seed="002 L529",
        due_soon_interval=2,
        then="cla_visit_year_one",
    ),
    Rule(
        code="cla_visit_year_one",
        name="Visit to a looked-after child (first year of placement)",
        start_event="previous CLA visit",
        interval=6,
        unit=Unit.WEEKS,
        repeat_interval=6,
        repeat_unit=Unit.WEEKS,
        ends_after_interval=12,
        ends_after_unit=Unit.MONTHS,
        applies_to="CLA",
        source_kind=S.STATUTE,
        citation=(
            f"{_CPR2010}, reg 28(2)(b) and (c)(ii): at intervals of not more than 6 weeks in the "
            "first year of the placement, and after that in any placement not intended to last until 18"
        ),
        seed="002 L529",
        then="cla_visit_long_term",
        notes=(
            "For a placement not intended to last until 18, evaluate the chain without "
            "cla_visit_long_term: the six-weekly visits then simply carry on."
        ),
    ),
    Rule(
        code="cla_visit_long_term",
        name="Visit to a looked-after child (long-term placement)",
        start_event="previous CLA visit",
        interval=3,
        unit=Unit.MONTHS,
        repeat_interval=3,
        repeat_unit=Unit.MONTHS,
        applies_to="CLA in a placement intended to last until 18, after its first year",
        source_kind=S.STATUTE,
        citation=f"{_CPR2010}, reg 28(2)(c)(i): at intervals of not more than 3 months",
    ),
    Rule(
        code="health_assessment_annual",
        name="Health assessment (yearly)",
        start_event="previous health assessment",
        interval=12,
        unit=Unit.MONTHS,
        repeat_interval=12,
        repeat_unit=Unit.MONTHS,
        applies_to="CLA aged 5 and over",
        source_kind=S.STATUTE,
        citation=f"{_CPR2010}, reg 7: health assessment reviewed at least once every 12 months from age 5",
    ),
    Rule(
        code="health_assessment_under5",
        name="Health assessment (6-monthly, under 5)",
        start_event="previous health assessment",
        interval=6,
        unit=Unit.MONTHS,
        repeat_interval=6,
        repeat_unit=Unit.MONTHS,
        applies_to="CLA under 5",
        source_kind=S.STATUTE,
        citation=f"{_CPR2010}, reg 7: health assessment reviewed at least once every 6 months before age 5",
        notes="Stop this clock at the 5th birthday and continue with health_assessment_annual.",
    ),
    Rule(
        code="pep_review",
        name="Personal Education Plan reviewed",
        start_event="previous PEP review",
        interval=6,
        unit=Unit.MONTHS,
        repeat_interval=6,
        repeat_unit=Unit.MONTHS,
        applies_to="CLA of school age (Barnet's measure counts ages 5 to 16)",
        source_kind=S.LOCAL_STANDARD,
        citation="Barnet indicator: PEP meeting in the last 6 months",
        seed="001 L541",
    ),
    # --- Missing -------------------------------------------------------------------
    Rule(
        code="rhi_offer",
        name="Return home interview offered",
        start_event="return from missing",
        interval=72,
        unit=Unit.HOURS,
        applies_to="all (child returning from a missing episode)",
        source_kind=S.STATUTORY_GUIDANCE,
        citation=(
            "DfE statutory guidance 'Children who run away or go missing from home or care' (2014): "
            "return interview within 72 hours of return"
        ),
        due_soon_interval=24,
        due_soon_unit=Unit.HOURS,
    ),
    # --- Care leavers ---------------------------------------------------------------
    Rule(
        code="care_leaver_contact",
        name="Care leaver contact",
        start_event="previous contact (or becoming a care leaver)",
        interval=2,
        unit=Unit.MONTHS,
        repeat_interval=2,
        repeat_unit=Unit.MONTHS,
        applies_to="care leaver (duty to age 25)",
        source_kind=S.LOCAL_STANDARD,
        citation="Barnet indicator: care leavers visited within 2 months",
        seed="001 L542",
        notes="Stop the clock at the 25th birthday or when the duty ends.",
    ),
    # --- Courts ------------------------------------------------------------------
    Rule(
        code="care_proceedings_26wk",
        name="Care proceedings concluded",
        start_event="care application issued",
        interval=26,
        unit=Unit.WEEKS,
        applies_to="CLA or CP (children in care proceedings)",
        source_kind=S.STATUTE,
        citation=(
            "Children Act 1989 s32(1)(a)(ii) (inserted by Children and Families Act 2014 s14): "
            "within 26 weeks beginning with the day the application was issued"
        ),
        seed="002 L502",
        counts_start_day=True,
        due_soon_interval=4,
        due_soon_unit=Unit.WEEKS,
    ),
    # --- Early help -------------------------------------------------------------------
    Rule(
        code="early_help_open_9m",
        name="Early help episode open over 9 months",
        start_event="early help assessment (EHA) start",
        interval=9,
        unit=Unit.MONTHS,
        applies_to="early help",
        source_kind=S.LOCAL_STANDARD,
        citation="Barnet measure: CAF/EHA episodes open for over 9 months",
        seed="002 L179",
        due_soon_interval=1,
        due_soon_unit=Unit.MONTHS,
        notes="'Done' is the episode closing.",
    ),
    # --- IRO and chair dispute resolution (continuum/oversight/): one clock per stage ------------
    *(
        Rule(
            code=code,
            name=f"Escalation answered: {who}",
            start_event=start_event,
            interval=interval,
            unit=WD,
            applies_to="CLA and CP (IRO or chair escalation)",
            source_kind=S.LOCAL_STANDARD,
            citation=(
                "IRO Handbook 2010 (statutory guidance), chapter 7: the council sets its dispute "
                "resolution timescales; local setting"
            ),
            seed="002 theme 6 (management footprint; IRO challenge)",
            due_soon_interval=2,
        )
        for code, who, start_event, interval in (
            ("iro_escalation_informal", "informal stage (social worker)", "concern raised", 5),
            ("iro_escalation_team_manager", "team manager", "escalated to team manager", 5),
            ("iro_escalation_service_manager", "service manager", "escalated to service manager", 5),
            ("iro_escalation_director", "director", "escalated to director", 10),
        )
    ),
    # --- Sign-off and supervision (continuum/practice/): seeded by practice migration 0002 ------------
    Rule(
        code="management_authorisation",
        name="Submitted work authorised or returned by a manager",
        start_event="submitted for authorisation",
        interval=5,
        unit=WD,
        applies_to="assessments, CIN and CP plans, case closure and step-down",
        source_kind=S.LOCAL_STANDARD,
        citation="Local practice standard: a manager authorises or returns submitted work; local setting",
        seed="002 theme 6 (management footprint on case files is poor)",
        due_soon_interval=2,
    ),
    *(
        Rule(
            code=code,
            name=f"Supervision held: {who}",
            start_event="last supervision (or start in post)",
            interval=weeks,
            unit=Unit.WEEKS,
            applies_to=who,
            source_kind=S.LOCAL_STANDARD,
            citation="Employer standards for social workers (LGA 2020), standard 6: regular reflective "
            "supervision; the frequency per role is a local setting",
            seed="002 theme 6 (reflective supervision)",
            due_soon_interval=1,
            due_soon_unit=Unit.WEEKS,
        )
        for code, who, weeks in (
            ("supervision_practitioner", "case-holding practitioners", 4),
            ("supervision_manager", "team and service managers", 6),
        )
    ),
    # --- Quality assurance (continuum/assurance/): seeded by assurance migration 0002 -----------------
    Rule(
        code="rapid_review",
        name="Rapid review held",
        start_event="serious incident notification",
        interval=15,
        unit=WD,
        applies_to="serious child safeguarding cases",
        source_kind=S.STATUTORY_GUIDANCE,
        citation="Working Together to Safeguard Children 2018, chapter 4 para 20: a rapid review within "
        "15 working days of the serious incident notification",
        seed="003 L242-261 (six rapid reviews)",
    ),
    Rule(
        code="case_audit_follow_up",
        name="Follow-up review of an Inadequate case audit",
        start_event="case audit graded Inadequate",
        interval=4,
        unit=Unit.WEEKS,
        applies_to="case audits",
        source_kind=S.LOCAL_STANDARD,
        citation="Local QA framework: every Inadequate audit is followed up; local setting",
        seed="002 L342-585 (follow-up of Inadequate audits)",
    ),
    # --- SEND: EHC needs assessments and plans (continuum/send/): seeded by send migrations 0002, 0003 ---
    *(
        Rule(
            code=code,
            name=name,
            start_event=start_event,
            interval=interval,
            unit=unit,
            applies_to="EHC needs assessments and plans (children and young people 0-25)",
            source_kind=S.STATUTE,
            citation=citation,
            seed="001 L2892-3135 (timely completion and reviews of EHC plans)",
            repeat_interval=12 if code == "ehc_annual_review" else None,
            repeat_unit=Unit.MONTHS if code == "ehc_annual_review" else None,
            due_soon_interval=1 if unit == Unit.WEEKS else 4,
            due_soon_unit=Unit.WEEKS,
        )
        for code, name, start_event, interval, unit, citation in (
            (
                "ehc_decision_to_assess",
                "EHC: decision whether to assess",
                "request for an EHC needs assessment",
                6,
                Unit.WEEKS,
                "SEND Regulations 2014 reg 5(1): within 6 weeks of the request",
            ),
            (
                "ehc_advice",
                "EHC: advice received",
                "request for advice",
                6,
                Unit.WEEKS,
                "SEND Regulations 2014 reg 8(1): advice within 6 weeks of the request for it",
            ),
            (
                "ehc_decision_to_issue",
                "EHC: decision whether to issue a plan",
                "request for an EHC needs assessment",
                16,
                Unit.WEEKS,
                "SEND Regulations 2014 reg 10(1): within 16 weeks of the request",
            ),
            (
                "ehc_final_plan",
                "EHC: final plan issued",
                "request for an EHC needs assessment",
                20,
                Unit.WEEKS,
                "SEND Regulations 2014 reg 13(2): within 20 weeks of the request",
            ),
            (
                "ehc_annual_review",
                "EHC: annual review",
                "EHC plan issued (then the last review)",
                12,
                Unit.MONTHS,
                "Children and Families Act 2014 s44(1); SEND Regulations 2014 reg 18: every 12 months",
            ),
            (
                "ehc_amended_plan",
                "EHC: amended plan after an annual review",
                "annual review meeting that decided to amend the plan",
                12,
                Unit.WEEKS,
                "SEND Regulations 2014 reg 20(10) (decision within 4 weeks of the meeting) and reg 22(5) "
                "(amended plan within 8 weeks of the amendment notice): 12 weeks from the meeting",
            ),
        )
    ),
    # --- SEND phase transfers: a fixed date in the year (reg 18), seeded by send migration 0004 ---
    *(
        Rule(
            code=code,
            name=name,
            start_event="the start of the last school year before the transfer (1 September)",
            interval=interval,
            unit=Unit.DATE_IN_YEAR,
            applies_to="EHC plans of children and young people moving to a new phase of education",
            source_kind=S.STATUTE,
            citation=citation,
            seed="001 L2892-3135 (timely completion and reviews of EHC plans)",
            due_soon_interval=6,
            due_soon_unit=Unit.WEEKS,
        )
        for code, name, interval, citation in (
            (
                "ehc_phase_transfer",
                "EHC: plan amended for a phase transfer (school)",
                215,
                "SEND Regulations 2014 reg 18(1)(b) as amended: reviewed and amended, naming the new "
                "school, by 15 February in the calendar year of the transfer",
            ),
            (
                "ehc_phase_transfer_post16",
                "EHC: plan amended for a transfer to post-16",
                331,
                "SEND Regulations 2014 reg 18(1)(a) as amended: from secondary school to a post-16 "
                "institution, reviewed and amended by 31 March in the calendar year of the transfer",
            ),
        )
    ),
    # --- Complaints and members' enquiries (continuum/complaints/): seeded by complaints migration 0002 ----
    *(
        Rule(
            code=code,
            name=name,
            start_event=start_event,
            interval=interval,
            unit=WD,
            applies_to=applies_to,
            source_kind=kind,
            citation=citation,
            seed=seed,
        )
        for code, name, start_event, interval, applies_to, kind, citation, seed in (
            (
                "complaint_statutory_stage1",
                "Statutory complaint: stage 1 response",
                "complaint received",
                10,
                "statutory complaints (Children Act 1989)",
                S.STATUTE,
                f"{_RPR2006} reg 14: local resolution within 10 working days",
                "001 L2292 (stage 1 responded to by the team manager)",
            ),
            (
                "complaint_statutory_stage1_extended",
                "Statutory complaint: stage 1 response (extended)",
                "complaint received",
                20,
                "statutory complaints with an extension agreed",
                S.STATUTE,
                f"{_RPR2006} reg 14(3): extendable to a maximum of 20 working days",
                "001 L2292",
            ),
            (
                "complaint_statutory_stage2",
                "Statutory complaint: stage 2 investigation",
                "stage 2 requested",
                25,
                "statutory complaints at stage 2",
                S.STATUTE,
                f"{_RPR2006} reg 17: independent investigation within 25 working days",
                "001 L2294 (stage 2 independent investigation)",
            ),
            (
                "complaint_statutory_stage2_extended",
                "Statutory complaint: stage 2 investigation (extended)",
                "stage 2 requested",
                65,
                "statutory complaints at stage 2 with an extension",
                S.STATUTE,
                f"{_RPR2006} reg 17(5): extendable to a maximum of 65 working days",
                "001 L2294",
            ),
            (
                "complaint_statutory_stage3",
                "Statutory complaint: stage 3 review panel held",
                "stage 3 requested",
                30,
                "statutory complaints at stage 3",
                S.STATUTE,
                f"{_RPR2006} reg 19: the review panel meets within 30 working days of the request",
                "001 L2296",
            ),
            (
                "complaint_corporate_stage1",
                "Service complaint: stage 1 response (team manager)",
                "complaint received",
                10,
                "service (corporate) complaints",
                S.LOCAL_STANDARD,
                "Council corporate complaints procedure: 10 working days; local setting",
                "001 L2300, L2334 (77% within 10 working days)",
            ),
            (
                "complaint_corporate_stage1_extended",
                "Service complaint: stage 1 response (extended)",
                "complaint received",
                20,
                "service complaints with an extension agreed",
                S.LOCAL_STANDARD,
                "Council corporate complaints procedure: extension to 20 working days; local setting",
                "001 L2300",
            ),
            (
                "complaint_corporate_stage2",
                "Service complaint: stage 2 response (senior manager)",
                "stage 2 requested",
                20,
                "service complaints at stage 2",
                S.LOCAL_STANDARD,
                "Council corporate complaints procedure: senior manager's investigation; local setting",
                "001 L2302",
            ),
            (
                "complaint_corporate_stage3",
                "Service complaint: stage 3 review (another directorate)",
                "stage 3 requested",
                20,
                "service complaints at stage 3",
                S.LOCAL_STANDARD,
                "Council corporate complaints procedure: review by another delivery unit; local setting",
                "001 L2304",
            ),
            (
                "members_enquiry_response",
                "Members' enquiry answered",
                "enquiry received",
                5,
                "members' enquiries (councillors' casework)",
                S.LOCAL_STANDARD,
                "Council corporate target: members answered within 5 working days; local setting",
                "001 L2413 (target achieved in 76% of enquiries)",
            ),
        )
    ),
    # The acknowledgement and the statutory request window: seeded by complaints migration 0005.
    Rule(
        code="complaint_acknowledgement",
        name="Complaint acknowledged",
        start_event="complaint received",
        interval=3,
        unit=WD,
        applies_to="all complaints (statutory and service)",
        source_kind=S.STATUTORY_GUIDANCE,
        citation="Getting the Best from Complaints (DfES 2006), guidance on the 2006 Regulations: "
        "acknowledge within 3 working days; the council's procedure uses the same for service complaints",
        seed="001 L2158-2576 (complaints procedure); local setting",
        due_soon_interval=1,
    ),
    Rule(
        code="complaint_statutory_next_stage_request",
        name="Statutory complaint: time to ask for the next stage",
        start_event="stage response sent",
        interval=20,
        unit=WD,
        applies_to="statutory complaints: a stage 2 or review panel asked for within this is a right",
        source_kind=S.STATUTE,
        citation=f"{_RPR2006}: the complainant may ask for stage 2 (and then a review panel) within "
        "20 working days of being told the result; a request in time cannot be refused",
        seed="001 L2292-2296",
    ),
)

DEFAULT_RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in DEFAULT_RULES}
