"""Test helpers: the seed's own plan (tests/improvement/data/seed_plan.json) as an XLSX, its leads as users.

The fixture transcribes the improvement plan in seed 001 (lines 650-1110, a
published public document) row by row in the import's layout; the leads'
initials and the priorities' named leads are replaced by invented ones, since
they name real officers. Two rows the PDF broke over a page (2b(v), 3a(viii))
are joined, and T1's objective, split over T1 and T2, is given whole on T1.
"""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from openpyxl import Workbook

from continuum.improvement.keys import ensure_default_key
from continuum.improvement.models import Plan
from continuum.improvement.workbook import HEADER, LEADS_HEADER, PRIORITY_HEADER, import_plan

SEED = json.loads((Path(__file__).parent / "data" / "seed_plan.json").read_text(encoding="utf-8"))


def username_for(initials: str) -> str:
    return "lead-" + "".join(c for c in initials.lower() if c.isalnum())


def seed_rows() -> list[tuple[str, ...]]:
    """The Plan sheet's rows as the seed lays them out: each priority's heading, the header, its actions."""
    out: list[tuple[str, ...]] = []
    for row in SEED["rows"]:
        if len(row) == 1:
            out.append((row[0],))
            out.append(HEADER)
        else:
            out.append(tuple(row))
    return out


def workbook(
    rows: list[tuple[Any, ...]],
    leads: dict[str, str] | None = None,
    priorities: list[dict[str, str]] | None = None,
) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Plan"
    for row in rows:
        sheet.append(list(row))
    lead_sheet = book.create_sheet("Leads")
    lead_sheet.append(list(LEADS_HEADER))
    for initials, username in (leads or {}).items():
        lead_sheet.append([initials, username])
    if priorities:
        prio = book.create_sheet("Priorities")
        prio.append(list(PRIORITY_HEADER))
        for p in priorities:
            prio.append([p["heading"], p["fix"], p["change"], p["want_to_see"], p["lead"]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def seed_leads() -> dict[str, str]:
    """Every lead of the seed plan as a user (created if missing), by initials."""
    leads = {}
    for initials in SEED["leads"]:
        name = username_for(initials)
        User.objects.get_or_create(username=name, defaults={"first_name": "Lead", "last_name": initials})
        leads[initials] = name
    return leads


def import_seed_plan(owner: User, *, rated_on: date = date(2017, 10, 31)) -> Plan:
    """The seed's plan imported whole, rated as the seed rates it on ``rated_on``."""
    return import_plan(
        workbook(seed_rows(), seed_leads(), SEED["priorities"]),
        title=SEED["title"],
        owner_body="Children's Services",
        area="Family Services",
        owner=owner,
        starts=date.fromisoformat(SEED["starts"]),
        ends=date.fromisoformat(SEED["ends"]),
        key=ensure_default_key(),
        by=owner,
        rated_on=rated_on,
        source_name="seed 001",
    )
