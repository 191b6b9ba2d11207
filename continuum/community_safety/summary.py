"""The crime summary for any run of months, computed from the records (seed 004, lines 290-325).

Offence types are summed from their records; groups are the sums of their children (so a roll-up
always agrees with its rows); flags are summed from their own records and added into nothing.
Derived columns, as the partnership's pack defines them:

- % change = (this year - last year) / last year, to one decimal place;
- SD rate = sanction detections / offences, to one decimal place;
- SDs needed = round(SD target x offences this year - SDs this year): the detections still needed
  to reach the target rate (negative: that many ahead of it).

All rounding is half-up (a half goes away from zero), as a spreadsheet rounds: 21/80 = 26.25% is
printed 26.3%. "Last year" is the same months a year earlier. The colour of a change comes from
``settings.COMMUNITY_SAFETY_CHANGE_COLOURS``: GOV.UK tag colours (blue is
the plain tag; a pack in plum and sky blue would set purple and turquoise).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, Sum

from continuum.community_safety.models import CrimeKind, CrimeRecord, CrimeTarget, CrimeType
from continuum.core.timescales import add_months
from continuum.metrics.periods import PeriodKind, financial_year_period, period_of

DEFAULT_COLOURS = {"increase": "red", "decrease": "blue"}


@dataclass(frozen=True)
class Figures:
    offences: int
    sanction_detections: int | None


@dataclass(frozen=True)
class SummaryRow:
    code: str
    name: str
    kind: str
    counts: str
    offence_target: Decimal | None
    sd_target: Decimal | None
    offences_last: int
    offences_this: int
    change: Decimal | None
    sds_last: int | None
    sds_this: int | None
    sd_rate_last: Decimal | None
    sd_rate_this: Decimal | None
    sds_needed: int | None
    direction: str
    colour: str | None

    def cells(self) -> list[str]:
        """The row as the pack prints it, from the offence target to the SDs needed."""
        return [
            _target(self.offence_target),
            _target(self.sd_target),
            str(self.offences_last),
            str(self.offences_this),
            _pct(self.change),
            _count(self.sds_last),
            _count(self.sds_this),
            _pct(self.sd_rate_last),
            _pct(self.sd_rate_this),
            "" if self.sds_needed is None else str(self.sds_needed),
        ]


@dataclass(frozen=True)
class CrimeSummary:
    first_month: date
    last_month: date
    target_year: int
    rows: list[SummaryRow]
    notes: list[str]
    colours: dict[str, str]

    @property
    def target_year_label(self) -> str:
        return financial_year_period(self.target_year).label


def percent(numerator: int, denominator: int) -> Decimal | None:
    """numerator / denominator as a percentage to one place, half-up; None when nothing to divide by."""
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def sds_needed(sd_target: Decimal, offences: int, sds: int) -> int:
    return int((sd_target / 100 * offences - sds).quantize(Decimal(1), ROUND_HALF_UP))


def _leaf_figures(first: date, last: date) -> dict[int, Figures]:
    rows = (
        CrimeRecord.objects.filter(month__gte=first, month__lte=last)
        .values("crime_type_id")
        .annotate(
            offences=Sum("offences"), sds=Sum("sanction_detections"), with_sds=Count("sanction_detections")
        )
    )
    return {r["crime_type_id"]: Figures(r["offences"], r["sds"] if r["with_sds"] else None) for r in rows}


def _all_figures(types: list[CrimeType], leaves: dict[int, Figures]) -> dict[int, Figures]:
    children: dict[int | None, list[CrimeType]] = defaultdict(list)
    for crime_type in types:
        children[crime_type.parent_id].append(crime_type)
    result: dict[int, Figures] = {}

    def figures(crime_type: CrimeType) -> Figures:
        if crime_type.pk in result:
            return result[crime_type.pk]
        if crime_type.kind == CrimeKind.GROUP:
            parts = [figures(child) for child in children[crime_type.pk]]
            detected = [p.sanction_detections for p in parts if p.sanction_detections is not None]
            found = Figures(sum(p.offences for p in parts), sum(detected) if detected else None)
        else:
            found = leaves.get(crime_type.pk, Figures(0, None))
            if crime_type.records_sanction_detections and found.sanction_detections is None:
                found = Figures(found.offences, 0)
            if not crime_type.records_sanction_detections:
                found = Figures(found.offences, None)
        result[crime_type.pk] = found
        return found

    for crime_type in types:
        figures(crime_type)
    return result


def crime_summary(first_month: date, last_month: date) -> CrimeSummary:
    """The summary for first_month..last_month (inclusive) against the same months a year before."""
    first_month, last_month = first_month.replace(day=1), last_month.replace(day=1)
    types = list(CrimeType.objects.all())
    this_year = _all_figures(types, _leaf_figures(first_month, last_month))
    last_year = _all_figures(types, _leaf_figures(add_months(first_month, -12), add_months(last_month, -12)))
    target_year = period_of(first_month, PeriodKind.FINANCIAL_YEAR).financial_year_start
    targets = {t.crime_type_id: t for t in CrimeTarget.objects.filter(year=target_year)}
    colours = {**DEFAULT_COLOURS, **getattr(settings, "COMMUNITY_SAFETY_CHANGE_COLOURS", {})}
    rows = []
    for crime_type in types:
        now, before = this_year[crime_type.pk], last_year[crime_type.pk]
        target = targets.get(crime_type.pk)
        sd_target = target.sd_rate if target else None
        change = percent(now.offences - before.offences, before.offences)
        direction = "same" if not change else ("increase" if change > 0 else "decrease")
        rows.append(
            SummaryRow(
                code=crime_type.code,
                name=crime_type.name,
                kind=crime_type.kind,
                counts=crime_type.counts,
                offence_target=target.offence_change if target else None,
                sd_target=sd_target,
                offences_last=before.offences,
                offences_this=now.offences,
                change=change,
                sds_last=before.sanction_detections,
                sds_this=now.sanction_detections,
                sd_rate_last=_rate(before),
                sd_rate_this=_rate(now),
                sds_needed=(
                    sds_needed(sd_target, now.offences, now.sanction_detections)
                    if sd_target is not None and now.sanction_detections is not None
                    else None
                ),
                direction=direction,
                colour=colours.get(direction),
            )
        )
    notes = [t.note for t in types if t.note]
    return CrimeSummary(first_month, last_month, target_year, rows, notes, colours)


def _rate(figures: Figures) -> Decimal | None:
    if figures.sanction_detections is None:
        return None
    return percent(figures.sanction_detections, figures.offences)


def _target(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}%"


def _pct(value: Decimal | None) -> str:
    return "n/a" if value is None else f"{value}%"


def _count(value: int | None) -> str:
    return "n/a" if value is None else str(value)
