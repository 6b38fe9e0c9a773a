"""The permission matrix's rows for risk flags, the on-call rota and the crisis call."""

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from testing.factories import ClientFactory
from testing.helpers import date_boxes
from wingman.accounts.choices import Role
from wingman.casework.models import Contact
from wingman.safeguarding.models import OnCallShift, RiskFlag
from wingman.tests.rows import NEXT_WEEK, TODAY, Row, by_client_pk, form_token

TOMORROW = TODAY + timedelta(days=1)


def flags_page(c: Any) -> str:
    return reverse("safeguarding:flags", args=[c.pk])


def by_flag(c: Any) -> dict[str, Any]:
    return {"pk": c.risk_flag.pk}


def by_shift(c: Any) -> dict[str, Any]:
    return {"pk": c.on_call_shift.pk}


def by_crisis_call(c: Any) -> dict[str, Any]:
    return {"contact_pk": c.crisis_call.pk}


def _a_client_of(c: Any, u: Any) -> int:
    """The client the call is about: the furnished one, or for a volunteer (who sees none of the
    world's clients) someone they recorded themselves."""
    if u.role != Role.VOLUNTEER:
        return int(c.pk)
    return int(ClientFactory(team=u.team, caseworker=None, created_by=u).pk)


ROWS: dict[tuple[str, str], Row] = {
    ("safeguarding:flags", "get"): Row("get", "read clients", by_client_pk),
    ("safeguarding:flag-new", "get"): Row("get", "set risk flags", by_client_pk),
    ("safeguarding:flag-new", "post"): Row(
        "post",
        "set risk flags",
        by_client_pk,
        lambda c, u: {
            "kind": "hostile_area",
            "detail": "Northfield estate",
            "reason": "Threats from a group on the estate",
            "owner": u.pk,
            **date_boxes("review_on", NEXT_WEEK),
            **form_token(),
        },
        flags_page,
    ),
    ("safeguarding:flag-review", "get"): Row("get", "set risk flags", by_flag),
    ("safeguarding:flag-review", "post"): Row(
        "post",
        "set risk flags",
        by_flag,
        lambda c, u: {
            "owner": u.pk,
            "version": c.risk_flag.version,
            **date_boxes("review_on", NEXT_WEEK),
        },
        flags_page,
    ),
    ("safeguarding:flag-remove", "get"): Row("get", "set risk flags", by_flag),
    ("safeguarding:flag-remove", "post"): Row(
        "post",
        "set risk flags",
        by_flag,
        lambda c, u: {"reason": "He has moved away from the area"},
        flags_page,
    ),
    ("safeguarding:on-call", "get"): Row("get", "read clients"),
    ("safeguarding:on-call-new", "get"): Row("get", "keep the on-call rota"),
    ("safeguarding:on-call-new", "post"): Row(
        "post",
        "keep the on-call rota",
        None,
        lambda c, u: {
            "person": u.pk,
            "team": u.team_id or "",
            "phone": "07700 900123",
            **date_boxes("starts_on", TODAY),
            "starts_time": "00:00",
            **date_boxes("ends_on", TOMORROW),
            "ends_time": "23:00",
            **form_token(),
        },
        lambda c: reverse("safeguarding:on-call"),
    ),
    # A shift of the client's team: a team lead keeps their own team's rota, a manager their
    # borough's, the safeguarding lead the whole organisation's, as each sees clients.
    ("safeguarding:on-call-remove", "get"): Row("get", "keep the on-call rota", by_shift),
    ("safeguarding:on-call-remove", "post"): Row(
        "post", "keep the on-call rota", by_shift, then=lambda c: reverse("safeguarding:on-call")
    ),
    ("safeguarding:crisis-call", "get"): Row("get", "record casework"),
    ("safeguarding:crisis-call", "post"): Row(
        "post",
        "record casework",
        None,
        lambda c, u: {
            "client": _a_client_of(c, u),
            **date_boxes("occurred_on", TODAY),
            "occurred_at": "00:00",
            "said": "Rang late, scared to go home",
            "advice": "Stay at his aunt's tonight",
            "concern_needed": "yes",
            "category": "threats",
            "follow_up": "Ring him in the morning",
            **form_token(),
        },
        lambda c: r"/safeguarding/crisis-call/\d+/\?task=\d+",
    ),
    ("safeguarding:crisis-call-done", "get"): Row("get", "record casework", by_crisis_call),
}


def furnish(client: Any, author: Any) -> None:
    """Give the client a current risk flag, a crisis call, and a shift for its team."""
    client.risk_flag = RiskFlag.objects.create(
        client=client,
        kind="do_not_visit_alone",
        reason="Threats from his brother's friends",
        review_on=NEXT_WEEK,
        owner=author,
        set_by=author,
    )
    client.crisis_call = Contact.objects.create(
        client=client,
        occurred_on=TODAY,
        minutes=15,
        contact_type="crisis_call",
        note="Crisis call.",
        author=author,
    )
    now = timezone.now()
    client.on_call_shift = OnCallShift.objects.create(
        organisation_id=client.team.borough.organisation_id,
        team=client.team,
        person=author,
        phone="07700 900456",
        starts_at=now,
        ends_at=now + timedelta(hours=12),
        created_by=author,
    )
