"""The data protection officer's view: who has looked at a client, and what changed, when."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from wingman.accounts import permissions
from wingman.audit.models import AccessEvent, AuditEvent
from wingman.core.access import access_object
from wingman.core.views_helpers import role_required
from wingman.people.models import Client


@role_required(permissions.reads_audit)
@require_GET
def client_access(request: HttpRequest, pk: int) -> HttpResponse:
    client = access_object(Client, request.user, pk)
    reads = (
        AccessEvent.objects.filter(client_id=client.pk)
        .select_related("actor")
        .order_by("-at", "-id")
    )
    changes = (
        AuditEvent.objects.filter(client_id=client.pk)
        .select_related("actor")
        .order_by("-at", "-id")
    )
    return render(
        request,
        "oversight/client_access.html",
        {
            "client": client,
            "reads": Paginator(reads, 100).get_page(request.GET.get("reads")),
            "changes": Paginator(changes, 100).get_page(request.GET.get("changes")),
        },
    )
