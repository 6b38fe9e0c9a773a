"""The audit chain, on real commits: every row Wingman writes is linked when its transaction
commits, rollbacks leave the chain valid, and audit_verify names precisely what was tampered
with."""

import io
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.test import override_settings

from testing.factories import ClientFactory, UserFactory
from testing.helpers import audit_triggers_lifted_on_sqlite as lift_audit_triggers
from testing.helpers import sign_in
from wingman.accounts.choices import Role
from wingman.audit import chain
from wingman.audit.models import AccessEvent, AuditEvent, AuditLink
from wingman.audit.services import record_change, record_list, record_security
from wingman.audit.verify import Kind, verify

from .tampering import as_owner, insert_access_row_directly

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module", autouse=True)
def audit_triggers_lifted(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    # These tests commit, so their database is emptied after each one (see ADR 0003).
    with lift_audit_triggers(django_db_blocker):
        yield


def linked_rows() -> set[tuple[str, int]]:
    return set(AuditLink.objects.values_list("row_table", "row_id"))


def all_rows() -> set[tuple[str, int]]:
    return {("audit_auditevent", pk) for pk in AuditEvent.objects.values_list("pk", flat=True)} | {
        ("audit_accessevent", pk) for pk in AccessEvent.objects.values_list("pk", flat=True)
    }


def security(summary: str) -> AuditEvent:
    return record_security(actor=None, action=AuditEvent.Action.SECURITY, summary=summary)


def some_history(n: int = 5) -> list[AuditEvent]:
    return [security(f"event {i}") for i in range(n)]


def problems(**kwargs: Any) -> list[tuple[str, str, int | None, int | None]]:
    return [(p.kind, p.table, p.row_id, p.link_id) for p in verify(**kwargs).problems]


def link_of(row: Any) -> AuditLink:
    return AuditLink.objects.get(row_table=row._meta.db_table, row_id=row.pk)


def test_rows_written_by_services_lists_and_refusals_are_all_linked(client):
    caseworker = UserFactory(role=Role.CASEWORKER)
    own = ClientFactory(team=caseworker.team, caseworker=caseworker)
    elsewhere = ClientFactory()
    sign_in(client, caseworker)

    assert client.get(f"/clients/{own.pk}/").status_code == 200  # a read
    assert client.get("/clients/").status_code == 200  # a list
    assert client.get(f"/clients/{elsewhere.pk}/").status_code == 404  # a refusal
    record_change(actor=caseworker, action=AuditEvent.Action.UPDATE, obj=own, client_id=own.pk)

    kinds = set(AccessEvent.objects.values_list("kind", flat=True))
    assert {AccessEvent.Kind.VIEW, AccessEvent.Kind.LIST, AccessEvent.Kind.DENIED} <= kinds
    assert AuditEvent.objects.exists()
    assert linked_rows() == all_rows()
    assert verify().intact
    assert connection.audit_unlinked == []


def test_a_rolled_back_transaction_leaves_no_link_and_the_chain_valid():
    security("before")
    with pytest.raises(RuntimeError), transaction.atomic():
        security("rolled back")
        record_list(actor=None, client_ids=[1, 2, 3])
        raise RuntimeError
    assert connection.audit_unlinked == []
    security("after")

    assert set(AuditEvent.objects.values_list("summary", flat=True)) == {"before", "after"}
    assert not AccessEvent.objects.exists()
    assert AuditLink.objects.count() == 2
    assert linked_rows() == all_rows()
    assert verify().intact


def test_a_rolled_back_savepoint_leaves_its_rows_out_and_the_chain_valid():
    with transaction.atomic():
        security("kept before")
        with pytest.raises(RuntimeError), transaction.atomic():
            security("rolled back to the savepoint")
            record_list(actor=None, client_ids=[7])
            raise RuntimeError
        security("kept after")

    assert set(AuditEvent.objects.values_list("summary", flat=True)) == {
        "kept before",
        "kept after",
    }
    assert AuditLink.objects.count() == 2
    assert linked_rows() == all_rows()
    assert verify().intact


def test_a_transaction_whose_rows_cannot_be_sealed_is_rolled_back_not_committed():
    unkeyed = override_settings(WINGMAN_AUDIT_CHAIN_KEY="")
    with unkeyed, pytest.raises(DatabaseError), transaction.atomic():
        security("cannot be sealed")
        record_list(actor=None, client_ids=[1])
    assert not AuditEvent.objects.exists()
    assert not AccessEvent.objects.exists()
    assert connection.audit_unlinked == []


def test_rows_written_outside_any_transaction_are_linked_too():
    AccessEvent.objects.create(kind=AccessEvent.Kind.VIEW, object_type="people.client")
    AccessEvent.objects.bulk_create(
        [AccessEvent(kind=AccessEvent.Kind.LIST, object_type="people.client") for _ in range(3)]
    )
    assert AuditLink.objects.count() == 4
    assert linked_rows() == all_rows()


def test_a_row_verifies_whatever_time_zone_and_key_order_it_was_written_with():
    AuditEvent.objects.create(
        at=datetime(2026, 7, 1, 12, 30, 15, 123456, tzinfo=ZoneInfo("Europe/London")),
        action=AuditEvent.Action.UPDATE,
        object_type="people.client",
        object_id="7",
        changes={"zeta": ["é", None], "alpha": [1.5, {"y": 2, "x": 1}]},
        ip_address="2001:db8::1",
    )
    assert verify().intact


def test_audit_verify_passes_on_a_clean_database_and_prints_the_head():
    some_history(3)
    record_list(actor=None, client_ids=[1, 2])
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    head = AuditLink.objects.order_by("-id").first()
    assert head is not None
    assert f"Head of the chain: link {head.pk}, {head.hash}" in out.getvalue()
    assert "The audit trail is intact" in out.getvalue()


def test_audit_verify_passes_on_an_empty_trail():
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    assert "The chain is empty" in out.getvalue()


def test_audit_verify_reports_a_changed_row_and_fails():
    events = some_history()
    changed = events[2]
    as_owner(f"UPDATE audit_auditevent SET summary = 'nothing happened' WHERE id = {changed.pk}")

    assert problems() == [(Kind.CHANGED, "audit_auditevent", changed.pk, link_of(changed).pk)]
    out = io.StringIO()
    with pytest.raises(CommandError, match="tampered with: 1 problem"):
        call_command("audit_verify", stdout=out)
    assert f"Audit event {changed.pk} (" in out.getvalue()
    assert "has been changed since it was written" in out.getvalue()


def test_audit_verify_reports_a_removed_row():
    events = some_history()
    gone = events[1]
    link = link_of(gone)
    as_owner(f"DELETE FROM audit_auditevent WHERE id = {gone.pk}")

    assert problems() == [(Kind.REMOVED, "audit_auditevent", gone.pk, link.pk)]
    assert "has been removed from the database" in verify().problems[0].text


def test_audit_verify_reports_a_row_put_in_without_wingman():
    some_history()
    slipped_in = insert_access_row_directly()

    assert problems() == [(Kind.ADDED, "audit_accessevent", slipped_in, None)]
    assert "put into the database directly, not by Wingman" in verify().problems[0].text


def test_audit_verify_reports_a_removed_link_and_names_the_row_it_sealed():
    events = some_history()
    sealed = events[2]
    link = link_of(sealed)
    next_link = AuditLink.objects.filter(id__gt=link.pk).order_by("id").first()
    assert next_link is not None
    as_owner(f"DELETE FROM audit_auditlink WHERE id = {link.pk}")

    assert problems() == [(Kind.LINK_REMOVED, "audit_auditevent", sealed.pk, next_link.pk)]
    assert f"sealed audit event {sealed.pk}" in verify().problems[0].text


def test_audit_verify_reports_links_removed_with_their_rows():
    events = some_history()
    gone = events[2]
    link = link_of(gone)
    as_owner(
        f"DELETE FROM audit_auditlink WHERE id = {link.pk}",
        f"DELETE FROM audit_auditevent WHERE id = {gone.pk}",
    )
    [(kind, _table, _row, link_id)] = problems()
    assert kind == Kind.LINKS_MISSING
    assert link_id == AuditLink.objects.filter(id__gt=link.pk).order_by("id").first().pk


def test_audit_verify_reports_links_moved_out_of_order():
    some_history()
    first, second = AuditLink.objects.order_by("id").values_list("id", flat=True)[1:3]
    as_owner(
        f"UPDATE audit_auditlink SET id = -1 WHERE id = {first}",
        f"UPDATE audit_auditlink SET id = {first} WHERE id = {second}",
        f"UPDATE audit_auditlink SET id = {second} WHERE id = -1",
    )
    found = problems()
    assert found and {kind for kind, *_ in found} == {Kind.OUT_OF_ORDER}
    assert {first, second} <= {link_id for *_, link_id in found}


def test_audit_verify_reports_a_link_forged_without_the_key():
    some_history()
    slipped_in = insert_access_row_directly()
    values = chain.stored_values(
        connection, chain.chained_models(), [("audit_accessevent", slipped_in)]
    )
    guess = b"not the key"
    digest = chain.row_digest(
        chain.canonical("audit_accessevent", values[("audit_accessevent", slipped_in)]), guess
    )
    head = AuditLink.objects.order_by("-id").first()
    assert head is not None
    forged = chain.link_hash(head.hash, "audit_accessevent", slipped_in, digest, guess)
    (rows,) = as_owner(
        "INSERT INTO audit_auditlink (row_table, row_id, digest, previous, hash) "
        f"VALUES ('audit_accessevent', {slipped_in}, '{digest}', '{head.hash}', '{forged}') "
        "RETURNING id"
    )
    assert problems() == [(Kind.FORGED, "audit_accessevent", slipped_in, rows[0][0])]
    assert "not made by Wingman" in verify().problems[0].text


def test_a_chain_cut_back_at_its_end_is_caught_by_the_head_written_down():
    some_history()
    anchor = AuditLink.objects.order_by("-id").first()
    assert anchor is not None
    assert verify(anchors=[anchor.hash]).intact
    as_owner(
        f"DELETE FROM audit_auditlink WHERE id = {anchor.pk}",
        f"DELETE FROM audit_auditevent WHERE id = {anchor.row_id}",
    )
    assert problems(anchors=[anchor.hash]) == [(Kind.ANCHOR_MISSING, "", None, None)]
    with pytest.raises(CommandError):
        call_command("audit_verify", "--anchor", anchor.hash, stdout=io.StringIO())


def test_verifying_with_another_key_fails_every_link_and_says_so():
    some_history(2)
    with override_settings(WINGMAN_AUDIT_CHAIN_KEY="another key"):
        report = verify()
    assert {p.kind for p in report.problems} == {Kind.FORGED}
    assert "WINGMAN_AUDIT_CHAIN_KEY" in report.hint


def test_canonical_form_is_json_with_sorted_keys_times_in_utc_and_no_nulls():
    form = chain.canonical(
        "audit_auditevent",
        {
            "id": 3,
            "at": datetime(2026, 7, 1, 12, 0, tzinfo=ZoneInfo("Europe/London")),
            "changes": {"b": 1, "a": ["é", None]},
            "client_id": None,
            "summary": "Moved on",
        },
    )
    assert (
        form
        == (
            '{"fields":{"at":"2026-07-01T11:00:00.000000Z","changes":{"a":["é",null],"b":1},'
            '"summary":"Moved on"},"id":3,"table":"audit_auditevent"}'
        ).encode()
    )
    assert chain.canonical("t", {"id": 1, "at": datetime(2026, 7, 1, 11, 0, tzinfo=UTC)}) == (
        chain.canonical(
            "t", {"id": 1, "at": datetime(2026, 7, 1, 12, 0, tzinfo=ZoneInfo("Europe/London"))}
        )
    )
