import re
import subprocess
from datetime import timedelta

from testing.helpers import date_boxes
from wingman.accounts.choices import Role
from wingman.audit.models import AccessEvent
from wingman.plans.choices import ActionOwner, ActionStatus
from wingman.plans.models import Action, Goal, SupportPlan

from .helpers import add_action, plan_with_goal, today


def form_token(page):
    return re.search(r'name="form_token" value="([^"]+)"', page).group(1)


def test_a_caseworker_starts_a_plan_then_writes_a_goal_and_an_action(as_caseworker, own):
    start = f"/clients/{own.pk}/plan/start/"
    page = as_caseworker.get(start).content.decode()
    response = as_caseworker.post(
        start, {**date_boxes("agreed_on", today()), "form_token": form_token(page)}
    )
    plan = SupportPlan.objects.get()
    assert response["Location"] == f"/plans/{plan.pk}/"
    new_goal = f"/plans/{plan.pk}/goals/new/"
    page = as_caseworker.get(new_goal).content.decode()
    as_caseworker.post(
        new_goal,
        {
            "pathway": "ete",
            "in_their_words": "I want to be an electrician",
            "form_token": form_token(page),
        },
    )
    goal = Goal.objects.get()
    new_action = f"/goals/{goal.pk}/actions/new/"
    page = as_caseworker.get(new_action).content.decode()
    response = as_caseworker.post(
        new_action,
        {
            "what": "Go to the college open day",
            "owner": "partner",
            "partner_name": "Lambeth College",
            **date_boxes("due_on", today() + timedelta(days=5)),
            "form_token": form_token(page),
        },
    )
    assert response["Location"] == f"/plans/{plan.pk}/#goal-{goal.pk}"
    page = as_caseworker.get(f"/clients/{own.pk}/plan/").content.decode()
    assert "I want to be an electrician" in page and "Lambeth College (partner)" in page


def test_the_client_record_shows_the_plan_summary_and_a_link_to_it(as_caseworker, caseworker, own):
    plan, goal = plan_with_goal(caseworker, own)
    add_action(caseworker, goal, due_in=-1)
    page = as_caseworker.get(f"/clients/{own.pk}/").content.decode()
    assert f"/plans/{plan.pk}/" in page and "1 past its due date" in page


def test_the_start_form_sent_for_a_client_with_a_plan_goes_to_that_plan(
    as_caseworker, caseworker, own
):
    plan_with_goal(caseworker, own)
    start = f"/clients/{own.pk}/plan/start/"
    page = as_caseworker.get(start).content.decode()
    response = as_caseworker.post(
        start, {**date_boxes("agreed_on", today()), "form_token": form_token(page)}, follow=True
    )
    assert SupportPlan.objects.count() == 1
    assert "already has a support plan" in response.content.decode()


def test_moving_an_action_offers_only_the_moves_its_status_allows(as_caseworker, caseworker, own):
    _, goal = plan_with_goal(caseworker, own)
    action = add_action(caseworker, goal)
    url = f"/actions/{action.pk}/status/"
    page = as_caseworker.get(url).content.decode()
    radios = re.findall(r'name="status"[^>]*value="([a-z_]+)"', page)
    assert radios == ["in_progress", "done", "not_needed"]
    as_caseworker.post(url, {"status": "done", "from_status": "to_do"})
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.done_on == today()


def test_a_stale_status_move_is_refused_with_the_status_it_has_now(as_caseworker, caseworker, own):
    _, goal = plan_with_goal(caseworker, own)
    action = add_action(caseworker, goal)
    as_caseworker.post(f"/actions/{action.pk}/status/", {"status": "done", "from_status": "to_do"})
    response = as_caseworker.post(
        f"/actions/{action.pk}/status/", {"status": "in_progress", "from_status": "to_do"}
    )
    assert response.status_code == 200 and "it is now done" in response.content.decode()
    assert Action.objects.get().status == ActionStatus.DONE


def test_my_plan_speaks_to_the_young_person_in_plain_words(as_caseworker, caseworker, own):
    plan, goal = plan_with_goal(caseworker, own)
    add_action(caseworker, goal, what="Fill in the housing form", owner=ActionOwner.CLIENT)
    add_action(caseworker, goal, what="Ring the council", owner=ActionOwner.CASEWORKER)
    page = as_caseworker.get(f"/plans/{plan.pk}/my-plan/").content.decode()
    assert "this is your plan" in page and "Somewhere to live" in page
    assert 'Fill in the housing form. <span class="wm-my-plan__who">You do this' in page
    assert f"{caseworker.first_name} does this" in page
    assert "my-plan-print.css" in page and 'media="print"' in page
    for word in ("Overdue", "risk", "Risk", "pathway", "Past due"):
        assert word not in page.split('id="main-content"')[1]


def test_the_my_plan_pdf_holds_the_goals_and_actions_and_its_read_is_recorded(
    as_caseworker, caseworker, own, tmp_path
):
    plan, goal = plan_with_goal(caseworker, own, words="I want my own flat")
    add_action(caseworker, goal, what="Fill in the housing form")
    add_action(
        caseworker, goal, what="Go to the viewing", owner=ActionOwner.PARTNER, partner="Shelter"
    )
    response = as_caseworker.get(f"/plans/{plan.pk}/my-plan.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    pdf = tmp_path / "my-plan.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(
        ["/usr/bin/pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert "My plan" in flat and "I want my own flat" in flat and "Somewhere to live" in flat
    assert "Fill in the housing form" in flat and "Shelter does this" in flat
    assert AccessEvent.objects.filter(
        actor=caseworker,
        kind=AccessEvent.Kind.VIEW,
        object_type="plans.supportplan",
        object_id=str(plan.pk),
        client_id=own.pk,
    ).exists()


def test_the_pdf_of_a_plan_out_of_scope_is_404_and_the_refusal_logged(world, client, caseworker):
    from testing.helpers import sign_in

    other = world["clients"]["other_team"]
    plan, _ = plan_with_goal(other.caseworker, other)
    sign_in(client, caseworker)
    assert client.get(f"/plans/{plan.pk}/my-plan.pdf").status_code == 404
    assert AccessEvent.objects.filter(
        kind=AccessEvent.Kind.DENIED, object_type="plans.supportplan", object_id=str(plan.pk)
    ).exists()


def test_a_safeguarding_lead_reads_the_plan_without_the_links_to_change_it(
    world, client, caseworker, own
):
    from testing.helpers import sign_in

    plan, _ = plan_with_goal(caseworker, own)
    sign_in(client, world["users"][Role.SAFEGUARDING_LEAD])
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert "I want my own place" in page and "Add a goal" not in page


def test_the_home_page_lists_overdue_actions_and_logs_their_clients(as_caseworker, caseworker, own):
    _, goal = plan_with_goal(caseworker, own)
    add_action(caseworker, goal, what="Ring the council", due_in=-3)
    page = as_caseworker.get("/").content.decode()
    assert "Support plan actions past their due date" in page and "Ring the council" in page
    assert AccessEvent.objects.filter(
        actor=caseworker, kind=AccessEvent.Kind.LIST, client_id=own.pk
    ).exists()
