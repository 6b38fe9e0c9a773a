"""The permission matrix's rows for reports, and what they need. The monthly page of one borough
is about no client: its rows name borough A (the funder's, and the manager's), and who may read
another borough is in `wingman/reports/tests/test_report_page.py`."""

from typing import Any

from django.urls import reverse

from wingman.reports.models import PresetChoice, SplitRule
from wingman.tests.rows import Row

ROWS: dict[tuple[str, str], Row] = {
    ("reports:index", "get"): Row("get", "read reports", changes=False),
    ("reports:settings", "get"): Row("get", "keep report settings", changes=False),
    ("reports:settings", "post"): Row(
        "post",
        "keep report settings",
        data=lambda c, u: {"preset": PresetChoice.NHS, "split_rule": SplitRule.BY_PLACES},
        then=lambda c: reverse("reports:index"),
    ),
}


def furnish(client: Any, author: Any) -> None:
    """Nothing to furnish: reports count what every client already has."""
