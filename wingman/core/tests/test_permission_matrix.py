"""Every page URL x every role x every relation to the client: anonymous -> sign-in, wrong role
-> 403, out of scope -> 404 (the same as missing), in scope -> served. A meta-test fails when a
URL is added without a row here."""

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from testing.factories import ReferralFactory, give_casework
from testing.helpers import sign_in
from wingman.accounts import permissions
from wingman.accounts.choices import Role
from wingman.accounts.tests.test_scope import EXPECTED as SCOPE

RELATIONS = ["own", "same_team", "other_team", "other_borough"]

# url name -> (method, capability, how to find the object for a client, or None for no object)
Target = Callable[[Any], dict[str, Any]] | None
MATRIX: dict[str, tuple[str, Callable[[Any], bool], Target]] = {
    "home:index": ("get", lambda u: True, None),
    "people:list": ("get", permissions.works_with_clients, None),
    "home:client": ("get", permissions.works_with_clients, lambda c: {"pk": c.pk}),
    "people:edit": ("get", permissions.records_casework, lambda c: {"pk": c.pk}),
    "casework:client-allocate": ("get", permissions.allocates, lambda c: {"pk": c.pk}),
    "casework:client-take-on": ("post", permissions.takes_on_clients, lambda c: {"pk": c.pk}),
    "referrals:list": ("get", permissions.takes_referrals, None),
    "referrals:new": ("get", permissions.takes_referrals, None),
    "casework:referral": ("get", permissions.takes_referrals, lambda c: {"pk": c.open_referral.pk}),
    "referrals:screen": (
        "post",
        permissions.decides_referrals,
        lambda c: {"pk": c.open_referral.pk},
    ),
    "casework:referral-decide": (
        "get",
        permissions.decides_referrals,
        lambda c: {"pk": c.open_referral.pk, "decision": "decline"},
    ),
    "oversight:client-access": ("get", permissions.reads_audit, lambda c: {"pk": c.pk}),
    "oversight:client-access-export": ("get", permissions.exports_audit, lambda c: {"pk": c.pk}),
    "oversight:refused": ("get", permissions.reads_audit, None),
    "casework:journey": ("get", permissions.works_with_clients, lambda c: {"pk": c.journey.pk}),
    "casework:journey-move": ("get", permissions.records_casework, lambda c: {"pk": c.journey.pk}),
    "casework:journey-custody": (
        "get",
        permissions.records_casework,
        lambda c: {"pk": c.journey.pk},
    ),
    "casework:checklist-item": (
        "get",
        permissions.records_casework,
        lambda c: {"pk": c.journey.pk, "item": "met_at_gate"},
    ),
    "casework:contact-new": ("get", permissions.records_casework, lambda c: {"client_pk": c.pk}),
    "casework:contact-detail": (
        "get",
        permissions.works_with_clients,
        lambda c: {"pk": c.contact.pk},
    ),
    "casework:contact-edit": ("get", permissions.records_casework, lambda c: {"pk": c.contact.pk}),
    "casework:task-new": ("get", permissions.records_casework, lambda c: {"client_pk": c.pk}),
    "casework:task-complete": ("post", permissions.records_casework, lambda c: {"pk": c.task.pk}),
    "casework:tasks": ("get", permissions.works_with_clients, None),
    "casework:partner-referral-new": (
        "get",
        permissions.records_casework,
        lambda c: {"client_pk": c.pk},
    ),
    "casework:partner-referral-edit": (
        "get",
        permissions.records_casework,
        lambda c: {"pk": c.partner_referral.pk},
    ),
}
# Pages everyone may reach signed out, and machinery tested on its own.
UNSCOPED = {
    "core:healthz",
    "accounts:sign-in",
    "accounts:code",
    "accounts:set-up-code",
    "accounts:sign-out",
}


def named_urls() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str | None) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace in ("admin", "api"):
                    continue  # the back office and the API have their own checks
                walk(p.url_patterns, p.namespace or namespace)
            elif isinstance(p, URLPattern) and p.name and namespace:
                names.add(f"{namespace}:{p.name}")

    walk(get_resolver().url_patterns, None)
    return names


def test_every_page_url_is_in_the_permission_matrix():
    missing = named_urls() - set(MATRIX) - UNSCOPED
    assert not missing, f"add these URLs to the permission matrix: {sorted(missing)}"


def _furnish(world: dict[str, Any]) -> None:
    """Give each client an open referral, a contact, a task and a partner referral."""
    author = world["users"][Role.SAFEGUARDING_LEAD]
    for client in world["clients"].values():
        client.journey = client.journeys.get()
        client.open_referral = ReferralFactory(client=client, created_by=author)
        give_casework(client, author, client.journey)


def _call(http: Any, method: str, url: str) -> Any:
    return http.post(url) if method == "post" else http.get(url)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_anonymous_visitors_are_sent_to_sign_in(world, client, name):
    from django.urls import reverse

    _furnish(world)
    method, _check, target = MATRIX[name]
    kwargs = target(world["clients"]["own"]) if target else {}
    response = _call(client, method, reverse(name, kwargs=kwargs))
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_role_gets_403_404_or_the_page_by_role_and_relation(
    world, client, settings, name, role
):
    from django.urls import reverse

    from wingman.audit.models import AccessEvent

    _furnish(world)
    user = world["users"][role]
    sign_in(client, user)
    method, check, target = MATRIX[name]
    relations = RELATIONS if target else [None]
    for relation in relations:
        kwargs = target(world["clients"][relation]) if target else {}
        url = reverse(name, kwargs=kwargs)
        status = _call(client, method, url).status_code
        if not check(user):
            expected = {403}
        elif relation is not None and relation not in SCOPE[role]:
            expected = {404}
        else:
            expected = {200, 302}
        assert status in expected, f"{role} {relation} {method.upper()} {url}: {status}"
        if 403 in expected or 404 in expected:
            assert AccessEvent.objects.filter(actor=user, kind="denied").exists()
