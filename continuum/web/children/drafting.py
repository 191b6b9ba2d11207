"""Saved drafts for the child's casework forms (case notes, visits): the form, kept on every POST.

What was typed is kept before it is checked (continuum/practice/drafts.py),
so a refusal or a failure in the write loses nothing; "Save as draft" keeps
it without checking, for a note written over several sittings. A GET shows
the draft again; a successful save (a redirect) discards it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from continuum.core import clock
from continuum.practice import drafts
from continuum.practice.models import Draft


def drafted(
    request: HttpRequest, key: str, form_class: type[Any], **kwargs: Any
) -> tuple[Any, Draft | None, HttpResponse | None]:
    """The form to show or check, the draft it shows (if any), and a response when a draft was saved."""
    user = request.user
    if request.method == "POST":
        drafts.keep(user, key, request.POST)  # type: ignore[arg-type]
        if drafts.SAVE_BUTTON in request.POST:
            messages.success(request, f"Draft saved at {clock.now():%H:%M}. Only you can see it.")
            return None, None, redirect(request.path)
        return form_class(request.POST, **kwargs), None, None
    draft = drafts.find(user, key)  # type: ignore[arg-type]
    if draft is not None:
        return drafts.restored(form_class, draft, **kwargs), draft, None
    return form_class(None, **kwargs), None, None


def discarding(request: HttpRequest, key: str, respond: Callable[[], HttpResponse]) -> HttpResponse:
    """Run the form's save; a redirect means it was saved, so the draft goes."""
    response = respond()
    if request.method == "POST" and response.status_code == 302:
        drafts.discard(request.user, key)  # type: ignore[arg-type]
    return response
