"""Marking a flagged (break-glass) access as reviewed: the filter, the form and the service."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from continuum.core import roles
from continuum.core.access_log import log_view
from continuum.core.dates import day_words
from continuum.core.models import AccessLogEntry, AccessLogImmutableError, BreakGlassReview
from continuum.journey import services as s
from continuum.people.models import Child
from continuum.web.access_admin.records import AccessChangeRefused, review_break_glass

pytestmark = pytest.mark.django_db

JUSTIFIED = BreakGlassReview.Outcome.JUSTIFIED
NOT_JUSTIFIED = BreakGlassReview.Outcome.NOT_JUSTIFIED
NOTE_NEEDED = "Enter a note saying why the access was not justified and who it was referred to"


@pytest.fixture
def child() -> Child:
    return s.register_child(
        first_name="Ada", last_name="Lovelace", person_birth_date=date(2015, 6, 1), by=None
    )


def named(user: User, first: str, last: str) -> User:
    user.first_name, user.last_name = first, last
    user.save()
    return user


@pytest.fixture
def qa(make_user) -> User:  # type: ignore[no-untyped-def]
    return named(make_user("qa-officer", roles.QA_OFFICER), "Quinn", "Assurer")


@pytest.fixture
def other_qa(make_user) -> User:  # type: ignore[no-untyped-def]
    return named(make_user("other-qa", roles.QA_OFFICER), "Olu", "Checker")


@pytest.fixture
def iro(make_user) -> User:  # type: ignore[no-untyped-def]
    return make_user("iro-chair", roles.IRO_CP_CHAIR)


def break_glass(user: User, child: Child, reason: str = "Synthetic: urgent cover.") -> AccessLogEntry:
    log_view(
        user=user, action="break_glass", record_type="child", record_id=child.pk, reason=reason, flagged=True
    )
    return AccessLogEntry.objects.filter(flagged=True).order_by("-pk").first()  # type: ignore[return-value]


def url(entry: AccessLogEntry) -> str:
    return f"/access/break-glass/{entry.pk}/review/"


def test_the_filter_counts_and_lists_reviewed_and_not(client, qa, iro, child) -> None:  # type: ignore[no-untyped-def]
    first = break_glass(iro, child, "Synthetic: first")
    break_glass(iro, child, "Synthetic: second")
    break_glass(iro, child, "Synthetic: third")
    log_view(user=iro, action="child.view", record_type="child", record_id=child.pk)  # not flagged
    review_break_glass(entry=first, outcome=JUSTIFIED, note="Cover agreed by the manager", by=qa)
    client.force_login(qa)

    default = client.get("/access/break-glass/").content.decode()
    assert "2 flagged accesses not yet reviewed" in default
    for label in ["Not yet reviewed (2)", "Reviewed (1)", "All (3)"]:
        assert label in default, label
    assert "Synthetic: second" in default
    assert "Synthetic: third" in default
    assert "Synthetic: first" not in default
    assert default.count(">Review<span") == 2

    reviewed = client.get("/access/break-glass/", {"status": "reviewed"}).content.decode()
    assert "1 flagged access reviewed" in reviewed
    assert "Synthetic: first" in reviewed
    assert "Synthetic: second" not in reviewed
    assert ">Justified</strong>" in reviewed
    assert "by Quinn Assurer" in reviewed
    assert "Cover agreed by the manager" in reviewed

    assert "3 flagged accesses<" in client.get("/access/break-glass/", {"status": "all"}).content.decode()
    bogus = client.get("/access/break-glass/", {"status": "nonsense"}).content.decode()
    assert "2 flagged accesses not yet reviewed" in bogus  # a bad value falls back to the default

    home = client.get("/access/").content.decode()
    assert "2 not yet reviewed (3 flagged in all)" in home


def test_a_review_is_saved_logged_and_leaves_the_list(client, qa, iro, child) -> None:  # type: ignore[no-untyped-def]
    entry = break_glass(iro, child)
    client.force_login(qa)
    page = client.get(url(entry)).content.decode()
    assert "Synthetic: urgent cover." in page
    assert f"child {child.pk} ({child.la_child_id})" in page
    assert "Lovelace" not in page  # children by reference only

    saved = client.post(url(entry), {"outcome": "more_information", "note": "  Asked iro-chair why.  "})
    assert saved["Location"] == "/access/break-glass/"
    review = BreakGlassReview.objects.get()
    assert (review.entry, review.reviewed_by, review.outcome, review.note) == (
        entry,
        qa,
        "more_information",
        "Asked iro-chair why.",
    )
    listing = client.get("/access/break-glass/").content.decode()
    assert "Review recorded for the access by iro-chair: More information asked." in listing
    assert "0 flagged accesses not yet reviewed" in listing

    logged = list(
        AccessLogEntry.objects.filter(user=qa)
        .order_by("pk")
        .values_list("action", "record_type", "record_id")
    )
    assert logged == [
        ("access.review.entry", "access_log_entry", str(entry.pk)),
        ("access.review.record", "access_log_entry", str(entry.pk)),
        ("access.review", "access", "break-glass"),
    ]


def test_the_form_names_the_field_and_keeps_what_was_typed(client, qa, iro, child) -> None:  # type: ignore[no-untyped-def]
    entry = break_glass(iro, child)
    client.force_login(qa)
    empty = client.post(url(entry), {}).content.decode()
    assert "<title>Error:" in empty
    assert '<a href="#id_outcome_0">Select whether the access was justified</a>' in empty

    no_note = client.post(url(entry), {"outcome": "not_justified", "note": "   "}).content.decode()
    assert f'<a href="#id_note">{NOTE_NEEDED}</a>' in no_note
    assert 'value="not_justified" checked' in no_note

    too_long = client.post(url(entry), {"outcome": "justified", "note": "x" * 2_001}).content.decode()
    assert "Note must be 2000 characters or fewer" in too_long
    assert "x" * 2_001 in too_long
    assert 'value="justified" checked' in too_long
    assert not BreakGlassReview.objects.exists()


def test_a_second_review_is_refused_and_says_who_got_there_first(client, qa, other_qa, iro, child) -> None:  # type: ignore[no-untyped-def]
    entry = break_glass(iro, child)
    client.force_login(qa)
    assert client.get(url(entry)).status_code == 200  # Quinn opens the form ...
    first = review_break_glass(entry=entry, outcome=JUSTIFIED, note="", by=other_qa)  # ... Olu saves first
    when = timezone.localtime(first.reviewed_at)
    told = f"This access was already reviewed by Olu Checker on {day_words(when)} {when:%H:%M}"

    clash = client.post(url(entry), {"outcome": "not_justified", "note": "Synthetic: no reason to look"})
    body = clash.content.decode()
    assert clash.status_code == 200
    assert f'<a href="#recorded-review">{told}</a>' in body
    assert "Synthetic: no reason to look" in body  # what Quinn typed is still on the page
    assert BreakGlassReview.objects.get().reviewed_by == other_qa

    with pytest.raises(AccessChangeRefused, match=told):
        review_break_glass(entry=entry, outcome=NOT_JUSTIFIED, note="Again", by=qa)
    assert told in client.get(url(entry)).content.decode()


def test_social_workers_are_refused_and_nobody_reviews_their_own_access(client, make_user, qa, child) -> None:  # type: ignore[no-untyped-def]
    worker = make_user("social-worker", roles.SOCIAL_WORKER)
    entry = break_glass(worker, child)
    client.force_login(worker)
    assert client.get("/access/break-glass/").status_code == 403
    assert client.get(url(entry)).status_code == 403
    assert client.post(url(entry), {"outcome": "justified"}).status_code == 403
    with pytest.raises(PermissionDenied):
        review_break_glass(entry=entry, outcome=JUSTIFIED, note="", by=worker)

    own = break_glass(qa, child)
    with pytest.raises(
        AccessChangeRefused, match="You cannot review your own access: ask another QA officer"
    ):
        review_break_glass(entry=own, outcome=JUSTIFIED, note="", by=qa)
    client.force_login(qa)
    assert (
        "Your own access: another QA officer reviews it"
        in client.get("/access/break-glass/").content.decode()
    )
    refused = client.post(url(own), {"outcome": "justified"}).content.decode()
    assert '<a href="#main-content">You cannot review your own access: ask another QA officer</a>' in refused
    unflagged = AccessLogEntry.objects.filter(flagged=False).first()
    assert unflagged is not None
    assert client.get(url(unflagged)).status_code == 404
    assert not BreakGlassReview.objects.exists()


def test_a_review_is_append_only(qa, iro, child) -> None:  # type: ignore[no-untyped-def]
    review = review_break_glass(entry=break_glass(iro, child), outcome=JUSTIFIED, note="Fine", by=qa)
    review.note = "Rewritten"
    with pytest.raises(AccessLogImmutableError):
        review.save()
    with pytest.raises(AccessLogImmutableError):
        BreakGlassReview.objects.update(note="Rewritten")
    with pytest.raises(AccessLogImmutableError):
        review.delete()
    for sql in ["UPDATE core_breakglassreview SET note = 'x'", "DELETE FROM core_breakglassreview"]:
        with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql)
    with pytest.raises(IntegrityError), transaction.atomic():
        BreakGlassReview.objects.create(entry=break_glass(iro, child), reviewed_by=qa, outcome=NOT_JUSTIFIED)
    assert list(BreakGlassReview.objects.values_list("note", flat=True)) == ["Fine"]


@pytest.mark.django_db(transaction=True)
def test_two_officers_saving_at_once_one_wins_the_other_is_told(qa, other_qa, iro, child) -> None:  # type: ignore[no-untyped-def]
    entry = break_glass(iro, child)
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def review_as(reviewer: User) -> None:
        try:
            start.wait()
            review_break_glass(entry=entry, outcome=JUSTIFIED, note="", by=reviewer)
            outcomes[reviewer.username] = "saved"
        except AccessChangeRefused as refused:
            outcomes[reviewer.username] = str(refused)
        finally:
            connection.close()

    threads = [threading.Thread(target=review_as, args=(who,)) for who in (qa, other_qa)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    winner = BreakGlassReview.objects.select_related("reviewed_by").get(entry=entry).reviewed_by
    loser = other_qa if winner == qa else qa
    assert outcomes[winner.username] == "saved"
    assert outcomes[loser.username].startswith(
        f"This access was already reviewed by {winner.get_full_name()} on "
    )
