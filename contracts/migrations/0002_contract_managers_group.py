"""The "Contract managers" role, so that a fresh database has it; its permissions are granted
after every migrate by portal.roles.sync_role_permissions."""

from django.db import migrations


def create_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="Contract managers")


class Migration(migrations.Migration):
    dependencies = [
        ("contracts", "0001_register"),
        ("portal", "0003_roles"),
    ]

    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
