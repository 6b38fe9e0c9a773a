from django.db import models
from django.utils.translation import gettext_lazy as _


class RelationshipKind(models.TextChoices):
    """Who someone is to the client. `described_as` on the relationship keeps the client's own
    words ("mum", "little brother")."""

    PARENT = "parent", _("Parent")
    STEP_PARENT = "step_parent", _("Step-parent")
    CARER = "carer", _("Carer or guardian")
    SIBLING = "sibling", _("Brother or sister")
    HALF_SIBLING = "half_sibling", _("Half-brother, half-sister or step-sibling")
    PARTNER = "partner", _("Partner")
    FORMER_PARTNER = "former_partner", _("Former partner")
    CHILD = "child", _("Son or daughter")
    GRANDPARENT = "grandparent", _("Grandparent")
    OTHER_RELATIVE = "other_relative", _("Other relative")
    OTHER = "other", _("Someone else close to them")


# Kinds whose people are most often the younger relatives gangs try to recruit: offered first
# when flagging, never a limit on who may be flagged.
SIBLING_KINDS = frozenset(
    {RelationshipKind.SIBLING, RelationshipKind.HALF_SIBLING, RelationshipKind.OTHER_RELATIVE}
)
