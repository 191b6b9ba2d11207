"""The training table of seed 000 (lines 1592-1617) reproduced exactly from course and booking records,
but for the first row's name: the LSCB is now the Safeguarding Children Partnership.

The records are built from the seed's own figures: 68 courses in 2010/11 and 11, 11, 12 and 22 in the
quarters of 2011/12, each quarter's attendance by agency booked on its courses (plus bookings that did
not attend, which must not count), and the online introduction as an online course each quarter.
"""

from __future__ import annotations

from datetime import date

import pytest

from continuum.partnership.models import Agency, Booking, Course
from continuum.partnership.training import COURSES_ROW, as_text

pytestmark = pytest.mark.django_db

SEED_TABLE = """\
Description\t10/11 outturn\t11/12 outturn\tQtr 1 11/12\tQtr 2 11/12\tQtr 3 11/12\tQtr 4 11/12
Number of LSCB safeguarding children training courses provided in the past year\t68\t56\t11\t11\t12\t22
Agency attendance total\t\t\t\t\t\t
Local Authority\t351\t259\t58\t52\t69\t80
Police\t0\t1\t1\t0\t0\t0
Health\t61\t154\t19\t33\t26\t76
Mental Health\t26\t38\t14\t1\t10\t13
Voluntary\t171\t190\t83\t32\t35\t40
Private\t250\t181\t52\t21\t23\t85
Education\t352\t274\t50\t48\t74\t102
Probation\t0\t0\t0\t0\t0\t0
Service Users\t0\t0\t0\t0\t0\t0
Other\t0\t0\t0\t0\t0\t0
Online Safeguarding Introduction Training\t\t\t\t\t\t
Agency total\t\t\t\t\t\t
Local Authority\t\t6\t4\t2\t0\t0
Police\t\t0\t0\t0\t0\t0
Health\t\t0\t0\t0\t0\t0
Mental Health\t\t0\t0\t0\t0\t0
Voluntary\t\t86\t55\t19\t5\t7
Private\t\t71\t30\t20\t8\t13
Education\t\t25\t1\t22\t2\t0
Probation\t\t0\t0\t0\t0\t0
Service Users\t\t0\t0\t0\t0\t0
Other\t\t0\t0\t0\t0\t0
% of courses that were quality assured/evaluated/ audited\t100%\t100%\t100%\t100%\t100%\t100%"""


def _rows(start: int, end: int) -> dict[str, list[int]]:
    """Agency name -> the seed's figures in columns start..end (1-based after the description)."""
    lines = SEED_TABLE.splitlines()
    out: dict[str, list[int]] = {}
    for line in lines[start:end]:
        cells = line.split("\t")
        out[cells[0]] = [int(c) if c else 0 for c in cells[1:]]
    return out


def _book(course: Course, counts: dict[str, int]) -> list[Booking]:
    by_label = {label: value for value, label in Agency.choices}
    return [
        Booking(course=course, name=f"Trainee {i}", agency=by_label[label], attended=True)
        for label, n in counts.items()
        for i in range(n)
    ]


def test_training_table_reproduces_seed_000() -> None:
    classroom, online = _rows(3, 13), _rows(15, 25)
    bookings: list[Booking] = []
    # 2010/11: 68 courses, one a month-ish through the year; the year's attendance on the first.
    courses = [
        Course.objects.create(
            title="Safeguarding", held_on=date(2010, 4 + i % 9, 1 + i // 9), quality_assured=True
        )
        for i in range(68)
    ]
    bookings += _book(courses[0], {label: figures[0] for label, figures in classroom.items()})
    quarter_days = [date(2011, 5, 1), date(2011, 8, 1), date(2011, 11, 1), date(2012, 2, 1)]
    held = [11, 11, 12, 22]
    for q, (day, n) in enumerate(zip(quarter_days, held, strict=True)):
        quarter = [
            Course.objects.create(
                title="Working together", held_on=day.replace(day=1 + i), quality_assured=True
            )
            for i in range(n)
        ]
        bookings += _book(quarter[0], {label: figures[2 + q] for label, figures in classroom.items()})
        bookings.append(Booking(course=quarter[1], name="No show", agency=Agency.POLICE, attended=False))
        e_course = Course.objects.create(title="Online introduction", held_on=day, online=True)
        bookings += _book(e_course, {label: figures[2 + q] for label, figures in online.items()})
    Booking.objects.bulk_create(bookings)
    seed_row = "Number of LSCB safeguarding children training courses provided in the past year"
    assert as_text(2011) == SEED_TABLE.replace(seed_row, COURSES_ROW)
