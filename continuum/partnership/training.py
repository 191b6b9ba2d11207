"""The partnership's training table (seed 000's "Training Data", L1592-1617, from the LSCB's annual
report of 2011/12) built from courses and bookings.

Columns are two financial years' outturns then the later year's four quarters; rows are the number
of (classroom) courses held, attendance by agency, the online introduction's attendance by agency
(blank for a year with no online course), and the percentage of courses quality assured. The text
form is the seed's, tab-separated, so a test can compare it line by line; the one difference is the
first row's name: the board is now the Safeguarding Children Partnership, not the LSCB.

A quarter that has not started yet is blank in every row, classroom and online alike (a 0 there
read as a quarter with no courses), and the page says so under the table (:func:`not_started`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from continuum.core import clock
from continuum.partnership.models import Agency, Booking, Course

#: The first row's name: the seed's "Number of LSCB safeguarding children training courses provided in
#: the past year", with the partnership's current name (and no "past year": the columns are quarters too).
COURSES_ROW = "Number of Safeguarding Children Partnership training courses provided"


@dataclass(frozen=True)
class Column:
    label: str
    starts: date
    ends: date  # inclusive


def columns(year: int) -> list[Column]:
    """The previous and this financial year (``year`` is the April it starts) and its quarters."""

    def fy(y: int) -> str:
        return f"{y % 100:02d}/{(y + 1) % 100:02d}"

    cols = [
        Column(f"{fy(year - 1)} outturn", date(year - 1, 4, 1), date(year, 3, 31)),
        Column(f"{fy(year)} outturn", date(year, 4, 1), date(year + 1, 3, 31)),
    ]
    quarters = [(4, 6), (7, 9), (10, 12), (1, 3)]
    for n, (first, last) in enumerate(quarters, start=1):
        y = year if first >= 4 else year + 1
        end = date(y, last, 30 if last in (6, 9) else 31)
        cols.append(Column(f"Qtr {n} {fy(year)}", date(y, first, 1), end))
    return cols


def not_started(year: int, today: date | None = None) -> list[Column]:
    """The columns of ``year``'s table whose period starts after ``today`` (the clock's day by default)."""
    today = today or clock.today()
    return [c for c in columns(year) if c.starts > today]


def _percent(part: int, whole: int) -> str:
    return f"{int(Fraction(100 * part, whole) + Fraction(1, 2))}%" if whole else ""


def table(year: int, today: date | None = None) -> list[list[str]]:
    """The table's rows, each a list of cells, header first; a column not started by ``today`` (the
    clock's day by default) is blank in every row."""
    today = today or clock.today()
    cols = columns(year)
    future = {c.label for c in not_started(year, today)}
    # Courses provided: held by today (one booked ahead is not yet provided, nor its bookings attended).
    courses = list(Course.objects.filter(held_on__gte=cols[0].starts, held_on__lte=min(cols[1].ends, today)))
    attended = list(
        Booking.objects.filter(course__in=courses, attended=True).values_list("course_id", "agency")
    )

    def within(col: Column, online: bool) -> list[Course]:
        return [c for c in courses if c.online == online and col.starts <= c.held_on <= col.ends]

    def counts(col: Column, online: bool) -> dict[str, int]:
        ids = {c.pk for c in within(col, online)}
        out: dict[str, int] = {a: 0 for a in Agency.values}
        for course_id, agency in attended:
            if course_id in ids:
                out[agency] += 1
        return out

    rows = [["Description", *[c.label for c in cols]]]
    rows.append([COURSES_ROW] + [str(len(within(c, False))) for c in cols])
    rows.append(["Agency attendance total"] + [""] * len(cols))
    classroom = [counts(c, False) for c in cols]
    for value, label in Agency.choices:
        rows.append([label] + [str(col[value]) for col in classroom])
    rows.append(["Online Safeguarding Introduction Training"] + [""] * len(cols))
    rows.append(["Agency total"] + [""] * len(cols))
    online = [counts(c, True) if within(c, True) else None for c in cols]
    for value, label in Agency.choices:
        rows.append([label] + ["" if col is None else str(col[value]) for col in online])
    qa = []
    for c in cols:
        held = within(c, False)
        qa.append(_percent(sum(x.quality_assured for x in held), len(held)))
    rows.append(["% of courses that were quality assured/evaluated/ audited", *qa])
    return [rows[0]] + [
        [row[0]] + ["" if col.label in future else cell for col, cell in zip(cols, row[1:], strict=True)]
        for row in rows[1:]
    ]


def as_text(year: int, today: date | None = None) -> str:
    """The table as the seed prints it: tab-separated, one row a line."""
    return "\n".join("\t".join(row) for row in table(year, today))
