"""Starting background work and keeping its progress.

A task is a module-level function decorated with Django's `@task()` that takes `job_id` first
and does its work inside `running(job_id)`:

    @task()
    def evaluate_cohort(job_id: int, run_id: int) -> None:
        with running(job_id) as job:
            job_progress(job, done=1, total=4, step="Fitting the propensity model")
            ...
            some_service(actor=job.started_by, ...)   # audited as the person who asked

and is started with `job_start(actor=..., task=evaluate_cohort, title=..., run_id=run.pk)`,
which enqueues it when the current transaction commits. Heavy computing belongs outside any
transaction; write its result at the end through the app's own audited service.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from django.utils import timezone

from wingman.audit import context as audit_context
from wingman.audit.services import record_change
from wingman.core.errors import ServiceError

from .models import Job, JobStatus

logger = logging.getLogger(__name__)

FAILED_UNEXPECTEDLY = (
    "Something went wrong while this ran, and nothing it was making was kept. "
    "Try again; if it fails again, tell your administrator."
)


def job_start(*, actor: Any, task: Any, title: str, organisation: Any = None, **kwargs: Any) -> Job:
    """Record the job and enqueue `task(job_id, **kwargs)` once this transaction commits.
    `actor` None means the schedule started it (then `organisation` is needed)."""
    with transaction.atomic():
        job = Job.objects.create(
            kind=task.name,
            title=title[:200],
            organisation=organisation if organisation is not None else actor.organisation,
            started_by=actor,
        )
        record_change(
            actor=actor, action="create", obj=job, client_id=None, summary=f"Started: {job.title}"
        )

        def enqueue() -> None:
            result = task.enqueue(job.pk, **kwargs)
            Job.objects.filter(pk=job.pk).update(task_id=str(result.id))

        transaction.on_commit(enqueue)
    return job


def job_progress(job: Job, *, done: int, total: int | None = None, step: str = "") -> None:
    """Say how far the job has got (written at once, outside the work's own transaction where
    there is one, so the page can show it)."""
    job.done, job.step = done, step[:200] or job.step
    if total is not None:
        job.total = total
    Job.objects.filter(pk=job.pk).update(done=job.done, total=job.total, step=job.step)


@contextmanager
def running(job_id: int) -> Iterator[Job]:
    """Run the job's work as the person who asked for it: audit rows made inside say the task
    and the job (channel "task"); a `ServiceError` fails the job with its message, anything else
    with a general one (and is logged)."""
    job = Job.objects.select_related("started_by", "organisation").get(pk=job_id)
    token = audit_context.begin(
        audit_context.RequestContext(channel="task", path=f"{job.kind} job {job.pk}")
    )
    try:
        Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=timezone.now())
        job.status = JobStatus.RUNNING
        try:
            yield job
        except ServiceError as error:
            _finish(job, JobStatus.FAILED, error.message)
            return
        except Exception:
            logger.exception("background job %s failed", job.pk)
            _finish(job, JobStatus.FAILED, FAILED_UNEXPECTEDLY)
            raise
        _finish(job, JobStatus.DONE, "")
    finally:
        audit_context.end(token)


def job_result(job: Job, url: str) -> None:
    """Where the job's result can be read."""
    job.result_url = url[:255]
    Job.objects.filter(pk=job.pk).update(result_url=job.result_url)


def _finish(job: Job, status: str, error: str) -> None:
    job.status, job.error, job.finished_at = status, error, timezone.now()
    Job.objects.filter(pk=job.pk).update(status=status, error=error, finished_at=job.finished_at)
