"""Missing and absent episodes, and return home interviews.

Police definitions: "missing" (M) and "absent" (A, away from placement without
authorisation). A return home interview should be offered within 72 hours of
the child's return, so the offer is recorded with its time.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction

from continuum.journey.errors import Rule
from continuum.journey.models import MissingEpisode, MissingFrom
from continuum.journey.services._base import as_date, begin, fmt, lock, save_changes, snapshot
from continuum.journey.services.looked_after import episode_on
from continuum.people.models import Child

_FROM_OUR_PLACEMENT = frozenset({MissingFrom.PLACEMENT_IN_BOROUGH, MissingFrom.PLACEMENT_OUT_OF_BOROUGH})


@transaction.atomic
def record_missing_episode(
    *,
    child: Child,
    missing: str,
    mis_start: datetime,
    where_from: str,
    mis_end: datetime | None = None,
    reason: str = "",
    by: User | None,
) -> MissingEpisode:
    """Record a missing or absent episode (SSDA903 MISSING, MIS_START, MIS_END).

    Going missing from one of our placements needs the child to be looked
    after then; "absent" is only used for looked-after children.
    """
    step = begin("record_missing_episode", "record a missing episode", child=child, by=by)
    step.require_born()
    step.check_code("missing.MISSING", missing, "missing or absent (MISSING)")
    step.check_choice(MissingFrom, where_from, "where the child went missing from")
    step.check_date(mis_start, "time the child went missing")
    step.check_date(mis_end, "time the child returned")
    step.check_order(mis_start, mis_end, "time the child went missing", "time the child returned")
    cla_episode = None
    if where_from in _FROM_OUR_PLACEMENT or missing == "A":
        if where_from == MissingFrom.HOME:
            step.fail(Rule.NOT_LOOKED_AFTER, "'absent' applies only to a child away from a placement.")
        if where_from != MissingFrom.OTHER_LA_CHILD_HERE:
            cla_episode = episode_on(step.subject.pk, as_date(mis_start))  # type: ignore[union-attr]
            if cla_episode is None:
                step.fail(
                    Rule.NOT_LOOKED_AFTER,
                    f"the child was not in one of our placements on {fmt(as_date(mis_start))}.",
                )
    record = MissingEpisode.objects.create(
        child=step.subject,
        cla_episode=cla_episode,
        missing=missing,
        mis_start=mis_start,
        mis_end=mis_end,
        where_from=where_from,
        reason=reason,
    )
    step.record(
        what="Missing episode" if missing == "M" else "Absent episode",
        record=record,
        occurred_on=mis_start,
        after=snapshot(record, ["missing", "mis_start", "mis_end", "where_from"]),
    )
    return record


@transaction.atomic
def end_missing_episode(
    *, missing_episode: MissingEpisode, mis_end: datetime, expected_version: int, by: User | None
) -> MissingEpisode:
    """Record that the child has returned (SSDA903 MIS_END)."""
    step = begin("end_missing_episode", "record the child's return", child=missing_episode.child_id, by=by)
    current = lock(MissingEpisode, missing_episode.pk)
    step.check_version(current, expected_version, "missing episode")
    step.require(current.mis_end is None, Rule.ALREADY_ENDED, "the child's return is already recorded.")
    step.check_date(mis_end, "time the child returned")
    step.check_order(current.mis_start, mis_end, "time the child went missing", "time the child returned")
    current.mis_end = mis_end
    save_changes(current, ["mis_end"])
    step.record(
        what="Returned from missing",
        record=current,
        occurred_on=mis_end,
        before={"mis_end": None},
        after=snapshot(current, ["mis_end"]),
    )
    return current


@transaction.atomic
def record_return_home_interview(
    *,
    missing_episode: MissingEpisode,
    rhi_offered_at: datetime,
    rhi_accepted: bool,
    expected_version: int,
    by: User | None,
    rhi_held_at: datetime | None = None,
) -> MissingEpisode:
    """Record the offer of a return home interview (after the return), whether it was accepted
    (no means refused) and, once it has happened, when it was held: the statutory 72 hours are
    timed to the interview held, so the moment is kept, not just the offer."""
    step = begin(
        "record_return_home_interview",
        "record a return home interview",
        child=missing_episode.child_id,
        by=by,
    )
    current = lock(MissingEpisode, missing_episode.pk)
    step.check_version(current, expected_version, "missing episode")
    if current.mis_end is None:
        step.fail(Rule.MISSING_NOT_ENDED, "record the child's return before the return home interview.")
    step.check_date(rhi_offered_at, "time the interview was offered")
    if rhi_offered_at < current.mis_end:
        step.fail(
            Rule.RHI_BEFORE_RETURN,
            f"the interview was offered ({fmt(rhi_offered_at)}) before the child returned "
            f"({fmt(current.mis_end)}).",
        )
    if rhi_held_at is not None:
        step.check_date(rhi_held_at, "time the interview was held")
        if not rhi_accepted:
            step.fail(Rule.INVALID_CODE, "an interview the child refused cannot have been held.")
        if rhi_held_at < current.mis_end:
            step.fail(
                Rule.RHI_BEFORE_RETURN,
                f"the interview was held ({fmt(rhi_held_at)}) before the child returned "
                f"({fmt(current.mis_end)}).",
            )
    fields = ["rhi_offered_at", "rhi_accepted", "rhi_held_at"]
    before = snapshot(current, fields)
    current.rhi_offered_at = rhi_offered_at
    current.rhi_accepted = rhi_accepted
    current.rhi_held_at = rhi_held_at
    save_changes(current, fields)
    if rhi_held_at is not None:
        what = "Return home interview held"
    else:
        what = "Return home interview " + ("accepted" if rhi_accepted else "offered, refused")
    step.record(
        what=what,
        record=current,
        occurred_on=rhi_held_at or rhi_offered_at,
        before=before,
        after=snapshot(current, fields),
    )
    return current
