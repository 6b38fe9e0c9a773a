"""Who reads which borough's monthly report: the answers per role written out by hand."""

import pytest
from django.urls import reverse

from testing.factories import BoroughFactory, FundingStreamFactory, OrganisationFactory, world
from testing.helpers import sign_in
from wingman.accounts.choices import Role
from wingman.audit.models import AccessEvent

# Borough A is the funder's and every staff member's in `world()`; borough B is another of the
# organisation's; a borough of another organisation is nobody's.
EXPECTED = {
    Role.CASEWORKER: {"A": 403, "B": 403, "elsewhere": 403},
    Role.SENIOR_CASEWORKER: {"A": 403, "B": 403, "elsewhere": 403},
    Role.MANAGER: {"A": 200, "B": 200, "elsewhere": 404},
    Role.VOLUNTEER: {"A": 403, "B": 403, "elsewhere": 403},
    Role.SAFEGUARDING_LEAD: {"A": 403, "B": 403, "elsewhere": 403},
    Role.DATA_PROTECTION_OFFICER: {"A": 403, "B": 403, "elsewhere": 403},
    Role.ADMINISTRATOR: {"A": 403, "B": 403, "elsewhere": 403},
    Role.FUNDER: {"A": 200, "B": 404, "elsewhere": 404},
}


@pytest.fixture
def boroughs(db):
    w = world()
    elsewhere = BoroughFactory(organisation=OrganisationFactory(name="Another Trust"))
    a, b = w["boroughs"]
    return w, {"A": a, "B": b, "elsewhere": elsewhere}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_reads_exactly_the_boroughs_it_should(client, boroughs, role):
    w, places = boroughs
    user = w["users"][role]
    sign_in(client, user)
    for name, borough in places.items():
        before = AccessEvent.objects.filter(actor=user, kind=AccessEvent.Kind.DENIED).count()
        response = client.get(
            reverse("reports:monthly", args=[borough.pk]), {"start": "2026-11", "end": "2026-11"}
        )
        assert response.status_code == EXPECTED[role][name], (role, name)
        refused = AccessEvent.objects.filter(actor=user, kind=AccessEvent.Kind.DENIED).count()
        assert (refused == before + 1) == (response.status_code != 200), (role, name)


def test_a_funder_asking_for_a_stream_of_another_borough_gets_404(client, boroughs):
    w, places = boroughs
    other = FundingStreamFactory(borough=places["B"])
    sign_in(client, w["users"][Role.FUNDER])
    url = reverse("reports:monthly", args=[places["A"].pk])
    assert client.get(url, {"stream": other.pk}).status_code == 404
    own = FundingStreamFactory(borough=places["A"], name="Gangs exit")
    page = client.get(url, {"stream": own.pk, "start": "2026-11"})
    assert page.status_code == 200
    assert "Gangs exit" in page.content.decode()


def test_the_report_page_draws_tables_with_hidden_counts_marked(client, boroughs):
    w, places = boroughs
    sign_in(client, w["users"][Role.MANAGER])
    page = client.get(reverse("reports:monthly", args=[places["A"].pk])).content.decode()
    assert 'class="govuk-table"' in page
    assert "Referrals received, by who referred" in page
    assert "Hours by pathway" in page
