"""The grade schemes' note is printed in the ITA PDF: drop the English developer note."""

from django.db import migrations

ENGLISH = " (thresholds from agencies' copies, not yet checked against the NACC manual)"


def forwards(apps, schema_editor):
    GradeScheme = apps.get_model("measures", "GradeScheme")
    for scheme in GradeScheme.objects.filter(note__contains=ENGLISH.strip()):
        scheme.note = scheme.note.replace(ENGLISH, "").replace(ENGLISH.strip(), "").strip()
        scheme.save(update_fields=["note"])


class Migration(migrations.Migration):
    dependencies = [("measures", "0003_lifecycle_versions_chains")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
