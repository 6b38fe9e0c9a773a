from django.db import migrations


class Migration(migrations.Migration):
    """The free-text ROTL dates are now `RotlPeriod` rows and `Journey.rotl_unparsed` (0004)."""

    dependencies = [("casework", "0004_rotl_dates_as_periods")]

    operations = [migrations.RemoveField(model_name="journey", name="rotl_dates")]
