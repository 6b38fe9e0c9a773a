"""The court API: listing a hearing, an adjournment listing the next one, a reference letter that
must be the client's own."""

from datetime import date, timedelta

from django.test import Client as HttpClient

from wingman.accounts.choices import Role
from wingman.api.services import api_token_issue
from wingman.court.models import Hearing
from wingman.tests.rows.documents import make_document


def headers_for(user):
    _token, key = api_token_issue(actor=None, user=user, name="Integration")
    return {"Authorization": f"Bearer {key}"}


def call(http, method, path, body, headers):
    return getattr(http, method)(
        f"/api/v1{path}", body, content_type="application/json", headers=headers
    )


def test_a_hearing_made_and_adjourned_through_the_api_lists_the_next_one(world):
    http = HttpClient()
    own = world["clients"]["own"]
    headers = headers_for(world["users"][Role.CASEWORKER])
    made = call(
        http,
        "post",
        f"/clients/{own.pk}/hearings",
        {
            "court": "Camberwell Green Youth Court",
            "hearing_on": date.today().isoformat(),
            "charge": "Robbery",
            "stage": "plea",
        },
        headers,
    )
    assert made.status_code == 201, made.content
    hearing = made.json()
    assert hearing["task_id"] is not None
    missing = call(
        http,
        "post",
        f"/hearings/{hearing['id']}/result",
        {"version": hearing["version"], "result": "adjourned"},
        headers,
    )
    assert missing.status_code == 422
    assert missing.json()["field"] == "next_on"
    next_on = (date.today() + timedelta(days=21)).isoformat()
    adjourned = call(
        http,
        "post",
        f"/hearings/{hearing['id']}/result",
        {"version": hearing["version"], "result": "adjourned", "next_on": next_on},
        headers,
    )
    assert adjourned.status_code == 200, adjourned.content
    assert adjourned.json()["status"] == "adjourned"
    following = Hearing.objects.get(follows_id=hearing["id"])
    assert following.hearing_on.isoformat() == next_on
    again = call(
        http,
        "post",
        f"/hearings/{hearing['id']}/result",
        {"version": adjourned.json()["version"], "result": "fine"},
        headers,
    )
    assert again.status_code == 409


def test_a_reference_letter_must_be_a_document_the_caseworker_sees_on_the_clients_record(world):
    http = HttpClient()
    me = world["users"][Role.CASEWORKER]
    own = world["clients"]["own"]
    headers = headers_for(me)
    hearing = Hearing.objects.create(
        client=own,
        court="Youth court",
        hearing_on=date.today(),
        charge="Theft",
        stage="trial",
        created_by=me,
    )
    hidden = make_document(world["clients"]["other_borough"], me)
    refused = call(
        http,
        "patch",
        f"/hearings/{hearing.pk}",
        {"version": 1, "reference_letter_id": hidden.pk},
        headers,
    )
    assert refused.status_code == 404
    mine = make_document(own, me)
    given = call(
        http,
        "patch",
        f"/hearings/{hearing.pk}",
        {"version": 1, "reference_letter_id": mine.pk, "reference_text": "He has changed."},
        headers,
    )
    assert given.status_code == 200, given.content
    assert given.json()["reference_letter_id"] == mine.pk


def test_an_edit_from_an_old_version_answers_409_and_logs_no_contact(world):
    http = HttpClient()
    me = world["users"][Role.CASEWORKER]
    own = world["clients"]["own"]
    headers = headers_for(me)
    hearing = Hearing.objects.create(
        client=own,
        court="Youth court",
        hearing_on=date.today(),
        charge="Theft",
        stage="trial",
        created_by=me,
        version=3,
    )
    stale = {"version": 1, "attended": True, "minutes": 60}
    response = call(http, "post", f"/hearings/{hearing.pk}/attendance", stale, headers)
    assert response.status_code == 409
    assert response.json()["current_version"] == 3
    assert not own.contacts.filter(contact_type="court").exists()
    response = call(
        http, "post", f"/hearings/{hearing.pk}/result", {"version": 2, "result": "fine"}, headers
    )
    assert response.status_code == 409
    assert response.json()["submitted"]["result"] == "fine"
