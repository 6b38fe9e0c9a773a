import pytest
from django.db import DatabaseError, connection, transaction

from wingman.audit.checks import audit_trail_guarded
from wingman.audit.models import AccessEvent, AppendOnlyError, AuditEvent, AuditLink

SQLITE = connection.vendor == "sqlite"
POSTGRES = connection.vendor == "postgresql"


@pytest.fixture
def event(db):
    return AuditEvent.objects.create(
        action=AuditEvent.Action.SECURITY, object_type="x", summary="s"
    )


@pytest.fixture
def access(db):
    return AccessEvent.objects.create(kind=AccessEvent.Kind.VIEW, object_type="x", path="/a")


@pytest.fixture
def link(db):
    return AuditLink.objects.create(
        row_table="audit_auditevent", row_id=1, digest="d" * 64, previous="0" * 64, hash="h" * 64
    )


def refused(sql, params=None):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_audit_rows_cannot_be_changed_through_the_model(event):
    event.summary = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(summary="changed")
    with pytest.raises(AppendOnlyError):
        event.delete()


def test_audit_rows_cannot_be_overwritten_or_skipped_on_conflict_through_the_model(access):
    again = AccessEvent(pk=access.pk, kind=AccessEvent.Kind.VIEW, object_type="y")
    for option in ("ignore_conflicts", "update_conflicts"):
        with pytest.raises(AppendOnlyError):
            AccessEvent.objects.bulk_create([again], **{option: True})
    assert AccessEvent.objects.get(pk=access.pk).object_type == "x"


def test_chain_links_cannot_be_changed_through_the_model(link):
    link.digest = "e" * 64
    with pytest.raises(AppendOnlyError):
        link.save()
    with pytest.raises(AppendOnlyError):
        AuditLink.objects.all().delete()


@pytest.mark.parametrize(
    "sql", ["UPDATE audit_auditevent SET summary = 'x'", "DELETE FROM audit_auditevent"]
)
def test_the_database_refuses_to_change_or_remove_audit_rows(event, sql):
    refused(sql)
    assert AuditEvent.objects.get(pk=event.pk).summary == "s"


@pytest.mark.parametrize(
    "sql", ["UPDATE audit_auditlink SET digest = 'x'", "DELETE FROM audit_auditlink"]
)
def test_the_database_refuses_to_change_or_remove_chain_links(link, sql):
    refused(sql)
    assert AuditLink.objects.get(pk=link.pk).digest == "d" * 64


EVENT_COLUMNS = "id, at, action, object_type, object_id, summary, changes, channel, path"
ACCESS_COLUMNS = "id, at, kind, object_type, object_id, channel, path"
LINK_COLUMNS = "id, row_table, row_id, digest, previous, hash"


@pytest.mark.skipif(not SQLITE, reason="REPLACE is SQLite's")
@pytest.mark.parametrize("verb", ["INSERT OR REPLACE", "REPLACE"])
def test_sqlite_refuses_to_replace_an_audit_row(event, access, verb):
    refused(
        f"{verb} INTO audit_auditevent ({EVENT_COLUMNS}) "
        "VALUES (%s, '2020-01-01 00:00:00', 'security', 'x', '', 'rewritten', '{}', '', '')",
        [event.pk],
    )
    refused(
        f"{verb} INTO audit_accessevent ({ACCESS_COLUMNS}) "
        "VALUES (%s, '2020-01-01 00:00:00', 'view', 'y', '', '', '/rewritten')",
        [access.pk],
    )
    assert AuditEvent.objects.get(pk=event.pk).summary == "s"
    assert AccessEvent.objects.get(pk=access.pk).path == "/a"


@pytest.mark.skipif(not SQLITE, reason="REPLACE is SQLite's")
@pytest.mark.parametrize(
    "clash",
    [
        "id = the link's own id",
        "the same row",
        "the same place in the chain",
    ],
)
def test_sqlite_refuses_a_link_that_would_replace_another(link, clash):
    values = {
        "id": 999,
        "row_table": "audit_accessevent",
        "row_id": 5,
        "previous": "1" * 64,
        "hash": "2" * 64,
    }
    if clash.startswith("id"):
        values["id"] = link.pk
    elif clash == "the same row":
        values.update(row_table=link.row_table, row_id=link.row_id)
    else:
        values["previous"] = link.previous
    refused(
        f"INSERT OR REPLACE INTO audit_auditlink ({LINK_COLUMNS}) VALUES (%s, %s, %s, 'x', %s, %s)",
        [values["id"], values["row_table"], values["row_id"], values["previous"], values["hash"]],
    )
    assert list(AuditLink.objects.values_list("pk", "digest")) == [(link.pk, "d" * 64)]


def test_the_database_refuses_an_upsert_that_would_overwrite_audit_rows(event, access, link):
    refused(
        f"INSERT INTO audit_auditevent ({EVENT_COLUMNS}) "
        "VALUES (%s, CURRENT_TIMESTAMP, 'security', 'x', '', 'rewritten', '{}', '', '') "
        "ON CONFLICT (id) DO UPDATE SET summary = 'rewritten'",
        [event.pk],
    )
    refused(
        f"INSERT INTO audit_accessevent ({ACCESS_COLUMNS}) "
        "VALUES (%s, CURRENT_TIMESTAMP, 'view', 'y', '', '', '/b') "
        "ON CONFLICT (id) DO UPDATE SET path = '/rewritten'",
        [access.pk],
    )
    refused(
        f"INSERT INTO audit_auditlink ({LINK_COLUMNS}) VALUES (%s, 'x', 1, 'x', 'p', 'q') "
        "ON CONFLICT (id) DO UPDATE SET digest = 'rewritten'",
        [link.pk],
    )
    assert AuditEvent.objects.get(pk=event.pk).summary == "s"
    assert AccessEvent.objects.get(pk=access.pk).path == "/a"
    assert AuditLink.objects.get(pk=link.pk).digest == "d" * 64


def test_the_database_check_warns_when_an_append_only_trigger_is_lifted(db):
    assert not [m for m in audit_trail_guarded(databases=["default"]) if m.id == "audit.W002"]
    with transaction.atomic(), connection.cursor() as cursor:
        if POSTGRES:
            cursor.execute("ALTER TABLE audit_accessevent DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER audit_accessevent_no_replace")
        warnings = [m for m in audit_trail_guarded(databases=["default"]) if m.id == "audit.W002"]
        transaction.set_rollback(True)
    assert len(warnings) == 1
    assert "audit_accessevent_" in warnings[0].msg
