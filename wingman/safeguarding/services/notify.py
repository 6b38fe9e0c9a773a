"""Telling the safeguarding lead (and, for an allegation against staff, the managers) that a
concern waits for them. The notification is an outbox row written in the concern's transaction,
so a concern rolled back leaves none; its email goes after the transaction commits, and one that
could not be sent stays in the outbox for `manage.py send_notifications` to try again. Neither
carries any content: who raised it, the category and a link."""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from wingman.accounts.choices import Role
from wingman.accounts.models import User

from ..choices import Category, NotificationKind
from ..models import Concern, Notification
from ..notices import text_of

logger = logging.getLogger(__name__)

SUBJECT = "Wingman: a safeguarding concern is waiting for you"


def leads_for(concern: Concern) -> list[User]:
    """Who is told of a new concern: every safeguarding lead of the client's organisation, and
    for an allegation against staff the managers of the client's borough too; never the member
    of staff an allegation is about."""
    team = concern.client.team
    organisation = team.borough.organisation_id
    people = (
        User.objects.filter(is_active=True)
        .filter(role=Role.SAFEGUARDING_LEAD)
        .filter(_in_organisation(organisation))
    )
    if concern.category == Category.STAFF_ALLEGATION:
        people = people | User.objects.filter(
            is_active=True, role=Role.MANAGER, team__borough_id=team.borough_id
        )
        if concern.about_staff_id is not None:
            people = people.exclude(pk=concern.about_staff_id)
    return list(people.distinct().order_by("pk"))


def _in_organisation(organisation: int) -> Q:
    return Q(organisation_id=organisation) | Q(
        organisation__isnull=True, team__borough__organisation_id=organisation
    )


def notify(
    *, concern: Concern, recipients: Iterable[User], kind: str = NotificationKind.CONCERN_RAISED
) -> list[Notification]:
    """Write the outbox rows (inside the caller's transaction) and send their emails once it
    commits. The one who raised the concern is not told of their own."""
    made = [
        Notification.objects.create(
            recipient=person, concern=concern, kind=kind, email_wanted=bool(person.email)
        )
        for person in dict.fromkeys(recipients)
        if person.pk != concern.raised_by_id
    ]
    ids = [n.pk for n in made if n.email_wanted]
    if ids:
        transaction.on_commit(lambda: send_notifications(ids))
    return made


def _link(notification: Notification) -> str:
    path = reverse("safeguarding:concern", args=[notification.concern_id])
    return f"{settings.WINGMAN_SITE_URL.rstrip('/')}{path}" if settings.WINGMAN_SITE_URL else path


def send_notifications(ids: Iterable[int] | None = None) -> int:
    """Email the outbox's unsent notifications (these, or all); returns how many went. A failure
    is logged and left for the next try."""
    pending = Notification.objects.unsent().select_related("recipient", "concern")
    if ids is not None:
        pending = pending.filter(pk__in=list(ids))
    sent = 0
    for notification in pending:
        body = (
            f"{text_of(notification)}\n\nOpen it in Wingman: {_link(notification)}\n\n"
            "This email says nothing of the concern itself: sign in to read it."
        )
        try:
            send_mail(SUBJECT, body, None, [notification.recipient.email])
        except Exception:
            Notification.objects.filter(pk=notification.pk).update(
                email_attempts=notification.email_attempts + 1
            )
            logger.exception(
                "Could not email notification %s; it stays in the outbox", notification.pk
            )
            continue
        Notification.objects.filter(pk=notification.pk).update(
            emailed_at=timezone.now(), email_attempts=notification.email_attempts + 1
        )
        sent += 1
    return sent
