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
    """A role; ``acts_as`` names the roles whose rights it holds as well (see ``policy.roles_of``)."""

    slug: str
    name: str
    description: str
    acts_as: tuple[Role, ...] = ()


MASH_PRACTITIONER = Role(
    "mash", "MASH practitioner", "Triages contacts at the front door and records MASH decisions."
)
SOCIAL_WORKER = Role("social-worker", "Social worker", "Holds cases and records casework.")
TEAM_MANAGER = Role("team-manager", "Team manager", "Oversees a team's cases, allocations and deadlines.")
#: Heads a service of several teams. Holds a team manager's rights for every team in the service
#: (``core.HeadOfServiceTeam`` lists them; ``policy.teams_of`` reads it) and switches between them,
#: rather than being given a second worker record per team.
HEAD_OF_SERVICE = Role(
    "head-of-service",
    "Head of service",
    "Heads several teams: sees all its teams' cases and work trays and switches between them.",
    acts_as=(TEAM_MANAGER,),
)
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
#: A member of the partnership board, a sub-group, or a Section 11 respondent, from another
#: organisation. Unlike the MASH partners (police, health, education) they make no contacts and see
#: no case record, no child's data and no list of children behind a figure.
PARTNER_MEMBER = Role(
    "partner-member",
    "Partner member",
    "Board or sub-group member, or Section 11 respondent, from another organisation; sees no case record.",
)
#: Integrated offender management: reads the named adults of the IOM cohort, held apart from children's
#: records (community safety). Its Django group keeps the name the community-safety app first gave it.
IOM_OFFICER = Role(
    "iom",
    "IOM team",
    "Integrated offender management officer; sees the IOM cohort's adults, no child's record.",
)
#: Runs EHC needs assessments and plans on the 20-week clock (SEND); sees the SEND record, not the
#: social-care case record.
SEND_CASEWORKER = Role(
    "send",
    "SEND caseworker",
    "Records EHC needs assessment requests, decisions, plans and annual reviews.",
)
#: Coordinates the partnership's community-safety work: reads the crime summary and the other partnership
#: pages (aggregates, and MARAC cases by pseudonymous victim key) and records MARAC referrals, meetings
#: and the actions agreed there. No child's record comes with it: a child in a MARAC household is linked
#: only for someone the child rules already let open that child.
COMMUNITY_SAFETY_OFFICER = Role(
    "community-safety",
    "Community safety officer",
    "Coordinates community safety and MARAC: records referrals and the actions agreed; no child's record.",
)
SYSTEM_ADMINISTRATOR = Role("admin", "System administrator", "Manages users, roles and settings.")

ALL_ROLES: tuple[Role, ...] = (
    MASH_PRACTITIONER,
    SOCIAL_WORKER,
    TEAM_MANAGER,
    HEAD_OF_SERVICE,
    IRO_CP_CHAIR,
    QA_OFFICER,
    PERFORMANCE_ANALYST,
    PARTNER_POLICE,
    PARTNER_HEALTH,
    PARTNER_EDUCATION,
    COMPLAINTS_OFFICER,
    BOARD_MEMBER,
    PARTNER_MEMBER,
    IOM_OFFICER,
    SEND_CASEWORKER,
    COMMUNITY_SAFETY_OFFICER,
    SYSTEM_ADMINISTRATOR,
)

PARTNER_ROLES = frozenset({PARTNER_POLICE, PARTNER_HEALTH, PARTNER_EDUCATION})


def role_by_name(name: str) -> Role | None:
    """Find a role from its group name (as stored in the database)."""
    return next((role for role in ALL_ROLES if role.name == name), None)
