"""Every refused attempt in the organisation, on one page for the data protection officer."""

import pytest

from testing.factories import (
    BoroughFactory,
    ClientFactory,
    OrganisationFactory,
    TeamFactory,
    UserFactory,
)
from testing.helpers import sign_in
from wingman.accounts.choices import Role
from wingman.audit.models import AccessEvent


@pytest.fixture
def dpo(world):
    return world["users"][Role.DATA_PROTECTION_OFFICER]


@pytest.fixture
def attempts(world, client):
    """A caseworker tries a client in another borough, a record that does not exist and a page
    their role may not use; someone in another organisation is refused too."""
    caseworker = world["users"][Role.CASEWORKER]
    far = world["clients"]["other_borough"]
    sign_in(client, caseworker)
    assert client.get(f"/clients/{far.pk}/").status_code == 404
    assert client.get("/contacts/987654/").status_code == 404
    assert client.get(f"/clients/{far.pk}/allocate/").status_code == 403
    stranger_team = TeamFactory(
        borough=BoroughFactory(organisation=OrganisationFactory(name="Another Trust"))
    )
    stranger = UserFactory(role=Role.CASEWORKER, team=stranger_team, first_name="Stranger")
    sign_in(client, stranger)
    assert client.get(f"/clients/{far.pk}/").status_code == 404
    return {"caseworker": caseworker, "far": far, "stranger": stranger}


def refused_page(http, dpo, query=""):
    sign_in(http, dpo)
    response = http.get(f"/audit/refused/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_lists_every_refused_attempt_in_the_organisation_in_words(client, dpo, attempts):
    page = refused_page(client, dpo)
    assert "Refused: tried to open the client record, out of their scope" in page
    assert "Refused: tried to open a contact that does not exist" in page
    assert "Refused: their role may not use this page" in page
    assert "3 refused attempts" in page
    assert "Stranger" not in page


def test_links_to_the_access_record_of_the_client_whose_record_it_was(client, dpo, attempts):
    far = attempts["far"]
    page = refused_page(client, dpo)
    assert f'href="/audit/clients/{far.pk}/"' in page
    assert AccessEvent.objects.filter(actor=dpo, kind="list", client_id=far.pk).exists()


def test_filters_by_person(client, dpo, attempts, world):
    colleague = world["colleague"]
    sign_in(client, colleague)
    client.get(f"/clients/{attempts['far'].pk}/")
    page = refused_page(client, dpo, f"?person={colleague.pk}")
    assert "1 refused attempt matching the filters" in page


def test_a_client_of_another_organisation_is_never_named(client, dpo):
    elsewhere_team = TeamFactory(
        borough=BoroughFactory(organisation=OrganisationFactory(name="Another Trust"))
    )
    elsewhere = ClientFactory(team=elsewhere_team, given_name="Hidden")
    colleague = UserFactory(role=Role.CASEWORKER, team=dpo.team)
    sign_in(client, colleague)
    client.get(f"/clients/{elsewhere.pk}/")
    page = refused_page(client, dpo)
    assert "out of their scope" in page
    assert "Hidden" not in page and f"/audit/clients/{elsewhere.pk}/" not in page
