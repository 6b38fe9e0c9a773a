"""The permission matrix's rows for issued reports, and the expected answers for downloading an
issued file, written out by hand (`DOWNLOADS`, checked in reports/tests/test_issued_reports.py:
the answer depends on the borough and the licence, not on a client)."""

from typing import Any

from wingman.accounts.choices import Role
from wingman.reports.issue_views import month_choices
from wingman.tests.rows import TODAY, Row, form_token

LAST_MONTH = month_choices(TODAY)[0][0]

ROWS: dict[tuple[str, str], Row] = {
    ("reports:issued", "get"): Row("get", "read issued reports"),
    ("reports:issue", "get"): Row("get", "issue reports"),
    ("reports:issue", "post"): Row(
        "post",
        "issue reports",
        None,
        lambda c, u: {
            "borough": u.team.borough_id if u.team else "",
            "month": LAST_MONTH,
            **form_token(),
        },
        lambda c: "/reports/issued/",
    ),
    ("reports:issue-all-form", "get"): Row("get", "issue reports"),
    ("reports:issue-all", "post"): Row(
        "post",
        "issue reports",
        None,
        lambda c, u: {"month": LAST_MONTH},
        lambda c: r"/background/\d+/",
    ),
}

# Downloading a file of a report issued for borough A (the world's staff and funder are of
# borough A) or borough B: role -> (borough A, borough B). A manager reads every borough of the
# organisation; a funder only the borough it funds; nobody else any.
DOWNLOADS: dict[str, tuple[int, int]] = {
    Role.CASEWORKER: (403, 403),
    Role.SENIOR_CASEWORKER: (403, 403),
    Role.MANAGER: (200, 200),
    Role.VOLUNTEER: (403, 403),
    Role.SAFEGUARDING_LEAD: (403, 403),
    Role.DATA_PROTECTION_OFFICER: (403, 403),
    Role.ADMINISTRATOR: (403, 403),
    Role.FUNDER: (200, 404),
}
# The same on temporary licence: the list still shows, the files never.
DOWNLOADS_ON_LICENCE: dict[str, tuple[int, int]] = {
    Role.MANAGER: (403, 403),
    Role.FUNDER: (403, 403),
}


def furnish(client: Any, author: Any) -> None:
    """Nothing to furnish: the pages are about boroughs, not clients."""
