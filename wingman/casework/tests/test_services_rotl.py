"""Release on temporary licence as real dates: periods of a journey, and the text kept from before,
which can only be removed."""

import importlib
from datetime import date, timedelta

import pytest
from django.utils import timezone

from testing.factories import FundingStreamFactory, UserFactory
from wingman.accounts.choices import Role
from wingman.audit.models import AuditEvent
from wingman.casework import services
from wingman.casework.models import RotlPeriod
from wingman.core.errors import NotAllowed, ServiceError
from wingman.core.validation import years_from

periods_from_text = importlib.import_module(
    "wingman.casework.migrations.0004_rotl_dates_as_periods"
).periods_from_text


def today() -> date:
    return timezone.localdate()


def add(actor, journey, first, last=None, **kwargs):
    period, _ = services.rotl_period_add(
        actor=actor, journey=journey, first_day=first, last_day=last, **kwargs
    )
    return period


def test_a_single_day_of_rotl_is_recorded_with_its_audit_row(caseworker, journey):
    period = add(caseworker, journey, today() + timedelta(days=3), note="Housing appointment")
    assert (period.first_day, period.last_day) == (today() + timedelta(days=3),) * 2
    assert period.recorded_by == caseworker
    event = AuditEvent.objects.get(object_type="casework.rotlperiod", object_id=str(period.pk))
    assert event.action == AuditEvent.Action.CREATE and event.client_id == journey.client_id


def test_a_period_must_end_on_or_after_its_first_day(caseworker, journey):
    with pytest.raises(ServiceError) as refused:
        add(caseworker, journey, today(), today() - timedelta(days=1))
    assert refused.value.field == "last_day"
    assert refused.value.message == "Last day must be the same as or after the first day"
    assert not RotlPeriod.objects.exists()


@pytest.mark.parametrize(
    ("first", "field", "start"),
    [
        (date(1999, 12, 31), "first_day", "First day must be the same as or after 1 January 2000"),
        (date(9999, 12, 31), "first_day", "First day must be the same as or before"),
    ],
)
def test_rotl_is_dated_from_2000_to_five_years_ahead(caseworker, journey, first, field, start):
    with pytest.raises(ServiceError) as refused:
        add(caseworker, journey, first)
    assert refused.value.field == field and refused.value.message.startswith(start)


def test_five_years_ahead_is_the_last_day_allowed(caseworker, journey):
    limit = years_from(today(), 5)
    assert add(caseworker, journey, limit).first_day == limit
    with pytest.raises(ServiceError):
        add(caseworker, journey, limit - timedelta(days=1), limit + timedelta(days=1))


def test_periods_of_one_journey_do_not_overlap(caseworker, journey):
    add(caseworker, journey, date(2026, 3, 1), date(2026, 3, 3))
    with pytest.raises(ServiceError) as refused:
        add(caseworker, journey, date(2026, 3, 3), date(2026, 3, 5))
    assert "overlap ROTL already recorded, 1 March 2026 to 3 March 2026" in refused.value.message
    assert add(caseworker, journey, date(2026, 3, 4)).first_day == date(2026, 3, 4)


def test_a_form_sent_twice_records_one_period(caseworker, journey):
    token = "2b7a4bd4-65b3-4b92-9d2c-6a7c4e3e6d11"
    first, created = services.rotl_period_add(
        actor=caseworker, journey=journey, first_day=today(), token=token
    )
    again, created_again = services.rotl_period_add(
        actor=caseworker, journey=journey, first_day=today(), token=token
    )
    assert (created, created_again) == (True, False) and first == again
    assert RotlPeriod.objects.count() == 1


def test_removing_a_period_keeps_what_it_said_in_the_audit(caseworker, journey):
    period = add(caseworker, journey, date(2026, 3, 1), note="Day release")
    pk = period.pk
    services.rotl_period_remove(actor=caseworker, period=period)
    assert not RotlPeriod.objects.exists()
    event = AuditEvent.objects.get(object_type="casework.rotlperiod", action="delete")
    assert event.object_id == str(pk) and event.changes["note"] == ["Day release", None]
    assert event.client_id == journey.client_id


def test_a_funder_cannot_record_rotl(world, journey):
    with pytest.raises(NotAllowed):
        add(world["users"][Role.FUNDER], journey, today())


def test_the_rotl_text_kept_from_before_can_be_removed_but_not_written(caseworker, journey):
    journey.rotl_unparsed = "some weekends in March"
    journey.save()
    with pytest.raises(ServiceError) as refused:
        services.journey_update_custody(
            actor=caseworker,
            journey=journey,
            changes={"rotl_unparsed": "banana"},
            expected_version=journey.version,
        )
    assert refused.value.field == "rotl_unparsed"
    services.journey_update_custody(
        actor=caseworker,
        journey=journey,
        changes={"rotl_unparsed": ""},
        expected_version=journey.version,
    )
    journey.refresh_from_db()
    assert journey.rotl_unparsed == ""


def test_an_expected_release_date_is_at_most_twenty_years_ahead(caseworker, journey):
    services.journey_update_custody(
        actor=caseworker,
        journey=journey,
        changes={"expected_release_date": years_from(today(), 20)},
        expected_version=journey.version,
    )
    journey.refresh_from_db()
    with pytest.raises(ServiceError) as refused:
        services.journey_update_custody(
            actor=caseworker,
            journey=journey,
            changes={"expected_release_date": years_from(today(), 20) + timedelta(days=1)},
            expected_version=journey.version,
        )
    assert refused.value.field == "expected_release_date"


def test_a_funding_stream_of_another_organisation_is_refused(world):
    from testing.factories import BoroughFactory, OrganisationFactory, ReferralFactory

    manager = world["users"][Role.MANAGER]
    referral = ReferralFactory(client=world["clients"]["own"])
    world["clients"]["own"].journeys.update(stage="closed")
    elsewhere = BoroughFactory(organisation=OrganisationFactory(name="Another Trust"))
    stream = FundingStreamFactory(borough=elsewhere)
    with pytest.raises(ServiceError) as refused:
        services.referral_accept(actor=manager, referral=referral, stream=stream, stage="community")
    assert refused.value.field == "stream"


# The migration that read the free text ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "periods", "unread"),
    [
        ("2026-03-01", [(date(2026, 3, 1), date(2026, 3, 1))], []),
        ("2026-03-01 to 2026-03-03", [(date(2026, 3, 1), date(2026, 3, 3))], []),
        (" 2026-03-01 – 2026-03-03 \n\n", [(date(2026, 3, 1), date(2026, 3, 3))], []),
        ("banana", [], ["banana"]),
        ("2026-02-30", [], ["2026-02-30"]),
        ("2026-03-03 to 2026-03-01", [], ["2026-03-03 to 2026-03-01"]),
        ("1850-01-01", [], ["1850-01-01"]),
        (
            "2026-03-01\nweekend leave, dates to follow\n2026-04-10 to 2026-04-12",
            [(date(2026, 3, 1),) * 2, (date(2026, 4, 10), date(2026, 4, 12))],
            ["weekend leave, dates to follow"],
        ),
    ],
)
def test_the_migration_reads_dates_and_keeps_every_other_line(text, periods, unread):
    assert periods_from_text(text) == (periods, unread)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("append_only_triggers_lifted")
def test_the_migration_turns_free_text_into_periods_and_keeps_the_rest_visible():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from testing.factories import JourneyFactory

    before = [("casework", "0003_rotl_periods")]
    after = [("casework", "0005_remove_journey_rotl_dates")]
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    journey = JourneyFactory(client__created_by=UserFactory())
    try:
        executor.migrate(before)
        old = executor.loader.project_state(before).apps.get_model("casework", "Journey")
        old.objects.filter(pk=journey.pk).update(
            rotl_dates="2026-03-01 to 2026-03-03\nevery other Saturday\n2026-04-10"
        )
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        migrated = executor.loader.project_state(after).apps
        periods = migrated.get_model("casework", "RotlPeriod").objects.filter(journey_id=journey.pk)
        assert list(periods.order_by("first_day").values_list("first_day", "last_day")) == [
            (date(2026, 3, 1), date(2026, 3, 3)),
            (date(2026, 4, 10), date(2026, 4, 10)),
        ]
        stored = migrated.get_model("casework", "Journey").objects.get(pk=journey.pk)
        assert stored.rotl_unparsed == "every other Saturday"
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
