"""Issued reports, kept exactly as issued: the database refuses to change or remove them."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from wingman.audit.append_only import create_triggers, drop_triggers

TABLES = ("reports_issuedreport",)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_report_settings"),
        ("accounts", "0003_disabling_ends_sessions_trigger"),
        ("referrals", "0003_text_limits"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]
    operations = [
        migrations.CreateModel(
            name="IssuedReport",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("period_start", models.DateField(verbose_name="from")),
                ("period_end", models.DateField(verbose_name="to")),
                (
                    "issued_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="issued"),
                ),
                ("threshold", models.CharField(max_length=200, verbose_name="small numbers rule")),
                ("title", models.CharField(max_length=300, verbose_name="title")),
                ("pdf", models.BinaryField()),
                ("pdf_sha256", models.CharField(max_length=64)),
                ("xlsx", models.BinaryField()),
                ("xlsx_sha256", models.CharField(max_length=64)),
                ("csv", models.BinaryField()),
                ("csv_sha256", models.CharField(max_length=64)),
                (
                    "borough",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.borough",
                    ),
                ),
                (
                    "funding_stream",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="referrals.fundingstream",
                    ),
                ),
                (
                    "issued_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "issued report",
                "verbose_name_plural": "issued reports",
                "ordering": ["-period_start", "-issued_at", "-id"],
            },
        ),
        migrations.RunPython(
            lambda apps, editor: create_triggers(editor, TABLES),
            lambda apps, editor: drop_triggers(editor, TABLES),
        ),
    ]
