"""Audit tools as data: sections and questions in a plain text a QA officer edits without code.

The text form, one line each::

    ## Assessment and analysis
    - The assessment was completed within 45 working days | yes/no/partly | Working Together 2018, ch. 1

A ``##`` line starts a section (each section is graded Outstanding to Inadequate); a ``-`` line is a
question with its answer kind (``yes/no/partly``, ``yes/no``, ``text``, or ``red/amber/green`` for a
partner's self-rating on a checklist) and what it checks (a
citation: statute, guidance or the council's own standard). Every question must cite what it checks.
:func:`parse` turns the text into the stored sections, :func:`as_text` back (so the edit page shows
the current version), and the three default tools are written in this form below. Pure functions.

The immediate-harm question is not part of any tool: every audit asks it first (see services).
"""

# ruff: noqa: E501  (the default tools are text a QA officer reads line by line; one question a line)

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: A partner's self-rating of a standard (Section 11 and the VCFS checklist), worst first.
RAG_WORDS = {"red": "Red: not met", "amber": "Amber: partly met", "green": "Green: met"}
ANSWER_KINDS = {
    "yes/no/partly": ("yes", "no", "partly"),
    "yes/no": ("yes", "no"),
    "text": (),
    "red/amber/green": tuple(RAG_WORDS),
}
ANSWER_WORDS = {"yes": "Yes", "no": "No", "partly": "Partly", **RAG_WORDS}


class ToolTextError(ValueError):
    """The tool's text cannot be read; the message names the line (shown on the edit page)."""


@dataclass(frozen=True)
class DefaultTool:
    code: str
    name: str
    kind: str
    text: str


def parse(text: str) -> list[dict[str, Any]]:
    """The sections of a tool from its text, each question keyed ``s<n>q<m>`` (stable within a version)."""
    sections: list[dict[str, Any]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("##"):
            title = line.lstrip("#").strip()
            if not title:
                raise ToolTextError(f"Line {number}: give the section a title after ##")
            sections.append({"key": f"s{len(sections) + 1}", "title": title, "questions": []})
            continue
        if not line.startswith("-"):
            raise ToolTextError(f"Line {number}: start a section with ## or a question with -")
        if not sections:
            raise ToolTextError(f"Line {number}: a question must come after a ## section title")
        parts = [part.strip() for part in line[1:].split("|")]
        if len(parts) != 3 or not all(parts):
            raise ToolTextError(
                f"Line {number}: write a question as - question | answer kind | what it checks"
            )
        question, kind, checks = parts
        if kind not in ANSWER_KINDS:
            raise ToolTextError(f"Line {number}: the answer kind must be one of {', '.join(ANSWER_KINDS)}")
        section = sections[-1]
        key = f"{section['key']}q{len(section['questions']) + 1}"
        section["questions"].append({"key": key, "text": question, "answer": kind, "checks": checks})
    if not sections:
        raise ToolTextError("Give the tool at least one ## section")
    for section in sections:
        if not section["questions"]:
            raise ToolTextError(f"The section {section['title']!r} has no questions")
    return sections


def as_text(sections: list[dict[str, Any]]) -> str:
    """The text a QA officer edits, from stored sections: ``parse(as_text(s)) == s``."""
    lines: list[str] = []
    for section in sections:
        if lines:
            lines.append("")
        lines.append(f"## {section['title']}")
        lines.extend(f"- {q['text']} | {q['answer']} | {q['checks']}" for q in section["questions"])
    return "\n".join(lines) + "\n"


def question_count(sections: list[dict[str, Any]]) -> int:
    return sum(len(section["questions"]) for section in sections)


_WT = "Working Together to Safeguard Children 2018"
_QA_REPORT = "Barnet QA annual report 2015"
_PARTNERSHIP = "Barnet Safeguarding Children Partnership report 2019-20"
#: What the free-text "relied on" question checks, said to the auditor as a plain sentence.
_RELIED_ON = "The audit keeps the records and dates it relied on, so anyone can check it later"

CASE_FILE_TEXT = f"""
## Assessment and analysis
- The latest assessment was completed within 45 working days of the referral | yes/no/partly | {_WT}, ch. 1 para 83
- The assessment analyses the information, triangulated with other agencies, not only parents' self-report | yes/no/partly | {_QA_REPORT} 4.3.1
- Risk is identified and the response is proportionate | yes/no/partly | {_WT}, ch. 1 para 40
- Diversity and identity are explored and inform the analysis | yes/no/partly | {_QA_REPORT} 4.3.1 (diversity)
- A chronology and genogram are up to date and used | yes/no/partly | {_QA_REPORT} 4.3.1 (chronologies)

## Planning and review
- The plan follows from the assessment and its outcomes are SMART | yes/no/partly | {_QA_REPORT} 4.3.1 (SMART planning)
- Reviews, core groups or CIN meetings happen on time and test progress | yes/no/partly | {_WT}, ch. 1 paras 72-78
- There is a contingency plan if the family does not engage | yes/no/partly | {_QA_REPORT} 4.3.1 (contingency)

## The child's voice and direct work
- The child was seen, and seen alone where appropriate, within the required timescales | yes/no/partly | Children Act 1989 s17/s47; local visiting standard
- The child's wishes and feelings are recorded in their words and inform the plan | yes/no/partly | Children Act 1989 s53; {_QA_REPORT} theme 5
- Direct work is evidenced (tools used, purpose of visits) | yes/no/partly | {_QA_REPORT} 4.5.3

## Management oversight and supervision
- Management oversight and decisions are recorded on the file | yes/no/partly | {_QA_REPORT} 4.6.1 (management footprint)
- Reflective supervision is recorded and drives the plan | yes/no/partly | Supervision policy; {_QA_REPORT} 4.6.2

## Outcomes for the child
- What life is like for the child is clear from the file | yes/no/partly | Ofsted ILACS 2018 evaluation criteria
- The child's circumstances are improving because of the work | yes/no/partly | Ofsted ILACS 2018 evaluation criteria
- What the auditor relied on (records read, dates) | text | {_RELIED_ON}
"""

FRONT_DOOR_TEXT = f"""
## Decision at the front door
- The decision was made within one working day of the contact | yes/no | {_WT}, ch. 1 para 62
- The BRAG rating fits the information and its rationale is recorded | yes/no/partly | {_QA_REPORT} 4.1.1 (BRAG)
- The threshold was applied as the continuum of need describes, not blanket criteria | yes/no/partly | Local threshold document; {_QA_REPORT} 4.1.1
- Earlier contacts and the child's history were considered | yes/no/partly | {_QA_REPORT} 4.1.1 (repeat contacts)

## Information from partners
- Checks were made with police, health and education where relevant | yes/no/partly | {_WT}, ch. 1 paras 23-27
- Consent was sought or overriding it was justified and recorded | yes/no/partly | {_WT}, ch. 1 para 24; Data Protection Act 2018
- Where a strategy discussion was needed, agencies beyond police and social care took part | yes/no/partly | {_WT}, ch. 1 para 51; {_QA_REPORT} 4.1.1

## Outcome
- The referrer was told the outcome | yes/no | {_WT}, ch. 1 para 63
- What the auditor relied on (records read, dates) | text | {_RELIED_ON}
"""

MULTI_AGENCY_TEXT = f"""
## Information sharing
- Agencies shared what they knew promptly and it reached the decision-makers | yes/no/partly | {_WT}, ch. 1 paras 23-27
- Each agency's records show the child's situation consistently | yes/no/partly | {_PARTNERSHIP}

## Response to risk
- The response to risk was proportionate and timely | yes/no/partly | {_WT}, ch. 1 para 40; {_PARTNERSHIP} (multi-agency audits)
- Disagreements were escalated under the partnership's escalation policy | yes/no/partly | Partnership escalation policy; {_QA_REPORT} 4.1.2

## The child's voice
- The child's voice was heard and used by every agency to understand risk | yes/no/partly | Children Act 1989 s53; {_PARTNERSHIP} (voice of the child)

## Working together
- Agencies worked to one plan with named leads | yes/no/partly | {_WT}, ch. 1 paras 72-78
- What each agency could do better | text | Multi-agency audit feedback ({_PARTNERSHIP})
"""

_VCFS_SEED = _PARTNERSHIP
_WT2 = f"{_WT}, ch. 2 (voluntary, charity, social enterprise and faith-based organisations)"
_CC = "Charity Commission, Safeguarding and protecting people for charities and trustees (2019)"
_INFO = "HM Government, Information sharing: advice for practitioners (2018)"

#: The voluntary, community and faith sector (VCFS) safeguarding checklist: the self-assessment the
#: partnership sends to voluntary organisations beside Section 11 (seed 003 L233: "a similar
#: self-assessment about safeguarding practice and policies"). Each question is a standard the
#: organisation rates red, amber or green with its evidence; the seed's themes (training, supervision,
#: a culture of listening to children, information sharing agreements) each have their question.
VCFS_TEXT = f"""
## Leadership and policy
- A written safeguarding policy, reviewed in the last year and known to every member of staff and volunteer | red/amber/green | {_WT2}; {_CC}
- A named designated safeguarding lead, and a trustee or board member responsible for safeguarding | red/amber/green | {_CC}; {_WT2}

## Safer recruitment and allegations
- Staff and volunteers are recruited safely: references, identity and DBS checks for regulated activity | red/amber/green | Safeguarding Vulnerable Groups Act 2006; {_WT2}
- Allegations against staff or volunteers are handled by a written procedure, with referral to the designated officer (LADO) | red/amber/green | {_WT}, ch. 2 (allegations: the local authority designated officer)

## Training, supervision and support
- Staff and volunteers have safeguarding training for their role, refreshed at least every three years | red/amber/green | {_WT2}; {_VCFS_SEED} (training)
- Staff and volunteers who work with children have supervision and support, and can raise a worry | red/amber/green | {_VCFS_SEED} (supervision and support)

## Listening to children
- A culture of listening to children: their views are sought and change what the organisation does | red/amber/green | {_WT}, ch. 1 (a child-centred approach); {_VCFS_SEED} (culture of listening)
- Children and families know how to raise a concern or make a complaint | red/amber/green | {_WT}, ch. 1 (a child-centred approach)

## Reporting and sharing information
- Staff and volunteers know how to report a concern to the MASH or the police, in and out of hours | red/amber/green | {_WT}, ch. 1 (making a referral); local threshold document
- Information sharing agreements are in place, and staff know when to share without consent | red/amber/green | {_INFO}; {_VCFS_SEED} (information sharing agreements)
- Concerns, decisions and referrals are recorded, kept securely and reviewed | red/amber/green | {_INFO}; Data Protection Act 2018

## Safe activities
- Activities, trips, premises and online contact with children are risk-assessed | red/amber/green | {_CC}
"""

#: The checklist tool, seeded by migration 0003 (the case-audit tools, DEFAULT_TOOLS, by 0002).
VCFS_TOOL = DefaultTool("vcfs", "VCFS safeguarding checklist", "checklist", VCFS_TEXT)

DEFAULT_TOOLS: tuple[DefaultTool, ...] = (
    DefaultTool("case-file", "Monthly case-file audit", "case_file", CASE_FILE_TEXT),
    DefaultTool("mash-threshold", "MASH threshold audit", "front_door", FRONT_DOOR_TEXT),
    DefaultTool("multi-agency", "Multi-agency audit", "multi_agency", MULTI_AGENCY_TEXT),
)
