"""Every page x every role x every relation to the client, for reading (GET) and for writing (POST
with a valid form): signed out -> sign-in; a role without the capability -> 403; a client out of
the role's scope -> 404, the same as a missing record; in scope -> the page (200) or the change
made and a redirect to the right place. Every refusal leaves its own logged denial and changes
nothing. The expected answers come from `wingman.tests.expected`, written out by hand.

A meta-test fails when any URL pattern (named or not) has no row here, in the API's matrix or in
the back office's, and another when a page that takes a POST has no POST row."""

import re
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from testing.factories import ReferralFactory, give_casework
from testing.helpers import date_boxes, sign_in
from wingman.accounts.choices import Role
from wingman.audit.models import AccessEvent, AuditEvent
from wingman.casework.models import RotlPeriod
from wingman.tests.expected import SEES, may
from wingman.tests.rows import (
    NEXT_WEEK,
    TODAY,
    Row,
    assessments,
    by_client,
    by_client_pk,
    by_journey,
    by_referral,
    client_page,
    court,
    dashboards,
    datalab,
    documents,
    family,
    form_token,
    impact,
    issued_reports,
    journey_page,
    offending,
    outcomes,
    plans,
    referral_page,
    register,
    reports,
    risk,
    safeguarding,
)

RELATIONS = ["own", "same_team", "other_team", "other_borough"]


CORE: dict[tuple[str, str], Row] = {
    ("home:index", "get"): Row("get", "sign in"),
    ("home:client", "get"): Row("get", "read clients", by_client),
    ("accounts:handovers", "get"): Row("get", "hand over enrolment codes"),
    ("people:list", "get"): Row("get", "read clients"),
    ("people:edit", "get"): Row("get", "record casework", by_client),
    ("people:edit", "post"): Row(
        "post",
        "record casework",
        by_client,
        lambda c, u: {"given_name": c.given_name, "family_name": "Renamed", "version": c.version},
        client_page,
    ),
    ("casework:client-allocate", "get"): Row("get", "allocate", by_client),
    ("casework:client-allocate", "post"): Row(
        "post", "allocate", by_client, lambda c, u: {"caseworker": c.colleague.pk}, client_page
    ),
    ("referrals:list", "get"): Row("get", "take referrals"),
    ("referrals:new", "get"): Row("get", "take referrals"),
    ("referrals:new", "post"): Row(
        "post",
        "take referrals",
        None,
        lambda c, u: {
            "person-given_name": "Walk",
            "person-family_name": "In",
            "source": "self",
            "reason": "Walked in wanting out of a gang",
            "team": u.team_id or "",
            **date_boxes("received_on", TODAY),
            **form_token(),
        },
        lambda c: r"/referrals/\d+/",
    ),
    ("referrals:screen", "post"): Row("post", "decide referrals", by_referral, then=referral_page),
    ("casework:client-take-on", "post"): Row(
        "post",
        "take on clients",
        by_client,
        then=client_page,
        # The world's clients all have a caseworker, so taking one on is refused with a message
        # and nothing changes; taking on a walk-in is tested in referrals/tests/test_take_on.py.
        changes=False,
    ),
    ("casework:referral", "get"): Row("get", "take referrals", by_referral),
    ("casework:referral-decide", "get"): Row(
        "get", "decide referrals", lambda c: {**by_referral(c), "decision": "decline"}
    ),
    ("casework:referral-decide", "post"): Row(
        "post",
        "decide referrals",
        lambda c: {**by_referral(c), "decision": "decline"},
        lambda c, u: {"reason": "No place and moved away"},
        referral_page,
    ),
    ("oversight:client-access", "get"): Row("get", "read the audit", by_client),
    ("oversight:client-access-export", "get"): Row("get", "export the audit", by_client),
    ("oversight:refused", "get"): Row("get", "read the audit"),
    ("casework:journey", "get"): Row("get", "read clients", by_journey),
    ("casework:journey-move", "get"): Row("get", "record casework", by_journey),
    ("casework:journey-move", "post"): Row(
        "post",
        "record casework",
        by_journey,
        lambda c, u: {"to": "sustainment", "from_stage": "community", **date_boxes("on", TODAY)},
        journey_page,
    ),
    ("casework:journey-custody", "get"): Row("get", "record casework", by_journey),
    ("casework:journey-custody", "post"): Row(
        "post",
        "record casework",
        by_journey,
        lambda c, u: {"establishment": "HMP Rochester", "version": c.journey.version},
        journey_page,
    ),
    ("casework:rotl-new", "get"): Row("get", "record casework", by_journey),
    ("casework:rotl-new", "post"): Row(
        "post",
        "record casework",
        by_journey,
        lambda c, u: {**date_boxes("first_day", NEXT_WEEK), "note": "Home visit", **form_token()},
        lambda c: journey_page(c) + "#rotl",
    ),
    ("casework:rotl-remove", "post"): Row(
        "post",
        "record casework",
        lambda c: {"pk": c.rotl.pk},
        then=lambda c: journey_page(c) + "#rotl",
    ),
    ("casework:checklist-item", "get"): Row(
        "get", "record casework", lambda c: {**by_journey(c), "item": "met_at_gate"}
    ),
    ("casework:checklist-item", "post"): Row(
        "post",
        "record casework",
        lambda c: {**by_journey(c), "item": "met_at_gate"},
        lambda c, u: {"met_at_gate-status": "done", "met_at_gate-note": ""},
        lambda c: journey_page(c) + "#checklist-met_at_gate",
    ),
    ("casework:contact-new", "get"): Row("get", "record casework", by_client_pk),
    ("casework:contact-new", "post"): Row(
        "post",
        "record casework",
        by_client_pk,
        lambda c, u: {
            "minutes": "30",
            "contact_type": "phone",
            **date_boxes("occurred_on", TODAY),
            **form_token(),
        },
        client_page,
    ),
    ("casework:contact-detail", "get"): Row("get", "read clients", lambda c: {"pk": c.contact.pk}),
    ("casework:contact-edit", "get"): Row("get", "record casework", lambda c: {"pk": c.contact.pk}),
    ("casework:contact-edit", "post"): Row(
        "post",
        "record casework",
        lambda c: {"pk": c.contact.pk},
        lambda c, u: {
            "minutes": "45",
            "contact_type": "phone",
            "version": c.contact.version,
            **date_boxes("occurred_on", TODAY),
        },
        lambda c: reverse("casework:contact-detail", args=[c.contact.pk]),
    ),
    ("casework:task-new", "get"): Row("get", "record casework", by_client_pk),
    ("casework:task-new", "post"): Row(
        "post",
        "record casework",
        by_client_pk,
        lambda c, u: {
            "kind": "appointment",
            "title": "GP",
            **date_boxes("due_on", TODAY),
            **form_token(),
        },
        client_page,
    ),
    ("casework:task-complete", "post"): Row(
        "post", "record casework", lambda c: {"pk": c.task.pk}, then=client_page
    ),
    ("casework:tasks", "get"): Row("get", "read clients"),
    ("casework:partner-referral-new", "get"): Row("get", "record casework", by_client_pk),
    ("casework:partner-referral-new", "post"): Row(
        "post",
        "record casework",
        by_client_pk,
        lambda c, u: {
            "partner_type": "housing",
            "partner_name": "Shelter",
            "status": "made",
            **date_boxes("made_on", TODAY),
            **form_token(),
        },
        client_page,
    ),
    ("casework:partner-referral-edit", "get"): Row(
        "get", "record casework", lambda c: {"pk": c.partner_referral.pk}
    ),
    ("casework:partner-referral-edit", "post"): Row(
        "post",
        "record casework",
        lambda c: {"pk": c.partner_referral.pk},
        lambda c, u: {"status": "accepted", "version": c.partner_referral.version},
        client_page,
    ),
}

# Each app's rows are in its own module under `wingman/tests/rows/`.
APPS = (
    documents,
    assessments,
    plans,
    outcomes,
    offending,
    family,
    court,
    safeguarding,
    risk,
    register,
    reports,
    issued_reports,
    dashboards,
    impact,
    datalab,
)
MATRIX: dict[tuple[str, str], Row] = {**CORE}
# The app whose rows each row is, so that a test of one row furnishes only what it needs.
APP_OF: dict[tuple[str, str], Any] = {}
for _app in APPS:
    assert not set(_app.ROWS) & set(MATRIX), f"{_app.__name__} repeats a row"
    MATRIX |= _app.ROWS
    APP_OF |= dict.fromkeys(_app.ROWS, _app)

# Pages anyone may reach signed out, and the sign-in and enrolment machinery (accounts/tests).
SIGNED_OUT = {
    "core:healthz",
    "accounts:sign-in",
    "accounts:code",
    "accounts:set-up-code",
    "accounts:enrol",
    "accounts:enrol-password",
}
SIGN_OUT = {"accounts:sign-out"}
# Pages whose answer depends on more than role and client, with matrices of their own.
ON_THEIR_OWN = {
    # One enrolment code: by role and by whom it is for (test_enrolment.py).
    "accounts:handover",
    # A piece of background work: only whoever started it (background/tests).
    "background:job",
    # An issued report's file: by role, borough and licence (reports/tests/test_issued_reports.py,
    # expected answers in rows/issued_reports.py).
    "reports:issued-download",
    # One borough's monthly report: by role and by borough (reports/tests/test_report_page.py).
    "reports:monthly",
}
# URL prefixes whose patterns have matrices of their own.
ELSEWHERE = {
    "api/": "wingman/api/tests/test_permission_matrix.py",
    "back-office/": "wingman/tests/test_back_office_matrix.py",
}


def url_patterns() -> list[tuple[str, str | None]]:
    """Every URL pattern of the site as (route, name with its namespace or None)."""
    found: list[tuple[str, str | None]] = []

    def walk(patterns: list[Any], prefix: str, namespace: str | None) -> None:
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, route, p.namespace or namespace)
            elif isinstance(p, URLPattern):
                name = f"{namespace}:{p.name}" if namespace and p.name else p.name
                found.append((route, name))

    walk(get_resolver().url_patterns, "", None)
    return found


def test_every_url_pattern_named_or_not_has_a_row_in_a_permission_matrix():
    pages = {name for name, _method in MATRIX}
    missing = [
        (route, name)
        for route, name in url_patterns()
        if not any(route.startswith(prefix) for prefix in ELSEWHERE)
        and name not in pages | SIGNED_OUT | SIGN_OUT | ON_THEIR_OWN
    ]
    assert not missing, f"add these URL patterns to the permission matrix: {missing}"


def _furnish(world: dict[str, Any], apps: tuple[Any, ...] = APPS) -> None:
    """Give each client its journey, an open referral, a contact, a task, a partner referral, and
    someone in the actor's team to allocate to; and what `apps`' rows need (every app's unless
    told: a test of one row needs only its own app's)."""
    author = world["users"][Role.SAFEGUARDING_LEAD]
    for client in world["clients"].values():
        client.journey = client.journeys.get()
        client.open_referral = ReferralFactory(client=client, created_by=author)
        client.colleague = world["colleague"]
        give_casework(client, author, client.journey)
        client.rotl = RotlPeriod.objects.create(
            journey=client.journey, first_day=TODAY, last_day=TODAY
        )
        for app in apps:
            app.furnish(client, author)


def _furnish_for(world: dict[str, Any], key: tuple[str, str]) -> None:
    app = APP_OF.get(key)
    _furnish(world, (app,) if app is not None else ())


def _send(http: Any, row: Row, url: str, data: dict[str, Any]) -> Any:
    return http.post(url, data) if row.writes else http.get(url)


@pytest.mark.parametrize("key", sorted(MATRIX), ids=lambda k: f"{k[0]} {k[1].upper()}")
def test_signed_out_visitors_are_sent_to_sign_in_and_nothing_changes(world, client, key):
    _furnish_for(world, key)
    name, _ = key
    row = MATRIX[key]
    own = world["clients"]["own"]
    url = reverse(name, kwargs=row.target(own) if row.target else {})
    changes = AuditEvent.objects.count()
    response = _send(client, row, url, row.data(own, world["users"][Role.CASEWORKER]))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:sign-in')}?next={url}"
    assert AuditEvent.objects.count() == changes


def expected_status(role: str, row: Row, relation: str | None) -> int:
    if not may(role, row.capability):
        return 403
    if relation is not None and relation not in SEES[role]:
        return 404
    return 302 if row.writes else 200


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("key", sorted(MATRIX), ids=lambda k: f"{k[0]} {k[1].upper()}")
def test_each_role_gets_exactly_403_404_or_the_page_by_role_and_relation(world, client, key, role):
    _furnish_for(world, key)
    name, _ = key
    row = MATRIX[key]
    user = world["users"][role]
    sign_in(client, user)
    for relation in RELATIONS if row.target else [None]:
        target = world["clients"][relation or "own"]
        url = reverse(name, kwargs=row.target(target) if row.target else {})
        where = f"{role} {relation} {row.method.upper()} {url}"
        refusals = AccessEvent.objects.filter(actor=user, kind=AccessEvent.Kind.DENIED, path=url)
        before = refusals.count()
        changes = AuditEvent.objects.filter(actor=user).count()
        response = _send(client, row, url, row.data(target, user))
        expected = expected_status(role, row, relation)
        assert response.status_code == expected, (
            f"{where}: {response.status_code} {response.content[:300]!r}"
        )
        if expected in (403, 404):
            assert refusals.count() == before + 1, f"{where}: the refusal was not logged"
            assert AuditEvent.objects.filter(actor=user).count() == changes, (
                f"{where}: a refused request changed something"
            )
        elif row.writes:
            assert row.then is not None
            assert re.fullmatch(row.then(target), response["Location"]), (
                f"{where}: went to {response['Location']}, not {row.then(target)}"
            )
            made = AuditEvent.objects.filter(actor=user).count() > changes
            assert made == row.changes, f"{where}: the change was not made, or not audited"


def test_every_page_that_takes_a_post_has_a_post_row(world, client):
    """Any page answering a POST with something other than 405 is a write page: it needs a row
    that sends a valid form."""
    _furnish(world)
    own = world["clients"]["own"]
    rows = {name for name, method in MATRIX if method == "post"}
    for name, method in sorted(MATRIX):
        if method != "get" or name in rows:
            continue
        row = MATRIX[(name, method)]
        # Someone who may use the page on the caseworker's own client, so nothing refuses first.
        role = next(r for r in Role.values if may(r, row.capability) and "own" in SEES[r])
        sign_in(client, world["users"][role])
        url = reverse(name, kwargs=row.target(own) if row.target else {})
        assert client.post(url, {}).status_code == 405, f"{name} takes a POST: add a POST row"
