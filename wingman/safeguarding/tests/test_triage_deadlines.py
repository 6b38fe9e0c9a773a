"""An organisation's own triage deadlines, set in the back office and taken by the concerns raised
and triaged afterwards."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from testing.helpers import sign_in
from wingman.accounts.choices import Role
from wingman.audit.models import AuditEvent
from wingman.core.errors import NotAllowed, ServiceError
from wingman.safeguarding.models import TriageDeadlines
from wingman.safeguarding.services import concerns
from wingman.safeguarding.services.triage_deadlines import triage_deadlines_save

ADD = "/back-office/safeguarding/triagedeadlines/add/"
OWN = {"triage_hours": 2, "red_hours": 12, "amber_working_days": 2, "green_working_days": 5}


def form(world, **changes):
    return {"organisation": world["org"].pk, **{k: str(v) for k, v in OWN.items()}, **changes}


def raise_one(world):
    concern, _ = concerns.concern_raise(
        actor=world["users"][Role.CASEWORKER],
        client=world["clients"]["own"],
        values={"category": "threats", "happened_on": date.today(), "seen_and_heard": "A threat."},
    )
    return concern


def test_an_organisation_s_own_deadlines_change_those_raising_and_triage_set(world):
    TriageDeadlines.objects.create(organisation=world["org"], **OWN)
    before = timezone.now()
    concern = raise_one(world)
    assert (
        before + timedelta(hours=2) <= concern.triage_due_at <= timezone.now() + timedelta(hours=2)
    )
    before = timezone.now()
    triaged = concerns.concern_triage(
        actor=world["users"][Role.SAFEGUARDING_LEAD],
        concern=concern,
        values={"grade": "red", "rationale": "Threats with a knife"},
    )
    assert before + timedelta(hours=12) <= triaged.action_due_at
    assert triaged.action_due_at <= timezone.now() + timedelta(hours=12)


def test_without_its_own_an_organisation_takes_the_defaults(world, settings):
    settings.WINGMAN_TRIAGE_DEADLINES = {**OWN, "triage_hours": 6}
    before = timezone.now()
    concern = raise_one(world)
    assert concern.triage_due_at >= before + timedelta(hours=6)


def test_an_administrator_sets_them_in_the_back_office_audited(world, client):
    sign_in(client, world["users"][Role.ADMINISTRATOR])
    page = client.get(ADD).content.decode()
    assert 'name="triage_hours" value="4"' in page  # the defaults to start from
    response = client.post(ADD, form(world))
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = TriageDeadlines.objects.get(organisation=world["org"])
    assert (saved.triage_hours, saved.green_working_days) == (2, 5)
    row = AuditEvent.objects.get(object_type="safeguarding.triagedeadlines", action="create")
    assert row.actor == world["users"][Role.ADMINISTRATOR]
    assert row.changes["red_hours"] == [None, 12]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("triage_hours", 0, "Hours to triage a new concern must be a whole number from 1 to 72"),
        ("red_hours", 73, "Hours to act on a red concern must be a whole number from 1 to 72"),
        (
            "amber_working_days",
            11,
            "Working days to act on an amber concern must be a whole number from 1 to 10",
        ),
        (
            "green_working_days",
            0,
            "Working days to act on a green concern must be a whole number from 1 to 10",
        ),
    ],
)
def test_a_number_out_of_range_is_refused_in_the_back_office_and_by_the_service(
    world, client, field, value, message
):
    sign_in(client, world["users"][Role.ADMINISTRATOR])
    response = client.post(ADD, form(world, **{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    with pytest.raises(ServiceError, match="must be a whole number") as raised:
        triage_deadlines_save(
            actor=world["users"][Role.ADMINISTRATOR],
            deadlines=TriageDeadlines(organisation=world["org"], **{**OWN, field: value}),
        )
    assert raised.value.field == field
    assert not TriageDeadlines.objects.exists()


def test_only_an_administrator_sets_them(world):
    with pytest.raises(NotAllowed):
        triage_deadlines_save(
            actor=world["users"][Role.SAFEGUARDING_LEAD],
            deadlines=TriageDeadlines(organisation=world["org"], **OWN),
        )
