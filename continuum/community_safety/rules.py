"""Who may read the partnership's crime figures (registered with the one policy, continuum/core/policy.py).

There is no community-safety role yet (continuum/core/roles.py), so the figures, which are aggregate
and name nobody, are open read-only to performance analysts and board members; importing stays a
command-line job for whoever runs the service. A community-safety role replaces this when it exists.
"""

from __future__ import annotations

from typing import Any

from continuum.core import roles
from continuum.core.policy import has_any_role, rule


@rule("community_safety.view")
def _view(user: Any, obj: Any) -> bool:
    """Read the crime summary: analysts and board members."""
    return has_any_role(user, {roles.PERFORMANCE_ANALYST, roles.BOARD_MEMBER})
