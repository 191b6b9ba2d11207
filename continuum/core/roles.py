"""The roles people hold in a children's services department.

Each role is a Django group. The list is the single place that names them, so
the permissions policy, the demo sign-ins and the admin all agree. ``slug`` is
the stable key used in code and in the demo user names; ``name`` is what staff
see.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Role:
    slug: str
    name: str
    description: str


MASH_PRACTITIONER = Role(
    "mash", "MASH practitioner", "Triages contacts at the front door and records MASH decisions."
)
SOCIAL_WORKER = Role("social-worker", "Social worker", "Holds cases and records casework.")
TEAM_MANAGER = Role("team-manager", "Team manager", "Oversees a team's cases, allocations and deadlines.")
IRO_CP_CHAIR = Role(
    "iro", "IRO/CP chair", "Independent reviewing officer or child protection conference chair."
)
QA_OFFICER = Role("qa", "QA officer", "Audits case files and tracks quality assurance actions.")
PERFORMANCE_ANALYST = Role(
    "analyst", "Performance analyst", "Produces indicators, dashboards and statutory returns."
)
PARTNER_POLICE = Role("police", "Partner agency (police)", "Police colleague in the MASH.")
PARTNER_HEALTH = Role("health", "Partner agency (health)", "Health colleague in the MASH.")
PARTNER_EDUCATION = Role("education", "Partner agency (education)", "Education colleague in the MASH.")
COMPLAINTS_OFFICER = Role(
    "complaints", "Complaints officer", "Records and progresses complaints and compliments."
)
BOARD_MEMBER = Role(
    "board", "Board member", "Councillor or partnership board member; sees aggregate figures only."
)
SYSTEM_ADMINISTRATOR = Role("admin", "System administrator", "Manages users, roles and settings.")

ALL_ROLES: tuple[Role, ...] = (
    MASH_PRACTITIONER,
    SOCIAL_WORKER,
    TEAM_MANAGER,
    IRO_CP_CHAIR,
    QA_OFFICER,
    PERFORMANCE_ANALYST,
    PARTNER_POLICE,
    PARTNER_HEALTH,
    PARTNER_EDUCATION,
    COMPLAINTS_OFFICER,
    BOARD_MEMBER,
    SYSTEM_ADMINISTRATOR,
)

PARTNER_ROLES = frozenset({PARTNER_POLICE, PARTNER_HEALTH, PARTNER_EDUCATION})


def role_by_name(name: str) -> Role | None:
    """Find a role from its group name (as stored in the database)."""
    return next((role for role in ALL_ROLES if role.name == name), None)
