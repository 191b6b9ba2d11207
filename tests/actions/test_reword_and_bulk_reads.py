"""Rewording an action (a line of history for each change, refusals in words) and reading the
actions of many records at once (one query, however many records)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from continuum.actions import selectors
from continuum.actions import services as a
from continuum.core import roles
from continuum.journey.errors import JourneyRuleError

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 30)


@pytest.fixture
def people(make_user):  # type: ignore[no-untyped-def]
    return make_user("setter", roles.PERFORMANCE_ANALYST), make_user("doer", roles.PERFORMANCE_ANALYST)


def test_reword_keeps_the_old_words_in_the_history(people) -> None:  # type: ignore[no-untyped-def]
    setter, doer = people
    action = a.create_action(
        source=setter, label="Board log, item 3", what="Report on A", owner=doer, due=TODAY, by=setter
    )
    a.reword(action, what="  Report on A and B ", by=setter, reason="Widened at the meeting")
    a.reword(action, what="Report on A and B", label="Board log, item 4", by=doer)
    action.refresh_from_db()
    assert (action.what, action.source_label) == ("Report on A and B", "Board log, item 4")
    assert [(c.field, c.old, c.new, c.reason, c.by_id) for c in action.history.all()][1:] == [
        ("what", "Report on A", "Report on A and B", "Widened at the meeting", setter.pk),
        ("from", "Board log, item 3", "Board log, item 4", "", doer.pk),
    ]
    # Long words stay whole on the action; the history line is cut to fit its column.
    a.reword(action, what="x" * 500, by=setter)
    line = action.history.last()
    assert (len(line.old), len(line.new), line.new[-1]) == (17, 200, "\u2026")
    action.refresh_from_db()
    assert len(action.what) == 500


def test_reword_refusals(people) -> None:  # type: ignore[no-untyped-def]
    setter, doer = people
    action = a.create_action(source=setter, label="Log", what="Call", owner=doer, due=TODAY, by=setter)
    with pytest.raises(JourneyRuleError, match="Enter what is to be done"):
        a.reword(action, what="  ", by=setter)
    with pytest.raises(JourneyRuleError, match="already says that"):
        a.reword(action, what="Call ", label="Log", by=setter)
    assert action.history.count() == 1


def test_the_actions_of_many_records_in_one_query(people) -> None:  # type: ignore[no-untyped-def]
    setter, doer = people
    sources = [setter, doer]
    for n, source in enumerate([setter, doer, setter]):
        a.create_action(source=source, label="Log", what=f"Task {n}", owner=doer, due=TODAY, by=setter)
    with CaptureQueriesContext(connection) as queries:
        found = selectors.of_records(type(setter), [s.pk for s in sources])
        owners = {action.owner.username for actions in found.values() for action in actions}
    assert len(queries) <= 2  # the content type (cached after) and the actions with their owners
    assert owners == {"doer"}
    assert {pk: [x.what for x in actions] for pk, actions in found.items()} == {
        setter.pk: ["Task 0", "Task 2"],
        doer.pk: ["Task 1"],
    }
    assert [line.action.what for line in selectors.of_record(setter, TODAY)] == ["Task 0", "Task 2"]
