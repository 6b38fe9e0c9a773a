"""The permission matrix's rows for dashboards, and what they need.

Written out per role: the team dashboard is the team lead's (their own team) and the manager's
(any team of their borough); every other role is refused (403), the funder included. A
caseworker's caseload, drilled into from it, follows the client's caseworker: a team lead opens
their own team's (`own`, `same_team`: 200) and not another team's (`other_team`,
`other_borough`: 404); a manager their borough's (`own`, `same_team`, `other_team`: 200) and not
another borough's (404). The organisation dashboard is the manager's alone (everyone else 403).
"""

from typing import Any

from wingman.tests.rows import Row


def by_caseworker(c: Any) -> dict[str, Any]:
    return {"pk": c.caseworker_id}


ROWS: dict[tuple[str, str], Row] = {
    ("dashboards:team", "get"): Row("get", "read team dashboards"),
    ("dashboards:caseload", "get"): Row("get", "read team dashboards", by_caseworker),
    ("dashboards:organisation", "get"): Row("get", "read the organisation dashboard"),
}


def furnish(client: Any, author: Any) -> None:
    """Nothing to furnish: the world's clients each have a caseworker in their own team."""
