"""The demo as `make run` serves it: gunicorn, debug off, the product's own error pages, pages
never cached, and every static file a page uses served by whitenoise, compressed and cached."""

import re
from typing import Any
from urllib.parse import urljoin

import requests

from wingman.core.tests.test_concurrency import PASSWORD


def signed_in(base: str) -> requests.Session:
    session = requests.Session()
    page = session.get(base + "/sign-in/", timeout=60)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token
    session.post(
        base + "/sign-in/",
        {"csrfmiddlewaretoken": token[1], "username": "ayo", "password": PASSWORD},
        timeout=60,
    )
    return session


def test_pages_are_never_cached_and_static_files_are_cached_for_a_year(served_install: Any):
    base = served_install["base"]
    session = signed_in(base)
    home = session.get(base + "/", timeout=60)
    assert home.status_code == 200 and "Sign out" in home.text
    assert home.headers["Cache-Control"] == "no-store"
    assert "nonce-" in home.headers["Content-Security-Policy"]
    assets = set(re.findall(r'(?:href|src)="(/static/[^"]+)"', home.text))
    assets |= set(re.findall(r'from "(/static/[^"]+)"', home.text))
    assert any(a.endswith(".css") for a in assets) and any(a.endswith(".js") for a in assets)
    for css in [a for a in assets if a.endswith(".css")]:
        sheet = session.get(base + css, timeout=60).text
        assets |= {
            urljoin(css, ref)
            for ref in re.findall(r"url\(([^)\"'#?]+)", sheet)
            if "data:" not in ref
        }
    for asset in assets:
        answer = session.get(base + asset, timeout=60, headers={"Accept-Encoding": "gzip"})
        assert answer.status_code == 200, asset
        assert "immutable" in answer.headers["Cache-Control"], asset
        if asset.endswith((".css", ".js")):
            assert answer.headers.get("Content-Encoding") == "gzip", asset


def test_a_missing_page_is_the_products_404_not_a_debug_page(served_install: Any):
    answer = requests.get(served_install["base"] + "/no-such-page/", timeout=60)
    assert answer.status_code == 404
    assert "Page not found" in answer.text and "govuk-template" in answer.text
    assert "URLconf" not in answer.text and "DEBUG" not in answer.text
    assert answer.headers["Cache-Control"] == "no-store"


START_JOB = """
from django.db import transaction
from wingman.accounts.models import User
from wingman.background.services import job_start
from wingman.background.tests.tasks_for_tests import rename_team
lead = User.objects.get(username="mo")
with transaction.atomic():
    job = job_start(
        actor=lead, task=rename_team, title="Rename", team_id=lead.team_id, name="Done beside"
    )
print(job.pk)
"""

JOB_STATUS = """
from wingman.background.models import Job
job = Job.objects.select_related("started_by__team").get(pk={pk})
print(job.status, job.started_by.team.name == "Done beside")
"""


def test_the_background_worker_runs_beside_the_web_server(served_install: Any):
    """As `make run` serves it, work enqueued by the service is done by the worker gunicorn
    started, without anything else being run."""
    import time

    from wingman.core.tests import served

    env = served.demo_environment(served_install["database_url"])
    pk = served.manage(env, "shell", "-c", START_JOB).strip().splitlines()[-1]
    for _ in range(60):
        status = (
            served.manage(env, "shell", "-c", JOB_STATUS.format(pk=pk)).splitlines()[-1].split()
        )
        if status[0] in ("done", "failed"):
            break
        time.sleep(1)
    assert status == ["done", "True"]
