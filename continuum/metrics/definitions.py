"""What an indicator is: one registered definition with its SQL, meaning and targets.

Why one definition per indicator: the same figure appears on the team
dashboard, in Performance Matters, in board papers and in the returns. If the
SQL, the plain-English definition, the target and the RAG thresholds sit in
one object, they cannot drift apart, and the documentation
(``docs/indicators.md``) is generated from the same objects.

The SQL contract (checked by the engine):

* The SQL runs on DuckDB over the analytical tables
  (:mod:`continuum.metrics.schema`) plus ``wd_calendar`` and the working-day
  macros (:mod:`continuum.metrics.calendar_table`). It may use the
  parameters ``$start`` and ``$end`` (the period's first and last day,
  inclusive) and any ``$name`` listed in :attr:`Indicator.parameters`
  (defaults that a council can override in settings).
* It returns one row per child-level record behind the figure (a contact, a
  plan, a child at the period end, a worker for workforce measures), so every
  figure can be traced to the children behind it. Required columns:

  - ``la_child_id`` (null only for workforce rows about a worker),
  - ``record_id``: the identifier of the record the row is about,
  - ``ref_date``: the date the row is "as at", used for breakdowns (age at
    that date, the team holding the case on that date),
  - ``num``: the row's contribution to the numerator (usually 0 or 1, or a
    number of days for averages).

  Optional: ``den`` (contribution to the denominator; needed for percent and
  average units), ``num_key`` / ``den_key`` (when present, the numerator or
  denominator is the count of *distinct* keys among rows with ``num > 0`` /
  ``den > 0``, e.g. distinct workers for an average caseload), and any other
  columns useful when drilling down (due dates, codes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "BREAKDOWNS",
    "REGISTRY",
    "Indicator",
    "Polarity",
    "RagThresholds",
    "Unit",
    "get",
    "register",
]


class Unit(StrEnum):
    COUNT = "count"
    PERCENT = "percent"
    RATE = "rate per 10,000 children aged 0-17"
    DAYS = "days"
    AVERAGE = "average"


class Polarity(StrEnum):
    HIGHER = "higher is better"
    LOWER = "lower is better"
    NEUTRAL = "neither (a volume to watch)"


#: Breakdown dimensions the engine knows how to derive from the rows.
BREAKDOWNS: dict[str, str] = {
    "team": "team holding the case on the row's date (allocations)",
    "worker": "worker holding the case on the row's date (allocations)",
    "age_band": "age on the row's date: Unborn, Under 1, 1-4, 5-9, 10-15, 16-17, 18+",
    "sex": "children.sex",
    "ethnicity": "children.ethnicity (DfE code)",
    "ward": "children.ward",
    "deprived_area": "whether children.ward is in the settings list 'deprived_wards'",
    "source": "the row's own 'source' column (contact or referral source)",
    "category": "the row's own 'category' column (category of abuse)",
    "factor": "the row's own 'factor' column (a factor identified at the end of assessment)",
    "primary_need": "the row's own 'primary_need' column (an EHC plan's primary need, in words)",
    "placement": "the row's own 'placement' column (the type of an EHC plan's named setting, in words)",
}

#: Breakdowns that need only the children table (available for any child-level indicator).
CHILD_BREAKDOWNS = ("team", "worker", "age_band", "sex", "ethnicity", "ward", "deprived_area")


@dataclass(frozen=True)
class RagThresholds:
    """Where green and amber end, read with the indicator's polarity.

    Higher is better: green if value >= ``green``, amber if value >= ``amber``,
    red otherwise. Lower is better: green if value <= ``green``, amber if
    value <= ``amber``, red otherwise.
    """

    green: float
    amber: float


@dataclass(frozen=True)
class Indicator:
    """One indicator: a stable code, its meaning, its SQL and its default targets."""

    code: str
    title: str
    area: str
    definition: str
    source: str
    unit: Unit
    polarity: Polarity
    sql: str
    tables: tuple[str, ...]
    numerator: str
    denominator: str | None = None
    target: float | None = None
    rag: RagThresholds | None = None
    breakdowns: tuple[str, ...] = CHILD_BREAKDOWNS
    #: "flow" figures (things that happened in the period) add up across
    #: months; "snapshot" figures are as at the period's last day.
    measure: str = "flow"
    #: Named SQL parameters with their defaults; settings may override them.
    parameters: dict[str, object] = field(default_factory=dict)
    #: Known limits of the data behind the figure (shown with the result and in the docs).
    caveats: tuple[str, ...] = ()
    #: The national statistic the figure can be set beside (its publication and measure), or ""
    #: for a local measure: a council comparing itself with England must know which is which.
    national: str = ""

    @property
    def comparable(self) -> bool:
        """Whether the figure follows a DfE statistic's definition (see :attr:`national`)."""
        return bool(self.national)


REGISTRY: dict[str, Indicator] = {}


def register(indicator: Indicator) -> Indicator:
    """Add an indicator to the registry; codes are stable and must be unique."""
    if indicator.code in REGISTRY:
        raise ValueError(f"indicator code {indicator.code!r} is registered twice")
    unknown = set(indicator.breakdowns) - set(BREAKDOWNS)
    if unknown:
        raise ValueError(f"indicator {indicator.code!r}: unknown breakdowns {sorted(unknown)}")
    if indicator.unit in (Unit.PERCENT, Unit.DAYS, Unit.AVERAGE) and not indicator.denominator:
        raise ValueError(f"indicator {indicator.code!r}: a {indicator.unit} needs a denominator")
    if indicator.rag is not None and indicator.polarity is Polarity.NEUTRAL:
        raise ValueError(f"indicator {indicator.code!r}: RAG thresholds need a polarity")
    REGISTRY[indicator.code] = indicator
    return indicator


def get(code: str) -> Indicator:
    """The indicator with this code, loading the definitions on first use."""
    from continuum.metrics import indicators  # noqa: F401  (registers on import)

    try:
        return REGISTRY[code]
    except KeyError:
        raise KeyError(f"no indicator with code {code!r}") from None


def all_indicators() -> list[Indicator]:
    """Every registered indicator, in the order the area modules define them."""
    from continuum.metrics import indicators  # noqa: F401

    return list(REGISTRY.values())
