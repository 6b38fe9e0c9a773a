"""A plan built through the real services, for the tests."""

from datetime import timedelta

from django.utils import timezone

from wingman.plans import services
from wingman.plans.choices import ActionOwner


def today():
    return timezone.localdate()


def plan_with_goal(actor, client, *, words="I want my own place, away from the estate"):
    plan, _ = services.plan_start(actor=actor, client=client, agreed_on=today())
    goal, _ = services.goal_add(
        actor=actor, plan=plan, data={"pathway": "accommodation", "in_their_words": words}
    )
    return plan, goal


def add_action(
    actor, goal, *, what="Fill in the housing form", owner=ActionOwner.CLIENT, due_in=7, partner=""
):
    action, _ = services.action_add(
        actor=actor,
        goal=goal,
        data={
            "what": what,
            "owner": owner,
            "partner_name": partner,
            "due_on": today() + timedelta(days=due_in),
        },
    )
    return action
