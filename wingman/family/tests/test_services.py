"""The rules the people around a client keep, on every channel."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from testing.factories import give_casework
from wingman.accounts.choices import Role
from wingman.audit.models import AuditEvent
from wingman.casework.choices import ContactType
from wingman.casework.models import Contact, PartnerReferral
from wingman.core.errors import EditConflict, NotAllowed, ServiceError
from wingman.family import services
from wingman.family.models import Person, Relationship, SessionParticipant, Signposting


def today():
    return timezone.localdate()


def add(world: dict[str, Any], client: str = "own", **person: Any) -> Relationship:
    made, _ = services.person_add(
        actor=world["users"][Role.CASEWORKER],
        client=world["clients"][client],
        person={"given_name": "Jayden", "family_name": "Example", **person},
        relationship={"kind": "sibling", "described_as": "little brother"},
    )
    return made


def test_adding_someone_makes_the_person_and_their_link_to_the_client_both_audited(world):
    made = add(world, date_of_birth=today() - timedelta(days=365 * 12))
    client = world["clients"]["own"]
    assert made.client == client and made.person.given_name == "Jayden"
    audited = AuditEvent.objects.filter(client_id=client.pk, action=AuditEvent.Action.CREATE)
    assert set(audited.values_list("object_type", flat=True)) >= {
        "family.person",
        "family.relationship",
    }


def test_a_form_sent_twice_adds_the_person_once(world):
    caseworker, client = world["users"][Role.CASEWORKER], world["clients"]["own"]
    token = "6f1c1f1e-3f33-4c38-9a3e-000000000001"
    for _ in range(2):
        services.person_add(
            actor=caseworker,
            client=client,
            person={"given_name": "Jayden"},
            relationship={"kind": "sibling"},
            token=token,
        )
    assert Person.objects.count() == 1 and Relationship.objects.count() == 1


@pytest.mark.parametrize(
    "person, relationship, field",
    [
        ({"given_name": "  "}, {"kind": "sibling"}, "given_name"),
        ({"given_name": "Jay"}, {"kind": "cousin-ish"}, "kind"),
        ({"given_name": "Jay"}, {}, "kind"),
        ({"given_name": "Jay", "date_of_birth": "tomorrow"}, {"kind": "sibling"}, "date_of_birth"),
        ({"given_name": "x" * 101}, {"kind": "sibling"}, "given_name"),
        ({"given_name": "Jay"}, {"kind": "sibling", "note": "x" * 20_001}, "note"),
    ],
)
def test_someone_who_cannot_be_right_is_refused_on_the_field_at_fault(
    world, person, relationship, field
):
    if person.get("date_of_birth") == "tomorrow":
        person["date_of_birth"] = today() + timedelta(days=1)
    with pytest.raises(ServiceError) as refused:
        services.person_add(
            actor=world["users"][Role.CASEWORKER],
            client=world["clients"]["own"],
            person=person,
            relationship=relationship,
        )
    assert refused.value.field == field
    assert not Person.objects.exists()


def test_a_newborn_can_be_recorded_as_the_clients_child(world):
    made = add(world, date_of_birth=today())
    assert made.person.age_on(today()) == 0


def test_roles_that_do_not_record_casework_cannot_add_anyone(world):
    with pytest.raises(NotAllowed):
        services.person_add(
            actor=world["users"][Role.SAFEGUARDING_LEAD],
            client=world["clients"]["own"],
            person={"given_name": "Jay"},
            relationship={"kind": "sibling"},
        )


def test_someone_can_be_linked_to_a_client_only_once(world):
    made = add(world)
    with pytest.raises(ServiceError, match="already among"):
        services.person_link(
            actor=world["users"][Role.CASEWORKER],
            client=world["clients"]["own"],
            person_id=made.person_id,
            relationship={"kind": "sibling"},
        )


def test_flagging_at_risk_needs_why_and_a_date_not_in_the_future(world):
    made = add(world)
    caseworker = world["users"][Role.CASEWORKER]
    with pytest.raises(ServiceError) as no_note:
        services.relationship_flag_at_risk(
            actor=caseworker, relationship=made, note=" ", expected_version=1
        )
    assert no_note.value.field == "at_risk_note"
    with pytest.raises(ServiceError) as future:
        services.relationship_flag_at_risk(
            actor=caseworker,
            relationship=made,
            note="Older boys",
            since=today() + timedelta(days=1),
            expected_version=1,
        )
    assert future.value.field == "at_risk_since"
    flagged = services.relationship_flag_at_risk(
        actor=caseworker, relationship=made, note="Older boys at the gate", expected_version=1
    )
    assert flagged.at_risk and flagged.at_risk_since == today() and flagged.version == 2


def test_taking_the_flag_off_clears_its_note_and_date_and_the_audit_keeps_them(world):
    made = add(world)
    caseworker = world["users"][Role.CASEWORKER]
    services.relationship_flag_at_risk(
        actor=caseworker, relationship=made, note="Older boys at the gate", expected_version=1
    )
    cleared = services.relationship_unflag(actor=caseworker, relationship=made, expected_version=2)
    assert not cleared.at_risk and cleared.at_risk_note == "" and cleared.at_risk_since is None
    last = AuditEvent.objects.filter(object_type="family.relationship").latest("pk")
    assert last.changes["at_risk_note"] == ["Older boys at the gate", ""]


def test_a_relationship_saved_from_an_older_version_is_a_conflict(world):
    made = add(world)
    caseworker = world["users"][Role.CASEWORKER]
    services.relationship_edit(
        actor=caseworker, relationship=made, changes={"lives_with_client": True}, expected_version=1
    )
    with pytest.raises(EditConflict):
        services.relationship_edit(
            actor=caseworker, relationship=made, changes={"note": "x"}, expected_version=1
        )


def signpost(world: dict[str, Any], **data: Any) -> Signposting:
    made, _ = services.signposting_record(
        actor=world["users"][Role.CASEWORKER],
        client=world["clients"]["own"],
        data={
            "organisation": "National Domestic Abuse Helpline",
            "contact_given": "0808 2000 247",
            "pathway": "abuse",
            **data,
        },
    )
    return made


def test_signposting_is_never_a_partner_referral_of_the_client(world):
    made = signpost(world, name="Chantelle", relation="girlfriend")
    assert made.who == "Chantelle" and made.given_on == today()
    assert not PartnerReferral.objects.exists()
    assert not world["clients"]["own"].partner_referrals.exists()


def test_signposting_one_of_the_clients_people_names_them_and_who_they_are(world):
    girlfriend = add(world, given_name="Chantelle")
    made = signpost(world, person_id=girlfriend.person_id)
    assert made.person == girlfriend.person and made.relation == "little brother"


@pytest.mark.parametrize(
    "data, field",
    [
        ({}, "name"),
        ({"name": "Chantelle", "organisation": " "}, "organisation"),
        ({"name": "Chantelle", "pathway": "none"}, "pathway"),
        ({"name": "Chantelle", "given_on": "tomorrow"}, "given_on"),
    ],
)
def test_signposting_that_cannot_be_right_is_refused_on_the_field_at_fault(world, data, field):
    if data.get("given_on") == "tomorrow":
        data["given_on"] = today() + timedelta(days=1)
    with pytest.raises(ServiceError) as refused:
        signpost(world, **data)
    assert refused.value.field == field
    assert not Signposting.objects.exists()


def test_only_the_clients_own_people_can_be_signposted_by_name(world):
    elsewhere = add(world, client="same_team")
    with pytest.raises(ServiceError) as refused:
        services.signposting_record(
            actor=world["users"][Role.SENIOR_CASEWORKER],
            client=world["clients"]["own"],
            data={"person_id": elsewhere.person_id, "organisation": "Helpline", "pathway": "abuse"},
        )
    assert refused.value.field == "person_id"


def test_a_family_session_names_the_relatives_who_took_part(world):
    mum = add(world, given_name="Denise")
    brother = add(world, given_name="Jayden", family_name="Other")
    contact, created = services.family_session_log(
        actor=world["users"][Role.CASEWORKER],
        client=world["clients"]["own"],
        data={"occurred_on": today(), "minutes": 90, "pathways": ["family"]},
        relationship_ids=[mum.pk, str(brother.pk)],
    )
    assert created and contact.contact_type == ContactType.FAMILY_SESSION
    assert set(contact.relatives_present.values_list("pk", flat=True)) == {mum.pk, brother.pk}
    services.family_session_people_set(
        actor=world["users"][Role.CASEWORKER], contact=contact, relationship_ids=[mum.pk]
    )
    assert list(contact.relatives_present.values_list("pk", flat=True)) == [mum.pk]


def test_only_a_family_session_and_only_the_clients_own_people(world):
    caseworker, client = world["users"][Role.CASEWORKER], world["clients"]["own"]
    give_casework(client, caseworker)
    mine = add(world)
    with pytest.raises(ServiceError):
        services.family_session_people_set(
            actor=caseworker, contact=client.contact, relationship_ids=[mine.pk]
        )
    session = Contact.objects.create(
        client=client,
        occurred_on=today(),
        minutes=60,
        contact_type=ContactType.FAMILY_SESSION,
        author=caseworker,
    )
    someone_elses = add(world, client="same_team")
    with pytest.raises(ServiceError):
        services.family_session_people_set(
            actor=caseworker, contact=session, relationship_ids=[someone_elses.pk]
        )
    assert not SessionParticipant.objects.exists()
