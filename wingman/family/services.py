"""Changes to the people around a client: adding someone (or linking someone already known
through another client), the relationship, the flag for prevention work, who took part in a
family session, and signposting someone who is not the client.

Every change is checked against the actor's role, audited in its own transaction, and refused
in plain words (`ServiceError(field=...)`) so the pages and the API say the same."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from wingman.accounts import permissions
from wingman.accounts.models import User
from wingman.audit.models import AuditEvent
from wingman.audit.services import record_change, snapshot
from wingman.casework.choices import ContactType
from wingman.casework.models import Contact
from wingman.casework.services import contact_log, open_journey_of
from wingman.core.errors import NotAllowed, ServiceError
from wingman.core.once import once
from wingman.core.pathways import Pathway
from wingman.core.services import audited_create, versioned_update
from wingman.core.validation import DateRule, check_lengths, past_date, years_from
from wingman.people.models import Client

from .choices import RelationshipKind
from .models import Person, Relationship, SessionParticipant, Signposting

# A relative may be a newborn or a great-grandparent.
OLDEST_RELATIVE = 110
PERSON_BORN = DateRule(
    field="date_of_birth",
    label="Date of birth",
    earliest=lambda now: years_from(now, -OLDEST_RELATIVE),
    latest=lambda now: now,
    future="{label} must be today or in the past",
)
AT_RISK_SINCE = past_date("at_risk_since", "Date flagged")
SIGNPOSTED_ON = past_date("given_on", "Date of the signposting")

PERSON_FIELDS = ("given_name", "family_name", "date_of_birth", "phone", "note")
RELATIONSHIP_FIELDS = ("kind", "described_as", "lives_with_client", "emergency_contact", "note")
SIGNPOSTING_FIELDS = (
    "name",
    "relation",
    "organisation",
    "service",
    "contact_given",
    "pathway",
    "given_on",
    "note",
)
REQUIRED_GIVEN_NAME = "Enter their first name"
REQUIRED_KIND = "Choose who they are to the client"
REQUIRED_RISK_NOTE = "Enter why they are at risk of recruitment"
REQUIRED_ORGANISATION = "Enter the organisation they were pointed to"
REQUIRED_PATHWAY = "Choose why they were signposted"
REQUIRED_WHO = "Choose someone among the client's people, or enter the name of who was signposted"
NOT_AMONG_PEOPLE = "Choose someone among the client's people"
NOT_A_PERSON_YOU_SEE = "Choose someone you work with through one of your clients"
SESSION_ONLY = "Only a family session can name the relatives who took part"

# How each record's fields are named on the pages, where the model names them otherwise.
PERSON_LABELS = {"note": "Note about them"}
SIGNPOSTING_LABELS = {"name": "Name", "relation": "Who they are to the client"}


def _require_casework(actor: User) -> None:
    if not permissions.records_casework(actor):
        raise NotAllowed("Your role cannot record casework.")


def _text(values: dict[str, Any], name: str) -> str:
    return str(values.get(name) or "").strip()


# Checks shared by every channel --------------------------------------------------------------


def check_person_fields(values: dict[str, Any]) -> dict[str, Any]:
    """The person's own details, tidied, or a refusal: a first name is needed, a date of birth
    cannot be in the future, and every text fits."""
    cleaned = {k: values[k] for k in PERSON_FIELDS if k in values}
    for name in ("given_name", "family_name", "phone"):
        if name in cleaned:
            cleaned[name] = _text(cleaned, name)
    if "given_name" in cleaned and not cleaned["given_name"]:
        raise ServiceError(REQUIRED_GIVEN_NAME, field="given_name")
    PERSON_BORN.check(cleaned.get("date_of_birth"))
    check_lengths(Person, cleaned, labels=PERSON_LABELS)
    return cleaned


def check_relationship_fields(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = {k: values[k] for k in RELATIONSHIP_FIELDS if k in values}
    if "kind" in cleaned and cleaned["kind"] not in RelationshipKind.values:
        raise ServiceError(REQUIRED_KIND, field="kind")
    if "described_as" in cleaned:
        cleaned["described_as"] = _text(cleaned, "described_as")
    for flag in ("lives_with_client", "emergency_contact"):
        if flag in cleaned:
            cleaned[flag] = bool(cleaned[flag])
    check_lengths(Relationship, cleaned)
    return cleaned


def check_signposting_fields(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = {k: values[k] for k in SIGNPOSTING_FIELDS if k in values}
    for name in ("name", "relation", "organisation", "service", "contact_given"):
        cleaned[name] = _text(cleaned, name)
    cleaned["note"] = str(cleaned.get("note") or "")
    if not cleaned["organisation"]:
        raise ServiceError(REQUIRED_ORGANISATION, field="organisation")
    if cleaned.get("pathway") not in Pathway.values:
        raise ServiceError(REQUIRED_PATHWAY, field="pathway")
    cleaned["given_on"] = cleaned.get("given_on") or timezone.localdate()
    SIGNPOSTED_ON.check(cleaned["given_on"])
    check_lengths(Signposting, cleaned, labels=SIGNPOSTING_LABELS)
    return cleaned


# People and their relationships --------------------------------------------------------------


def _new_relationship(
    *, actor: User, client: Client, person: Person, values: dict[str, Any]
) -> Relationship:
    if "kind" not in values:
        raise ServiceError(REQUIRED_KIND, field="kind")
    return audited_create(
        actor=actor,
        obj=Relationship(person=person, client=client, created_by=actor, **values),
        summary="Person linked to the client",
    )


def person_add(
    *,
    actor: User,
    client: Client,
    person: dict[str, Any],
    relationship: dict[str, Any],
    token: str | None = None,
    fingerprint: str = "",
) -> tuple[Relationship, bool]:
    """Someone new in the client's life: the person and their link to the client, together. A
    form sent twice adds them once."""
    _require_casework(actor)
    details = check_person_fields({"given_name": "", **person})
    values = check_relationship_fields(relationship)
    if "kind" not in values:
        raise ServiceError(REQUIRED_KIND, field="kind")

    def create() -> Relationship:
        with transaction.atomic():
            new = Person(created_by=actor, **details)
            new.save()
            # Written against the client, so the client's access record shows who added them.
            record_change(
                actor=actor,
                action=AuditEvent.Action.CREATE,
                obj=new,
                client_id=client.pk,
                changes={k: [None, v] for k, v in snapshot(new).items() if v not in (None, "", [])},
                summary="Person added",
            )
            return _new_relationship(actor=actor, client=client, person=new, values=values)

    return once(token=token, user=actor, model=Relationship, create=create, fingerprint=fingerprint)


def person_link(
    *,
    actor: User,
    client: Client,
    person_id: Any,
    relationship: dict[str, Any],
    token: str | None = None,
    fingerprint: str = "",
) -> tuple[Relationship, bool]:
    """Link someone already known through another of the actor's clients (the mother two
    brothers share). Only a person the actor may see can be linked, and only once per client."""
    _require_casework(actor)
    values = check_relationship_fields(relationship)
    try:
        person = Person.objects.visible_to(actor).get(pk=person_id)
    except (Person.DoesNotExist, ValueError, TypeError):
        raise ServiceError(NOT_A_PERSON_YOU_SEE, field="person_id") from None

    def create() -> Relationship:
        if Relationship.objects.filter(person=person, client=client).exists():
            raise ServiceError(
                f"{person.display_name} is already among {client.display_name}'s people",
                field="person_id",
            )
        return _new_relationship(actor=actor, client=client, person=person, values=values)

    return once(token=token, user=actor, model=Relationship, create=create, fingerprint=fingerprint)


def person_edit(
    *, actor: User, person: Person, changes: dict[str, Any], expected_version: int
) -> Person:
    """Change a person's own details (seen by everyone who works with any of their clients)."""
    _require_casework(actor)
    values = check_person_fields(changes)
    return versioned_update(
        actor=actor,
        obj=person,
        changes=values,
        expected_version=expected_version,
        summary="Person's details changed",
    )


def relationship_edit(
    *,
    actor: User,
    relationship: Relationship,
    changes: dict[str, Any],
    expected_version: int,
) -> Relationship:
    _require_casework(actor)
    values = check_relationship_fields(changes)
    return versioned_update(
        actor=actor,
        obj=relationship,
        changes=values,
        expected_version=expected_version,
        summary="Relationship changed",
    )


def relationship_flag_at_risk(
    *,
    actor: User,
    relationship: Relationship,
    note: str,
    since: date | None = None,
    expected_version: int,
) -> Relationship:
    """Flag someone at risk of recruitment, for prevention work: why, and since when. Flagging
    again changes the note and the date."""
    _require_casework(actor)
    note = (note or "").strip()
    if not note:
        raise ServiceError(REQUIRED_RISK_NOTE, field="at_risk_note")
    since = since or timezone.localdate()
    AT_RISK_SINCE.check(since)
    check_lengths(Relationship, {"at_risk_note": note})
    return versioned_update(
        actor=actor,
        obj=relationship,
        changes={"at_risk": True, "at_risk_note": note, "at_risk_since": since},
        expected_version=expected_version,
        summary="Flagged at risk of recruitment",
    )


def relationship_unflag(
    *, actor: User, relationship: Relationship, expected_version: int
) -> Relationship:
    """No longer at risk: the flag, its note and its date go (the audit trail keeps them)."""
    _require_casework(actor)
    return versioned_update(
        actor=actor,
        obj=relationship,
        changes={"at_risk": False, "at_risk_note": "", "at_risk_since": None},
        expected_version=expected_version,
        summary="No longer flagged at risk of recruitment",
    )


# Family sessions -------------------------------------------------------------------------


def _relatives_of(client_id: int, ids: Iterable[Any]) -> list[Relationship]:
    wanted = set()
    for value in ids:
        try:
            wanted.add(int(value))
        except (TypeError, ValueError):
            raise ServiceError(NOT_AMONG_PEOPLE, field="relationship_ids") from None
    found = list(Relationship.objects.filter(client_id=client_id, pk__in=wanted))
    if len(found) != len(wanted):
        raise ServiceError(NOT_AMONG_PEOPLE, field="relationship_ids")
    return found


def family_session_people_set(
    *, actor: User, contact: Contact, relationship_ids: Iterable[Any]
) -> list[Relationship]:
    """Name which of the client's people took part in a family session (replacing any named
    before). Only the contact's own client's people can be named."""
    _require_casework(actor)
    if contact.contact_type != ContactType.FAMILY_SESSION:
        raise ServiceError(SESSION_ONLY, field="relationship_ids")
    chosen = _relatives_of(contact.client_id, relationship_ids)
    with transaction.atomic():
        existing = SessionParticipant.objects.filter(contact=contact)
        before = sorted(existing.values_list("relationship_id", flat=True))
        after = sorted(r.pk for r in chosen)
        if before == after:
            return chosen
        existing.exclude(relationship_id__in=after).delete()
        SessionParticipant.objects.bulk_create(
            [
                SessionParticipant(contact=contact, relationship_id=pk)
                for pk in after
                if pk not in before
            ]
        )
        record_change(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=contact,
            client_id=contact.client_id,
            changes={"relatives_present": [before, after]},
            summary="Relatives at the family session named",
        )
    return chosen


def family_session_log(
    *,
    actor: User,
    client: Client,
    data: dict[str, Any],
    relationship_ids: Iterable[Any] = (),
    token: str | None = None,
) -> tuple[Contact, bool]:
    """Log a family session as a contact, naming the relatives who took part, in one go. A form
    sent twice logs one session."""
    _require_casework(actor)
    ids = list(relationship_ids)
    _relatives_of(client.pk, ids)
    with transaction.atomic():
        contact, created = contact_log(
            actor=actor,
            client=client,
            data={**data, "contact_type": ContactType.FAMILY_SESSION},
            token=token,
        )
        if created and ids:
            family_session_people_set(actor=actor, contact=contact, relationship_ids=ids)
    return contact, created


# Signposting ---------------------------------------------------------------------------------


def signposting_record(
    *,
    actor: User,
    client: Client,
    data: dict[str, Any],
    token: str | None = None,
    fingerprint: str = "",
) -> tuple[Signposting, bool]:
    """Record pointing someone who is not the client to help (a helpline number, a service).
    It is about them, not a referral of the client. They are one of the client's people, or
    just a name and who they are to the client."""
    _require_casework(actor)
    values = check_signposting_fields(data)
    person: Person | None = None
    if data.get("person_id"):
        relationship = (
            Relationship.objects.filter(client=client, person_id=data["person_id"])
            .select_related("person")
            .first()
            if str(data["person_id"]).isdigit()
            else None
        )
        if relationship is None:
            raise ServiceError(NOT_AMONG_PEOPLE, field="person_id")
        person = relationship.person
        values["name"] = ""
        values["relation"] = values["relation"] or relationship.describe()
    elif not values["name"]:
        raise ServiceError(REQUIRED_WHO, field="name")

    def create() -> Signposting:
        return audited_create(
            actor=actor,
            obj=Signposting(
                client=client,
                journey=open_journey_of(client),
                person=person,
                recorded_by=actor,
                **values,
            ),
            summary="Signposting recorded",
        )

    return once(token=token, user=actor, model=Signposting, create=create, fingerprint=fingerprint)
