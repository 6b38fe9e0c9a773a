"""Issuing tokens: the key is shown once, only its hash is kept, and the issue is audited."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from wingman.accounts.choices import Role
from wingman.accounts.models import ApiToken, hash_token
from wingman.api.services import api_token_issue
from wingman.api.tests.conftest import ApiClient
from wingman.audit.models import AuditEvent
from wingman.core.errors import NotAllowed, ServiceError


def test_issuing_a_token_keeps_only_its_hash_and_audits_it(world):
    user = world["users"][Role.SENIOR_CASEWORKER]
    token, key = api_token_issue(actor=None, user=user, name="Probation case system")
    assert key.startswith("wm_")
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == hash_token(key)
    assert key not in {stored.key_hash, stored.name}
    event = AuditEvent.objects.get(action=AuditEvent.Action.SECURITY)
    assert "Probation case system" in event.summary
    assert user.username in event.summary
    assert key not in event.summary


def test_an_issued_key_works_once_issued(world):
    user = world["users"][Role.MANAGER]
    _token, key = api_token_issue(actor=user, user=user, name="My reports")
    assert ApiClient(key).get("/api/v1/clients").status_code == 200


def test_an_administrator_cannot_issue_a_token_acting_as_a_member_of_staff(world):
    # A token acts as its account: it would let the administrator read that caseworker's
    # clients, recorded under the caseworker's name.
    with pytest.raises(NotAllowed):
        api_token_issue(
            actor=world["users"][Role.ADMINISTRATOR],
            user=world["users"][Role.CASEWORKER],
            name="Outreach app",
        )
    assert not ApiToken.objects.exists()


def test_staff_cannot_issue_tokens_acting_as_someone_else(world):
    with pytest.raises(NotAllowed):
        api_token_issue(
            actor=world["users"][Role.MANAGER],
            user=world["users"][Role.CASEWORKER],
            name="Not mine",
        )
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize(
    "role", [Role.FUNDER, Role.ADMINISTRATOR, Role.VOLUNTEER, Role.SAFEGUARDING_LEAD]
)
def test_no_token_is_issued_for_a_role_that_may_not_take_data_out(world, role):
    with pytest.raises(ServiceError):
        api_token_issue(actor=None, user=world["users"][role], name="Export")
    assert not ApiToken.objects.exists()


def test_no_token_is_issued_for_staff_on_temporary_licence(world):
    user = world["users"][Role.CASEWORKER]
    user.on_temporary_licence = True
    user.save()
    with pytest.raises(ServiceError):
        api_token_issue(actor=None, user=user, name="Export")


def test_a_token_needs_a_name_and_a_future_expiry(world):
    user = world["users"][Role.CASEWORKER]
    with pytest.raises(ServiceError) as blank:
        api_token_issue(actor=None, user=user, name="   ")
    assert blank.value.field == "name"
    with pytest.raises(ServiceError) as past:
        api_token_issue(
            actor=None, user=user, name="Old", expires_at=timezone.now() - timedelta(days=1)
        )
    assert past.value.field == "expires_at"


def test_the_command_prints_the_key_once_and_stores_its_hash(world):
    out, err = StringIO(), StringIO()
    call_command(
        "issue_api_token",
        "senior_caseworker",
        "--name",
        "Case system",
        "--expires-in-days",
        "90",
        stdout=out,
        stderr=err,
    )
    key = out.getvalue().strip()
    token = ApiToken.objects.get(key_hash=hash_token(key))
    assert token.name == "Case system"
    assert token.expires_at > timezone.now() + timedelta(days=89)
    assert "not shown again" in err.getvalue()
    assert ApiClient(key).get("/api/v1/clients").status_code == 200


def test_the_command_refuses_an_unknown_username_or_a_refused_role(world):
    with pytest.raises(CommandError, match="No member of staff"):
        call_command("issue_api_token", "nobody", "--name", "X", stdout=StringIO())
    with pytest.raises(CommandError, match="cannot use the API"):
        call_command("issue_api_token", "funder", "--name", "X", stdout=StringIO())
    assert not ApiToken.objects.exists()
