from django.db import migrations, models
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def fill_movement_count(apps, schema_editor):
    """Each existing account gets the number of movements it already has."""
    Account = apps.get_model("timebank", "Account")
    Movement = apps.get_model("timebank", "Movement")
    counted = (
        Movement.objects.filter(account=OuterRef("pk"))
        .order_by()
        .values("account")
        .annotate(total=Count("pk"))
        .values("total")
    )
    Account.objects.update(
        movement_count=Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))
    )


class Migration(migrations.Migration):
    dependencies = [("timebank", "0004_movement_balance_after_required")]

    operations = [
        migrations.AddField(
            model_name="account",
            name="movement_count",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(fill_movement_count, migrations.RunPython.noop),
    ]
