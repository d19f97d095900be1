"""The portal's roles as groups, so that a fresh database has them. Their model permissions
are granted after every migrate by portal.roles.sync_role_permissions."""

from django.db import migrations

ROLES = ["Editors", "Moderators", "Analysts", "Judges", "Awards administrators", "Brokers"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_pages"),
        ("auth", "0012_alter_user_first_name_max_length"),
        # Wagtail's own data migration creates Editors and Moderators with page permissions.
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
