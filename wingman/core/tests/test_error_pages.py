"""The product's own 400, 403, 404 and 500 pages (JSON under /api/), never Django's; the 500 page
renders when the database or a context processor is what failed, and keeps the CSP nonce."""

import re

import pytest
from django.db import OperationalError, connection
from django.test import Client as Browser

from testing.helpers import sign_in
from wingman.accounts.choices import Role


def failing_context(request):
    raise OperationalError("the database has gone away")


def _nonce_kept(response) -> bool:
    """Every script on the page carries the nonce the CSP header allows."""
    policy = response["Content-Security-Policy"]
    allowed = re.search(r"'nonce-([^']+)'", policy)
    used = set(re.findall(r'<script[^>]*nonce="([^"]*)"', response.content.decode()))
    return bool(allowed) and used == {allowed[1]}


@pytest.fixture
def failing_urls(settings):
    settings.ROOT_URLCONF = "wingman.core.tests.failing_urls"


@pytest.fixture
def failing_context_processor(settings):
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "OPTIONS": {
                "context_processors": [
                    *settings.TEMPLATES[0]["OPTIONS"]["context_processors"],
                    "wingman.core.tests.test_error_pages.failing_context",
                ]
            },
        }
    ]


def test_a_missing_page_answers_the_products_404_page(world, client):
    sign_in(client, world["users"][Role.CASEWORKER])
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content and b"govuk-template" in response.content
    assert b"URLconf" not in response.content
    assert _nonce_kept(response)


def test_a_refused_role_answers_the_products_403_page(world, client):
    sign_in(client, world["users"][Role.FUNDER])
    response = client.get("/clients/")
    assert response.status_code == 403
    assert b"Your role cannot do this" in response.content
    assert _nonce_kept(response)


def test_unreadable_input_answers_the_products_400_page_with_the_nonce(db, client):
    response = client.get("/sign-in/?next=%00")
    assert response.status_code == 400
    assert b"The request could not be read" in response.content
    assert _nonce_kept(response)


@pytest.mark.parametrize("path", ["/api/v1/nothing-here", "/api/nothing"])
def test_a_missing_api_address_answers_json(db, client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["detail"] == "Not found"


def test_a_failing_page_answers_the_products_500_page(db, failing_urls):
    response = Browser(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content
    assert b"govuk-template" in response.content and b"Traceback" not in response.content
    assert _nonce_kept(response)


def test_the_500_page_renders_when_a_context_processor_fails(
    db, failing_urls, failing_context_processor
):
    response = Browser(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content
    assert _nonce_kept(response)


def test_the_500_page_renders_when_the_database_fails(world, failing_urls, monkeypatch):
    browser = Browser(raise_request_exception=False)
    sign_in(browser, world["users"][Role.CASEWORKER])

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(connection, "cursor", refuse)
        response = browser.get("/")
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content


def test_a_404_page_still_renders_when_a_context_processor_fails(db, failing_context_processor):
    response = Browser().get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_a_failing_api_call_answers_json(db, settings):
    settings.ROOT_URLCONF = "wingman.core.tests.failing_urls"
    from wingman.core import error_pages

    response = error_pages.server_error(Browser().get("/").wsgi_request)
    assert response.status_code == 500 and b"Sorry" in response.content
    api_request = Browser().get("/api/v1/clients").wsgi_request
    answer = error_pages.server_error(api_request)
    assert answer.status_code == 500 and answer["Content-Type"] == "application/json"
