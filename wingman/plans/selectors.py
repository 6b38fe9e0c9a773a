"""Reading support plans: a client's current plan with its goals and actions, what the client
record and the home page show of them. Every query starts from `.visible_to(viewer)`, and the
number of queries does not grow with the amount of data."""

from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from wingman.accounts import permissions
from wingman.casework.models import Contact, PartnerReferral

from .choices import OPEN_ACTION_STATUSES, ActionStatus
from .models import Action, Goal, SupportPlan

HOME_LIST_LIMIT = 50
LINKABLE_CONTACTS = 30


def current_plan(viewer: Any, client: Any) -> SupportPlan | None:
    """The client's newest plan that `viewer` may see."""
    return (
        SupportPlan.objects.visible_to(viewer)
        .filter(client=client)
        .order_by("-agreed_on", "-id")
        .first()
    )


def goals_of(viewer: Any, plan: SupportPlan) -> list[Goal]:
    """A plan's goals, each with its actions and the work linked to them: three queries."""
    actions = (
        Action.objects.visible_to(viewer)
        .prefetch_related(
            Prefetch("contacts", queryset=Contact.objects.order_by("-occurred_on", "-id")),
            Prefetch("partner_referrals", queryset=PartnerReferral.objects.order_by("-made_on")),
        )
        .order_by("due_on", "id")
    )
    return list(
        Goal.objects.visible_to(viewer)
        .filter(plan=plan)
        .prefetch_related(Prefetch("actions", queryset=actions))
        .order_by("id")
    )


def linkable_work(viewer: Any, client: Any) -> tuple[list[Contact], list[PartnerReferral]]:
    """The client's latest contacts and their partner referrals, to link to an action."""
    contacts = list(
        Contact.objects.visible_to(viewer)
        .filter(client=client)
        .order_by("-occurred_on", "-id")[:LINKABLE_CONTACTS]
    )
    referrals = list(
        PartnerReferral.objects.visible_to(viewer).filter(client=client).order_by("-made_on", "-id")
    )
    return contacts, referrals


def for_client_record(viewer: Any, client: Any) -> dict[str, Any]:
    """What the client record shows of this app, for `viewer` (who may see `client`): the
    current plan, how many goals and actions it has, how many are done and overdue. Two
    queries."""
    plan = current_plan(viewer, client)
    counts: dict[str, Any] = {}
    if plan is not None:
        today = timezone.localdate()
        open_actions = Q(actions__status__in=OPEN_ACTION_STATUSES)
        found = Goal.objects.filter(plan=plan).aggregate(
            n_goals=Count("id", distinct=True),
            n_actions=Count("actions"),
            n_done=Count("actions", filter=Q(actions__status=ActionStatus.DONE)),
            n_open=Count("actions", filter=open_actions),
            n_overdue=Count("actions", filter=open_actions & Q(actions__due_on__lt=today)),
        )
        counts = {key.removeprefix("n_"): value for key, value in found.items()}
    return {
        "plan": plan,
        "counts": counts,
        "records_casework": permissions.records_casework(viewer),
    }


def overdue_actions(viewer: Any, today: date) -> Any:
    """Open actions past their due date on the viewer's own caseload, oldest first."""
    return (
        Action.objects.visible_to(viewer)
        .overdue(today)
        .filter(goal__plan__client__caseworker=viewer)
        .select_related("goal__plan__client")
        .order_by("due_on", "id")
    )


def for_home(viewer: Any, *, today: date) -> dict[str, Any]:
    """What `viewer`'s home page shows of this app: overdue actions on their caseload's plans,
    and the clients it shows (for the access record) under "client_ids"."""
    overdue = list(overdue_actions(viewer, today)[:HOME_LIST_LIMIT])
    return {
        "overdue_actions": overdue,
        "client_ids": sorted({a.goal.plan.client_id for a in overdue}),
    }
