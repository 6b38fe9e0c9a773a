"""Nothing Wingman answers stays in a browser's or proxy's cache (a shared computer keeps no
client's record after sign-out); static files keep their long cache."""

import pytest

from testing.helpers import sign_in
from wingman.accounts.choices import Role
from wingman.api.services import api_token_issue


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_signed_in_pages_are_not_kept_in_any_cache(world, client):
    sign_in(client, world["users"][Role.CASEWORKER])
    own = world["clients"]["own"].pk
    for path in ["/", "/clients/", f"/clients/{own}/", f"/clients/{own}/contacts/new/", "/tasks/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert _no_store(response), path
    partial = client.get("/clients/?q=Own", headers={"HX-Request": "true"})
    assert _no_store(partial)
    assert _no_store(client.get("/clients/999999/"))  # a 404 too


@pytest.mark.parametrize("path", ["/api/v1/clients", "/api/v1/clients/{own}", "/api/v1/clients/0"])
def test_api_answers_are_not_kept_in_any_cache(world, client, path):
    _token, key = api_token_issue(actor=None, user=world["users"][Role.CASEWORKER], name="Test")
    response = client.get(
        path.format(own=world["clients"]["own"].pk), headers={"Authorization": f"Bearer {key}"}
    )
    assert _no_store(response)
    assert _no_store(client.get("/api/v1/clients"))  # refused (401) as well


def test_static_files_keep_their_cache(db, client):
    response = client.get("/static/wingman/wingman.css")
    assert response.status_code == 200
    assert not _no_store(response)
