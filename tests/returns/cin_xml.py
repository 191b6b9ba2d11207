"""Build small CIN census XML documents for tests, one element per line.

Why a builder: each DfE rule needs a failing and a passing fixture that
differ from a valid record in one place. Writing 200 XML files by hand would
hide that one difference in boilerplate; here a test says only what it
changes (``child(sex="X")``) and everything else is a valid 2025-26 record.

Arguments set to ``None`` leave the element out; ``""`` writes it empty.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from continuum.returns.cin.generate import upn_with_check_letter

REFERENCE_DATE = "2026-03-31"
#: A valid UPN: LA 202 (Camden), with the right check letter.
UPN_OK = upn_with_check_letter("202123456789")
#: Another valid UPN, for a second child.
UPN_OK_2 = upn_with_check_letter("202123456788")


_DEFAULT: object = object()


def _el(tag: str, value: str | None, indent: int) -> str:
    if value is None:
        return ""
    return f"{'  ' * indent}<{tag}>{value}</{tag}>\n"


def assessment(
    start: str | None = "2025-05-02",
    auth: str | None = "2025-06-02",
    factors: Sequence[str] | object = _DEFAULT,
    review: str | None = None,
) -> str:
    """An <Assessments>; completed, with factors 2A and 3A, unless told otherwise."""
    if factors is _DEFAULT:
        factors = ("2A", "3A") if auth else ()
    out = "        <Assessments>\n"
    out += _el("AssessmentActualStartDate", start, 5)
    out += _el("AssessmentInternalReviewDate", review, 5)
    out += _el("AssessmentAuthorisationDate", auth, 5)
    if factors:
        out += "          <FactorsIdentifiedAtAssessment>\n"
        out += "".join(_el("AssessmentFactors", f, 6) for f in factors)  # type: ignore[attr-defined]
        out += "          </FactorsIdentifiedAtAssessment>\n"
    return out + "        </Assessments>\n"


def plan(start: str | None = "2025-06-02", end: str | None = None) -> str:
    return (
        "        <CINPlanDates>\n"
        + _el("CINPlanStartDate", start, 5)
        + _el("CINPlanEndDate", end, 5)
        + "        </CINPlanDates>\n"
    )


def s47(
    start: str | None = "2025-05-06",
    target: str | None = None,
    icpc: str | None = None,
    not_required: str | None = "1",
) -> str:
    return (
        "        <Section47>\n"
        + _el("S47ActualStartDate", start, 5)
        + _el("InitialCPCtarget", target, 5)
        + _el("DateOfInitialCPC", icpc, 5)
        + _el("ICPCnotRequired", not_required, 5)
        + "        </Section47>\n"
    )


def cpp(
    start: str | None = "2025-05-20",
    end: str | None = None,
    initial: str | None = "NEG",
    latest: str | None = "NEG",
    previous: str | None = "0",
    reviews: Sequence[str] | None = None,
) -> str:
    out = "        <ChildProtectionPlans>\n"
    out += _el("CPPstartDate", start, 5)
    out += _el("CPPendDate", end, 5)
    out += _el("InitialCategoryOfAbuse", initial, 5)
    out += _el("LatestCategoryOfAbuse", latest, 5)
    out += _el("NumberOfPreviousCPP", previous, 5)
    if reviews is not None:
        out += "          <Reviews>\n"
        out += "".join(_el("CPPreviewDate", r, 6) for r in reviews)
        out += "          </Reviews>\n"
    return out + "        </ChildProtectionPlans>\n"


def episode(
    referral: str | None = "2025-05-01",
    source: str | None = "1A",
    need: str | None = "N1",
    closure: str | None = None,
    reason: str | None = None,
    icpc: str | None = None,
    nfa: str | None = "0",
    assessments: Sequence[str] | object = _DEFAULT,
    plans: Sequence[str] = (),
    s47s: Sequence[str] = (),
    cpps: Sequence[str] = (),
) -> str:
    """A <CINdetails>; by default an open episode with one completed assessment."""
    if assessments is _DEFAULT:
        assessments = [assessment()]
    out = "      <CINdetails>\n"
    out += _el("CINreferralDate", referral, 4)
    out += _el("ReferralSource", source, 4)
    out += _el("PrimaryNeedCode", need, 4)
    out += _el("CINclosureDate", closure, 4)
    out += _el("ReasonForClosure", reason, 4)
    out += _el("DateOfInitialCPC", icpc, 4)
    out += _el("ReferralNFA", nfa, 4)
    out += "".join(assessments)  # type: ignore[arg-type]
    out += "".join(plans) + "".join(s47s) + "".join(cpps)
    return out + "      </CINdetails>\n"


def child(
    la_child_id: str | None = "C1",
    upn: str | None = UPN_OK,
    former_upn: str | None = None,
    upn_unknown: str | None = None,
    dob: str | None = "2015-06-01",
    edob: str | None = None,
    sex: str | None = "F",
    death: str | None = None,
    ethnicity: str | None = "WBRI",
    disabilities: Sequence[str] | None = ("MOB", "HAND", "PC", "INC"),
    episodes: Sequence[str] | object = _DEFAULT,
) -> str:
    """A <Child>; by default a 10-year-old with a UPN and one open episode."""
    if episodes is _DEFAULT:
        episodes = [episode()]
    out = "    <Child>\n      <ChildIdentifiers>\n"
    out += _el("LAchildID", la_child_id, 4)
    out += _el("UPN", upn, 4)
    out += _el("FormerUPN", former_upn, 4)
    out += _el("UPNunknown", upn_unknown, 4)
    out += _el("PersonBirthDate", dob, 4)
    out += _el("ExpectedPersonBirthDate", edob, 4)
    out += _el("Sex", sex, 4)
    out += _el("PersonDeathDate", death, 4)
    out += "      </ChildIdentifiers>\n      <ChildCharacteristics>\n"
    out += _el("Ethnicity", ethnicity, 4)
    if disabilities is not None:
        out += "        <Disabilities>\n"
        out += "".join(_el("Disability", d, 5) for d in disabilities)
        out += "        </Disabilities>\n"
    out += "      </ChildCharacteristics>\n"
    out += "".join(episodes)  # type: ignore[arg-type]
    return out + "    </Child>\n"


def second_child(**changes: object) -> str:
    """A second valid child with a different ID, UPN and disabilities (so return-level rules pass)."""
    values: dict[str, object] = {
        "la_child_id": "C2",
        "upn": UPN_OK_2,
        "sex": "M",
        "disabilities": ("COMM", "LD", "HEAR", "VIS"),
    }
    values.update(changes)
    return child(**values)  # type: ignore[arg-type]


def message(*children: str, reference_date: str | None = REFERENCE_DATE, header: bool = True) -> str:
    """A whole <Message>; with no children given, the two valid baseline children."""
    if not children:
        children = (child(), second_child())
    out = '<?xml version="1.0" encoding="UTF-8"?>\n<Message>\n'
    if header:
        out += "  <Header>\n    <CollectionDetails>\n      <Collection>CIN</Collection>\n"
        out += "      <Year>2026</Year>\n"
        out += _el("ReferenceDate", reference_date, 3)
        out += "    </CollectionDetails>\n    <Source>\n      <SourceLevel>L</SourceLevel>\n"
        out += "      <LEA>999</LEA>\n      <SoftwareCode>test</SoftwareCode>\n"
        out += "      <Release>1</Release>\n      <SerialNo>001</SerialNo>\n"
        out += "      <DateTime>2026-04-01T09:00:00</DateTime>\n    </Source>\n  </Header>\n"
    out += "  <Children>\n" + "".join(children) + "  </Children>\n</Message>\n"
    return out


def write(tmp_path: Path, xml: str, name: str = "cin.xml") -> Path:
    path = tmp_path / name
    path.write_text(xml, encoding="utf-8")
    return path
