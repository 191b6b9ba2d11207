"""Seed 004's 2012 crime summary (lines 296-319) and a loader that puts it in as monthly records by ward.

Shared by the summary test and the page's browser test. Only the offence and flag rows are loaded:
the roll-ups are always computed. The crime types are installed first (idempotent), since a test
that flushes the database elsewhere on the same worker empties the migration's rows.
"""

from __future__ import annotations

from continuum.community_safety.hierarchy import install_crime_types
from continuum.community_safety.importer import import_crime_records, import_targets
from continuum.community_safety.models import CrimeKind, CrimeType

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


def records_csv(types: dict[str, CrimeType]) -> str:
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


def targets_csv(types: dict[str, CrimeType]) -> str:
    lines = ["crime_type,year,offence_target,sd_target"]
    for crime_type in types.values():
        offence, sd = SEED[crime_type.name][:2]
        if offence or sd:
            lines.append(f"{crime_type.code},2012,{offence},{sd}")
    return "\n".join(lines) + "\n"


def load_seed_2012() -> dict[str, CrimeType]:
    install_crime_types(CrimeType)
    types = {t.code: t for t in CrimeType.objects.all()}
    import_crime_records(records_csv(types))
    import_targets(targets_csv(types))
    return types
