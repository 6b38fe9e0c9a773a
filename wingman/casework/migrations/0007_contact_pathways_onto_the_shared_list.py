"""Contacts' pathways move onto the one shared list (`wingman.core.pathways`).

Every code the old list had is still on the new one, with the same meaning or a wider one, except
"safety", which meant "safety, threats and exploitation": the new list splits that into "Safety
and threats" and "Gang exit and exploitation", so a contact that had it now has both. A code
neither list knows is kept as it was. Going back folds "gang_exit" into "safety" and keeps the
others (the old list cannot name them, but nothing is dropped)."""

from django.db import migrations


def _rewrite(apps, change):
    Contact = apps.get_model("casework", "Contact")
    for contact in Contact.objects.exclude(pathways=[]).only("pk", "pathways").iterator():
        before = list(contact.pathways or [])
        after = change(before)
        if after != before:
            Contact.objects.filter(pk=contact.pk).update(pathways=after)


def _once(codes):
    seen = []
    for code in codes:
        if code not in seen:
            seen.append(code)
    return seen


def forwards(apps, schema_editor):
    def change(codes):
        out = []
        for code in codes:
            out.extend(["safety", "gang_exit"] if code == "safety" else [code])
        return _once(out)

    _rewrite(apps, change)


def backwards(apps, schema_editor):
    _rewrite(apps, lambda codes: _once(["safety" if c == "gang_exit" else c for c in codes]))


class Migration(migrations.Migration):
    dependencies = [("casework", "0006_journey_released_on")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
