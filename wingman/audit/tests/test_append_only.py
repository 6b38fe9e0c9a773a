import pytest
from django.db import DatabaseError, connection, transaction

from wingman.audit.models import AppendOnlyError, AuditEvent


@pytest.fixture
def event(db):
    return AuditEvent.objects.create(
        action=AuditEvent.Action.SECURITY, object_type="x", summary="s"
    )


def test_audit_rows_cannot_be_changed_through_the_model(event):
    event.summary = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(summary="changed")
    with pytest.raises(AppendOnlyError):
        event.delete()


@pytest.mark.parametrize(
    "sql", ["UPDATE audit_auditevent SET summary = 'x'", "DELETE FROM audit_auditevent"]
)
def test_the_database_refuses_to_change_or_remove_audit_rows(event, sql):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert AuditEvent.objects.get(pk=event.pk).summary == "s"
