"""NUL characters and bytes that are not UTF-8, wherever they come in (path, query string,
headers, cookies, form fields, JSON bodies), answer 400 with the product's page, or JSON under
/api/, on both databases; nothing is saved, and the refusal is logged."""

import json
from datetime import date

import pytest
from django.test import Client as Browser

from testing.helpers import sign_in
from wingman.accounts.choices import Role
from wingman.api.services import api_token_issue
from wingman.audit.models import AccessEvent
from wingman.casework.models import Contact

CONTACT = {"occurred_on": date.today().isoformat(), "minutes": "20", "contact_type": "phone"}

# (what, method, path, extra arguments for the test client)
PAGES = [
    ("NUL in the path", "get", "/clients/%00/", {}),
    ("bytes not UTF-8 in the path", "get", "/clients/%FF%FE/", {}),
    ("NUL in the query string", "get", "/clients/?q=%00", {}),
    ("bytes not UTF-8 in the query string", "get", "/clients/?q=%C3%28", {}),
    ("NUL in a header", "get", "/clients/", {"HTTP_USER_AGENT": "Mozilla\x00"}),
    ("NUL in a form field", "post", "/clients/{own}/contacts/new/", {"note": "a\x00b"}),
    ("bytes not UTF-8 in a form field", "post", "/clients/{own}/contacts/new/", {"raw": b"%FF"}),
    ("NUL in a multipart field", "post", "/clients/{own}/contacts/new/", {"multipart": "\x00"}),
    ("NUL in a cookie", "get", "/clients/", {"cookie": "nul\x00"}),
    ("bytes not UTF-8 in a cookie", "get", "/clients/", {"HTTP_COOKIE": "theme=\xff\xfe"}),
]
API = [
    ("NUL in the path", "get", "/api/v1/clients/%00", None),
    ("NUL in the query string", "get", "/api/v1/clients?q=%00", None),
    ("bytes not UTF-8 in the query string", "get", "/api/v1/clients?q=%FF", None),
    ("NUL in a JSON string", "post", "/api/v1/clients/{own}/contacts", '{"note": "\\u0000"}'),
    ("NUL in a JSON key", "post", "/api/v1/clients/{own}/contacts", '{"no\\u0000te": "x"}'),
    ("a lone surrogate in JSON", "post", "/api/v1/clients/{own}/contacts", '{"note": "\\udc80"}'),
    ("bytes not UTF-8 in JSON", "post", "/api/v1/clients/{own}/contacts", b'{"note": "\xff"}'),
]


def _refusals() -> list[AccessEvent]:
    return list(AccessEvent.objects.filter(kind=AccessEvent.Kind.DENIED))


def _page_request(browser: Browser, method: str, path: str, extra: dict) -> object:
    extra = dict(extra)
    if "cookie" in extra:
        browser.cookies["theme"] = extra.pop("cookie")
    if method == "get":
        return browser.get(path, **extra)
    if "raw" in extra:
        body = b"&".join(f"{k}={v}".encode() for k, v in CONTACT.items()) + b"&note=" + extra["raw"]
        return browser.post(path, body, content_type="application/x-www-form-urlencoded")
    if "multipart" in extra:
        return browser.post(path, {**CONTACT, "note": extra["multipart"]})
    return browser.generic(
        "POST",
        path,
        "&".join(f"{k}={v}" for k, v in {**CONTACT, **extra}.items()).replace("\x00", "%00"),
        content_type="application/x-www-form-urlencoded",
    )


@pytest.mark.parametrize(("what", "method", "path", "extra"), PAGES, ids=[p[0] for p in PAGES])
def test_unreadable_input_to_a_page_answers_400_and_is_logged(world, what, method, path, extra):
    browser = Browser()
    sign_in(browser, world["users"][Role.CASEWORKER])
    contacts = Contact.objects.count()
    response = _page_request(browser, method, path.format(own=world["clients"]["own"].pk), extra)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert b"The request could not be read" in response.content
    assert b"govuk-template" in response.content
    assert Contact.objects.count() == contacts
    [refusal] = _refusals()
    assert refusal.object_type == "request:unreadable"
    assert "\x00" not in refusal.path and refusal.path.startswith("/clients/")


@pytest.mark.parametrize(("what", "method", "path", "body"), API, ids=[a[0] for a in API])
def test_unreadable_input_to_the_api_answers_400_in_json_and_is_logged(
    world, what, method, path, body
):
    _token, key = api_token_issue(
        actor=None, user=world["users"][Role.SENIOR_CASEWORKER], name="Integration"
    )
    http = Browser(headers={"Authorization": f"Bearer {key}"})
    contacts = Contact.objects.count()
    path = path.format(own=world["clients"]["own"].pk)
    if body is None:
        response = http.get(path)
    else:
        response = http.post(path, body, content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["detail"]
    assert Contact.objects.count() == contacts
    [refusal] = _refusals()
    assert refusal.object_type == "request:unreadable" and refusal.channel == "api"


def test_the_field_holding_a_nul_is_named(world):
    _token, key = api_token_issue(
        actor=None, user=world["users"][Role.SENIOR_CASEWORKER], name="Integration"
    )
    http = Browser(headers={"Authorization": f"Bearer {key}"})
    response = http.post(
        f"/api/v1/clients/{world['clients']['own'].pk}/contacts",
        json.dumps({**CONTACT, "pathways": ["health"], "note": "fine", "place": "Caf\u00e9\x00"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert json.loads(response.content)["field"] == "place"


def test_readable_text_beyond_ascii_is_accepted_everywhere(world):
    browser = Browser()
    sign_in(browser, world["users"][Role.CASEWORKER])
    own = world["clients"]["own"].pk
    assert browser.get("/clients/?q=Zo%C3%AB").status_code == 200
    response = browser.post(
        f"/clients/{own}/contacts/new/",
        {**CONTACT, "note": "Met at the caf\u00e9 \u2013 went well \U0001f44d", "form_token": ""},
    )
    assert response.status_code in (200, 302)
    assert not _refusals()
