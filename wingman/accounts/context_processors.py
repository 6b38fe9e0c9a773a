from typing import Any

from django.conf import settings
from django.http import HttpRequest

from . import permissions


def service(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "two_factor_relaxed": not settings.WINGMAN_TWO_FACTOR_REQUIRED,
        "can": {
            "clients": permissions.works_with_clients(user),
            "referrals": permissions.takes_referrals(user),
            "allocate": permissions.allocates(user),
            "audit": permissions.reads_audit(user),
            "safeguarding_register": permissions.reads_safeguarding_register(user),
            "back_office": permissions.runs_back_office(user),
            "reoffending": permissions.reads_reoffending_cohorts(user),
            "indicators": permissions.reads_stream_indicators(user),
            "concerns": permissions.reads_concerns(user),
            "crisis_call": permissions.logs_crisis_calls(user),
            "team_dashboard": permissions.reads_team_dashboard(user),
            "organisation_dashboard": permissions.reads_organisation_dashboard(user),
        },
    }
