"""The permission matrix's rows for support plans pages."""

from typing import Any

from django.urls import reverse

from testing.helpers import date_boxes
from wingman.plans.choices import ActionOwner
from wingman.plans.models import Action, Goal, SupportPlan
from wingman.tests.rows import NEXT_WEEK, TODAY, Row, by_client_pk, form_token


def by_plan(c: Any) -> dict[str, Any]:
    return {"pk": c.plan.pk}


def by_goal(c: Any) -> dict[str, Any]:
    return {"pk": c.goal.pk}


def by_action(c: Any) -> dict[str, Any]:
    return {"pk": c.action.pk}


def plan_page(c: Any) -> str:
    return reverse("plans:plan", args=[c.plan.pk])


def goal_on_plan(c: Any) -> str:
    return f"{plan_page(c)}#goal-{c.goal.pk}"


ROWS: dict[tuple[str, str], Row] = {
    ("plans:client-plan", "get"): Row("get", "read clients", by_client_pk),
    ("plans:plan-start", "get"): Row("get", "record casework", by_client_pk),
    ("plans:plan-start", "post"): Row(
        "post",
        "record casework",
        by_client_pk,
        lambda c, u: {**date_boxes("agreed_on", TODAY), **form_token()},
        lambda c: reverse("plans:client-plan", args=[c.pk]),
        # The world's clients have a plan for their journey already, so starting another is
        # refused with a message and nothing changes; starting one is in plans/tests.
        changes=False,
    ),
    ("plans:plan", "get"): Row("get", "read clients", by_plan),
    ("plans:plan-edit", "get"): Row("get", "record casework", by_plan),
    ("plans:plan-edit", "post"): Row(
        "post",
        "record casework",
        by_plan,
        lambda c, u: {
            **date_boxes("agreed_on", TODAY),
            **date_boxes("reviewed_on", TODAY),
            "version": c.plan.version,
        },
        plan_page,
    ),
    ("plans:goal-new", "get"): Row("get", "record casework", by_plan),
    ("plans:goal-new", "post"): Row(
        "post",
        "record casework",
        by_plan,
        lambda c, u: {
            "pathway": "accommodation",
            "in_their_words": "A place of my own",
            **form_token(),
        },
        lambda c: plan_page(c) + r"#goal-\d+",
    ),
    ("plans:goal-edit", "get"): Row("get", "record casework", by_goal),
    ("plans:goal-edit", "post"): Row(
        "post",
        "record casework",
        by_goal,
        lambda c, u: {
            "pathway": "ete",
            "in_their_words": "Get on the course and finish it",
            "version": c.goal.version,
        },
        plan_page,
    ),
    ("plans:action-new", "get"): Row("get", "record casework", by_goal),
    ("plans:action-new", "post"): Row(
        "post",
        "record casework",
        by_goal,
        lambda c, u: {
            "what": "Ring the college",
            "owner": "client",
            **date_boxes("due_on", NEXT_WEEK),
            **form_token(),
        },
        goal_on_plan,
    ),
    ("plans:action-edit", "get"): Row("get", "record casework", by_action),
    ("plans:action-edit", "post"): Row(
        "post",
        "record casework",
        by_action,
        lambda c, u: {
            "what": "Go to the open day",
            "owner": "caseworker",
            **date_boxes("due_on", NEXT_WEEK),
            "version": c.action.version,
        },
        plan_page,
    ),
    ("plans:action-status", "get"): Row("get", "record casework", by_action),
    ("plans:action-status", "post"): Row(
        "post",
        "record casework",
        by_action,
        lambda c, u: {"status": "in_progress", "from_status": "to_do"},
        goal_on_plan,
    ),
    ("plans:action-links", "get"): Row("get", "record casework", by_action),
    ("plans:action-links", "post"): Row(
        "post",
        "record casework",
        by_action,
        lambda c, u: {
            "contacts": [str(c.contact.pk)],
            "partner_referrals": [str(c.partner_referral.pk)],
        },
        goal_on_plan,
    ),
    ("plans:my-plan", "get"): Row("get", "read clients", by_plan),
    ("plans:my-plan-pdf", "get"): Row("get", "read clients", by_plan),
}


def furnish(client: Any, author: Any) -> None:
    """Give one of the world's clients the records these rows need: a plan for its journey with
    one goal and one action (kept as `plan`, `goal` and `action`)."""
    client.plan = SupportPlan.objects.create(
        client=client, journey=client.journey, agreed_on=TODAY, created_by=author
    )
    client.goal = Goal.objects.create(
        plan=client.plan, pathway="ete", in_their_words="Get onto a course", created_by=author
    )
    client.action = Action.objects.create(
        goal=client.goal,
        what="Find a course",
        owner=ActionOwner.CASEWORKER,
        due_on=NEXT_WEEK,
        created_by=author,
    )
