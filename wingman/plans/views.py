"""Support plan pages: the client's plan (start it, its goals and actions, an action's status and
the work linked to it), and "my plan", the young person's own copy, on the page and as a PDF.
Each view checks the role, loads records through access_object, calls a service and renders."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from wingman.accounts import permissions
from wingman.core.access import access_object
from wingman.core.errors import ServiceError
from wingman.core.views_helpers import actor_of, role_required, save_edit, show_service_error
from wingman.people.models import Client

from . import services
from .forms import (
    ActionEditForm,
    ActionLinksForm,
    ActionNewForm,
    ActionStatusForm,
    GoalEditForm,
    GoalNewForm,
    PlanEditForm,
    PlanStartForm,
)
from .models import Action, Goal, SupportPlan
from .pdf import my_plan_context, my_plan_pdf
from .selectors import current_plan, goals_of, linkable_work


def _plan_url(plan: SupportPlan) -> str:
    return reverse("plans:plan", args=[plan.pk])


def _load_plan(request: HttpRequest, pk: int) -> SupportPlan:
    return access_object(
        SupportPlan,
        request.user,
        pk,
        queryset=SupportPlan.objects.select_related("client", "journey", "client__caseworker"),
    )


def _load_goal(request: HttpRequest, pk: int) -> Goal:
    return access_object(
        Goal, request.user, pk, queryset=Goal.objects.select_related("plan", "plan__client")
    )


def _load_action(request: HttpRequest, pk: int) -> Action:
    return access_object(
        Action,
        request.user,
        pk,
        queryset=Action.objects.select_related("goal", "goal__plan", "goal__plan__client"),
    )


def _form_page(
    request: HttpRequest,
    form: Any,
    *,
    client: Client,
    heading: str,
    back: str,
    submit: str,
    **more: Any,
) -> HttpResponse:
    context = {
        "form": form,
        "client": client,
        "heading": heading,
        "back_url": back,
        "submit": submit,
        **more,
    }
    return render(request, "casework/form_page.html", context)


def _plan_page(request: HttpRequest, plan: SupportPlan) -> HttpResponse:
    today = timezone.localdate()
    goals = goals_of(request.user, plan)
    context = {
        "plan": plan,
        "client": plan.client,
        "goals": goals,
        "today": today,
        "records_casework": permissions.records_casework(request.user),
    }
    return render(request, "plans/plan.html", context)


@role_required(permissions.works_with_clients)
@require_GET
def client_plan(request: HttpRequest, client_pk: int) -> HttpResponse:
    """The client's current support plan, or word that there is none yet."""
    client = access_object(Client, request.user, client_pk)
    plan = current_plan(request.user, client)
    if plan is not None:
        return _plan_page(request, plan)
    context = {"client": client, "records_casework": permissions.records_casework(request.user)}
    return render(request, "plans/no_plan.html", context)


@role_required(permissions.records_casework)
@require_http_methods(["GET", "POST"])
def plan_start(request: HttpRequest, client_pk: int) -> HttpResponse:
    """Start the client's plan for their journey; a client with one already goes to it."""
    client = access_object(Client, request.user, client_pk)
    back = reverse("plans:client-plan", args=[client.pk])
    form = PlanStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan, created = services.plan_start(
                actor=actor_of(request),
                client=client,
                agreed_on=form.cleaned_data["agreed_on"],
                token=form.token,
            )
        except ServiceError as error:
            if error.field is None:
                messages.warning(request, error.message)
                return redirect(back)
            show_service_error(form, error)
        else:
            messages.success(
                request, "Support plan started" if created else "This plan was already started"
            )
            return redirect(_plan_url(plan))
    return _form_page(
        request,
        form,
        client=client,
        heading="Start a support plan",
        back=back,
        submit="Start the plan",
        intro="Write the plan with the young person: their goals, in their words, and the steps "
        "to get there. You add goals once the plan is started.",
    )


@role_required(permissions.works_with_clients)
@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _plan_page(request, _load_plan(request, pk))


@role_required(permissions.records_casework)
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _load_plan(request, pk)
    form = PlanEditForm(
        request.POST or None,
        initial={
            "agreed_on": plan.agreed_on,
            "reviewed_on": plan.reviewed_on or timezone.localdate(),
            "version": plan.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        done = save_edit(
            request,
            form,
            lambda version: services.plan_update(
                actor=actor_of(request),
                plan=plan,
                changes={k: form.cleaned_data[k] for k in ("agreed_on", "reviewed_on")},
                expected_version=version,
            ),
            saved="Support plan saved",
            then=_plan_url(plan),
        )
        if done:
            return done
    return _form_page(
        request,
        form,
        client=plan.client,
        heading="Review the support plan",
        back=_plan_url(plan),
        submit="Save",
    )


@role_required(permissions.records_casework)
@require_http_methods(["GET", "POST"])
def goal_new(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _load_plan(request, pk)
    form = GoalNewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            goal, created = services.goal_add(
                actor=actor_of(request),
                plan=plan,
                data={k: form.cleaned_data[k] for k in services.GOAL_FIELDS},
                token=form.token,
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(request, "Goal added" if created else "This goal was already added")
            return redirect(f"{_plan_url(plan)}#goal-{goal.pk}")
    return _form_page(
        request,
        form,
        client=plan.client,
        heading="Add a goal",
        back=_plan_url(plan),
        submit="Save goal",
        intro="Write the goal with the young person, in their words.",
    )


@role_required(permissions.records_casework)
@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    goal = _load_goal(request, pk)
    back = _plan_url(goal.plan)
    form = GoalEditForm(
        request.POST or None,
        initial={
            "pathway": goal.pathway,
            "in_their_words": goal.in_their_words,
            "version": goal.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        done = save_edit(
            request,
            form,
            lambda version: services.goal_edit(
                actor=actor_of(request),
                goal=goal,
                data={k: form.cleaned_data[k] for k in services.GOAL_FIELDS},
                expected_version=version,
            ),
            saved="Goal saved",
            then=back,
        )
        if done:
            return done
    return _form_page(
        request,
        form,
        client=goal.plan.client,
        heading="Change a goal",
        back=back,
        submit="Save goal",
    )


@role_required(permissions.records_casework)
@require_http_methods(["GET", "POST"])
def action_new(request: HttpRequest, pk: int) -> HttpResponse:
    goal = _load_goal(request, pk)
    back = _plan_url(goal.plan)
    form = ActionNewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            action, created = services.action_add(
                actor=actor_of(request), goal=goal, data=form.action_data(), token=form.token
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(
                request,
                f"Action added: {action.what}" if created else f"Already added: {action.what}",
            )
            return redirect(f"{back}#goal-{goal.pk}")
    return _form_page(
        request,
        form,
        client=goal.plan.client,
        heading="Add an action",
        back=back,
        submit="Save action",
        caption=f"For the goal: {goal.in_their_words}",
    )


@role_required(permissions.records_casework)
@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = _load_action(request, pk)
    back = _plan_url(action.goal.plan)
    initial = {name: getattr(action, name) for name in ActionEditForm.field_order}
    form = ActionEditForm(request.POST or None, initial={**initial, "version": action.version})
    if request.method == "POST" and form.is_valid():
        done = save_edit(
            request,
            form,
            lambda version: services.action_edit(
                actor=actor_of(request),
                action=action,
                data=form.action_data(),
                expected_version=version,
            ),
            saved="Action saved",
            then=back,
        )
        if done:
            return done
    return _form_page(
        request,
        form,
        client=action.goal.plan.client,
        heading="Change an action",
        back=back,
        submit="Save action",
    )


@role_required(permissions.records_casework)
@require_http_methods(["GET", "POST"])
def action_status(request: HttpRequest, pk: int) -> HttpResponse:
    action = _load_action(request, pk)
    back = _plan_url(action.goal.plan)
    form = ActionStatusForm(request.POST or None, action=action)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["from_status"] != action.status:
            form.add_error(
                None,
                "Someone else has moved this action on since you opened the page: it is now "
                f"{action.get_status_display().lower()}. Choose where it is now again.",
            )
        else:
            try:
                services.action_move(
                    actor=actor_of(request), action=action, to=form.cleaned_data["status"]
                )
            except ServiceError as error:
                show_service_error(form, error)
            else:
                messages.success(request, f"{action.what}: {action.get_status_display().lower()}")
                return redirect(f"{back}#goal-{action.goal_id}")
    return _form_page(
        request,
        form,
        client=action.goal.plan.client,
        heading="Move the action on",
        back=back,
        submit="Save",
        caption=f"{action.what}: {action.get_status_display().lower()}",
    )


@role_required(permissions.records_casework)
@require_http_methods(["GET", "POST"])
def action_links(request: HttpRequest, pk: int) -> HttpResponse:
    action = _load_action(request, pk)
    client = action.goal.plan.client
    back = _plan_url(action.goal.plan)
    contacts, referrals = linkable_work(request.user, client)
    linked_contacts = list(action.contacts.all())
    linked_referrals = list(action.partner_referrals.all())
    contacts += [c for c in linked_contacts if c not in contacts]
    form = ActionLinksForm(
        request.POST or None,
        contacts=contacts,
        partner_referrals=referrals,
        initial={
            "contacts": [str(c.pk) for c in linked_contacts],
            "partner_referrals": [str(p.pk) for p in linked_referrals],
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_link(
                actor=actor_of(request),
                action=action,
                contacts=form.ids("contacts"),
                partner_referrals=form.ids("partner_referrals"),
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            messages.success(request, f"Linked work saved: {action.what}")
            return redirect(f"{back}#goal-{action.goal_id}")
    return _form_page(
        request,
        form,
        client=client,
        heading="Link the work that served this action",
        back=back,
        submit="Save links",
        caption=action.what,
        intro=None
        if contacts or referrals
        else "This client has no contacts or partner referrals to link yet.",
    )


def _my_plan_context(request: HttpRequest, plan: SupportPlan) -> dict[str, Any]:
    return my_plan_context(request.user, plan)


@role_required(permissions.works_with_clients)
@require_GET
def my_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """The young person's own copy: their goals and what happens next, in plain words."""
    plan = _load_plan(request, pk)
    return render(request, "plans/my_plan.html", _my_plan_context(request, plan))


@role_required(permissions.works_with_clients)
@require_GET
def my_plan_download(request: HttpRequest, pk: int) -> HttpResponse:
    """ "My plan" as a PDF to print or hand over: a read of the client's record, audited."""
    plan = _load_plan(request, pk)
    pdf = my_plan_pdf(request, _my_plan_context(request, plan))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="my-plan.pdf"'
    return response
