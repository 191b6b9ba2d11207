"""``{% complaints_learning target %}``: the complaints' learning linked to a plan line or a tracker
action, for the plan side's own page (the improvement plan line, the tracker action of a plan line or
of the QA action plan).

Why a tag: the complaint owns the link (continuum/complaints/models.py LearningLink), so the plan
side needs one line in its template and nothing else of the complaints app. It shows the complaint's
reference (a link only for those the policy lets read the complaint) and the learning action; never
what the complaint says.
"""

from __future__ import annotations

from typing import Any

from django import template

from continuum.actions.models import Action
from continuum.complaints.models import LearningLink
from continuum.complaints.selectors import learning_linked_to
from continuum.core.policy import may

register = template.Library()


@register.inclusion_tag("complaints/_linked_learning.html", takes_context=True)
def complaints_learning(context: template.Context, target: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    rows = [
        {"link": link, "may_read": user is not None and may(user, "complaints.view", link.complaint)}
        for link in learning_linked_to(target)
    ]
    serves = None
    if isinstance(target, Action):
        serves = (
            LearningLink.objects.filter(learning=target)
            .select_related("plan_action__plan", "qa_action")
            .first()
        )
    return {"rows": rows, "serves": serves}
