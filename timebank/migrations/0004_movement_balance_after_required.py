from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("timebank", "0003_movement_balance_after")]

    operations = [
        migrations.AlterField(
            model_name="movement",
            name="balance_after",
            field=models.IntegerField(),
        ),
    ]
