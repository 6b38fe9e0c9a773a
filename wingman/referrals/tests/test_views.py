from datetime import date

import pytest
from django.utils import timezone

from testing.factories import ReferralFactory, UserFactory
from testing.helpers import date_boxes, sign_in
from wingman.accounts.choices import Role
from wingman.core.models import FormSubmission
from wingman.people.models import Client
from wingman.referrals.choices import ReferralState
from wingman.referrals.models import Referral


@pytest.fixture
def caseworker(db):
    return UserFactory(role=Role.CASEWORKER)


def new_referral_data(caseworker, token):
    return {
        "person-given_name": "Amara",
        "person-family_name": "Okafor",
        **date_boxes("person-date_of_birth", date(2008, 4, 2)),
        "source": "self",
        "reason": "Wants out of a newly forming gang; scared",
        **date_boxes("received_on", timezone.localdate()),
        "team": caseworker.team_id,
        "form_token": token,
    }


def test_a_caseworker_records_a_walk_in_referral(client, caseworker):
    sign_in(client, caseworker)
    response = client.post(
        "/referrals/new/", new_referral_data(caseworker, FormSubmission.new_token())
    )
    referral = Referral.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/referrals/{referral.pk}/"
    assert referral.client.given_name == "Amara"
    assert client.get(f"/referrals/{referral.pk}/").status_code == 200


def test_a_referral_form_sent_twice_records_one_referral(client, caseworker):
    sign_in(client, caseworker)
    data = new_referral_data(caseworker, FormSubmission.new_token())
    first = client.post("/referrals/new/", data)
    second = client.post("/referrals/new/", data)
    assert Referral.objects.count() == 1 and Client.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_an_empty_referral_form_shows_the_errors_and_saves_nothing(client, caseworker):
    sign_in(client, caseworker)
    response = client.post("/referrals/new/", {"form_token": FormSubmission.new_token()})
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert not Referral.objects.exists()


def test_accepting_as_unfunded_from_the_page_opens_the_journey(client, caseworker):
    referral = ReferralFactory(client__team=caseworker.team, client__caseworker=caseworker)
    sign_in(client, caseworker)
    response = client.post(
        f"/referrals/{referral.pk}/accept-unfunded/",
        {"reason": "No funding covers her; seen today", "stage": "community"},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.state == ReferralState.ACCEPTED_UNFUNDED
    page = client.get(f"/clients/{referral.client_id}/")
    assert b"Unfunded" in page.content


def test_declining_without_a_reason_is_refused_with_a_message(client, caseworker):
    referral = ReferralFactory(client__team=caseworker.team, client__caseworker=caseworker)
    sign_in(client, caseworker)
    response = client.post(f"/referrals/{referral.pk}/decline/", {"reason": ""})
    assert response.status_code == 200 and b"There is a problem" in response.content
    referral.refresh_from_db()
    assert referral.state == ReferralState.RECEIVED


def test_an_unknown_decision_is_not_found(client, caseworker):
    referral = ReferralFactory(client__team=caseworker.team, client__caseworker=caseworker)
    sign_in(client, caseworker)
    assert client.get(f"/referrals/{referral.pk}/approve-everything/").status_code == 404
