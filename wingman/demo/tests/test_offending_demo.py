"""The demo's offending histories: realistic previous sanctions, proven reoffending near the
service's own figures, the week's stories, and something on every offending page."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from testing.helpers import sign_in
from wingman.accounts.models import User
from wingman.casework.models import Journey
from wingman.evaluation import reoffending as rule
from wingman.offending.models import Offence
from wingman.offending.selectors import (
    as_rule_offence,
    cohort_rows,
    people_of,
    reoffending_status,
)

SCALE = 0.3


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=StringIO(), stderr=StringIO(), scale=SCALE, seed=11)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(seeded, db):
    return seeded


def followed_up():
    today = timezone.localdate()
    people = people_of(Journey.objects.all())
    offences: dict[int, list[rule.Offence]] = {}
    for offence in Offence.objects.order_by("committed_on"):
        offences.setdefault(offence.client_id, []).append(as_rule_offence(offence))
    found = []
    for person in people.values():
        if person.start is None or person.born_on is None:
            continue
        result = rule.person_reoffending(
            starts_on=person.start.on,
            born_on=person.born_on,
            offences=offences.get(person.client_id, []),
            today=today,
        )
        found.append((person, result, offences.get(person.client_id, [])))
    return found


def test_most_clients_have_one_to_six_previous_sanctions_the_first_at_12_to_17(demo):
    people = followed_up()
    in_range, first_ages = 0, []
    for person, result, offences in people:
        sanctions = sorted(
            {o.disposal_on for o in offences if o.proven and o.disposal_on <= result.starts_on}
        )
        in_range += 1 <= len(sanctions) <= 6
        if sanctions and person.born_on:
            first = sanctions[0]
            first_ages.append(
                first.year
                - person.born_on.year
                - ((first.month, first.day) < (person.born_on.month, person.born_on.day))
            )
    assert in_range / len(people) > 0.7
    assert sum(12 <= age <= 17 for age in first_ages) / len(first_ages) > 0.8


def test_proven_reoffending_is_under_a_fifth_once_final(demo):
    final = [result for _, result, _ in followed_up() if not result.provisional]
    assert len(final) > 50
    rate = sum(r.reoffended for r in final) / len(final)
    assert 0.05 < rate < 0.2


def test_the_client_released_today_has_robbery_and_burglary_on_his_record(demo):
    journey = Journey.objects.get(
        released_on=timezone.localdate(), referral__reason__contains="cocaine"
    )
    kinds = set(
        Offence.objects.filter(client=journey.client, disposal="conviction").values_list(
            "category", flat=True
        )
    )
    assert {"robbery", "burglary_domestic"} <= kinds
    status = reoffending_status(journey.client, today=timezone.localdate())
    assert status.start is not None and status.start.from_custody
    assert status.words.startswith("No proven reoffence in the 12 months from")


def test_the_friday_court_case_is_an_older_offence_so_not_a_reoffence(demo):
    offence = Offence.objects.get(sentence__contains="no custodial sentence")
    status = reoffending_status(offence.client, today=timezone.localdate())
    assert status.result is not None and status.result.reoffences == 0
    assert status.start is not None and offence.committed_on < status.start.on


def test_the_caseworker_and_the_manager_have_something_on_every_offending_page(demo, client):
    caseworker = User.objects.get(username="caseworker")
    mine = Offence.objects.visible_to(caseworker)
    assert mine.exists()
    manager = User.objects.get(username="manager")
    assert any(
        row.shown and row.expected for row in cohort_rows(manager, today=timezone.localdate())
    )
    lead = User.objects.get(username="teamlead")
    assert any(row.shown for row in cohort_rows(lead, today=timezone.localdate()))
    sign_in(client, manager)
    page = client.get("/offending/reoffending/").content.decode()
    assert "Expected by OGRS3" in page and "% in 1 year" in page
