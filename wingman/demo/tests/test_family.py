"""The demo service's family and people: enough on every family page to show, in the shapes the
work has."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F

from wingman.casework.models import PartnerReferral
from wingman.family.models import Person, Relationship, SessionParticipant, Signposting
from wingman.people.models import Client

SCALE = 0.06


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", scale=SCALE, seed=7, stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(seeded, db):
    return None


def test_most_clients_have_one_to_four_people(demo):
    counts = Counter(
        Relationship.objects.values("client_id").annotate(n=Count("pk")).values_list("n", flat=True)
    )
    clients = Client.objects.count()
    one_to_four = sum(n for size, n in counts.items() if 1 <= size <= 4)
    assert one_to_four >= 0.75 * clients
    assert counts[1] and counts[2] and counts[3] and counts[4]


def test_some_people_are_linked_to_two_clients_and_some_of_those_across_teams(demo):
    shared = Person.objects.annotate(n=Count("relationships")).filter(n__gt=1)
    assert shared.exists()
    teams = [set(p.relationships.values_list("client__team_id", flat=True)) for p in shared]
    assert any(len(t) > 1 for t in teams)
    assert any(len(t) == 1 for t in teams)


def test_a_few_younger_relatives_are_flagged_at_risk_with_why_and_since_when(demo):
    flagged = Relationship.objects.filter(at_risk=True)
    assert 0 < flagged.count() < 0.2 * Relationship.objects.count()
    assert not flagged.filter(at_risk_note="").exists()
    assert not flagged.filter(at_risk_since__isnull=True).exists()


def test_the_wednesday_girlfriend_is_signposted_and_is_not_a_partner_referral_of_hers(demo):
    girlfriend = Signposting.objects.get(person__given_name="Chantelle", relation="girlfriend")
    assert girlfriend.pathway == "abuse"
    assert "helpline" in girlfriend.organisation.lower()
    brother = Relationship.objects.get(client=girlfriend.client, described_as="little brother")
    assert brother.at_risk
    assert Signposting.objects.count() > 1
    assert not PartnerReferral.objects.filter(partner_name=girlfriend.organisation).exists()


def test_family_sessions_name_who_took_part(demo):
    assert SessionParticipant.objects.exists()
    assert not SessionParticipant.objects.exclude(
        contact__client_id=F("relationship__client_id")
    ).exists()
