"""Jobs cut off by a worker that died: retried once, then marked failed with the reason.

Why: a worker can be killed mid-job (a deploy, the machine restarting, the
out-of-memory killer). procrastinate leaves such a job "doing" and notes that
its worker stopped sending heartbeats. :func:`recover_stalled` (run every
minute by the worker, :mod:`continuum.jobs.tasks`) puts it back on the queue
so it runs again from the start (each job writes into a temporary folder and
renames it into place, so a second run finds nothing half-written to trip on),
or, once it has been retried, gives up: it calls the handler its area
registered with :func:`on_cut_off`, which marks the job's row failed with a
sentence for the user and removes anything left half-written.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from asgiref.sync import sync_to_async
from django.db import connection
from procrastinate import jobs as procrastinate_jobs
from procrastinate.contrib.django import app
from procrastinate.manager import JobManager

__all__ = ["RETRIES", "STALLED_AFTER_SECONDS", "on_cut_off", "recover_stalled"]

logger = logging.getLogger(__name__)

#: How many times a cut-off job is run again before it is marked failed.
RETRIES = 1
#: A worker silent for this long is taken for dead (it beats every 10 seconds).
STALLED_AFTER_SECONDS = 30.0

_CUT_OFF: dict[str, Callable[..., None]] = {}


def on_cut_off(task_name: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Register what marks a task's work failed once it is given up (called with the job's arguments)."""

    def register(handler: Callable[..., None]) -> Callable[..., None]:
        _CUT_OFF[task_name] = handler
        return handler

    return register


def _give_up(task_name: str, arguments: dict[str, Any]) -> None:
    handler = _CUT_OFF.get(task_name)
    try:
        if handler is not None:
            handler(**arguments)
    finally:
        connection.close()  # this thread's own connection: the thread is the executor's, not ours


def _arguments(job: procrastinate_jobs.Job) -> dict[str, Any]:
    """The job's arguments (read through Django's connection, jsonb arrives as text)."""
    kwargs: Any = job.task_kwargs
    return json.loads(kwargs) if isinstance(kwargs, str) else dict(kwargs)


async def recover_stalled(
    *,
    seconds_since_heartbeat: float = STALLED_AFTER_SECONDS,
    retries: int = RETRIES,
    manager: JobManager | None = None,
) -> tuple[int, int]:
    """Retry or give up every job whose worker stopped beating; return (retried, given up).

    ``manager`` is the worker's own (its connection pool); by default the app's (Django's connection).
    """
    manager = manager or app.job_manager
    retried = given_up = 0
    for job in await manager.get_stalled_jobs(seconds_since_heartbeat=seconds_since_heartbeat):
        if job.attempts < retries:
            await manager.retry_job(job)
            retried += 1
            continue
        await sync_to_async(_give_up, thread_sensitive=False)(job.task_name, _arguments(job))
        await manager.finish_job(job, status=procrastinate_jobs.Status.FAILED, delete_job=False)
        given_up += 1
    if retried or given_up:
        logger.warning("Jobs cut off by a stopped worker: %d retried, %d marked failed", retried, given_up)
    return retried, given_up
