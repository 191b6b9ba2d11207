"""Case notes on a child's record: the list with search, one note with its versions, write, correct.

Notes are part of the child's record: reading them is ``child.view`` and is
logged like every child page; writing and correcting is ``child.note``
(practitioners who may open the child). A note is never deleted; a
correction is a new version with a reason (continuum/practice/services.py).
The search is sent by POST so the words searched for never reach a URL or a
server log.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db.models import OuterRef, Q, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format

from continuum.core.policy import may
from continuum.journey.errors import ConcurrentChangeError, JourneyRuleError
from continuum.journey.models import Assessment
from continuum.people.models import Child
from continuum.practice import drafts
from continuum.practice import services as notes
from continuum.practice.models import CaseNote, CaseNoteVersion, NarrativeOf, NoteAbout, SupervisionChild
from continuum.web.access import requires
from continuum.web.children.access import access_for, open_child
from continuum.web.children.drafting import discarding, drafted
from continuum.web.children.notes_forms import CaseNoteForm, CorrectionForm, NoteSearchForm
from continuum.web.children.pages import (
    CONCURRENT_MESSAGE,
    Page,
    banner,
    child_page,
    form_page,
    posted,
    recording,
)

SHOWN = 200


def _current_versions(child: Child) -> Any:
    """Each of the child's notes as it reads now (its highest version), newest event first."""
    latest = CaseNoteVersion.objects.filter(note=OuterRef("note")).order_by("-number").values("number")[:1]
    return (
        CaseNoteVersion.objects.filter(note__child=child, number=Subquery(latest))
        .select_related("written_by", "note")
        .order_by("-occurred_at", "-note_id")
    )


def _untimed(note_ids: list[int]) -> set[int]:
    """Those of the notes given a date but no time: a casework record's narrative (``NoteAbout``)
    or a supervision's note (``SupervisionChild``). Their records carry a day, not a time, so the
    note is stored at noon (or when written, if earlier that day; ``notes_forms.untimed_at``) and
    its stored time is nobody's answer: pages show the date only and a correction asks no time."""
    return set(NoteAbout.objects.filter(note_id__in=note_ids).values_list("note_id", flat=True)) | set(
        SupervisionChild.objects.filter(note_id__in=note_ids).values_list("note_id", flat=True)
    )


def _headings(versions: list[CaseNoteVersion]) -> list[CaseNoteVersion]:
    """The versions, each given its ``heading``: what the note is and when, in words, and
    ``untimed``: whether it was given a date only (:func:`_untimed`).

    An untimed note's heading gives the date only rather than an invented "12:00". An
    assessment's analysis is typed "Other", which says nothing of where it came from, so it is
    headed as that assessment's analysis with the day the assessment was authorised.
    """
    ids = [v.note_id for v in versions]
    about = {
        note_id: (kind, record_id)
        for note_id, kind, record_id in NoteAbout.objects.filter(note_id__in=ids).values_list(
            "note_id", "record_type", "record_id"
        )
    }
    dated_only = _untimed(ids)
    assessed = [record_id for kind, record_id in about.values() if kind == NarrativeOf.ASSESSMENT]
    authorised = dict(
        Assessment.objects.filter(pk__in=assessed).values_list("pk", "assessment_authorisation_date")
    )
    for version in versions:
        when = timezone.localtime(version.occurred_at)
        kind, record_id = about.get(version.note_id, ("", None))
        on = authorised.get(record_id) if kind == NarrativeOf.ASSESSMENT else None
        if on is not None:
            heading = f"Assessment analysis (authorised {date_format(on, 'j F Y')})"
        elif version.note_id in dated_only:
            heading = f"{version.get_note_type_display()}, {date_format(when, 'j F Y')}"
        else:
            heading = f"{version.get_note_type_display()}, {date_format(when, 'j F Y H:i')}"
        version.heading = heading  # type: ignore[attr-defined]
        version.untimed = version.note_id in dated_only  # type: ignore[attr-defined]
    return versions


@child_page
@requires("child.view")
def notes_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The child's case notes, newest first, searchable by words in what they say now."""
    child = open_child(request, pk, "child.notes.view")
    form = NoteSearchForm(posted(request))
    versions = _current_versions(child)
    searched = request.method == "POST" and form.is_valid()
    if searched:
        words = form.cleaned_data["words"].strip()
        versions = versions.filter(
            Q(what_happened__icontains=words) | Q(childs_voice__icontains=words) | Q(present__icontains=words)
        )
    context = banner(request, child)
    context.update(
        {
            "versions": _headings(list(versions[:SHOWN])),
            "form": form,
            "searched": searched,
            "can_write": may(request.user, "child.note", access_for(request, child.pk)),
        }
    )
    return render(request, "children/notes.html", context)


@child_page
@requires("child.view")
def note_page(request: HttpRequest, pk: int, note_pk: int) -> HttpResponse:
    """One note as it reads now, and every version before it with who corrected it and why."""
    child = open_child(request, pk, "child.note.view")
    note = get_object_or_404(CaseNote, pk=note_pk, child=child)
    # Every version headed, so an earlier version of an untimed note shows its date only too.
    versions = _headings(list(note.versions.select_related("written_by").order_by("-number")))
    context = banner(request, child)
    context.update(
        {
            "note": note,
            "current": versions[0],
            "earlier": versions[1:],
            "can_write": may(request.user, "child.note", access_for(request, child.pk)),
        }
    )
    return render(request, "children/note.html", context)


def _save(
    request: HttpRequest,
    child: Child,
    form: Any,
    page: Page,
    write: Any,
    done: str,
    *,
    current: Callable[[], CaseNoteVersion] | None = None,
) -> HttpResponse:
    """Save a note or correction, back to the note; on a refusal the form again with all typed kept.

    A clash with someone else's correction (``current`` reads the note as it now reads) says
    what they changed and moves the form on to their version, so saving again is deliberate.
    """
    if request.method != "POST" or not form.is_valid():
        return form_page(request, child, form, **page)
    try:
        note = write(form)
    except ConcurrentChangeError:
        changes = form.catch_up(current()) if current is not None else []
        errors = [(form.non_field_anchor, CONCURRENT_MESSAGE)]
        return form_page(request, child, form, errors=errors, changes=changes, **page)
    except JourneyRuleError as error:
        return form_page(request, child, form, errors=[(form.non_field_anchor, error.message)], **page)
    messages.success(request, done)
    return redirect("child-note", pk=child.pk, note_pk=note.pk)


def _oversees(request: HttpRequest, child: Child) -> bool:
    """Whether the writer manages this child's work, and so may write a management oversight note.

    The policy's one answer to "a manager of this child's work": those who authorise work on the
    child (team managers and heads of service who may see it), asked rather than a list of roles here.
    """
    return may(request.user, "signoff.authorise", access_for(request, child.pk))


@recording("child.note.new", policy="child.note")
def note_new(request: HttpRequest, child: Child) -> HttpResponse:
    key = drafts.key("case-note", "child", child.pk)
    form, draft, kept = drafted(request, key, CaseNoteForm, oversees=_oversees(request, child))
    if kept is not None:
        return kept
    page: Page = {
        "title": "Write a case note",
        "template": "children/note_form.html",
        "extra": {"draft": draft},
    }

    def write(form: CaseNoteForm) -> CaseNote:
        return notes.write_note(child=child, by=request.user, **form.note_data())  # type: ignore[arg-type]

    return discarding(request, key, lambda: _save(request, child, form, page, write, "Case note saved."))


@recording("child.note.correct", policy="child.note")
def note_correct(request: HttpRequest, child: Child, note_pk: int) -> HttpResponse:
    note = get_object_or_404(CaseNote, pk=note_pk, child=child)
    page: Page = {
        "title": "Correct a case note",
        "template": "children/note_form.html",
        "extra": {"correcting": note},
    }
    oversees = _oversees(request, child)
    untimed = note.pk in _untimed([note.pk])
    form = (
        CorrectionForm(request.POST, oversees=oversees, kept_type=note.current.note_type, untimed=untimed)
        if request.method == "POST"
        else CorrectionForm.from_version(note.current, oversees=oversees, untimed=untimed)
    )

    def write(form: CorrectionForm) -> CaseNote:
        notes.correct_note(
            note,
            by=request.user,  # type: ignore[arg-type]
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
            **form.note_data(),
        )
        return note

    done = "Correction saved. The earlier version is kept."
    return _save(request, child, form, page, write, done, current=lambda: note.current)
