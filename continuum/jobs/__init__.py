"""Background work on a PostgreSQL-backed queue (procrastinate), not on threads in web processes.

Why a queue in PostgreSQL: the jobs (validating and importing returns,
generating reports, the nightly purge) outlive a request and must outlive a
restart of the web server too. procrastinate keeps each job as a row in the
database the app already has, so a job asked for in a request is committed
with it, a worker process (``./run manage procrastinate worker``; ``./run
demo`` starts one) runs it, and a job whose worker died is found again
(:mod:`continuum.jobs.recovery`). Periodic jobs are listed in one place,
:mod:`continuum.jobs.tasks`.

What a job is *for* (an upload's progress, a report's version) stays in the
job's own table, written through its area's services, so the pages read
progress and reasons from there and never from the queue.
"""
