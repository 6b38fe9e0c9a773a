"""The database itself refuses to change or remove a concern's entries and decisions, whatever
code runs, as it does for the audit tables."""

from django.db import migrations

from wingman.audit.append_only import create_triggers, drop_triggers

TABLES = ("safeguarding_concernentry", "safeguarding_decision")


class Migration(migrations.Migration):
    dependencies = [("safeguarding", "0001_concerns_flags_and_on_call")]
    operations = [
        migrations.RunPython(
            lambda apps, editor: create_triggers(editor, TABLES),
            lambda apps, editor: drop_triggers(editor, TABLES),
        )
    ]
