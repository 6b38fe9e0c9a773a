"""Factories and helpers for the test suite (imported only by tests and benchmarks)."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

import factory
from django.utils import timezone

from wingman.accounts.choices import Role
from wingman.accounts.models import Borough, Organisation, Team, User
from wingman.casework.choices import PartnerType, Stage, TaskKind
from wingman.casework.models import Contact, Journey, PartnerReferral, Task
from wingman.people.models import Client
from wingman.referrals.choices import Cohort, ReferralState, Source
from wingman.referrals.models import FundingStream, Referral

PASSWORD = "correct horse battery staple"  # noqa: S105 (test accounts only)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = "Wingman Test Trust"


class BoroughFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Borough

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Borough {n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    borough = factory.SubFactory(BoroughFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = factory.Sequence(lambda n: f"Staff{n}")
    last_name = "Member"
    role = Role.CASEWORKER
    team = factory.SubFactory(TeamFactory)
    organisation = factory.LazyAttribute(lambda u: u.team.borough.organisation if u.team else None)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    given_name = factory.Sequence(lambda n: f"Client{n}")
    family_name = "Example"
    date_of_birth = factory.LazyFunction(lambda: date.today() - timedelta(days=365 * 19))
    team = factory.SubFactory(TeamFactory)
    caseworker = None
    created_by = factory.LazyAttribute(
        lambda c: c.caseworker or UserFactory(team=c.team, role=Role.SENIOR_CASEWORKER)
    )


class FundingStreamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingStream

    borough = factory.SubFactory(BoroughFactory)
    name = factory.Sequence(lambda n: f"Stream {n}")
    cohort = Cohort.CUSTODY_LEAVERS
    min_age = 14
    max_age = 25
    capacity = 10
    starts_on = factory.LazyFunction(lambda: date.today() - timedelta(days=365))


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    client = factory.SubFactory(ClientFactory)
    source = Source.PRISON
    reason = "Wants to leave the gang on release"
    received_on = factory.LazyFunction(date.today)
    state = ReferralState.RECEIVED
    created_by = factory.LazyAttribute(lambda r: r.client.created_by)


class JourneyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Journey

    client = factory.SubFactory(ClientFactory)
    referral = factory.SubFactory(
        ReferralFactory, client=factory.SelfAttribute("..client"), state=ReferralState.ACCEPTED
    )
    stage = Stage.COMMUNITY
    stage_since = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    opened_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))


def world() -> dict[str, Any]:
    """Two boroughs; borough A has teams A1 and A2, borough B has team B1. One member of staff
    of every role in team A1, a caseworker in each other team, and clients in every relation."""
    org = OrganisationFactory()
    borough_a = BoroughFactory(organisation=org, name="Borough A")
    borough_b = BoroughFactory(organisation=org, name="Borough B")
    team_a1 = TeamFactory(borough=borough_a, name="A1")
    team_a2 = TeamFactory(borough=borough_a, name="A2")
    team_b1 = TeamFactory(borough=borough_b, name="B1")
    users = {
        role: UserFactory(username=role, role=role, team=team_a1)
        for role in Role.values
        if role not in (Role.ADMINISTRATOR, Role.FUNDER)
    }
    users[Role.ADMINISTRATOR] = UserFactory(
        username="administrator",
        role=Role.ADMINISTRATOR,
        team=None,
        organisation=org,
        is_staff=True,
        is_superuser=True,
    )
    users[Role.FUNDER] = UserFactory(
        username="funder", role=Role.FUNDER, team=None, organisation=org, funded_borough=borough_a
    )
    colleague = UserFactory(username="colleague", role=Role.CASEWORKER, team=team_a1)
    other_team = UserFactory(username="otherteam", role=Role.CASEWORKER, team=team_a2)
    other_borough = UserFactory(username="otherborough", role=Role.CASEWORKER, team=team_b1)
    me = users[Role.CASEWORKER]
    clients = {
        "own": ClientFactory(team=team_a1, caseworker=me, given_name="Own"),
        "same_team": ClientFactory(team=team_a1, caseworker=colleague, given_name="Team"),
        "other_team": ClientFactory(team=team_a2, caseworker=other_team, given_name="Other"),
        "other_borough": ClientFactory(team=team_b1, caseworker=other_borough, given_name="Far"),
    }
    for client in clients.values():
        JourneyFactory(client=client)
    return {
        "org": org,
        "boroughs": (borough_a, borough_b),
        "teams": (team_a1, team_a2, team_b1),
        "users": users,
        "colleague": colleague,
        "clients": clients,
    }


def give_casework(client: Client, author: User, journey: Journey | None = None) -> None:
    """Give a client one contact, one task and one partner referral, kept on the client as
    `contact`, `task` and `partner_referral` (for tests that need a record of each kind)."""
    client.contact = Contact.objects.create(  # type: ignore[attr-defined]
        client=client,
        journey=journey,
        occurred_on=date.today(),
        minutes=30,
        contact_type="phone",
        author=author,
    )
    client.task = Task.objects.create(  # type: ignore[attr-defined]
        client=client,
        kind=TaskKind.FOLLOW_UP,
        title="Ring back",
        due_on=date.today(),
        assigned_to=author,
        created_by=author,
    )
    client.partner_referral = PartnerReferral.objects.create(  # type: ignore[attr-defined]
        client=client,
        partner_type=PartnerType.TRAINING,
        partner_name="Course",
        made_on=date.today(),
        created_by=author,
    )


def sign_in(client: Any, user: User) -> None:
    """Sign a Django test client in as `user`, past two-factor, as the sign-in pages would."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from wingman.accounts.services import SIGNED_IN_AT

    client.force_login(user)
    session = client.session
    session[SIGNED_IN_AT] = timezone.now().timestamp()
    device = TOTPDevice.objects.filter(
        user=user, confirmed=True
    ).first() or TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session["otp_device_id"] = device.persistent_id
    session.save()


@contextmanager
def audit_triggers_lifted_on_sqlite(django_db_blocker: Any) -> Iterator[None]:
    """For tests against a live server. Its database is emptied after each test: PostgreSQL does
    that with TRUNCATE, which the audit tables' append-only triggers allow, but SQLite deletes
    row by row, which they refuse. So on SQLite only, the triggers are lifted meanwhile."""
    import importlib

    from django.db import connection

    migrations = [
        importlib.import_module(f"wingman.audit.migrations.{name}")
        for name in ("0002_append_only_triggers", "0004_refuse_replace_and_guard_links")
    ]
    sqlite = connection.vendor == "sqlite"
    if sqlite:
        with django_db_blocker.unblock(), connection.schema_editor() as editor:
            for triggers in migrations:
                triggers.drop(None, editor)
    try:
        yield
    finally:
        if sqlite:
            with django_db_blocker.unblock(), connection.schema_editor() as editor:
                for triggers in migrations:
                    triggers.create(None, editor)
