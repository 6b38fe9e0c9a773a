import re
from datetime import timedelta

from django.utils import timezone

from testing.helpers import date_boxes
from wingman.accounts.choices import Role
from wingman.audit.models import AccessEvent
from wingman.casework import services
from wingman.casework.choices import PartnerReferralStatus, PartnerType, TaskKind
from wingman.casework.models import PartnerReferral, Task


def today():
    return timezone.localdate()


def form_token(page):
    return re.search(r'name="form_token" value="([^"]+)"', page).group(1)


def add_task(actor, client, due_in_days, title):
    task, _ = services.task_create(
        actor=actor,
        client=client,
        data={
            "kind": TaskKind.COURT_DATE,
            "title": title,
            "due_on": today() + timedelta(due_in_days),
        },
    )
    return task


def make_referral(actor, client, name="Brief Intervention Service"):
    made, _ = services.partner_referral_make(
        actor=actor,
        client=client,
        data={"partner_type": PartnerType.DRUGS_ALCOHOL, "partner_name": name},
    )
    return made


def test_adding_a_task_redirects_to_the_client_record(as_caseworker, caseworker, own):
    url = f"/clients/{own.pk}/tasks/new/"
    token = form_token(as_caseworker.get(url).content.decode())
    due = today() + timedelta(days=5)
    post = {
        "form_token": token,
        "kind": TaskKind.COURT_DATE,
        "title": "Court",
        **date_boxes("due_on", due),
    }
    response = as_caseworker.post(url, post)
    assert response.status_code == 302 and response["Location"] == f"/clients/{own.pk}/"
    as_caseworker.post(url, post)
    task = Task.objects.get()
    assert task.due_on == due and task.assigned_to == caseworker


def test_a_task_without_a_title_shows_the_error(as_caseworker, own):
    url = f"/clients/{own.pk}/tasks/new/"
    token = form_token(as_caseworker.get(url).content.decode())
    response = as_caseworker.post(
        url, {"form_token": token, "kind": TaskKind.OTHER, **date_boxes("due_on", today())}
    )
    assert "Enter what needs doing" in response.content.decode()


def test_marking_a_task_done_returns_to_a_safe_next_page(as_caseworker, caseworker, own):
    task = add_task(caseworker, own, 1, "Ring probation")
    response = as_caseworker.post(f"/tasks/{task.pk}/complete/", {"next": "/tasks/"})
    assert response.status_code == 302 and response["Location"] == "/tasks/"
    task.refresh_from_db()
    assert task.is_done and task.done_by == caseworker


def test_marking_a_task_done_ignores_a_next_page_on_another_site(as_caseworker, caseworker, own):
    task = add_task(caseworker, own, 1, "Ring probation")
    for unsafe in ("https://example.com/", "//example.com/"):
        response = as_caseworker.post(f"/tasks/{task.pk}/complete/", {"next": unsafe})
        assert response["Location"] == f"/clients/{own.pk}/"


def test_marking_a_task_done_needs_a_post(as_caseworker, caseworker, own):
    task = add_task(caseworker, own, 1, "Ring probation")
    assert as_caseworker.get(f"/tasks/{task.pk}/complete/").status_code == 405


def test_the_task_list_shows_overdue_then_due_soon_and_logs_the_clients_seen(
    as_caseworker, caseworker, own
):
    add_task(caseworker, own, -2, "Overdue court letter")
    add_task(caseworker, own, 3, "Court on Friday")
    add_task(caseworker, own, 40, "Far away")
    response = as_caseworker.get("/tasks/")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("Overdue court letter") < page.index("Court on Friday")
    assert "Far away" not in page and str(own) in page and "Mark done" in page
    assert AccessEvent.objects.filter(
        kind=AccessEvent.Kind.LIST, client_id=own.pk, actor=caseworker
    ).exists()


def test_a_funder_is_refused_the_task_list(world, sign_in):
    client = sign_in(world["users"][Role.FUNDER])
    assert client.get("/tasks/").status_code == 403


def test_making_a_partner_referral(as_caseworker, own):
    url = f"/clients/{own.pk}/partner-referrals/new/"
    page = as_caseworker.get(url).content.decode()
    assert f'name="made_on_month" type="text" inputmode="numeric" value="{today().month}"' in page
    post = {
        "form_token": form_token(page),
        "partner_type": PartnerType.DOMESTIC_VIOLENCE,
        "partner_name": "National helpline",
        **date_boxes("made_on", today()),
        "outcome": "",
    }
    assert as_caseworker.post(url, post).status_code == 302
    assert as_caseworker.post(url, post).status_code == 302
    made = PartnerReferral.objects.get()
    assert made.partner_name == "National helpline"


def test_updating_a_partner_referral_status(as_caseworker, caseworker, own):
    made = make_referral(caseworker, own)
    url = f"/partner-referrals/{made.pk}/edit/"
    assert 'name="version" value="1"' in as_caseworker.get(url).content.decode()
    response = as_caseworker.post(
        url, {"status": PartnerReferralStatus.ACCEPTED, "outcome": "Went", "version": "1"}
    )
    assert response.status_code == 302 and response["Location"] == f"/clients/{own.pk}/"
    made.refresh_from_db()
    assert made.status == PartnerReferralStatus.ACCEPTED and made.outcome == "Went"


def test_a_stale_partner_referral_update_shows_both_versions_with_409(
    as_caseworker, caseworker, own
):
    made = make_referral(caseworker, own)
    services.partner_referral_update(
        actor=caseworker,
        partner_referral=made,
        changes={"status": PartnerReferralStatus.ACCEPTED, "outcome": "No places yet"},
        expected_version=1,
    )
    response = as_caseworker.post(
        f"/partner-referrals/{made.pk}/edit/",
        {"status": PartnerReferralStatus.ATTENDED, "outcome": "Went", "version": "1"},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Attended" in page and "Went" in page and "No places yet" in page


def test_returns_404_for_a_partner_referral_of_a_client_in_another_team(world, as_caseworker):
    other = world["clients"]["other_team"]
    made = make_referral(other.caseworker, other)
    assert as_caseworker.get(f"/partner-referrals/{made.pk}/edit/").status_code == 404
    assert AccessEvent.objects.filter(
        kind=AccessEvent.Kind.DENIED,
        object_type="casework.partnerreferral",
        object_id=str(made.pk),
    ).exists()


def test_the_client_record_partials_render_casework_with_actions(rf, caseworker, own):
    from django.template.loader import render_to_string

    from wingman.casework.selectors import client_casework

    add_task(caseworker, own, 1, "Court on Friday")
    make_referral(caseworker, own)
    request = rf.get(f"/clients/{own.pk}/")
    request.user = caseworker
    context = {"client": own, **client_casework(caseworker, own)}
    contacts = render_to_string("casework/_client_contacts.html", context, request=request)
    tasks = render_to_string("casework/_client_tasks_and_partners.html", context, request=request)
    assert f"/clients/{own.pk}/contacts/new/" in contacts and "No contacts logged yet" in contacts
    assert "Court on Friday" in tasks and "Brief Intervention Service" in tasks
    assert 'name="next" value="/clients/' in tasks and "csrfmiddlewaretoken" in tasks
    assert f"/clients/{own.pk}/tasks/new/" in tasks
    assert f"/clients/{own.pk}/partner-referrals/new/" in tasks
