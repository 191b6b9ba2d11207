"""The crime summary page: the partnership's table for a run of months, computed from the records.

The period comes as ``from`` and ``to`` months (YYYY-MM); without them, the financial year to date
of the latest month with figures. A bad month is said in words, with a 400, never a traceback.
"""

from __future__ import annotations

import re
from datetime import date

from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from continuum.community_safety.models import CrimeRecord
from continuum.community_safety.summary import crime_summary, financial_year
from continuum.web.access import requires

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def _month(value: str) -> date | None:
    match = _MONTH.match(value.strip())
    return date(int(match[1]), int(match[2]), 1) if match else None


@requires("community_safety.view")
def crime_summary_page(request: HttpRequest) -> HttpResponse:
    errors: list[tuple[str, str]] = []
    latest = CrimeRecord.objects.aggregate(latest=Max("month"))["latest"]
    first = last = None
    if "from" in request.GET or "to" in request.GET:
        first, last = _month(request.GET.get("from", "")), _month(request.GET.get("to", ""))
        if first is None:
            errors.append(("id_from", "Enter the first month as YYYY-MM, for example 2012-04"))
        if last is None:
            errors.append(("id_to", "Enter the last month as YYYY-MM, for example 2012-09"))
        if first and last and last < first:
            errors.append(("id_to", "The last month must be the same as or after the first month"))
    elif latest is not None:
        first, last = date(financial_year(latest), 4, 1), latest
    summary = crime_summary(first, last) if first and last and not errors else None
    context = {
        "summary": summary,
        "errors": errors,
        "values": {
            "from": request.GET.get("from", f"{first:%Y-%m}" if first else ""),
            "to": request.GET.get("to", f"{last:%Y-%m}" if last else ""),
        },
        "has_records": latest is not None,
    }
    return render(request, "community_safety/crime_summary.html", context, status=400 if errors else 200)
