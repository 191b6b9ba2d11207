"""SSDA903 known-answer pairs for every rule not covered in ``test_ssda903_rules.py``.

Each case is a minimal return that FAILS one rule and one that PASSES it; only
that rule is run, so each pair asserts exactly that rule's outcome. The last
test checks that every registered rule code has a pair here or in
``test_ssda903_rules.py``, so a new rule cannot land without one.

Collection year 2025-26: 1 April 2025 to 31 March 2026. The baseline child
(``ssda903_rows``) is a girl born 1 January 2012 in one open foster episode
from 1 May 2025.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from continuum.returns.ssda903 import REGISTRY, RULESETS, validate_903_tables
from tests.returns.ssda903_rows import Rows, ret, row
from tests.returns.ssda903_rows import episode as ep
from tests.returns.ssda903_rows import header as hd
from tests.returns.test_ssda903_providers import CASES as PROVIDER_CASES
from tests.returns.test_ssda903_rules import CASES as RULES_CASES
from tests.returns.test_ssda903_rules_header import MINE as HEADER_RULES

YEAR = "2025-26"


@dataclass(frozen=True)
class Pair:
    """A failing and a passing return; ``last`` is last year's data for both (``last_pass`` for
    the passing side when it differs)."""

    fail: Rows
    ok: Rows
    last: Rows | None = None
    last_ok: Rows | None = None


def _eps(*rows: dict[str, str | None]) -> Rows:
    return {"episodes": list(rows)}


def _with(extra: Rows, *rows: dict[str, str | None]) -> Rows:
    return {"episodes": list(rows), **extra}


#: Closed then continued: the first episode ends 1 June (X1), the second is a placement move.
_MOVE = (ep(DEC="01/06/2025", REC="X1"), ep(DECOM="01/06/2025", RNE="P", PLACE="U3"))
_LEFT = ep(DEC="01/06/2025", REC="E8")
_ADOPTED = ep(DEC="01/06/2025", REC="E11", PLACE="A4")
#: Looked after continuously for 12 months at 31 March (the OC2 cohort).
_CLA12 = ep(DECOM="01/03/2025")
_OC3 = {"IN_TOUCH": "YES", "ACTIV": "F1", "ACCOM": "B1"}
_AD1 = {
    "DATE_INT": "01/03/2025",
    "DATE_MATCH": "01/04/2025",
    "FOSTER_CARE": "0",
    "NB_ADOPTR": "2",
    "SEX_ADOPTR": "MF",
    "LS_ADOPTR": "L0",
}
_OC2_ALL = {"IMMUNISATIONS": "1", "TEETH_CHECK": "1", "HEALTH_ASSESSMENT": "1", "SUBSTANCE_MISUSE": "0"}


def _oc3(**kw: str | None) -> dict[str, str | None]:
    return row(**{**_OC3, **kw})


def _hdr(**kw: str | None) -> Rows:
    return {"header": [hd(**kw)]}


CASES: dict[str, Pair] = {
    # --- care leavers (OC3) -----------------------------------------------------------
    "132": Pair({"oc3": [_oc3(ACTIV="F9")]}, {"oc3": [_oc3()]}),
    "133": Pair({"oc3": [_oc3(ACCOM="Q1")]}, {"oc3": [_oc3()]}),
    "347": Pair({"oc3": [_oc3(DOB="01/01/2009", ACCOM="T1")]}, {"oc3": [_oc3(DOB="01/01/2007", ACCOM="T1")]}),
    "3001": Pair(
        {"oc3": [_oc3(DOB="01/06/2008", ACCOM="Z1")]}, {"oc3": [_oc3(DOB="01/06/2007", ACCOM="Z1")]}
    ),
    "1000": Pair(_with({"oc3": [_oc3()]}, ep(DEC="01/06/2025", REC="E2")), _with({"oc3": [_oc3()]}, _LEFT)),
    "1001": Pair(
        {
            "header": [hd(DOB="01/01/2008")],
            "oc3": [_oc3(DOB="01/01/2008")],
            **_eps(ep(DECOM="01/05/2025", DEC="10/05/2025", REC="E8")),
        },
        {
            "header": [hd(DOB="01/01/2008")],
            "oc3": [_oc3(DOB="01/01/2008")],
            **_eps(ep(DECOM="01/04/2025", DEC="01/09/2025", REC="E8")),
        },
        last=_eps(ep(CHILD="2", DECOM="01/05/2024")),  # run only with last year's Episodes loaded
    ),
    "1007": Pair(
        _with({"oc3": [_oc3(DOB="01/06/2008")]}, ep()),
        _with({"oc3": [_oc3(DOB="01/06/2008")]}, ep(DEC="15/05/2025", REC="E8")),
    ),
    "1016": Pair(
        _with({"oc3": [_oc3(DOB="01/06/2008")]}, ep(DEC="01/07/2025", REC="E8")),
        _with({"oc3": [_oc3(DOB="01/06/2008")]}, ep(DEC="15/05/2025", REC="E8")),
    ),
    "1010": Pair(
        {"oc3": [_oc3()]},
        {"oc3": [_oc3()]},
        last=_eps(ep(DECOM="01/05/2024")),
        last_ok=_eps(ep(DECOM="01/05/2024", DEC="01/06/2024", REC="E8")),
    ),
    "1011": Pair(_with({"oc3": [_oc3()]}, ep(DEC="01/06/2025", REC="E3")), _with({"oc3": [_oc3()]}, _LEFT)),
    "1012": Pair(
        {"oc3": [row()], "reviews": [row(REVIEW="01/06/2025", REVIEW_CODE="PN1")]},
        _with({"oc3": [row()], "reviews": [row(REVIEW="01/06/2025", REVIEW_CODE="PN1")]}, ep()),
    ),
    "1014": Pair(
        {"oc3": [row()], "uasc": [row(SEX="F", DUC="01/01/2030")]},
        _with({"oc3": [row()], "uasc": [row(SEX="F", DUC="01/01/2030")]}, ep()),
    ),
    "134": Pair({"oc3": [_oc3()], "ad1": [row(**_AD1)]}, {"oc3": [_oc3()]}),
    "187": Pair(_with({"oc3": [_oc3()]}, _CLA12), _with({"oc3": [_oc3()]}, ep())),
    "215": Pair({"oc3": [_oc3()], "oc2": [row(CONVICTED="0")]}, {"oc3": [_oc3()], "oc2": [row()]}),
    # --- children looked after for 12 months (OC2) -----------------------------------
    "185": Pair(_with({"oc2": [row(SDQ_SCORE="10")]}, ep()), _with({"oc2": [row(SDQ_SCORE="10")]}, _CLA12)),
    "198": Pair(
        _with({"oc2": [row(SDQ_REASON="SDQ2")]}, ep()), _with({"oc2": [row(SDQ_REASON="SDQ2")]}, _CLA12)
    ),
    "190": Pair(_with({"oc2": [row(CONVICTED="0")]}, ep()), _with({"oc2": [row(CONVICTED="0")]}, _CLA12)),
    "186": Pair(_with({"oc2": [row()]}, _CLA12), _with({"oc2": [row(SDQ_SCORE="10")]}, _CLA12)),
    "157": Pair({"oc2": [row(SDQ_REASON="SDQ1")]}, {"oc2": [row(SDQ_REASON="SDQ2")]}),
    "197B": Pair(_with({"oc2": [row()]}, _CLA12), _with({"oc2": [row(SDQ_REASON="SDQ2")]}, _CLA12)),
    "543": Pair(_with({"oc2": [row()]}, _CLA12), _with({"oc2": [row(CONVICTED="0")]}, _CLA12)),
    "191": Pair(_with({"oc2": [row(IMMUNISATIONS="1")]}, _CLA12), _with({"oc2": [row(**_OC2_ALL)]}, _CLA12)),
    # --- episodes ----------------------------------------------------------------------
    "359": Pair(
        {"header": [hd(DOB="01/01/2007")], **_eps(ep())},
        {"header": [hd(DOB="01/01/2007")], **_eps(ep(LS="V2", PLACE="K2"))},
    ),
    # Bug fixed: 364 failed a J2 episode over 1 day; the DfE's limit is 21 days.
    "364": Pair(_eps(ep(LS="J2", DEC="23/05/2025", REC="E8")), _eps(ep(LS="J2", DEC="22/05/2025", REC="E8"))),
    # Bug fixed: 367 counted the start day too, so exactly 75 days (as 365 counts them) failed.
    "367": Pair(
        _eps(
            ep(LS="V3", DEC="01/06/2025", REC="X1"),
            ep(LS="V3", DECOM="01/06/2025", DEC="16/07/2025", REC="E8"),
        ),
        _eps(
            ep(LS="V3", DEC="01/06/2025", REC="X1"),
            ep(LS="V3", DECOM="01/06/2025", DEC="15/07/2025", REC="E8"),
        ),
    ),
    # Bug fixed: 451 failed a D1 episode ending X1 even when the next legal status was E1.
    "407": Pair(
        {"header": [hd(DOB="01/01/2007")], **_eps(ep(DEC="01/06/2025", REC="E45"))},
        _eps(ep(DEC="01/06/2025", REC="E45")),
    ),
    "383": Pair(
        _eps(
            ep(DEC="01/06/2025", REC="X1"),
            ep(DECOM="01/06/2025", DEC="10/06/2025", REC="X1", RNE="P", PLACE="T1", PL_POST=None),
            ep(DECOM="10/06/2025", RNE="P", PL_POST="ZZ9 9ZZ"),
        ),
        _eps(
            ep(DEC="01/06/2025", REC="X1"),
            ep(DECOM="01/06/2025", DEC="10/06/2025", REC="X1", RNE="P", PLACE="T1", PL_POST=None),
            ep(DECOM="10/06/2025", RNE="P"),
        ),
    ),
    "371": Pair(_eps(ep(PLACE="K3")), {**_hdr(DOB="01/01/2009"), **_eps(ep(PLACE="K3"))}),
    "372": Pair({**_hdr(DOB="01/01/2018"), **_eps(ep(PLACE="R5"))}, _eps(ep(PLACE="R5"))),
    "373": Pair({**_hdr(DOB="01/01/2023"), **_eps(ep(PLACE="S1"))}, _eps(ep(PLACE="S1"))),
    "374": Pair(_eps(ep(PLACE="P3")), {**_hdr(DOB="01/01/2011"), **_eps(ep(PLACE="P3"))}),
    # Bug fixed: 376 and 377 read T2 (the child's holiday) for T3 (usual foster carers' holiday).
    "376": Pair(
        _eps(ep(PLACE="T3", DEC="23/05/2025", REC="X1")),
        _eps(
            ep(PLACE="T3", DEC="22/05/2025", REC="X1"),
            ep(PLACE="T2", DECOM="01/07/2025", DEC="31/07/2025", REC="X1"),
        ),
    ),
    "377": Pair(
        _eps(*(ep(PLACE="T3", DECOM=d) for d in ("01/05/2025", "01/07/2025", "01/09/2025"))),
        _eps(
            *(
                ep(PLACE=p, DECOM=d)
                for p, d in (("T3", "01/05/2025"), ("T3", "01/07/2025"), ("T2", "01/09/2025"))
            )
        ),
    ),
    "199": Pair(_eps(_ADOPTED, ep(DECOM="01/07/2025")), _eps(_LEFT, ep(DECOM="01/07/2025"))),
    # --- last year's episodes ----------------------------------------------------------
    "503A": Pair(
        _eps(ep(DECOM="01/02/2025", RNE="P")), _eps(ep(DECOM="01/02/2025")), _eps(ep(DECOM="01/02/2025"))
    ),
    "503C": Pair(
        _eps(ep(DECOM="01/02/2025", CIN="N2")), _eps(ep(DECOM="01/02/2025")), _eps(ep(DECOM="01/02/2025"))
    ),
    "503D": Pair(
        _eps(ep(DECOM="01/02/2025", PLACE="U3")), _eps(ep(DECOM="01/02/2025")), _eps(ep(DECOM="01/02/2025"))
    ),
    "503E": Pair(
        _eps(ep(DECOM="01/02/2025", PLACE_PROVIDER="PR2")),
        _eps(ep(DECOM="01/02/2025")),
        _eps(ep(DECOM="01/02/2025")),
    ),
    "503F": Pair(
        _eps(ep(DECOM="01/02/2025", URN="1234568")),
        _eps(ep(DECOM="01/02/2025", URN="1234567")),
        _eps(ep(DECOM="01/02/2025", URN="1234567")),
    ),
    "562": Pair(
        _eps(ep(DECOM="15/02/2025")),
        _eps(ep(DECOM="01/02/2025")),
        _eps(ep(DECOM="01/01/2025", DEC="01/02/2025", REC="X1"), ep(DECOM="01/02/2025", RNE="P", PLACE="U3")),
    ),
    "NoE": Pair(_eps(ep(DECOM="01/02/2025")), _eps(ep()), _eps(ep(CHILD="2", DECOM="01/02/2025"))),
    # --- integrity -----------------------------------------------------------------------
    "CONTINUUM-01": Pair({"ad1": [row(CHILD="9", **_AD1)]}, {"ad1": [row(**_AD1)]}),
    "CONTINUUM-02": Pair(
        {"placed_adoption": [row(CHILD="9", DATE_PLACED="01/06/2025")]},
        {"placed_adoption": [row(DATE_PLACED="01/06/2025")]},
    ),
    "CONTINUUM-04": Pair({"missing": [row(CHILD="9")]}, {"missing": [row()]}),
    "CONTINUUM-05": Pair({"oc2": [row(CHILD="9")]}, {"oc2": [row()]}),
    "CONTINUUM-06": Pair({"oc3": [row(CHILD="9")]}, {"oc3": [row()]}),
    "CONTINUUM-07": Pair(
        {"prev_perm": [row(CHILD="9", PREV_PERM="Z1")]}, {"prev_perm": [row(PREV_PERM="Z1")]}
    ),
    "CONTINUUM-08": Pair({"reviews": [row(CHILD="9")]}, {"reviews": [row()]}),
    "CONTINUUM-09": Pair({"uasc": [row(CHILD="9", SEX="F")]}, {"uasc": [row(SEX="F")]}),
    "CONTINUUM-11": Pair({"ad1": [row(DOB="02/01/2012", **_AD1)]}, {"ad1": [row(**_AD1)]}),
    "CONTINUUM-12": Pair({"placed_adoption": [row(DOB="02/01/2012")]}, {"placed_adoption": [row()]}),
    "CONTINUUM-13": Pair({"missing": [row(DOB="02/01/2012")]}, {"missing": [row()]}),
    "CONTINUUM-14": Pair({"oc2": [row(DOB="02/01/2012")]}, {"oc2": [row()]}),
    "CONTINUUM-15": Pair({"oc3": [row(DOB="02/01/2012")]}, {"oc3": [row()]}),
    "CONTINUUM-16": Pair({"prev_perm": [row(DOB="02/01/2012")]}, {"prev_perm": [row()]}),
    "CONTINUUM-18": Pair({"uasc": [row(DOB="02/01/2012", SEX="F")]}, {"uasc": [row(SEX="F")]}),
    "CONTINUUM-21": Pair({"uasc": [row(SEX="M")]}, {"uasc": [row(SEX="F")]}),
    "CONTINUUM-31": Pair({"ad1": [row(**_AD1), row(**_AD1)]}, {"ad1": [row(**_AD1)]}),
    "CONTINUUM-32": Pair({"header": [hd(), hd()]}, {"header": [hd()]}),
    "CONTINUUM-33": Pair({"oc2": [row(), row()]}, {"oc2": [row()]}),
    "CONTINUUM-35": Pair({"prev_perm": [row(PREV_PERM="Z1")] * 2}, {"prev_perm": [row(PREV_PERM="Z1")]}),
    "CONTINUUM-36": Pair({"uasc": [row(SEX="F")] * 2}, {"uasc": [row(SEX="F")]}),
    # --- previous permanence and social workers ----------------------------------------
    "630": Pair(_eps(ep()), _with({"prev_perm": [row(PREV_PERM="Z1")]}, ep())),
    "632": Pair(
        _with({"prev_perm": [row(PREV_PERM="P1", LA_PERM="201", DATE_PERM="01/06/2025")]}, ep()),
        _with({"prev_perm": [row(PREV_PERM="P1", LA_PERM="201", DATE_PERM="01/01/2020")]}, ep()),
    ),
    "634": Pair(
        _with({"prev_perm": [row(PREV_PERM="Z1")]}, ep(DECOM="01/01/2016")),
        _with({"prev_perm": [row(PREV_PERM="Z1")]}, ep(DECOM="01/04/2016")),
    ),
    # Looked after from 1 May: a worker from 2 May leaves a gap; one from 1 May (referred then) does not.
    "SW12STG2": Pair(
        _with({"social_worker": [row(SW_ID="SW1", SW_DECOM="02/05/2025")]}, ep()),
        _with({"social_worker": [row(SW_ID="SW1", SW_DECOM="01/05/2025")]}, ep()),
    ),
    # --- missing -------------------------------------------------------------------------
    "1004": Pair(
        {"missing": [row(MISSING="M", MIS_START="01/06/0025")]},
        {"missing": [row(MISSING="M", MIS_START="01/06/2025")]},
    ),
    "1005": Pair(
        {"missing": [row(MISSING="M", MIS_START="01/06/2025", MIS_END="02/06/0025")]},
        {"missing": [row(MISSING="M", MIS_START="01/06/2025", MIS_END="02/06/2025")]},
    ),
    "1006": Pair(
        {"missing": [row(MISSING="X", MIS_START="01/06/2025")]},
        {"missing": [row(MISSING="M", MIS_START="01/06/2025")]},
    ),
    "566": Pair(
        {"missing": [row(MIS_START="01/06/2025", MIS_END="02/06/2025")]},
        {"missing": [row(MISSING="A", MIS_START="01/06/2025", MIS_END="02/06/2025")]},
    ),
    "571": Pair(
        {"missing": [row(MISSING="M", MIS_START="01/03/2026", MIS_END="01/04/2026")]},
        {"missing": [row(MISSING="M", MIS_START="01/03/2026", MIS_END="31/03/2026")]},
    ),
    "575": Pair(
        _with({"missing": [row(MISSING="M", MIS_START="15/05/2025")]}, *_MOVE),
        _with({"missing": [row(MISSING="M", MIS_START="05/06/2025")]}, *_MOVE),
    ),
    "577": Pair(
        _with({"missing": [row(MISSING="M", MIS_START="15/05/2025")]}, _LEFT),
        _with({"missing": [row(MISSING="M", MIS_START="15/05/2025", MIS_END="20/05/2025")]}, _LEFT),
    ),
    "578": Pair(
        _with({"missing": [row(MISSING="M", MIS_START="05/06/2025", MIS_END="06/06/2025")]}, _LEFT),
        _with({"missing": [row(MISSING="M", MIS_START="15/05/2025", MIS_END="20/05/2025")]}, _LEFT),
    ),
    "580": Pair(
        _with({"missing": [row(MISSING="M", MIS_START="15/05/2025")]}, ep(DEC="01/06/2025", REC="E4A")),
        _with({"missing": [row(MISSING="M", MIS_START="15/05/2025")]}, _LEFT),
    ),
    "581": Pair(
        _with({"missing": [row(MISSING="M", MIS_START="15/04/2025", MIS_END="16/04/2025")]}, ep()),
        _with({"missing": [row(MISSING="M", MIS_START="15/05/2025", MIS_END="16/05/2025")]}, ep()),
    ),
    "576": Pair(
        {"missing": [row(MISSING="M", MIS_START="01/06/2025", MIS_END="02/06/2025")]},
        {"missing": [row(MISSING="M", MIS_START="01/03/2025", MIS_END="02/04/2025")]},
        last={"missing": [row(MISSING="M", MIS_START="01/03/2025")]},
    ),
    # --- placements ----------------------------------------------------------------------
    "178": Pair(_eps(ep(PLACE_PROVIDER="PR9")), _eps(ep())),
    "1009": Pair(
        _eps(ep(DEC="01/06/2025", REC="X1", REASON_PLACE_CHANGE="WHIM"), _MOVE[1]),
        _eps(ep(DEC="01/06/2025", REC="X1", REASON_PLACE_CHANGE="CARPL"), _MOVE[1]),
    ),
    "214": Pair(
        _eps(ep(PLACE="T1", PLACE_PROVIDER=None)),
        _eps(ep(PLACE="T1", PLACE_PROVIDER=None, PL_POST=None, URN=None)),
    ),
    "217": Pair(
        _eps(ep(DEC="01/06/2025", REC="X1"), ep(DECOM="01/06/2025", RNE="P", PLACE="A3")),
        _eps(ep(DEC="01/06/2025", REC="X1"), ep(DECOM="01/06/2025", RNE="T", LS="E1", PLACE="A3")),
    ),
    # Bug fixed: 222 flagged a family centre's (R3, Ofsted-registered) URN and missed R1's.
    "222": Pair(
        _eps(ep(PLACE="R1", URN="1234567")),
        _eps(ep(PLACE="R3", URN="1234567"), ep(PLACE="P1", PLACE_PROVIDER="PR0", URN="XXXXXXX")),
    ),
    "225": Pair(_eps(*_MOVE), _eps(ep(DEC="01/06/2025", REC="X1", REASON_PLACE_CHANGE="CARPL"), _MOVE[1])),
    "528": Pair(_eps(ep(PLACE_PROVIDER="PR2", PLACE="R2")), _eps(ep(PLACE_PROVIDER="PR2"))),
    "529": Pair(_eps(ep(PLACE_PROVIDER="PR3")), _eps(ep(PLACE_PROVIDER="PR3", PLACE="R1"))),
    "530": Pair(_eps(ep(PLACE_PROVIDER="PR4", PLACE="P1")), _eps(ep(PLACE_PROVIDER="PR4"))),
    "531": Pair(_eps(ep(PLACE_PROVIDER="PR5", PLACE="P1")), _eps(ep(PLACE_PROVIDER="PR5"))),
    # Bug fixed: 1015 failed the LA's own foster carers living outside its area.
    "398": Pair(_eps(ep(LS="V3")), _eps(ep(LS="V3", HOME_POST=None, PL_POST=None))),
    "336": Pair(
        _eps(
            ep(DEC="01/06/2025", REC="X1", PLACE="K2"), ep(DECOM="01/06/2025", RNE="T", LS="E1", PLACE="A3")
        ),
        _eps(ep(DEC="01/06/2025", REC="X1"), ep(DECOM="01/06/2025", RNE="T", LS="E1", PLACE="A3")),
    ),
    "408": Pair(_eps(ep(PLACE="A5")), _eps(ep(PLACE="A5", LS="E1"))),
    "516": Pair(_eps(ep(DEC="01/06/2025", REC="E45", PLACE="K2")), _eps(ep(DEC="01/06/2025", REC="E45"))),
    "553": Pair(_eps(ep(LS="E1")), _with({"placed_adoption": [row(DATE_PLACED="01/04/2025")]}, ep(LS="E1"))),
    "552": Pair(
        _with({"placed_adoption": [row(DATE_PLACED="02/05/2025")]}, ep(PLACE="A4")),
        _with({"placed_adoption": [row(DATE_PLACED="01/05/2025")]}, ep(PLACE="A4")),
    ),
    "554": Pair(
        _with({"placed_adoption": [row(DATE_PLACED="02/05/2025")]}, ep(LS="E1")),
        _with({"placed_adoption": [row(DATE_PLACED="01/05/2025")]}, ep(LS="E1")),
    ),
    "1003": Pair(
        _with({"placed_adoption": [row(DATE_PLACED="30/04/2025")]}, ep()),
        _with({"placed_adoption": [row(DATE_PLACED="01/05/2025")]}, ep()),
    ),
    "117": Pair(
        _with({"placed_adoption": [row(DATE_PLACED="01/04/2026")]}, ep()),
        _with({"placed_adoption": [row(DATE_PLACED="01/06/2025")]}, ep()),
    ),
    "118": Pair(
        _with({"placed_adoption": [row(DATE_PLACED="01/05/2025", DATE_PLACED_CEASED="30/04/2025")]}, ep()),
        _with({"placed_adoption": [row(DATE_PLACED="01/05/2025", DATE_PLACED_CEASED="01/06/2025")]}, ep()),
    ),
    "557": Pair(
        _with({"placed_adoption": [row(DATE_PLACED="01/05/2025")]}, _LEFT),
        _with(
            {
                "placed_adoption": [
                    row(DATE_PLACED="01/05/2025", DATE_PLACED_CEASED="01/06/2025", REASON_PLACED_CEASED="RD1")
                ]
            },
            _LEFT,
        ),
    ),
    "558": Pair(
        _with(
            {"placed_adoption": [row(DATE_PLACED="01/04/2025", DATE_PLACED_CEASED="01/06/2025")]}, _ADOPTED
        ),
        _with({"placed_adoption": [row(DATE_PLACED="01/04/2025")]}, _ADOPTED),
    ),
    "601": Pair(_eps(_ADOPTED), _with({"ad1": [row(**_AD1)]}, _ADOPTED)),
    "602": Pair(_with({"ad1": [row(**_AD1)]}, ep()), _with({"ad1": [row(**_AD1)]}, _ADOPTED)),
    "582": Pair(
        _with({"ad1": [row(**{**_AD1, "DATE_MATCH": "01/06/2025"})]}, _ADOPTED),
        _with({"ad1": [row(**_AD1)]}, _ADOPTED),
    ),
    "331": Pair(
        _with({"ad1": [row(**{**_AD1, "DATE_MATCH": "02/05/2025"})]}, ep(PLACE="A4")),
        _with({"ad1": [row(**{**_AD1, "DATE_MATCH": "01/05/2025"})]}, ep(PLACE="A4")),
    ),
    "521": Pair(
        _with({"ad1": [row(**{**_AD1, "DATE_INT": "02/05/2025"})]}, ep(PLACE="A4")),
        _with({"ad1": [row(**{**_AD1, "DATE_INT": "01/05/2025"})]}, ep(PLACE="A4")),
    ),
    "334": Pair(
        _with({"ad1": [row(**{**_AD1, "DATE_INT": "30/04/2025"})]}, ep()),
        _with({"ad1": [row(**{**_AD1, "DATE_INT": "01/05/2025"})]}, ep()),
    ),
    "335": Pair(
        _with({"ad1": [row(**_AD1)]}, ep(DEC="01/06/2025", REC="E11", PLACE="A3")),
        _with({"ad1": [row(**{**_AD1, "FOSTER_CARE": "1"})]}, ep(DEC="01/06/2025", REC="E11", PLACE="A3")),
    ),
    # --- header --------------------------------------------------------------------------
    "399": Pair(_eps(ep(LS="V3")), {**_hdr(MOTHER=None), **_eps(ep(LS="V3"))}),
    "165": Pair({**_hdr(MOTHER="2"), **_eps(ep())}, _eps(ep())),
    "393": Pair({**_hdr(MOTHER=None), **_eps(ep())}, _eps(ep())),
    "607": Pair({**_hdr(MOTHER=None), **_eps(_LEFT)}, _eps(_LEFT)),
    "625": Pair(
        {**_hdr(MOTHER="1", MC_DOB="01/04/2026"), **_eps(ep())},
        {**_hdr(MOTHER="1", MC_DOB="01/06/2025"), **_eps(ep())},
    ),
    "628": Pair({"oc3": [row()]}, {**_hdr(MOTHER=None), "oc3": [row()]}),
    "207": Pair(_eps(ep()), {**_hdr(MOTHER="1"), **_eps(ep())}, last=_hdr(MOTHER="1")),
    "210": Pair({**_hdr(UPN="UN4"), **_eps(ep())}, _eps(ep())),
    "442": Pair({**_hdr(UPN=None), **_eps(ep())}, _eps(ep())),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_known_answer(code: str) -> None:
    case = CASES[code]
    rules = RULESETS[YEAR].only(code)
    bad = validate_903_tables(ret(case.fail, case.last), rules)
    good = validate_903_tables(ret(case.ok, case.last_ok if case.last_ok is not None else case.last), rules)
    assert bad.codes() == {code}, f"{code} should fail: {bad.summary_text()}"
    assert good.codes() == set(), good.summary_text()


def test_every_registered_rule_has_a_known_answer_pair() -> None:
    # Imported here: that file builds its pairs with this file's Pair.
    from tests.returns.test_ssda903_rules_adoption_oc2 import CASES as ADOPTION_OC2_CASES
    from tests.returns.test_ssda903_rules_episodes_sw import CASES as EPISODES_SW_CASES

    covered = set(CASES) | set(RULES_CASES) | set(PROVIDER_CASES)
    covered |= HEADER_RULES
    covered |= set(ADOPTION_OC2_CASES) | set(EPISODES_SW_CASES)
    assert set(REGISTRY) - covered == set()
    assert set(CASES) <= set(REGISTRY)
    assert not set(CASES) & set(RULES_CASES), "a rule has pairs in two files"
