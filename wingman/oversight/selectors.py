"""Reading the audit trail for the data protection officer, in plain words.

A client's access record puts in one list, latest first: each time someone viewed one of the
client's records, saw the client in a list, changed one of their records, exported the record,
or was refused one of their records. Refusals carry no client (the refused request never
loaded it), so they are found by the record they name (`AccessEvent.object_type` and
`object_id`) among the records that belong to the client. The organisation's refused attempts
are listed on their own page.

Each row says what happened in words ("Viewed the contact of 3 December"), who did it (name
and role), when and from where (web or API, and the address)."""

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import CharField, F, Q, QuerySet, Value
from django.db.models.functions import Cast
from django.urls import Resolver404, resolve, reverse

from wingman.accounts.choices import Role
from wingman.accounts.models import User
from wingman.accounts.scope import ScopedQuerySet, organisation_of
from wingman.audit.models import AccessEvent, AuditEvent
from wingman.casework.choices import ChecklistItem
from wingman.core.dates import when
from wingman.people.models import Client

# What the data protection officer can ask for, and the audit rows each means.
KINDS: dict[str, str] = {
    "viewed": "Viewed",
    "listed": "Seen in a list",
    "changed": "Changed",
    "exported": "Exported",
    "refused": "Refused",
}
ACCESS_KIND = {
    AccessEvent.Kind.VIEW: "viewed",
    AccessEvent.Kind.LIST: "listed",
    AccessEvent.Kind.EXPORT: "exported",
    AccessEvent.Kind.DENIED: "refused",
}
KIND_OF_ACCESS = {v: k for k, v in ACCESS_KIND.items()}
CHANGE_VERB = {
    AuditEvent.Action.CREATE: "Added",
    AuditEvent.Action.UPDATE: "Changed",
    AuditEvent.Action.DELETE: "Removed",
    AuditEvent.Action.TRANSITION: "Moved on",
}
CHANNELS = {"web": "Web", "api": "API", "system": "Wingman itself"}
# The pages and API lists that show clients, as people know them.
LIST_PAGES = {
    "home:index": "their home page",
    "people:list": "the list of clients",
    "referrals:list": "the list of referrals",
    "casework:tasks": "their tasks",
}


@dataclass
class Filters:
    """What the data protection officer asked to see; empty means everything."""

    start: date | None = None
    end: date | None = None
    actor_id: int | None = None
    kinds: list[str] = field(default_factory=list)


@dataclass
class Entry:
    """One line of an access record."""

    at: datetime
    kind: str
    what: str
    detail: str
    who: str
    role: str
    channel: str
    ip_address: str
    path: str
    client: Client | None = None

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]

    @property
    def where(self) -> str:
        return ", ".join(part for part in (self.channel, self.ip_address) if part) or "Not known"


# Which rows ---------------------------------------------------------------------------------


def scoped_models() -> list[type[models.Model]]:
    """Every model that belongs to a client (its queryset follows the visibility rule)."""
    return [
        m
        for m in apps.get_models()
        if isinstance(m._default_manager.all(), ScopedQuerySet)  # type: ignore[attr-defined]
    ]


def _client_path(model: type[models.Model]) -> str:
    return str(model._default_manager.all().client_path)  # type: ignore[attr-defined]


def refused_on_records_of(client: Client) -> Q:
    """Refusals naming one of the client's records: the client itself, or anything of theirs."""
    q = Q(pk__in=[])
    for model in scoped_models():
        keys = (
            model._default_manager.filter(**{f"{_client_path(model)}pk": client.pk})
            .annotate(key=Cast("pk", CharField()))
            .values("key")
        )
        q |= Q(object_type=model._meta.label_lower, object_id__in=keys)
    return Q(kind=AccessEvent.Kind.DENIED) & q


def _in_range(qs: QuerySet[Any], filters: Filters) -> QuerySet[Any]:
    if filters.start:
        qs = qs.filter(at__date__gte=filters.start)
    if filters.end:
        qs = qs.filter(at__date__lte=filters.end)
    if filters.actor_id:
        qs = qs.filter(actor_id=filters.actor_id)
    return qs


COLUMNS: tuple[str, ...] = ("e_at", "e_id", "e_source", "e_kind", "e_actor", "e_type")
COLUMNS += ("e_object", "e_channel", "e_ip", "e_path", "e_summary", "e_changes")


def _columns(qs: QuerySet[Any], source: str, kind: str, summary: Any, changes: Any) -> Any:
    """The same columns from either audit table, so that both go into one list."""
    return (
        qs.order_by()
        .annotate(
            e_at=F("at"),
            e_id=F("id"),
            e_source=Value(source, output_field=CharField()),
            e_kind=F(kind),
            e_actor=F("actor_id"),
            e_type=F("object_type"),
            e_object=F("object_id"),
            e_channel=F("channel"),
            e_ip=F("ip_address"),
            e_path=F("path"),
            e_summary=summary,
            e_changes=changes,
        )
        .values_list(*COLUMNS)
    )


def client_events(client: Client, filters: Filters) -> Any:
    """The rows of a client's access record, latest first, as one queryset (a union of reads
    and changes) that pages like any other."""
    kinds = set(filters.kinds) or set(KINDS)
    parts = []
    access_kinds = [KIND_OF_ACCESS[k] for k in kinds if k in KIND_OF_ACCESS]
    if access_kinds:
        reads = AccessEvent.objects.filter(
            Q(client_id=client.pk) | refused_on_records_of(client), kind__in=access_kinds
        )
        parts.append(
            _columns(
                _in_range(reads, filters),
                "access",
                "kind",
                Value("", output_field=CharField()),
                Cast(Value(""), CharField()),
            )
        )
    if "changed" in kinds:
        changes = AuditEvent.objects.filter(client_id=client.pk)
        parts.append(
            _columns(
                _in_range(changes, filters),
                "change",
                "action",
                F("summary"),
                Cast("changes", CharField()),
            )
        )
    if not parts:
        return AccessEvent.objects.none().values_list("at")
    union = parts[0] if len(parts) == 1 else parts[0].union(*parts[1:], all=True)
    return union.order_by("-e_at", "-e_source", "-e_id")


def people_in(client: Client) -> list[User]:
    """Everyone who appears on a client's access record, for the filter by person."""
    ids = set(
        AccessEvent.objects.filter(Q(client_id=client.pk) | refused_on_records_of(client))
        .exclude(actor_id=None)
        .values_list("actor_id", flat=True)
        .distinct()
    )
    ids |= set(
        AuditEvent.objects.filter(client_id=client.pk)
        .exclude(actor_id=None)
        .values_list("actor_id", flat=True)
        .distinct()
    )
    return list(User.objects.filter(pk__in=ids).order_by("first_name", "last_name", "pk"))


def refused_in_organisation(viewer: Any, filters: Filters) -> QuerySet[AccessEvent]:
    """Every refused attempt by staff of the viewer's organisation, latest first."""
    organisation = organisation_of(viewer)
    if organisation is None:
        return AccessEvent.objects.none()
    staff = Q(actor__organisation_id=organisation) | Q(
        actor__team__borough__organisation_id=organisation
    )
    qs = AccessEvent.objects.filter(staff, kind=AccessEvent.Kind.DENIED)
    return _in_range(qs, filters).select_related("actor").order_by("-at", "-id")


def people_refused(viewer: Any) -> list[User]:
    ids = refused_in_organisation(viewer, Filters()).values("actor_id")
    return list(User.objects.filter(pk__in=ids).order_by("first_name", "last_name", "pk"))


# In words -----------------------------------------------------------------------------------


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _records(model: type[models.Model], viewer: Any) -> QuerySet[Any]:
    """A model's records as `viewer` may see them (the visibility rule, for a client's)."""
    qs = model._default_manager.all()
    return qs.visible_to(viewer) if isinstance(qs, ScopedQuerySet) else qs  # type: ignore[attr-defined]


def _keys(ids: Iterable[str]) -> list[int]:
    return [int(i) for i in ids if i.isdigit() and len(i) < 19]


def _names_of(records: dict[str, set[str]], viewer: Any) -> dict[tuple[str, str], str]:
    """Each named record in words ("the contact of 3 December"), a query per kind of record;
    a record the viewer may not see keeps its kind only ("a contact")."""
    names: dict[tuple[str, str], str] = {}
    for label, ids in records.items():
        model = _model(label)
        if model is None:
            continue
        for obj in _records(model, viewer).filter(pk__in=_keys(ids)):
            names[(label, str(obj.pk))] = _name_of(label, obj)
    return names


def _name_of(label: str, obj: Any) -> str:
    if label == "people.client":
        return "the client record"
    if label == "casework.contact":
        return f"the contact of {when(obj.occurred_on)}"
    if label == "casework.task":
        return f"the task “{obj.title}”"
    if label == "casework.partnerreferral":
        return f"the partner referral to {obj.partner_name}"
    if label == "casework.checklistentry":
        return f"the release-day item “{ChecklistItem(obj.item).label}”"
    if label == "casework.journey":
        return "the journey"
    if label == "referrals.referral":
        return f"the referral of {when(obj.received_on)}"
    return a_or_an(str(obj._meta.verbose_name))


def a_or_an(noun: str) -> str:
    """The article a reader expects before a record's name: "an assessment", "a hearing"."""
    vowel = noun[:1].lower() in "aeio" or noun.lower().startswith("un")
    return f"{'an' if vowel else 'a'} {noun}"


def _unnamed(label: str) -> str:
    if label == "people.client":
        return "the client record"
    model = _model(label)
    return a_or_an(str(model._meta.verbose_name)) if model is not None else "a page"


def _fields_in_words(label: str, changes: dict[str, Any]) -> str:
    """The fields a change touched, by their labels, in the order the record has them."""
    model = _model(label)
    order = {f.attname: n for n, f in enumerate(model._meta.concrete_fields)} if model else {}
    words = []
    for key in sorted(changes, key=lambda k: (order.get(k, len(order)), k)):
        name = key[:-3] if key.endswith("_id") else key
        try:
            label_of = model._meta.get_field(name) if model else None
            words.append(str(getattr(label_of, "verbose_name", name)))
        except FieldDoesNotExist:
            words.append(name.replace("_", " "))
    return ", ".join(dict.fromkeys(words))


def _list_page(path: str, channel: str) -> str:
    if channel == "api":
        return "the API"
    try:
        name = resolve(path).view_name
    except Resolver404:
        return "a list"
    return LIST_PAGES.get(name, "a list")


class Describer:
    """Turns audit rows into `Entry`s, looking up the records and people they name in a few
    queries per page."""

    def __init__(self, viewer: Any, client: Client | None = None) -> None:
        self.viewer = viewer
        self.client = client
        if client is not None:
            self.access_url = reverse("oversight:client-access", args=[client.pk])
            self.export_url = reverse("oversight:client-access-export", args=[client.pk])

    def entries(self, rows: Iterable[tuple[Any, ...]]) -> list[Entry]:
        named = [dict(zip(COLUMNS, row, strict=True)) for row in rows]
        records: dict[str, set[str]] = defaultdict(set)
        for row in named:
            records[row["e_type"]].add(row["e_object"])
        names = _names_of(records, self.viewer)
        actors = {r["e_actor"] for r in named if r["e_actor"]}
        people = {u.pk: u for u in User.objects.filter(pk__in=actors)}
        return [self._entry(row, names, people) for row in named]

    def _entry(
        self, row: dict[str, Any], names: dict[tuple[str, str], str], people: dict[int, User]
    ) -> Entry:
        label, key = row["e_type"], row["e_object"]
        name = names.get((label, key)) or _unnamed(label)
        actor = people.get(row["e_actor"])
        detail = ""
        if row["e_source"] == "change":
            kind = "changed"
            what, detail = self._change(row, label, name)
        else:
            kind = ACCESS_KIND.get(row["e_kind"], "viewed")
            what = self._access(kind, row, label, name)
        return Entry(
            at=row["e_at"],
            kind=kind,
            what=what,
            detail=detail,
            who=(actor.get_full_name() or actor.username) if actor else _nobody(kind),
            role=str(Role(actor.role).label) if actor and actor.role in Role.values else "",
            channel=CHANNELS.get(row["e_channel"], row["e_channel"]),
            ip_address=row["e_ip"] or "",
            path=row["e_path"],
        )

    def _access(self, kind: str, row: dict[str, Any], label: str, name: str) -> str:
        path = row["e_path"]
        if kind == "viewed":
            if label == "people.client" and path == getattr(self, "access_url", None):
                return "Viewed who has looked at the client"
            return f"Viewed {name}"
        if kind == "listed":
            return f"Saw the client in a list: {_list_page(path, row['e_channel'])}"
        if kind == "exported":
            if path.startswith(getattr(self, "export_url", "\0")):
                return "Downloaded the client’s access record (CSV)"
            return "Exported the client’s details"
        return f"Refused: tried to open {name}, out of their scope"

    @staticmethod
    def _change(row: dict[str, Any], label: str, name: str) -> tuple[str, str]:
        action = row["e_kind"]
        summary = row["e_summary"] or ""
        verb = CHANGE_VERB.get(action) or str(dict(AuditEvent.Action.choices).get(action, action))
        if label == "people.client":
            name = "the client’s details"
            if action == AuditEvent.Action.CREATE:
                verb, name = "Recorded", "the client"
        what = f"Moved {name} on" if action == AuditEvent.Action.TRANSITION else f"{verb} {name}"
        try:
            changes = json.loads(row["e_changes"] or "{}")
        except ValueError:
            changes = {}
        detail = summary
        if action == AuditEvent.Action.UPDATE and isinstance(changes, dict) and changes:
            fields = _fields_in_words(label, changes)
            detail = f"{summary}: {fields}" if summary else fields
        return what, detail


def _nobody(kind: str) -> str:
    return "No one signed in" if kind == "refused" else "Wingman itself"


# The organisation's refusals ------------------------------------------------------------------


@dataclass
class Refusal:
    entry: Entry
    client: Client | None
    exists: bool


def refusals_in_words(events: Iterable[AccessEvent], viewer: Any) -> list[Refusal]:
    """Each refused attempt in words, with the client whose record it was when the viewer may
    see that client."""
    events = list(events)
    by_type: dict[str, set[str]] = defaultdict(set)
    for e in events:
        by_type[e.object_type].add(e.object_id)
    owners: dict[tuple[str, str], int | None] = {}  # every record that exists, and its client
    scoped = scoped_models()
    for label, ids in by_type.items():
        model = _model(label)
        if model is None:
            continue
        path = f"{_client_path(model)}pk" if model in scoped else None
        found = model._default_manager.filter(pk__in=_keys(ids))
        if path is None:
            owners |= {(label, str(pk)): None for pk in found.values_list("pk", flat=True)}
        else:
            owners |= {(label, str(pk)): cid for pk, cid in found.values_list("pk", path)}
    clients = {
        c.pk: c
        for c in Client.objects.visible_to(viewer).filter(
            pk__in={cid for cid in owners.values() if cid}
        )
    }
    out = []
    for e in events:
        key = (e.object_type, e.object_id)
        by_role = e.object_type.startswith(("view:", "api:"))
        if by_role:
            what = "Refused: their role may not use this page"
        elif key in owners:
            what = f"Refused: tried to open {_unnamed(e.object_type)}, out of their scope"
        else:
            what = f"Refused: tried to open {_unnamed(e.object_type)} that does not exist"
        actor = e.actor
        entry = Entry(
            at=e.at,
            kind="refused",
            what=what,
            detail=e.path,
            who=(actor.get_full_name() or actor.username) if actor else _nobody("refused"),
            role=str(Role(actor.role).label) if actor and actor.role in Role.values else "",
            channel=CHANNELS.get(e.channel, e.channel),
            ip_address=e.ip_address or "",
            path=e.path,
        )
        client = clients.get(owners.get(key) or 0)
        out.append(Refusal(entry=entry, client=client, exists=by_role or key in owners))
    return out
