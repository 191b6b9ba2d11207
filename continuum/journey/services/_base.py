"""What every journey service shares: locking, the common rules, and the chronology event.

Why this shape: each service is a short script of "lock, check, write, record".
Keeping the checks that every step needs (no future dates, nothing before
birth or after death, ends after starts, DfE codes only, nothing in a closed
referral) in one :class:`Step` object means every service applies them the
same way and words its refusal the same way: "Cannot <do this> for child
<LAchildID>: <why>."

Locking order is always child first, then the record, so two services working
on the same child queue behind each other instead of deadlocking.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, NoReturn, TypeVar

from django.contrib.auth.models import User
from django.db import models
from django.utils import timezone

from continuum.core import clock, codes, versions
from continuum.core.dates import day_words, moment_words
from continuum.journey.errors import ConcurrentChangeError, JourneyRuleError, Rule
from continuum.journey.models import ChronologyEvent, CINEpisode
from continuum.people.models import Child, Worker

M = TypeVar("M", bound=models.Model)

#: How long before birth a pre-birth record may be for a child who was recorded
#: unborn and has since been born (a pregnancy, with a margin).
PRE_BIRTH_WINDOW = timedelta(days=300)
#: Closure reasons that mean "closed after assessment": no statutory work allowed.
RC_AFTER_ASSESSMENT = frozenset({"RC8", "RC9"})


def fmt(value: date | datetime) -> str:
    """A date in a refusal as every page says it ("4 Mar 2024", or "4 Mar 2024 14:05" for a
    moment, in London time), so the refusal names the same day the practitioner sees on the
    page. The journey services' one place for it; the words come from :mod:`continuum.core.dates`."""
    if isinstance(value, datetime):
        return moment_words(value)
    return day_words(value)


def as_date(value: date | datetime) -> date:
    if isinstance(value, datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def jsonable(value: Any) -> Any:
    """A value as it goes into the chronology's JSON (dates as ISO text)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of ``obj`` (foreign keys by id), and nothing else."""
    out: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        attname = getattr(field, "attname", name)
        out[attname] = jsonable(getattr(obj, attname))
    return out


@dataclass
class Step:
    """One run of one service for one child: the checks and the event it ends with."""

    name: str
    action: str
    child: Child | None
    by: User | None

    @property
    def subject(self) -> Child:
        """The (locked) child this step is about, for steps that always have one."""
        assert self.child is not None, f"{self.name} needs a child"
        return self.child

    @property
    def child_ref(self) -> str:
        return self.child.la_child_id if self.child is not None else ""

    # -- refusing -----------------------------------------------------------

    def fail(self, rule: str, reason: str) -> NoReturn:
        who = f" for child {self.child_ref}" if self.child is not None else ""
        raise JourneyRuleError(
            f"Cannot {self.action}{who}: {reason}", child_ref=self.child_ref, step=self.name, rule=rule
        )

    def require(self, condition: object, rule: str, reason: str) -> None:
        if not condition:
            self.fail(rule, reason)

    # -- common rules ---------------------------------------------------------

    def check_date(self, value: date | datetime | None, what: str, *, after_death_ok: bool = False) -> None:
        """No future dates; nothing before birth (unless unborn); nothing after death.

        An unborn child has no lower limit. A child recorded unborn and since
        born may have records up to :data:`PRE_BIRTH_WINDOW` before birth
        (pre-birth assessments and conferences); any other child none before birth.
        """
        if value is None:
            return
        if isinstance(value, datetime):
            if value > clock.now():
                self.fail(Rule.FUTURE_DATE, f"the {what} ({fmt(value)}) is in the future.")
        elif value > clock.today():
            self.fail(Rule.FUTURE_DATE, f"the {what} ({fmt(value)}) is in the future.")
        child = self.child
        if child is None:
            return
        day = as_date(value)
        born = child.person_birth_date
        if born is not None:
            earliest = born - PRE_BIRTH_WINDOW if child.expected_person_birth_date else born
            if day < earliest:
                self.fail(
                    Rule.DATE_BEFORE_BIRTH,
                    f"the {what} ({fmt(value)}) is before the child's date of birth ({fmt(born)}).",
                )
        died = child.person_death_date
        if died is not None and day > died and not after_death_ok:
            self.fail(
                Rule.AFTER_DEATH,
                f"the {what} ({fmt(value)}) is after the child's recorded date of death ({fmt(died)}).",
            )

    def check_order(
        self, start: date | datetime | None, end: date | datetime | None, start_what: str, end_what: str
    ) -> None:
        if start is not None and end is not None and end < start:
            self.fail(
                Rule.END_BEFORE_START,
                f"the {end_what} ({fmt(end)}) is before the {start_what} ({fmt(start)}).",
            )

    def check_code(self, code_set: str, value: str, what: str, *, blank_ok: bool = False) -> None:
        if value == "" and blank_ok:
            return
        if not codes.is_valid(code_set, value):
            self.fail(Rule.INVALID_CODE, f"{value!r} is not a valid {what} code.")

    def check_choice(
        self, choices: type[models.TextChoices], value: str, what: str, *, blank_ok: bool = False
    ) -> None:
        if value == "" and blank_ok:
            return
        if value not in choices.values:
            self.fail(Rule.INVALID_CODE, f"{value!r} is not a valid {what}.")

    def check_choices(self, choices: type[models.TextChoices], values: Iterable[str], what: str) -> None:
        for value in values:
            self.check_choice(choices, value, what)

    def require_born(self) -> None:
        if self.child is not None and self.child.is_unborn:
            self.fail(Rule.UNBORN_NOT_ALLOWED, "this can only be recorded once the child is born.")

    def check_same_child(self, record: models.Model | None, what: str) -> None:
        if record is not None and self.child is not None and record.child_id != self.child.pk:  # type: ignore[attr-defined]
            self.fail(Rule.WRONG_CHILD, f"the {what} belongs to another child.")

    def check_in_episode(
        self, episode: CINEpisode, value: date, what: str, *, statutory: bool = False
    ) -> None:
        """Nothing before the referral, nothing in a closed referral, no statutory work after RC8/RC9.

        ``statutory`` marks section 47s, conferences and plans, which a referral
        closed "after assessment" (RC8, RC9) can never hold, whatever the date.
        """
        self.check_same_child(episode, "referral")
        if episode.referral_nfa:
            self.fail(
                Rule.REFERRAL_NFA,
                f"the referral of {fmt(episode.cin_referral_date)} was recorded as no further action; "
                "open a new referral first.",
            )
        if statutory and episode.reason_for_closure in RC_AFTER_ASSESSMENT:
            self.fail(
                Rule.CLOSED_RC8_RC9,
                f"the referral of {fmt(episode.cin_referral_date)} was closed after assessment "
                f"({episode.reason_for_closure}), so it cannot hold section 47 enquiries, "
                "conferences or plans; "
                "open a new referral first.",
            )
        if value < episode.cin_referral_date:
            self.fail(
                Rule.DATE_BEFORE_REFERRAL,
                f"the {what} ({fmt(value)}) is before the referral date ({fmt(episode.cin_referral_date)}).",
            )
        if episode.cin_closure_date is not None and value > episode.cin_closure_date:
            self.fail(
                Rule.CIN_EPISODE_CLOSED,
                f"the referral of {fmt(episode.cin_referral_date)} was closed on "
                f"{fmt(episode.cin_closure_date)}, "
                f"before the {what} ({fmt(value)}); open a new referral first.",
            )

    def check_worker(self, worker: Worker | None, on: date) -> None:
        if worker is not None and not worker.is_in_post_on(on):
            self.fail(Rule.WORKER_NOT_IN_POST, f"the worker was not in post on {fmt(on)}.")

    def check_version(self, record: models.Model, expected_version: int, record_name: str) -> None:
        """Refuse a save over someone else's since the page was opened (:mod:`continuum.core.versions`),
        in the journey's words, naming the child by reference and the record in words."""
        versions.compare(
            record,
            expected_version,
            lambda: ConcurrentChangeError(child_ref=self.child_ref, step=self.name, record=record_name),
        )

    # -- recording ------------------------------------------------------------

    def record(
        self,
        *,
        what: str,
        record: models.Model,
        occurred_on: date | datetime | None,
        before: Mapping[str, Any] | None = None,
        after: Mapping[str, Any] | None = None,
    ) -> ChronologyEvent:
        """Append the one chronology event of this step."""
        return ChronologyEvent.objects.create(
            child=self.child,
            by=self.by,
            occurred_on=as_date(occurred_on) if occurred_on is not None else None,
            step=self.name,
            what=what[:300],
            record_type=record._meta.model_name or "",
            record_id=record.pk,
            before=dict(before) if before is not None else None,
            after=dict(after) if after is not None else None,
        )


def begin(name: str, action: str, *, child: Child | int | None, by: User | None) -> Step:
    """Start a step: lock the child's row so that steps on one child run one at a time.

    ``FOR NO KEY UPDATE`` serialises services on the same child without
    blocking inserts of that child's records elsewhere.
    """
    locked: Child | None = None
    if child is not None:
        child_id = child.pk if isinstance(child, Child) else child
        locked = Child.objects.select_for_update(no_key=True).get(pk=child_id)
    return Step(name=name, action=action, child=locked, by=by)


def lock(model: type[M], pk: int, *, related: Iterable[str] = ()) -> M:
    """Fetch a record for update (after its child has been locked by :func:`begin`)."""
    qs = (
        model._default_manager.select_for_update(of=("self",))
        if related
        else model._default_manager.select_for_update()
    )
    if related:
        qs = qs.select_related(*related)
    return qs.get(pk=pk)


def save_changes(record: models.Model, fields: Iterable[str]) -> None:
    """Save the changed fields and move the version (and ``updated_at``) on by one."""
    versions.save_moved_on(record, fields)


def child_id_of(record: models.Model) -> int | None:
    return record.child_id  # type: ignore[attr-defined, no-any-return]
