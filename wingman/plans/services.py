"""Writing the support plan with the young person: starting it, its goals and actions, moving an
action's status along ACTION_TRANSITIONS, and linking an action to the contacts and partner
referrals that served it. Each change is audited in its own transaction."""

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from wingman.accounts import permissions
from wingman.accounts.models import User
from wingman.audit.models import AuditEvent
from wingman.audit.services import record_change
from wingman.casework.models import Contact, PartnerReferral
from wingman.casework.services import open_journey_of
from wingman.core.dates import when
from wingman.core.errors import InvalidTransition, NotAllowed, ServiceError
from wingman.core.once import once
from wingman.core.pathways import Pathway
from wingman.core.services import audited_create, versioned_update
from wingman.core.validation import check_lengths, past_date, planned_date
from wingman.people.models import Client

from .choices import ACTION_TRANSITIONS, ActionOwner, ActionStatus
from .models import Action, Goal, SupportPlan

# The dates each record accepts, on every channel (forms and API schemas use these too).
PLAN_AGREED = past_date("agreed_on", "Date agreed")
PLAN_REVIEWED = past_date("reviewed_on", "Date last reviewed")
ACTION_DUE = planned_date("due_on", "Due date")

GOAL_FIELDS = ("pathway", "in_their_words")
ACTION_FIELDS = ("what", "owner", "partner_name", "due_on")
GOAL_LABELS = {"in_their_words": "The goal in their own words"}
ACTION_LABELS = {"what": "What needs doing", "partner_name": "Partner's name"}
ALREADY_PLANNED = (
    "This client already has a support plan for this journey: add goals to it, or review it."
)


def _require_casework(actor: User) -> None:
    if not permissions.records_casework(actor):
        raise NotAllowed("Your role cannot record casework.")


# The plan ------------------------------------------------------------------------------------


def _check_plan_dates(agreed_on: date | None, reviewed_on: date | None) -> None:
    if agreed_on is None:
        raise ServiceError("Enter the date the plan was agreed", field="agreed_on")
    PLAN_AGREED.check(agreed_on)
    PLAN_REVIEWED.check(reviewed_on)
    if reviewed_on is not None and reviewed_on < agreed_on:
        raise ServiceError(
            f"Date last reviewed must be the same as or after the date agreed, {when(agreed_on)}",
            field="reviewed_on",
        )


def plan_for_journey(client: Client) -> SupportPlan | None:
    """The client's plan for their open journey (or, with none open, their plan made without
    one), if there is one."""
    journey = open_journey_of(client)
    return (
        SupportPlan.objects.filter(client=client, journey=journey).order_by("-id").first()
        if journey is not None
        else SupportPlan.objects.filter(client=client, journey__isnull=True).order_by("-id").first()
    )


def plan_start(
    *,
    actor: User,
    client: Client,
    agreed_on: date | None,
    token: str | None = None,
    fingerprint: str = "",
) -> tuple[SupportPlan, bool]:
    """Start the client's support plan for their open journey (or, before one opens, without a
    journey). One plan for each journey. A form sent twice starts one plan."""
    _require_casework(actor)
    _check_plan_dates(agreed_on, None)
    assert agreed_on is not None

    def create() -> SupportPlan:
        Client.objects.select_for_update().filter(pk=client.pk).first()
        if plan_for_journey(client) is not None:
            raise ServiceError(ALREADY_PLANNED)
        try:
            with transaction.atomic():
                return audited_create(
                    actor=actor,
                    obj=SupportPlan(
                        client=client,
                        journey=open_journey_of(client),
                        agreed_on=agreed_on,
                        created_by=actor,
                    ),
                    summary="Support plan started",
                )
        except IntegrityError:
            raise ServiceError(ALREADY_PLANNED) from None

    return once(token=token, user=actor, model=SupportPlan, create=create, fingerprint=fingerprint)


def plan_update(
    *, actor: User, plan: SupportPlan, changes: dict[str, Any], expected_version: int
) -> SupportPlan:
    """Change the date the plan was agreed, or record that it was reviewed with the young
    person."""
    _require_casework(actor)
    changes = {k: v for k, v in changes.items() if k in ("agreed_on", "reviewed_on")}
    _check_plan_dates(
        changes.get("agreed_on", plan.agreed_on), changes.get("reviewed_on", plan.reviewed_on)
    )
    return versioned_update(
        actor=actor,
        obj=plan,
        changes=changes,
        expected_version=expected_version,
        summary="Support plan reviewed" if changes.get("reviewed_on") else "Support plan changed",
    )


# Goals ---------------------------------------------------------------------------------------


def _clean_goal(data: dict[str, Any]) -> dict[str, Any]:
    values = {k: data[k] for k in GOAL_FIELDS if k in data}
    if values.get("pathway") not in Pathway.values:
        raise ServiceError("Choose the pathway the goal is about", field="pathway")
    values["in_their_words"] = (values.get("in_their_words") or "").strip()
    if not values["in_their_words"]:
        raise ServiceError("Enter the goal in their own words", field="in_their_words")
    check_lengths(Goal, values, labels=GOAL_LABELS)
    return values


def goal_add(
    *,
    actor: User,
    plan: SupportPlan,
    data: dict[str, Any],
    token: str | None = None,
    fingerprint: str = "",
) -> tuple[Goal, bool]:
    """Add a goal the young person wants, on one pathway, in their own words."""
    _require_casework(actor)
    values = _clean_goal(data)

    def create() -> Goal:
        return audited_create(
            actor=actor, obj=Goal(plan=plan, created_by=actor, **values), summary="Goal added"
        )

    return once(token=token, user=actor, model=Goal, create=create, fingerprint=fingerprint)


def goal_edit(*, actor: User, goal: Goal, data: dict[str, Any], expected_version: int) -> Goal:
    _require_casework(actor)
    values = _clean_goal({**{k: getattr(goal, k) for k in GOAL_FIELDS}, **data})
    return versioned_update(
        actor=actor,
        obj=goal,
        changes=values,
        expected_version=expected_version,
        summary="Goal changed",
    )


# Actions -------------------------------------------------------------------------------------


def _clean_action(data: dict[str, Any]) -> dict[str, Any]:
    values = {k: data[k] for k in ACTION_FIELDS if k in data}
    values["what"] = (values.get("what") or "").strip()
    if not values["what"]:
        raise ServiceError("Enter what needs doing", field="what")
    if values.get("owner") not in ActionOwner.values:
        raise ServiceError("Choose who does it", field="owner")
    values["partner_name"] = (values.get("partner_name") or "").strip()
    if values["owner"] == ActionOwner.PARTNER and not values["partner_name"]:
        raise ServiceError("Enter the partner's name", field="partner_name")
    if values["owner"] != ActionOwner.PARTNER:
        values["partner_name"] = ""
    check_lengths(Action, values, labels=ACTION_LABELS)
    if values.get("due_on") is None:
        raise ServiceError("Enter the date it is due", field="due_on")
    ACTION_DUE.check(values["due_on"])
    return values


def action_add(
    *,
    actor: User,
    goal: Goal,
    data: dict[str, Any],
    token: str | None = None,
    fingerprint: str = "",
) -> tuple[Action, bool]:
    """Add a step towards a goal: what, who does it (naming the partner if it is one), and by
    when. It starts as to do."""
    _require_casework(actor)
    values = _clean_action(data)

    def create() -> Action:
        return audited_create(
            actor=actor,
            obj=Action(goal=goal, created_by=actor, status=ActionStatus.TO_DO, **values),
            summary="Action added",
        )

    return once(token=token, user=actor, model=Action, create=create, fingerprint=fingerprint)


def action_edit(
    *, actor: User, action: Action, data: dict[str, Any], expected_version: int
) -> Action:
    """Change what an action is, who does it or when it is due (its status moves by
    `action_move`)."""
    _require_casework(actor)
    values = _clean_action({**{k: getattr(action, k) for k in ACTION_FIELDS}, **data})
    return versioned_update(
        actor=actor,
        obj=action,
        changes=values,
        expected_version=expected_version,
        summary="Action changed",
    )


def action_move(*, actor: User, action: Action, to: str) -> Action:
    """Move an action's status one step along ACTION_TRANSITIONS: to do -> in progress -> done,
    or no longer needed. Done records today as the day it was done; moving back clears it."""
    _require_casework(actor)
    if to not in ActionStatus.values:
        raise ServiceError("Choose where the action is now", field="status")
    old = action.status
    if to not in ACTION_TRANSITIONS[old]:
        raise InvalidTransition(
            f"An action {ActionStatus(old).label.lower()} cannot move to "
            f"{ActionStatus(to).label.lower()}",
            field="status",
        )
    done_on = timezone.localdate() if to == ActionStatus.DONE else None
    with transaction.atomic():
        updated = Action.objects.filter(pk=action.pk, status=old).update(
            status=to, done_on=done_on, version=action.version + 1, updated_at=timezone.now()
        )
        if not updated:
            raise InvalidTransition(
                "Someone else has just moved this action on. Look at it again.", field="status"
            )
        before_done = action.done_on
        action.refresh_from_db()
        changes: dict[str, Any] = {"status": [old, to]}
        if before_done != done_on:
            changes["done_on"] = [
                before_done.isoformat() if before_done else None,
                done_on.isoformat() if done_on else None,
            ]
        record_change(
            actor=actor,
            action=AuditEvent.Action.TRANSITION,
            obj=action,
            client_id=action.client_id,
            changes=changes,
            summary=f"Action {ActionStatus(to).label.lower()}: {action.what}",
        )
    return action


def action_link(
    *,
    actor: User,
    action: Action,
    contacts: list[int],
    partner_referrals: list[int],
) -> Action:
    """Set the contacts and partner referrals that served an action. Only records of the
    action's own client may be linked."""
    _require_casework(actor)
    client_id = action.client_id
    contact_ids = sorted(set(contacts))
    referral_ids = sorted(set(partner_referrals))
    found_contacts = list(
        Contact.objects.filter(pk__in=contact_ids, client_id=client_id).values_list("pk", flat=True)
    )
    if len(found_contacts) != len(contact_ids):
        raise ServiceError("Choose contacts with this client only", field="contacts")
    found_referrals = list(
        PartnerReferral.objects.filter(pk__in=referral_ids, client_id=client_id).values_list(
            "pk", flat=True
        )
    )
    if len(found_referrals) != len(referral_ids):
        raise ServiceError(
            "Choose partner referrals of this client only", field="partner_referrals"
        )
    with transaction.atomic():
        before_contacts = sorted(action.contacts.values_list("pk", flat=True))
        before_referrals = sorted(action.partner_referrals.values_list("pk", flat=True))
        action.contacts.set(contact_ids)
        action.partner_referrals.set(referral_ids)
        changes = {}
        if before_contacts != contact_ids:
            changes["contacts"] = [before_contacts, contact_ids]
        if before_referrals != referral_ids:
            changes["partner_referrals"] = [before_referrals, referral_ids]
        record_change(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=action,
            client_id=client_id,
            changes=changes,
            summary=f"Action linked to its work: {action.what}",
        )
    return action
