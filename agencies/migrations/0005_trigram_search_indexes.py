# The home search's trigram indexes (issue 16): pg_trgm, then GIN indexes on UPPER(column),
# which is what Django's icontains compares. TrigramExtension and AddIndexOnPostgres do
# nothing on SQLite (the demo).

import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from core.migration_ops import AddIndexOnPostgres


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0004_notifications_and_email_preference'),
    ]

    operations = [
        TrigramExtension(),
        AddIndexOnPostgres(
            model_name='agency',
            index=django.contrib.postgres.indexes.GinIndex(django.contrib.postgres.indexes.OpClass(django.db.models.functions.text.Upper('name'), name='gin_trgm_ops'), name='agency_name_trgm'),
        ),
        AddIndexOnPostgres(
            model_name='agency',
            index=django.contrib.postgres.indexes.GinIndex(django.contrib.postgres.indexes.OpClass(django.db.models.functions.text.Upper('short_name'), name='gin_trgm_ops'), name='agency_short_name_trgm'),
        ),
        AddIndexOnPostgres(
            model_name='agency',
            index=django.contrib.postgres.indexes.GinIndex(django.contrib.postgres.indexes.OpClass(django.db.models.functions.text.Upper('district'), name='gin_trgm_ops'), name='agency_district_trgm'),
        ),
    ]
