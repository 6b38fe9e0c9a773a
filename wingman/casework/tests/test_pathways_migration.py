"""Contacts' pathways moved onto the one shared list without losing any."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from testing.factories import ClientFactory, UserFactory
from wingman.core.pathways import GANG_EXIT_PATHWAYS, RESETTLEMENT_PATHWAYS, Pathway

BEFORE = [("casework", "0006_journey_released_on")]
AFTER = [("casework", "0007_contact_pathways_onto_the_shared_list")]
OLD_CODES = ["accommodation", "ete", "health", "drugs_alcohol", "finance", "family", "attitudes"]


def test_the_shared_list_has_the_seven_resettlement_pathways_and_the_four_gang_exit_adds():
    assert [str(p.label) for p in RESETTLEMENT_PATHWAYS] == [
        "Accommodation",
        "Attitudes, thinking and behaviour",
        "Children, families and communities",
        "Drugs and alcohol",
        "Education, skills and work",
        "Finance and ID",
        "Health, mental health included",
    ]
    assert [str(p.label) for p in GANG_EXIT_PATHWAYS] == [
        "Safety and threats",
        "Gang exit and exploitation",
        "Identity and self-esteem",
        "Abuse, as a victim",
    ]
    assert set(Pathway.values) == {p.value for p in RESETTLEMENT_PATHWAYS + GANG_EXIT_PATHWAYS}


def test_every_code_the_old_list_had_is_still_a_pathway():
    assert set(OLD_CODES) | {"safety"} <= set(Pathway.values)


def _contacts(apps, pathways_each):
    Contact = apps.get_model("casework", "Contact")
    client = ClientFactory(created_by=UserFactory())
    return [
        Contact.objects.create(
            client_id=client.pk,
            occurred_on=date(2026, 3, 2),
            minutes=30,
            contact_type="phone",
            pathways=pathways,
            author_id=client.created_by_id,
        ).pk
        for pathways in pathways_each
    ]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("append_only_triggers_lifted")
def test_the_migration_keeps_every_pathway_and_splits_safety_and_exploitation_in_two():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate(BEFORE)
        old = executor.loader.project_state(BEFORE).apps
        given = [
            OLD_CODES,
            ["safety", "attitudes"],
            ["gang_exit", "safety"],
            [],
            ["astrology", "health"],
        ]
        keys = _contacts(old, given)
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        new = executor.loader.project_state(AFTER).apps.get_model("casework", "Contact")
        assert [new.objects.get(pk=k).pathways for k in keys] == [
            OLD_CODES,
            ["safety", "gang_exit", "attitudes"],
            ["gang_exit", "safety"],
            [],
            ["astrology", "health"],
        ]
        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        back = executor.loader.project_state(BEFORE).apps.get_model("casework", "Contact")
        assert [back.objects.get(pk=k).pathways for k in keys] == [
            OLD_CODES,
            ["safety", "attitudes"],
            ["safety"],
            [],
            ["astrology", "health"],
        ]
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
