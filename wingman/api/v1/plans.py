"""The support plan written with the young person: goals per pathway in their own words, and actions
with an owner, a due date and a status."""

from datetime import date
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status

from wingman.accounts import permissions
from wingman.core.errors import EditConflict, ServiceError
from wingman.core.pathways import Pathway
from wingman.people.models import Client
from wingman.plans.choices import ActionOwner, ActionStatus
from wingman.plans.models import Action, Goal, SupportPlan
from wingman.plans.pdf import my_plan_context, my_plan_pdf
from wingman.plans.selectors import goals_of
from wingman.plans.services import (
    ACTION_DUE,
    ACTION_FIELDS,
    ACTION_LABELS,
    GOAL_FIELDS,
    GOAL_LABELS,
    PLAN_AGREED,
    PLAN_REVIEWED,
    action_add,
    action_edit,
    action_link,
    action_move,
    goal_add,
    goal_edit,
    plan_start,
    plan_update,
)

from ..auth import READS_CLIENTS, RECORDS_CASEWORK, actor_of, requires
from ..errors import conflict
from ..records import IdempotencyKey, get_record, idempotency, page_of
from ..schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    ChangesSchema,
    ConflictOut,
    Id,
    InputSchema,
    Limit,
    PageQuery,
    Version,
    Within,
)

router = Router(tags=["Support plans"])

Words = Annotated[
    str,
    Limit(
        Goal,
        "in_their_words",
        label=GOAL_LABELS["in_their_words"],
        required="Enter the goal in their own words",
    ),
]
What = Annotated[
    str, Limit(Action, "what", label=ACTION_LABELS["what"], required="Enter what needs doing")
]
PartnerName = Annotated[str, Limit(Action, "partner_name", label=ACTION_LABELS["partner_name"])]
Due = Annotated[date, Within(ACTION_DUE)]
Agreed = Annotated[date, Within(PLAN_AGREED)]
Reviewed = Annotated[date, Within(PLAN_REVIEWED)]
Ids = Annotated[list[Id], Field(max_length=500)]


class ActionOut(Schema):
    id: int
    version: int
    goal_id: int
    what: str
    owner: str
    partner_name: str
    due_on: date
    status: str
    next_statuses: list[str] = Field(description="Where the status may move next")
    done_on: date | None
    contact_ids: list[int]
    partner_referral_ids: list[int]


class GoalOut(Schema):
    id: int
    version: int
    plan_id: int
    pathway: str
    in_their_words: str
    actions: list[ActionOut]


class PlanOut(Schema):
    id: int
    version: int
    client_id: int
    journey_id: int | None
    agreed_on: date
    reviewed_on: date | None
    goals: list[GoalOut]


class PlanSummaryOut(Schema):
    id: int
    version: int
    client_id: int
    journey_id: int | None
    agreed_on: date
    reviewed_on: date | None


class PlanPage(Schema):
    count: int
    items: list[PlanSummaryOut]


class PlanIn(InputSchema):
    agreed_on: Agreed = Field(description="From 1 January 2000 to today")


class PlanUpdateIn(ChangesSchema):
    """Send `version` and only the fields to change."""

    version: Version
    agreed_on: Agreed | None = Field(None, description="From 1 January 2000 to today")
    reviewed_on: Reviewed | None = Field(
        None, description="From the date agreed to today; null clears it"
    )


class GoalIn(InputSchema):
    pathway: Pathway
    in_their_words: Words


class GoalUpdateIn(ChangesSchema):
    """Send `version` and only the fields to change."""

    version: Version
    pathway: Pathway = Pathway.ACCOMMODATION
    in_their_words: Words = ""


class ActionIn(InputSchema):
    what: What
    owner: ActionOwner = Field(description="Who does it: the client, the caseworker or a partner")
    partner_name: PartnerName = Field("", description="Required when a partner does it")
    due_on: Due = Field(description="From 1 January 2000 to 5 years from today")


class ActionUpdateIn(ChangesSchema):
    """Send `version` and only the fields to change. The status moves through /moves."""

    version: Version
    what: What = ""
    owner: ActionOwner = ActionOwner.CLIENT
    partner_name: PartnerName = ""
    due_on: Due | None = Field(None, description="From 1 January 2000 to 5 years from today")


class ActionMoveIn(InputSchema):
    to: ActionStatus = Field(
        description="to do -> in progress -> done, or no longer needed; done or no longer "
        "needed go back to in progress or to do. Any other move answers 409"
    )


class ActionLinksIn(InputSchema):
    contact_ids: Ids = Field(description="Contacts with the same client that served the action")
    partner_referral_ids: Ids = Field(
        description="Partner referrals of the same client that served the action"
    )


def action_data(action: Action) -> dict[str, Any]:
    return {
        "id": action.pk,
        "version": action.version,
        "goal_id": action.goal_id,
        "what": action.what,
        "owner": action.owner,
        "partner_name": action.partner_name,
        "due_on": action.due_on,
        "status": action.status,
        "next_statuses": [str(s) for s in action.next_statuses],
        "done_on": action.done_on,
        "contact_ids": sorted(c.pk for c in action.contacts.all()),
        "partner_referral_ids": sorted(p.pk for p in action.partner_referrals.all()),
    }


def goal_data(goal: Goal, actions: list[Action] | None = None) -> dict[str, Any]:
    return {
        "id": goal.pk,
        "version": goal.version,
        "plan_id": goal.plan_id,
        "pathway": goal.pathway,
        "in_their_words": goal.in_their_words,
        "actions": [action_data(a) for a in (goal.actions.all() if actions is None else actions)],
    }


def plan_summary(plan: SupportPlan) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "version": plan.version,
        "client_id": plan.client_id,
        "journey_id": plan.journey_id,
        "agreed_on": plan.agreed_on,
        "reviewed_on": plan.reviewed_on,
    }


def plan_data(request: HttpRequest, plan: SupportPlan) -> dict[str, Any]:
    goals = goals_of(actor_of(request), plan)
    return {**plan_summary(plan), "goals": [goal_data(g) for g in goals]}


def _plan(request: HttpRequest, plan_id: int, *, audit: bool = True) -> SupportPlan:
    return get_record(request, SupportPlan, plan_id, audit=audit)


def _goal(request: HttpRequest, goal_id: int) -> Goal:
    return get_record(
        request, Goal, goal_id, audit=False, queryset=Goal.objects.select_related("plan")
    )


def _action(request: HttpRequest, action_id: int) -> Action:
    return get_record(
        request,
        Action,
        action_id,
        audit=False,
        queryset=Action.objects.select_related("goal__plan"),
    )


def _edit(request: HttpRequest, payload: Any, save: Any, current: Any) -> Any:
    changes = payload.model_dump(exclude_unset=True, exclude={"version"})
    if not changes:
        raise ServiceError("Send at least one field to change as well as the version")
    try:
        return save(changes)
    except EditConflict as exc:
        return Status(
            409,
            conflict(request, exc, submitted_version=payload.version, current=current(exc.current)),
        )


@router.get(
    "/clients/{client_id}/plans",
    response={200: PlanPage, **READ_ERRORS},
    operation_id="list_support_plans",
    summary="A client's support plans, newest first",
)
@requires(permissions.works_with_clients, READS_CLIENTS)
def list_support_plans(request: HttpRequest, client_id: Id, query: Query[PageQuery]) -> Any:
    client = get_record(request, Client, client_id)
    qs = SupportPlan.objects.visible_to(actor_of(request)).filter(client=client)
    count, plans = page_of(request, qs.order_by("-agreed_on", "-id"), query)
    return {"count": count, "items": [plan_summary(p) for p in plans]}


@router.post(
    "/clients/{client_id}/plans",
    response={201: PlanOut, 200: PlanOut, **WRITE_ERRORS},
    operation_id="create_support_plan",
    summary="Start a client's support plan for their open journey",
    description="One plan for each journey (or one without a journey, before one opens).",
)
@requires(permissions.records_casework, RECORDS_CASEWORK)
def create_support_plan(
    request: HttpRequest, client_id: Id, payload: PlanIn, idempotency_key: IdempotencyKey = None
) -> Any:
    client = get_record(request, Client, client_id, audit=False)
    token, fingerprint = idempotency(request, idempotency_key, SupportPlan, client, payload)
    plan, created = plan_start(
        actor=actor_of(request),
        client=client,
        agreed_on=payload.agreed_on,
        token=token,
        fingerprint=fingerprint,
    )
    return Status(201 if created else 200, plan_data(request, plan))


@router.get(
    "/plans/{plan_id}",
    response={200: PlanOut, **READ_ERRORS},
    operation_id="get_support_plan",
    summary="One support plan, with its goals and their actions",
)
@requires(permissions.works_with_clients, READS_CLIENTS)
def get_support_plan(request: HttpRequest, plan_id: Id) -> Any:
    return plan_data(request, _plan(request, plan_id))


@router.patch(
    "/plans/{plan_id}",
    response={200: PlanOut, 409: ConflictOut, **WRITE_ERRORS},
    operation_id="update_support_plan",
    summary="Change the date a plan was agreed, or record its review",
)
@requires(permissions.records_casework, RECORDS_CASEWORK)
def update_support_plan(request: HttpRequest, plan_id: Id, payload: PlanUpdateIn) -> Any:
    plan = _plan(request, plan_id, audit=False)

    def save(changes: dict[str, Any]) -> Any:
        updated = plan_update(
            actor=actor_of(request), plan=plan, changes=changes, expected_version=payload.version
        )
        return plan_data(request, updated)

    return _edit(request, payload, save, plan_summary)


@router.post(
    "/plans/{plan_id}/goals",
    response={201: GoalOut, 200: GoalOut, **WRITE_ERRORS},
    operation_id="create_goal",
    summary="Add a goal to a plan: one pathway, in the young person's own words",
)
@requires(permissions.records_casework, RECORDS_CASEWORK)
def create_goal(
    request: HttpRequest, plan_id: Id, payload: GoalIn, idempotency_key: IdempotencyKey = None
) -> Any:
    plan = _plan(request, plan_id, audit=False)
    token, fingerprint = idempotency(request, idempotency_key, Goal, plan.client, payload)
    goal, created = goal_add(
        actor=actor_of(request),
        plan=plan,
        data=payload.model_dump(),
        token=token,
        fingerprint=fingerprint,
    )
    return Status(201 if created else 200, goal_data(goal, []))


@router.patch(
    "/goals/{goal_id}",
    response={200: GoalOut, 409: ConflictOut, **WRITE_ERRORS},
    operation_id="update_goal",
    summary="Change a goal's pathway or words",
)
@requires(permissions.records_casework, RECORDS_CASEWORK)
def update_goal(request: HttpRequest, goal_id: Id, payload: GoalUpdateIn) -> Any:
    goal = _goal(request, goal_id)

    def save(changes: dict[str, Any]) -> Any:
        data = {k: getattr(goal, k) for k in GOAL_FIELDS} | changes
        return goal_data(
            goal_edit(
                actor=actor_of(request), goal=goal, data=data, expected_version=payload.version
            )
        )

    return _edit(request, payload, save, lambda g: goal_data(g, []))


@router.post(
    "/goals/{goal_id}/actions",
    response={201: ActionOut, 200: ActionOut, **WRITE_ERRORS},
    operation_id="create_action",
    summary="Add an action to a goal: what, who does it and by when; it starts as to do",
)
@requires(permissions.records_casework, RECORDS_CASEWORK)
def create_action(
    request: HttpRequest, goal_id: Id, payload: ActionIn, idempotency_key: IdempotencyKey = None
) -> Any:
    goal = _goal(request, goal_id)
    token, fingerprint = idempotency(request, idempotency_key, Action, goal.plan.client, payload)
    action, created = action_add(
        actor=actor_of(request),
        goal=goal,
        data=payload.model_dump(),
        token=token,
        fingerprint=fingerprint,
    )
    return Status(201 if created else 200, action_data(action))


@router.patch(
    "/actions/{action_id}",
    response={200: ActionOut, 409: ConflictOut, **WRITE_ERRORS},
    operation_id="update_action",
    summary="Change what an action is, who does it or when it is due",
)
@requires(permissions.records_casework, RECORDS_CASEWORK)
def update_action(request: HttpRequest, action_id: Id, payload: ActionUpdateIn) -> Any:
    action = _action(request, action_id)

    def save(changes: dict[str, Any]) -> Any:
        data = {k: getattr(action, k) for k in ACTION_FIELDS} | changes
        return action_data(
            action_edit(
                actor=actor_of(request), action=action, data=data, expected_version=payload.version
            )
        )

    return _edit(request, payload, save, action_data)


@router.post(
    "/actions/{action_id}/moves",
    response={200: ActionOut, **WRITE_ERRORS},
    operation_id="move_action",
    summary="Move an action's status on",
    description="A move the action cannot make from its current status answers 409.",
)
@requires(permissions.records_casework, RECORDS_CASEWORK)
def move_action(request: HttpRequest, action_id: Id, payload: ActionMoveIn) -> Any:
    action = _action(request, action_id)
    return action_data(action_move(actor=actor_of(request), action=action, to=payload.to))


@router.put(
    "/actions/{action_id}/links",
    response={200: ActionOut, **WRITE_ERRORS},
    operation_id="link_action",
    summary="Set the contacts and partner referrals that served an action",
    description="Only records of the action's own client; what is not sent is unlinked.",
)
@requires(permissions.records_casework, RECORDS_CASEWORK)
def link_action(request: HttpRequest, action_id: Id, payload: ActionLinksIn) -> Any:
    action = _action(request, action_id)
    action = action_link(
        actor=actor_of(request),
        action=action,
        contacts=payload.contact_ids,
        partner_referrals=payload.partner_referral_ids,
    )
    return action_data(action)


@router.get(
    "/plans/{plan_id}/my-plan.pdf",
    response={200: None, **READ_ERRORS},
    operation_id="get_my_plan_pdf",
    summary="'My plan': the young person's own copy of their plan, as a PDF",
    openapi_extra={
        "responses": {
            200: {
                "description": "The PDF",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
@requires(permissions.works_with_clients, READS_CLIENTS)
def get_my_plan_pdf(request: HttpRequest, plan_id: Id) -> Any:
    plan = get_record(
        request, SupportPlan, plan_id, queryset=SupportPlan.objects.select_related("client")
    )
    pdf = my_plan_pdf(None, my_plan_context(actor_of(request), plan))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="my-plan.pdf"'
    return response
