"""SSDA903 OC3 imported as each care leaver's status at the birthday it was returned for.

Why: the care leaver indicators (19-21, in touch, suitable accommodation, EET) read the
dated contact history in a window around each birthday, as the DfE counts them. An
imported return must fill that history, so imported years give the figure the council
returned; and loading a later year's return must not restate a year already loaded.
"""

from __future__ import annotations

from pathlib import Path

from continuum.returns.importer import import_files
from tests.metrics.builders import run

HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"
EPISODES = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"
OC3 = "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM"

# Care leavers: A (19 on 10 June 2024, then 20 in 2025), B (20 on 1 April 2024, the year's
# first day), C (21 on 31 March 2025, the last day), D (18 in the year: not in the 19-21
# figures). One child still looked after gives each return its year (its episode).
DOBS = {"A": "10/06/2005", "B": "01/04/2004", "C": "31/03/2004", "D": "15/09/2006", "K": "01/06/2015"}
RETURNS = {
    2025: {  # 2024-25: the episode starts 1 May 2024
        "episodes": "K,01/05/2024,S,C2,N1,U1,PR1,,,,,,\nD,01/05/2020,S,C2,N1,U1,PR1,14/09/2024,E8,,,,",
        "oc3": [
            "A,10/06/2005,YES,F2,U1",
            "B,01/04/2004,YES,G4,U2",
            "C,31/03/2004,NO,0,0",
            "D,15/09/2006,YES,F1,B1",
        ],
    },
    2026: {  # 2025-26: A is 20, and now says NO; B and C no longer returned
        "episodes": "K,01/05/2024,S,C2,N1,U1,PR1,,,,,,\nK2,01/05/2025,S,C2,N1,U1,PR1,,,,,,",
        "oc3": ["A,10/06/2005,NO,0,0"],
    },
}


def _return(folder: Path, year: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    spec = RETURNS[year]
    children = ["K", "K2", "D"] if year == 2026 else ["K", "D"]
    leavers = [r.split(",")[0] for r in spec["oc3"]]
    header = [
        f"{c},F,{DOBS.get(c, '01/06/2015')},WBRI,A123456789012,," for c in dict.fromkeys(children + leavers)
    ]
    files = {
        "Header": (HEADER, header),
        "Episodes": (EPISODES, [spec["episodes"]]),
        "OC3": (OC3, spec["oc3"]),
    }
    out = []
    for name, (columns, rows) in files.items():
        path = folder / f"{name}_{year}.csv"
        path.write_text(columns + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
        out.append(path)
    return out


def test_oc3_rows_become_contacts_on_the_birthday(tmp_path: Path) -> None:
    result = import_files(_return(tmp_path / "y1", 2025))
    contacts = {r["la_child_id"]: r for r in result.tables["care_leaver_contacts"].to_pylist()}
    assert {c: str(r["contact_date"]) for c, r in contacts.items()} == {
        "A": "2024-06-10",
        "B": "2024-04-01",
        "C": "2025-03-31",
        "D": "2024-09-15",
    }
    assert (contacts["B"]["in_touch"], contacts["B"]["activ"], contacts["B"]["accom"]) == ("YES", "G4", "U2")
    leavers = {r["la_child_id"]: r for r in result.tables["care_leavers"].to_pylist()}
    assert leavers["A"]["eligibility_category"] == "FORMER_RELEVANT"
    assert leavers["D"]["eligibility_category"] == "RELEVANT"
    assert str(leavers["D"]["left_care_date"]) == "2024-09-14"  # the episode's DEC
    assert str(leavers["A"]["left_care_date"]) == "2023-06-10"  # not in the return: the 18th birthday
    assert any("18th birthday used" in u for u in result.unmapped)
    assert not any("OC3" in u and "not loaded" in u for u in result.unmapped)


def test_imported_year_gives_the_returned_figures(tmp_path: Path) -> None:
    tables = import_files(_return(tmp_path / "y1", 2025)).tables
    touch = run(tables, "care_leavers_in_touch_19_21", "2024-25")
    assert (touch.numerator, touch.denominator) == (2, 3)  # A and B in touch, C not; D is 18
    accom = run(tables, "care_leavers_suitable_accom_19_21", "2024-25")
    assert (accom.numerator, accom.denominator) == (1, 3)  # A's U1; B's U2 is not suitable
    eet = run(tables, "care_leavers_eet_19_21", "2024-25")
    assert (eet.numerator, eet.denominator) == (1, 3)  # A's F2; B's G4 is not EET


def test_a_later_return_does_not_restate_a_loaded_year(tmp_path: Path) -> None:
    both = import_files([*_return(tmp_path / "y1", 2025), *_return(tmp_path / "y2", 2026)]).tables
    touch = run(both, "care_leavers_in_touch_19_21", "2024-25")
    assert (touch.numerator, touch.denominator) == (2, 3)  # as loaded alone
    later = run(both, "care_leavers_in_touch_19_21", "2025-26")
    # A at 20 says NO; B's 21st and D's 19th birthdays fall in 2025-26 with nothing returned: not known.
    assert (later.numerator, later.denominator) == (0, 3)
    leaver = next(r for r in both["care_leavers"].to_pylist() if r["la_child_id"] == "A")
    assert (leaver["in_touch"], str(leaver["latest_contact_date"])) == ("NO", "2025-06-10")
