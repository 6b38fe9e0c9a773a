"""What a notification says, in words: who raised the concern, their role and the category,
never what was written or whom it is about."""

from wingman.accounts.choices import Role

from .choices import NotificationKind
from .models import Notification


def text_of(notification: Notification) -> str:
    """What a notification says: who raised it, the category, nothing of what was written."""
    concern = notification.concern
    role = Role(concern.raised_by_role).label
    said = {
        NotificationKind.CONCERN_RAISED: "raised a safeguarding concern",
        NotificationKind.CRISIS_CALL: "logged a crisis call and raised a safeguarding concern",
    }[NotificationKind(notification.kind)]
    return f"{concern.raised_by_name} ({role}) {said}: {concern.get_category_display()}."
