"""The access log's actions in words: "child.cla_review.new" reads "Recorded a looked-after review".

Why words are made here rather than stored: the log is append-only and its
action names are what the policy and the tests match on. The page that QA
officers and administrators read names each action as they would say it; the
stored name stays for filtering. An action not worded here is still shown
readably (its parts as words), never as a dotted name.
"""

from __future__ import annotations

#: Whole actions with their own wording.
ACTIONS: dict[str, str] = {
    "child.view": "Opened a child's record",
    "child.signoff.view": "Opened the sign-off of a child's assessment, plan or closure",
    "child.warnings.view": "Opened a child's warnings",
    "signoff.tray": "Opened Awaiting my authorisation",
    "supervision.view": "Opened a worker's supervision records",
    "supervision.record": "Opened the supervision form (the worker's caseload)",
    "assurance.case_audit.view": "Opened a case audit (the child's record as at the audit)",
    "assurance.case_audit.record": "Opened a case audit to answer and grade it",
    "assurance.case_audit.discussion": "Opened a case audit's reflective discussion",
    "assurance.case_audit.feedback": "Opened a case audit's feedback from the child and family",
    "assurance.case_audit.moderate": "Opened a case audit to moderate it",
    "assurance.case_audit.follow_up": "Opened a case audit's follow-up review",
    "assurance.drilldown": "Saw the case audits behind a QA figure",
    "assurance.programme": "Opened a month's case audit programme",
    "assurance.section11.return": "Opened a Section 11 return",
    "child.chronology": "Opened a child's chronology",
    "child.family": "Opened a child's family and household",
    "child.family.people_around": "Read a brother's, sister's or housemate's family to offer them as "
    "another child's family member",
    "child.export": "Downloaded or printed a child's chronology",
    "child.break_glass": "Opened a record with a stated reason (break glass)",
    "break_glass": "Opened a record with a stated reason (break glass)",
    "child.refused": "Was refused a child's record",
    "child.search": "Searched for a child",
    "child.search.result": "Saw a child in search results",
    "child.escalations": "Opened a child's escalations",
    "child.plan.view": "Opened a child's plan",
    "child.cla_review.view": "Opened a looked-after review",
    "child.referral.close": "Asked to close a referral (sent to the closure sign-off)",
    "child.outcomes.record": "Recorded a child's yearly outcomes",
    "child.referral.need": "Recorded a referral's primary need",
    "child.placement.change": "Recorded a change of placement",
    "child.legal_status.change": "Recorded a change of legal status",
    "child.missing.return": "Recorded a child's return from missing",
    "audit.search": "Searched the access log",
    "accesslog.view": "Opened the access log",
    "contact.match": "Looked for a contact's child",
    "contact.match.chosen": "Matched a contact to a child",
    "contact.refused": "Was refused a contact",
    "mash.queue": "Opened the MASH queue",
    "iro.caseload": "Opened the IRO caseload",
    "access.relationship.record": "Recorded a working relationship with a child",
    "access.relationship.end": "Ended a working relationship with a child",
    "access.relationships": "Opened the working relationships",
    "access.restrict": "Restricted a record",
    "access.restrict.change": "Changed a record's restriction",
    "access.restrict.lift": "Lifted a record's restriction",
    "access.restrictions": "Opened the restricted records",
    "access.review": "Opened the break-glass review",
    "access.review.entry": "Opened a break-glass entry for review",
    "access.review.record": "Recorded a break-glass review",
    "api.contact.create": "Sent a contact through the API",
    "api.contact.create.invalid": "Sent an invalid contact through the API",
    "api.contact.outcome": "Asked for a contact's outcome through the API",
    "api.contact.outcome.refused": "Was refused a contact's outcome through the API",
    "api.openapi": "Read the API description",
    "actions.list": "Opened the action tracker",
    "twofactor.enrol": "Set up two-step sign-in",
    "twofactor.reset": "Reset two-step sign-in",
    "worktray.view": "Opened a work tray",
    "action.view": "Opened an action",
    "contact.outcome": "Opened a contact",
    "contact.decide": "Opened a contact to decide it",
    "contact.oversee": "Opened a contact to sign off its decision",
    "contact.triage": "Opened a contact to rate it",
    "contact.create": "Recorded a contact",
    "contact.child": "Opened a contact's child",
    "contact.move": "Moved a contact to the child's existing record",
    "send.view": "Opened an EHC needs assessment request",
    "send.record": "Recorded a step of an EHC needs assessment",
    "send.social_care": "Saw a child's social care involvement on an EHC request",
    "complaints.exists": "Saw that a child has a complaint",
    "complaints.view": "Opened a complaint",
    "complaints.record": "Recorded on a complaint",
    "complaints.child": "Opened a complaint's child",
    "complaints.list": "Searched the complaints",
    "community_safety.iom_people": "Opened the IOM cohort",
    "community_safety.iom_summary": "Opened the IOM summary",
    "community_safety.view": "Opened a community safety page",
    "marac.child_link": "Followed a MARAC case to a child's record",
    "performance.drilldown": "Saw the records behind a figure",
    "performance.export": "Downloaded the records behind a figure",
    "performance.breakdown": "Opened a figure's breakdown",
    "returns.report": "Opened a return's validation report",
    "returns.report.failures.csv": "Downloaded a return's failures (CSV)",
    "returns.report.xlsx": "Downloaded a return's validation report (XLSX)",
    "returns.report.summary.csv": "Downloaded a return's summary (CSV)",
    "returns.import": "Imported a return as a dataset",
    "returns.upload": "Uploaded a return to check",
    "reports.read": "Read a report",
    "reports.generate": "Generated a report",
    "admin.user.add": "Created a user account",
    "admin.user.change": "Changed a user account",
    "admin.user.password": "Set a user's password",
    "admin.role.grant": "Gave a user a role",
    "admin.role.remove": "Took a role away from a user",
    "returns.export": "Asked for a statutory return to be exported (it names every child in it)",
    "returns.export.download": "Downloaded an exported statutory return (it names every child in it)",
}

#: The record part of ``child.<record>.<verb>`` actions.
RECORDS: dict[str, str] = {
    "adoption": "an adoption decision",
    "allocation": "an allocation",
    "assessment": "an assessment",
    "care_leaver": "a care leaver",
    "care_leaver_contact": "contact with a care leaver",
    "cin_plan": "a child in need plan",
    "cla": "a period of care",
    "cla_review": "a looked-after review",
    "core_group": "a core group meeting",
    "cp_plan": "a child protection plan",
    "cp_review": "a review child protection conference",
    "dental_check": "a dental check",
    "escalation": "an escalation",
    "health_assessment": "a health assessment",
    "icpc": "an initial child protection conference",
    "missing": "a missing episode",
    "motherhood": "motherhood",
    "pathway_review": "a pathway plan review",
    "pep": "a personal education plan",
    "plan.action": "a plan action",
    "plan.outcome": "a plan outcome",
    "pre_proceedings": "pre-proceedings",
    "previous_permanence": "previous permanence",
    "referral": "a referral",
    "sdq": "a strengths and difficulties questionnaire",
    "strategy": "a strategy discussion",
    "visit": "a visit",
    "warning": "a warning",
}
#: The verb part, as a past-tense phrase.
VERBS: dict[str, str] = {
    "new": "Recorded",
    "end": "Ended",
    "close": "Closed",
    "complete": "Completed",
    "update": "Updated",
    "answer": "Answered",
    "change": "Changed",
}


def action_words(action: str) -> str:
    """The access-log action as a person would say it."""
    if action in ACTIONS:
        return ACTIONS[action]
    if action.startswith("child."):
        record, _, verb = action[len("child.") :].rpartition(".")
        if record in RECORDS and verb in VERBS:
            return f"{VERBS[verb]} {RECORDS[record]}"
    words = action.replace(".", " ").replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:]
