"""Every job the worker runs, and the schedule of the periodic ones, in one place.

Why one module: the worker imports this module
(``PROCRASTINATE_IMPORT_PATHS``), so importing each area's jobs here is what
registers them; and the periodic jobs (what runs when, with no one asking)
are easier to review as one list than spread over the areas:

========================  ========================  ==========================================
Job                       When (cron, server time)  What
========================  ========================  ==========================================
``jobs.recover_stalled``  every minute              retry or fail jobs whose worker died
``metrics.refresh``       every minute              copy the analytical tables written since the
                                                    last refresh to var/analytics (the snapshot)
``returns.purge``         02:30 every night         delete uploads past retention
``reports.monthly_draft`` 06:00 on weekdays         on the month's first working day, draft
                                                    last month's Performance Matters
========================  ========================  ==========================================

A periodic job is queued once per tick whichever worker sees it first
(procrastinate records each tick), so several workers do not run it twice.
"""

from __future__ import annotations

import logging

from procrastinate import JobContext
from procrastinate.contrib.django import app

from continuum.jobs import recovery
from continuum.publishing import jobs as report_jobs
from continuum.web.returns import jobs as return_jobs

__all__ = [
    "monthly_draft",
    "nightly_purge",
    "recover_stalled",
    "refresh_analytics",
    "report_jobs",
    "return_jobs",
]

logger = logging.getLogger(__name__)


@app.periodic(cron="* * * * *", periodic_id="recover-stalled")
@app.task(name="jobs.recover_stalled", queueing_lock="jobs.recover_stalled", pass_context=True)
async def recover_stalled(context: JobContext, timestamp: int) -> None:
    # Through the worker's own connection pool, not Django's connection.
    await recovery.recover_stalled(manager=context.app.job_manager)


@app.periodic(cron="* * * * *", periodic_id="analytics-refresh")
@app.task(name="metrics.refresh", queueing_lock="metrics.refresh")
def refresh_analytics(timestamp: int) -> None:
    """Keep the snapshot files current, so a record saved is in the figures within a minute.

    Only tables whose relations were written since are copied (continuum/metrics/snapshot.py);
    the web's processes then map the new files rather than copying out of PostgreSQL themselves.
    """
    from django.db import connection

    from continuum.metrics import snapshot

    try:
        snapshot.refresh()
    finally:
        connection.close()


@app.periodic(cron="30 2 * * *", periodic_id="nightly-purge")
@app.task(name="returns.purge", queueing_lock="returns.purge")
def nightly_purge(timestamp: int) -> None:
    from django.db import close_old_connections

    from continuum.returns.services import purge_expired

    try:
        purge_expired()
    finally:
        close_old_connections()


@app.periodic(cron="0 6 * * 1-5", periodic_id="monthly-report-draft")
@app.task(name="reports.monthly_draft", queueing_lock="reports.monthly_draft")
def monthly_draft(timestamp: int) -> None:
    """On the first working day of a month, queue last month's Performance Matters as a draft."""
    from django.db import connection

    from continuum.core.clock import today

    try:
        report_jobs.draft_last_month(today())
    finally:
        connection.close()
