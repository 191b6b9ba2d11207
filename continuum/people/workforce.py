"""Recording the workforce as the DfE counts it: contracted hours per worker, establishment per team.

Why here: the workforce indicators (``continuum/metrics/indicators/workforce.py``)
measure agency share, caseloads and vacancies in full-time equivalents at 30
September, from each worker's contracted hours and each team's establishment
(funded posts in FTE). Those two numbers are recorded on the workforce page
(``continuum/web/workforce/``) through these services, so the checks live in one
place whatever screen or import writes them. Like the other workforce records
they are not about a child and write no chronology event; each change bumps the
record's version, so two managers editing at once cannot overwrite each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from continuum.core.versions import locked_at, save_moved_on
from continuum.metrics.indicators.workforce import FULL_TIME
from continuum.people.models import Team, Worker, WorkerRole

#: The full-time week FTE is measured against: the indicators' default setting.
FULL_TIME_HOURS = Decimal(str(FULL_TIME["full_time_hours"]))
#: The most hours a week a contract may hold: the Working Time Regulations' 48-hour average.
MAX_CONTRACTED_HOURS = Decimal(48)
#: A bound on a team's establishment that no children's services team reaches; beyond it is a typo.
MAX_ESTABLISHMENT_FTE = Decimal(200)

#: The DfE's child and family social workers (managers included): the roles the FTE measures count.
#: Personal advisers, early help and family support workers are not in the DfE's count.
COUNTED_ROLES = frozenset(
    {
        WorkerRole.SOCIAL_WORKER,
        WorkerRole.SENIOR_SOCIAL_WORKER,
        WorkerRole.ADVANCED_PRACTITIONER,
        WorkerRole.TEAM_MANAGER,
        WorkerRole.SERVICE_MANAGER,
        WorkerRole.IRO,
    }
)


def _changed_since_opened() -> ValidationError:
    """The workforce pages' refusal of a stale save (their forms show a ValidationError)."""
    return ValidationError(
        "This record was changed by someone else after you opened it. Reload and try again.",
        code="concurrent_change",
    )


@transaction.atomic
def set_contracted_hours(
    *, worker: Worker, hours: Decimal | None, expected_version: int, by: User | None = None
) -> Worker:
    """Record a worker's contracted hours a week (None: full time, as the indicators read a blank)."""
    if hours is not None and not (Decimal(0) < hours <= MAX_CONTRACTED_HOURS):
        raise ValidationError(
            f"Contracted hours must be more than 0 and no more than {MAX_CONTRACTED_HOURS} a week.",
            code="hours_out_of_range",
        )
    current = locked_at(worker, expected_version, refusal=_changed_since_opened)
    current.contracted_hours = hours
    save_moved_on(current, ["contracted_hours"])
    return current


@transaction.atomic
def set_establishment(
    *, team: Team, fte: Decimal | None, expected_version: int, by: User | None = None
) -> Team:
    """Record a team's establishment: its funded posts in FTE (None: not recorded, left out of vacancies)."""
    if fte is not None and not (Decimal(0) <= fte <= MAX_ESTABLISHMENT_FTE):
        raise ValidationError(
            f"The establishment must be between 0 and {MAX_ESTABLISHMENT_FTE} FTE.", code="fte_out_of_range"
        )
    current = locked_at(team, expected_version, refusal=_changed_since_opened)
    current.establishment_fte = fte
    save_moved_on(current, ["establishment_fte"])
    return current


def fte_of(worker: Worker) -> Decimal:
    """A worker's FTE: contracted hours over the full-time week, at most 1; no hours is full time."""
    if worker.contracted_hours is None:
        return Decimal(1)
    return min(worker.contracted_hours / FULL_TIME_HOURS, Decimal(1))


@dataclass(frozen=True)
class TeamFte:
    """A team's counted staff in post on a day, in FTE, beside its establishment."""

    team: Team
    permanent: Decimal
    agency: Decimal
    workers: int

    @property
    def vacancy_fte(self) -> Decimal | None:
        """Establishment not filled by permanent staff (posts covered by agency staff are vacant)."""
        if self.team.establishment_fte is None:
            return None
        return max(self.team.establishment_fte - self.permanent, Decimal(0))

    @property
    def vacancy_rate(self) -> Decimal | None:
        """The vacancy as a percentage of the establishment (None without one, or with none funded)."""
        est = self.team.establishment_fte
        if not est or self.vacancy_fte is None:
            return None
        return (self.vacancy_fte / est * 100).quantize(Decimal("0.1"))


def team_fte(teams: list[Team], on: date) -> list[TeamFte]:
    """Each team's permanent and agency FTE of counted roles in post on ``on``, in one query."""
    by_team: dict[int, list[Worker]] = {t.pk: [] for t in teams}
    in_post = Worker.objects.filter(team__in=teams, role__in=COUNTED_ROLES, start_date__lte=on).exclude(
        leave_date__lt=on
    )
    for w in in_post:
        by_team[w.team_id].append(w)  # type: ignore[index]
    out = []
    for t in teams:
        ws = by_team[t.pk]
        out.append(
            TeamFte(
                team=t,
                permanent=sum((fte_of(w) for w in ws if not w.is_agency), Decimal(0)),
                agency=sum((fte_of(w) for w in ws if w.is_agency), Decimal(0)),
                workers=len(ws),
            )
        )
    return out
