"""The API permission matrix's rows for support plans."""

from datetime import date, timedelta
from typing import Any

from wingman.api.tests.rows import Row
from wingman.plans.choices import ActionOwner
from wingman.plans.models import Action, Goal, SupportPlan

NEXT_WEEK = (date.today() + timedelta(days=7)).isoformat()

ROWS: dict[str, Row] = {
    "list_support_plans": (
        "get",
        lambda c: f"/clients/{c.pk}/plans",
        None,
        "read clients",
        200,
    ),
    # The world's journeys are closed here, so the new plan is one without a journey.
    "create_support_plan": (
        "post",
        lambda c: f"/clients/{c.pk}/plans",
        lambda c: {"agreed_on": date.today().isoformat()},
        "record casework",
        201,
    ),
    "get_support_plan": ("get", lambda c: f"/plans/{c.plan.pk}", None, "read clients", 200),
    "get_my_plan_pdf": (
        "get",
        lambda c: f"/plans/{c.plan.pk}/my-plan.pdf",
        None,
        "read clients",
        200,
    ),
    "update_support_plan": (
        "patch",
        lambda c: f"/plans/{c.plan.pk}",
        lambda c: {"version": 1, "reviewed_on": date.today().isoformat()},
        "record casework",
        200,
    ),
    "create_goal": (
        "post",
        lambda c: f"/plans/{c.plan.pk}/goals",
        lambda c: {"pathway": "accommodation", "in_their_words": "Somewhere of my own"},
        "record casework",
        201,
    ),
    "update_goal": (
        "patch",
        lambda c: f"/goals/{c.goal.pk}",
        lambda c: {"version": 1, "in_their_words": "Finish the course"},
        "record casework",
        200,
    ),
    "create_action": (
        "post",
        lambda c: f"/goals/{c.goal.pk}/actions",
        lambda c: {"what": "Ring the college", "owner": "client", "due_on": NEXT_WEEK},
        "record casework",
        201,
    ),
    "update_action": (
        "patch",
        lambda c: f"/actions/{c.action.pk}",
        lambda c: {"version": 1, "due_on": NEXT_WEEK},
        "record casework",
        200,
    ),
    "move_action": (
        "post",
        lambda c: f"/actions/{c.action.pk}/moves",
        lambda c: {"to": "in_progress"},
        "record casework",
        200,
    ),
    "link_action": (
        "put",
        lambda c: f"/actions/{c.action.pk}/links",
        lambda c: {
            "contact_ids": [c.contact.pk],
            "partner_referral_ids": [c.partner_referral.pk],
        },
        "record casework",
        200,
    ),
}


def furnish(client: Any, author: Any) -> None:
    """Give one of the world's clients the records these rows need: a plan for its (closed)
    journey with one goal and one action (kept as `plan`, `goal` and `action`)."""
    client.plan = SupportPlan.objects.create(
        client=client, journey=client.journey, agreed_on=date.today(), created_by=author
    )
    client.goal = Goal.objects.create(
        plan=client.plan, pathway="ete", in_their_words="Get onto a course", created_by=author
    )
    client.action = Action.objects.create(
        goal=client.goal,
        what="Find a course",
        owner=ActionOwner.CASEWORKER,
        due_on=date.today() + timedelta(days=7),
        created_by=author,
    )
