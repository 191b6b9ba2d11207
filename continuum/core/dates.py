"""Dates and times in words, as every page, message, letter and report says them.

Why one place: the project says a date to its readers one way, "7 Dec 2026" (and
"7 December 2026" where a page or paper already writes months in full). Before this
module about a dozen places wrote their own copy (f-strings with ``%-d %b %Y``, the
complaints' ``day_words``, the metrics' ``format_date``, ``str()`` of a date in a
message), and the copies drifted: some gave "07 December", some ISO "2026-12-07",
and some wrote a time-stamped moment in UTC, a day early or late for an entry made
near midnight in British Summer Time. One function per form keeps them the same,
and the template filters in ``continuum/web/templatetags/date_words.py`` call these
same functions.

Words, not formats: ISO dates stay where they are a format a machine reads (URLs and
query strings, CSV exports, the API's JSON, the returns' XML, a form input's value).
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.utils import timezone

__all__ = ["MONTHS", "day_words", "moment_words"]

#: Month names written here rather than read from ``strftime`` so the words do not
#: depend on the server's locale (a test runner's C locale and a server's en_GB agree).
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _local(at: datetime) -> datetime:
    """An aware moment in the service's time zone (Europe/London); a naive one as it is."""
    if timezone.is_aware(at) and settings.configured:
        return timezone.localtime(at)
    return at


def day_words(
    day: date | datetime | None, *, long: bool = False, weekday: bool = False, year: bool = True
) -> str:
    """A day as the pages say it: "7 Dec 2026", or "7 December 2026" with ``long``.

    ``weekday`` puts the day's name in front ("Mon 7 Dec 2026", "Monday 7 December 2026"
    with ``long``) and ``year=False`` leaves the year off, the form a clock uses for a day
    near today ("Mon 7 Dec"). Nothing recorded reads as "" so a caller (or the template
    filter's ``|default``) chooses its own words for it ("Not recorded", "None yet"). A
    datetime is first taken to the service's time zone, so an entry made at 23:30 UTC on
    1 July is said as "2 Jul" (00:30 British Summer Time), the day the practitioner saw.
    """
    if day is None:
        return ""
    if isinstance(day, datetime):
        day = _local(day).date()
    month = MONTHS[day.month - 1]
    words = f"{day.day} {month if long else month[:3]}"
    if year:
        words = f"{words} {day.year}"
    if weekday:
        name = _WEEKDAYS[day.weekday()]
        words = f"{name if long else name[:3]} {words}"
    return words


def moment_words(at: datetime | None, *, long: bool = False) -> str:
    """A moment as the pages say it, in the service's time zone: "7 Dec 2026 14:05"
    ("7 December 2026 14:05" with ``long``); "" for nothing recorded."""
    if at is None:
        return ""
    local = _local(at)
    return f"{day_words(local.date(), long=long)} {local:%H:%M}"
