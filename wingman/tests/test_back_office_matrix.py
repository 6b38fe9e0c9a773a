"""Every back-office URL pattern (named or not) x every role: signed out -> sign-in; every role
but the administrator -> 403, logged, nothing changed, for reading and for writing alike; the
administrator -> exactly the answer written out below. Which roles run the back office comes
from `wingman.tests.expected`, written out by hand."""

import re
from datetime import date
from typing import Any

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from testing.factories import FundingStreamFactory
from testing.helpers import sign_in
from wingman.accounts.choices import Role
from wingman.accounts.models import ApiToken, hash_token
from wingman.assessments.models import Instrument, Question, ReviewSettings
from wingman.audit.models import AccessEvent, AuditEvent
from wingman.costs.models import UnitCost
from wingman.outcomes.models import IndicatorAssignment, IndicatorDefinition, OutcomeType
from wingman.safeguarding.models import TriageDeadlines
from wingman.tests.expected import may
from wingman.tests.test_permission_matrix import url_patterns

PREFIX = "back-office/"

# What the administrator gets on a GET of each kind of page: the pattern's last part, then the
# exceptions by model. Tokens are issued on the command line and never removed; staff accounts
# are disabled, never removed.
ADMINISTRATOR_GETS = {
    "": 200,  # the index, and a model's list
    "add/": 200,
    "change/": 200,
    "history/": 200,
    "delete/": 200,
    "object": 302,  # <id>/ goes on to <id>/change/
    "reset-sign-in/": 200,
    "app list": 200,
    "view on site": 404,  # teams have no page of their own
    "jsi18n/": 200,
    "autocomplete/": 403,  # no field of ours autocompletes
    "anything else": 404,
}
ADMINISTRATOR_EXCEPTIONS = {
    ("accounts.apitoken", "add/"): 403,
    ("accounts.apitoken", "delete/"): 403,
    ("accounts.user", "delete/"): 403,
    # A unit cost is never changed or removed: a new figure is a new version.
    ("costs.unitcost", "delete/"): 403,
}
# Sign-in and sign-out: the back office's own are ours (tested in accounts/tests).
SIGN_IN = {"back-office/login/"}
SIGN_OUT = {"back-office/logout/"}


def back_office_routes() -> list[str]:
    return sorted({route for route, _name in url_patterns() if route.startswith(PREFIX)})


def test_the_back_office_has_the_patterns_this_matrix_knows():
    kinds = {kind_of(route)[1] for route in back_office_routes() if route not in SIGN_IN | SIGN_OUT}
    assert kinds <= set(ADMINISTRATOR_GETS), kinds - set(ADMINISTRATOR_GETS)


def kind_of(route: str) -> tuple[str | None, str]:
    """The model a pattern is about (app.model) and what kind of page it is."""
    rest = route.removeprefix(PREFIX)
    if rest.startswith("^(?P<app_label>"):
        return None, "app list"
    if rest.startswith("(?P<url>"):
        return None, "anything else"
    if rest.startswith("r/"):
        return None, "view on site"
    if rest in ("", "jsi18n/", "autocomplete/"):
        return None, rest
    app_label, model, *tail = rest.split("/", 2)
    action = tail[0] if tail else ""
    action = action.removeprefix("<path:object_id>/")
    if action == "" and "<path:object_id>" in rest:
        action = "object"
    return f"{app_label}.{model}", action


def _furnish(world: dict[str, Any]) -> dict[str, Any]:
    """One record of every back-office model."""
    token_key = ApiToken.new_key()
    stream = FundingStreamFactory(borough=world["boroughs"][0])
    outcome_type = OutcomeType.objects.filter(organisation=world["org"]).first()
    indicator = IndicatorDefinition.objects.create(organisation=world["org"], name="Matrix")
    indicator.outcome_types.add(outcome_type)
    instrument = Instrument.objects.create(organisation=world["org"], name="Under-18s check-in")
    return {
        "assessments.instrument": instrument,
        "assessments.question": Question.objects.create(instrument=instrument, text="School"),
        "assessments.reviewsettings": ReviewSettings.objects.create(organisation=world["org"]),
        "safeguarding.triagedeadlines": TriageDeadlines.objects.create(
            organisation=world["org"],
            triage_hours=4,
            red_hours=4,
            amber_working_days=1,
            green_working_days=3,
        ),
        "accounts.organisation": world["org"],
        "accounts.borough": world["boroughs"][0],
        "accounts.team": world["teams"][0],
        "accounts.user": world["users"][Role.CASEWORKER],
        "referrals.fundingstream": stream,
        "outcomes.outcometype": outcome_type,
        "outcomes.indicatordefinition": indicator,
        "outcomes.indicatorassignment": IndicatorAssignment.objects.create(
            indicator=indicator,
            funding_stream=stream,
            target=10,
            period_start=date(2026, 4, 1),
            period_end=date(2027, 3, 31),
        ),
        "costs.unitcost": UnitCost.objects.first(),
        "accounts.apitoken": ApiToken.objects.create(
            user=world["users"][Role.CASEWORKER], name="Matrix", key_hash=hash_token(token_key)
        ),
    }


def url_of(route: str, records: dict[str, Any]) -> str:
    model, kind = kind_of(route)
    path = "/" + route
    if kind == "app list":
        return "/back-office/accounts/"
    if kind == "anything else":
        return "/back-office/no-such-page/"
    if kind == "view on site":
        team = records["accounts.team"]
        content_type = ContentType.objects.get_for_model(team)
        return f"/back-office/r/{content_type.pk}/{team.pk}/"
    if model is not None:
        assert apps.get_model(model)  # every pattern names a model we know
        path = path.replace("<path:object_id>", str(records[model].pk))
    assert not re.search(r"[<(^$]", path), f"a part of {route} is not filled in"
    return path


def expected_for_administrator(route: str) -> int:
    model, kind = kind_of(route)
    return ADMINISTRATOR_EXCEPTIONS.get((model, kind), ADMINISTRATOR_GETS[kind])


ROUTES = [r for r in back_office_routes() if r not in SIGN_IN | SIGN_OUT]


@pytest.mark.parametrize("route", ROUTES)
def test_signed_out_visitors_are_sent_to_sign_in(world, client, route):
    url = url_of(route, _furnish(world))
    for send in (client.get, client.post):
        response = send(url)
        assert response.status_code == 302, f"{send.__name__} {url}"
        assert response["Location"].startswith("/back-office/login/?next=")


@pytest.mark.parametrize("role", Role.values)
def test_each_role_gets_exactly_403_or_the_page_on_every_back_office_pattern(world, client, role):
    records = _furnish(world)
    user = world["users"][role]
    sign_in(client, user)
    for route in ROUTES:
        url = url_of(route, records)
        if may(role, "use the back office"):
            status = client.get(url).status_code
            assert status == expected_for_administrator(route), f"{role} GET {url}: {status}"
            continue
        for method in ("get", "post"):
            refusals = AccessEvent.objects.filter(actor=user, kind="denied", path=url)
            before = refusals.count()
            changes = AuditEvent.objects.count()
            status = getattr(client, method)(url, {}).status_code
            where = f"{role} {method.upper()} {url}"
            assert status == 403, f"{where}: {status}"
            assert refusals.count() == before + 1, f"{where}: the refusal was not logged"
            assert AuditEvent.objects.count() == changes, f"{where}: something changed"
