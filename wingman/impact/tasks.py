"""The evaluation, done in the background."""

from django.tasks import task
from django.urls import reverse

from wingman.background.services import job_progress, job_result, running
from wingman.core.errors import ServiceError
from wingman.evaluation import EvaluationInputError, evaluate
from wingman.evaluation.expected import expected_versus_observed

from . import selectors, services
from .models import EvaluationRun


@task()
def evaluate_run(job_id: int, run_id: int) -> None:
    with running(job_id) as job:
        run = EvaluationRun.objects.select_related("pool").get(pk=run_id)
        treated = run.treated_rows
        if len(treated) < services.MIN_TREATED:
            raise ServiceError(
                f"There are {len(treated)} clients with a complete follow-up; at least "
                f"{services.MIN_TREATED} are needed."
            )
        steps = 0

        def progress(step: str) -> None:
            nonlocal steps
            steps += 1
            job_progress(job, done=steps, step=step)

        if run.pool is None:
            progress("Comparing OGRS3's expected reoffending with what happened")
            found = expected_versus_observed(
                [row["p1"] for row in treated],
                [row["reoffended"] for row in treated],
                follow_up_complete=True,
            ).to_dict()
            result = {"design": "expected", **found}
        else:
            comparison = selectors.pool_rows(run.pool)
            rows = [{**r, "treated": 1} for r in treated] + [
                {**r, "treated": 0} for r in comparison
            ]
            covariates = run.parameters["covariates"]
            data = {
                name: [r[name] for r in rows] for name in ("treated", "reoffended", *covariates)
            }
            try:
                found = evaluate(
                    data,
                    treatment="treated",
                    outcome="reoffended",
                    covariates=covariates,
                    ratio=run.parameters["ratio"],
                    caliper=run.parameters["caliper"],
                    outcome_label="reoffended within a year",
                    progress=progress,
                ).to_dict()
            except EvaluationInputError as error:
                raise ServiceError(str(error)) from None
            result = {"design": "matched", **found}
        services.run_finish(actor=job.started_by, run=run, result=result)
        job_result(job, reverse("impact:run", args=[run.pk]))
