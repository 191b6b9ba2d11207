"""The crime summary reproduces the Safer Communities Partnership's pack (seed 004, lines 290-325).

The seed's 2012 figures go in as monthly records by ward through the importer (the leaf and flag
rows only: the roll-ups are never loaded), and every printed cell must come back out.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.test import override_settings

from continuum.community_safety.hierarchy import install_crime_types
from continuum.community_safety.importer import ImportFailed, import_crime_records, import_targets
from continuum.community_safety.models import CrimeKind, CrimeRecord, CrimeTarget, CrimeType
from continuum.community_safety.summary import crime_summary, percent, sds_needed
from tests.community_safety.seed_2012 import SEED, load_seed_2012


@pytest.fixture
def seed_2012(db: None) -> dict[str, CrimeType]:
    return load_seed_2012()


@pytest.fixture(autouse=True)
def crime_types(db: None) -> None:
    """The standard types, even after another test on this worker flushed the migration's rows."""
    install_crime_types(CrimeType)


def test_the_standard_hierarchy_has_every_row_of_the_pack_in_its_order(db: None) -> None:
    assert [t.name for t in CrimeType.objects.all()] == list(SEED)


def test_every_cell_of_the_seed_crime_summary_is_reproduced(seed_2012: dict[str, CrimeType]) -> None:
    summary = crime_summary(date(2012, 4, 1), date(2012, 9, 1))
    assert summary.target_year == 2012
    produced = {row.name: row.cells() for row in summary.rows}
    assert produced == SEED
    assert summary.notes == [
        "Youth Violence is a measure of the number of victims, not the number of offences."
    ]


def test_the_seeds_roll_ups_agree_with_its_rows(seed_2012: dict[str, CrimeType]) -> None:
    """Where the pack's own sums disagreed with its rows, Continuum would give the rows' sum.

    Checked cell by cell: every roll-up the pack prints (offences and SDs, both years) is the sum
    of its children's printed rows, so there is no disagreement to show in this seed. The
    summary's group figures come from the records, never from a loaded total.
    """
    disagreements = []
    for group in CrimeType.objects.filter(kind=CrimeKind.GROUP):
        children = [c.name for c in group.children.all()]
        for column in (2, 3, 5, 6):
            printed = int(SEED[group.name][column])
            summed = sum(int(SEED[c][column]) for c in children)
            if printed != summed:
                disagreements.append((group.name, column, printed, summed))
    assert disagreements == []
    assert not CrimeRecord.objects.filter(crime_type__kind=CrimeKind.GROUP).exists()


def test_flags_are_shown_but_never_added_into_a_total(seed_2012: dict[str, CrimeType]) -> None:
    rows = {row.code: row for row in crime_summary(date(2012, 4, 1), date(2012, 9, 1)).rows}
    leaves = CrimeType.objects.filter(kind=CrimeKind.OFFENCE)
    assert rows["total-notifiable"].offences_this == sum(rows[t.code].offences_this for t in leaves)
    assert rows["gun-crime"].offences_this == 39
    assert rows["youth-violence"].counts == "victims"
    with pytest.raises(IntegrityError), transaction.atomic():
        CrimeType.objects.filter(code="gun-crime").update(parent=seed_2012["tier-3"])


def test_a_council_can_add_a_type_and_its_group_grows(seed_2012: dict[str, CrimeType]) -> None:
    CrimeType.objects.create(
        code="commercial-burglary",
        name="Commercial Burglary",
        kind="offence",
        parent=seed_2012["serious-acquisitive"],
    )
    import_crime_records(
        "month,ward,crime_type,offences,sanction_detections\n2012-05,E05099901,commercial-burglary,10,2\n"
    )
    rows = {row.code: row for row in crime_summary(date(2012, 4, 1), date(2012, 9, 1)).rows}
    assert rows["serious-acquisitive"].offences_this == 3936
    assert rows["total-notifiable"].offences_this == 12643
    assert rows["commercial-burglary"].change is None  # nothing last year: no % change


def test_colours_follow_the_setting(seed_2012: dict[str, CrimeType]) -> None:
    rows = {r.code: r for r in crime_summary(date(2012, 4, 1), date(2012, 9, 1)).rows}
    assert (rows["rape"].direction, rows["rape"].colour) == ("increase", "red")
    assert (rows["robbery"].direction, rows["robbery"].colour) == ("decrease", "blue")
    with override_settings(COMMUNITY_SAFETY_CHANGE_COLOURS={"increase": "plum", "decrease": "skyblue"}):
        rows = {r.code: r for r in crime_summary(date(2012, 4, 1), date(2012, 9, 1)).rows}
    assert (rows["rape"].colour, rows["robbery"].colour) == ("plum", "skyblue")


def test_a_shorter_period_sums_only_its_months(seed_2012: dict[str, CrimeType]) -> None:
    rows = {r.code: r for r in crime_summary(date(2012, 4, 1), date(2012, 4, 1)).rows}
    # Rape: 45 offences this year over 12 month-ward slots -> 4,4,4,4,4,4,4,4,4,3,3,3; April is the first two.
    assert rows["rape"].offences_this == 8


def test_rounding_is_half_up() -> None:
    assert percent(21, 80) == Decimal("26.3")  # 26.25 exactly: half-even would print 26.2
    assert percent(-1, 2) == Decimal("-50.0")
    assert percent(1, 0) is None
    assert sds_needed(Decimal(50), 5, 0) == 3  # 2.5 -> 3
    assert sds_needed(Decimal(50), 5, 5) == -3  # -2.5 -> -3 (away from zero)
    assert sds_needed(Decimal(35), 81, 30) == -2


# --- The importer ------------------------------------------------------------------------------


def test_every_bad_row_is_named_and_nothing_is_written(db: None) -> None:
    text = (
        "month,ward,crime_type,offences,sanction_detections\n"
        "2012-04,E05099901,rape,3,1\n"
        "2012-13,E05099901,rape,3,1\n"
        "2012-05,E05099901,robbery,3,1\n"
        "2012-05,E05099901,no-such-type,3,1\n"
        "2012-05,E05099901,rape,three,1\n"
        "2012-05,E05099901,youth-violence,3,1\n"
        "2012-04,E05099901,rape,4,1\n"
    )
    with pytest.raises(ImportFailed) as failed:
        import_crime_records(text)
    assert [str(e) for e in failed.value.errors] == [
        "Row 3, column 'month': '2012-13' is not a month written as YYYY-MM",
        "Row 4, column 'crime_type': 'robbery' is a group: its figures are the sum of its types",
        "Row 5, column 'crime_type': 'no-such-type' is not a known crime type code",
        "Row 6, column 'offences': 'three' is not a whole number of 0 or more",
        "Row 7, column 'sanction_detections': 'youth-violence' does not record sanction detections",
        "Row 8, column 'month': the same figures appear in an earlier row",
    ]
    assert not CrimeRecord.objects.exists()


def test_a_missing_column_is_named(db: None) -> None:
    with pytest.raises(ImportFailed, match="Row 1, column 'ward': this column is missing"):
        import_crime_records("month,crime_type,offences,sanction_detections\n")


def test_importing_again_replaces_the_figures(db: None) -> None:
    header = "month,ward,crime_type,offences,sanction_detections\n"
    import_crime_records(header + "2012-04,E05099901,rape,3,1\n")
    import_crime_records(header + "2012-04,E05099901,rape,5,\n")
    record = CrimeRecord.objects.get()
    assert (record.offences, record.sanction_detections) == (5, None)


def test_targets_import_checks_and_replaces(db: None) -> None:
    with pytest.raises(ImportFailed, match="Row 2, column 'sd_target': 'lots' is not a percentage"):
        import_targets("crime_type,year,offence_target,sd_target\nrape,2012,,lots\n")
    import_targets("crime_type,year,offence_target,sd_target\nrape,2012,-5%,6%\n")
    import_targets("crime_type,year,offence_target,sd_target\nrape,2012,,7%\n")
    target = CrimeTarget.objects.get()
    assert (target.offence_change, target.sd_rate) == (None, Decimal("7.00"))


def test_the_import_command_reports_rows_and_writes_nothing_on_error(db: None, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from io import StringIO

    from django.core.management import CommandError, call_command

    good = tmp_path / "crime.csv"
    good.write_text("month,ward,crime_type,offences,sanction_detections\n2012-04,E05099901,rape,3,1\n")
    bad = tmp_path / "bad.csv"
    bad.write_text("month,ward,crime_type,offences,sanction_detections\n2012-04,E05099901,rape,-1,1\n")
    out = StringIO()
    call_command("import_crime", records=good, stdout=out)
    assert out.getvalue() == f"Imported 1 rows of crime figures from {good}.\n"
    with pytest.raises(CommandError, match="Row 2, column 'offences': '-1' is not a whole number"):
        call_command("import_crime", records=bad)
    assert CrimeRecord.objects.get().offences == 3
