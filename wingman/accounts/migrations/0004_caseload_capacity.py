"""Each member of staff's caseload capacity (live clients at once, 12 unless set), read by the
team lead's dashboard against their live caseload.

Adding the column makes SQLite rebuild `accounts_user`, which drops its triggers: the trigger that
ends a disabled account's sessions (0003) is created again after it there."""

import importlib

import django.core.validators
from django.db import migrations, models

sessions_trigger = importlib.import_module(
    "wingman.accounts.migrations.0003_disabling_ends_sessions_trigger"
)


def trigger_again_on_sqlite(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        sessions_trigger.drop(apps, schema_editor)
        sessions_trigger.create(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_disabling_ends_sessions_trigger"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="caseload_capacity",
            field=models.PositiveSmallIntegerField(
                default=12,
                help_text="How many live clients this person can carry at once (the team lead's dashboard shows their caseload against it). 12 unless set: about 30 to 40 clients a year.",
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(60),
                ],
                verbose_name="caseload capacity",
            ),
        ),
        migrations.RunPython(trigger_again_on_sqlite, migrations.RunPython.noop),
    ]
