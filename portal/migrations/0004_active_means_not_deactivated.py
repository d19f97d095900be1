"""is_active now means only "not deactivated by an administrator"; whether the email address
is confirmed is email_verified_at alone, and sign-in needs both.

Accounts that were active without a confirmed address were made by staff (who vouch for the
address) and count as confirmed when they joined. Inactive, unconfirmed accounts from the
last three days (the life of a verification link) were waiting for their link and become
active; older ones stay as they are, since an administrator may have deactivated them.
"""

from datetime import timedelta

from django.db import migrations
from django.db.models import F
from django.utils import timezone


def forwards(apps, schema_editor):
    User = apps.get_model("portal", "User")
    User.objects.filter(is_active=True, email_verified_at=None).update(
        email_verified_at=F("date_joined")
    )
    User.objects.filter(
        is_active=False,
        email_verified_at=None,
        date_joined__gte=timezone.now() - timedelta(days=3),
    ).update(is_active=True)


class Migration(migrations.Migration):
    dependencies = [("portal", "0003_roles")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
