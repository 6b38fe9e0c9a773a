"""Where concerns are found: the queue (most urgent first, every client shown logged), the home
page (waiting and overdue for the lead, overdue for the borough's managers, notifications for
everyone who reads concerns), and the client record."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from testing.factories import ClientFactory, JourneyFactory, UserFactory
from testing.helpers import sign_in
from wingman.accounts.choices import Role
from wingman.audit.models import AccessEvent
from wingman.safeguarding.models import Concern
from wingman.safeguarding.selectors import concerns as selectors
from wingman.safeguarding.services import concerns

ACCOUNT = "Messages saying they will stab him if he comes back to the estate."


def today():
    return timezone.localdate()


def raise_one(world, client="own", who=Role.CASEWORKER, category="threats"):
    concern, _ = concerns.concern_raise(
        actor=world["users"][who],
        client=world["clients"][client],
        values={"category": category, "happened_on": today(), "seen_and_heard": ACCOUNT},
    )
    return concern


def triage(world, concern, grade="amber"):
    return concerns.concern_triage(
        actor=world["users"][Role.SAFEGUARDING_LEAD],
        concern=concern,
        values={"grade": grade, "rationale": "Known to the police."},
    )


def overdue_concerns(world):
    """On the caseworker's own client (borough A): one overdue for triage, one for action."""
    late_triage = raise_one(world)
    Concern.objects.filter(pk=late_triage.pk).update(
        triage_due_at=timezone.now() - timedelta(hours=1)
    )
    late_action = triage(world, raise_one(world, category="weapons"), grade="red")
    Concern.objects.filter(pk=late_action.pk).update(
        action_due_at=timezone.now() - timedelta(hours=1)
    )
    return late_triage, late_action


# Overdue, for the right people only -------------------------------------------------------------


def test_overdue_is_shown_to_the_lead_and_the_boroughs_manager_only(world, client):
    late_triage, late_action = overdue_concerns(world)
    other_manager = UserFactory(role=Role.MANAGER, team=world["teams"][2])
    shown = {
        Role.SAFEGUARDING_LEAD: world["users"][Role.SAFEGUARDING_LEAD],
        Role.MANAGER: world["users"][Role.MANAGER],
        Role.CASEWORKER: world["users"][Role.CASEWORKER],
        "other borough's manager": other_manager,
    }
    expected = {
        Role.SAFEGUARDING_LEAD: True,
        Role.MANAGER: True,
        Role.CASEWORKER: False,
        "other borough's manager": False,
    }
    for who, user in shown.items():
        home = selectors.for_home(user, today=today())
        sees = bool(home.get("triage_overdue")) and bool(home.get("action_overdue"))
        assert sees == expected[who], who
        sign_in(client, user)
        page = client.get("/").content.decode()
        assert ("Triage overdue (1)" in page) == expected[who], who
        assert ("Action overdue (1)" in page) == expected[who], who
        if expected[who]:
            assert home["triage_overdue"] == [late_triage]
            assert home["action_overdue"] == [late_action]
            assert set(home["client_ids"]) == {late_triage.client_id}


def test_time_travel_makes_a_concern_overdue_for_the_lead(world):
    concern = raise_one(world)
    lead = world["users"][Role.SAFEGUARDING_LEAD]
    assert selectors.for_home(lead, today=today())["triage_overdue"] == []
    later = timezone.now() + timedelta(days=2)
    assert selectors.for_home(lead, today=today(), now=later)["triage_overdue"] == [concern]


def test_the_lead_sees_every_concern_waiting_for_triage_with_a_count(world, client):
    for place in ("own", "other_borough"):
        raise_one(world, client=place, who=Role.SAFEGUARDING_LEAD)
    lead = world["users"][Role.SAFEGUARDING_LEAD]
    home = selectors.for_home(lead, today=today())
    assert home["awaiting_triage_count"] == 2
    assert "awaiting_triage" not in selectors.for_home(world["users"][Role.MANAGER], today=today())
    sign_in(client, lead)
    assert "Waiting for triage (2)" in client.get("/").content.decode()


def test_the_home_page_logs_the_clients_its_safeguarding_lists_show(world, client):
    late_triage, _ = overdue_concerns(world)
    lead = world["users"][Role.SAFEGUARDING_LEAD]
    sign_in(client, lead)
    client.get("/")
    assert AccessEvent.objects.filter(
        actor=lead, kind=AccessEvent.Kind.LIST, client_id=late_triage.client_id
    ).exists()


# Notifications -----------------------------------------------------------------------------------


def test_an_unseen_notification_is_on_home_without_content_until_the_concern_is_opened(
    world, client
):
    concern = raise_one(world)
    lead = world["users"][Role.SAFEGUARDING_LEAD]
    sign_in(client, lead)
    page = client.get("/").content.decode()
    assert "raised a safeguarding concern: Risk from others: threats" in page
    assert ACCOUNT not in page
    client.get(reverse("safeguarding:concern", args=[concern.pk]))
    page = client.get("/").content.decode()
    assert "raised a safeguarding concern" not in page


# The queue ---------------------------------------------------------------------------------------


def test_the_queue_puts_overdue_triage_first_then_overdue_action_then_the_soonest_due(world):
    later = triage(world, raise_one(world), grade="green")
    soon = raise_one(world)
    late_triage, late_action = overdue_concerns(world)
    lead = world["users"][Role.SAFEGUARDING_LEAD]
    assert selectors.queue(lead) == [late_triage, late_action, soon, later]


def test_the_queue_shows_closed_concerns_apart(world, client):
    open_one = raise_one(world)
    shut = triage(world, raise_one(world, category="weapons"))
    concerns.concern_close(
        actor=world["users"][Role.SAFEGUARDING_LEAD],
        concern=shut,
        values={"rationale": "Moved out of the area."},
    )
    lead = world["users"][Role.SAFEGUARDING_LEAD]
    assert selectors.queue(lead) == [open_one]
    assert selectors.queue(lead, closed=True) == [Concern.objects.get(pk=shut.pk)]
    sign_in(client, lead)
    page = client.get(reverse("safeguarding:queue") + "?show=closed").content.decode()
    assert "Risk to others: weapons" in page and "Risk from others: threats" not in page


def test_the_queue_holds_only_concerns_the_viewer_may_read_and_logs_each_client(world, client):
    mine = raise_one(world)
    raise_one(world, client="other_borough", who=Role.SAFEGUARDING_LEAD)
    caseworker = world["users"][Role.CASEWORKER]
    assert selectors.queue(caseworker) == [mine]
    sign_in(client, caseworker)
    page = client.get(reverse("safeguarding:queue")).content.decode()
    assert reverse("safeguarding:concern", args=[mine.pk]) in page
    logged = AccessEvent.objects.filter(actor=caseworker, kind=AccessEvent.Kind.LIST)
    assert set(logged.values_list("client_id", flat=True)) == {mine.client_id}


# The client record -------------------------------------------------------------------------------


def test_the_client_record_lists_the_concerns_the_viewer_may_read_with_a_raise_button(
    world, client
):
    concern = triage(world, raise_one(world), grade="red")
    sign_in(client, world["users"][Role.CASEWORKER])
    page = client.get(reverse("home:client", args=[concern.client_id])).content.decode()
    assert reverse("safeguarding:concern", args=[concern.pk]) in page
    assert "govuk-tag--red" in page
    assert reverse("safeguarding:concern-new", args=[concern.client_id]) in page


def test_a_volunteer_sees_the_raise_button_but_no_concerns(world, client):
    volunteer = world["users"][Role.VOLUNTEER]
    theirs = ClientFactory(team=volunteer.team, caseworker=volunteer)
    JourneyFactory(client=theirs)
    concern, _ = concerns.concern_raise(
        actor=volunteer,
        client=theirs,
        values={"category": "threats", "happened_on": today(), "seen_and_heard": ACCOUNT},
    )
    sign_in(client, volunteer)
    page = client.get(reverse("home:client", args=[theirs.pk])).content.decode()
    assert reverse("safeguarding:concern-new", args=[theirs.pk]) in page
    assert reverse("safeguarding:concern", args=[concern.pk]) not in page
    assert "your role does not read them back" in page


def test_the_data_protection_officer_has_no_safeguarding_section_on_the_record(world, client):
    raise_one(world)
    sign_in(client, world["users"][Role.DATA_PROTECTION_OFFICER])
    page = client.get(reverse("home:client", args=[world["clients"]["own"].pk])).content.decode()
    assert 'id="safeguarding"' not in page
