import pytest

from testing.factories import BoroughFactory, UserFactory
from testing.helpers import sign_in
from wingman.accounts.choices import Role
from wingman.referrals.models import FundingStream


def test_the_back_office_sends_visitors_to_the_two_factor_sign_in(client, db):
    response = client.get("/back-office/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/sign-in/")


def test_an_administrator_configures_a_funding_stream(client, db):
    admin = UserFactory(role=Role.ADMINISTRATOR, team=None, is_staff=True, is_superuser=True)
    borough = BoroughFactory()
    sign_in(client, admin)
    assert client.get("/back-office/").status_code == 200
    response = client.post(
        "/back-office/referrals/fundingstream/add/",
        {
            "borough": borough.pk,
            "name": "Custody leavers",
            "cohort": "custody_leavers",
            "min_age": 16,
            "max_age": 25,
            "capacity": 20,
            "starts_on": "2026-04-01",
        },
    )
    assert response.status_code == 302
    assert FundingStream.objects.filter(name="Custody leavers", borough=borough).exists()


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.MANAGER, Role.DATA_PROTECTION_OFFICER])
def test_staff_flag_alone_does_not_open_the_back_office_to_other_roles(client, db, role):
    user = UserFactory(role=role, is_staff=True, is_superuser=True)
    sign_in(client, user)
    response = client.get("/back-office/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_back_office_offers_no_client_records(client, db):
    admin = UserFactory(role=Role.ADMINISTRATOR, team=None, is_staff=True, is_superuser=True)
    sign_in(client, admin)
    assert client.get("/back-office/people/client/").status_code == 404
