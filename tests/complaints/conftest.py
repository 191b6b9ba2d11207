"""Who every complaints test starts from: the complaints officer, a team manager who writes stage
responses, and a social worker allocated to a child the complaints are about."""

from __future__ import annotations

from datetime import date

import pytest

from continuum.complaints import services as c
from continuum.complaints.models import Complaint
from continuum.core import roles
from continuum.journey import services as s
from continuum.people.models import TeamType
from continuum.people.services import create_team, create_worker


@pytest.fixture
def complaints_people(make_user):  # type: ignore[no-untyped-def]
    officer = make_user("cmp-officer", roles.COMPLAINTS_OFFICER)
    manager = make_user("cmp-manager", roles.TEAM_MANAGER)
    sw = make_user("cmp-sw", roles.SOCIAL_WORKER)
    team = create_team(name="Complaints North", team_type=TeamType.INTERVENTION_PLANNING)
    worker = create_worker(
        first_name="Sam", last_name="Worker", start_date=date(2020, 1, 1), team=team, user=sw
    )
    kid = s.register_child(first_name="Cara", last_name="Child", person_birth_date=date(2012, 1, 1), by=None)
    s.allocate(child=kid, team=team, worker=worker, start_date=date(2024, 1, 1), by=None)
    return {"officer": officer, "manager": manager, "sw": sw, "team": team, "worker": worker, "kid": kid}


def a_complaint(*, by, author, **given) -> Complaint:  # type: ignore[no-untyped-def]
    """A parent's statutory complaint about communication, received 18 March 2024 at stage 1; ``given``
    changes any detail (the day, the summary, the team, the children)."""
    details = {
        "procedure": "statutory",
        "received": date(2024, 3, 18),
        "complainant_name": "A Parent",
        "complainant_type": "parent",
        "category": "communication",
        "service_area": "social_care",
        "summary": "Calls not returned",
    }
    return c.record_complaint(**{**details, **given}, by=by, author=author)
