"""The API permission matrix's rows for safeguarding: concerns, entries, decisions, referrals,
risk flags, crisis calls and the on-call rota.

A token's role must be able to use the API, which the safeguarding lead cannot ("export"), so
the lead's decisions are tried on an allegation against a member of staff, on which a manager
acts too: those who read an allegation ("read staff allegations") are those who decide on it.
The allegation is about a volunteer of the client's team, none of the world's staff, so that
no role's answer is changed by being its subject (tested on its own in
`test_safeguarding_api.py`)."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from testing.factories import UserFactory
from wingman.accounts.choices import Role
from wingman.accounts.models import User
from wingman.api.tests.rows import Row
from wingman.safeguarding.models import Concern
from wingman.safeguarding.services import concerns, flags, rota

REASON = "Discussed with the manager; the evidence supports it"
LEADS = "read staff allegations"


def _today() -> Any:
    return timezone.localdate()


ROWS: dict[str, Row] = {
    "list_concerns": ("get", lambda c: f"/clients/{c.pk}/concerns", None, "read concerns", 200),
    "create_concern": (
        "post",
        lambda c: f"/clients/{c.pk}/concerns",
        lambda c: {
            "category": "exploitation",
            "happened_on": _today().isoformat(),
            "seen_and_heard": "Two older boys waiting for him outside the youth club.",
            "involved": [{"name": "Two older boys", "involvement": "caused_harm"}],
        },
        "raise concerns",
        201,
    ),
    "get_concern": ("get", lambda c: f"/concerns/{c.concern.pk}", None, "read concerns", 200),
    "update_concern_details": (
        "patch",
        lambda c: f"/concerns/{c.allegation.pk}",
        lambda c: {
            "version": c.allegation.version,
            "rationale": REASON,
            "happened_on": (_today() - timedelta(days=2)).isoformat(),
        },
        LEADS,
        200,
    ),
    "triage_concern": (
        "post",
        lambda c: f"/concerns/{c.allegation.pk}/triage",
        lambda c: {"grade": "red", "rationale": REASON},
        LEADS,
        200,
    ),
    "close_concern": (
        "post",
        lambda c: f"/concerns/{c.allegation.pk}/close",
        lambda c: {"rationale": REASON},
        LEADS,
        200,
    ),
    "reopen_concern": (
        "post",
        lambda c: f"/concerns/{c.closed_allegation.pk}/reopen",
        lambda c: {"rationale": REASON},
        LEADS,
        200,
    ),
    "list_concern_entries": (
        "get",
        lambda c: f"/concerns/{c.concern.pk}/entries",
        None,
        "read concerns",
        200,
    ),
    "create_concern_entry": (
        "post",
        lambda c: f"/concerns/{c.concern.pk}/entries",
        lambda c: {"seen_and_heard": "He rang to say the boys came back."},
        "read concerns",
        201,
    ),
    "create_concern_decision": (
        "post",
        lambda c: f"/concerns/{c.allegation.pk}/decisions",
        lambda c: {"kind": "action", "rationale": REASON},
        LEADS,
        201,
    ),
    "create_statutory_referral": (
        "post",
        lambda c: f"/concerns/{c.allegation.pk}/referrals",
        lambda c: {"service": "lado", "rationale": REASON, "made_on": _today().isoformat()},
        LEADS,
        201,
    ),
    "update_statutory_referral": (
        "patch",
        lambda c: f"/statutory-referrals/{c.statutory_referral.pk}",
        lambda c: {"version": c.statutory_referral.version, "reference": "LADO-2291"},
        LEADS,
        200,
    ),
    "link_concern_person": (
        "post",
        lambda c: f"/concerns/{c.allegation.pk}/involved",
        lambda c: {"name": "The duty worker", "involvement": "witness", "rationale": REASON},
        LEADS,
        201,
    ),
    "unlink_concern_person": (
        "post",
        lambda c: f"/concern-people/{c.involved.pk}/unlink",
        lambda c: {"rationale": REASON},
        LEADS,
        200,
    ),
    "list_risk_flags": ("get", lambda c: f"/clients/{c.pk}/risk-flags", None, "read clients", 200),
    "create_risk_flag": (
        "post",
        lambda c: f"/clients/{c.pk}/risk-flags",
        lambda c: {
            "kind": "hostile_area",
            "detail": "Northfield estate",
            "reason": "Rivals live on the estate",
            "review_on": (_today() + timedelta(days=30)).isoformat(),
        },
        "set risk flags",
        201,
    ),
    "get_risk_flag": ("get", lambda c: f"/risk-flags/{c.flag.pk}", None, "read clients", 200),
    "review_risk_flag": (
        "patch",
        lambda c: f"/risk-flags/{c.flag.pk}",
        lambda c: {
            "version": c.flag.version,
            "review_on": (_today() + timedelta(days=60)).isoformat(),
        },
        "set risk flags",
        200,
    ),
    "remove_risk_flag": (
        "post",
        lambda c: f"/risk-flags/{c.flag.pk}/remove",
        lambda c: {"reason": "He has moved away from the area"},
        "set risk flags",
        200,
    ),
    "create_crisis_call": (
        "post",
        lambda c: "/crisis-calls",
        lambda c: {
            "client_id": c.pk,
            "said": "He said they are outside his flat and he cannot go home.",
            "advice": "Stay at his nan's tonight; I will ring in the morning.",
            "concern_needed": True,
            "category": "threats",
            "follow_up": "Ring him in the morning",
        },
        "record casework",
        201,
    ),
    "list_on_call": ("get", lambda c: "/on-call", None, "read clients", 200),
    "create_on_call_shift": (
        "post",
        lambda c: "/on-call",
        lambda c: {
            "team_id": c.team_id,
            "person_id": c.caseworker_id,
            "phone": "07700 900456",
            "starts_at": (timezone.now() + timedelta(days=1)).isoformat(),
            "ends_at": (timezone.now() + timedelta(days=1, hours=12)).isoformat(),
        },
        "keep the on-call rota",
        201,
    ),
    "delete_on_call_shift": (
        "delete",
        lambda c: f"/on-call/{c.shift.pk}",
        None,
        "keep the on-call rota",
        204,
    ),
}
# The rota is the organisation's, not a client's: the relation to a client does not apply.
UNSCOPED = {"list_on_call", "create_on_call_shift", "delete_on_call_shift"}


def _raise(client: Any, author: Any, **values: Any) -> Concern:
    concern, _ = concerns.concern_raise(
        actor=author,
        client=client,
        values={
            "category": "threats",
            "happened_on": _today() - timedelta(days=1),
            "seen_and_heard": "He said he was threatened at the bus stop.",
            **values,
        },
        involved=[{"name": "A neighbour", "involvement": "witness"}],
    )
    return concern


def _triaged(concern: Concern, author: Any) -> Concern:
    return concerns.concern_triage(
        actor=author, concern=concern, values={"grade": "amber", "rationale": REASON}
    )


def _lead_of(client: Any, author: Any) -> Any:
    if author.role == Role.SAFEGUARDING_LEAD:
        return author
    organisation = client.team.borough.organisation_id
    lead = User.objects.filter(
        role=Role.SAFEGUARDING_LEAD, is_active=True, organisation_id=organisation
    ).first()
    return lead or UserFactory(role=Role.SAFEGUARDING_LEAD, team=client.team)


def furnish(client: Any, author: Any) -> None:
    """Give the client a concern (`concern`), with a risk flag about it (`flag`); a triaged
    allegation against a volunteer of the client's team (`allegation`) with a person linked
    (`involved`) and a referral (`statutory_referral`); a closed allegation
    (`closed_allegation`); and a shift on call for the client's team (`shift`). The lead's
    steps are taken by a safeguarding lead of the client's organisation, whoever `author` is."""
    author = _lead_of(client, author)
    client.concern = _raise(client, author)
    subject = UserFactory(role=Role.VOLUNTEER, team=client.team)
    allegation = {"category": "staff_allegation", "about_staff_id": subject.pk}
    client.allegation = _triaged(_raise(client, author, **allegation), author)
    client.involved = client.allegation.involved.get()
    client.statutory_referral, _ = concerns.referral_make(
        actor=author,
        concern=client.allegation,
        values={"service": "lado", "rationale": REASON, "made_on": _today()},
    )
    closed = _triaged(_raise(client, author, **allegation), author)
    client.closed_allegation = concerns.concern_close(
        actor=author, concern=closed, values={"rationale": REASON}
    )
    client.flag, _ = flags.flag_set(
        actor=author,
        client=client,
        values={
            "kind": "see_concern",
            "concern_id": client.concern.pk,
            "reason": "Threats: see the concern",
            "review_on": _today() + timedelta(days=30),
        },
    )
    client.shift, _ = rota.shift_add(
        actor=author,
        values={
            "team_id": client.team_id,
            "person_id": client.caseworker_id,
            "phone": "07700 900123",
            "starts_at": timezone.now() - timedelta(hours=1),
            "ends_at": timezone.now() + timedelta(hours=8),
        },
    )
