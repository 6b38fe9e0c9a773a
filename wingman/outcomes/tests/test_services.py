"""Recording, changing and withdrawing outcomes, through the real services."""

from datetime import timedelta

import pytest
from django.utils import timezone

from testing.factories import JourneyFactory, OrganisationFactory
from wingman.accounts.choices import Role
from wingman.audit.models import AuditEvent
from wingman.casework.choices import Stage
from wingman.core.errors import EditConflict, InvalidTransition, NotAllowed, ServiceError
from wingman.outcomes.choices import STANDARD_OUTCOME_TYPES
from wingman.outcomes.models import OutcomeType
from wingman.outcomes.services import outcome_edit, outcome_record, outcome_withdraw


def today():
    return timezone.localdate()


def record(actor, client, kind, day=None, evidence="Letter from the college"):
    outcome, _ = outcome_record(
        actor=actor,
        client=client,
        data={"outcome_type_id": kind.pk, "achieved_on": day or today(), "evidence": evidence},
    )
    return outcome


def test_an_outcome_is_recorded_on_the_journey_open_that_day_and_audited(caseworker, own, kinds):
    outcome = record(caseworker, own, kinds["Training started"])
    assert outcome.journey == own.journeys.get()
    assert outcome.recorded_by == caseworker and outcome.status == "recorded"
    event = AuditEvent.objects.get(object_type="outcomes.outcome", object_id=str(outcome.pk))
    assert event.action == "create" and event.client_id == own.pk


def test_an_outcome_from_before_the_journey_opened_belongs_to_no_journey(caseworker, own, kinds):
    opened = own.journeys.get().opened_on
    outcome = record(caseworker, own, kinds["ID obtained"], opened - timedelta(days=1))
    assert outcome.journey is None


def test_an_outcome_after_a_closed_journey_with_a_new_one_open_belongs_to_the_new_one(
    caseworker, own, kinds
):
    first = own.journeys.get()
    first.stage, first.closed_on = Stage.CLOSED, today() - timedelta(days=10)
    first.save()
    second = JourneyFactory(client=own, opened_on=today() - timedelta(days=5))
    assert record(caseworker, own, kinds["ID obtained"]).journey == second
    on_old = record(caseworker, own, kinds["ID obtained"], today() - timedelta(days=20))
    assert on_old.journey == first


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"achieved_on": None}, "achieved_on", "Enter the date the outcome was achieved"),
        (
            {"achieved_on": timezone.localdate() + timedelta(days=1)},
            "achieved_on",
            "Date achieved must be today or in the past",
        ),
        ({"evidence": "   "}, "evidence", "Enter the evidence for the outcome"),
        ({"evidence": "x" * 20_001}, "evidence", "Evidence must be 20,000 characters or less"),
        ({"outcome_type_id": None}, "outcome_type_id", "Choose the outcome"),
    ],
)
def test_bad_input_is_refused_in_plain_words(caseworker, own, kinds, data, field, message):
    good = {
        "outcome_type_id": kinds["ID obtained"].pk,
        "achieved_on": today(),
        "evidence": "Passport seen",
    }
    with pytest.raises(ServiceError) as refused:
        outcome_record(actor=caseworker, client=own, data=good | data)
    assert refused.value.field == field and refused.value.message == message


def test_a_retired_type_or_another_organisations_type_cannot_be_chosen(caseworker, own, kinds):
    retired = kinds["Back in education"]
    retired.active = False
    retired.save()
    elsewhere = OrganisationFactory(name="Another Trust").outcome_types.first()
    for kind in (retired, elsewhere):
        with pytest.raises(ServiceError, match="Choose the outcome"):
            record(caseworker, own, kind)


def test_an_outcome_keeps_its_retired_type_when_it_is_changed(caseworker, own, kinds):
    outcome = record(caseworker, own, kinds["Back in education"])
    OutcomeType.objects.filter(pk=outcome.outcome_type_id).update(active=False)
    changed = outcome_edit(
        actor=caseworker,
        outcome=outcome,
        data={
            "outcome_type_id": outcome.outcome_type_id,
            "achieved_on": outcome.achieved_on,
            "evidence": "College letter and timetable",
        },
        expected_version=1,
    )
    assert changed.version == 2 and changed.evidence == "College letter and timetable"


def test_a_change_from_an_older_version_is_refused(caseworker, own, kinds):
    outcome = record(caseworker, own, kinds["ID obtained"])
    data = {"outcome_type_id": outcome.outcome_type_id, "achieved_on": today(), "evidence": "A"}
    outcome_edit(actor=caseworker, outcome=outcome, data=data, expected_version=1)
    with pytest.raises(EditConflict):
        outcome_edit(
            actor=caseworker, outcome=outcome, data=data | {"evidence": "B"}, expected_version=1
        )


def test_a_withdrawn_outcome_keeps_its_reason_and_cannot_be_changed_or_withdrawn_again(
    caseworker, own, kinds
):
    outcome = record(caseworker, own, kinds["ID obtained"])
    with pytest.raises(ServiceError, match="Enter why"):
        outcome_withdraw(actor=caseworker, outcome=outcome, reason=" ", expected_version=1)
    outcome_withdraw(
        actor=caseworker,
        outcome=outcome,
        reason="Recorded for the wrong person",
        expected_version=1,
    )
    assert outcome.status == "withdrawn" and outcome.withdrawn_by == caseworker
    assert outcome.withdrawn_reason == "Recorded for the wrong person"
    with pytest.raises(InvalidTransition):
        outcome_withdraw(actor=caseworker, outcome=outcome, reason="Again", expected_version=2)
    with pytest.raises(InvalidTransition):
        outcome_edit(
            actor=caseworker,
            outcome=outcome,
            data={"outcome_type_id": outcome.outcome_type_id, "achieved_on": today()},
            expected_version=2,
        )
    assert AuditEvent.objects.filter(summary="Outcome withdrawn", client_id=own.pk).count() == 1


@pytest.mark.parametrize(
    "role", [Role.SAFEGUARDING_LEAD, Role.DATA_PROTECTION_OFFICER, Role.FUNDER]
)
def test_roles_that_do_not_record_casework_cannot_record_outcomes(world, own, kinds, role):
    with pytest.raises(NotAllowed):
        record(world["users"][role], own, kinds["ID obtained"])


def test_every_new_organisation_starts_with_the_standard_outcome_types(db):
    organisation = OrganisationFactory(name="New Trust")
    names = set(organisation.outcome_types.values_list("name", flat=True))
    assert names == {name for name, _ in STANDARD_OUTCOME_TYPES}
    assert "Employment sustained 26 weeks" in names and "Safely left the gang" in names


def test_the_migration_gives_organisations_already_there_the_types_they_lack_and_no_twins(world):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("wingman.outcomes.migrations.0002_standard_outcome_types")
    organisation = world["org"]
    organisation.outcome_types.filter(name__startswith="Employment").delete()
    organisation.outcome_types.filter(name="ID obtained").update(pathway="identity")
    migration.add_standard_types(apps, None)
    migration.add_standard_types(apps, None)
    assert organisation.outcome_types.count() == len(STANDARD_OUTCOME_TYPES)
    assert organisation.outcome_types.get(name="ID obtained").pathway == "identity"
