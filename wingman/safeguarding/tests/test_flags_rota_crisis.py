"""Risk flags, the on-call rota and the crisis call, through their services."""

from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from wingman.accounts.choices import Role
from wingman.casework.models import Contact, Task
from wingman.core.errors import NotAllowed, ServiceError
from wingman.people.models import Client
from wingman.referrals.models import Referral
from wingman.safeguarding.models import Concern, Notification, OnCallShift, RiskFlag
from wingman.safeguarding.selectors.rota import on_call_for
from wingman.safeguarding.services import concerns, crisis, flags, rota

TODAY = date.today()


def flag(world, **values):
    made, _ = flags.flag_set(
        actor=world["users"][Role.CASEWORKER],
        client=world["clients"]["own"],
        values={
            "kind": "do_not_visit_alone",
            "reason": "Threats from his brother's friends",
            "review_on": TODAY + timedelta(days=30),
            **values,
        },
    )
    return made


def test_a_flag_has_a_reason_an_owner_and_a_review_date(world):
    made = flag(world)
    assert made.owner == world["users"][Role.CASEWORKER]
    assert made.label == "Do not visit alone"
    assert (
        flag(world, kind="hostile_area", detail="Northfield estate").label
        == "Hostile area: Northfield estate"
    )


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"kind": "hostile_area"}, "detail"),
        ({"reason": ""}, "reason"),
        ({"review_on": TODAY - timedelta(days=1)}, "review_on"),
        ({"kind": "see_concern"}, "concern_id"),
        ({"kind": "sometimes"}, "kind"),
    ],
)
def test_a_flag_without_what_it_needs_is_refused_and_nothing_is_set(world, values, field):
    with pytest.raises(ServiceError) as error:
        flag(world, **values)
    assert error.value.field == field
    assert not RiskFlag.objects.exists()


def test_a_volunteer_cannot_set_a_flag(world):
    with pytest.raises(NotAllowed):
        flags.flag_set(
            actor=world["users"][Role.VOLUNTEER], client=world["clients"]["own"], values={}
        )


def test_a_flag_can_point_to_a_concern_but_never_to_an_allegation_against_staff(world):
    raised = dict(
        happened_on=TODAY,
        seen_and_heard="He says he was threatened with a knife.",
        category="threats",
    )
    concern, _ = concerns.concern_raise(
        actor=world["users"][Role.CASEWORKER], client=world["clients"]["own"], values=raised
    )
    assert flag(world, kind="see_concern", concern_id=concern.pk).concern == concern
    allegation, _ = concerns.concern_raise(
        actor=world["users"][Role.CASEWORKER],
        client=world["clients"]["own"],
        values={**raised, "category": "staff_allegation", "about_staff_id": world["colleague"].pk},
    )
    manager = world["users"][Role.MANAGER]
    with pytest.raises(ServiceError):
        flags.flag_set(
            actor=manager,
            client=world["clients"]["own"],
            values={
                "kind": "see_concern",
                "concern_id": allegation.pk,
                "reason": "x",
                "review_on": TODAY,
            },
        )


def test_removing_a_flag_keeps_it_with_the_reason(world):
    made = flag(world)
    removed = flags.flag_remove(
        actor=world["users"][Role.CASEWORKER], flag=made, values={"reason": "He has moved away"}
    )
    assert removed.removed_at is not None and removed.removed_reason == "He has moved away"
    assert not RiskFlag.objects.current().exists()
    assert RiskFlag.objects.filter(pk=made.pk).exists()


def test_flags_past_review_are_due_for_their_owner(world):
    made = flag(world, review_on=TODAY)
    assert list(RiskFlag.objects.review_due(TODAY + timedelta(days=1))) == [made]
    flags.flag_review(
        actor=made.owner,
        flag=made,
        values={"review_on": TODAY + timedelta(days=60)},
        expected_version=made.version,
    )
    assert not RiskFlag.objects.review_due(TODAY + timedelta(days=1)).exists()


def shift(world, actor_role=Role.MANAGER, **values):
    now = timezone.now()
    made, _ = rota.shift_add(
        actor=world["users"][actor_role],
        values={
            "person_id": world["users"][Role.SAFEGUARDING_LEAD].pk,
            "phone": "07700 900123",
            "starts_at": now - timedelta(hours=1),
            "ends_at": now + timedelta(hours=11),
            **values,
        },
    )
    return made


def test_whoever_is_on_call_now_is_shown_to_everyone_on_duty(world):
    org_wide = shift(world)
    team = shift(
        world, team_id=world["teams"][0].pk, person_id=world["users"][Role.SENIOR_CASEWORKER].pk
    )
    assert on_call_for(world["users"][Role.CASEWORKER], timezone.now()) == [team, org_wide]
    far = world["clients"]["other_borough"].caseworker
    assert on_call_for(far, timezone.now()) == [org_wide]


def test_a_team_lead_keeps_only_their_own_teams_rota(world):
    with pytest.raises(ServiceError) as error:
        shift(world, actor_role=Role.SENIOR_CASEWORKER, team_id=world["teams"][1].pk)
    assert error.value.field == "team_id"
    assert (
        shift(world, actor_role=Role.SENIOR_CASEWORKER, team_id=world["teams"][0].pk).team
        == world["teams"][0]
    )
    with pytest.raises(NotAllowed):
        shift(world, actor_role=Role.CASEWORKER)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"phone": ""}, "phone"),
        ({"person_id": None}, "person_id"),
        ({"ends_at": timezone.now() - timedelta(hours=2)}, "ends_at"),
        ({"ends_at": timezone.now() + timedelta(days=9)}, "ends_at"),
    ],
)
def test_a_shift_that_cannot_be_is_refused(world, values, field):
    with pytest.raises(ServiceError) as error:
        shift(world, **values)
    assert error.value.field == field
    assert not OnCallShift.objects.exists()


MIDNIGHT = {
    "said": "My friends just assaulted someone outside the chicken shop. I was there. What now?",
    "advice": "Go home now, do not post anything, we meet at 9 with your mum.",
    "occurred_at": time(0, 40),
    "occurred_on": TODAY,
    "concern_needed": True,
    "category": "threats",
    "follow_up": "Meet him and his mum at 9",
}


def test_a_midnight_call_logs_the_contact_raises_a_concern_and_tells_whoever_is_on_call(world):
    on_call = shift(world, person_id=world["users"][Role.SENIOR_CASEWORKER].pk)
    caseworker = world["users"][Role.CASEWORKER]
    call = crisis.crisis_call_log(
        actor=caseworker, values={**MIDNIGHT, "client_id": world["clients"]["own"].pk}
    )
    assert call.contact.contact_type == "crisis_call" and call.contact.occurred_at == time(0, 40)
    assert "chicken shop" not in call.contact.note  # what was said is in the concern only
    assert call.concern.crisis_call == call.contact
    assert call.concern.entries.get().seen_and_heard == MIDNIGHT["said"]
    told = set(
        Notification.objects.filter(concern=call.concern).values_list("recipient_id", "kind")
    )
    assert (on_call.person_id, "crisis_call") in told
    assert (world["users"][Role.SAFEGUARDING_LEAD].pk, "crisis_call") in told
    assert call.task.title == "Meet him and his mum at 9"


def test_a_call_without_a_concern_keeps_what_was_said_on_the_contact(world):
    call = crisis.crisis_call_log(
        actor=world["users"][Role.CASEWORKER],
        values={
            **MIDNIGHT,
            "concern_needed": False,
            "follow_up": "",
            "client_id": world["clients"]["own"].pk,
        },
    )
    assert "chicken shop" in call.contact.note and call.concern is None and call.task is None


def test_someone_not_yet_a_client_becomes_one_with_a_self_referral(world):
    call = crisis.crisis_call_log(
        actor=world["users"][Role.CASEWORKER],
        values={
            **MIDNIGHT,
            "not_yet_a_client": True,
            "given_name": "Tyrese",
            "family_name": "Not known",
        },
    )
    assert call.new_client
    client = call.contact.client
    assert client.given_name == "Tyrese" and client.created_by == world["users"][Role.CASEWORKER]
    assert Referral.objects.get(client=client).source == "self"
    assert Client.objects.visible_to(world["users"][Role.CASEWORKER]).filter(pk=client.pk).exists()


def test_a_bad_crisis_call_changes_nothing(world):
    before = (Contact.objects.count(), Client.objects.count(), Task.objects.count())
    with pytest.raises(ServiceError) as error:
        crisis.crisis_call_log(
            actor=world["users"][Role.CASEWORKER],
            values={
                **MIDNIGHT,
                "not_yet_a_client": True,
                "given_name": "Tyrese",
                "family_name": "Bell",
                "category": "",
            },
        )
    assert error.value.field == "category"
    assert (Contact.objects.count(), Client.objects.count(), Task.objects.count()) == before
    assert not Concern.objects.exists()


def test_a_crisis_call_sent_twice_is_logged_once(world):
    values = {**MIDNIGHT, "client_id": world["clients"]["own"].pk}
    token = "5b1a4c7e-2f55-4a8e-9d55-0c6f3a1f9e21"
    first = crisis.crisis_call_log(
        actor=world["users"][Role.CASEWORKER], values=values, token=token
    )
    second = crisis.crisis_call_log(
        actor=world["users"][Role.CASEWORKER], values=values, token=token
    )
    assert first.contact == second.contact and second.concern == first.concern
    assert Concern.objects.count() == 1


def test_a_time_later_than_now_today_is_refused_on_a_contact(world):
    from wingman.casework.services import contact_log

    later = (timezone.localtime() + timedelta(minutes=30)).time()
    if timezone.localtime().date() != (timezone.localtime() + timedelta(minutes=30)).date():
        pytest.skip("too close to midnight to be later today")
    with pytest.raises(ServiceError) as error:
        contact_log(
            actor=world["users"][Role.CASEWORKER],
            client=world["clients"]["own"],
            data={
                "occurred_on": TODAY,
                "occurred_at": later,
                "minutes": 5,
                "contact_type": "phone",
            },
        )
    assert error.value.field == "occurred_at"


def test_a_manager_keeps_their_boroughs_teams_rota_and_the_whole_organisations(world):
    borough_b_team = world["teams"][2]
    with pytest.raises(ServiceError) as error:
        shift(world, team_id=borough_b_team.pk)
    assert error.value.field == "team_id"
    assert shift(world, team_id=world["teams"][1].pk).team == world["teams"][1]
    assert shift(world).team is None
    far = shift(world, actor_role=Role.SAFEGUARDING_LEAD, team_id=borough_b_team.pk)
    with pytest.raises(NotAllowed):
        rota.shift_remove(actor=world["users"][Role.MANAGER], shift=far)
