"""`{% risk_banner client %}`: the client's current risk flags at the top of every page of the
client's record (base.html draws it whenever the page's context has a client). Everyone who sees
the client sees the flags; a flag about a concern links to the concern only for those who may
read it. One query; the page's own read of the client is what the audit records."""

from typing import Any

from django import template

from wingman.accounts import permissions
from wingman.people.models import Client

from ..choices import FlagKind
from ..selectors.flags import banner_for

register = template.Library()


@register.inclusion_tag("safeguarding/_risk_banner.html", takes_context=True)
def risk_banner(context: Any, client: Any) -> dict[str, Any]:
    request = context.get("request")
    viewer = getattr(request, "user", None)
    if not isinstance(client, Client) or client.pk is None:
        return {"flags": []}
    if not permissions.works_with_clients(viewer):
        return {"flags": []}
    match = getattr(request, "resolver_match", None)
    return {
        "client": client,
        # With no flag, the client record alone says so and links to the flags.
        "on_record": getattr(match, "view_name", "") == "home:client",
        "flags": banner_for(viewer, client),
        "see_concern": FlagKind.SEE_CONCERN,
        "sets_flags": permissions.sets_risk_flags(viewer),
    }
