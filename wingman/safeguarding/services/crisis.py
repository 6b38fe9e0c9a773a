"""The crisis call: the midnight call logged from a phone in one short form. Saving logs the
contact (with its time of day), raises a concern where one is needed (its triage clock running,
the safeguarding lead and whoever is on call told), and adds the follow-up as a task. Someone not
yet a client becomes one, with a self-referral waiting to be screened.

When a concern is raised, what was said and the advice given go into the concern, which is
restricted; the contact says only that it was a crisis call and that a concern was raised, so that
everyone on the caseload can see the call happened without reading what was said."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.utils import timezone

from wingman.accounts import permissions
from wingman.accounts.models import User
from wingman.casework.choices import ContactType, TaskKind
from wingman.casework.models import Contact, Task
from wingman.casework.services import contact_log, task_create
from wingman.core.errors import NotAllowed, ServiceError
from wingman.core.once import once
from wingman.people.models import Client
from wingman.referrals.choices import Source
from wingman.referrals.services import referral_create

from ..choices import NotificationKind
from ..deadlines import is_working_day
from ..models import Concern
from ..selectors.rota import on_call_at
from . import concerns

NAME_THEM = "Enter the caller's first name"
WHICH_CLIENT = "Select the client, or choose someone not yet a client"
CRISIS_MINUTES = 15


@dataclass(frozen=True)
class CrisisCall:
    contact: Contact
    concern: Concern | None
    task: Task | None
    new_client: bool


def _client(actor: User, values: dict[str, Any]) -> tuple[Client | None, dict[str, str] | None]:
    """The client the call was about, or the name of someone not yet a client."""
    if values.get("not_yet_a_client"):
        given = (values.get("given_name") or "").strip()
        if not given:
            raise ServiceError(NAME_THEM, field="given_name")
        if not permissions.takes_referrals(actor):
            raise NotAllowed(
                "Your role cannot take on someone new: ask the caller to speak to a caseworker"
            )
        return None, {"given_name": given, "family_name": (values.get("family_name") or "").strip()}
    client_id = values.get("client_id")
    client = (
        Client.objects.visible_to(actor).filter(pk=int(str(client_id))).first()
        if str(client_id or "").isdigit()
        else None
    )
    if client is None:
        raise ServiceError(WHICH_CLIENT, field="client_id")
    return client, None


def _next_working_day(today: Any) -> Any:
    day = today + timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def crisis_call_log(
    *, actor: User, values: dict[str, Any], token: str | None = None, fingerprint: str = ""
) -> CrisisCall:
    """Log a crisis call. Values: `client_id` or `not_yet_a_client` with `given_name` (and
    `family_name`); `occurred_on`, `occurred_at`, `minutes`; `said`, `advice`; `concern_needed`
    with `category` (and `about_staff_id` for an allegation); `follow_up` (what to do next, and
    `follow_up_on`, by default the next working day). A form sent twice logs one call."""
    if not permissions.logs_crisis_calls(actor):
        raise NotAllowed("Your role cannot log crisis calls")
    client, new_person = _client(actor, values)
    said = (values.get("said") or "").strip()
    advice = (values.get("advice") or "").strip()
    if not said:
        raise ServiceError("Enter what was said", field="said")
    today = timezone.localdate()
    occurred_on = values.get("occurred_on") or today
    occurred_at = values.get("occurred_at") or timezone.localtime().time().replace(
        second=0, microsecond=0
    )
    needed = bool(values.get("concern_needed"))
    follow_up = (values.get("follow_up") or "").strip()
    made: dict[str, Any] = {"concern": None, "task": None}

    def create() -> Contact:
        who = client
        if who is None:
            referral = referral_create(
                actor=actor,
                team=actor.team,
                client_fields=new_person,
                referral_fields={
                    "source": Source.SELF,
                    "reason": "Rang in a crisis; not yet a client.",
                    "received_on": today,
                },
            )
            who = referral.client
        note = (
            "Crisis call. A safeguarding concern was raised from it: what was said is there."
            if needed
            else f"What was said:\n{said}\n\nAdvice given:\n{advice or 'None recorded'}"
        )
        contact, _ = contact_log(
            actor=actor,
            client=who,
            data={
                "occurred_on": occurred_on,
                "occurred_at": occurred_at,
                "minutes": values.get("minutes") or CRISIS_MINUTES,
                "contact_type": ContactType.CRISIS_CALL,
                "note": note,
            },
        )
        concern = None
        if needed:
            team = who.team
            on_call = on_call_at(
                timezone.now(),
                organisation_id=team.borough.organisation_id,
                team_id=team.pk,
            )
            concern, _ = concerns.concern_raise(
                actor=actor,
                client=who,
                values={
                    "category": values.get("category"),
                    "about_staff_id": values.get("about_staff_id"),
                    "happened_on": occurred_on,
                    "happened_at": occurred_at,
                    "place": "",
                    "seen_and_heard": said,
                    "own_words": (values.get("own_words") or "").strip(),
                    "action_taken": advice,
                },
                crisis_call=contact,
                notify_also=[shift.person for shift in on_call],
                notice=NotificationKind.CRISIS_CALL,
            )
        task = None
        if follow_up:
            task, _ = task_create(
                actor=actor,
                client=who,
                data={
                    "kind": TaskKind.FOLLOW_UP,
                    "title": follow_up[:200],
                    "due_on": values.get("follow_up_on") or _next_working_day(today),
                    "assigned_to": actor if actor.team_id == who.team_id else None,
                },
            )
        made["concern"], made["task"] = concern, task
        return contact

    contact, created = once(
        token=token, user=actor, model=Contact, create=create, fingerprint=fingerprint
    )
    if not created:
        made["concern"] = Concern.objects.filter(crisis_call=contact).first()
    return CrisisCall(
        contact=contact,
        concern=made["concern"],
        task=made["task"],
        new_client=created and new_person is not None,
    )
