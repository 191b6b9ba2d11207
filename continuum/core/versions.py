"""One place for "someone else saved this since you opened the page" (optimistic concurrency).

Why: two people may open the same record (a complaint, a plan's line, a child's record) and the
second to save must not silently write over the first. Every versioned record does the same three
things: lock the row in the writing transaction, compare its ``version`` with the one the form was
opened on, and move the version on as it saves. Each area used to write them its own way; here they
are written once, so the lock is always taken, the comparison always reads the locked row (not the
copy the view fetched before the lock) and no save forgets to move the version on.

A write with no opened version (``expected_version=None``: the demo loader, a script) compares
nothing: there is no page whose reading could be stale.

An area keeps its own refusal (its sentence, its exception class the views catch) by passing
``refusal``; areas whose refusals are :class:`~continuum.core.refusals.Refused` subclass
:class:`ChangedSinceOpened` too, so a caller may catch the shared one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.db import models

from continuum.core.dates import moment_words
from continuum.core.refusals import Refused

__all__ = ["ChangedSinceOpened", "changed_since", "compare", "locked_at", "save_moved_on"]

M = TypeVar("M", bound=models.Model)

#: The field a record's last save is dated by, where the model keeps one (``auto_now``).
SAVED_AT = "updated_at"
#: The field naming who last saved a record, where the model keeps one.
SAVED_BY = "updated_by"


class ChangedSinceOpened(Refused):
    """Someone else saved the record after this form was opened; nothing was written.

    The page keeps what was typed, so saving again is a deliberate choice made with the other
    person's change in view.
    """

    def __init__(self, message: str = "", field: str = "") -> None:
        super().__init__(message or "This record was changed by someone else since you opened it", field)

    @classmethod
    def naming(cls, record: models.Model) -> ChangedSinceOpened:
        """The refusal naming who last saved ``record`` and when, where the model keeps them."""
        by = getattr(record, SAVED_BY, None)
        who = (by.get_full_name() or "someone else") if by is not None else "someone else"
        at = moment_words(getattr(record, SAVED_AT, None))
        when = f" (saved {at})" if at else ""
        return cls(f"This record was changed by {who}{when} since you opened it")


def changed_since(record: models.Model, expected_version: int | None) -> bool:
    """Whether ``record`` moved past the version the form was opened on (never, for None)."""
    return expected_version is not None and record.version != expected_version  # type: ignore[attr-defined]


def compare(record: M, expected_version: int | None, refusal: Callable[[], Exception] | None = None) -> M:
    """``record`` if it still stands at ``expected_version``; else ``refusal()`` is raised (by default
    :class:`ChangedSinceOpened`, naming who saved it and when). For a row the caller locked itself."""
    if changed_since(record, expected_version):
        raise refusal() if refusal is not None else ChangedSinceOpened.naming(record)
    return record


def locked_at(
    record: M,
    expected_version: int | None,
    *,
    refusal: Callable[[], Exception] | None = None,
    related: Iterable[str] = (),
) -> M:
    """``record``'s row read again and locked for the caller's transaction, refused (see
    :func:`compare`) if it moved past ``expected_version``.

    The comparison reads the locked row, so a save committed between the page's read and this lock
    is seen. ``related`` rows are fetched with it but not locked: each area locks its rows in its
    own order, so two writers never wait on each other crosswise.
    """
    rows: Any = type(record)._default_manager
    if related:
        rows = rows.select_for_update(of=("self",)).select_related(*related)
    else:
        rows = rows.select_for_update()
    return compare(rows.get(pk=record.pk), expected_version, refusal)


def save_moved_on(record: models.Model, fields: Iterable[str]) -> None:
    """Save the changed ``fields`` and move the version on by one, so every page opened before this
    save is now stale. A record dated by its last save (``updated_at``) has that moved too."""
    names = [*fields, "version"]
    if any(field.name == SAVED_AT for field in record._meta.concrete_fields) and SAVED_AT not in names:
        names.append(SAVED_AT)
    record.version += 1  # type: ignore[attr-defined]
    record.save(update_fields=names)
