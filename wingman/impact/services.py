"""Comparison pools and evaluation runs: every change audited in its own transaction."""

import csv
import hashlib
import io
import json
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.module_loading import import_string

from wingman.accounts import permissions
from wingman.audit.services import record_change
from wingman.background.services import job_start
from wingman.core.errors import ServiceError

from . import selectors
from .models import ComparisonPerson, ComparisonPool, EvaluationRun, PoolUpload

#: The largest comparison extract accepted.
MAX_POOL_BYTES = 5 * 1024 * 1024
MAX_ERRORS_SHOWN = 50
#: The Justice Data Lab's smallest treated group.
MIN_TREATED = 60
ENGINE_VERSION = "wingman.evaluation 1"

#: Wingman's fields, what they are called on the page, whether one is needed, and the CSV
#: headers that are guessed to mean it.
FIELDS: dict[str, tuple[str, bool, tuple[str, ...]]] = {
    "reoffended": ("Reoffended within 12 months (0 or 1)", True, ("reoffended", "outcome")),
    "age": ("Age at start", True, ("age", "age_at_start")),
    "sex": ("Sex (male or female)", True, ("sex", "gender")),
    "sanctions": ("Previous sanctions", True, ("sanctions", "previous_sanctions")),
    "age_first_sanction": ("Age at first sanction", True, ("age_first_sanction",)),
    "age_current_sanction": (
        "Age at the current sanction",
        True,
        ("age_current_sanction", "age_at_conviction"),
    ),
    "custody_months": ("Custody length in months", False, ("custody_months", "custody_length")),
    "offence": ("Offence type", False, ("offence", "offence_type")),
    "identifier": ("Identifier", False, ("id", "identifier", "ref", "reference")),
}


class PoolErrors(ServiceError):
    """The rows that could not be read: nothing was imported."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        shown = "; ".join(errors[:3])
        super().__init__(f"{len(errors)} problems in the file, so nothing was imported: {shown}")


def _key(text: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in text.strip().lower()).strip("_")


def read_csv(content: bytes) -> tuple[list[str], list[dict[str, str]]]:
    """The headers and rows of a text CSV file, or a ServiceError saying why it cannot be read."""
    if len(content) > MAX_POOL_BYTES:
        raise ServiceError("The file is larger than 5 MB.", field="file")
    if b"\0" in content:
        raise ServiceError("The file must be a text CSV file.", field="file")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ServiceError("The file must be a text CSV file (UTF-8).", field="file") from None
    reader = csv.DictReader(io.StringIO(text))
    headers = [h for h in (reader.fieldnames or []) if h]
    if not headers:
        raise ServiceError("The file has no header row.", field="file")
    return headers, list(reader)


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """For each Wingman field, the CSV column whose header names it (if one does)."""
    by_key = {_key(h): h for h in headers}
    guessed = {}
    for name, (_, _, names) in FIELDS.items():
        for candidate in (name, *names):
            if candidate in by_key:
                guessed[name] = by_key[candidate]
                break
    return guessed


def _whole(value: str, row: int, field: str, low: int, high: int) -> int:
    text = value.strip()
    if not text.lstrip("-").isdigit():
        raise ValueError(f"Row {row}, {field}: '{value}' is not a whole number")
    number = int(text)
    if not low <= number <= high:
        raise ValueError(f"Row {row}, {field}: {number} is not between {low} and {high}")
    return number


def _person(values: dict[str, str], row: int) -> ComparisonPerson:
    problems: list[str] = []

    def read(field: str, reader: Any) -> Any:
        try:
            return reader(values.get(field, ""))
        except ValueError as error:
            problems.append(str(error))
            return None

    reoffended = read("reoffended", lambda v: _whole(v, row, "reoffended", 0, 1))
    age = read("age", lambda v: _whole(v, row, "age", 10, 120))

    def sex(value: str) -> bool:
        key = value.strip().lower()
        if key in ("m", "male", "1"):
            return True
        if key in ("f", "female", "0"):
            return False
        raise ValueError(f"Row {row}, sex: '{value}' is not male or female")

    male = read("sex", sex)
    sanctions = read("sanctions", lambda v: _whole(v, row, "sanctions", 1, 500))
    first = read("age_first_sanction", lambda v: _whole(v, row, "age_first_sanction", 10, 120))
    current = read(
        "age_current_sanction", lambda v: _whole(v, row, "age_current_sanction", 10, 120)
    )
    custody = 0
    if values.get("custody_months", "").strip():
        custody = read("custody_months", lambda v: _whole(v, row, "custody_months", 0, 600))
    if problems:
        raise ValueError(*problems)
    return ComparisonPerson(
        row=row,
        identifier=values.get("identifier", "").strip()[:64],
        reoffended=bool(reoffended),
        age=age,
        male=male,
        sanctions=sanctions,
        age_first_sanction=first,
        age_current_sanction=current,
        custody_months=custody,
        offence=values.get("offence", "").strip()[:40],
    )


def pool_import(
    *, actor: Any, name: str, source: str, content: bytes, mapping: dict[str, str]
) -> ComparisonPool:
    """Import a comparison pool from a CSV extract, all rows or none. `mapping` gives, for
    each of Wingman's fields, the CSV column to read it from."""
    if not permissions.runs_evaluations(actor):
        raise ServiceError("Only managers import comparison pools.")
    if not name.strip():
        raise ServiceError("Enter a name for the comparison pool.", field="name")
    headers, rows = read_csv(content)
    for field, (words, needed, _) in FIELDS.items():
        column = mapping.get(field, "")
        if needed and not column:
            raise ServiceError(f"Choose the column for {words.lower()}.", field=field)
        if column and column not in headers:
            raise ServiceError(f"The file has no column '{column}'.", field=field)
    if not rows:
        raise ServiceError("The file has no rows under its header.", field="file")
    people: list[ComparisonPerson] = []
    errors: list[str] = []
    for number, raw in enumerate(rows, start=2):
        values = {field: raw.get(column) or "" for field, column in mapping.items() if column}
        try:
            people.append(_person(values, number))
        except ValueError as error:
            errors.extend(str(e) for e in error.args)
    if errors:
        raise PoolErrors(errors)
    with transaction.atomic():
        pool = ComparisonPool.objects.create(
            organisation=actor.organisation,
            name=name.strip()[:120],
            source=source.strip()[:200],
            uploaded_by=actor,
            row_count=len(people),
            mapping={k: v for k, v in mapping.items() if v},
            sha256=hashlib.sha256(content).hexdigest(),
        )
        for person in people:
            person.pool = pool
        ComparisonPerson.objects.bulk_create(people, batch_size=1000)
        record_change(
            actor=actor,
            action="create",
            obj=pool,
            client_id=None,
            summary=f"Imported comparison pool '{pool.name}' ({pool.row_count} people)",
        )
    return pool


def pool_upload(*, actor: Any, name: str, source: str, content: bytes) -> PoolUpload:
    """Keep an uploaded extract, with its headers, until its columns are chosen."""
    if not permissions.runs_evaluations(actor):
        raise ServiceError("Only managers import comparison pools.")
    if not name.strip():
        raise ServiceError("Enter a name for the comparison pool.", field="name")
    headers, _ = read_csv(content)
    with transaction.atomic():
        upload = PoolUpload.objects.create(
            organisation=actor.organisation,
            uploaded_by=actor,
            name=name.strip()[:120],
            source=source.strip()[:200],
            content=content,
            headers=headers,
        )
        record_change(
            actor=actor,
            action="create",
            obj=upload,
            client_id=None,
            summary=f"Uploaded a comparison extract '{upload.name}'",
        )
    return upload


def upload_import(*, actor: Any, upload: PoolUpload, mapping: dict[str, str]) -> ComparisonPool:
    """Import an upload with the columns chosen, all rows or none; the upload goes once used."""
    if upload.uploaded_by_id != actor.pk:
        raise ServiceError("Only the person who uploaded the extract can import it.")
    with transaction.atomic():
        # Held until the import commits, so that the same columns sent again at once (a double
        # click) wait for it and find the upload gone, instead of importing it again.
        if not PoolUpload.objects.select_for_update().filter(pk=upload.pk).exists():
            raise ServiceError("This extract has already been imported.")
        pool = pool_import(
            actor=actor,
            name=upload.name,
            source=upload.source,
            content=bytes(upload.content),
            mapping=mapping,
        )
        upload.delete()
    return pool


def fingerprint(
    treated: list[dict[str, Any]], pool: list[dict[str, Any]], parameters: dict[str, Any]
) -> str:
    """SHA-256 over the canonical treated rows, pool rows and parameters."""
    canonical = json.dumps(
        {"treated": treated, "pool": pool, "parameters": parameters},
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _parameters(
    *,
    pool: ComparisonPool | None,
    filters: dict[str, Any],
    ratio: int,
    caliper: float | None,
) -> dict[str, Any]:
    return {
        "filters": {k: (v.isoformat() if isinstance(v, date) else v) for k, v in filters.items()},
        "pool": pool.pk if pool else None,
        "ratio": ratio,
        "caliper": caliper,
        "covariates": list(selectors.COVARIATES),
        "design": "matched" if pool else "expected",
    }


def _start(
    *,
    actor: Any,
    pool: ComparisonPool | None,
    parameters: dict[str, Any],
    treated: list[dict[str, Any]],
    left_out: dict[str, int],
    idempotency_token: str = "",
) -> EvaluationRun:
    # The task is found by name: it calls back into this module to keep its result.
    evaluate_run = import_string("wingman.impact.tasks.evaluate_run")
    if pool is not None and pool.organisation_id != actor.organisation_id:
        raise ServiceError("Choose a comparison pool of your own organisation.", field="pool")
    pool_values = selectors.pool_rows(pool) if pool else []
    with transaction.atomic():
        run = EvaluationRun.objects.create(
            organisation=actor.organisation,
            started_by=actor,
            pool=pool,
            parameters=parameters,
            treated_rows=treated,
            left_out=left_out,
            fingerprint=fingerprint(treated, pool_values, parameters),
            engine_version=ENGINE_VERSION,
            idempotency_token=idempotency_token,
        )
        title = f"Evaluation against '{pool.name}'" if pool else "Expected versus observed"
        run.job = job_start(actor=actor, task=evaluate_run, title=title, run_id=run.pk)
        run.save(update_fields=["job"])
        record_change(actor=actor, action="create", obj=run, client_id=None, summary=title)
    return run


def run_start(
    *,
    actor: Any,
    pool: ComparisonPool | None,
    today: date,
    stream_id: int | None = None,
    borough_id: int | None = None,
    opened_from: date | None = None,
    opened_to: date | None = None,
    ratio: int = 1,
    caliper: float | None = 0.2,
    idempotency_token: str = "",
) -> EvaluationRun:
    """Start an evaluation of the clients matching the filters: matched against `pool`, or
    (with no pool) OGRS3's expected reoffending against what happened."""
    if not permissions.runs_evaluations(actor):
        raise ServiceError("Only managers run evaluations.")
    if idempotency_token:
        earlier = EvaluationRun.objects.filter(
            started_by=actor, idempotency_token=idempotency_token
        ).first()
        if earlier is not None:
            return earlier
    if opened_from and opened_to and opened_from > opened_to:
        raise ServiceError("The first start date must be on or before the last.", field="opened_to")
    if not 1 <= ratio <= 10:
        raise ServiceError("The ratio must be a whole number from 1 to 10.", field="ratio")
    if caliper is not None and not 0 < caliper <= 5:
        raise ServiceError("The caliper must be more than 0 and at most 5.", field="caliper")
    filters = {
        "stream": stream_id,
        "borough": borough_id,
        "opened_from": opened_from,
        "opened_to": opened_to,
        "today": today,
    }
    cohort = selectors.treated_cohort(
        actor,
        today=today,
        stream_id=stream_id,
        borough_id=borough_id,
        opened_from=opened_from,
        opened_to=opened_to,
    )
    return _start(
        actor=actor,
        pool=pool,
        parameters=_parameters(pool=pool, filters=filters, ratio=ratio, caliper=caliper),
        treated=cohort.rows,
        left_out=dict(cohort.left_out),
        idempotency_token=idempotency_token,
    )


def run_again(*, actor: Any, run: EvaluationRun) -> EvaluationRun:
    """The same evaluation on the same inputs: it must give the same result."""
    if not permissions.runs_evaluations(actor):
        raise ServiceError("Only managers run evaluations.")
    return _start(
        actor=actor,
        pool=run.pool,
        parameters=run.parameters,
        treated=run.treated_rows,
        left_out=run.left_out,
    )


def run_finish(*, actor: Any, run: EvaluationRun, result: dict[str, Any]) -> EvaluationRun:
    with transaction.atomic():
        run.result = result
        run.save(update_fields=["result"])
        record_change(
            actor=actor, action="update", obj=run, client_id=None, summary="Evaluation finished"
        )
    return run
