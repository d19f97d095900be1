from django.db import migrations, models


def fill_balance_after(apps, schema_editor):
    """Each existing movement gets its account's running balance, in statement order."""
    Movement = apps.get_model("timebank", "Movement")
    account_ids = Movement.objects.order_by().values_list("account_id", flat=True).distinct()
    for account_id in list(account_ids):
        running = 0
        changed = []
        rows = (
            Movement.objects.filter(account_id=account_id)
            .order_by("created_at", "id")
            .only("id", "minutes")
        )
        for movement in rows.iterator(chunk_size=2000):
            running += movement.minutes
            movement.balance_after = running
            changed.append(movement)
        Movement.objects.bulk_update(changed, ["balance_after"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("timebank", "0002_categories")]

    operations = [
        migrations.AddField(
            model_name="movement",
            name="balance_after",
            field=models.IntegerField(null=True),
        ),
        migrations.RunPython(fill_balance_after, migrations.RunPython.noop),
    ]
