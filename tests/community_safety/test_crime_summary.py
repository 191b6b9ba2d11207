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

from continuum.community_safety.importer import ImportFailed, import_crime_records, import_targets
from continuum.community_safety.models import CrimeKind, CrimeRecord, CrimeTarget, CrimeType
from continuum.community_safety.summary import crime_summary, percent, sds_needed

# Seed 004 lines 296-319, as printed (tab-separated): name, offence target, SD target, offences
# last year, this year, % change, SDs last year, this year, SD rate last year, this year, SDs needed.
SEED_TABLE = """\
Most Serious Violence\t\t35%\t99\t81\t-18.2%\t41\t30\t41.4%\t37.0%\t-2
Rape\t\t6%\t42\t45\t7.1%\t9\t11\t21.4%\t24.4%\t-8
Other Serious Sexual Offences\t\t\t64\t80\t25.0%\t15\t21\t23.4%\t26.3%\t
Serious Violence & Sexual\t\t\t205\t206\t0.5%\t65\t62\t31.7%\t30.1%\t
Business Robbery\t\t\t38\t31\t-18.4%\t10\t7\t26.3%\t22.6%\t
Personal Robbery\t-11%\t18%\t583\t522\t-10.5%\t106\t121\t18.2%\t23.2%\t-27
Robbery\t-11%\t18%\t621\t553\t-11.0%\t116\t128\t18.7%\t23.1%\t-28
Residential Burglary\t-6%\t12%\t1609\t1534\t-4.7%\t259\t210\t16.1%\t13.7%\t-26
Theft/Taking of Motor Vehicle\t-8%\t8%\t520\t368\t-29.2%\t24\t26\t4.6%\t7.1%\t3
Theft from Motor Vehicle\t-8%\t8%\t1876\t1471\t-21.6%\t182\t11\t9.7%\t0.7%\t107
Vehicle Crime\t-8%\t8%\t2396\t1839\t-23.2%\t206\t37\t8.6%\t2.0%\t110
Serious Acquisitive Crime\t\t\t4626\t3926\t-15.1%\t581\t375\t12.6%\t9.6%\t
Assault with Injury\t-5%\t\t759\t673\t-11.3%\t265\t222\t34.9%\t33.0%\t
Other Tier 3\t\t\t7388\t6936\t-6.1%\t1651\t1346\t22.3%\t19.4%\t
Other Tier 3 (cbv)\t\t\t604\t892\t47.7%\t25\t41\t4.1%\t4.6%\t
Tier 3\t\t\t8751\t8501\t-2.9%\t1941\t1609\t22.2%\t18.9%\t
Gun Crime\t-5%\t\t26\t39\t50.0%\t10\t7\t38.5%\t17.9%\t
Knife Crime\t\t\t214\t220\t2.8%\t42\t44\t19.6%\t20.0%\t
Serious Youth Violence\t\t\t138\t122\t-11.6%\tn/a\tn/a\tn/a\tn/a\t
Youth Violence\t-5%\t\t307\t248\t-19.2%\tn/a\tn/a\tn/a\tn/a\t
Domestic Violence\t\t51%\t614\t672\t9.4%\t318\t306\t51.8%\t45.5%\t37
Racist & Religious\t\t\t111\t113\t1.8%\t56\t48\t50.5%\t42.5%\t
Homophobic\t\t\t5\t7\t40.0%\t3\t2\t60.0%\t28.6%\t
Total Notifiable\t-5%\t\t13582\t12633\t-7.0%\t2587\t2046\t19.0%\t16.2%\t"""

SEED = {line.split("\t")[0]: line.split("\t")[1:] for line in SEED_TABLE.splitlines()}
WARDS = ("E05099901", "E05099902")  # synthetic ward codes
MONTHS = (4, 5, 6, 7, 8, 9)  # April to September: the pack's period, 1 April to early October


def _split(total: int, parts: int) -> list[int]:
    """A total spread over parts (unevenly, so the sums are really exercised)."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def _records_csv(types: dict[str, CrimeType]) -> str:
    lines = ["month,ward,crime_type,offences,sanction_detections"]
    for crime_type in types.values():
        if crime_type.kind == CrimeKind.GROUP:
            continue  # roll-ups are computed, never loaded
        cells = SEED[crime_type.name]
        for year, offences, sds in ((2011, cells[2], cells[5]), (2012, cells[3], cells[6])):
            slots = [(m, w) for m in MONTHS for w in WARDS]
            counts = _split(int(offences), len(slots))
            detections = _split(int(sds), len(slots)) if sds != "n/a" else [None] * len(slots)
            for (month, ward), n, d in zip(slots, counts, detections, strict=True):
                lines.append(f"{year}-{month:02d},{ward},{crime_type.code},{n},{'' if d is None else d}")
    return "\n".join(lines) + "\n"


def _targets_csv(types: dict[str, CrimeType]) -> str:
    lines = ["crime_type,year,offence_target,sd_target"]
    for crime_type in types.values():
        offence, sd = SEED[crime_type.name][:2]
        if offence or sd:
            lines.append(f"{crime_type.code},2012,{offence},{sd}")
    return "\n".join(lines) + "\n"


@pytest.fixture
def seed_2012(db: None) -> dict[str, CrimeType]:
    types = {t.code: t for t in CrimeType.objects.all()}
    import_crime_records(_records_csv(types))
    import_targets(_targets_csv(types))
    return types


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
