"""Every organisation already there gets the standard outcome types (new organisations get them
from `outcomes.signals`). Types an organisation already has, by name, are left as they are."""

from django.db import migrations

from wingman.outcomes.choices import STANDARD_OUTCOME_TYPES


def add_standard_types(apps, schema_editor):
    Organisation = apps.get_model("accounts", "Organisation")
    OutcomeType = apps.get_model("outcomes", "OutcomeType")
    for organisation in Organisation.objects.all():
        have = set(
            OutcomeType.objects.filter(organisation=organisation).values_list("name", flat=True)
        )
        OutcomeType.objects.bulk_create(
            [
                OutcomeType(organisation=organisation, name=name, pathway=str(pathway))
                for name, pathway in STANDARD_OUTCOME_TYPES
                if name not in have
            ]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("outcomes", "0001_outcomes_and_indicators"),
    ]

    operations = [
        migrations.RunPython(add_standard_types, migrations.RunPython.noop),
    ]
