"""What the simulation knows about one child while drawing its journey."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from continuum.synth.journey.draws import add_years
from continuum.synth.model import Child


@dataclass
class ChildState:
    """What the simulation knows about one child while simulating its journey."""

    child: Child
    rng: random.Random
    dob: date  # actual or expected birth date
    risk: int
    uasc: bool = False
    disabled: bool = False
    referrals: list[date] = field(default_factory=list)
    cp_plans: int = 0
    cla_periods: int = 0
    open_until: date | None = None
    #: The last day of the child's latest period of care (DEC). A period ending at 18 ends on the
    #: birthday while its CIN episode closes the day before, so a new referral can start then.
    care_until: date | None = None
    missing_prone_years: set[int] = field(default_factory=set)
    #: The record ends: adopted from care (the child takes a new record with their adopters'
    #: name, SSDA903 rule 199) or assessed as an adult (E15, rule 437). No later contacts.
    record_ends: bool = False
    #: Per record type, how many of the child's records have been numbered (see ``Simulation.record_id``).
    ids: dict[str, int] = field(default_factory=dict)

    def age_on(self, d: date) -> float:
        return (d - self.dob).days / 365.25

    @property
    def eighteen(self) -> date:
        return add_years(self.dob, 18)
