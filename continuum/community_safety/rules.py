"""Who may read the partnership's crime figures (registered with the one policy, continuum/core/policy.py).

The figures, which are aggregate and name nobody, are read by the community safety officer
(``roles.COMMUNITY_SAFETY_OFFICER``), whose work they are, and read-only by performance analysts and
board members; importing stays a command-line job for whoever runs the service.

The IOM cohort names adults, so it is held apart from children's records with its own access: the
IOM team role (``roles.IOM_OFFICER``, its group still called "IOM team") reads the people and
records them (adds a person, changes a colour, records an event, updates the release details); the
board's summary, which names nobody, stays with the readers above.

MARAC cases are pseudonymous (a victim key); a child in the household is linked to the child's record
only for a user whom the one policy lets see that child (``child.view``), and each link shown is logged.
Only the community safety officer, who coordinates MARAC, records referrals, meetings and the actions
agreed (``community_safety.marac_record``): readers of the figures (analysts, the board) and the IOM
team, whose work is offenders, do not.
"""

from __future__ import annotations

from typing import Any

from continuum.core import roles
from continuum.core.policy import has_any_role, rule


@rule("community_safety.view")
def _view(user: Any, obj: Any) -> bool:
    """Read the crime summary and the partnership's pages: community safety officers, analysts and
    board members."""
    return has_any_role(user, {roles.COMMUNITY_SAFETY_OFFICER, roles.PERFORMANCE_ANALYST, roles.BOARD_MEMBER})


@rule("community_safety.marac_record")
def _marac_record(user: Any, obj: Any) -> bool:
    """Record MARAC referrals, meetings and the actions agreed: the community safety officer only."""
    return has_any_role(user, {roles.COMMUNITY_SAFETY_OFFICER})


#: The Django auth group of the IOM team role, whose members read the IOM cohort's people.
IOM_GROUP = roles.IOM_OFFICER.name


def in_iom_team(user: Any) -> bool:
    return has_any_role(user, {roles.IOM_OFFICER})


@rule("community_safety.iom_people")
def _iom_people(user: Any, obj: Any) -> bool:
    """The IOM cohort's named adults: the IOM team only (not board members, not children's staff)."""
    return in_iom_team(user)


@rule("community_safety.iom_record")
def _iom_record(user: Any, obj: Any) -> bool:
    """Keep the matrix up to date (add people, colours, events, release details): the IOM team only.

    A rule of its own, not the readers' one: reading and recording are separate decisions, so a
    read-only IOM role (a manager, an auditor) can later be given one without the other."""
    return in_iom_team(user)


@rule("community_safety.iom_summary")
def _iom_summary(user: Any, obj: Any) -> bool:
    """The matrix counts and the board summary (no names): the crime summary's readers and the IOM team."""
    return _view(user, obj) or in_iom_team(user)
