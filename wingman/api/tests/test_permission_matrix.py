"""Every API operation x every role x every relation to the client: a role that may not use the
API, or may not do this, gets 403; a client out of scope answers 404 (the same as missing); in
scope, the operation is carried out. The expected answers come from `wingman.tests.expected`,
written out by hand. A meta-test fails when an operation has no row here."""

from datetime import date, timedelta
from typing import Any

import pytest

from testing.factories import FundingStreamFactory, ReferralFactory, give_casework
from wingman.accounts.choices import Role
from wingman.accounts.models import ApiToken, hash_token
from wingman.api.api import api
from wingman.api.tests.conftest import ApiClient
from wingman.api.tests.rows import APPS, Row
from wingman.audit.models import AccessEvent, AuditEvent
from wingman.casework.choices import Stage
from wingman.casework.models import Journey, RotlPeriod
from wingman.tests.expected import SEES, may

RELATIONS = ["own", "same_team", "other_team", "other_borough"]
V1 = "/api/v1"

# operation id -> (method, path for a furnished client or None, body, capability, status)
CORE: dict[str, Row] = {
    "list_clients": ("get", lambda c: "/clients", None, "read clients", 200),
    "get_client": ("get", lambda c: f"/clients/{c.pk}", None, "read clients", 200),
    "update_client": (
        "patch",
        lambda c: f"/clients/{c.pk}",
        lambda c: {"version": 1, "phone": "0207"},
        "record casework",
        200,
    ),
    "list_referrals": ("get", lambda c: "/referrals", None, "take referrals", 200),
    "get_referral": (
        "get",
        lambda c: f"/referrals/{c.referral.pk}",
        None,
        "take referrals",
        200,
    ),
    "create_referral": (
        "post",
        lambda c: "/referrals",
        lambda c: {"source": "police", "reason": "Matrix", "client_id": c.pk},
        "take referrals",
        201,
    ),
    "start_screening_referral": (
        "post",
        lambda c: f"/referrals/{c.referral.pk}/start-screening",
        None,
        "decide referrals",
        200,
    ),
    "accept_referral": (
        "post",
        lambda c: f"/referrals/{c.referral.pk}/accept",
        lambda c: {"funding_stream_id": c.stream.pk, "stage": "community"},
        "decide referrals",
        200,
    ),
    "accept_referral_unfunded": (
        "post",
        lambda c: f"/referrals/{c.referral.pk}/accept-unfunded",
        lambda c: {"reason": "Agreed", "stage": "in_custody"},
        "decide referrals",
        200,
    ),
    "decline_referral": (
        "post",
        lambda c: f"/referrals/{c.referral.pk}/decline",
        lambda c: {"reason": "Full"},
        "decide referrals",
        200,
    ),
    "withdraw_referral": (
        "post",
        lambda c: f"/referrals/{c.referral.pk}/withdraw",
        lambda c: {"reason": "Moved"},
        "decide referrals",
        200,
    ),
    "list_contacts": (
        "get",
        lambda c: f"/clients/{c.pk}/contacts",
        None,
        "read clients",
        200,
    ),
    "create_contact": (
        "post",
        lambda c: f"/clients/{c.pk}/contacts",
        lambda c: {"occurred_on": "2025-01-02", "minutes": 20, "contact_type": "phone"},
        "record casework",
        201,
    ),
    "get_contact": (
        "get",
        lambda c: f"/contacts/{c.contact.pk}",
        None,
        "read clients",
        200,
    ),
    "update_contact": (
        "patch",
        lambda c: f"/contacts/{c.contact.pk}",
        lambda c: {"version": 1, "minutes": 25},
        "record casework",
        200,
    ),
    "list_tasks": (
        "get",
        lambda c: f"/clients/{c.pk}/tasks",
        None,
        "read clients",
        200,
    ),
    "create_task": (
        "post",
        lambda c: f"/clients/{c.pk}/tasks",
        lambda c: {"kind": "appointment", "title": "GP", "due_on": "2030-01-01"},
        "record casework",
        201,
    ),
    "get_task": ("get", lambda c: f"/tasks/{c.task.pk}", None, "read clients", 200),
    "complete_task": (
        "post",
        lambda c: f"/tasks/{c.task.pk}/complete",
        None,
        "record casework",
        200,
    ),
    "list_partner_referrals": (
        "get",
        lambda c: f"/clients/{c.pk}/partner-referrals",
        None,
        "read clients",
        200,
    ),
    "create_partner_referral": (
        "post",
        lambda c: f"/clients/{c.pk}/partner-referrals",
        lambda c: {"partner_type": "benefits", "partner_name": "Jobcentre"},
        "record casework",
        201,
    ),
    "get_partner_referral": (
        "get",
        lambda c: f"/partner-referrals/{c.partner_referral.pk}",
        None,
        "read clients",
        200,
    ),
    "update_partner_referral": (
        "patch",
        lambda c: f"/partner-referrals/{c.partner_referral.pk}",
        lambda c: {"version": 1, "status": "accepted"},
        "record casework",
        200,
    ),
    "list_journeys": (
        "get",
        lambda c: f"/clients/{c.pk}/journeys",
        None,
        "read clients",
        200,
    ),
    "get_journey": (
        "get",
        lambda c: f"/journeys/{c.journey.pk}",
        None,
        "read clients",
        200,
    ),
    "update_journey_custody": (
        "patch",
        lambda c: f"/journeys/{c.journey.pk}",
        lambda c: {"version": 1, "establishment": "HMP Rochester"},
        "record casework",
        200,
    ),
    "move_journey": (
        "post",
        lambda c: f"/journeys/{c.journey.pk}/moves",
        lambda c: {"to": "community", "on": date.today().isoformat()},
        "record casework",
        200,
    ),
    "create_rotl_period": (
        "post",
        lambda c: f"/journeys/{c.journey.pk}/rotl-periods",
        lambda c: {"first_day": date.today().isoformat()},
        "record casework",
        201,
    ),
    "delete_rotl_period": (
        "delete",
        lambda c: f"/rotl-periods/{c.rotl.pk}",
        None,
        "record casework",
        204,
    ),
}
# Each app's rows are in its own module under `wingman/api/tests/rows/`.
MATRIX: dict[str, Row] = {**CORE}
# The app whose rows each operation is, so that a test of one operation furnishes only what its
# app needs.
APP_OF: dict[str, Any] = {}
for _app in APPS:
    assert not set(_app.ROWS) & set(MATRIX), f"{_app.__name__} repeats a row"
    MATRIX |= _app.ROWS
    APP_OF |= dict.fromkeys(_app.ROWS, _app)
# Operations whose path names no client: the relation does not apply (an app's module may list
# its own in `UNSCOPED`).
UNSCOPED = {"list_clients", "list_referrals"}.union(*(getattr(a, "UNSCOPED", ()) for a in APPS))


def api_operation_ids() -> set[str]:
    schema = api.get_openapi_schema(path_prefix="/api/")
    return {op["operationId"] for path in schema["paths"].values() for op in path.values()}


def test_every_api_operation_is_in_the_permission_matrix():
    assert api_operation_ids() == set(MATRIX)


def _furnish(world: dict[str, Any], apps: tuple[Any, ...]) -> None:
    """Each client: journey closed (so a referral can be accepted), an open referral, a contact,
    a task and a partner referral; one funding stream with places; and what `apps`' rows need."""
    author = world["users"][Role.SAFEGUARDING_LEAD]
    stream = FundingStreamFactory(borough=world["boroughs"][0])
    Journey.objects.update(stage=Stage.CLOSED, closed_on=date.today(), closure_reason="goals_met")
    for client in world["clients"].values():
        client.stream = stream
        client.referral = ReferralFactory(client=client, created_by=author)
        give_casework(client, author)
        client.journey = client.journeys.get()
        client.rotl = RotlPeriod.objects.create(
            journey=client.journey,
            first_day=date.today() - timedelta(days=7),
            last_day=date.today() - timedelta(days=7),
        )
        for app in apps:
            app.furnish(client, author)


def _key_for(user: Any) -> str:
    key = ApiToken.new_key()
    ApiToken.objects.create(user=user, name="Matrix", key_hash=hash_token(key))
    return key


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("operation", sorted(MATRIX))
def test_each_role_gets_403_404_or_the_answer_by_role_and_relation(world, operation, role):
    app = APP_OF.get(operation)
    _furnish(world, (app,) if app is not None else ())
    user = world["users"][role]
    api_client = ApiClient(_key_for(user))
    method, path, body, capability, success = MATRIX[operation]
    for relation in [None] if operation in UNSCOPED else RELATIONS:
        client = world["clients"][relation or "own"]
        url = V1 + path(client)
        refusals = AccessEvent.objects.filter(actor=user, kind=AccessEvent.Kind.DENIED, path=url)
        before = refusals.count()
        changes = AuditEvent.objects.filter(actor=user).count()
        response = api_client.call(method, url, body(client) if body else None)
        if not may(role, "export") or not may(role, capability):
            expected = 403
        elif relation is not None and relation not in SEES[role]:
            expected = 404
        else:
            expected = success
        assert response.status_code == expected, (
            f"{role} {relation} {method.upper()} {url}: {response.status_code} "
            f"{response.content[:300]!r}"
        )
        if expected in (403, 404):
            assert response.json()["detail"]
            assert refusals.count() == before + 1, f"{role} {relation} {url}: refusal not logged"
            assert AuditEvent.objects.filter(actor=user).count() == changes
