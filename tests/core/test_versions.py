"""The one lock, compare and move-on for "someone else saved since you opened this page".

Known answers: an IOM record opens at version 0 and a child's record at 1; each save moves the
version on by exactly one, and a second save from the page opened at the first's version is refused
with nothing written. A script (no opened version) compares nothing."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from continuum.community_safety import iom_records
from continuum.community_safety.models import IomOffender
from continuum.complaints import services as complaints
from continuum.complaints.models import Stage
from continuum.core import versions
from continuum.core.refusals import Refused
from continuum.improvement import services as improvement
from continuum.people.models import Child

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def _offender() -> IomOffender:
    return IomOffender.objects.create(reference="V-1", name="Alex Example", added_on=date(2024, 1, 5))


def _save_wanted(opened: IomOffender, version: int | None, wanted: bool) -> None:
    with transaction.atomic():
        current = versions.locked_at(opened, version)
        current.wanted = wanted
        versions.save_moved_on(current, ["wanted"])


def test_two_saves_from_the_same_opened_version_the_second_is_refused_and_writes_nothing() -> None:
    offender = _offender()
    opened = offender.version
    assert opened == 0
    _save_wanted(offender, opened, True)
    with pytest.raises(versions.ChangedSinceOpened, match="changed by someone else since you opened it"):
        _save_wanted(offender, opened, False)
    offender.refresh_from_db()
    assert (offender.wanted, offender.version) == (True, 1)
    # Reopened at the new version, the save goes ahead and moves the version on once more.
    _save_wanted(offender, 1, False)
    offender.refresh_from_db()
    assert (offender.wanted, offender.version) == (False, 2)


def test_no_opened_version_compares_nothing() -> None:
    offender = _offender()
    _save_wanted(offender, 0, True)
    _save_wanted(offender, None, False)  # a script, at version 1 now: not refused
    offender.refresh_from_db()
    assert (offender.wanted, offender.version) == (False, 2)
    assert versions.changed_since(offender, None) is False
    assert versions.changed_since(offender, 2) is False
    assert versions.changed_since(offender, 1) is True


def test_the_comparison_reads_the_locked_row_not_the_copy_the_page_read() -> None:
    offender = _offender()
    stale = IomOffender.objects.get(pk=offender.pk)  # version 0, as the page read it
    _save_wanted(offender, 0, True)  # a colleague's save: version 1 in the database
    assert stale.version == 0
    with pytest.raises(versions.ChangedSinceOpened):
        _save_wanted(stale, 0, False)


def test_only_the_named_fields_and_the_version_are_saved() -> None:
    offender = _offender()
    with transaction.atomic():
        current = versions.locked_at(offender, 0)
        current.name, current.wanted = "Not saved", True
        versions.save_moved_on(current, ["wanted"])
    offender.refresh_from_db()
    assert (offender.name, offender.wanted, offender.version) == ("Alex Example", True, 1)


def test_the_row_is_locked_and_related_rows_are_read_but_not_locked() -> None:
    offender = _offender()
    with CaptureQueriesContext(connection) as plain:
        versions.locked_at(offender, None)
    assert plain.captured_queries[-1]["sql"].endswith("FOR UPDATE")
    stage = Stage(pk=0)
    with CaptureQueriesContext(connection) as joined, pytest.raises(Stage.DoesNotExist):
        versions.locked_at(stage, None, related=("complaint",))
    sql = joined.captured_queries[-1]["sql"]
    assert 'INNER JOIN "complaints_complaint"' in sql
    assert sql.endswith('FOR UPDATE OF "complaints_stage"')


def test_the_plain_refusal_says_when_the_record_was_last_saved() -> None:
    child = Child.objects.create(la_child_id="V-C1", person_birth_date=date(2014, 2, 2))
    assert child.version == 1
    with transaction.atomic():
        versions.save_moved_on(versions.locked_at(child, 1), [])
    # The colleague's save, dated by hand: 14:05 in London on 7 December 2026 (GMT, so 14:05 UTC).
    Child.objects.filter(pk=child.pk).update(updated_at=datetime(2026, 12, 7, 14, 5, tzinfo=LONDON))
    with pytest.raises(versions.ChangedSinceOpened) as refused:
        versions.locked_at(child, 1)
    assert str(refused.value) == (
        "This record was changed by someone else (saved 7 Dec 2026 14:05) since you opened it"
    )
    assert refused.value.field == ""


def test_a_save_moves_the_records_last_saved_moment_on_where_it_keeps_one() -> None:
    child = Child.objects.create(la_child_id="V-C2", person_birth_date=date(2014, 2, 2))
    long_ago = datetime(2020, 1, 1, 9, 0, tzinfo=LONDON)
    Child.objects.filter(pk=child.pk).update(updated_at=long_ago)
    with transaction.atomic():
        versions.save_moved_on(versions.locked_at(child, 1), [])
    child.refresh_from_db()
    assert child.version == 2
    assert child.updated_at > long_ago


def test_an_area_keeps_its_own_words_and_its_refusal_is_the_shared_one() -> None:
    offender = _offender()
    _save_wanted(offender, 0, True)
    with pytest.raises(iom_records.ChangedSinceOpened) as refused:
        versions.locked_at(offender, 0, refusal=iom_records.ChangedSinceOpened)
    assert str(refused.value) == (
        "This person's details were changed by someone else since you opened the form"
    )
    for area in (iom_records.ChangedSinceOpened, complaints.ChangedSinceOpened, improvement.PlanConflict):
        assert issubclass(area, versions.ChangedSinceOpened)
        assert issubclass(area, Refused)
    assert str(complaints.ChangedSinceOpened()) == (
        "This complaint was changed by someone else since you opened it"
    )
    assert isinstance(complaints.ChangedSinceOpened(), complaints.ComplaintRuleError)
    assert isinstance(improvement.PlanConflict("x"), improvement.PlanRuleError)
