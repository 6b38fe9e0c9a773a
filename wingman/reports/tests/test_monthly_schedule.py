"""The monthly schedule put in place by any number of starts of the service at once, once."""

import contextlib
import threading
from datetime import date, datetime

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from wingman.core.tests.served import on_postgres
from wingman.reports import tasks


@pytest.mark.skipif(
    not on_postgres(),
    reason="two connections at once to the suite's in-memory SQLite database refuse each other "
    "rather than wait; on SQLite the scheduling transaction takes the write lock as it begins "
    "(IMMEDIATE), as every write does",
)
@pytest.mark.django_db(transaction=True)
def test_two_starts_of_the_service_at_once_schedule_the_monthly_reports_once(monkeypatch):
    # Each start, having found nothing scheduled, waits for the other to have looked too, as long
    # as the other is not held back: without a lock both would find nothing and both schedule.
    both_looked = threading.Barrier(2, timeout=3)
    real_next_run = tasks.next_run

    def next_run_once_both_have_looked(today: date) -> datetime:
        with contextlib.suppress(threading.BrokenBarrierError):
            both_looked.wait()
        return real_next_run(today)

    monkeypatch.setattr(tasks, "next_run", next_run_once_both_have_looked)
    answers: list[datetime | None] = []
    errors: list[BaseException] = []

    def start() -> None:
        try:
            answers.append(tasks.schedule_monthly_reports(date(2027, 3, 10)))
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    starts = [threading.Thread(target=start) for _ in range(2)]
    for s in starts:
        s.start()
    for s in starts:
        s.join(timeout=30)
    assert errors == []
    assert len(answers) == 2 and answers.count(None) == 1, answers
    waiting = DBTaskResult.objects.filter(task_path=tasks.issue_monthly_reports.module_path)
    assert waiting.count() == 1
    assert waiting.get().run_after.date() == date(2027, 4, 1)
