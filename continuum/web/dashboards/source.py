"""Where the dashboards' analytical tables come from, and how long they are kept.

The hook: the setting ``CONTINUUM_DASHBOARD_TABLES`` names a *provider*, a
callable (or its dotted path) taking no arguments and returning a
:class:`Source`. Unset, the provider reads the live case record through
:func:`continuum.metrics.snapshot.refresh` (imported lazily: it needs the
database). Tests set the setting to a function returning
hand-built tables, so the whole path from tables to page runs for real,
engine included.

The cache: a provider's result is kept in this process for
``CONTINUUM_DASHBOARD_CACHE_SECONDS`` (default 300; 0 switches the cache off),
keyed by the provider and a *state key*. For the live database the tables come
from :mod:`continuum.metrics.snapshot`, which keeps them between requests and
processes and copies out of PostgreSQL only the tables whose relations were
written since (PostgreSQL's write statistics, per relation); the state key is
its fingerprint of the whole set, so a new contact or plan shows on the next
page rather than after the TTL (the middleware :func:`publish_write_statistics`
has PostgreSQL publish the counts as each write's request ends), while writes
to relations no indicator reads (the access log, sessions, actions) leave the
tables and the drawings built from them alone. Within one request the tables
are read once and one engine is built, whatever the number of indicators.

Imported returns: a session may instead show a dataset imported from
uploaded returns (``continuum.web.returns.datasets.dataset_source``); the
views ask for that first and fall back to :func:`get_source`.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pyarrow as pa
from django.conf import settings
from django.utils.module_loading import import_string

from continuum.failures import Failure
from continuum.metrics.provisional import council_settings

__all__ = ["Source", "SourceError", "clear_cache", "database_source", "get_source", "has_fingerprint"]

DEFAULT_TTL_SECONDS = 300


class SourceError(Failure, RuntimeError):
    """The tables could not be read; the message is safe to show to staff."""


@dataclass(frozen=True)
class Source:
    """The analytical tables, how far the data runs, and where it came from."""

    tables: Mapping[str, pa.Table]
    #: The last day the data covers (None: unknown, take the data as complete).
    data_up_to: date | None = None
    description: str = ""
    #: Passed to :class:`continuum.metrics.engine.Engine` as its settings.
    settings: Mapping[str, Any] = field(default_factory=dict)
    #: A cheap value that changes when the data changes (None: rely on the TTL alone).
    state: object = None


Provider = Callable[[], Source]

_lock = threading.Lock()
_cache: dict[object, tuple[float, object, Source]] = {}


def clear_cache() -> None:
    """Forget every cached source (tests call this between cases)."""
    with _lock:
        _cache.clear()


def _provider() -> Provider:
    configured = getattr(settings, "CONTINUUM_DASHBOARD_TABLES", None)
    if configured is None:
        return database_source
    if isinstance(configured, str):
        return import_string(configured)
    return configured


def _ttl() -> float:
    return float(getattr(settings, "CONTINUUM_DASHBOARD_CACHE_SECONDS", DEFAULT_TTL_SECONDS))


def _state_of(provider: Provider) -> object:
    state_fn = getattr(provider, "state", None)
    return state_fn() if callable(state_fn) else None


def get_source() -> Source:
    """The tables for this request: from the cache when fresh and unchanged, else from the provider."""
    provider = _provider()
    ttl = _ttl()
    if ttl <= 0:
        return provider()
    key = provider
    state = _state_of(provider)
    now = time.monotonic()
    with _lock:
        hit = _cache.get(key)
        if hit is not None and now - hit[0] < ttl and hit[1] == state and state is not _NO_STATE:
            return hit[2]
    source = provider()
    with _lock:
        _cache[key] = (now, state, source)
    return source


_NO_STATE = object()


def has_fingerprint(source: Source) -> bool:
    """Whether the source's state really changes with the data, so what is built from it may be kept."""
    return source.state is not None and source.state is not _NO_STATE


def _database_state() -> object:
    """The snapshot's fingerprint of every analytical table (:func:`continuum.metrics.snapshot.state`).

    A failure, or a transaction with its own writes (which the statistics cannot see), gives a
    fresh object, which never matches, so the tables are read again rather than served stale.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        return _NO_STATE
    try:
        from continuum.metrics import snapshot

        fingerprint = snapshot.state()
    except Exception:
        return _NO_STATE
    return _NO_STATE if fingerprint is None else fingerprint


def database_source() -> Source:
    """The live case record, through the snapshot (only changed tables are copied out of PostgreSQL)."""
    try:
        from continuum.metrics import snapshot  # type: ignore[import-not-found,unused-ignore]
    except ImportError as exc:
        raise SourceError("This installation cannot read the case record for dashboards yet.") from exc
    from continuum.reports.sources import latest_event_date

    current = snapshot.refresh()
    tables = dict(current.tables)
    return Source(
        tables=tables,
        data_up_to=latest_event_date(tables),
        description="the live case record",
        settings=council_settings(),
        state=_NO_STATE if current.state is None else current.state,
    )


database_source.state = _database_state  # type: ignore[attr-defined]


logger = logging.getLogger(__name__)
_UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def publish_write_statistics(get_response: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Middleware: after a request that may have written, have PostgreSQL publish its row counts now.

    Why: :func:`_database_state` reads PostgreSQL's statistics, which a
    connection publishes at most once a second and, when it then sits idle
    (persistent connections, HTTP keep-alive), only after ten seconds. So a
    MASH decision saved and the dashboard opened straight after showed the old
    referral figure (tests/web/test_live_loop_browser.py found it).
    ``pg_stat_force_next_flush()`` makes the end of this one statement publish
    everything pending on the connection, before the response leaves, so the
    next page anyone opens sees the write. Requests that only read are left alone.
    """

    def middleware(request: Any) -> Any:
        response = get_response(request)
        if request.method in _UNSAFE_METHODS:
            from django.db import DatabaseError, connection

            if connection.vendor == "postgresql" and connection.connection is not None:
                try:
                    with connection.cursor() as cursor:
                        cursor.execute("SELECT pg_stat_force_next_flush()")
                except DatabaseError:
                    # The figures then show the write a few seconds later; the response stands.
                    logger.warning("Statistics for the dashboards could not be published after a write")
        return response

    return middleware
