"""The demo borough's complaints: three years at the seed's rates, open stages for the tray, made once."""

from __future__ import annotations

from datetime import date

import pytest

from continuum.complaints import report, selectors
from continuum.complaints.models import Complaint, Compliment, MembersEnquiry, Stage, StageStatus
from continuum.core import roles
from continuum.people.models import TeamType
from continuum.people.services import create_team
from continuum.synth.complaints import ensure_demo_complaints

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 11, 30)


def test_three_years_at_the_seeds_rates(make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("demo-complaints", roles.COMPLAINTS_OFFICER)
    make_user("demo-team-manager", roles.TEAM_MANAGER)
    for name in ("Demo I&P", "Demo D&A", "Demo CiC"):
        create_team(name=name, team_type=TeamType.OTHER)
    made = ensure_demo_complaints(seed=1, as_of=AS_OF)
    # 1 April 2023 to 30 November 2026 is 1,339 days: 110 a year gives 403.
    assert made == Complaint.objects.count() == 403
    assert ensure_demo_complaints(seed=1, as_of=AS_OF) == 0
    assert Compliment.objects.count() == 458
    assert MembersEnquiry.objects.count() == 135
    tables = {t.caption: t for t in report.tables(2024)}
    stages = {row[0]: row[1:] for row in tables["Number of complaints received at each stage"].rows}
    assert 90 <= stages["Total"][0] <= 130
    total = {row[0]: row[1:] for row in tables["Stage 1 complaints responded to within timeframe"].rows}[
        "TOTAL"
    ]
    assert 70 <= int(total[2].rstrip("%")) <= 84  # about the seed's 77%
    assert selectors.open_stages(AS_OF)  # the tray shows live clocks
    # Acknowledged 1 to 3 working days after receipt; only the last few days' wait in the tray.
    waiting = selectors.unacknowledged(AS_OF)
    assert all(row.item.received >= date(2026, 11, 25) for row in waiting)
    assert not Complaint.objects.filter(acknowledged__isnull=True, received__lt=date(2026, 11, 25)).exists()
    # A statutory complainant who asks in time is entitled to stage 2: no demo request is declined.
    assert not Stage.objects.filter(
        complaint__procedure="statutory", number=2, status=StageStatus.DECLINED
    ).exists()
