"""What each person's home page shows: their caseload, overdue tasks and releases coming up, and
for team leads the unallocated referrals and the team's caseloads. Every client shown is logged."""

from datetime import date
from typing import Any

from wingman.accounts import permissions
from wingman.audit.services import record_list
from wingman.casework.selectors import (
    caseload_of,
    caseloads,
    overdue_tasks,
    releases_due,
    unallocated_referrals,
)
from wingman.referrals.selectors import allocatable_caseworkers

HOME_LIST_LIMIT = 50


def home_for(user: Any, *, today: date) -> dict[str, Any]:
    """What the home page shows this person; every client shown is logged as seen."""
    context: dict[str, Any] = {"today": today}
    if not permissions.works_with_clients(user):
        return context
    mine = caseload_of(user)
    caseload = list(mine[:HOME_LIST_LIMIT])
    context["caseload_count"] = (
        len(caseload) if len(caseload) < HOME_LIST_LIMIT else mine.order_by().count()
    )
    overdue = list(overdue_tasks(user, today)[:HOME_LIST_LIMIT])
    releases = list(releases_due(user, today)[:HOME_LIST_LIMIT])
    context |= {"caseload": caseload, "overdue_tasks": overdue, "releases_due": releases}
    shown = (
        [c.pk for c in caseload] + [t.client_id for t in overdue] + [j.client_id for j in releases]
    )
    if permissions.leads_team(user):
        unallocated = list(unallocated_referrals(user)[:HOME_LIST_LIMIT])
        context["unallocated"] = unallocated
        context["team_caseloads"] = caseloads(
            caseworkers=allocatable_caseworkers(user), today=today
        )
        shown += [r.client_id for r in unallocated]
    record_list(actor=user, client_ids=shown)
    return context
