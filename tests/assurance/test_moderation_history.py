"""A moderation is never overwritten silently (finding 6): a second moderation keeps the first as an
earlier moderation (append-only), a save over a moderation the moderator has not seen is refused by
the moderation's version, and the page shows the standing moderation and the auditor's answers.

Known answers by hand: the audit is graded Good by Ola on 10 May 2024; the first moderation (version 0
to 1) is Requires improvement; the second (1 to 2) is Good, and the first is kept as it was.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import override_settings
from django.urls import reverse

from continuum.assurance import services
from continuum.assurance.models import AuditStatus, CaseAudit, EarlierModeration, moderation_version
from tests.assurance.test_services import qa_world  # noqa: F401 - the fixture, shared
from tests.web.test_casework_views import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def graded(qa_world) -> dict[str, Any]:  # noqa: F811
    audit = CaseAudit.objects.create(
        tool=services.current_tool("case-file"),
        child=qa_world["child"],
        as_at=date(2024, 5, 10),
        auditor=qa_world["users"]["auditor"],
        status=AuditStatus.COMPLETED,
        overall_grade="good",
        completed_on=date(2024, 5, 10),
        summary="The plan is clear and the child is seen.",
    )
    return {**qa_world, "audit": audit}


@override_settings(CONTINUUM_AS_OF="2024-06-03")
def test_a_second_moderation_keeps_the_first(graded) -> None:
    audit, qa, qa2 = graded["audit"], graded["users"]["qa"], graded["users"]["qa2"]
    assert moderation_version(audit) == 0
    services.moderate(audit, grade="requires_improvement", note="Drift", by=qa, expected_version=0)
    audit.refresh_from_db()
    assert moderation_version(audit) == 1
    services.moderate(audit, grade="good", note="second go", by=qa2, expected_version=1)
    audit.refresh_from_db()
    assert (audit.moderated_grade, audit.moderation_note, audit.moderated_by) == ("good", "second go", qa2)
    earlier = EarlierModeration.objects.get(audit=audit)
    assert (earlier.grade, earlier.note, earlier.by, earlier.on, earlier.replaced_by) == (
        "requires_improvement",
        "Drift",
        qa,
        date(2024, 6, 3),
        qa2,
    )
    assert moderation_version(audit) == 2
    with pytest.raises(services.AssuranceError, match="already says that"):
        services.moderate(audit, grade="good", note="second go", by=qa2, expected_version=2)


@override_settings(CONTINUUM_AS_OF="2024-06-03")
def test_a_save_over_an_unseen_moderation_is_refused(graded) -> None:
    audit, qa, qa2 = graded["audit"], graded["users"]["qa"], graded["users"]["qa2"]
    services.moderate(audit, grade="good", note="", by=qa, expected_version=0)
    with pytest.raises(services.ModerationChanged):
        services.moderate(audit, grade="inadequate", note="Missed risk", by=qa2, expected_version=0)
    audit.refresh_from_db()
    assert audit.moderated_grade == "good"
    assert not EarlierModeration.objects.exists()


@override_settings(CONTINUUM_AS_OF="2024-06-03")
def test_earlier_moderations_are_append_only(graded) -> None:
    audit, qa, qa2 = graded["audit"], graded["users"]["qa"], graded["users"]["qa2"]
    services.moderate(audit, grade="good", note="", by=qa, expected_version=0)
    services.moderate(audit, grade="inadequate", note="Missed risk", by=qa2, expected_version=1)
    earlier = EarlierModeration.objects.get()
    earlier.note = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        earlier.save()
    with pytest.raises(ValueError, match="append-only"):
        earlier.delete()
    with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cur:
        cur.execute("UPDATE assurance_earliermoderation SET note = 'x' WHERE id = %s", [earlier.pk])


@override_settings(CONTINUUM_AS_OF="2024-06-03")
def test_the_page_shows_what_is_moderated_and_the_moderation_standing(graded) -> None:
    audit, qa, qa2 = graded["audit"], graded["users"]["qa"], graded["users"]["qa2"]
    qa.first_name, qa.last_name = "Quinn", "Assessor"
    qa.save()
    url = reverse("assurance-audit-moderate", args=[audit.pk])
    first = client_for(qa).get(url).content.decode()
    assert "Auditor&#x27;s overall grade" in first or "Auditor's overall grade" in first
    assert "The plan is clear and the child is seen." in first  # the auditor's summary
    assert "Not moderated yet" in first
    assert (
        client_for(qa)
        .post(url, {"grade": "requires_improvement", "note": "Drift", "version": "0"})
        .status_code
        == 302
    )
    again = client_for(qa2).get(url).content.decode()
    assert "Requires improvement (Quinn Assessor, 3 Jun 2024): Drift" in again
    assert 'value="requires_improvement" checked' in again.replace('checked=""', "checked")
    assert ">Drift</textarea>" in again
    # Two moderators opened it at version 1; the first saves, the second is refused and keeps their words.
    assert (
        client_for(qa2).post(url, {"grade": "good", "note": "second go", "version": "1"}).status_code == 302
    )
    stale = client_for(qa).post(url, {"grade": "inadequate", "note": "Missed risk", "version": "1"})
    body = stale.content.decode()
    assert stale.status_code == 200
    assert "moderated by someone else after you opened it" in body
    assert ">Missed risk</textarea>" in body
    assert 'name="version" value="2"' in body
    audit.refresh_from_db()
    assert audit.moderated_grade == "good"
    page = client_for(qa2).get(reverse("assurance-audit", args=[audit.pk])).content.decode()
    assert "Earlier moderation" in page
    assert "Requires improvement (Quinn Assessor, 3 Jun 2024): Drift." in page
