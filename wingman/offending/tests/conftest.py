from datetime import date, timedelta

import pytest
from django.utils import timezone

from testing.factories import ClientFactory, JourneyFactory
from wingman.accounts.choices import Role
from wingman.casework.choices import Stage
from wingman.casework.models import StageChange
from wingman.offending import services


def today() -> date:
    return timezone.localdate()


@pytest.fixture
def caseworker(world):
    return world["users"][Role.CASEWORKER]


@pytest.fixture
def own(world):
    return world["clients"]["own"]


def years_ago(years: int, days: int = 0) -> date:
    now = today()
    return now.replace(year=now.year - years) - timedelta(days=days)


def record(actor, client, **fields):
    """An offence through the real service; a conviction on the day after by default."""
    committed_on = fields.pop("committed_on")
    data = {
        "committed_on": committed_on,
        "category": "robbery",
        "disposal": "conviction",
        "disposal_on": committed_on + timedelta(days=1),
        "sentence": "",
        "breach": False,
        "source": "pnc",
    } | fields
    offence, _created = services.offence_record(actor=actor, client=client, data=data)
    return offence


def journey_with_history(client, changes):
    """A journey with a dated stage history `changes` [(from, to, on)], as the casework services
    leave it: the current stage and the latest release since the last time in custody."""
    released_on = None
    for _from, to, on in changes:
        if to == Stage.RELEASE_DAY:
            released_on = on
        elif to == Stage.IN_CUSTODY:
            released_on = None
    journey = JourneyFactory(
        client=client,
        stage=changes[-1][1],
        stage_since=changes[-1][2],
        opened_on=changes[0][2],
        released_on=released_on,
    )
    for from_stage, to, on in changes:
        StageChange.objects.create(
            journey=journey,
            from_stage=from_stage,
            to_stage=to,
            on=on,
            recorded_by=client.created_by,
        )
    return journey


@pytest.fixture
def make_client(world, caseworker):
    team = world["teams"][0]

    def make(**fields):
        fields.setdefault("date_of_birth", years_ago(19))
        fields.setdefault("gender", "male")
        return ClientFactory(team=team, caseworker=caseworker, **fields)

    return make
