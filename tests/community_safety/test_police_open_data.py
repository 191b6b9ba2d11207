"""The police open-data street-level CSV: LSOAs to wards and categories to types, offences only."""

from __future__ import annotations

import pytest

from continuum.community_safety.hierarchy import install_crime_types
from continuum.community_safety.importer import ImportFailed, import_crime_records
from continuum.community_safety.models import CrimeRecord, CrimeType
from continuum.community_safety.opendata import import_police_open_data

HEADER = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
    "Crime type,Last outcome category,Context\n"
)


def _row(month: str, lsoa: str, category: str) -> str:
    return f"x,{month},Demo Police,Demo Police,0.1,51.5,On or near a street,{lsoa},Demo 001A,{category},,\n"


@pytest.fixture(autouse=True)
def crime_types(db: None) -> None:
    install_crime_types(CrimeType)


def test_counts_by_type_month_and_ward_keeping_sanction_detections() -> None:
    import_crime_records(
        "month,ward,crime_type,offences,sanction_detections\n2012-04,E05099901,residential-burglary,1,2\n"
    )
    text = HEADER + "".join(
        [
            _row("2012-04", "E01099901", "Burglary"),
            _row("2012-04", "E01099902", "Burglary"),  # same ward as E01099901
            _row("2012-04", "E01099903", "Burglary"),
            _row("2012-04", "E01099903", "Robbery"),
            _row("2012-05", "", "Burglary"),  # no location: not placed
            _row("2012-04", "E01099904", "Anti-social behaviour"),  # not crime
        ]
    )
    result = import_police_open_data(text)
    assert (result.crimes, result.records, result.without_location, result.not_counted) == (4, 3, 1, 1)
    figures = {
        (r.crime_type.code, r.ward): (r.offences, r.sanction_detections)
        for r in CrimeRecord.objects.select_related("crime_type")
    }
    assert figures == {
        ("residential-burglary", "E05099901"): (2, 2),  # offences replaced, SDs kept
        ("residential-burglary", "E05099902"): (1, None),
        ("personal-robbery", "E05099902"): (1, None),
    }


def test_unknown_lsoas_and_categories_are_named_and_nothing_is_written() -> None:
    text = HEADER + _row("2012-04", "E01099901", "Burglary") + _row("2012-04", "E01000000", "Burglary")
    text += _row("2012-04", "E01099901", "Kidnap")
    with pytest.raises(ImportFailed) as failed:
        import_police_open_data(text)
    assert [str(e) for e in failed.value.errors] == [
        "Row 3, column 'LSOA code': 'E01000000' is not in the LSOA-to-ward lookup",
        "Row 4, column 'Crime type': 'Kidnap' is not in the category map",
    ]
    assert not CrimeRecord.objects.exists()


def test_a_councils_own_lookup_and_map(tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "wards.csv").write_text("lsoa_code,ward_code\nE01000001,E05000001\n")
    (tmp_path / "map.csv").write_text("category,crime_type\nBurglary,residential-burglary\n")
    settings.COMMUNITY_SAFETY_LSOA_WARDS = tmp_path / "wards.csv"
    settings.COMMUNITY_SAFETY_CATEGORY_MAP = tmp_path / "map.csv"
    import_police_open_data(HEADER + _row("2012-04", "E01000001", "Burglary"))
    assert CrimeRecord.objects.get().ward == "E05000001"
