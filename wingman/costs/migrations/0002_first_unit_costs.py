"""The first version of every unit cost (`costs/seed.py` names each source), and the database
refusing to change or remove a unit cost, whatever code runs: a new figure is a new version."""

from datetime import date

from django.db import migrations

from wingman.audit.append_only import create_triggers, drop_triggers
from wingman.costs.seed import FIRST_VALID_FROM, FIRST_VERSIONS

TABLES = ("costs_unitcost",)


def seed(apps, editor):  # type: ignore[no-untyped-def]
    UnitCost = apps.get_model("costs", "UnitCost")
    UnitCost.objects.bulk_create(
        UnitCost(
            key=key,
            label=label,
            amount=amount,
            unit=unit,
            source=source,
            price_year=price_year,
            valid_from=date.fromisoformat(FIRST_VALID_FROM),
        )
        for key, label, amount, unit, source, price_year in FIRST_VERSIONS
    )


class Migration(migrations.Migration):
    dependencies = [("costs", "0001_unit_costs")]
    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(
            lambda apps, editor: create_triggers(editor, TABLES),
            lambda apps, editor: drop_triggers(editor, TABLES),
        ),
    ]
