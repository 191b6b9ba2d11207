"""Saved drafts: what a practitioner has typed into a form, kept until they submit it (issue 18 point 1).

Every POST of a drafted form is kept before it is checked, so nothing typed
is lost to a refusal, a crash in the write or a closed laptop; a "Save as
draft" button keeps it without checking at all, so a note can be written over
several sittings. Submitting the form successfully discards the draft. A
draft is the author's own: nobody else sees it, and it is not part of the
child's record until submitted.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.forms.utils import ErrorDict
from django.http import QueryDict

from continuum.practice.models import Draft

#: Posted names never kept: the CSRF token, the record's version (a draft must not replay a stale one)
#: and which button was pressed.
NOT_KEPT = frozenset({"csrfmiddlewaretoken", "version", "seen_state", "save_draft"})
SAVE_BUTTON = "save_draft"


def key(form: str, record_type: str, record_id: object) -> str:
    """The draft's name: the form and what it is on, e.g. ``case-note/child/12`` (numbers only)."""
    return f"{form}/{record_type}/{record_id}"


def keep(user: User, form_key: str, posted: QueryDict) -> Draft:
    """Keep what was posted, as posted (lists for multiple choices), replacing the last draft."""
    data = {name: posted.getlist(name) for name in posted if name not in NOT_KEPT}
    draft, _ = Draft.objects.update_or_create(user=user, form_key=form_key, defaults={"data": data})
    return draft


def find(user: User, form_key: str) -> Draft | None:
    if not user.is_authenticated:
        return None
    return Draft.objects.filter(user=user, form_key=form_key).first()


def discard(user: User, form_key: str) -> None:
    Draft.objects.filter(user=user, form_key=form_key).delete()


def as_posted(draft: Draft) -> QueryDict:
    """The draft as the form's data again."""
    data = QueryDict(mutable=True)
    for name, values in draft.data.items():
        data.setlist(name, [str(v) for v in values])
    return data


def restored(form_class: type[Any], draft: Draft, **kwargs: Any) -> Any:
    """The form showing the draft's answers, not yet checked: no errors until the user submits it."""
    form = form_class(as_posted(draft), **kwargs)
    form._errors = ErrorDict()  # shown as typed; checked only when submitted
    form.cleaned_data = {}
    return form
