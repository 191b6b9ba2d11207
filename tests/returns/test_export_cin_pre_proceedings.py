"""The 2026-27 CIN census module 5, ``<PreProceedingsandFGDM>``, written from the pre-proceedings table.

A hand-built child in a complete 2026-27 year (ReferenceDate 31 March 2027):
the file validates with the 2026-27 rules without an error or a module 5
query, and the module holds the record's values in the layout's order. The
same tables exported for 2025-26 give the file they gave before the module
existed.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from pathlib import Path

import pyarrow as pa
from lxml import etree

from continuum.returns.cin.engine import validate_cin
from continuum.returns.export.cin import export_cin
from tests.metrics.builders import table

#: Module 5's elements in the 2026-27 layout's order (continuum/specs/2026_27/).
MODULE = [
    "PPStartDate",
    "LBPSentDate",
    "FGDMMeetingOffer",
    "FGDMMeetingFac",
    "InitialPPMeetingDate",
    "ReviewMeetingsCount",
    "StepDecisionDate",
    "PPOutcome",
    "CourtAppDate",
    "LetterInitCPDate",
]
AFTER_THE_YEAR = date(2027, 6, 1)  # every export here is of a complete year


@cache
def tables(with_module: bool = True) -> dict[str, pa.Table]:
    out = {
        "children": table(
            "children",
            {
                "la_child_id": "PP1",
                "upn_unknown": "UN1",
                "sex": "M",
                "person_birth_date": "2019-02-03",
                "ethnicity": "WBRI",
            },
        ),
        "referrals": table(
            "referrals",
            {
                "referral_id": "R1",
                "la_child_id": "PP1",
                "cin_referral_date": "2026-01-10",
                "referral_source": "6",
                "primary_need_code": "N1",
            },
        ),
        "assessments": table(
            "assessments",
            {
                "assessment_id": "A1",
                "referral_id": "R1",
                "la_child_id": "PP1",
                "assessment_actual_start_date": "2026-01-11",
                "assessment_authorisation_date": "2026-02-20",
                "assessment_factors": ["3A"],
            },
        ),
        "cin_plans": table(
            "cin_plans",
            {
                "cin_plan_id": "P1",
                "referral_id": "R1",
                "la_child_id": "PP1",
                "cin_plan_start_date": "2026-02-25",
            },
        ),
    }
    if with_module:
        out["pre_proceedings"] = table(
            "pre_proceedings",
            {
                # Started in the year before: not this census's (rule 9005), and not written.
                "pre_proceedings_id": "X0",
                "referral_id": "R1",
                "la_child_id": "PP1",
                "pp_start_date": "2026-03-02",
                "pp_end_date": "2026-03-20",
            },
            {
                "pre_proceedings_id": "X1",
                "referral_id": "R1",
                "la_child_id": "PP1",
                "pp_start_date": "2026-06-01",
                "lbp_sent_date": "2026-06-05",
                "fgdm_meeting_offer": True,
                "fgdm_meeting_fac": True,
                "initial_pp_meeting_date": "2026-06-20",
                "review_meetings_count": 2,
                "step_decision_date": "2026-09-01",
                "pp_outcome": "B",
                "court_app_date": "2026-09-10",
                "letter_init_cp_date": "2026-09-12",
            },
            {
                # A second stage later in the year: no FGDM offered, the hearing still ahead.
                "pre_proceedings_id": "X2",
                "referral_id": "R1",
                "la_child_id": "PP1",
                "pp_start_date": "2027-01-15",
                "lbp_sent_date": "2027-01-20",
                "fgdm_meeting_offer": False,
                "initial_pp_meeting_date": "2027-02-01",
                "review_meetings_count": 0,
                "court_app_date": "2027-04-10",  # after the ReferenceDate: not yet happened
            },
        )
    return out


def _modules(path: Path) -> list[dict[str, str]]:
    tree = etree.parse(str(path))
    return [
        {el.tag: el.text for el in module} | {"_order": [el.tag for el in module]}  # type: ignore[dict-item]
        for module in tree.iter("PreProceedingsandFGDM")
    ]


def test_a_2026_27_export_holds_the_module_and_validates(tmp_path: Path) -> None:
    out = export_cin(
        tables(), tmp_path / "cin.xml", 2027, generated=datetime(2027, 4, 2), as_of=AFTER_THE_YEAR, lea="302"
    )
    assert out.reference_date == date(2027, 3, 31)
    got = _modules(out.path)
    assert got == [
        {
            "PPStartDate": "2026-06-01",
            "LBPSentDate": "2026-06-05",
            "FGDMMeetingOffer": "1",
            "FGDMMeetingFac": "1",
            "InitialPPMeetingDate": "2026-06-20",
            "ReviewMeetingsCount": "2",
            "StepDecisionDate": "2026-09-01",
            "PPOutcome": "B",
            "CourtAppDate": "2026-09-10",
            "LetterInitCPDate": "2026-09-12",
            "_order": MODULE,
        },
        {
            "PPStartDate": "2027-01-15",
            "LBPSentDate": "2027-01-20",
            "FGDMMeetingOffer": "0",
            "InitialPPMeetingDate": "2027-02-01",
            "ReviewMeetingsCount": "0",
            "_order": [
                "PPStartDate",
                "LBPSentDate",
                "FGDMMeetingOffer",
                "InitialPPMeetingDate",
                "ReviewMeetingsCount",
            ],
        },
    ]
    details = etree.parse(str(out.path)).find(".//CINdetails")
    assert [el.tag for el in details][-2:] == [
        "PreProceedingsandFGDM",
        "PreProceedingsandFGDM",
    ]  # last in CINdetails

    report = validate_cin(out.path)  # the rule set of the header's year: 2026-27
    assert "9005" in report.rules
    failures = list(report.iter_failures())
    assert [f for f in failures if f.severity == "error"] == [], report.summary_text()
    module_rules = {"8995Q", "9000Q", "9005", "9006", "9007", "9008", "9009", "9010Q", "9011", "9012", "9013"}
    assert not {f.rule for f in failures} & (module_rules | {"9015Q"})


def test_the_module_is_read_back_as_written(tmp_path: Path) -> None:
    from continuum.returns.cin.parser import parse_cin

    out = export_cin(
        tables(), tmp_path / "cin.xml", 2027, generated=datetime(2027, 4, 2), as_of=AFTER_THE_YEAR, lea="302"
    )
    rows = parse_cin(out.path)["pre_proceedings"].to_pylist()
    assert [(r["pp_start_date"], r["pp_outcome"], r["court_app_date"]) for r in rows] == [
        (date(2026, 6, 1), "B", date(2026, 9, 10)),
        (date(2027, 1, 15), None, None),
    ]


def test_the_2025_26_export_is_unchanged(tmp_path: Path) -> None:
    """Module 5 is not in the 2025-26 layout: the file is the one written without the table."""
    kwargs = {"generated": datetime(2026, 4, 2), "as_of": AFTER_THE_YEAR, "lea": "302"}
    with_module = export_cin(tables(), tmp_path / "with.xml", 2026, **kwargs)
    without = export_cin(tables(with_module=False), tmp_path / "without.xml", 2026, **kwargs)
    assert with_module.path.read_bytes() == without.path.read_bytes()
    assert b"PreProceedings" not in with_module.path.read_bytes()


def test_import_reads_the_module_into_the_pre_proceedings_table(tmp_path: Path) -> None:
    """A council's own 2026-27 file loads module 5 into the analytical table the export reads."""
    from continuum.returns.importer import import_returns

    out = export_cin(
        tables(), tmp_path / "cin.xml", 2027, generated=datetime(2027, 4, 2), as_of=AFTER_THE_YEAR, lea="302"
    )
    rows = import_returns([out.path]).tables["pre_proceedings"].to_pylist()
    drop = {"la_code", "pre_proceedings_id", "referral_id"}
    assert [{k: v for k, v in r.items() if k not in drop} for r in rows] == [
        {
            "la_child_id": "PP1",
            "pp_start_date": date(2026, 6, 1),
            "lbp_sent_date": date(2026, 6, 5),
            "fgdm_meeting_offer": True,
            "fgdm_meeting_fac": True,
            "initial_pp_meeting_date": date(2026, 6, 20),
            "review_meetings_count": 2,
            "step_decision_date": date(2026, 9, 1),
            "pp_outcome": "B",
            "court_app_date": date(2026, 9, 10),
            "letter_init_cp_date": date(2026, 9, 12),
            "pp_end_date": None,
        },
        {
            "la_child_id": "PP1",
            "pp_start_date": date(2027, 1, 15),
            "lbp_sent_date": date(2027, 1, 20),
            "fgdm_meeting_offer": False,
            "fgdm_meeting_fac": None,
            "initial_pp_meeting_date": date(2027, 2, 1),
            "review_meetings_count": 0,
            "step_decision_date": None,
            "pp_outcome": None,
            "court_app_date": None,
            "letter_init_cp_date": None,
            "pp_end_date": None,
        },
    ]
    # And exported again, the same module.
    again = export_cin(
        import_returns([out.path]).tables,
        tmp_path / "again.xml",
        2027,
        generated=datetime(2027, 4, 2),
        as_of=AFTER_THE_YEAR,
        lea="302",
    )
    assert _modules(again.path) == _modules(out.path)
