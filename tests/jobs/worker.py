"""The real procrastinate worker for tests: run the queued jobs now, or keep one running beside a test.

Why not a mock: the jobs' behaviour that matters (committed with the request,
run on another connection, retried after a crash) is the queue's, so tests
run procrastinate's own worker against the test database.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

from django.db import connections
from procrastinate.contrib.django import app

from continuum.jobs.worker import run_worker

__all__ = ["run_queued_jobs", "worker_thread"]


def run_queued_jobs() -> None:
    """Run every job queued so far, on a thread of its own, and return when the queue is empty.

    The test must be transactional (``django_db(transaction=True)``) so the
    worker's own connection sees the jobs the test's requests committed. A thread of its own:
    once a browser test has run, Playwright keeps an event loop on the main thread for the
    rest of the session, and the worker's ``asyncio.run`` refuses to start beside it.
    """

    def drain() -> None:
        try:
            run_worker(wait=False, listen_notify=False, concurrency=1)
        finally:
            connections.close_all()  # this thread's own connections, so teardown can drop the database

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(drain).result()


@contextlib.contextmanager
def worker_thread() -> Iterator[None]:
    """A worker running in a thread for the duration (for browser tests, where the server queues jobs).

    The worker has its own app with its own connection pool (``with_connector``)
    so the web side keeps queuing through Django's connection, as in production.
    """
    worker_app = app.with_connector(app.connector.get_worker_connector())  # type: ignore[attr-defined]
    started = threading.Event()
    state: dict[str, object] = {}

    async def main() -> None:
        state["loop"] = asyncio.get_running_loop()
        async with worker_app.open_async():
            task = asyncio.create_task(
                worker_app.run_worker_async(install_signal_handlers=False, concurrency=2, wait=True)
            )
            state["task"] = task
            started.set()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    thread = threading.Thread(target=asyncio.run, args=(main(),), name="procrastinate-worker", daemon=True)
    thread.start()
    started.wait(30)
    try:
        yield
    finally:
        loop = state["loop"]
        loop.call_soon_threadsafe(state["task"].cancel)  # type: ignore[attr-defined]
        thread.join(30)
