"""The API permission matrix's rows for offending."""

from datetime import date, timedelta
from typing import Any

from wingman.api.tests.rows import Row
from wingman.offending.models import Offence

TODAY = date.today()

ROWS: dict[str, Row] = {
    "list_offences": ("get", lambda c: f"/clients/{c.pk}/offences", None, "read clients", 200),
    "create_offence": (
        "post",
        lambda c: f"/clients/{c.pk}/offences",
        lambda c: {
            "committed_on": (TODAY - timedelta(days=30)).isoformat(),
            "category": "robbery",
            "disposal": "awaiting",
            "source": "self_report",
        },
        "record casework",
        201,
    ),
    "get_offence": ("get", lambda c: f"/offences/{c.offence.pk}", None, "read clients", 200),
    "update_offence": (
        "patch",
        lambda c: f"/offences/{c.offence.pk}",
        lambda c: {"version": 1, "sentence": "Referral order"},
        "record casework",
        200,
    ),
    "get_client_reoffending": (
        "get",
        lambda c: f"/clients/{c.pk}/reoffending",
        None,
        "read clients",
        200,
    ),
    # A team's figures: the team of the client in each relation, found when the role sees it.
    "get_team_reoffending_cohorts": (
        "get",
        lambda c: f"/teams/{c.team_id}/reoffending-cohorts",
        None,
        "read reoffending cohorts",
        200,
    ),
}


def furnish(client: Any, author: Any) -> None:
    """Give one of the world's clients the records these rows need."""
    client.offence = Offence.objects.create(
        client=client,
        committed_on=TODAY - timedelta(days=400),
        category="burglary_domestic",
        disposal="conviction",
        disposal_on=TODAY - timedelta(days=300),
        source="pnc",
        recorded_by=author,
    )
