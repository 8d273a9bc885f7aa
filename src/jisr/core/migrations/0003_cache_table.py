"""The table of the shared cache that counts rate-limited attempts (``jisr.core.cache``).

Created here so that ``jisr migrate`` is the only step a deployment needs; the
command skips a table that already exists.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_initial")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
