"""Wingman's own instrument: the Wingman needs ladder, one question per pathway, each scored on
the ladder's ten steps."""

from django.db import migrations

from wingman.assessments.choices import LADDER_DESCRIPTION, LADDER_NAME, LADDER_QUESTIONS


def create(apps, schema_editor):
    Instrument = apps.get_model("assessments", "Instrument")
    Question = apps.get_model("assessments", "Question")
    if Instrument.objects.filter(organisation__isnull=True, name=LADDER_NAME).exists():
        return
    instrument = Instrument.objects.create(
        organisation=None, name=LADDER_NAME, version=1, active=True, description=LADDER_DESCRIPTION
    )
    Question.objects.bulk_create(
        Question(
            instrument=instrument,
            position=n,
            text=text,
            help_text=hint,
            pathway=pathway,
            scale="ladder",
        )
        for n, (pathway, text, hint) in enumerate(LADDER_QUESTIONS, start=1)
    )


def remove(apps, schema_editor):
    Instrument = apps.get_model("assessments", "Instrument")
    Instrument.objects.filter(
        organisation__isnull=True, name=LADDER_NAME, assessments__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_instruments_and_assessments")]
    operations = [migrations.RunPython(create, remove)]
