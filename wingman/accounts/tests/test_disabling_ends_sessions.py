"""However an account is disabled (a service, `save()`, a queryset `update()`, raw SQL), its
sessions end for good: re-enabling it never brings an old session back."""

import pytest
from django.contrib.sessions.models import Session
from django.db import connection

from testing.factories import UserFactory
from testing.helpers import sign_in
from wingman.accounts.choices import Role
from wingman.accounts.models import StaffSession, User
from wingman.accounts.services import staff_set_active


@pytest.fixture
def caseworker(db):
    return UserFactory(role=Role.CASEWORKER)


@pytest.fixture
def signed_in(client, caseworker):
    sign_in(client, caseworker)
    assert client.get("/").status_code == 200
    return client


def is_signed_out(client) -> bool:
    response = client.get("/")
    return response.status_code == 302 and response["Location"].startswith("/sign-in/")


def test_every_sign_in_records_its_session_for_the_account(signed_in, caseworker):
    assert StaffSession.objects.filter(
        user=caseworker, session_key=signed_in.session.session_key
    ).exists()


def test_disabling_with_a_queryset_update_ends_the_session_for_good(signed_in, caseworker):
    User.objects.filter(pk=caseworker.pk).update(is_active=False)
    User.objects.filter(pk=caseworker.pk).update(is_active=True)
    assert is_signed_out(signed_in)
    assert not StaffSession.objects.filter(user=caseworker).exists()


def test_disabling_with_raw_sql_ends_the_session_for_good(signed_in, caseworker):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE accounts_user SET is_active = %s WHERE id = %s", [False, caseworker.pk]
        )
        cursor.execute(
            "UPDATE accounts_user SET is_active = %s WHERE id = %s", [True, caseworker.pk]
        )
    assert is_signed_out(signed_in)


def test_disabling_with_save_ends_the_session_for_good(signed_in, caseworker):
    caseworker.is_active = False
    caseworker.save()
    caseworker.is_active = True
    caseworker.save()
    assert is_signed_out(signed_in)


def test_disabling_through_the_service_ends_the_session_for_good(signed_in, caseworker):
    admin = UserFactory(role=Role.ADMINISTRATOR, team=None)
    staff_set_active(actor=admin, user=caseworker, active=False)
    staff_set_active(actor=admin, user=caseworker, active=True)
    assert is_signed_out(signed_in)


def test_other_changes_and_other_accounts_keep_their_sessions(
    signed_in, caseworker, client_factory
):
    colleague = UserFactory(role=Role.CASEWORKER, team=caseworker.team)
    theirs = client_factory()
    sign_in(theirs, colleague)
    User.objects.filter(pk=caseworker.pk).update(first_name="Changed", is_active=True)
    User.objects.filter(pk=colleague.pk).update(is_active=False)
    assert signed_in.get("/").status_code == 200
    assert Session.objects.count() == 1


def test_the_database_trigger_is_there_after_every_migration(db):
    """SQLite drops a table's triggers when a migration rebuilds the table: this fails if a later
    migration of accounts_user forgot to create it again."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                ["accounts_user"],
            )
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'accounts_user'::regclass "
                "AND NOT tgisinternal"
            )
        names = {row[0] for row in cursor.fetchall()}
    assert "accounts_user_disabled_ends_sessions" in names
