"""Schemathesis sends the API thousands of requests generated from its own OpenAPI schema, valid
and invalid, as a senior caseworker; none may answer with a server error."""

import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from testing.factories import FundingStreamFactory, ReferralFactory, world
from wingman.accounts.choices import Role
from wingman.api.services import api_token_issue
from wingman.api.tests.rows import APPS
from wingman.casework.choices import ContactType, PartnerType, TaskKind
from wingman.casework.models import Contact, PartnerReferral, Task

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"


def _furnish(data: dict[str, Any]) -> None:
    """Records with low ids in the senior caseworker's scope, so generated ids find some."""
    author = data["users"][Role.CASEWORKER]
    FundingStreamFactory(borough=data["boroughs"][0])
    for client in data["clients"].values():
        ReferralFactory(client=client, created_by=author)
        Contact.objects.create(
            client=client,
            occurred_on=date.today(),
            minutes=30,
            contact_type=ContactType.PHONE,
            author=author,
        )
        Task.objects.create(
            client=client,
            kind=TaskKind.FOLLOW_UP,
            title="Ring back",
            due_on=date.today(),
            assigned_to=author,
            created_by=author,
        )
        PartnerReferral.objects.create(
            client=client,
            partner_type=PartnerType.HOUSING,
            partner_name="Housing options",
            made_on=date.today(),
            created_by=author,
        )
        # Each whole-person app's records, as its API matrix rows have them.
        client.journey = client.journeys.get()
        for app in APPS:
            app.furnish(client, author)


# Run once, on PostgreSQL: the stricter of the two databases about what a generated request can
# break (integers out of range, text it refuses), and the fuzz is the suite's longest test.
@pytest.mark.skipif(connection.vendor != "postgresql", reason="fuzzed once, on PostgreSQL")
def test_no_generated_request_makes_a_server_error(served, tmp_path):
    data = world()
    _furnish(data)
    _token, key = api_token_issue(
        actor=None, user=data["users"][Role.SENIOR_CASEWORKER], name="Schema fuzzing"
    )
    started = time.monotonic()
    result = subprocess.run(
        [
            str(SCHEMATHESIS),
            "run",
            f"{served.url}/api/openapi.json",
            "--header",
            f"Authorization: Bearer {key}",
            "--checks",
            "not_a_server_error",
            "--max-examples",
            "25",
            "--workers",
            "1",
            "--generation-database",
            "none",
            "--request-timeout",
            "20",
            "--no-color",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    elapsed = time.monotonic() - started
    output = result.stdout + result.stderr
    print(output[-3000:], f"\nschemathesis took {elapsed:.0f} s")
    assert result.returncode == 0, output[-20_000:]
