"""The permission matrix's row, and what rows share: each app's rows are in a module here
named after it, with `ROWS` and `furnish(client, author)`."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.urls import reverse

from wingman.core.models import FormSubmission


@dataclass(frozen=True)
class Row:
    """One page and method. `target` gives the URL's arguments for a furnished client (None: the
    page is about no client); `data` the valid form a person would send; `then` where a success
    redirects (a regular expression for records made on the way)."""

    method: str
    capability: str
    target: Callable[[Any], dict[str, Any]] | None = None
    data: Callable[[Any, Any], dict[str, Any]] = field(default=lambda c, u: {})
    then: Callable[[Any], str] | None = None
    changes: bool = True

    @property
    def writes(self) -> bool:
        return self.method == "post"


def client_page(c: Any) -> str:
    return reverse("home:client", args=[c.pk])


def journey_page(c: Any) -> str:
    return reverse("casework:journey", args=[c.journey.pk])


def referral_page(c: Any) -> str:
    return reverse("casework:referral", args=[c.open_referral.pk])


def by_client(c: Any) -> dict[str, Any]:
    return {"pk": c.pk}


def by_client_pk(c: Any) -> dict[str, Any]:
    return {"client_pk": c.pk}


def by_journey(c: Any) -> dict[str, Any]:
    return {"pk": c.journey.pk}


def by_referral(c: Any) -> dict[str, Any]:
    return {"pk": c.open_referral.pk}


def form_token() -> dict[str, str]:
    return {"form_token": FormSubmission.new_token()}


TODAY = date.today()
NEXT_WEEK = TODAY + timedelta(days=7)


# Each app's rows, imported last: they build on what is above.
from wingman.tests.rows import (  # noqa: E402
    assessments,
    court,
    documents,
    family,
    offending,
    outcomes,
    plans,
    register,
    risk,
    safeguarding,
)

__all__ = [
    "NEXT_WEEK",
    "TODAY",
    "Row",
    "assessments",
    "by_client",
    "by_client_pk",
    "by_journey",
    "by_referral",
    "client_page",
    "court",
    "documents",
    "family",
    "form_token",
    "journey_page",
    "offending",
    "outcomes",
    "plans",
    "referral_page",
    "register",
    "risk",
    "safeguarding",
]
