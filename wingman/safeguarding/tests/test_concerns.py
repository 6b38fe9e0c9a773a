"""Raising a concern, its chronology and the lead's decisions, through the services."""

from datetime import date, timedelta

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from testing.factories import BoroughFactory, OrganisationFactory, TeamFactory, UserFactory
from wingman.accounts.choices import Role
from wingman.audit.models import AppendOnlyError, AuditEvent
from wingman.core.errors import InvalidTransition, NotAllowed, ServiceError
from wingman.safeguarding.models import (
    Concern,
    ConcernEntry,
    Decision,
    Notification,
    StatutoryReferral,
)
from wingman.safeguarding.services import concerns
from wingman.safeguarding.services.notify import send_notifications

WEDNESDAY = {
    "category": "domestic_abuse_victim",
    "happened_on": date.today() - timedelta(days=1),
    "place": "Her flat",
    "seen_and_heard": "Bruising on her arm. She said her boyfriend hit her and she is using again.",
    "own_words": "He hit me when I said I was going to my mum's.",
    "action_taken": "Gave her the refuge number; told her I would speak to our lead today.",
}


def raise_one(world, values=None, actor=None, **kwargs):
    concern, _ = concerns.concern_raise(
        actor=actor or world["users"][Role.CASEWORKER],
        client=world["clients"]["own"],
        values=values or dict(WEDNESDAY),
        **kwargs,
    )
    return concern


def test_raising_a_concern_keeps_the_account_and_starts_the_triage_clock(world):
    before = timezone.now()
    concern = raise_one(world)
    entry = concern.entries.get()
    assert entry.kind == "account"
    assert entry.own_words == WEDNESDAY["own_words"]
    assert entry.author_name == str(world["users"][Role.CASEWORKER])
    assert entry.author_role == Role.CASEWORKER
    assert concern.status == "raised"
    assert (
        before + timedelta(hours=4) <= concern.triage_due_at <= timezone.now() + timedelta(hours=4)
    )


def test_the_audit_row_names_the_concern_but_holds_none_of_the_account(world):
    concern = raise_one(world)
    rows = AuditEvent.objects.filter(client_id=concern.client_id)
    text = " ".join(f"{r.summary} {r.changes}" for r in rows)
    assert "Safeguarding concern raised" in text
    for words in ("boyfriend", "mum's", "refuge", "Her flat"):
        assert words not in text


def test_the_lead_is_notified_after_commit_with_no_content(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    lead = world["users"][Role.SAFEGUARDING_LEAD]
    lead.email = "lead@example.org"
    lead.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        concern = raise_one(world)
        assert Notification.objects.filter(recipient=lead, concern=concern).exists()
        assert mailoutbox == []  # nothing sent before the commit
    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 1
    body = mailoutbox[0].body + mailoutbox[0].subject
    assert "Domestic abuse" in body or "domestic abuse" in body
    assert str(world["users"][Role.CASEWORKER]) in body
    assert f"/safeguarding/concerns/{concern.pk}/" in body
    for words in ("boyfriend", "mum's", "refuge", "flat", "Own"):
        assert words not in body
    assert Notification.objects.get(recipient=lead).emailed_at is not None


def test_a_concern_rolled_back_never_notifies(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    lead = world["users"][Role.SAFEGUARDING_LEAD]
    lead.email = "lead@example.org"
    lead.save()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                raise_one(world)
                raise RuntimeError("the request failed after the concern was saved")
        except RuntimeError:
            pass
    assert callbacks == []
    assert mailoutbox == []
    assert not Notification.objects.exists()
    assert not Concern.objects.exists()


def test_an_email_that_fails_stays_in_the_outbox_and_goes_on_the_next_try(
    world, settings, mailoutbox
):
    lead = world["users"][Role.SAFEGUARDING_LEAD]
    lead.email = "lead@example.org"
    lead.save()
    concern = raise_one(world)
    working = settings.MAILERS
    settings.MAILERS = {"default": {"BACKEND": "wingman.accounts.tests.failing_mail.Backend"}}
    assert send_notifications() == 0
    notification = Notification.objects.get(concern=concern)
    assert notification.emailed_at is None and notification.email_attempts == 1
    settings.MAILERS = working
    assert send_notifications() == 1
    assert Notification.objects.unsent().count() == 0


def test_a_volunteer_raises_a_concern_but_cannot_read_it_back(world):
    volunteer = world["users"][Role.VOLUNTEER]
    client = world["clients"]["own"]
    client.caseworker = volunteer
    client.save()
    concern, _ = concerns.concern_raise(actor=volunteer, client=client, values=dict(WEDNESDAY))
    assert not Concern.objects.visible_to(volunteer).filter(pk=concern.pk).exists()
    assert (
        Concern.objects.visible_to(world["users"][Role.SAFEGUARDING_LEAD])
        .filter(pk=concern.pk)
        .exists()
    )


def test_the_administrator_the_funder_and_the_dpo_cannot_raise_concerns(world):
    for role in (Role.ADMINISTRATOR, Role.FUNDER, Role.DATA_PROTECTION_OFFICER):
        with pytest.raises(NotAllowed):
            raise_one(world, actor=world["users"][role])


def test_an_allegation_is_hidden_from_the_member_of_staff_it_is_about_whatever_their_role(world):
    users = world["users"]
    for role in (Role.MANAGER, Role.SAFEGUARDING_LEAD, Role.CASEWORKER):
        subject = users[role]
        values = {**WEDNESDAY, "category": "staff_allegation", "about_staff_id": subject.pk}
        concern = raise_one(world, values=values, actor=world["colleague"])
        readers = {
            r
            for r, u in users.items()
            if Concern.objects.visible_to(u).filter(pk=concern.pk).exists()
        }
        assert subject.role not in readers
        assert readers <= {Role.MANAGER, Role.SAFEGUARDING_LEAD}
        for model in (ConcernEntry, Decision):
            assert not model.objects.visible_to(subject).filter(concern=concern).exists()
        assert not Notification.objects.filter(concern=concern, recipient=subject).exists()


def test_an_allegation_notifies_the_manager_and_the_lead_only(world):
    users = world["users"]
    values = {**WEDNESDAY, "category": "staff_allegation", "about_staff_id": world["colleague"].pk}
    concern = raise_one(world, values=values)
    told = {n.recipient.role for n in Notification.objects.filter(concern=concern)}
    assert told == {Role.MANAGER, Role.SAFEGUARDING_LEAD}
    assert users[Role.CASEWORKER].pk not in {n.recipient_id for n in Notification.objects.all()}


def test_an_allegation_must_name_a_member_of_staff_of_the_organisation(world):
    with pytest.raises(ServiceError) as error:
        raise_one(world, values={**WEDNESDAY, "category": "staff_allegation"})
    assert error.value.field == "about_staff_id"
    stranger = UserFactory(
        team=TeamFactory(
            borough=BoroughFactory(organisation=OrganisationFactory(name="Another trust"))
        )
    )
    with pytest.raises(ServiceError):
        raise_one(
            world,
            values={**WEDNESDAY, "category": "staff_allegation", "about_staff_id": stranger.pk},
        )
    assert not Concern.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"category": ""}, "category"),
        ({"category": "gossip"}, "category"),
        ({"seen_and_heard": "   "}, "seen_and_heard"),
        ({"happened_on": date.today() + timedelta(days=1)}, "happened_on"),
        ({"own_words": "x" * 20_001}, "own_words"),
    ],
)
def test_bad_input_gets_a_clear_message_and_changes_nothing(world, change, field):
    with pytest.raises(ServiceError) as error:
        raise_one(world, values={**WEDNESDAY, **change})
    assert error.value.field == field
    assert not Concern.objects.exists() and not ConcernEntry.objects.exists()


def test_the_same_form_sent_twice_raises_one_concern(world):
    token = "2f1d7d43-53f8-4b52-9fd4-7b1a1b0c2d11"
    first = raise_one(world, token=token)
    second = raise_one(world, token=token)
    assert first.pk == second.pk and Concern.objects.count() == 1


def test_a_saved_entry_cannot_be_changed_or_removed_by_code(world):
    entry = raise_one(world).entries.get()
    entry.seen_and_heard = "Something else"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        ConcernEntry.objects.filter(pk=entry.pk).update(seen_and_heard="Something else")
    with pytest.raises(AppendOnlyError):
        entry.delete()


@pytest.mark.parametrize("table", ["safeguarding_concernentry", "safeguarding_decision"])
def test_the_database_refuses_to_change_or_remove_the_chronology(world, table):
    concern = raise_one(world)
    lead = world["users"][Role.SAFEGUARDING_LEAD]
    concerns.concern_triage(
        actor=lead, concern=concern, values={"grade": "red", "rationale": "Now"}
    )
    column = "seen_and_heard" if table.endswith("entry") else "rationale"
    for sql in (f"UPDATE {table} SET {column} = 'changed'", f"DELETE FROM {table}"):
        with (
            pytest.raises((DatabaseError, IntegrityError)),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    assert ConcernEntry.objects.get(concern=concern).seen_and_heard == WEDNESDAY["seen_and_heard"]


def test_a_correction_is_a_new_entry_and_the_original_stays(world):
    concern = raise_one(world)
    original = concern.entries.get()
    entry, _ = concerns.entry_add(
        actor=world["users"][Role.CASEWORKER],
        concern=concern,
        values={
            "kind": "correction",
            "corrects_id": original.pk,
            "seen_and_heard": "It was Tuesday, not Wednesday.",
        },
    )
    assert entry.corrects == original
    assert list(concern.entries.values_list("kind", flat=True)) == ["account", "correction"]
    assert ConcernEntry.objects.get(pk=original.pk).seen_and_heard == WEDNESDAY["seen_and_heard"]


def test_the_wednesday_disclosure_triaged_red_referred_to_marac_and_closed(world):
    lead = world["users"][Role.SAFEGUARDING_LEAD]
    concern = raise_one(world)
    concern = concerns.concern_triage(
        actor=lead,
        concern=concern,
        values={"grade": "red", "rationale": "Violence, and using again"},
    )
    assert concern.status == "triaged" and concern.grade == "red"
    assert concern.action_due_at == concern.triaged_at + timedelta(hours=4)
    referral, _ = concerns.referral_make(
        actor=lead,
        concern=concern,
        values={
            "service": "marac",
            "made_on": date.today(),
            "reference": "MARAC-2026-114",
            "rationale": "High risk DASH",
        },
    )
    assert referral.decision.kind == "refer"
    assert Concern.objects.get(pk=concern.pk).action_taken_at is not None
    referral = concerns.referral_update(
        actor=lead,
        referral=referral,
        changes={"feedback_on": date.today(), "feedback": "Heard at MARAC; safety plan agreed"},
        expected_version=referral.version,
    )
    closed = concerns.concern_close(
        actor=lead,
        concern=concern,
        values={"rationale": "Safety plan in place; she has moved to her mum's"},
    )
    assert closed.status == "closed"
    kinds = list(closed.decisions.values_list("kind", flat=True))
    assert kinds == ["triage", "refer", "close"]
    assert StatutoryReferral.objects.get().reference == "MARAC-2026-114"


def test_closing_needs_a_reason_and_a_triaged_concern(world):
    lead = world["users"][Role.SAFEGUARDING_LEAD]
    concern = raise_one(world)
    with pytest.raises(InvalidTransition):
        concerns.concern_close(actor=lead, concern=concern, values={"rationale": "Done"})
    concerns.concern_triage(
        actor=lead, concern=concern, values={"grade": "green", "rationale": "Low"}
    )
    with pytest.raises(ServiceError) as error:
        concerns.concern_close(actor=lead, concern=concern, values={"rationale": " "})
    assert error.value.field == "rationale"
    assert Concern.objects.get(pk=concern.pk).status == "triaged"


def test_a_decision_not_to_refer_is_recorded_with_its_reason(world):
    lead = world["users"][Role.SAFEGUARDING_LEAD]
    concern = raise_one(world)
    concerns.concern_triage(
        actor=lead, concern=concern, values={"grade": "amber", "rationale": "Watch"}
    )
    decision, _ = concerns.decision_record(
        actor=lead,
        concern=concern,
        values={"kind": "not_refer", "rationale": "She is safe at her mum's; threshold not met"},
    )
    assert decision.kind == "not_refer" and "threshold" in decision.rationale


def test_only_the_lead_triages_decides_and_closes(world):
    concern = raise_one(world)
    for role in (Role.CASEWORKER, Role.SENIOR_CASEWORKER, Role.MANAGER):
        with pytest.raises(NotAllowed):
            concerns.concern_triage(
                actor=world["users"][role],
                concern=concern,
                values={"grade": "red", "rationale": "x"},
            )
    assert Concern.objects.get(pk=concern.pk).status == "raised"


def test_a_manager_acts_on_an_allegation_against_the_lead(world):
    users = world["users"]
    values = {
        **WEDNESDAY,
        "category": "staff_allegation",
        "about_staff_id": users[Role.SAFEGUARDING_LEAD].pk,
    }
    concern = raise_one(world, values=values)
    with pytest.raises(NotAllowed):
        concerns.concern_triage(
            actor=users[Role.SAFEGUARDING_LEAD],
            concern=concern,
            values={"grade": "red", "rationale": "x"},
        )
    triaged = concerns.concern_triage(
        actor=users[Role.MANAGER],
        concern=concern,
        values={"grade": "red", "rationale": "LADO today"},
    )
    assert triaged.grade == "red"


def test_the_lead_changes_the_category_with_a_reason_and_the_account_stays(world):
    lead = world["users"][Role.SAFEGUARDING_LEAD]
    concern = raise_one(world)
    changed = concerns.concern_change_details(
        actor=lead,
        concern=concern,
        changes={"category": "threats", "rationale": "It was her ex's friends, not her partner"},
        expected_version=concern.version,
    )
    assert changed.category == "threats"
    decision = changed.decisions.get(kind="details")
    assert decision.changed == "Changed: Category"
    assert changed.entries.get().seen_and_heard == WEDNESDAY["seen_and_heard"]
    with pytest.raises(NotAllowed):
        concerns.concern_change_details(
            actor=world["users"][Role.CASEWORKER],
            concern=changed,
            changes={"category": "weapons", "rationale": "x"},
            expected_version=changed.version,
        )


def test_the_outbox_command_sends_what_is_waiting(world, settings, mailoutbox):
    from io import StringIO

    from django.core.management import call_command

    lead = world["users"][Role.SAFEGUARDING_LEAD]
    lead.email = "lead@example.org"
    lead.save()
    working = settings.MAILERS
    settings.MAILERS = {"default": {"BACKEND": "wingman.accounts.tests.failing_mail.Backend"}}
    raise_one(world)
    send_notifications()
    settings.MAILERS = working
    out = StringIO()
    call_command("send_notifications", stdout=out)
    assert out.getvalue().strip() == "1 sent; 0 still waiting"
    assert len(mailoutbox) == 1


def test_no_safeguarding_record_is_in_the_back_office():
    from django.contrib import admin

    registered = {model._meta.label_lower for model in admin.site._registry}
    assert not registered & {
        "safeguarding.concern",
        "safeguarding.concernentry",
        "safeguarding.decision",
        "safeguarding.involved",
        "safeguarding.statutoryreferral",
        "safeguarding.riskflag",
        "safeguarding.notification",
    }
