"""Import a plan from an XLSX laid out as the seed's table, and export a plan the same way.

The layout (seed 001's improvement plan, lines 806-1110), sheet "Plan":

- a priority's heading: a row with only its first cell ("Priority 2: Governance, ...");
- a header row: "ID", "Objective", "Actions", "Lead", "Date of Delivery", "RAG" (skipped);
- an action: its ID, its objective (blank: the objective above), the action, the lead's
  initials, the delivery month and the RAG code.

Sheet "Leads": initials and the username of the person they stand for. Sheet
"Priorities" (optional): the heading as in "Plan", then what do we need to fix,
change and want to see, and the lead.

Why everything is checked before anything is written: a plan half imported is
worse than none (its RAG summary would be wrong without saying so). Every bad
row is named with its row number and ID, then nothing is written; a good file
is written in one transaction.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction

from continuum.core import uploads
from continuum.core.safe_cells import safe_cell
from continuum.improvement import services
from continuum.improvement.models import Plan, RagKey
from continuum.improvement.selectors import group_by_priority, state_at

HEADER = ("ID", "Objective", "Actions", "Lead", "Date of Delivery", "RAG")
PRIORITY_HEADER = (
    "Priority",
    "What do we need to fix?",
    "What do we need to change?",
    "What do we want to see?",
    "Lead",
)
LEADS_HEADER = ("Initials", "Username")


class ImportRefused(ValueError):
    """The file was not imported; ``problems`` names each bad row."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"The plan was not imported: {len(problems)} problem(s).")
        self.problems = problems


@dataclass
class _Row:
    number: int
    ref: str
    objective: str
    text: str
    lead: str
    delivery: str
    rag: str


@dataclass
class _Priority:
    title: str
    rows: list[_Row] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return f"{value:%B %Y}"
    return str(value).strip()


def _rows(sheet: Any) -> list[list[str]]:
    return [[_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def max_mb() -> int:
    """How large a plan's workbook may be, in MB (``IMPROVEMENT_MAX_PLAN_MB``, 5 by default)."""
    return int(getattr(settings, "IMPROVEMENT_MAX_PLAN_MB", 5))


def check_file(filename: str, data: bytes) -> None:
    """Refuse an uploaded plan the way every upload is refused (:mod:`continuum.core.uploads`: its
    name, its size, what it holds, a virus scanner where one is set), before it is opened."""
    try:
        uploads.check(filename, data, kinds=("xlsx",), max_mb=max_mb(), noun="plan")
    except uploads.UploadRejected as exc:
        raise ImportRefused([str(exc)]) from exc


def _read(data: bytes) -> Any:
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise ImportRefused(["The file is not an XLSX workbook."]) from exc


def _parse(
    book: Any, key_codes: set[str], plan_ends: date
) -> tuple[list[_Priority], dict[str, str], list[str]]:
    problems: list[str] = []
    names = {name.lower(): name for name in book.sheetnames}
    if "plan" not in names:
        return [], {}, ['The workbook has no sheet called "Plan".']
    leads: dict[str, str] = {}
    if "leads" in names:
        for number, row in enumerate(_rows(book[names["leads"]]), start=1):
            cells = ([*row, "", ""])[:2]
            if (number == 1 and cells[0].lower() == "initials") or not any(cells):
                continue
            if not cells[0] or not cells[1]:
                problems.append(f"Leads row {number}: give both the initials and the username.")
            elif cells[0] in leads:
                problems.append(f'Leads row {number}: the initials "{cells[0]}" are given twice.')
            else:
                leads[cells[0]] = cells[1]
    priorities: list[_Priority] = []
    seen: dict[str, int] = {}
    objective = ""
    for number, row in enumerate(_rows(book[names["plan"]]), start=1):
        cells = (row + [""] * 6)[:6]
        if not any(cells) or cells[0].lower() == "id":
            continue
        if cells[0] and not any(row[1:]):  # only a first cell: a priority's heading
            priorities.append(_Priority(cells[0]))
            objective = ""
            continue
        ref, obj, text, lead, delivery, rag = cells
        where = f"Row {number}" + (f" ({ref})" if ref else "")
        row_problems = []
        if not priorities:
            row_problems.append("comes before any priority heading")
        if not ref:
            row_problems.append("has no ID")
        elif ref in seen:
            row_problems.append(f"repeats the ID of row {seen[ref]}")
        if not text:
            row_problems.append("has no action")
        if not lead:
            row_problems.append("has no lead")
        else:
            unknown = [i for i in services.split_leads(lead) if i not in leads]
            if unknown:
                row_problems.append(f'names a lead not on the Leads sheet ("{", ".join(unknown)}")')
        try:
            services.parse_delivery(delivery, plan_ends)
        except services.PlanRuleError as exc:
            row_problems.append(f"has {exc}")
        if rag not in key_codes:
            row_problems.append(f'has the RAG "{rag}", not in the key ({", ".join(sorted(key_codes))})')
        if obj:
            objective = obj
        if row_problems:
            problems.append(f"{where} {'; '.join(row_problems)}.")
        if ref:
            seen.setdefault(ref, number)
        if priorities:
            priorities[-1].rows.append(_Row(number, ref, objective if obj else "", text, lead, delivery, rag))
    if "priorities" in names:
        by_title = {p.title: p for p in priorities}
        for number, row in enumerate(_rows(book[names["priorities"]]), start=1):
            cells = (row + [""] * 5)[:5]
            if (number == 1 and cells[0].lower() == "priority") or not any(cells):
                continue
            target = by_title.get(cells[0])
            if target is None:
                problems.append(
                    f'Priorities row {number}: "{cells[0]}" is not a priority heading on the Plan sheet.'
                )
                continue
            target.texts = dict(zip(("fix", "change", "want_to_see", "lead"), cells[1:], strict=True))
    if not priorities and not problems:
        problems.append("The Plan sheet holds no priorities or actions.")
    return priorities, leads, problems


def import_plan(
    data: bytes,
    *,
    title: str,
    owner_body: str,
    owner: User,
    starts: date,
    ends: date,
    key: RagKey,
    by: User,
    rated_on: date,
    area: str = "",
    source_name: str = "the imported plan",
) -> Plan:
    """A new plan from the workbook, its first ratings on ``rated_on``; every problem or nothing written."""
    book = _read(data)
    key_codes = set(key.levels.values_list("code", flat=True))
    priorities, leads, problems = _parse(book, key_codes, ends)
    users = {u.username: u for u in User.objects.filter(username__in=set(leads.values()), is_active=True)}
    for initials, username in leads.items():
        if username not in users:
            problems.append(f'Leads: "{initials}" stands for "{username}", who is not a user of the system.')
    if problems:
        raise ImportRefused(problems)
    with transaction.atomic():
        plan = services.create_plan(
            title=title, owner_body=owner_body, owner=owner, starts=starts, ends=ends, key=key, area=area
        )
        for initials, username in leads.items():
            services.add_lead(plan, initials, users[username])
        for p in priorities:
            priority = services.add_priority(plan, title=p.title, **p.texts)
            current = None
            for row in p.rows:
                if current is None or row.objective:
                    current = services.add_objective(priority, row.objective)
                services.add_plan_action(
                    current,
                    ref=row.ref,
                    text=row.text,
                    lead_text=row.lead,
                    delivery_text=row.delivery,
                    rag=row.rag,
                    by=by,
                    rated_on=rated_on,
                    reason=f"Imported from {source_name}",
                )
    return plan


def import_file(path: Path, **kwargs: Any) -> Plan:
    with path.open("rb") as handle:
        data = handle.read(max_mb() * 1024 * 1024 + 1)
    check_file(path.name, data)
    return import_plan(data, source_name=path.name, **kwargs)


def plan_rows(plan: Plan, day: date) -> list[tuple[str, ...]]:
    """The Plan sheet's rows for the plan as it stood on ``day``: headings, header rows, actions."""
    rows: list[tuple[str, ...]] = []
    for priority, objectives in group_by_priority(state_at(plan, day)):
        rows.append((priority.title,))
        rows.append(HEADER)
        for objective, lines in objectives:
            for i, line in enumerate(lines):
                a = line.action
                rows.append(
                    (
                        a.ref,
                        objective.text if i == 0 else "",
                        a.text,
                        a.lead_text,
                        a.delivery_text,
                        line.level.code if line.level else "",
                    )
                )
    return rows


def export_plan(plan: Plan, day: date) -> bytes:
    """The plan as an XLSX in the import's layout (it imports again as it is), as it stood on ``day``."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Plan"
    for row in plan_rows(plan, day):
        sheet.append([safe_cell(v) for v in row])
    leads = book.create_sheet("Leads")
    leads.append(LEADS_HEADER)
    for lead in plan.leads.select_related("user").order_by("pk"):
        leads.append([safe_cell(lead.initials), safe_cell(lead.user.username)])
    prio = book.create_sheet("Priorities")
    prio.append(PRIORITY_HEADER)
    for p in plan.priorities.all():
        prio.append([safe_cell(v) for v in (p.title, p.fix, p.change, p.want_to_see, p.lead)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
