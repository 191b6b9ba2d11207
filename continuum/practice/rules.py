"""Who may write case notes (registered with the one policy, continuum/core/policy.py).

Any practitioner with access to the child writes notes: social workers and
team managers, MASH practitioners and IRO/CP chairs, each only on a child
whose record they may open (team, relationship, or break glass). Reading
notes is reading the child's record (``child.view``).
"""

from __future__ import annotations

from typing import Any

from continuum.core import roles as r
from continuum.core.policy import has_any_role, may, rule

NOTE_WRITERS = frozenset({r.SOCIAL_WORKER, r.TEAM_MANAGER, r.MASH_PRACTITIONER, r.IRO_CP_CHAIR})


@rule("child.note")
def _note(user: Any, obj: Any) -> bool:
    """Write or correct a case note: practitioners who may open the child."""
    if not has_any_role(user, NOTE_WRITERS):
        return False
    return obj is None or may(user, "child.view", obj)
