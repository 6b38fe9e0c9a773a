"""Whatever a client sends, a mistake answers 4xx with JSON saying what is wrong; never a 500."""

import json
from datetime import date

import pytest

from testing.factories import ReferralFactory
from wingman.accounts.choices import Role
from wingman.casework.models import Contact, PartnerReferral, Task
from wingman.people.models import Client

HUGE = 10**30
CONTACT = {"occurred_on": "2025-03-04", "minutes": 45, "contact_type": "phone"}
TASK = {"kind": "follow_up", "title": "Ring", "due_on": "2030-01-01"}
PARTNER = {"partner_type": "housing", "partner_name": "Shelter"}
REFERRAL = {"source": "police", "reason": "Wants out"}
PERSON = {"given_name": "Dee", "family_name": "Newcome"}
DEEP = "[" * 100_000 + "]" * 100_000

BAD_REQUESTS = [
    # Bodies that are not a JSON object.
    ("post", "/api/v1/clients/{own}/contacts", "not json at all"),
    ("post", "/api/v1/clients/{own}/contacts", ""),
    ("post", "/api/v1/clients/{own}/contacts", "null"),
    ("post", "/api/v1/clients/{own}/contacts", "[]"),
    ("post", "/api/v1/clients/{own}/contacts", '"a string"'),
    ("post", "/api/v1/clients/{own}/contacts", "{"),
    ("post", "/api/v1/clients/{own}/contacts", DEEP),
    ("post", "/api/v1/referrals", b"\xff\xfe\x00garbage"),
    ("patch", "/api/v1/clients/{own}", ""),
    ("patch", "/api/v1/clients/{own}", "NaN"),
    ("post", "/api/v1/referrals/{referral}/decline", "{}"),
    # Wrong types.
    ("post", "/api/v1/clients/{own}/contacts", CONTACT | {"minutes": "forty"}),
    ("post", "/api/v1/clients/{own}/contacts", CONTACT | {"minutes": 4.5}),
    ("post", "/api/v1/clients/{own}/contacts", CONTACT | {"pathways": "health"}),
    ("post", "/api/v1/clients/{own}/contacts", CONTACT | {"note": ["a", "list"]}),
    ("post", "/api/v1/clients/{own}/contacts", CONTACT | {"place": {"an": "object"}}),
    ("post", "/api/v1/clients/{own}/tasks", TASK | {"title": 12}),
    ("patch", "/api/v1/clients/{own}", {"version": "one", "phone": "1"}),
    ("patch", "/api/v1/clients/{own}", {"version": 1, "also_a_victim": "perhaps"}),
    ("patch", "/api/v1/clients/{own}", {"version": 1, "given_name": None}),
    ("post", "/api/v1/referrals", REFERRAL | {"client": "Dee Newcome"}),
    # Numbers out of range.
    ("post", "/api/v1/clients/{own}/contacts", CONTACT | {"minutes": HUGE}),
    ("post", "/api/v1/clients/{own}/contacts", CONTACT | {"minutes": 0}),
    ("post", "/api/v1/clients/{own}/contacts", CONTACT | {"minutes": 1441}),
    ("post", "/api/v1/clients/{own}/contacts", CONTACT | {"minutes": -5}),
    ("post", "/api/v1/referrals", REFERRAL | {"client_id": HUGE}),
    ("post", "/api/v1/referrals", REFERRAL | {"client_id": 0}),
    (
        "post",
        "/api/v1/referrals/{referral}/accept",
        {"funding_stream_id": HUGE, "stage": "community"},
    ),
    (
        "post",
        "/api/v1/referrals/{referral}/accept",
        {"funding_stream_id": 987654, "stage": "community"},
    ),
    ("post", "/api/v1/clients/{own}/tasks", TASK | {"assigned_to_id": HUGE}),
    ("patch", "/api/v1/clients/{own}", {"version": HUGE, "phone": "1"}),
    ("patch", "/api/v1/clients/{own}", {"version": -1, "phone": "1"}),
    ("patch", "/api/v1/clients/{own}", {"version": 1, "borough_id": HUGE}),
    ("patch", "/api/v1/clients/{own}", {"version": 1, "borough_id": 987654}),
    # Unknown choices and fields.
    ("post", "/api/v1/clients/{own}/contacts", CONTACT | {"contact_type": "seance"}),
    ("post", "/api/v1/clients/{own}/contacts", CONTACT | {"pathways": ["astrology"]}),
    ("post", "/api/v1/clients/{own}/contacts", CONTACT | {"author_id": 1}),
    ("post", "/api/v1/clients/{own}/tasks", TASK | {"kind": "chore"}),
    ("post", "/api/v1/clients/{own}/partner-referrals", PARTNER | {"status": "lost"}),
    ("post", "/api/v1/referrals", REFERRAL | {"source": "rumour", "client": PERSON}),
    ("post", "/api/v1/referrals", REFERRAL | {"client": PERSON | {"gender": "x"}}),
    ("post", "/api/v1/referrals", REFERRAL | {"client": PERSON | {"team_id": 1}}),
    ("post", "/api/v1/referrals/{referral}/accept-unfunded", {"reason": "r", "stage": "closed"}),
    ("patch", "/api/v1/clients/{own}", {"version": 1, "team_id": 3}),
    ("patch", "/api/v1/clients/{own}", {"version": 1, "ethnicity": "martian"}),
    ("patch", "/api/v1/partner-referrals/{pr}", {"version": 1, "status": "MADE"}),
    # Dates in odd formats, impossible dates, and dates the service refuses.
    ("post", "/api/v1/clients/{own}/contacts", CONTACT | {"occurred_on": "04/03/2025"}),
    ("post", "/api/v1/clients/{own}/contacts", CONTACT | {"occurred_on": "2025-02-30"}),
    ("post", "/api/v1/clients/{own}/contacts", CONTACT | {"occurred_on": "2025-3-4"}),
    ("post", "/api/v1/clients/{own}/contacts", CONTACT | {"occurred_on": "yesterday"}),
    ("post", "/api/v1/clients/{own}/contacts", CONTACT | {"occurred_on": ""}),
    ("post", "/api/v1/clients/{own}/contacts", CONTACT | {"occurred_on": HUGE}),
    ("post", "/api/v1/clients/{own}/contacts", CONTACT | {"occurred_on": "+102025-03-04"}),
    ("post", "/api/v1/clients/{own}/contacts", CONTACT | {"occurred_on": "9999-12-31"}),
    ("post", "/api/v1/clients/{own}/tasks", TASK | {"due_on": "0000-01-01"}),
    ("post", "/api/v1/referrals", REFERRAL | {"client": PERSON, "received_on": "2999-01-01"}),
    ("post", "/api/v1/referrals", REFERRAL | {"client": PERSON | {"date_of_birth": "1850-01-01"}}),
    ("patch", "/api/v1/clients/{own}", {"version": 1, "date_of_birth": "2999-01-01"}),
    # Text too long for its column, blank where required, or not storable.
    ("patch", "/api/v1/clients/{own}", {"version": 1, "given_name": "x" * 101}),
    ("patch", "/api/v1/clients/{own}", {"version": 1, "given_name": "   "}),
    ("patch", "/api/v1/clients/{own}", {"version": 1, "phone": "0" * 33}),
    ("patch", "/api/v1/clients/{own}", {"version": 1, "prison_number": "A" * 17}),
    ("patch", "/api/v1/clients/{own}", {"version": 1, "pnc_number": "1" * 21}),
    ("patch", "/api/v1/clients/{own}", {"version": 1, "languages": "x" * 201}),
    ("patch", "/api/v1/clients/{own}", {"version": 1, "aliases": "x" * 20_001}),
    ("patch", "/api/v1/clients/{own}", {"version": 1, "given_name": "Nul\u0000"}),
    ("patch", "/api/v1/clients/{own}", '{"version": 1, "given_name": "\\ud800"}'),
    ("post", "/api/v1/referrals", REFERRAL | {"referrer_name": "x" * 151, "client": PERSON}),
    ("post", "/api/v1/referrals", REFERRAL | {"reason": "", "client": PERSON}),
    ("post", "/api/v1/referrals", REFERRAL | {"reason": "x" * 20_001, "client": PERSON}),
    ("post", "/api/v1/clients/{own}/contacts", CONTACT | {"place": "x" * 151}),
    ("post", "/api/v1/clients/{own}/contacts", CONTACT | {"present": "x" * 256}),
    ("post", "/api/v1/clients/{own}/contacts", CONTACT | {"note": "\u0000"}),
    (
        "post",
        "/api/v1/clients/{own}/contacts",
        '{"occurred_on": "2025-03-04", "minutes": 5, "contact_type": "phone", "note": "\\udfff"}',
    ),
    ("post", "/api/v1/clients/{own}/tasks", TASK | {"title": "x" * 201}),
    ("post", "/api/v1/clients/{own}/partner-referrals", PARTNER | {"partner_name": "x" * 151}),
    ("patch", "/api/v1/contacts/{contact}", {"version": 1, "occurred_on": None}),
    ("patch", "/api/v1/partner-referrals/{pr}", {"version": 1}),
    # Bad ids in the path, and bad query parameters.
    ("get", "/api/v1/clients/abc", None),
    ("get", "/api/v1/clients/0", None),
    ("get", "/api/v1/clients/-1", None),
    ("get", "/api/v1/clients/1.5", None),
    ("get", "/api/v1/clients/1e3", None),
    ("get", f"/api/v1/clients/{HUGE}", None),
    ("get", f"/api/v1/contacts/{2**63}", None),
    ("get", "/api/v1/clients/%00", None),
    ("get", "/api/v1/clients/%F0%9F%92%A9", None),
    ("get", "/api/v1/clients?limit=abc", None),
    ("get", "/api/v1/clients?limit=0", None),
    ("get", "/api/v1/clients?limit=100000", None),
    ("get", "/api/v1/clients?offset=-1", None),
    ("get", f"/api/v1/clients?offset={HUGE}", None),
    ("get", "/api/v1/clients?q=%00", None),
    ("get", "/api/v1/clients?q=" + "x" * 201, None),
    ("get", "/api/v1/referrals?state=lost", None),
    ("get", f"/api/v1/referrals?client_id={HUGE}", None),
    ("get", "/api/v1/clients/{own}/tasks?done=maybe", None),
]


@pytest.fixture
def records(world):
    own = world["clients"]["own"]
    author = world["users"][Role.CASEWORKER]
    contact = Contact.objects.create(
        client=own, occurred_on=date.today(), minutes=5, contact_type="phone", author=author
    )
    pr = PartnerReferral.objects.create(
        client=own,
        partner_type="gp",
        partner_name="Surgery",
        made_on=date.today(),
        created_by=author,
    )
    referral = ReferralFactory(client=own, created_by=author)
    return {"own": own.pk, "contact": contact.pk, "pr": pr.pk, "referral": referral.pk}


def _label(request):
    method, path, body = request
    shown = body if isinstance(body, dict) else repr(body)[:60]
    return f"{method} {path} {shown}"[:160]


@pytest.mark.parametrize(("method", "path", "body"), BAD_REQUESTS, ids=map(_label, BAD_REQUESTS))
def test_bad_input_gets_a_4xx_answer_in_json(world, records, api_as, method, path, body):
    api = api_as(world["users"][Role.SENIOR_CASEWORKER])
    before = (Client.objects.count(), Contact.objects.count(), Task.objects.count())
    response = api.call(method, path.format(**records), body)
    assert 400 <= response.status_code < 500, response.content[:500]
    if path.startswith("/api/v1/"):
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["detail"]
    assert (Client.objects.count(), Contact.objects.count(), Task.objects.count()) == before


def test_a_validation_error_names_every_field_at_fault(world, records, api_as):
    api = api_as(world["users"][Role.SENIOR_CASEWORKER])
    response = api.post(
        f"/api/v1/clients/{records['own']}/contacts",
        {"occurred_on": "someday", "minutes": 0, "contact_type": "seance", "colour": "red"},
    )
    assert response.status_code == 422
    body = response.json()
    assert body["detail"].startswith("occurred_on: ")
    assert {e["field"] for e in body["errors"]} == {
        "occurred_on",
        "minutes",
        "contact_type",
        "colour",
    }
    assert all(e["location"] == "body" for e in body["errors"])


def test_a_body_too_large_to_read_gets_413(world, records, api_as, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    api = api_as(world["users"][Role.SENIOR_CASEWORKER])
    response = api.post(
        f"/api/v1/clients/{records['own']}/contacts", CONTACT | {"note": "x" * 2000}
    )
    assert response.status_code == 413
    assert response.json()["detail"]


def test_a_form_encoded_body_gets_400(world, records, api_as):
    api = api_as(world["users"][Role.SENIOR_CASEWORKER])
    response = api.http.post(
        f"/api/v1/clients/{records['own']}/contacts",
        data={"minutes": "5"},
        headers={"Authorization": f"Bearer {api.key}"},
    )
    assert response.status_code == 400
    assert json.loads(response.content)["detail"] == "Cannot parse request body"


def test_a_missing_body_is_explained(world, records, api_as):
    api = api_as(world["users"][Role.SENIOR_CASEWORKER])
    response = api.post(f"/api/v1/clients/{records['own']}/contacts", "")
    assert response.status_code == 422
    body = response.json()
    assert body["field"] is None
    assert body["detail"].startswith("Send a JSON object as the request body")
