"""The one list of pathways: the areas of a young person's life the work is about. Contacts,
assessments, support plans, outcomes and reports all speak of these and no others.

The first seven are HMPPS's resettlement pathways; the last four are what gang-exit work adds.
The codes are stored; the words may be improved without a migration."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Pathway(models.TextChoices):
    ACCOMMODATION = "accommodation", _("Accommodation")
    ATTITUDES = "attitudes", _("Attitudes, thinking and behaviour")
    FAMILY = "family", _("Children, families and communities")
    DRUGS_ALCOHOL = "drugs_alcohol", _("Drugs and alcohol")
    EDUCATION_EMPLOYMENT = "ete", _("Education, skills and work")
    FINANCE = "finance", _("Finance and ID")
    HEALTH = "health", _("Health, mental health included")
    SAFETY = "safety", _("Safety and threats")
    GANG_EXIT = "gang_exit", _("Gang exit and exploitation")
    IDENTITY = "identity", _("Identity and self-esteem")
    ABUSE = "abuse", _("Abuse, as a victim")


RESETTLEMENT_PATHWAYS: tuple[Pathway, ...] = (
    Pathway.ACCOMMODATION,
    Pathway.ATTITUDES,
    Pathway.FAMILY,
    Pathway.DRUGS_ALCOHOL,
    Pathway.EDUCATION_EMPLOYMENT,
    Pathway.FINANCE,
    Pathway.HEALTH,
)
GANG_EXIT_PATHWAYS: tuple[Pathway, ...] = (
    Pathway.SAFETY,
    Pathway.GANG_EXIT,
    Pathway.IDENTITY,
    Pathway.ABUSE,
)


def pathway_labels(codes: list[str]) -> list[str]:
    """The words for stored pathway codes, in the order given."""
    return [str(Pathway(code).label) for code in codes if code in Pathway.values]
