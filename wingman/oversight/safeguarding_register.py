"""The safeguarding register for the data protection officer: which safeguarding records exist in
the organisation, who read them, and which are overdue for review.

This is the one page that reads concerns outside their restriction. The data protection officer
may not read a concern (`Concern.objects.visible_to(dpo)` is empty: `accounts.scope`), yet must
answer for them: that each is triaged and acted on in time, that none lies open and forgotten,
and that only those who should have read one did. So the register reads the concerns of the
clients the officer sees (`Concern.objects.filter(client__in=Client.objects.visible_to(dpo))`),
and of them only their **metadata**: the client, the category, who raised it and when, where it
stands, its deadlines and how many entries, decisions and referrals it has. No field holding
what was written (the account, their own words, the actions, reasons, feedback, the names of
people involved, the member of staff an allegation is about) is ever selected: every query
here names its columns (`.values(...)`), and a test searches the page for the account's words.

What "overdue for review" means here, one rule per line of the register:
- a concern waiting for triage past its triage deadline;
- a triaged concern with no decision recorded by the deadline its grade gave it;
- an open concern **not updated in 90 days**: no entry, decision or change to it in that time
  (`STALE_AFTER`), counting from the latest of them;
- a risk flag past its review date (the day after it, so a flag due today is not yet late)."""

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Self

from django.db import models
from django.db.models import (
    CharField,
    Count,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse

from wingman.accounts.choices import Role
from wingman.accounts.models import User
from wingman.audit.models import AccessEvent, AuditEvent
from wingman.people.models import Client
from wingman.safeguarding.choices import Category, ConcernStatus, FlagKind, Grade
from wingman.safeguarding.models import (
    Concern,
    ConcernEntry,
    ConcernQuerySet,
    Decision,
    Involved,
    RiskFlag,
    StatutoryReferral,
)

from .selectors import CHANGE_VERB, CHANNELS, COLUMNS, Entry, _columns, _fields_in_words

STALE_AFTER = timedelta(days=90)
NOT_UPDATED = "Not updated in 90 days"

# The concern's own columns the register reads: none of them holds what was written.
CONCERN_COLUMNS = (
    "pk",
    "client_id",
    "category",
    "raised_by_name",
    "raised_by_role",
    "status",
    "grade",
    "created_at",
    "triage_due_at",
    "action_due_at",
    "action_taken_at",
    "closed_at",
)
FLAG_COLUMNS = ("pk", "client_id", "kind", "created_at", "owner_id", "review_on")

# The records that hang off a concern, as the audit tables name them, and in words.
CONCERN = "safeguarding.concern"
PARTS: dict[str, tuple[type[models.Model], str]] = {
    "safeguarding.concernentry": (ConcernEntry, "an entry in its chronology"),
    "safeguarding.decision": (Decision, "a decision on it"),
    "safeguarding.statutoryreferral": (StatutoryReferral, "a referral to a statutory service"),
    "safeguarding.involved": (Involved, "the people involved"),
}
READS = (AccessEvent.Kind.VIEW, AccessEvent.Kind.EXPORT)


class _ConcernsOfClientsSeen(ConcernQuerySet):
    """Concerns as the register reads them: every concern of a client the viewer sees, whatever
    the restriction (see the module's docstring), so that `access_object` answers the register's
    page of one concern with its 404 and logged refusal like any other record."""

    def visible_to(self, user: Any) -> Self:
        return self.filter(client__in=Client.objects.visible_to(user))


def concerns_of_clients_seen() -> _ConcernsOfClientsSeen:
    return _ConcernsOfClientsSeen(model=Concern).only(*CONCERN_COLUMNS)


@dataclass
class RegisterFilters:
    overdue: bool = False
    state: str = ""  # "open", "closed", or "" for both


# Which concerns, flags and reads -------------------------------------------------------------


def _count(model: type[models.Model]) -> Any:
    counted = (
        model._default_manager.filter(concern=OuterRef("pk"))
        .order_by()
        .values("concern")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


def _latest(model: type[models.Model], column: str) -> Any:
    latest = (
        model._default_manager.filter(concern=OuterRef("pk"))
        .order_by()
        .values("concern")
        .annotate(last=Max(column))
        .values("last")
    )
    return Coalesce(Subquery(latest), F("created_at"))


def overdue_q(now: datetime) -> Q:
    """Concerns overdue for review (the module's docstring says which)."""
    triage = Q(status=ConcernStatus.RAISED, triage_due_at__lt=now)
    action = Q(status=ConcernStatus.TRIAGED, action_taken_at__isnull=True, action_due_at__lt=now)
    stale = ~Q(status=ConcernStatus.CLOSED) & Q(touched__lt=now - STALE_AFTER)
    return triage | action | stale


def register_concerns(viewer: Any, filters: RegisterFilters, now: datetime) -> QuerySet[Any]:
    """The organisation's concerns, newest first, as dictionaries of their metadata and counts."""
    qs = (
        concerns_of_clients_seen()
        .visible_to(viewer)
        .annotate(
            entry_count=_count(ConcernEntry),
            decision_count=_count(Decision),
            referral_count=_count(StatutoryReferral),
            touched=Greatest(
                F("updated_at"),
                _latest(ConcernEntry, "written_at"),
                _latest(Decision, "decided_at"),
            ),
        )
    )
    if filters.state == "open":
        qs = qs.exclude(status=ConcernStatus.CLOSED)
    elif filters.state == "closed":
        qs = qs.filter(status=ConcernStatus.CLOSED)
    if filters.overdue:
        qs = qs.filter(overdue_q(now))
    return qs.order_by("-created_at", "-pk").values(
        *CONCERN_COLUMNS, "entry_count", "decision_count", "referral_count", "touched"
    )


def register_flags(viewer: Any, filters: RegisterFilters, today: date) -> QuerySet[Any]:
    """The risk flags on the organisation's clients' records now, soonest review first. A flag
    is seen by everyone who sees its client; of it the register shows no detail or reason."""
    qs = RiskFlag.objects.visible_to(viewer).current()
    if filters.overdue:
        qs = qs.filter(review_on__lt=today)
    return qs.order_by("review_on", "pk").values(*FLAG_COLUMNS)


def _parts_of(concern_ids: Sequence[int]) -> dict[tuple[str, str], int]:
    """Every record hanging off these concerns, as (record type, key) to the concern's id."""
    owners = {(CONCERN, str(pk)): pk for pk in concern_ids}
    for label, (model, _words) in PARTS.items():
        rows = model._default_manager.filter(concern_id__in=concern_ids).values_list(
            "pk", "concern_id"
        )
        owners |= {(label, str(pk)): concern_id for pk, concern_id in rows}
    return owners


def _naming(owners: dict[tuple[str, str], int], refusals: bool = True) -> Q:
    """The audit rows naming any of these records, and (`refusals`, for `AccessEvent`) the
    refusals of a role that may not use a concern's pages at all, which name the page, not the
    record."""
    by_type: dict[str, list[str]] = defaultdict(list)
    for label, key in owners:
        by_type[label].append(key)
    q = Q(pk__in=[])
    for label, keys in by_type.items():
        q |= Q(object_type=label, object_id__in=keys)
    if not refusals:
        return q
    pages = Q(pk__in=[])
    for key in by_type.get(CONCERN, []):
        pages |= Q(path__startswith=_concern_pages(int(key)))
    return q | (Q(kind=AccessEvent.Kind.DENIED, object_type__startswith="view:") & pages)


def _concern_pages(concern_id: int) -> str:
    """Where the pages of one concern begin (its own, and its entries', decisions'...)."""
    return reverse("safeguarding:concern", args=[concern_id])


def _concern_of_page(path: str) -> int | None:
    start, end = _concern_pages(0).split("0", 1)
    found = re.match(rf"{re.escape(start)}(\d+){re.escape(end)}", path)
    return int(found.group(1)) if found else None


def _register_path(concern_id: int) -> str:
    return reverse("oversight:safeguarding-concern", args=[concern_id])


# The register in words -----------------------------------------------------------------------


@dataclass
class Reads:
    """Who read a concern (or any record of it), not counting the register itself."""

    times: int = 0
    people: set[int] = field(default_factory=set)
    refused: int = 0
    last_at: datetime | None = None
    last_by: str = ""
    last_role: str = ""


@dataclass
class ConcernLine:
    pk: int
    client: Client | None
    category: str
    is_allegation: bool
    raised_at: datetime
    raised_by: str
    raised_by_role: str
    status: str
    closed: bool
    grade: str
    entries: int
    decisions: int
    referrals: int
    touched: datetime
    overdue: list[str]
    reads: Reads


@dataclass
class FlagLine:
    pk: int
    client: Client | None
    kind: str
    set_at: datetime
    owner: str
    owner_role: str
    review_on: date
    overdue: bool


def _who(user: User | None) -> tuple[str, str]:
    if user is None:
        return "Wingman itself", ""
    role = str(Role(user.role).label) if user.role in Role.values else ""
    return user.get_full_name() or user.username, role


def _overdue_reasons(row: dict[str, Any], now: datetime) -> list[str]:
    reasons = []
    if row["status"] == ConcernStatus.RAISED and row["triage_due_at"] < now:
        reasons.append("Triage overdue")
    if (
        row["status"] == ConcernStatus.TRIAGED
        and row["action_taken_at"] is None
        and row["action_due_at"] is not None
        and row["action_due_at"] < now
    ):
        reasons.append("Action overdue")
    if row["status"] != ConcernStatus.CLOSED and row["touched"] < now - STALE_AFTER:
        reasons.append(NOT_UPDATED)
    return reasons


def _reads(concern_ids: Sequence[int]) -> dict[int, Reads]:
    """Each concern's reads and refusals, grouped in the database."""
    owners = _parts_of(concern_ids)
    out = {pk: Reads() for pk in concern_ids}
    if not owners:
        return out
    rows = (
        AccessEvent.objects.filter(_naming(owners), kind__in=[*READS, AccessEvent.Kind.DENIED])
        .exclude(path__startswith=reverse("oversight:safeguarding-register"))
        .order_by()
        .values("object_type", "object_id", "actor_id", "kind", "path")
        .annotate(n=Count("pk"), last=Max("at"))
    )
    last: dict[int, tuple[datetime, int | None]] = {}
    for row in rows:
        concern_id = owners.get((row["object_type"], row["object_id"]))
        if concern_id is None:  # a role refused the concern's page: the page names it
            concern_id = _concern_of_page(row["path"])
        if concern_id not in out:
            continue
        reads = out[concern_id]
        if row["kind"] == AccessEvent.Kind.DENIED:
            reads.refused += row["n"]
            continue
        reads.times += row["n"]
        if row["actor_id"]:
            reads.people.add(row["actor_id"])
        if concern_id not in last or row["last"] > last[concern_id][0]:
            last[concern_id] = (row["last"], row["actor_id"])
    people = {u.pk: u for u in User.objects.filter(pk__in={a for _at, a in last.values() if a})}
    for concern_id, (at, actor_id) in last.items():
        reads = out[concern_id]
        reads.last_at = at
        reads.last_by, reads.last_role = _who(people.get(actor_id or 0))
    return out


def _clients(viewer: Any, ids: Iterable[int]) -> dict[int, Client]:
    return {
        c.pk: c
        for c in Client.objects.visible_to(viewer)
        .filter(pk__in=set(ids))
        .only("pk", "given_name", "family_name", "preferred_name")
    }


def concern_lines(viewer: Any, rows: Iterable[dict[str, Any]], now: datetime) -> list[ConcernLine]:
    rows = list(rows)
    clients = _clients(viewer, (r["client_id"] for r in rows))
    reads = _reads([r["pk"] for r in rows])
    return [
        ConcernLine(
            pk=r["pk"],
            client=clients.get(r["client_id"]),
            category=str(Category(r["category"]).label),
            is_allegation=r["category"] == Category.STAFF_ALLEGATION,
            raised_at=r["created_at"],
            raised_by=r["raised_by_name"],
            raised_by_role=str(Role(r["raised_by_role"]).label)
            if r["raised_by_role"] in Role.values
            else "",
            status=str(ConcernStatus(r["status"]).label),
            closed=r["status"] == ConcernStatus.CLOSED,
            grade=str(Grade(r["grade"]).label) if r["grade"] else "",
            entries=r["entry_count"],
            decisions=r["decision_count"],
            referrals=r["referral_count"],
            touched=r["touched"],
            overdue=_overdue_reasons(r, now),
            reads=reads[r["pk"]],
        )
        for r in rows
    ]


def flag_lines(viewer: Any, rows: Iterable[dict[str, Any]], today: date) -> list[FlagLine]:
    rows = list(rows)
    clients = _clients(viewer, (r["client_id"] for r in rows))
    owners = {u.pk: u for u in User.objects.filter(pk__in={r["owner_id"] for r in rows})}
    lines = []
    for r in rows:
        owner, role = _who(owners.get(r["owner_id"]))
        lines.append(
            FlagLine(
                pk=r["pk"],
                client=clients.get(r["client_id"]),
                kind=str(FlagKind(r["kind"]).label),
                set_at=r["created_at"],
                owner=owner,
                owner_role=role,
                review_on=r["review_on"],
                overdue=r["review_on"] < today,
            )
        )
    return lines


# One concern's reads and changes --------------------------------------------------------------


def concern_events(concern: Concern) -> Any:
    """Every read, refusal and change of a concern and of its records, latest first, as one
    queryset (a union of the two audit tables) that pages like any other."""
    owners = _parts_of([concern.pk])
    reads = _columns(
        AccessEvent.objects.filter(_naming(owners)),
        "access",
        "kind",
        Value("", output_field=CharField()),
        Value("", output_field=CharField()),
    )
    changes = _columns(
        AuditEvent.objects.filter(_naming(owners, refusals=False)),
        "change",
        "action",
        F("summary"),
        # The changed fields' names only (`_describe` reads the keys); never their values,
        # which for a referral's feedback would be what was written.
        Value("", output_field=CharField()),
    )
    return reads.union(changes, all=True).order_by("-e_at", "-e_source", "-e_id")


def changed_fields(concern: Concern, change_ids: Iterable[int]) -> dict[int, str]:
    """The fields each of these changes touched, by their labels (never their values)."""
    out = {}
    for pk, label, changes in AuditEvent.objects.filter(
        pk__in=list(change_ids), action=AuditEvent.Action.UPDATE
    ).values_list("pk", "object_type", "changes"):
        if isinstance(changes, dict) and changes:
            out[pk] = _fields_in_words(label, changes)
    return out


def _record_words(label: str) -> str:
    if label == CONCERN:
        return "the concern"
    return PARTS[label][1] if label in PARTS else "a record of it"


def describe(concern: Concern, rows: Iterable[tuple[Any, ...]]) -> list[Entry]:
    """Each row in words: what was done, to which record; never what was written."""
    named = [dict(zip(COLUMNS, row, strict=True)) for row in rows]
    people = {u.pk: u for u in User.objects.filter(pk__in={r["e_actor"] for r in named})}
    fields = changed_fields(concern, [r["e_id"] for r in named if r["e_source"] == "change"])
    register = _register_path(concern.pk)
    out = []
    for row in named:
        record = _record_words(row["e_type"])
        detail = ""
        if row["e_source"] == "change":
            kind = "changed"
            verb = CHANGE_VERB.get(row["e_kind"], "Changed")
            what = (
                f"Moved {record} on"
                if row["e_kind"] == AuditEvent.Action.TRANSITION
                else f"{verb} {record}"
            )
            detail = row["e_summary"] or ""
            if row["e_id"] in fields:
                detail = f"{detail}: {fields[row['e_id']]}" if detail else fields[row["e_id"]]
        elif row["e_kind"] == AccessEvent.Kind.DENIED and row["e_type"].startswith("view:"):
            kind = "refused"
            what = "Refused: their role may not use this page of the concern"
        elif row["e_kind"] == AccessEvent.Kind.DENIED:
            kind = "refused"
            what = f"Refused: tried to open {record}, out of their scope"
        elif row["e_path"].startswith(register):
            kind = "viewed"
            what = "Opened the concern in the safeguarding register"
        else:
            kind = "exported" if row["e_kind"] == AccessEvent.Kind.EXPORT else "viewed"
            what = f"{'Exported' if kind == 'exported' else 'Read'} {record}"
        actor = people.get(row["e_actor"])
        who, role = _who(actor)
        if actor is None and kind == "refused":
            who = "No one signed in"
        out.append(
            Entry(
                at=row["e_at"],
                kind=kind,
                what=what,
                detail=detail,
                who=who,
                role=role,
                channel=CHANNELS.get(row["e_channel"], row["e_channel"]),
                ip_address=row["e_ip"] or "",
                path=row["e_path"],
            )
        )
    return out


def concern_summary(viewer: Any, concern: Concern, now: datetime) -> ConcernLine:
    """The register's line for one concern."""
    rows = register_concerns(viewer, RegisterFilters(), now).filter(pk=concern.pk)
    return concern_lines(viewer, rows, now)[0]
