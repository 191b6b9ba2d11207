"""SSDA903 rules: the registry against the DfE list, and known-answer pairs (fails / passes).

Each case runs only the rule under test over a failing and a passing return.
"""

from __future__ import annotations

import pytest

from continuum.returns.ssda903 import REGISTRY, RULESETS, validate_903_tables
from continuum.returns.ssda903.registry import dfe_rules
from tests.returns.ssda903_rows import episode as ep
from tests.returns.ssda903_rows import header as hd
from tests.returns.ssda903_rows import ret, row

YEAR = "2025-26"


def test_messages_fields_and_severity_match_the_dfe_list() -> None:
    dfe = dfe_rules()
    for code, r in REGISTRY.items():
        assert r.message == dfe[code].message
        assert r.fields == dfe[code].fields  # severities: tests/returns/test_rule_lists.py


#: DfE rules in force for 2025-26 not implemented yet (being added under issue 13; must end empty).
NOT_YET: set[str] = set()


def test_every_dfe_rule_in_force_is_implemented() -> None:
    """Every one of the DfE's 2025-26 rules is registered, but those still listed in NOT_YET."""
    wanted = set(dfe_rules()) - {c for c in dfe_rules() if c.startswith("CONTINUUM-")}
    assert wanted - set(REGISTRY) == NOT_YET
    assert len(RULESETS[YEAR]) >= 120


def test_valid_baseline_passes_every_rule() -> None:
    base = ret({"episodes": [ep()], "prev_perm": [row(PREV_PERM="Z1")],
                "social_worker": [row(SW_ID="SW1", SW_DECOM="01/04/2025", SW_REASON="FCONTA")]})  # fmt: skip
    report = validate_903_tables(base, RULESETS[YEAR])
    assert report.codes() == set(), report.summary_text()


def _eps(*rows: dict[str, str | None]) -> dict[str, list[dict[str, str | None]]]:
    return {"episodes": list(rows)}


#: code -> (failing data, passing data, last year's data for both or None)
CASES: dict[str, tuple[dict, dict]] = {
    "141": (_eps(ep(DECOM=None)), _eps(ep())),
    "147": (_eps(ep(DEC="01/05/0025", REC="E8")), _eps(ep(DEC="01/06/2025", REC="E8"))),
    "143": (_eps(ep(RNE="Q")), _eps(ep())),
    "144": (_eps(ep(LS="Z9")), _eps(ep())),
    "145": (_eps(ep(CIN="N9")), _eps(ep())),
    "146": (_eps(ep(PLACE="Q1")), _eps(ep())),
    "149": (_eps(ep(DEC="01/06/2025", REC="E99")), _eps(ep(DEC="01/06/2025", REC="E8"))),
    "142": (
        _eps(ep(), ep(DECOM="01/06/2025", RNE="P")),
        _eps(ep(DEC="01/06/2025", REC="X1"), ep(DECOM="01/06/2025", RNE="P")),
    ),
    "148": (_eps(ep(DEC="01/06/2025")), _eps(ep(DEC="01/06/2025", REC="E8"))),
    "353": (_eps(ep(DECOM="13/10/1991")), _eps(ep(DECOM="14/10/1991"))),
    "354": (_eps(ep(DECOM="01/04/2026")), _eps(ep(DECOM="31/03/2026"))),
    "385": (_eps(ep(DEC="01/04/2026", REC="E8")), _eps(ep(DEC="31/03/2026", REC="E8"))),
    "355": (_eps(ep(DEC="01/05/2025", REC="E8")), _eps(ep(DEC="02/05/2025", REC="E8"))),
    "356": (_eps(ep(DEC="30/04/2025", REC="E8")), _eps(ep(DEC="02/05/2025", REC="E8"))),
    "357": (_eps(ep(RNE="P")), _eps(ep())),
    "358": ({"header": [hd(DOB="01/01/2018")], **_eps(ep(LS="J1"))}, _eps(ep(LS="J1"))),
    "361": (_eps(ep(LS="L1", DEC="05/05/2025", REC="E8")), _eps(ep(LS="L1", DEC="04/05/2025", REC="E8"))),
    "362": (_eps(ep(LS="L2", DEC="23/05/2025", REC="E8")), _eps(ep(LS="L2", DEC="22/05/2025", REC="E8"))),
    "363": (_eps(ep(LS="L3", DEC="09/05/2025", REC="E8")), _eps(ep(LS="L3", DEC="08/05/2025", REC="E8"))),
    "365": (_eps(ep(LS="V3", DEC="19/05/2025", REC="E8")), _eps(ep(LS="V3", DEC="18/05/2025", REC="E8"))),
    "366": (_eps(ep(LS="V3", RNE="P")), _eps(ep(LS="V3"))),
    "378": (_eps(ep(LS="V2", PLACE="P1")), _eps(ep(LS="C2", PLACE="P1"))),
    "382": (_eps(ep(LS="V3", PLACE="T1")), _eps(ep(LS="V3"))),
    "384": (_eps(ep(LS="V4", PLACE="U1")), _eps(ep(LS="V4", PLACE="U3"))),
    "446": (_eps(ep(LS="E1", DECOM="01/12/2005")), _eps(ep(LS="E1"))),
    "426": (
        _eps(ep(LS="V3", DEC="02/05/2025", REC="E8"), ep(LS="V4", DECOM="01/06/2025")),
        _eps(ep(LS="V4")),
    ),
    "387": (
        _eps(ep(DEC="01/06/2025", REC="E5")),
        {"header": [hd(DOB="01/01/2010")], **_eps(ep(DEC="01/06/2025", REC="E5"))},
    ),
    "389": (
        _eps(ep(DEC="01/06/2025", REC="E7")),
        {"header": [hd(DOB="01/01/2009")], **_eps(ep(DEC="01/06/2025", REC="E7"))},
    ),
    "460": (
        _eps(ep(DEC="01/06/2025", REC="E17")),
        {"header": [hd(DOB="01/01/2007")], **_eps(ep(DEC="01/06/2025", REC="E17"))},
    ),
    "386": (
        {"header": [hd(DOB="01/01/2007")], **_eps(ep(DEC="01/06/2025", REC="E11", PLACE="A4"))},
        _eps(ep(DEC="01/06/2025", REC="E11", PLACE="A4")),
    ),
    "388": (
        _eps(ep(DEC="01/06/2025", REC="X1")),
        _eps(ep(DEC="01/06/2025", REC="X1"), ep(DECOM="01/06/2025", RNE="P", PLACE="U3")),
    ),
    "437": (
        _eps(ep(DEC="01/06/2025", REC="E2"), ep(DECOM="01/07/2025")),
        _eps(ep(DEC="01/06/2025", REC="E2")),
    ),
    "431": (
        _eps(ep(DEC="01/06/2025", REC="E8"), ep(DECOM="01/06/2025")),
        _eps(ep(DEC="01/06/2025", REC="E8"), ep(DECOM="02/06/2025")),
    ),
    "432": (
        _eps(ep(DEC="01/06/2025", REC="E8"), ep(DECOM="01/06/2025", RNE="P")),
        _eps(ep(DEC="01/06/2025", REC="X1"), ep(DECOM="01/06/2025", RNE="P")),
    ),
    "433": (
        _eps(ep(DEC="01/06/2025", REC="X1"), ep(DECOM="02/06/2025", RNE="P")),
        _eps(ep(DEC="01/06/2025", REC="X1"), ep(DECOM="01/06/2025", RNE="P")),
    ),
    "434": (
        _eps(ep(DEC="01/06/2025", REC="X1"), ep(DECOM="01/06/2025", RNE="L")),
        _eps(ep(DEC="01/06/2025", REC="X1"), ep(DECOM="01/06/2025", RNE="L", LS="C1")),
    ),
    "435": (
        _eps(ep(DEC="01/06/2025", REC="X1"), ep(DECOM="01/06/2025", RNE="P")),
        _eps(ep(DEC="01/06/2025", REC="X1"), ep(DECOM="01/06/2025", RNE="P", PLACE="U3")),
    ),
    "436": (
        _eps(ep(DEC="01/06/2025", REC="X1"), ep(DECOM="01/06/2025", RNE="T", LS="C1")),
        _eps(ep(DEC="01/06/2025", REC="X1"), ep(DECOM="01/06/2025", RNE="T", LS="C1", PLACE="U3")),
    ),
    "501": (
        _eps(ep(DEC="01/06/2025", REC="X1"), ep(DECOM="31/05/2025", RNE="P")),
        _eps(ep(DEC="01/06/2025", REC="X1"), ep(DECOM="01/06/2025", RNE="P")),
    ),
    "504": (
        _eps(ep(DEC="01/06/2025", REC="X1"), ep(DECOM="01/06/2025", RNE="P", CIN="N2")),
        _eps(ep(DEC="01/06/2025", REC="X1"), ep(DECOM="01/06/2025", RNE="P")),
    ),
    "380": (_eps(ep(PLACE="T1")), _eps(ep())),
    "381": (_eps(ep(PLACE="T1", DEC="05/05/2025", REC="E8")), _eps(ep(DEC="05/05/2025", REC="E8"))),
    "302": ({"header": [hd(DOB="02/05/2025")], **_eps(ep())}, _eps(ep())),
    "352": (
        {"header": [hd(DOB="01/05/2007")], **_eps(ep())},
        {"header": [hd(DOB="02/05/2007")], **_eps(ep())},
    ),
    "375": (
        _eps(ep(PLACE="T1", DECOM="01/05/2025", DEC="13/06/2025", REC="E8")),
        _eps(ep(PLACE="T1", DEC="12/06/2025", REC="E8")),
    ),
    "379": (
        _eps(ep(PLACE="T4", DEC="09/05/2025", REC="E8")),
        _eps(ep(PLACE="T4", DEC="08/05/2025", REC="E8")),
    ),
    "502": (_eps(ep(DECOM="02/02/2025", RNE="S")), _eps(ep(DECOM="01/02/2025"))),
    "503B": (_eps(ep(DECOM="01/02/2025", LS="C1")), _eps(ep(DECOM="01/02/2025"))),
    # placements
    "213": (_eps(ep(PLACE="T1")), _eps(ep(PLACE="T1", PLACE_PROVIDER=None))),
    "526": (_eps(ep(PLACE_PROVIDER=None)), _eps(ep())),
    "527": (_eps(ep(PLACE="R2")), _eps(ep())),
    "550": (_eps(ep(PLACE_PROVIDER="PR0")), _eps(ep(PLACE_PROVIDER="PR0", PLACE="P1", PL_POST="AB1 2CD"))),
    "392b": (_eps(ep(PL_POST=None)), _eps(ep())),
    "392c": (_eps(ep(PL_POST="NOTAPOSTCODE")), _eps(ep(PL_POST="ab3 4ef"))),
    "392d": (_eps(ep(PL_POST="AB1 2CD")), _eps(ep())),
    "1008": (_eps(ep(URN="12AB")), _eps(ep(URN="1234567"))),
    "390": (_eps(ep(DEC="01/06/2025", REC="E11")), _eps(ep(DEC="01/06/2025", REC="E11", PLACE="A4"))),
    "551": (
        _eps(ep(PLACE="A4")),
        {**_eps(ep(PLACE="A4")), "placed_adoption": [row(DATE_PLACED="01/04/2025")]},
    ),
    # reviews
    "166": (
        {"reviews": [row(REVIEW=None, REVIEW_CODE="PN1")]},
        {"reviews": [row(REVIEW="01/06/2025", REVIEW_CODE="PN1")]},
    ),
    "167": (
        {"reviews": [row(REVIEW="01/06/2025", REVIEW_CODE="PN9")]},
        {"reviews": [row(REVIEW="01/06/2025", REVIEW_CODE="PN1")]},
    ),
    "440": (
        {"reviews": [row(REVIEW="01/06/2025", REVIEW_CODE="PN0")]},
        {"reviews": [row(DOB="01/01/2023", REVIEW="01/06/2025", REVIEW_CODE="PN0")]},
    ),
    "441": (
        {"reviews": [row(DOB="01/01/2023", REVIEW="01/06/2025", REVIEW_CODE="PN1")]},
        {"reviews": [row(REVIEW="01/06/2025", REVIEW_CODE="PN1")]},
    ),
    # missing
    "564": ({"missing": [row(MISSING="M")]}, {"missing": [row(MISSING="M", MIS_START="01/06/2025")]}),
    "565": (
        {"missing": [row(MIS_START="01/06/2025")]},
        {"missing": [row(MISSING="A", MIS_START="01/06/2025")]},
    ),
    "567": (
        {"missing": [row(MISSING="M", MIS_START="02/06/2025", MIS_END="01/06/2025")]},
        {"missing": [row(MISSING="M", MIS_START="01/06/2025", MIS_END="02/06/2025")]},
    ),
    "570": (
        {"missing": [row(MISSING="M", MIS_START="01/04/2026")]},
        {"missing": [row(MISSING="M", MIS_START="31/03/2026")]},
    ),
    "574": (
        {"missing": [row(MISSING="M", MIS_START="01/06/2025"), row(MISSING="M", MIS_START="05/06/2025")]},
        {
            "missing": [
                row(MISSING="M", MIS_START="01/06/2025", MIS_END="02/06/2025"),
                row(MISSING="M", MIS_START="05/06/2025"),
            ]
        },
    ),
    "586": (
        {"missing": [row(MISSING="M", MIS_START="01/06/2011")]},
        {"missing": [row(MISSING="M", MIS_START="01/06/2025")]},
    ),
    # care leavers
    "131": (
        {"oc3": [row(IN_TOUCH="MAYBE", ACTIV="F1", ACCOM="B1")]},
        {"oc3": [row(IN_TOUCH="YES", ACTIV="F1", ACCOM="B1")]},
    ),
    "153": ({"oc3": [row(IN_TOUCH="YES")]}, {"oc3": [row(IN_TOUCH="YES", ACTIV="F1", ACCOM="B1")]}),
    "344": ({"oc3": [row(IN_TOUCH="DIED", ACTIV="F1")]}, {"oc3": [row(IN_TOUCH="DIED")]}),
    "345": (
        {"oc3": [row(IN_TOUCH="YES", ACTIV="0", ACCOM="B1")]},
        {"oc3": [row(IN_TOUCH="YES", ACTIV="F1", ACCOM="B1")]},
    ),
    "391": (
        {"oc3": [row(DOB="01/01/2012", IN_TOUCH="YES", ACTIV="F1", ACCOM="B1")]},
        {"oc3": [row(DOB="01/01/2008", IN_TOUCH="YES", ACTIV="F1", ACCOM="B1")]},
    ),
    "1002": ({"oc3": [row(IN_TOUCH="YES", ACTIV="F1", ACCOM="B1")]}, {"oc3": [row()]}),
    "CONTINUUM-34": ({"oc3": [row(), row()]}, {"oc3": [row()]}),
    "CONTINUUM-03": (_eps(ep(CHILD="9")), _eps(ep())),
    "CONTINUUM-17": ({"reviews": [row(DOB="02/01/2012")]}, {"reviews": [row()]}),
}

#: Rules comparing with last year: last year's episodes for both sides of the pair.
LAST: dict[str, dict] = {
    # 1002 runs only with last year's Episodes (the DfE's logic): loaded, holding another child.
    "1002": _eps(ep(CHILD="2", DECOM="01/05/2024")),
    "502": _eps(ep(DECOM="01/02/2025")),
    "503B": _eps(ep(DECOM="01/02/2025")),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_known_answer(code: str) -> None:
    failing, passing = CASES[code]
    rules = RULESETS[YEAR].only(code)
    bad = validate_903_tables(ret(failing, LAST.get(code)), rules)
    good = validate_903_tables(ret(passing, LAST.get(code)), rules)
    assert code in bad.codes(), f"{code} should fail"
    assert code not in good.codes(), good.summary_text()
