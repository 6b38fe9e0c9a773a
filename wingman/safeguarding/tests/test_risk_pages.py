"""Risk flags on the client's record, flags due for review and who is on call on the home page,
and the on-call rota, through the pages."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from testing.factories import ClientFactory
from testing.helpers import date_boxes, sign_in
from wingman.accounts.choices import Role
from wingman.audit.models import AccessEvent, AuditEvent
from wingman.core.models import FormSubmission
from wingman.safeguarding.models import OnCallShift, RiskFlag
from wingman.safeguarding.selectors.flags import banner_for
from wingman.safeguarding.services import concerns, flags, rota
from wingman.tests.test_permission_matrix import MATRIX, _furnish

TODAY = date.today()
AREA = "Northfield estate"
ASK = "a safeguarding concern exists; ask the caseworker or the safeguarding lead"


def set_flag(actor, client, **values):
    made, _ = flags.flag_set(
        actor=actor,
        client=client,
        values={
            "kind": "hostile_area",
            "detail": AREA,
            "reason": "Threats from a group on the estate",
            "review_on": TODAY + timedelta(days=30),
            **values,
        },
    )
    return made


def raise_concern(actor, client):
    concern, _ = concerns.concern_raise(
        actor=actor,
        client=client,
        values={
            "category": "threats",
            "happened_on": TODAY,
            "seen_and_heard": "He says older boys on the estate are looking for him.",
        },
    )
    return concern


def page(http, url):
    response = http.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_a_flag_shows_on_every_page_of_the_clients_record(world, client):
    _furnish(world)
    caseworker = world["users"][Role.CASEWORKER]
    own = world["clients"]["own"]
    set_flag(caseworker, own)
    sign_in(client, caseworker)
    shown = []
    for (name, method), row in sorted(MATRIX.items()):
        if method != "get" or row.target is None:
            continue
        response = client.get(reverse(name, kwargs=row.target(own)))
        html = response.get("Content-Type", "").startswith("text/html")
        if response.status_code != 200 or response.context is None or not html:
            continue  # not the caseworker's page, or a file rather than a page
        if getattr(response.context.get("client"), "pk", None) != own.pk:
            continue
        body = response.content.decode()
        assert 'aria-label="Risks"' in body and f"Hostile area: {AREA}" in body, name
        shown.append(name)
    assert "home:client" in shown and "casework:contact-detail" in shown
    assert len(shown) >= 20, shown


def test_the_banner_shows_no_flag_of_another_client_and_none_removed(world, client):
    lead = world["users"][Role.SAFEGUARDING_LEAD]
    own, team = world["clients"]["own"], world["clients"]["same_team"]
    set_flag(lead, team, detail="Eastgate")
    gone = set_flag(lead, own, detail="Westway")
    flags.flag_remove(actor=lead, flag=gone, values={"reason": "He moved away"})
    sign_in(client, lead)
    body = page(client, reverse("home:client", args=[own.pk]))
    assert "Eastgate" not in body and "Westway" not in body
    assert 'aria-label="Risks"' not in body
    assert "Eastgate" in page(client, reverse("home:client", args=[team.pk]))
    removed = page(client, reverse("safeguarding:flags", args=[own.pk]))
    assert "Removed flags" in removed and "He moved away" in removed


def test_the_banner_shows_on_no_page_about_no_client(world, client):
    set_flag(world["users"][Role.CASEWORKER], world["clients"]["own"])
    sign_in(client, world["users"][Role.CASEWORKER])
    for url in ("/", reverse("people:list"), reverse("safeguarding:on-call")):
        assert AREA not in page(client, url)


def test_a_volunteer_sees_the_flag_but_not_the_concern(world, client):
    volunteer = world["users"][Role.VOLUNTEER]
    lead = world["users"][Role.SENIOR_CASEWORKER]
    theirs = ClientFactory(team=volunteer.team, caseworker=None, created_by=volunteer)
    concern = raise_concern(volunteer, theirs)
    set_flag(lead, theirs, kind="see_concern", detail="", concern_id=concern.pk)
    concern_url = reverse("safeguarding:concern", args=[concern.pk])
    sign_in(client, volunteer)
    body = page(client, reverse("home:client", args=[theirs.pk]))
    assert "See concern" in body and ASK in body
    assert concern_url not in body
    sign_in(client, lead)
    body = page(client, reverse("home:client", args=[theirs.pk]))
    assert concern_url in body and ASK not in body


@pytest.mark.parametrize(
    ("role", "opens_it"),
    [
        (Role.CASEWORKER, True),
        (Role.SENIOR_CASEWORKER, True),
        (Role.MANAGER, True),
        (Role.SAFEGUARDING_LEAD, True),
        (Role.DATA_PROTECTION_OFFICER, False),
    ],
)
def test_the_banners_concern_link_shows_only_to_those_who_may_read_the_concern(
    world, client, role, opens_it
):
    own = world["clients"]["own"]
    caseworker = world["users"][Role.CASEWORKER]
    concern = raise_concern(caseworker, own)
    set_flag(caseworker, own, kind="see_concern", detail="", concern_id=concern.pk)
    sign_in(client, world["users"][role])
    body = page(client, reverse("home:client", args=[own.pk]))
    assert (reverse("safeguarding:concern", args=[concern.pk]) in body) is opens_it
    assert (ASK in body) is not opens_it


def test_the_banner_takes_one_query_and_writes_nothing(world, django_assert_num_queries):
    own = world["clients"]["own"]
    caseworker = world["users"][Role.CASEWORKER]
    concern = raise_concern(caseworker, own)
    set_flag(caseworker, own, kind="see_concern", detail="", concern_id=concern.pk)
    set_flag(caseworker, own)
    reads, changes = AccessEvent.objects.count(), AuditEvent.objects.count()
    with django_assert_num_queries(1):
        shown = banner_for(caseworker, own)
    assert [f.concern_readable for f in shown] == [True, False]
    assert (AccessEvent.objects.count(), AuditEvent.objects.count()) == (reads, changes)


def test_flags_due_for_review_are_on_their_owners_home_page_only(world, client):
    caseworker = world["users"][Role.CASEWORKER]
    own = world["clients"]["own"]
    due = set_flag(caseworker, own, review_on=TODAY)
    set_flag(caseworker, own, detail="Not yet", review_on=TODAY + timedelta(days=3))
    sign_in(client, caseworker)
    home = page(client, "/")
    assert "Risk flags to review" in home
    assert reverse("safeguarding:flag-review", args=[due.pk]) in home and "Not yet" not in home
    sign_in(client, world["users"][Role.SENIOR_CASEWORKER])
    assert "Risk flags to review" not in page(client, "/")


def shift(world, **values):
    now = timezone.now()
    made, _ = rota.shift_add(
        actor=world["users"][Role.MANAGER],
        values={
            "person_id": world["users"][Role.SENIOR_CASEWORKER].pk,
            "phone": "07700 900123",
            "starts_at": now - timedelta(hours=1),
            "ends_at": now + timedelta(hours=11),
            **values,
        },
    )
    return made


@pytest.mark.parametrize(
    "role",
    [
        Role.CASEWORKER,
        Role.VOLUNTEER,
        Role.SENIOR_CASEWORKER,
        Role.MANAGER,
        Role.SAFEGUARDING_LEAD,
        Role.DATA_PROTECTION_OFFICER,
    ],
)
def test_whoever_is_on_call_is_on_the_home_page_of_everyone_who_works_with_clients(
    world, client, role
):
    on_call = shift(world)
    sign_in(client, world["users"][role])
    home = page(client, "/")
    assert f"On call now:</strong> {on_call.person}" in home and "07700 900123" in home
    assert "(whole organisation)" in home


def test_nobody_on_call_says_to_ring_the_safeguarding_lead(world, client):
    sign_in(client, world["users"][Role.CASEWORKER])
    assert "Nobody is on the rota now: ring the safeguarding lead" in page(client, "/")


def flag_form(user, **values):
    return {
        "kind": "hostile_area",
        "detail": AREA,
        "reason": "Threats from a group on the estate",
        "owner": str(user.pk),
        **date_boxes("review_on", TODAY + timedelta(days=14)),
        "form_token": FormSubmission.new_token(),
        **values,
    }


def test_setting_a_flag_puts_it_on_the_banner_and_the_audit_keeps_no_reason(world, client):
    caseworker = world["users"][Role.CASEWORKER]
    own = world["clients"]["own"]
    sign_in(client, caseworker)
    new = page(client, reverse("safeguarding:flag-new", args=[own.pk]))
    assert "checked" not in new.split('name="kind"', 1)[1].split("</fieldset>")[0]
    assert f'<option value="{caseworker.pk}" selected>' in new
    response = client.post(reverse("safeguarding:flag-new", args=[own.pk]), flag_form(caseworker))
    assert response.status_code == 302
    made = RiskFlag.objects.get()
    assert made.owner == caseworker and made.label == f"Hostile area: {AREA}"
    assert AREA in page(client, reverse("home:client", args=[own.pk]))
    audit = " ".join(str(e.changes) + e.summary for e in AuditEvent.objects.all())
    assert "Threats from a group" not in audit


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"detail": ""}, "Enter the area"),
        ({"reason": ""}, "Enter the reason for the flag"),
        ({"kind": "see_concern", "detail": ""}, "Select one of this client"),
        (date_boxes("review_on", TODAY - timedelta(days=1)), "The review date must be today"),
    ],
)
def test_a_flag_without_what_it_needs_is_refused_with_a_clear_message(
    world, client, values, message
):
    caseworker = world["users"][Role.CASEWORKER]
    own = world["clients"]["own"]
    sign_in(client, caseworker)
    response = client.post(
        reverse("safeguarding:flag-new", args=[own.pk]), flag_form(caseworker, **values)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not RiskFlag.objects.exists()


def test_a_flag_is_reviewed_to_a_new_date_and_removed_with_a_reason(world, client):
    caseworker = world["users"][Role.CASEWORKER]
    own = world["clients"]["own"]
    made = set_flag(caseworker, own, review_on=TODAY)
    sign_in(client, caseworker)
    later = TODAY + timedelta(days=60)
    response = client.post(
        reverse("safeguarding:flag-review", args=[made.pk]),
        {
            "owner": caseworker.pk,
            "detail": AREA,
            "version": made.version,
            **date_boxes("review_on", later),
        },
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.review_on == later
    assert "Risk flags to review" not in page(client, "/")
    response = client.post(reverse("safeguarding:flag-remove", args=[made.pk]), {"reason": ""})
    assert "Enter why the flag is no longer needed" in response.content.decode()
    client.post(reverse("safeguarding:flag-remove", args=[made.pk]), {"reason": "He moved"})
    made.refresh_from_db()
    assert made.removed_reason == "He moved" and made.removed_by == caseworker
    assert 'aria-label="Risks"' not in page(client, reverse("home:client", args=[own.pk]))


def shift_form(person, **values):
    tomorrow = TODAY + timedelta(days=1)
    return {
        "person": str(person.pk),
        "team": "",
        "phone": "07700 900777",
        **date_boxes("starts_on", TODAY),
        "starts_time": "00:00",
        **date_boxes("ends_on", tomorrow),
        "ends_time": "08:00",
        "form_token": FormSubmission.new_token(),
        **values,
    }


def test_the_rota_keeper_adds_a_shift_everyone_on_duty_sees_it_and_it_can_be_removed(world, client):
    manager = world["users"][Role.MANAGER]
    lead = world["users"][Role.SAFEGUARDING_LEAD]
    sign_in(client, manager)
    response = client.post(reverse("safeguarding:on-call-new"), shift_form(lead))
    assert response.status_code == 302
    made = OnCallShift.objects.get()
    assert made.person == lead and made.team is None
    sign_in(client, world["users"][Role.VOLUNTEER])
    rota_page = page(client, reverse("safeguarding:on-call"))
    assert "07700 900777" in rota_page and "Add a shift" not in rota_page
    assert reverse("safeguarding:on-call-remove", args=[made.pk]) not in rota_page
    sign_in(client, manager)
    assert "Remove this shift?" in page(
        client, reverse("safeguarding:on-call-remove", args=[made.pk])
    )
    client.post(reverse("safeguarding:on-call-remove", args=[made.pk]))
    assert not OnCallShift.objects.exists()


def test_a_team_lead_is_offered_only_their_own_teams_rota(world, client):
    senior = world["users"][Role.SENIOR_CASEWORKER]
    sign_in(client, senior)
    form = page(client, reverse("safeguarding:on-call-new"))
    team = form.split('name="team"', 1)[1].split("</select>")[0]
    assert "Whole organisation" not in team and world["teams"][1].name not in team


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"phone": ""}, "Enter the number to call"),
        ({**date_boxes("ends_on", TODAY), "ends_time": "00:00"}, "The shift must end after"),
        ({**date_boxes("ends_on", TODAY + timedelta(days=9))}, "at most 7 days long"),
        ({"ends_time": "25:00"}, "Enter time it ends as hours and minutes"),
    ],
)
def test_a_shift_that_cannot_be_is_refused_with_a_clear_message(world, client, values, message):
    sign_in(client, world["users"][Role.MANAGER])
    response = client.post(
        reverse("safeguarding:on-call-new"),
        shift_form(world["users"][Role.SAFEGUARDING_LEAD], **values),
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not OnCallShift.objects.exists()
