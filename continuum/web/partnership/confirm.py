"""What a partnership page says after a form is saved, by the form's ``do`` value.

Why: each partnership page posts several small forms back to itself and then redirects; without a
sentence on the next page a business manager cannot tell a saved form from a page that merely
reloaded (the chapter's author could not tell the draft was kept). One table per page, one call.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib import messages
from django.http import HttpRequest

MEMBERSHIP = {
    "add": "Member added.",
    "change": "Membership changed.",
    "end": "Membership ended.",
    "terms": "Terms of reference adopted.",
}
BUDGET = {"contribution": "Contribution recorded.", "spending": "Spending recorded."}
ANNUAL = {
    "chapter": "Chapter given to its author, with an action due on its date.",
    "figures": "Figures' version chosen.",
    "assemble": "Report assembled: HTML, PDF and Word are ready.",
}
CHAPTER = {
    "draft": "Draft saved as a new version.",
    "submit": "Chapter submitted for review.",
    "approve": "Chapter approved.",
    "return": "Chapter returned to its author with your note.",
}
AGENDA = {
    "item": "Item added to the agenda.",
    "file": "Paper added.",
    "report": "Report attached as a paper.",
    "publish": "Meeting published: its packs are made and frozen.",
}
MINUTES = {
    "approve": "Minutes of the previous meeting approved.",
    "attendance": "Attendance recorded.",
    "minute": "Minute saved.",
    "action": "Action set, in the owner's My actions.",
}
COURSE = {
    "book": "Delegate booked.",
    "attendance": "Attendance recorded.",
    "qa": "Course marked quality assured.",
}


def confirm(request: HttpRequest, said: Mapping[str, str], default: str = "Saved.") -> None:
    """Add the page's sentence for the form just saved (its ``do`` value) to the next page."""
    messages.success(request, said.get(request.POST.get("do", ""), default))
