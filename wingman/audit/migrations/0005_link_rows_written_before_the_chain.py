"""Seals the audit rows written before the chain existed, oldest first, so that from this migration
on every row is in the chain. Needs WINGMAN_AUDIT_CHAIN_KEY in the environment of `migrate`
when there are rows."""

from django.db import migrations

from wingman.audit import chain


def link_existing(apps, schema_editor):
    tables = {
        model._meta.db_table: model
        for model in (apps.get_model("audit", "AuditEvent"), apps.get_model("audit", "AccessEvent"))
    }
    link_model = apps.get_model("audit", "AuditLink")
    alias = schema_editor.connection.alias
    for table, model in tables.items():
        ids = list(model._base_manager.using(alias).order_by("id").values_list("id", flat=True))
        for start in range(0, len(ids), 5000):
            chain.append(
                schema_editor.connection,
                tables,
                link_model,
                [(table, row_id) for row_id in ids[start : start + 5000]],
            )


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_refuse_replace_and_guard_links")]
    operations = [migrations.RunPython(link_existing, migrations.RunPython.noop)]
