"""The printable chronology (PDF): the child's key details, then every event in words, oldest first.

Why the reports' HTML helpers rather than a Django template: the court
chronology is a printed report like the board pack, so it shares their print
stylesheet, escaping and accessible tables (:mod:`continuum.reports.html`) and
their one PDF writer, and looks the same on paper.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.utils import timezone

from continuum.core import codes
from continuum.core.dates import day_words, moment_words
from continuum.reports import html
from continuum.web.children.chronology_words import KIND_BY_KEY, Entry

logger = logging.getLogger(__name__)

KEY_CSS = "tr.key th, tr.key td { font-weight: bold; }"


def _details(context: dict[str, Any]) -> str:
    """The child's key details as a table, as the banner shows them on screen."""
    child = context["child"]
    allocation = context.get("allocation")
    born = (
        f"{day_words(child.person_birth_date, long=True)} (age {context.get('age')})"
        if child.person_birth_date
        else f"Unborn (expected {day_words(child.expected_person_birth_date, long=True)})"
        if child.expected_person_birth_date
        else "Not recorded"
    )
    rows: list[tuple[str, str]] = [
        ("Name", child.display_name),
        ("Child record", f"{child.pk} (LAchildID {child.la_child_id})"),
        ("Date of birth", born),
        ("Sex", codes.label("Sex", child.sex) if child.sex else "Not recorded"),
        ("Ethnicity", codes.label("Ethnicity", child.ethnicity) if child.ethnicity else "Not recorded"),
        ("Status", "; ".join(label for _code, label in context.get("statuses", [])) or "No open episode"),
        (
            "Allocated to",
            (f"{allocation.worker or 'Unallocated to a worker'}, {allocation.team.name}")
            if allocation
            else "Not allocated",
        ),
        *((label, day_words(value, long=True)) for label, value in context.get("key_dates", [])),
    ]
    return "<h2>The child</h2>" + html.table("The child's key details", ["Detail", "As recorded"], rows)


def _caption(filters: dict[str, Any]) -> str:
    parts = []
    if filters.get("kind"):
        parts.append(KIND_BY_KEY[filters["kind"]].label)
    if filters.get("key_only"):
        parts.append("key events only")
    if filters.get("since"):
        parts.append(f"from {day_words(filters['since'], long=True)}")
    if filters.get("until"):
        parts.append(f"to {day_words(filters['until'], long=True)}")
    return "Chronology: " + (", ".join(parts) if parts else "every event") + ", oldest first"


def document_html(context: dict[str, Any], entries: Sequence[Entry], filters: dict[str, Any]) -> str:
    """The whole chronology document as HTML (what the PDF is made from; tests read it too)."""
    rows = []
    for entry in entries:
        event = entry.event
        day = day_words(event.occurred_on) or "Not dated"
        mark = "Key event" if entry.key else ""
        row_class = ' class="key"' if entry.key else ""
        rows.append(
            f'<tr{row_class}><th scope="row">{html.esc(day)}</th>'
            f"<td>{html.esc(entry.words)}</td><td>{mark}</td><td>{html.esc(entry.record)}</td>"
            f"<td>{html.esc(entry.who)}</td></tr>"
        )
    table = (
        f"<table><caption>{html.esc(_caption(filters))}</caption><thead><tr>"
        '<th scope="col">Date</th><th scope="col">What happened</th><th scope="col">Key event</th>'
        '<th scope="col">Record</th><th scope="col">Recorded by</th></tr></thead>'
        f"<tbody>{''.join(rows) or '<tr><td colspan=5>No events match.</td></tr>'}</tbody></table>"
    )
    printed = f"<p>Printed {moment_words(timezone.now(), long=True)}. {len(entries)} events.</p>"
    body = f"<style>{KEY_CSS}</style>{_details(context)}<h2>Chronology</h2>{printed}{table}"
    return html.page(f"Chronology: {context['child'].display_name}", body, caption="For court: in confidence")


def render(context: dict[str, Any], entries: Sequence[Entry], filters: dict[str, Any]) -> bytes | None:
    """The chronology as PDF bytes, or None if it could not be made (logged without personal data)."""
    source = document_html(context, entries, filters)
    with tempfile.TemporaryDirectory(prefix="chronology-") as folder:
        path = Path(folder) / "chronology.pdf"
        try:
            html.write_pdf(source, path)
        except Exception:  # the reason is logged; the worker is offered the CSV instead
            logger.exception("Printable chronology failed for child record %s", context["child"].pk)
            return None
        return path.read_bytes()
