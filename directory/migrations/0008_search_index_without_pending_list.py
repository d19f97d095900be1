from django.db import migrations

# PostgreSQL's GIN index keeps new entries in a "pending list" until vacuum merges them, and
# every search reads that whole list. Profiles change a few times a day and are searched all
# the time, so each change goes straight into the index instead; the pending list that bulk
# loads left behind is merged now.


def write_through(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER INDEX directory_organisation_search SET (fastupdate = off)"
        )
        schema_editor.execute("SELECT gin_clean_pending_list('directory_organisation_search')")


def pending_list(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER INDEX directory_organisation_search RESET (fastupdate)")


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0007_facet_columns_index"),
    ]

    operations = [migrations.RunPython(write_through, pending_list)]
