"""Which address a request came from: X-Forwarded-For is believed only from a trusted reverse
proxy, and the same address keys the sign-in lock-out, audit rows and staff sessions."""

import pytest
from django.test import Client as Browser
from django.test import RequestFactory

from testing.factories import PASSWORD, UserFactory
from wingman.accounts.choices import Role
from wingman.accounts.models import StaffSession
from wingman.audit.client_ip import client_ip
from wingman.audit.models import AccessEvent, AuditEvent

PROXY = "10.0.0.2"


def _ip(remote: str, forwarded: str | None = None) -> str | None:
    headers = {"X-Forwarded-For": forwarded} if forwarded is not None else {}
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote, headers=headers))


def test_without_trusted_proxies_the_peer_is_the_client(settings):
    settings.WINGMAN_TRUSTED_PROXIES = []
    assert _ip("198.51.100.7", "203.0.113.9") == "198.51.100.7"


def test_a_forwarded_address_from_an_untrusted_peer_is_ignored(settings):
    settings.WINGMAN_TRUSTED_PROXIES = [PROXY]
    assert _ip("198.51.100.7", "203.0.113.9") == "198.51.100.7"


@pytest.mark.parametrize(
    ("forwarded", "client"),
    [
        ("203.0.113.9", "203.0.113.9"),
        ("6.6.6.6, 203.0.113.9", "203.0.113.9"),  # the client wrote the left part itself
        ("203.0.113.9, 10.0.0.3", "203.0.113.9"),  # two of our proxies
        ("not-an-address, 203.0.113.9", "203.0.113.9"),
        ("203.0.113.9, garbage", PROXY),  # a proxy that wrote nonsense: trust nothing past it
        ("", PROXY),
        ("2001:db8::1", "2001:db8::1"),
    ],
)
def test_behind_a_trusted_proxy_the_first_untrusted_address_from_the_right_is_the_client(
    settings, forwarded, client
):
    settings.WINGMAN_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert _ip(PROXY, forwarded) == client


def _fail_sign_in(browser: Browser, username: str, forwarded: str) -> int:
    response = browser.post(
        "/sign-in/",
        {"username": username, "password": "wrong password"},
        headers={"X-Forwarded-For": forwarded},
    )
    return response.status_code


def test_a_spoofed_forwarded_address_neither_escapes_the_lock_out_nor_reaches_the_audit(
    db, settings
):
    settings.WINGMAN_TRUSTED_PROXIES = [PROXY]
    settings.WINGMAN_TWO_FACTOR_REQUIRED = False
    UserFactory(username="dele", role=Role.CASEWORKER)
    UserFactory(username="kim", role=Role.CASEWORKER)
    browser = Browser(REMOTE_ADDR="198.51.100.7")
    statuses = [_fail_sign_in(browser, "dele", f"203.0.113.{n}") for n in range(6)]
    assert statuses[-1] == 429  # five failures from one peer lock it out, whatever it claims
    spoofed = {"X-Forwarded-For": "203.0.113.99"}
    signed_in = browser.post(
        "/sign-in/", {"username": "kim", "password": PASSWORD}, headers=spoofed
    )
    assert signed_in.status_code == 302
    assert browser.get("/clients/999999/", headers=spoofed).status_code == 404
    assert StaffSession.objects.get().ip_address == "198.51.100.7"
    assert AuditEvent.objects.get(action=AuditEvent.Action.SIGN_IN).ip_address == "198.51.100.7"
    assert AccessEvent.objects.get(kind=AccessEvent.Kind.DENIED).ip_address == "198.51.100.7"


def test_behind_a_trusted_proxy_each_client_has_its_own_lock_out_and_audit_address(db, settings):
    settings.WINGMAN_TRUSTED_PROXIES = [PROXY]
    settings.WINGMAN_TWO_FACTOR_REQUIRED = False
    UserFactory(username="dele", role=Role.CASEWORKER)
    via_proxy = Browser(REMOTE_ADDR=PROXY)
    statuses = [_fail_sign_in(via_proxy, "dele", "203.0.113.9") for _ in range(6)]
    assert statuses[-1] == 429
    other = Browser(REMOTE_ADDR=PROXY)
    response = other.post(
        "/sign-in/",
        {"username": "dele", "password": PASSWORD},
        headers={"X-Forwarded-For": "198.51.100.20"},
    )
    assert response.status_code == 302  # another person behind the same proxy signs in
    assert StaffSession.objects.get().ip_address == "198.51.100.20"
    sign_in_row = AuditEvent.objects.get(action=AuditEvent.Action.SIGN_IN)
    assert sign_in_row.ip_address == "198.51.100.20"
