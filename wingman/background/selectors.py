"""Reading background work: a person sees the jobs they started, and nobody else's."""

from typing import Any

from django.http import Http404

from .models import Job


def job_for(user: Any, pk: int) -> Job:
    """The job `pk` if `user` started it; 404 otherwise (a scheduled job has no page)."""
    try:
        return Job.objects.get(pk=pk, started_by=user)
    except Job.DoesNotExist:
        raise Http404 from None


def jobs_of(user: Any, *, kind: str | None = None, limit: int = 20) -> list[Job]:
    jobs = Job.objects.filter(started_by=user)
    if kind is not None:
        jobs = jobs.filter(kind=kind)
    return list(jobs[:limit])
