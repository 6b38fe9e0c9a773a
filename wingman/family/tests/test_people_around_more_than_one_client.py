"""One person in the lives of two clients in different teams (ADR 0014): each team sees the
person, but only the link to its own client, never the other team's link, its notes or its
flag, and nothing that says the other link exists."""

from typing import Any

import pytest
from django.test import Client as PageClient
from django.urls import reverse

from testing.helpers import sign_in
from wingman.accounts.choices import Role
from wingman.accounts.models import User
from wingman.api.services import api_token_issue
from wingman.api.tests.conftest import ApiClient
from wingman.audit.models import AccessEvent
from wingman.family import services
from wingman.family.models import Person, Relationship
from wingman.family.selectors import people_to_link

TEAM_A1_NOTE = "She walks him to the bus stop every morning"
TEAM_A2_NOTE = "Has told us the older brother owes money to the Estate boys"
TEAM_A2_RISK = "Seen with older boys from the estate after school"


@pytest.fixture
def mother(world: dict[str, Any]) -> dict[str, Any]:
    """The manager, who sees both teams in borough A, records the mother on the other team's
    client, then links her to the caseworker's own client; the other team flags her as at
    risk (a young mother groomed to hold drugs) and writes a note only they should read."""
    manager = world["users"][Role.MANAGER]
    own, other = world["clients"]["own"], world["clients"]["other_team"]
    theirs, _ = services.person_add(
        actor=manager,
        client=other,
        person={"given_name": "Denise", "family_name": "Okafor", "phone": "07700 900456"},
        relationship={"kind": "parent", "note": TEAM_A2_NOTE, "lives_with_client": True},
    )
    services.relationship_flag_at_risk(
        actor=manager, relationship=theirs, note=TEAM_A2_RISK, expected_version=1
    )
    ours, _ = services.person_link(
        actor=manager,
        client=own,
        person_id=theirs.person_id,
        relationship={"kind": "parent", "note": TEAM_A1_NOTE},
    )
    return {"person": theirs.person, "ours": ours, "theirs": theirs}


def page_as(user: Any) -> PageClient:
    http = PageClient()
    sign_in(http, user)
    return http


def api_for(user: Any) -> ApiClient:
    _token, key = api_token_issue(actor=None, user=user, name="Test")
    return ApiClient(key)


def test_each_team_sees_the_person_but_only_the_link_to_its_own_client(world, mother):
    person, ours, theirs = mother["person"], mother["ours"], mother["theirs"]
    own, other = world["clients"]["own"], world["clients"]["other_team"]
    caseworker = world["users"][Role.CASEWORKER]

    html = page_as(caseworker).get(reverse("family:person", args=[person.pk])).content.decode()

    assert "Denise Okafor" in html and "07700 900456" in html
    assert own.display_name in html and TEAM_A1_NOTE in html
    assert other.display_name not in html
    assert TEAM_A2_NOTE not in html and TEAM_A2_RISK not in html
    assert "govuk-tag--red" not in html
    assert f"/clients/{other.pk}/" not in html
    assert f"/relationships/{theirs.pk}/" not in html

    their_caseworker = User.objects.get(username="otherteam")
    html = page_as(their_caseworker).get(reverse("family:person", args=[person.pk])).content
    text = html.decode()
    assert other.display_name in text and TEAM_A2_NOTE in text and TEAM_A2_RISK in text
    assert own.display_name not in text and TEAM_A1_NOTE not in text
    assert ours.pk not in Relationship.objects.visible_to(their_caseworker).values_list(
        "pk", flat=True
    )


def test_the_manager_who_sees_both_teams_sees_both_links(world, mother):
    html = (
        page_as(world["users"][Role.MANAGER])
        .get(reverse("family:person", args=[mother["person"].pk]))
        .content.decode()
    )
    assert TEAM_A1_NOTE in html and TEAM_A2_NOTE in html and TEAM_A2_RISK in html


def test_the_api_answers_only_the_links_the_caller_may_see(world, mother):
    person, ours, theirs = mother["person"], mother["ours"], mother["theirs"]
    api = api_for(world["users"][Role.CASEWORKER])

    answer = api.call("get", f"/api/v1/people/{person.pk}").json()
    assert [link["relationship_id"] for link in answer["links"]] == [ours.pk]
    assert TEAM_A2_NOTE not in str(answer) and TEAM_A2_RISK not in str(answer)
    assert api.call("get", f"/api/v1/relationships/{theirs.pk}").status_code == 404
    listed = api.call("get", f"/api/v1/clients/{world['clients']['own'].pk}/relationships")
    assert [r["id"] for r in listed.json()["items"]] == [ours.pk]


def test_the_other_teams_link_cannot_be_read_or_changed_through_its_own_pages(world, mother):
    http = page_as(world["users"][Role.CASEWORKER])
    theirs = mother["theirs"]
    for name in ("family:relationship-edit", "family:at-risk"):
        assert http.get(reverse(name, args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.note == TEAM_A2_NOTE


def test_someone_linked_only_to_another_boroughs_client_is_not_there_at_all(world):
    far = world["clients"]["other_borough"]
    far_caseworker = User.objects.get(username="otherborough")
    made, _ = services.person_add(
        actor=far_caseworker,
        client=far,
        person={"given_name": "Marcus"},
        relationship={"kind": "sibling"},
    )
    caseworker = world["users"][Role.CASEWORKER]
    response = page_as(caseworker).get(reverse("family:person", args=[made.person_id]))
    assert response.status_code == 404
    assert AccessEvent.objects.filter(actor=caseworker, kind=AccessEvent.Kind.DENIED).exists()
    assert not Person.objects.visible_to(caseworker).filter(pk=made.person_id).exists()
    with pytest.raises(services.ServiceError):
        services.person_link(
            actor=caseworker,
            client=world["clients"]["own"],
            person_id=made.person_id,
            relationship={"kind": "sibling"},
        )


def test_searching_for_someone_to_link_names_only_clients_the_searcher_may_see(world, mother):
    """The senior caseworker of team A1 has a second client in their team; searching for the
    mother offers her through team A1's client only, never naming team A2's."""
    senior = world["users"][Role.SENIOR_CASEWORKER]
    same_team = world["clients"]["same_team"]
    choices, named = people_to_link(senior, same_team, "Okafor")
    assert [pk for pk, _label in choices] == [mother["person"].pk]
    label = choices[0][1]
    assert world["clients"]["own"].display_name in label
    assert world["clients"]["other_team"].display_name not in label
    assert named == [world["clients"]["own"].pk]


def test_the_person_page_records_a_list_access_only_for_the_clients_it_shows(world, mother):
    caseworker = world["users"][Role.CASEWORKER]
    page_as(caseworker).get(reverse("family:person", args=[mother["person"].pk]))
    listed = AccessEvent.objects.filter(actor=caseworker, kind=AccessEvent.Kind.LIST)
    assert set(listed.values_list("client_id", flat=True)) == {world["clients"]["own"].pk}
