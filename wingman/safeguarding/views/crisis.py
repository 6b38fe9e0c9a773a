"""The crisis call: one short form from any page, and a confirmation that says what was done and
who was told."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from wingman.accounts import permissions
from wingman.accounts.choices import Role
from wingman.audit.services import record_denial
from wingman.casework.choices import ContactType
from wingman.casework.models import Contact, Task
from wingman.core.access import access_object
from wingman.core.errors import NotAllowed, ServiceError
from wingman.core.views_helpers import actor_of, role_required, show_service_error
from wingman.people.models import Client

from ..forms.crisis import CrisisCallForm
from ..models import Concern, Notification
from ..selectors.rota import on_call_at
from ..services.crisis import crisis_call_log


@role_required(permissions.logs_crisis_calls)
@require_http_methods(["GET", "POST"])
def crisis_call(request: HttpRequest) -> HttpResponse:
    user = actor_of(request)
    clients = Client.objects.visible_to(user).order_by("given_name", "family_name", "pk")
    form = CrisisCallForm(
        request.POST or None,
        clients=clients.only("pk", "given_name", "preferred_name", "family_name"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            call = crisis_call_log(actor=user, values=form.values(), token=form.token)
        except NotAllowed as error:
            record_denial(actor=user, model="view:crisis_call", object_id="")
            form.add_error(None, error.message)
        except ServiceError as error:
            show_service_error(form, error)
        else:
            url = reverse("safeguarding:crisis-call-done", args=[call.contact.pk])
            if call.task is not None:
                url += f"?task={call.task.pk}"
            return redirect(url)
    context = {"form": form, "groups": form.category_groups()}
    return render(request, "safeguarding/crisis_call.html", context)


@role_required(permissions.logs_crisis_calls)
@require_GET
def crisis_call_done(request: HttpRequest, contact_pk: int) -> HttpResponse:
    contact = access_object(
        Contact,
        request.user,
        contact_pk,
        queryset=Contact.objects.filter(contact_type=ContactType.CRISIS_CALL).select_related(
            "client__team__borough"
        ),
    )
    client = contact.client
    # Whether a concern was raised, and who was told, is shown to whoever logged the call; what
    # it says only through the concern's own page, to those who may read it.
    concern = Concern.objects.filter(crisis_call=contact).only("pk", "category").first()
    readable = (
        concern is not None
        and Concern.objects.visible_to(request.user).filter(pk=concern.pk).exists()
    )
    told = (
        list(
            Notification.objects.filter(concern=concern)
            .select_related("recipient")
            .order_by("created_at", "id")
        )
        if concern is not None
        else []
    )
    on_call = on_call_at(
        timezone.now(),
        organisation_id=client.team.borough.organisation_id if client.team else None,
        team_id=client.team_id,
    )
    task_pk = request.GET.get("task", "")
    task = (
        Task.objects.visible_to(request.user).filter(pk=int(task_pk), client=client).first()
        if task_pk.isdigit()
        else None
    )
    context = {
        "contact": contact,
        "client": client,
        "concern": concern,
        "concern_readable": readable,
        "leads": [n.recipient for n in told if n.recipient.role == Role.SAFEGUARDING_LEAD],
        "others": [n.recipient for n in told if n.recipient.role != Role.SAFEGUARDING_LEAD],
        "on_call": on_call,
        "task": task,
    }
    return render(request, "safeguarding/crisis_call_done.html", context)


urls = [
    path("safeguarding/crisis-call/", crisis_call, name="crisis-call"),
    path("safeguarding/crisis-call/<int:contact_pk>/", crisis_call_done, name="crisis-call-done"),
]
