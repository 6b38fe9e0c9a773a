"""What the concern pages, the home page and the client record read of concerns, always through
the visibility rule: the lead's queue (most urgent first), what is overdue for whom, a client's
concerns, the people and colleagues a form offers, and the notifications not yet opened."""

from datetime import date, datetime
from typing import Any

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from wingman.accounts import permissions
from wingman.accounts.models import User
from wingman.accounts.scope import organisation_of
from wingman.family.selectors import people_choices
from wingman.people.models import Client

from ..choices import Category, ConcernStatus
from ..models import Concern, ConcernQuerySet, Notification
from ..notices import text_of

QUEUE_LIMIT = 200
HOME_LIMIT = 20
ON_RECORD = 20

# Where a concern stands in the queue: overdue triage first, then overdue action, then the rest.
TRIAGE_OVERDUE, ACTION_OVERDUE, IN_TIME = 0, 1, 2


def _readable(viewer: Any) -> ConcernQuerySet:
    return Concern.objects.visible_to(viewer).select_related("client")


def with_urgency(concerns: QuerySet[Concern], now: datetime) -> QuerySet[Concern]:
    """Each concern's `due` (triage, or action once triaged and not yet acted on) and
    `urgency` (`TRIAGE_OVERDUE`, `ACTION_OVERDUE`, `IN_TIME`), ordered most urgent first."""
    waiting_action = {"status": ConcernStatus.TRIAGED, "action_taken_at__isnull": True}
    return concerns.annotate(
        due=Case(
            When(status=ConcernStatus.RAISED, then=F("triage_due_at")),
            When(**waiting_action, then=F("action_due_at")),
            default=None,
        ),
        urgency=Case(
            When(status=ConcernStatus.RAISED, triage_due_at__lt=now, then=Value(TRIAGE_OVERDUE)),
            When(**waiting_action, action_due_at__lt=now, then=Value(ACTION_OVERDUE)),
            default=Value(IN_TIME),
            output_field=IntegerField(),
        ),
    ).order_by("urgency", F("due").asc(nulls_last=True), "-created_at", "-id")


def queue(viewer: Any, *, now: datetime | None = None, closed: bool = False) -> list[Concern]:
    """The concerns `viewer` may read: open ones most urgent first, or the closed ones, the
    latest closed first."""
    now = now or timezone.now()
    mine = _readable(viewer)
    found: QuerySet[Concern]
    if closed:
        found = mine.filter(status=ConcernStatus.CLOSED).order_by("-closed_at", "-id")
    else:
        found = with_urgency(mine.open(), now)
    return list(found[:QUEUE_LIMIT])


def concerns_of(viewer: Any, client: Client) -> QuerySet[Concern]:
    """A client's concerns that `viewer` may read, the latest first."""
    return Concern.objects.visible_to(viewer).filter(client=client).order_by("-created_at", "-id")


def staff_choices(viewer: Any) -> list[tuple[int, str]]:
    """The active staff and volunteers of the viewer's organisation, for naming the one an
    allegation is about (never the viewer themselves)."""
    organisation = organisation_of(viewer)
    if organisation is None:
        return []
    people = (
        User.objects.filter(is_active=True)
        .filter(
            Q(organisation_id=organisation)
            | Q(organisation__isnull=True, team__borough__organisation_id=organisation)
        )
        .exclude(pk=viewer.pk)
        .order_by("first_name", "last_name", "username")
    )
    return [(u.pk, f"{u} ({u.get_role_display()})") for u in people]


def involved_choices(viewer: Any, client: Client) -> list[tuple[int, str]]:
    """The client's people `viewer` sees, for linking someone involved."""
    return people_choices(viewer, client)


def oversees(viewer: Any) -> bool:
    """Whoever might act on a concern: the safeguarding lead on any, a manager on an allegation
    against staff (`permissions.acts_on_concern` decides for each concern)."""
    return permissions.acts_on_concern(viewer, Concern(category=Category.STAFF_ALLEGATION))


def may_read(viewer: Any, concern: Concern) -> bool:
    return Concern.objects.visible_to(viewer).filter(pk=concern.pk).exists()


def unseen_notifications(viewer: Any) -> list[dict[str, Any]]:
    """The viewer's notifications not yet opened, about concerns they may still read (one about
    a concern they can no longer read, such as an allegation since found to be about them, is
    never shown): content-free words and the concern it leads to."""
    if not permissions.reads_concerns(viewer):
        return []
    found = (
        Notification.objects.for_recipient(viewer)
        .unseen()
        .filter(concern__in=Concern.objects.visible_to(viewer).values("pk"))
        .select_related("concern")[:HOME_LIMIT]
    )
    return [
        {"text": text_of(n), "concern_id": n.concern_id, "created_at": n.created_at} for n in found
    ]


def notifications_for(viewer: Any, concern: Concern) -> QuerySet[Notification]:
    """The viewer's unseen notifications of one concern (opening it marks them seen)."""
    return Notification.objects.for_recipient(viewer).unseen().filter(concern=concern)


def for_home(viewer: Any, *, today: date, now: datetime | None = None) -> dict[str, Any]:
    """What the home page shows of safeguarding: to the safeguarding lead, the concerns waiting
    for triage and those overdue; to a manager, the overdue among the concerns they may read (their
    borough's); to everyone who reads concerns, their notifications not yet opened. The clients
    shown are under "client_ids"."""
    now = now or timezone.now()
    section: dict[str, Any] = {"client_ids": []}
    if not permissions.reads_concerns(viewer):
        return section
    section["notifications"] = unseen_notifications(viewer)
    lead = permissions.leads_safeguarding(viewer)
    if not oversees(viewer):
        return section
    mine = Concern.objects.visible_to(viewer).select_related("client")
    lists = {
        "triage_overdue": mine.triage_overdue(now).order_by("triage_due_at", "id"),
        "action_overdue": mine.action_overdue(now).order_by("action_due_at", "id"),
    }
    if lead:
        lists["awaiting_triage"] = mine.awaiting_triage().order_by("triage_due_at", "id")
    for name, found in lists.items():
        shown = list(found[:HOME_LIMIT])
        section[name] = shown
        section[f"{name}_count"] = (
            len(shown) if len(shown) < HOME_LIMIT else found.order_by().count()
        )
        section["client_ids"] += [c.client_id for c in shown]
    return section


def for_client_record(viewer: Any, client: Any) -> dict[str, Any]:
    """The client's concerns the viewer may read, and whether they may raise one."""
    reads = permissions.reads_concerns(viewer)
    return {
        "concerns": list(concerns_of(viewer, client)[:ON_RECORD]) if reads else [],
        "reads": reads,
        "raises": permissions.raises_concerns(viewer),
    }
