"""Clients through the API: the same scope, identifiers and audit as the pages."""

from wingman.accounts.choices import Role
from wingman.accounts.models import Borough, Organisation
from wingman.audit.models import AccessEvent, AuditEvent
from wingman.people.models import Client

CLIENTS = "/api/v1/clients"


def test_the_list_shows_only_clients_in_scope_and_logs_each_as_seen(world, api_as):
    user = world["users"][Role.SENIOR_CASEWORKER]
    response = api_as(user).get(CLIENTS)
    assert response.status_code == 200
    body = response.json()
    expected = {world["clients"]["own"].pk, world["clients"]["same_team"].pk}
    assert body["count"] == 2
    assert {c["id"] for c in body["items"]} == expected
    logged = AccessEvent.objects.filter(actor=user, kind=AccessEvent.Kind.LIST)
    assert set(logged.values_list("client_id", flat=True)) == expected
    assert all(event.channel == "api" for event in logged)


def test_the_list_pages_and_logs_only_the_page_returned(world, api_as):
    user = world["users"][Role.DATA_PROTECTION_OFFICER]
    body = api_as(user).get(f"{CLIENTS}?limit=1&offset=1").json()
    assert body["count"] == 4
    assert len(body["items"]) == 1
    assert AccessEvent.objects.filter(actor=user, kind=AccessEvent.Kind.LIST).count() == 1


def test_the_list_searches_names(world, api_as):
    user = world["users"][Role.MANAGER]
    body = api_as(user).get(f"{CLIENTS}?q=other").json()
    assert [c["id"] for c in body["items"]] == [world["clients"]["other_team"].pk]


def test_a_client_shows_identifiers_to_caseworkers_and_logs_the_view(world, api_as):
    user = world["users"][Role.CASEWORKER]
    own = world["clients"]["own"]
    Client.objects.filter(pk=own.pk).update(prison_number="A1234BC", pnc_number="12/345678A")
    body = api_as(user).get(f"{CLIENTS}/{own.pk}").json()
    assert body["prison_number"] == "A1234BC"
    assert body["pnc_number"] == "12/345678A"
    assert body["stage"] == "community"
    assert AccessEvent.objects.filter(
        actor=user, kind=AccessEvent.Kind.VIEW, object_id=str(own.pk), client_id=own.pk
    ).exists()


def test_a_client_hides_identifiers_from_managers(world, api_as):
    own = world["clients"]["own"]
    Client.objects.filter(pk=own.pk).update(prison_number="A1234BC", pnc_number="12/345678A")
    api = api_as(world["users"][Role.MANAGER])
    detail = api.get(f"{CLIENTS}/{own.pk}").json()
    assert detail["prison_number"] is None
    assert detail["pnc_number"] is None
    listed = api.get(CLIENTS).json()["items"]
    assert all(c["prison_number"] is None and c["pnc_number"] is None for c in listed)


def test_returns_404_for_a_client_in_another_team_the_same_as_for_a_missing_one(world, api_as):
    user = world["users"][Role.SENIOR_CASEWORKER]
    api = api_as(user)
    other = world["clients"]["other_team"]
    out_of_scope = api.get(f"{CLIENTS}/{other.pk}")
    missing = api.get(f"{CLIENTS}/987654")
    assert out_of_scope.status_code == missing.status_code == 404
    assert out_of_scope.content == missing.content
    assert AccessEvent.objects.filter(
        actor=user, kind=AccessEvent.Kind.DENIED, object_id=str(other.pk)
    ).exists()
    assert not AccessEvent.objects.filter(actor=user, kind=AccessEvent.Kind.VIEW).exists()


def test_updating_a_client_changes_the_fields_sent_and_audits_old_and_new(world, api_as):
    user = world["users"][Role.CASEWORKER]
    own = world["clients"]["own"]
    response = api_as(user).patch(
        f"{CLIENTS}/{own.pk}",
        {"version": 1, "preferred_name": "Jay", "gender": "male", "also_a_victim": True},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["version"] == 2
    assert body["display_name"] == "Jay Example"
    own.refresh_from_db()
    assert (own.preferred_name, own.gender, own.also_a_victim) == ("Jay", "male", True)
    event = AuditEvent.objects.get(actor=user, action=AuditEvent.Action.UPDATE, client_id=own.pk)
    assert event.changes["preferred_name"] == ["", "Jay"]
    assert event.channel == "api"


def test_an_update_based_on_an_old_version_gets_409_with_both_versions(world, api_as):
    own = world["clients"]["own"]
    api = api_as(world["users"][Role.CASEWORKER])
    first = api.patch(f"{CLIENTS}/{own.pk}", {"version": 1, "phone": "07700 900001"})
    assert first.status_code == 200
    response = api.patch(f"{CLIENTS}/{own.pk}", {"version": 1, "phone": "07700 900002"})
    assert response.status_code == 409
    body = response.json()
    assert body["current_version"] == 2
    assert body["submitted_version"] == 1
    assert body["current"]["phone"] == "07700 900001"
    assert body["submitted"] == {"phone": "07700 900002"}
    own.refresh_from_db()
    assert own.phone == "07700 900001"


def test_a_manager_cannot_change_identifiers_they_cannot_see(world, api_as):
    own = world["clients"]["own"]
    response = api_as(world["users"][Role.MANAGER]).patch(
        f"{CLIENTS}/{own.pk}", {"version": 1, "prison_number": "Z9999ZZ", "phone": "0207"}
    )
    assert response.status_code == 200
    own.refresh_from_db()
    assert (own.prison_number, own.phone) == ("", "0207")


def test_an_update_with_nothing_to_change_is_refused(world, api_as):
    own = world["clients"]["own"]
    response = api_as(world["users"][Role.CASEWORKER]).patch(f"{CLIENTS}/{own.pk}", {"version": 1})
    assert response.status_code == 422
    own.refresh_from_db()
    assert own.version == 1


def test_a_borough_outside_the_organisation_is_refused(world, api_as):
    elsewhere = Borough.objects.create(
        organisation=Organisation.objects.create(name="Another trust"), name="Elsewhere"
    )
    own = world["clients"]["own"]
    response = api_as(world["users"][Role.CASEWORKER]).patch(
        f"{CLIENTS}/{own.pk}", {"version": 1, "borough_id": elsewhere.pk}
    )
    assert response.status_code == 422
    assert response.json()["field"] == "borough_id"


def test_a_data_protection_officer_reads_but_cannot_change_clients(world, api_as):
    api = api_as(world["users"][Role.DATA_PROTECTION_OFFICER])
    other = world["clients"]["other_borough"]
    assert api.get(f"{CLIENTS}/{other.pk}").status_code == 200
    response = api.patch(f"{CLIENTS}/{other.pk}", {"version": 1, "phone": "0"})
    assert response.status_code == 403
    assert response.json()["detail"]
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE).exists()


def test_a_client_shows_the_actual_release_date_of_the_open_journey(world, api_as):
    from datetime import timedelta

    from django.utils import timezone

    from wingman.casework.choices import Stage
    from wingman.casework.services import journey_move

    user = world["users"][Role.CASEWORKER]
    own = world["clients"]["own"]
    journey = own.journeys.get()
    today = timezone.localdate()
    journey = journey_move(
        actor=user, journey=journey, to=Stage.IN_CUSTODY, on=today - timedelta(days=1)
    )
    assert api_as(user).get(f"{CLIENTS}/{own.pk}").json()["released_on"] is None
    journey_move(actor=user, journey=journey, to=Stage.RELEASE_DAY, on=today)
    body = api_as(user).get(f"{CLIENTS}/{own.pk}").json()
    assert body["stage"] == "release_day" and body["released_on"] == today.isoformat()
