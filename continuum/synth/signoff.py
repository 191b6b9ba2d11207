"""Work awaiting a manager's authorisation in the demo borough (issue 18 point 2), so a team manager's
"Awaiting my authorisation" tray holds what a real one does on a working morning: a handful of
assessments their practitioners put up in the last few working days.

Why this is needed: the simulated borough records each assessment already authorised (the loader
writes its authorisation date), or still being written; nothing is ever *submitted* and waiting, so
without this the tray, and the home page's line about it, are always empty in the demo.

Why through the live service (:func:`continuum.practice.signoff.submit`): the submission is a line
in the child's chronology, and the demo manager's "Authorise" must find exactly what a real
submission leaves (the proposed factors and outcome, applied when authorised). Each is submitted
``at`` a time 1 to 5 working days before the demo's day, so the authorisation clock reads as it
would: mostly in time, the odd one due today.

The submitter is a user named after the case-holding worker that cannot sign in
(``SYNTHETIC_PRACTITIONER``), never a demo sign-in: the demo social worker's own cases are left for
them to submit. ``./run demo --refresh`` counts such a submission as work recorded by hand and keeps
the child as it is, so the assessment the sign-off names is not re-simulated from under it.

Two to four per team that has a manager, from the children the team holds with an assessment begun
at least two weeks earlier and not yet put up. Drawn from its own ``random.Random``, in id order, so
the same borough always gets the same submissions.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from continuum.core import clock
from continuum.core.working_days import add_working_days
from continuum.journey.models import Assessment, Section47
from continuum.people.caseloads import CASE_HOLDING_ROLES
from continuum.people.models import Allocation, AllocationRole, Worker, WorkerRole
from continuum.practice.models import SignOff, SignOffKind
from continuum.practice.signoff import submit
from continuum.synth.journey.assessment import factors_for_age
from continuum.synth.stand_ins import stand_in

#: How many pieces of work each manager's team has put up, at least and at most.
PER_TEAM = (2, 4)
#: Submitted this many working days before the demo's day, at least and at most.
WORKING_DAYS_BACK = (1, 5)
#: An assessment is put up only once it has run this long (it takes some writing).
WRITING = timedelta(days=14)

#: The user name of a synthetic practitioner starts so (followed by the worker's id).
SYNTHETIC_PRACTITIONER = "synthetic-practitioner-"

#: Factors proposed when the assessment holds none yet (CIN census codes: domestic abuse
#: concerning the child's parent, neglect, mental health of the parent). Passed through
#: factors_for_age like every factor the borough draws.
FACTORS = ("3B", "4B", "2B", "1B", "17A")
#: Outcomes proposed, a plan and a step down most often.
OUTCOMES = ("cin_plan", "cin_plan", "early_help", "early_help", "nfa", "other")
#: The practitioner's analysis, by the outcome it proposes: the words and the outcome are one
#: judgement, so a manager never reads "support is still needed" above "No further action".
#: Each names its outcome in the words a worker would use (no further action, early help, a child
#: in need plan, another service).
ANALYSES: dict[str, tuple[str, ...]] = {
    "nfa": (
        "The referral concerns were not substantiated; the family has support from school and health, "
        "so no further action is needed from children's social care.",
        "Parents acted on the concerns straight away and the child's needs are being met at home; "
        "no further action.",
        "A one-off incident that the parents handled appropriately; the child is safe and well cared for, "
        "so no further action.",
    ),
    "early_help": (
        "The child's needs can be met by early help with the family's agreement; the case steps down "
        "to the family support team.",
        "Parents engaged with the assessment and the risks are reduced; a step down to early help keeps "
        "support in place without a plan.",
        "Routines and school attendance need work but are below the child in need threshold; the family "
        "agree to a step down to early help.",
    ),
    "cin_plan": (
        "Parents engaged with the assessment; the risks are reduced but support is still needed, "
        "through a child in need plan.",
        "Concerns about home conditions are substantiated; a child in need plan will give the family "
        "a clear structure.",
        "The child's needs are not met consistently at home; the parents agree to a child in need plan "
        "setting out the support they need.",
    ),
    "other": (
        "The child's needs are best met by another service: health and the school's SEND support, "
        "with the family's consent.",
        "The parent's own needs are the main concern; another service (adult mental health) will "
        "support them, and the school is aware.",
    ),
}
#: The analysis after a section 47 enquiry in the same referral: what the enquiry found, then the
#: outcome, in the same words for each outcome as ANALYSES.
S47_ANALYSES: dict[str, tuple[str, ...]] = {
    "nfa": (
        "The section 47 enquiry did not substantiate the concerns; the child is safe at home, "
        "so no further action.",
    ),
    "early_help": (
        "The section 47 enquiry found no continuing risk of significant harm; the family agree to a "
        "step down to early help.",
    ),
    "cin_plan": (
        "The section 47 enquiry substantiated the concerns but the child is not at continuing risk of "
        "significant harm; support is still needed, through a child in need plan.",
    ),
    "other": (
        "The section 47 enquiry found no risk of significant harm; the child's needs are best met by "
        "another service, which the family has agreed to.",
    ),
}
#: The child's words, wishes and feelings, from a child old enough to say them.
VOICES = (
    "Says they feel safe at home now and wants their mum to get some help.",
    "Told me they worry when their dad is angry and would like to see their nan more.",
    "Enjoys school and their football club; did not want to talk about home.",
    "Drew their family and put the dog next to them; said home is 'alright mostly'.",
)
#: Below this age the child's voice is what the worker saw, not what the child said.
TALKING_AGE = 4
#: What a baby's or toddler's wishes and feelings were seen to be.
OBSERVED = (
    "Too young to say; settled and smiling with mum, reached for her when I picked up my bag.",
    "Too young to say; clean and well dressed, babbled to their dad and was comforted by him quickly.",
    "Too young to say; watchful at first, then played with the toys on the floor beside their nan.",
)
#: A pre-birth assessment: the baby cannot be seen, so the voice is the parent's hopes for them.
UNBORN = (
    "Not yet born; mum talked about keeping the baby safe and asked for help with a cot and a pram.",
    "Not yet born; both parents came to the midwife appointment and spoke about the baby's routines.",
)


def _practitioner(worker: Worker) -> User:
    """A user named after the worker that cannot sign in: the submission is synthetic data, not
    something a demo sign-in did."""
    return stand_in(f"{SYNTHETIC_PRACTITIONER}{worker.pk}", worker.first_name, worker.last_name)


def _waiting_to_go_up(team_ids: list[int], written_by: date) -> dict[int, list[tuple[Assessment, Worker]]]:
    """Per team: the children it holds (a case holder in post without a sign-in) with an open
    assessment begun by ``written_by`` and never put up, as (latest such assessment, case holder),
    in child id order."""
    held = (
        Allocation.objects.filter(
            team_id__in=team_ids,
            role=AllocationRole.CASE_HOLDER,
            end_date__isnull=True,
            worker__role__in=CASE_HOLDING_ROLES,
            worker__leave_date__isnull=True,
            worker__user__isnull=True,
        )
        .select_related("worker")
        .order_by("child_id", "pk")
    )
    holder: dict[int, Allocation] = {}
    for allocation in held:
        holder.setdefault(allocation.child_id, allocation)
    assessments = (
        Assessment.objects.filter(
            child_id__in=list(holder),
            assessment_authorisation_date__isnull=True,
            assessment_actual_start_date__lte=written_by,
            cin_episode__cin_closure_date__isnull=True,
        )
        .exclude(child_id__in=SignOff.objects.values("child_id"))
        .select_related("child")
        .order_by("child_id", "-assessment_actual_start_date", "-pk")
    )
    out: dict[int, list[tuple[Assessment, Worker]]] = defaultdict(list)
    seen: set[int] = set()
    for assessment in assessments:
        if assessment.child_id in seen:
            continue
        seen.add(assessment.child_id)
        allocation = holder[assessment.child_id]
        out[allocation.team_id].append((assessment, allocation.worker))  # type: ignore[arg-type]
    return out


def _moment(rng: random.Random, day: date) -> datetime:
    """A time in the working day on ``day``, in the service's time zone."""
    at = time(rng.randint(9, 16), rng.randrange(0, 60, 5))
    return timezone.make_aware(datetime.combine(day, at))


def _proposal(rng: random.Random, assessment: Assessment, day: date) -> tuple[str, dict[str, Any]]:
    """The analysis and the proposal of ``assessment`` put up on ``day``, read as one piece of practice.

    Why in this order: the outcome is drawn first and the analysis is drawn from that outcome's
    words (a section 47 enquiry's words if the referral held one begun by ``day``); the factors
    are the assessment's own, or a fallback, as fit the child's age when it began; the child's
    voice is what they said, for a baby what the worker saw, and an unborn child is not seen. All
    from ``rng``, so the same borough always gets the same proposals.
    """
    outcome = rng.choice(OUTCOMES)
    enquiry = Section47.objects.filter(
        cin_episode_id=assessment.cin_episode_id, s47_actual_start_date__lte=day
    ).exists()
    summary = rng.choice((S47_ANALYSES if enquiry else ANALYSES)[outcome])
    age = assessment.child.age_on(assessment.assessment_actual_start_date)
    factors = factors_for_age(assessment.assessment_factors or [rng.choice(FACTORS)], age)
    seen = rng.random() < 0.95
    voices = UNBORN if age is None else VOICES if age >= TALKING_AGE else OBSERVED
    proposed = {
        "assessment_factors": list(factors),
        "outcome": outcome,
        "child_seen": seen and age is not None,
        "childs_voice": rng.choice(voices),
    }
    return summary, proposed


@transaction.atomic
def ensure_demo_sign_offs(*, seed: int, as_of: date) -> int:
    """Put the demo's handful of assessments up for authorisation once (nothing if it was done before);
    return how many."""
    if User.objects.filter(username__startswith=SYNTHETIC_PRACTITIONER).exists():
        return 0
    rng = random.Random(seed * 7919 + 182)  # noqa: S311 - synthetic data, not security
    end = min(as_of, clock.today())  # the clock starts at the submission: never in the future
    earliest = add_working_days(end, -WORKING_DAYS_BACK[1])
    team_ids = sorted(
        set(
            Worker.objects.filter(
                role=WorkerRole.TEAM_MANAGER, leave_date__isnull=True, team__isnull=False
            ).values_list("team_id", flat=True)
        )
    )
    waiting = _waiting_to_go_up(team_ids, earliest - WRITING)
    count = 0
    for team_id in team_ids:
        candidates = waiting.get(team_id, [])
        chosen = rng.sample(candidates, min(len(candidates), rng.randint(*PER_TEAM)))
        for assessment, worker in sorted(chosen, key=lambda pair: pair[0].pk):
            day = add_working_days(end, -rng.randint(*WORKING_DAYS_BACK))
            summary, proposed = _proposal(rng, assessment, day)
            submit(
                child=assessment.child,
                kind=SignOffKind.ASSESSMENT,
                record_id=assessment.pk,
                by=_practitioner(worker),
                summary=summary,
                proposed=proposed,
                at=_moment(rng, day),
            )
            count += 1
    return count
