"""Import is tolerant where the DfE's collection is: a byte-order mark, codes in lower case, IDs a
spreadsheet wrote as decimals (``1234.0``), and several files (and years) at once.

Each test changes one thing in a small valid return and checks the dataset
holds what the file meant.
"""

from __future__ import annotations

from pathlib import Path

from continuum.returns.importer import import_files
from tests.returns import cin_xml

HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"
EPISODES = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"


def _903(folder: Path, header: str, episodes: str, *, suffix: str = "", bom: bool = False) -> list[Path]:
    """An SSDA903 return of a Header and an Episodes file (``suffix`` goes into the file names)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, columns, rows in (("header", HEADER, header), ("episodes", EPISODES, episodes)):
        path = folder / f"{name}{suffix}.csv"
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + f"{columns}\n{rows}\n".encode())
        out.append(path)
    return out


def _child(result, child: str = "C1") -> dict:
    rows = [r for r in result.tables["children"].to_pylist() if r["la_child_id"] == child]
    assert len(rows) == 1, rows
    return rows[0]


def test_byte_order_mark(tmp_path: Path) -> None:
    cin = tmp_path / "cin.xml"
    cin.write_bytes(b"\xef\xbb\xbf" + cin_xml.message(cin_xml.child()).encode())
    files = _903(
        tmp_path / "903",
        "C1,F,01/06/2015,WBRI,A123456789012,,",
        "C1,01/05/2025,S,C2,N1,U1,PR1,,,,,,",
        bom=True,
    )
    result = import_files([cin, *files])
    assert _child(result)["sex"] == "F"
    assert result.tables["referrals"].num_rows == 1
    assert result.tables["cla_episodes"].to_pylist()[0]["la_child_id"] == "C1"


def test_codes_in_lower_case(tmp_path: Path) -> None:
    ep = cin_xml.episode(source="1a", need="n1", assessments=[cin_xml.assessment(factors=("2a", "3a"))])
    xml = cin_xml.message(cin_xml.child(sex="f", ethnicity="wbri", disabilities=("mob",), episodes=[ep]))
    files = _903(
        tmp_path / "903",
        "C1,f,01/06/2015,wbri,A123456789012,,",
        "C1,01/05/2025,s,c2,n1,u1,pr1,,,,,,",
    )
    result = import_files([cin_xml.write(tmp_path, xml), *files])
    child = _child(result)
    assert (child["sex"], child["ethnicity"], child["disabilities"]) == ("F", "WBRI", ["MOB"])
    referral = result.tables["referrals"].to_pylist()[0]
    assert (referral["referral_source"], referral["primary_need_code"]) == ("1A", "N1")
    assert result.tables["assessments"].to_pylist()[0]["assessment_factors"] == ["2A", "3A"]
    episode = result.tables["cla_episodes"].to_pylist()[0]
    assert [episode[c] for c in ("rne", "ls", "cin", "place", "place_provider")] == [
        "S",
        "C2",
        "N1",
        "U1",
        "PR1",
    ]


def test_ids_read_as_numbers(tmp_path: Path) -> None:
    """LAchildID 1234 in the CIN census and CHILD 1234.0 in the 903 are one child; MOTHER 1.0 is yes."""
    xml = cin_xml.message(cin_xml.child(la_child_id="1234.0"))
    files = _903(
        tmp_path / "903",
        "1234.0,2.0,01/06/2015,WBRI,A123456789012,0.0,",
        "1234.0,01/05/2025,S,C2,N1,U1,PR1,,,,,,",
    )
    result = import_files([cin_xml.write(tmp_path, xml), *files])
    assert [r["la_child_id"] for r in result.tables["children"].to_pylist()] == ["1234"]
    assert result.tables["cla_episodes"].to_pylist()[0]["la_child_id"] == "1234"
    assert result.tables["referrals"].to_pylist()[0]["la_child_id"] == "1234"
    assert result.tables["motherhood"].to_pylist()[0]["mother"] is False


def test_several_files_at_once(tmp_path: Path) -> None:
    """Two CIN census files and two years of 903 files in one folder (as an upload holds them):
    each year is its own return, and the later year's record of a child wins."""
    cin = [
        cin_xml.write(tmp_path, cin_xml.message(reference_date=f"{y}-03-31"), f"cin_{y}.xml")
        for y in (2025, 2026)
    ]
    folder = tmp_path / "upload"
    files = _903(
        folder, "C1,2,01/06/2015,WBRI,A123456789012,,", "C1,01/05/2023,S,C2,N1,U1,PR1,,,,,,", suffix="_2024"
    )
    files += _903(
        folder,
        "C1,F,01/06/2015,WBRI,A123456789012,,\nC3,M,01/01/2012,WBRI,A123456789013,,",
        "C1,01/05/2023,S,C2,N1,U1,PR1,01/06/2025,E13,,,,\nC3,01/09/2025,S,C2,N1,U1,PR1,,,,,,",
        suffix="_2026",
    )
    result = import_files([*cin, *files])
    assert [(r.kind, r.year) for r in result.returns] == [
        ("CIN census", "2024-25"),
        ("CIN census", "2025-26"),
        ("SSDA903", "2023-24"),
        ("SSDA903", "2025-26"),
    ]
    assert "2023-24 (SEX 1 as M, 2 as F)" in result.returns[2].line
    assert sorted(r["la_child_id"] for r in result.tables["children"].to_pylist()) == ["C1", "C2", "C3"]
    episodes = {(e["la_child_id"], e["rec"]) for e in result.tables["cla_episodes"].to_pylist()}
    assert episodes == {("C1", "E13"), ("C3", None)}


def test_yes_no_written_true_false(tmp_path: Path) -> None:
    """ReferralNFA and ICPCnotRequired as older systems wrote them (true/false, any case) are 1/0."""
    ep = cin_xml.episode(nfa="True", s47s=[cin_xml.s47(not_required="false")], assessments=[])
    xml = cin_xml.message(cin_xml.child(episodes=[ep]), reference_date="2021-03-31")
    result = import_files([cin_xml.write(tmp_path, xml)])
    assert result.tables["referrals"].to_pylist()[0]["referral_nfa"] is True
    assert result.tables["s47"].to_pylist()[0]["icpc_not_required"] is False
    assert not [u for u in result.unmapped if "not 0/1" in u]
