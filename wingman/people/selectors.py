"""Reading clients: search within what the viewer may see."""

from typing import Any

from django.db.models import Q, QuerySet

from .models import Client


def search_clients(user: Any, query: str = "") -> QuerySet[Client]:
    qs = Client.objects.visible_to(user).select_related("team", "caseworker")
    query = query.strip()
    if query:
        for word in query.split()[:4]:
            qs = qs.filter(
                Q(given_name__icontains=word)
                | Q(family_name__icontains=word)
                | Q(preferred_name__icontains=word)
                | Q(aliases__icontains=word)
            )
    return qs.order_by("family_name", "given_name", "id")
