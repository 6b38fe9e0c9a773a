"""Tasks the background tests run through the real worker (module-level, as Django's tasks
must be)."""

from django.tasks import task

from wingman.accounts.models import Team
from wingman.audit.services import record_change
from wingman.background.services import job_progress, job_result, running
from wingman.core.errors import ServiceError


@task()
def rename_team(job_id: int, team_id: int, name: str) -> None:
    with running(job_id) as job:
        job_progress(job, done=1, total=2, step="Renaming")
        team = Team.objects.get(pk=team_id)
        team.name = name
        team.save()
        record_change(actor=job.started_by, action="update", obj=team, client_id=None)
        job_progress(job, done=2, step="Renamed")
        job_result(job, "/")


@task()
def refuse(job_id: int) -> None:
    with running(job_id):
        raise ServiceError("There are fewer than 60 people to send")


@task()
def break_down(job_id: int) -> None:
    with running(job_id):
        raise RuntimeError("a bug")
