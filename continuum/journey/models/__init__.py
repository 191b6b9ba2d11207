"""The child's journey: the system of record from the front door to leaving care.

Models hold data and simple derived properties. Every write goes through
``continuum.journey.services``, which enforces the rules, keeps each change in
one transaction and appends a :class:`ChronologyEvent`. The database backs the
most important rules too (check constraints, partial unique indexes, and a
trigger that keeps the chronology append-only), so that a bulk load or a stray
script cannot break them either.

Every record carries the child, even where it could be reached through a
parent record, so that "this child's records between two dates" is one
indexed look-up for the chronology, the child record page and the returns.

Field names follow the DfE names (CIN census elements, SSDA903 columns) where
one exists, in snake_case, with the DfE name in the verbose name and help text.

The models live in one module per stage, like the services
(:mod:`continuum.journey.services`): ``front_door``, ``early_help``,
``referrals``, ``child_protection``, ``looked_after``, ``visits``, ``missing``,
``care_leavers``, ``proceedings``, ``private_fostering``, ``lado`` and
``chronology``; every model and choice is re-exported here, so
``from continuum.journey.models import CPPlan`` works and Django finds them all.
"""

from __future__ import annotations

from continuum.journey.models.care_leavers import (
    CareLeaver,
    CareLeaverCategory,
    CareLeaverContact,
    PathwayPlanReview,
)
from continuum.journey.models.child_protection import (
    ChildParticipation,
    Conference,
    ConferenceKind,
    ConferenceOutcome,
    CoreGroup,
    CPPlan,
    S47Outcome,
    Section47,
    StrategyDiscussion,
)
from continuum.journey.models.chronology import (
    ChronologyEvent,
    ChronologyQuerySet,
    ImmutableRecordError,
)
from continuum.journey.models.early_help import (
    EarlyHelpEpisode,
)
from continuum.journey.models.front_door import (
    Brag,
    Consent,
    Contact,
    ContactOutcome,
    PartnerAgency,
    PartnerCheck,
)
from continuum.journey.models.lado import (
    EmployerSector,
    LadoAction,
    LadoAllegation,
    LadoOutcome,
)
from continuum.journey.models.looked_after import (
    PEP,
    SDQ,
    CLAEpisode,
    CLAReview,
    DentalCheck,
    HealthAssessment,
    HealthAssessmentKind,
    PermanencePlan,
    Placement,
)
from continuum.journey.models.missing import (
    MissingEpisode,
    MissingFrom,
)
from continuum.journey.models.private_fostering import (
    PrivateFostering,
)
from continuum.journey.models.proceedings import (
    CareProceedings,
    PreProceedings,
    PreProceedingsOutcome,
    ProceedingsOutcome,
)
from continuum.journey.models.referrals import (
    Assessment,
    AssessmentOutcome,
    CINEpisode,
    CINPlan,
)
from continuum.journey.models.visits import (
    Visit,
    VisitKind,
)

__all__ = [
    "PEP",
    "SDQ",
    "Assessment",
    "AssessmentOutcome",
    "Brag",
    "CINEpisode",
    "CINPlan",
    "CLAEpisode",
    "CLAReview",
    "CPPlan",
    "CareLeaver",
    "CareLeaverCategory",
    "CareLeaverContact",
    "CareProceedings",
    "ChildParticipation",
    "ChronologyEvent",
    "ChronologyQuerySet",
    "Conference",
    "ConferenceKind",
    "ConferenceOutcome",
    "Consent",
    "Contact",
    "ContactOutcome",
    "CoreGroup",
    "DentalCheck",
    "EarlyHelpEpisode",
    "EmployerSector",
    "HealthAssessment",
    "HealthAssessmentKind",
    "ImmutableRecordError",
    "LadoAction",
    "LadoAllegation",
    "LadoOutcome",
    "MissingEpisode",
    "MissingFrom",
    "PartnerAgency",
    "PartnerCheck",
    "PathwayPlanReview",
    "PermanencePlan",
    "Placement",
    "PreProceedings",
    "PreProceedingsOutcome",
    "PrivateFostering",
    "ProceedingsOutcome",
    "S47Outcome",
    "Section47",
    "StrategyDiscussion",
    "Visit",
    "VisitKind",
]
