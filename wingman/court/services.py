"""Court support: listing a hearing, changing its details and the character reference, recording
whether the caseworker attended (logging the court contact through casework) and the result.

A hearing's status moves only through `hearing_record_result`, by `HEARING_TRANSITIONS`: listed
-> heard with a result, heard with the result not yet known, or adjourned. An adjournment (or any
result with a next date) lists the next hearing, and every hearing listed for today or later
adds a court-date task for the client's caseworker through `casework.services`."""

from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from wingman.accounts import permissions
from wingman.accounts.models import User
from wingman.casework.choices import ContactType, TaskKind
from wingman.casework.services import contact_log, open_journey_of, task_complete, task_create
from wingman.core.errors import EditConflict, InvalidTransition, NotAllowed, ServiceError
from wingman.core.once import once
from wingman.core.pathways import Pathway
from wingman.core.services import CONFLICT_MESSAGE, audited_create, versioned_update
from wingman.core.validation import check_lengths, planned_date, written
from wingman.documents.choices import DocumentKind
from wingman.documents.models import Document
from wingman.documents.services import document_upload
from wingman.people.models import Client

from .choices import (
    HEARING_TRANSITIONS,
    RESULT_STATUS,
    HearingResult,
    HearingStage,
    HearingStatus,
)
from .models import Hearing

DETAIL_FIELDS = ("court", "hearing_on", "charge", "stage")
REFERENCE_FIELDS = ("reference_text", "reference_by", "reference_letter")

# The dates a hearing accepts, on every channel.
HEARING_DATE = planned_date("hearing_on", "Date of the hearing")
NEXT_DATE = planned_date("next_on", "Date of the next hearing")

LABELS = {
    "court": "Court",
    "charge": "Charge",
    "reference_text": "Character reference",
    "reference_by": "Reference given by",
    "requirements": "Requirements of the order",
    "result_note": "Note on the result",
}
MAX_CUSTODY_MONTHS = 600
CUSTODY_MONTHS_MESSAGE = (
    f"Length of custody must be a whole number of months from 1 to {MAX_CUSTODY_MONTHS}"
)
MAX_MINUTES = 24 * 60
MINUTES_MESSAGE = f"Minutes must be a whole number from 1 to {MAX_MINUTES}"
NOT_YET = "{what} can be recorded on the day of the hearing or after it, on {day}"


def _at_version(hearing: Hearing, expected_version: int, submitted: dict[str, Any]) -> None:
    """Inside a transaction: lock the hearing and refuse an edit from an older version before
    anything else is written (a task, a contact, a document)."""
    current = Hearing.objects.select_for_update().get(pk=hearing.pk)
    if current.version != expected_version:
        raise EditConflict(CONFLICT_MESSAGE, current=current, submitted=submitted)


def _require_casework(actor: User) -> None:
    if not permissions.records_casework(actor):
        raise NotAllowed("Your role cannot record casework.")


def _clean_details(data: dict[str, Any]) -> dict[str, Any]:
    values = {k: data[k] for k in DETAIL_FIELDS if k in data}
    for name in ("court", "charge"):
        if name in values:
            values[name] = (values[name] or "").strip()
            if not values[name]:
                raise ServiceError(f"Enter the {name}", field=name)
    if "stage" in values and values["stage"] not in HearingStage.values:
        raise ServiceError("Choose the stage of the case", field="stage")
    if "hearing_on" in values:
        if values["hearing_on"] is None:
            raise ServiceError("Enter the date of the hearing", field="hearing_on")
        HEARING_DATE.check(values["hearing_on"])
    check_lengths(Hearing, values, labels=LABELS)
    return values


def _court_date_task(*, actor: User, client: Client, court: str, on: date, stage: str) -> Any:
    """A court-date task for the client's caseworker, for a hearing today or later."""
    if on < timezone.localdate():
        return None
    title = f"Court at {court}: {HearingStage(stage).label.lower()}"
    task, _created = task_create(
        actor=actor,
        client=client,
        data={"kind": TaskKind.COURT_DATE, "title": title[:200], "due_on": on},
    )
    return task


def _list(
    *, actor: User, client: Client, values: dict[str, Any], follows: Hearing | None = None
) -> Hearing:
    task = _court_date_task(
        actor=actor,
        client=client,
        court=values["court"],
        on=values["hearing_on"],
        stage=values["stage"],
    )
    return audited_create(
        actor=actor,
        obj=Hearing(
            client=client,
            journey=open_journey_of(client),
            follows=follows,
            task=task,
            created_by=actor,
            **values,
        ),
        summary="Court hearing listed" if follows is None else "Next court hearing listed",
    )


def hearing_add(
    *,
    actor: User,
    client: Client,
    data: dict[str, Any],
    token: str | None = None,
    fingerprint: str = "",
) -> tuple[Hearing, bool]:
    """List a hearing: court, date, charge and stage. One today or later adds a court-date task
    for the client's caseworker. A form sent twice lists one hearing."""
    _require_casework(actor)
    values = _clean_details({k: data.get(k) for k in DETAIL_FIELDS})

    def create() -> Hearing:
        return _list(actor=actor, client=client, values=values)

    return once(token=token, user=actor, model=Hearing, create=create, fingerprint=fingerprint)


def _check_letter(hearing: Hearing, letter: Document | None) -> None:
    if letter is None:
        return
    if letter.client_id != hearing.client_id or letter.is_removed:
        raise ServiceError(
            "Choose a document on this client's record that has not been removed",
            field="reference_letter_id",
        )


def hearing_update(
    *, actor: User, hearing: Hearing, changes: dict[str, Any], expected_version: int
) -> Hearing:
    """Change a hearing's details or its character reference (the written text, who gave it, and
    a letter already on the client's record). A listed hearing moved to a new date today or
    later gets a new court-date task, and the task for the old date is marked done."""
    _require_casework(actor)
    details = _clean_details({k: v for k, v in changes.items() if k in DETAIL_FIELDS})
    reference = {k: v for k, v in changes.items() if k in REFERENCE_FIELDS}
    for name in ("reference_text", "reference_by"):
        if name in reference:
            reference[name] = (reference[name] or "").strip()
    check_lengths(Hearing, reference, labels=LABELS)
    if "reference_letter" in reference:
        letter = reference.pop("reference_letter")
        _check_letter(hearing, letter)
        reference["reference_letter_id"] = letter.pk if letter is not None else None
    heard = hearing.status != HearingStatus.LISTED
    if heard and details.get("hearing_on") and details["hearing_on"] > timezone.localdate():
        raise ServiceError(
            "This hearing has been heard: its date cannot be after today", field="hearing_on"
        )
    with transaction.atomic():
        _at_version(hearing, expected_version, details | reference)
        old_day, old_task = hearing.hearing_on, hearing.task
        moved = "hearing_on" in details and details["hearing_on"] != old_day
        fields = details | reference
        if moved and hearing.status == HearingStatus.LISTED:
            if old_task is not None and not old_task.is_done:
                task_complete(actor=actor, task=old_task)
            current = {name: getattr(hearing, name) for name in ("court", "stage")}
            task = _court_date_task(
                actor=actor,
                client=hearing.client,
                court=details.get("court", current["court"]),
                on=details["hearing_on"],
                stage=details.get("stage", current["stage"]),
            )
            fields["task_id"] = task.pk if task is not None else None
        return versioned_update(
            actor=actor,
            obj=hearing,
            changes=fields,
            expected_version=expected_version,
            summary="Court hearing changed",
        )


def hearing_give_reference(
    *,
    actor: User,
    hearing: Hearing,
    text: str,
    by: str,
    letter: UploadedFile | None,
    expected_version: int,
) -> Hearing:
    """Record the character reference for a hearing: written text, an uploaded letter (kept as a
    document on the client's record), or both."""
    _require_casework(actor)
    if not text.strip() and letter is None and not hearing.reference_letter_id:
        raise ServiceError(
            "Write the character reference, or upload the letter, or both", field="reference_text"
        )
    with transaction.atomic():
        # The text first: an edit from an old version is refused before any file is kept.
        hearing = hearing_update(
            actor=actor,
            hearing=hearing,
            changes={"reference_text": text, "reference_by": by},
            expected_version=expected_version,
        )
        if letter is not None:
            document, _created = document_upload(
                actor=actor,
                client=hearing.client,
                upload=letter,
                kind=DocumentKind.CHARACTER_REFERENCE,
                title=f"Character reference for {hearing.court}, {written(hearing.hearing_on)}",
            )
            hearing = hearing_update(
                actor=actor,
                hearing=hearing,
                changes={"reference_letter": document},
                expected_version=hearing.version,
            )
    return hearing


def hearing_record_attendance(
    *,
    actor: User,
    hearing: Hearing,
    attended: bool | None,
    minutes: int | None = None,
    note: str = "",
    pathways: list[str] | None = None,
    expected_version: int,
) -> Hearing:
    """Record whether the caseworker went to court with the client. Going, with the minutes it
    took, logs a court contact through casework (once for a hearing)."""
    _require_casework(actor)
    if attended is None:
        raise ServiceError("Choose whether you went to the hearing", field="attended")
    today = timezone.localdate()
    if hearing.hearing_on > today:
        raise ServiceError(
            NOT_YET.format(what="Attendance", day=written(hearing.hearing_on)), field="attended"
        )
    if minutes is not None and not attended:
        raise ServiceError(
            "Minutes are only for a hearing someone went to: clear them, or choose yes",
            field="minutes",
        )
    if minutes is not None and not 1 <= minutes <= MAX_MINUTES:
        raise ServiceError(MINUTES_MESSAGE, field="minutes")
    with transaction.atomic():
        changes: dict[str, Any] = {"attended": attended}
        _at_version(hearing, expected_version, changes)
        if attended and minutes is not None and hearing.attendance_contact_id is None:
            contact, _created = contact_log(
                actor=actor,
                client=hearing.client,
                data={
                    "occurred_on": hearing.hearing_on,
                    "minutes": minutes,
                    "contact_type": ContactType.COURT,
                    "place": hearing.court[:150],
                    "pathways": list(pathways or [Pathway.ATTITUDES]),
                    "note": note,
                },
            )
            changes["attendance_contact_id"] = contact.pk
        return versioned_update(
            actor=actor,
            obj=hearing,
            changes=changes,
            expected_version=expected_version,
            summary="Court attendance recorded",
        )


def hearing_record_result(
    *,
    actor: User,
    hearing: Hearing,
    result: str,
    custody_months: int | None = None,
    requirements: str = "",
    note: str = "",
    next_on: date | None = None,
    next_stage: str = "",
    next_court: str = "",
    expected_version: int,
) -> Hearing:
    """Record what the court decided, moving the hearing on (`HEARING_TRANSITIONS`). Custody
    takes its length; a community sentence its requirements; an adjournment needs the next date.
    A next date (an adjournment's, or the next hearing after this one) lists the next hearing,
    with its court-date task. The task for this hearing's own date is marked done."""
    _require_casework(actor)
    if result not in HearingResult.values:
        raise ServiceError("Choose the result", field="result")
    to = RESULT_STATUS[result]
    if to not in HEARING_TRANSITIONS[hearing.status]:
        raise InvalidTransition(
            f"This hearing is {hearing.get_status_display().lower()}: its result cannot change "
            "to that now."
        )
    if hearing.hearing_on > timezone.localdate():
        raise ServiceError(
            NOT_YET.format(what="The result", day=written(hearing.hearing_on)), field="result"
        )
    if result == HearingResult.CUSTODIAL:
        if custody_months is None or not 1 <= custody_months <= MAX_CUSTODY_MONTHS:
            raise ServiceError(CUSTODY_MONTHS_MESSAGE, field="custody_months")
    elif custody_months is not None:
        raise ServiceError(
            "A length of custody is only for a custodial sentence: clear it, or choose custodial",
            field="custody_months",
        )
    requirements = requirements.strip()
    if result == HearingResult.COMMUNITY_ORDER and not requirements:
        raise ServiceError("Enter the requirements of the order", field="requirements")
    if result != HearingResult.COMMUNITY_ORDER and requirements:
        raise ServiceError(
            "Requirements are only for a community sentence: clear them, or choose that result",
            field="requirements",
        )
    check_lengths(
        Hearing, {"requirements": requirements, "result_note": note.strip()}, labels=LABELS
    )
    if result == HearingResult.ADJOURNED and next_on is None:
        raise ServiceError("Enter the date of the next hearing", field="next_on")
    if next_on is not None:
        NEXT_DATE.check(next_on)
        if next_on <= hearing.hearing_on:
            raise ServiceError(
                f"The next hearing must be after this one, on {written(hearing.hearing_on)}",
                field="next_on",
            )
        if hasattr(hearing, "next_hearing"):
            raise ServiceError("This hearing already has a next hearing", field="next_on")
    next_values = None
    if next_on is not None:
        next_values = _clean_details(
            {
                "court": next_court.strip() or hearing.court,
                "hearing_on": next_on,
                "charge": hearing.charge,
                "stage": next_stage or hearing.stage,
            }
        )
    changes = {
        "status": to,
        "result": result,
        "custody_months": custody_months,
        "requirements": requirements,
        "result_note": note.strip(),
    }
    with transaction.atomic():
        _at_version(hearing, expected_version, changes)
        updated = versioned_update(
            actor=actor,
            obj=hearing,
            changes=changes | {"result_recorded_by_id": actor.pk},
            expected_version=expected_version,
            summary=f"Court result: {HearingResult(result).label}",
        )
        if updated.task is not None and not updated.task.is_done:
            task_complete(actor=actor, task=updated.task)
        if next_values is not None:
            _list(actor=actor, client=updated.client, values=next_values, follows=updated)
    return updated
