"""What each person's home page shows: their caseload, overdue tasks and releases coming up; for a
caseworker the people they recorded who have no caseworker yet (to take on); for team leads the
unallocated referrals, the clients caseworkers took on themselves this week and the team's
caseloads. Every client shown is logged."""

from datetime import date
from typing import Any

from wingman.accounts import permissions
from wingman.assessments import selectors as assessments
from wingman.audit.services import record_list
from wingman.casework.selectors import (
    caseload_of,
    caseloads,
    overdue_tasks,
    releases_due,
    taken_on_by_themselves,
    unallocated_referrals,
)
from wingman.court import selectors as court
from wingman.plans import selectors as plans
from wingman.referrals.selectors import allocatable_caseworkers
from wingman.safeguarding.selectors import concerns as safeguarding
from wingman.safeguarding.selectors import flags as risk

HOME_LIST_LIMIT = 50
# The apps with something for the home page: each answers `for_home(viewer, today=...)` with
# what its part of the page shows, under the app's own name, and the clients it shows.
HOME_SECTIONS = {
    "assessments": assessments,
    "plans": plans,
    "court": court,
    "safeguarding": safeguarding,
    "risk": risk,
}


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
        taken_on = list(taken_on_by_themselves(user, today)[:HOME_LIST_LIMIT])
        context["unallocated"] = unallocated
        context["taken_on_by_themselves"] = taken_on
        context["team_caseloads"] = caseloads(
            caseworkers=allocatable_caseworkers(user), today=today
        )
        shown += [r.client_id for r in unallocated] + [a.client_id for a in taken_on]
    elif permissions.takes_on_clients(user):
        walk_ins = list(
            unallocated_referrals(user).filter(client__created_by=user)[:HOME_LIST_LIMIT]
        )
        context["walk_ins"] = walk_ins
        shown += [r.client_id for r in walk_ins]
    for name, app in HOME_SECTIONS.items():
        section = app.for_home(user, today=today)
        shown += section.pop("client_ids", [])
        context[name] = section
    record_list(actor=user, client_ids=shown)
    return context
