"""The API's datalab operations: the readiness of a Justice Data Lab file as data, and the file
itself, under the same rules as the pages (`datalab.selectors`, `datalab.services`)."""

from datetime import date
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Query, Router, Schema

from wingman.accounts import permissions
from wingman.audit.services import record_list
from wingman.datalab.selectors import COLUMNS, MINIMUM_PEOPLE, Choice, as_csv, readiness
from wingman.datalab.services import STARTED_FROM, STARTED_TO, choose, datalab_export
from wingman.evaluation import reoffending as rule

from ..auth import actor_of, requires
from ..schemas import READ_ERRORS, ErrorOut, Within

router = Router(tags=["datalab"])

DEFAULT_GAP_MONTHS = rule.FOLLOW_UP_MONTHS + rule.WAITING_MONTHS
DEFAULT_YEARS = 3

PREPARES = "Your role does not prepare files for the Justice Data Lab."
EXPORTS = "Your role does not make files for the Justice Data Lab, or you are on temporary licence."


class ChoiceQuery(Schema):
    started_from: Annotated[date, Within(STARTED_FROM)] | None = None
    started_to: Annotated[date, Within(STARTED_TO)] | None = None
    funding_stream_id: int | None = None
    borough_id: int | None = None


class DroppedOut(Schema):
    client_id: int
    reasons: list[str]


class ReadinessOut(Schema):
    started: int
    eligible: int
    in_file: int
    minimum: int
    reaches_minimum: bool
    words: str
    kept_out: dict[str, int]
    missing: dict[str, int]
    dropped: list[DroppedOut]


def _choice(request: HttpRequest, query: ChoiceQuery) -> Choice:
    """What the file is to cover; without dates, the journeys started in the three years up to
    18 months ago (whose follow-up can be complete)."""
    last = query.started_to or rule.add_months(timezone.localdate(), -DEFAULT_GAP_MONTHS)
    first = query.started_from or rule.add_months(last, -DEFAULT_YEARS * 12)
    return choose(
        actor=actor_of(request),
        started_from=first,
        started_to=last,
        funding_stream_id=query.funding_stream_id,
        borough_id=query.borough_id,
    )


@router.get(
    "/justice-data-lab/readiness",
    response={200: ReadinessOut, **READ_ERRORS, 422: ErrorOut},
    operation_id="get_datalab_readiness",
    summary="Who would go in a Justice Data Lab file, and why others are kept out",
    description=(
        "Over the clients the token's user sees with a journey started in the dates: how many are "
        "eligible (follow-up complete), how many would go in the file, how many each reason keeps "
        f"out, the fields missing, and whether it reaches the Lab's {MINIMUM_PEOPLE}. The clients "
        "kept out are listed by id."
    ),
)
@requires(permissions.prepares_datalab_file, PREPARES)
def get_datalab_readiness(request: HttpRequest, query: Query[ChoiceQuery]) -> Any:
    user = actor_of(request)
    found = readiness(user, _choice(request, query), today=timezone.localdate())
    record_list(actor=user, client_ids=[c.client.pk for c in found.dropped])
    return {
        "started": found.started,
        "eligible": found.eligible,
        "in_file": len(found.in_file),
        "minimum": MINIMUM_PEOPLE,
        "reaches_minimum": found.reaches_minimum,
        "words": found.words,
        "kept_out": found.drop_counts,
        "missing": found.missing_counts,
        "dropped": [{"client_id": c.client.pk, "reasons": c.reasons} for c in found.dropped],
    }


@router.get(
    "/justice-data-lab/file",
    response={200: None, **READ_ERRORS, 422: ErrorOut},
    operation_id="get_datalab_file",
    summary="The Justice Data Lab file (CSV), refused below the Lab's minimum",
    description=(
        f"CSV with the columns {', '.join(COLUMNS)}; dates as DD/MM/YYYY. Only clients who "
        "consented and have the required fields; PNC ID and prison number are empty unless the "
        f"user sees them. Refused (422) with fewer than {MINIMUM_PEOPLE} people. Recorded as an "
        "export naming every client in it."
    ),
)
@requires(permissions.exports_to_datalab, EXPORTS)
def get_datalab_file(request: HttpRequest, query: Query[ChoiceQuery]) -> Any:
    user = actor_of(request)
    found = readiness(user, _choice(request, query), today=timezone.localdate())
    export, rows = datalab_export(actor=user, readiness=found)
    response = HttpResponse(as_csv(rows), content_type="text/csv; charset=utf-8")
    name = f"justice-data-lab-{export.created_at:%Y-%m-%d}-{export.pk}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
