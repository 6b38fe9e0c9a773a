"""The permission matrix's rows for safeguarding concern pages."""

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from testing.helpers import date_boxes
from wingman.safeguarding.choices import (
    Category,
    ConcernStatus,
    DecisionKind,
    EntryKind,
    Grade,
    Involvement,
    StatutoryService,
)
from wingman.safeguarding.models import (
    Concern,
    ConcernEntry,
    Decision,
    Involved,
    StatutoryReferral,
)
from wingman.tests.rows import TODAY, Row, by_client_pk, client_page, form_token


def by_concern(c: Any) -> dict[str, Any]:
    return {"pk": c.concern.pk}


def by_closed_concern(c: Any) -> dict[str, Any]:
    return {"pk": c.closed_concern.pk}


def by_involved(c: Any) -> dict[str, Any]:
    return {"pk": c.concern_involved.pk}


def by_referral(c: Any) -> dict[str, Any]:
    return {"pk": c.statutory_referral.pk}


def concern_page(part: str = "", closed: bool = False) -> Any:
    def url(c: Any) -> str:
        page = reverse(
            "safeguarding:concern", args=[(c.closed_concern if closed else c.concern).pk]
        )
        return f"{page}#{part}" if part else page

    return url


def reason(c: Any, u: Any) -> dict[str, Any]:
    return {"rationale": "Spoke to her caseworker; the risk is known to the police."}


def raised(c: Any, u: Any) -> dict[str, Any]:
    return {
        "category": Category.THREATS,
        "seen_and_heard": "He showed me messages threatening him if he comes back to the estate.",
        **date_boxes("happened_on", TODAY),
        **form_token(),
    }


ROWS: dict[tuple[str, str], Row] = {
    ("safeguarding:queue", "get"): Row("get", "read concerns"),
    ("safeguarding:concern-new", "get"): Row("get", "raise concerns", by_client_pk),
    ("safeguarding:concern-new", "post"): Row(
        "post",
        "raise concerns",
        by_client_pk,
        raised,
        lambda c: rf"/safeguarding/concerns/\d+/|{client_page(c)}",
    ),
    ("safeguarding:concern", "get"): Row("get", "read concerns", by_concern),
    ("safeguarding:entry-new", "get"): Row("get", "read concerns", by_concern),
    ("safeguarding:entry-new", "post"): Row(
        "post",
        "read concerns",
        by_concern,
        lambda c, u: {
            "kind": EntryKind.UPDATE,
            "seen_and_heard": "He rang to say the messages have stopped.",
            **form_token(),
        },
        concern_page("chronology"),
    ),
    ("safeguarding:triage", "get"): Row("get", "lead safeguarding", by_concern),
    ("safeguarding:triage", "post"): Row(
        "post",
        "lead safeguarding",
        by_concern,
        lambda c, u: {"grade": Grade.RED, **reason(c, u)},
        concern_page(),
    ),
    ("safeguarding:details", "get"): Row("get", "lead safeguarding", by_concern),
    ("safeguarding:details", "post"): Row(
        "post",
        "lead safeguarding",
        by_concern,
        lambda c, u: {
            "category": Category.EXPLOITATION,
            "about_staff": "",
            "happened_at": "",
            "version": c.concern.version,
            **date_boxes("happened_on", c.concern.happened_on),
            **reason(c, u),
        },
        concern_page(),
    ),
    ("safeguarding:involved-new", "get"): Row("get", "lead safeguarding", by_concern),
    ("safeguarding:involved-new", "post"): Row(
        "post",
        "lead safeguarding",
        by_concern,
        lambda c, u: {"name": "His cousin", "involvement": Involvement.WITNESS, **reason(c, u)},
        concern_page("involved"),
    ),
    ("safeguarding:involved-unlink", "get"): Row("get", "lead safeguarding", by_involved),
    ("safeguarding:involved-unlink", "post"): Row(
        "post", "lead safeguarding", by_involved, reason, concern_page("involved")
    ),
    ("safeguarding:decision-new", "get"): Row("get", "lead safeguarding", by_concern),
    ("safeguarding:decision-new", "post"): Row(
        "post",
        "lead safeguarding",
        by_concern,
        lambda c, u: {"kind": DecisionKind.NOT_REFER, **reason(c, u), **form_token()},
        concern_page("decisions"),
    ),
    ("safeguarding:referral-new", "get"): Row("get", "lead safeguarding", by_concern),
    ("safeguarding:referral-new", "post"): Row(
        "post",
        "lead safeguarding",
        by_concern,
        lambda c, u: {
            "service": StatutoryService.POLICE,
            "reference": "CAD 4417",
            **date_boxes("made_on", TODAY),
            **reason(c, u),
            **form_token(),
        },
        concern_page("referrals"),
    ),
    ("safeguarding:referral-edit", "get"): Row("get", "lead safeguarding", by_referral),
    ("safeguarding:referral-edit", "post"): Row(
        "post",
        "lead safeguarding",
        by_referral,
        lambda c, u: {
            "reference": "CAD 4418",
            "feedback": "",
            "version": c.statutory_referral.version,
            **date_boxes("feedback_on", None),
        },
        concern_page("referrals"),
    ),
    ("safeguarding:close", "get"): Row("get", "lead safeguarding", by_concern),
    ("safeguarding:close", "post"): Row(
        "post", "lead safeguarding", by_concern, reason, concern_page()
    ),
    ("safeguarding:reopen", "get"): Row("get", "lead safeguarding", by_closed_concern),
    ("safeguarding:reopen", "post"): Row(
        "post", "lead safeguarding", by_closed_concern, reason, concern_page(closed=True)
    ),
}


def make_concern(client: Any, author: Any, *, closed: bool = False) -> Concern:
    """A concern raised by `author` and triaged amber (closed too when asked), with its account."""
    now = timezone.now()
    concern = Concern.objects.create(
        client=client,
        category=Category.THREATS,
        happened_on=TODAY,
        raised_by=author,
        raised_by_name=str(author),
        raised_by_role=author.role,
        triage_due_at=now + timedelta(hours=4),
        status=ConcernStatus.CLOSED if closed else ConcernStatus.TRIAGED,
        grade=Grade.AMBER,
        triaged_at=now,
        triaged_by=author,
        action_due_at=now + timedelta(days=3),
        closed_at=now if closed else None,
    )
    ConcernEntry.objects.create(
        concern=concern,
        kind=EntryKind.ACCOUNT,
        author=author,
        author_name=str(author),
        author_role=author.role,
        seen_and_heard="Threatening messages on his phone.",
    )
    return concern


def furnish(client: Any, author: Any) -> None:
    """Give the client a triaged concern (`concern`) with someone involved
    (`concern_involved`) and a referral (`statutory_referral`), and a closed one
    (`closed_concern`)."""
    concern = make_concern(client, author)
    client.concern = concern
    client.concern_involved = Involved.objects.create(
        concern=concern, name="His brother", involvement=Involvement.HARMED, linked_by=author
    )
    decision = Decision.objects.create(
        concern=concern,
        kind=DecisionKind.REFER,
        decided_by=author,
        decided_by_name=str(author),
        rationale="Threats to kill.",
    )
    client.statutory_referral = StatutoryReferral.objects.create(
        concern=concern,
        decision=decision,
        service=StatutoryService.POLICE,
        made_on=TODAY,
        made_by=author,
    )
    client.closed_concern = make_concern(client, author, closed=True)
