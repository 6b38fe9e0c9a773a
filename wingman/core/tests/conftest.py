"""A served install (gunicorn, the demo settings, its own database) shared by the tests that
need one, started once for the test run."""

import json
from typing import Any

import pytest

from wingman.core.tests import served

SETUP = """
import json
from wingman.accounts.choices import Role
from wingman.api.services import api_token_issue
from testing.factories import ClientFactory, JourneyFactory, TeamFactory, UserFactory
team = TeamFactory(name="Concurrency")
lead = UserFactory(username="bea", role=Role.SENIOR_CASEWORKER, team=team)
worker = UserFactory(username="ayo", role=Role.CASEWORKER, team=team)
leads = [
    UserFactory(username=name, role=Role.SAFEGUARDING_LEAD, team=team) for name in ("sade", "sol")
]
clients = [ClientFactory(team=team, caseworker=worker, created_by=lead) for _ in range(4)]
for client in clients:
    JourneyFactory(client=client)
manager = UserFactory(username="mo", role=Role.MANAGER, team=team)
UserFactory(username="mei", role=Role.MANAGER, team=team)
for name in ("ada", "abe"):
    UserFactory(username=name, role=Role.ADMINISTRATOR, team=team)
keys = {
    u.username: api_token_issue(actor=None, user=u, name="load")[1]
    for u in (worker, lead, manager)
}
print(json.dumps({"clients": [c.pk for c in clients], "keys": keys}))
"""


@pytest.fixture(scope="session")
def served_install(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Staff of one team (a caseworker, their team lead, two managers, two administrators) and
    two safeguarding leads, four of the caseworker's clients with open journeys, and an API
    token for the caseworker, the team lead and a manager (the staff who take data out of the
    system; the safeguarding leads and administrators work on the pages)."""
    directory = tmp_path_factory.mktemp("served")
    with served.own_database(directory) as url:
        env = served.demo_environment(url)
        served.manage(env, "migrate", "--noinput", "-v", "0")
        facts = json.loads(served.manage(env, "shell", "-c", SETUP).strip().splitlines()[-1])
        log = directory / "gunicorn.log"
        with served.gunicorn(env, log) as base:
            yield {"base": base, "log": log, "database_url": url, **facts}
        server_log = log.read_text()
        assert "Traceback" not in server_log, server_log[-3000:]
