"""The OpenAPI schema and the documentation page, which works offline under the site's strict
content security policy: Swagger UI is served from our own static files, with no inline script."""

import re
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from playwright.sync_api import expect

from testing.factories import world
from wingman.accounts.choices import Role


def test_the_schema_is_openapi_3_with_bearer_tokens_and_versioned_paths(db):
    response = HttpClient().get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Wingman API"
    schemes = schema["components"]["securitySchemes"]
    assert [s["scheme"] for s in schemes.values()] == ["bearer"]
    assert all(path.startswith("/api/v1/") for path in schema["paths"])
    create_contact = schema["paths"]["/api/v1/clients/{client_id}/contacts"]["post"]
    headers = [p["name"] for p in create_contact["parameters"] if p["in"] == "header"]
    assert headers == ["Idempotency-Key"]


def test_the_docs_page_is_where_the_footer_links_and_loads_nothing_from_elsewhere(db):
    url = reverse("api:openapi-view")
    assert url == "/api/docs"
    response = HttpClient().get(url)
    assert response.status_code == 200
    html = response.content.decode()
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', html)
    styles = re.findall(r'<link[^>]*href="([^"]+)"', html)
    assert scripts
    assert all(src.startswith("/static/ninja/") for src in scripts + styles)
    assert "cdn" not in html.lower()
    assert not re.search(r"<script(?![^>]*(src=|application/json))", html), "inline script"
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    for asset in scripts + styles:
        assert HttpClient().get(asset).status_code == 200, asset


@pytest.mark.browser
def test_the_docs_page_works_in_a_browser_under_the_csp_and_tries_a_call(
    served: Any, chromium_browser: Any
):
    data = world()
    from wingman.api.services import api_token_issue

    _token, key = api_token_issue(
        actor=None, user=data["users"][Role.SENIOR_CASEWORKER], name="Docs"
    )
    problems: list[str] = []
    context = chromium_browser.new_context(base_url=served.url)
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on(
            "request",
            lambda r: None if r.url.startswith(served.url) else problems.append(r.url),
        )
        page.goto("/api/docs")
        expect(page.get_by_role("heading", name=re.compile("Wingman API"))).to_be_visible()
        page.get_by_role("button", name="Authorize").first.click()
        page.locator(".modal-ux input").fill(key)
        page.locator(".modal-ux button.authorize").click()
        page.locator(".modal-ux button.btn-done").click()
        operation = page.locator("#operations-clients-list_clients")
        operation.locator(".opblock-summary").click()
        operation.get_by_role("button", name="Try it out").click()
        operation.get_by_role("button", name="Execute").click()
        status = operation.locator(".live-responses-table tr.response .response-col_status").first
        expect(status).to_have_text("200")
        expect(operation.locator(".live-responses-table")).to_contain_text('"count": 2')
    finally:
        context.close()
    assert not problems, problems
